// A policy entry naming a Kubernetes manifest becomes one target per TLS Secret / cert-manager
// Certificate in it (contract §2: `path#namespace/name`), in file order, so each object gets its
// own verdict, suppressions and shard. Files that do not parse or hold no such object stay one
// target: collecting it reports why.
import { readFile } from 'node:fs/promises';
import type { CertificateTarget } from '../../policy/types.js';
import { MANIFEST_EXTENSIONS, objectLabels, parseManifest } from './manifest.js';

export async function expandManifestTargets(
  targets: readonly CertificateTarget[],
): Promise<CertificateTarget[]> {
  const expanded: CertificateTarget[] = [];
  for (const target of targets) {
    if (!MANIFEST_EXTENSIONS.test(target.path) || target.manifestObject) {
      expanded.push(target);
      continue;
    }
    let text: string;
    try {
      text = await readFile(target.path, 'utf8');
    } catch {
      expanded.push(target);
      continue;
    }
    const { objects } = parseManifest(text);
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
