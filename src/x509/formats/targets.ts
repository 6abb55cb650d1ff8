// A policy entry naming a Kubernetes manifest becomes one target per TLS Secret / cert-manager
// Certificate in it (contract §2: `path#namespace/name`), in file order, so each object gets its
// own verdict, suppressions and shard. Files that do not parse or hold no such object stay one
// target: collecting it reports why.
import { readBoundedFile } from '../../bounded-read.js';
import type { CertificateTarget } from '../../policy/types.js';
import { MAX_FILE_BYTES } from '../decode.js';
import { MANIFEST_EXTENSIONS, objectLabels, parseManifest } from './manifest.js';

/** Manifests above `maxBytes` (`limits.max_file_bytes`) stay one target, reported when collected. */
export async function expandManifestTargets(
  targets: readonly CertificateTarget[],
  maxBytes = MAX_FILE_BYTES,
): Promise<CertificateTarget[]> {
  const expanded: CertificateTarget[] = [];
  for (const target of targets) {
    if (!MANIFEST_EXTENSIONS.test(target.path) || target.manifestObject) {
      expanded.push(target);
      continue;
    }
    const bytes = await readBoundedFile(target.path, maxBytes);
    if (!(bytes instanceof Uint8Array)) {
      expanded.push(target);
      continue;
    }
    const { objects } = parseManifest(bytes.toString('utf8'));
    if (objects.length === 0) {
      expanded.push(target);
      continue;
    }
    const labels = objectLabels(objects);
    objects.forEach(({ value: _value, ...ref }, i) => {
      expanded.push({ ...target, name: `${target.name}#${labels[i]}`, manifestObject: ref });
    });
  }
  return expanded;
}
