// The one way files the policy names are read (certificates, chains, keys, trust anchors, client
// credentials, manifests): refused before reading when they could exhaust the runner.
import { open, stat } from 'node:fs/promises';
import { errorMessage } from './errors.js';

/** Why a file was not read; `code` is the errno code when the file system refused. */
export interface ReadRefusal {
  message: string;
  code?: string;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** ` (10 MiB)` for a round size, else nothing: messages name the exact byte count anyway. */
export function humanBytes(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return ` (${bytes / MIB} MiB)`;
  if (bytes >= KIB && bytes % KIB === 0) return ` (${bytes / KIB} KiB)`;
  return '';
}

/**
 * Reads `path` unless it is anything but a regular file (a FIFO would block, /dev/zero never
 * ends) or larger than `maxBytes`. `label` names the file in messages (default: the path).
 */
export async function readBoundedFile(
  path: string,
  maxBytes: number,
  label = path,
): Promise<Buffer | ReadRefusal> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { message: `cannot read ${label}: not a regular file` };
    if (info.size > maxBytes) {
      return {
        message: `${label} is ${info.size} bytes; files larger than ${maxBytes} bytes${humanBytes(maxBytes)} are not read (limits.max_file_bytes)`,
      };
    }
    const handle = await open(path, 'r');
    try {
      // At most the size seen: a file that grows meanwhile is read as it was.
      const buffer = Buffer.alloc(info.size);
      const { bytesRead } = await handle.read(buffer, 0, info.size, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      message: `cannot read ${label}: ${errorMessage(error)}`,
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
}
