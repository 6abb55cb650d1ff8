// A manifest listed in a policy: the loader expands it, the gate reports each object by name.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGate } from '../../../src/gate.js';
import { silentLogger } from '../../../src/logger.js';
import { loadPolicy } from '../../../src/policy/load.js';
import { FIXTURE_NOW } from '../../helpers/pki.js';
import { fixture } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'tls-gate-policy-formats-'));
mkdirSync(join(dir, 'k8s'));
mkdirSync(join(dir, 'certs'));
writeFileSync(join(dir, 'certs', 'root.pem'), fixture('root.pem'));
writeFileSync(join(dir, 'certs', 'app.p12'), fixture('aes.p12'));
const b64 = (bytes: Buffer) => bytes.toString('base64');
writeFileSync(
  join(dir, 'k8s', 'tls.yaml'),
  `apiVersion: v1
kind: Secret
metadata: { name: web-tls, namespace: shop }
type: kubernetes.io/tls
data:
  tls.crt: ${b64(Buffer.concat([fixture('leaf.pem'), fixture('intermediate.pem')]))}
  tls.key: ${b64(fixture('rsa-leaf.key'))}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: web, namespace: shop }
spec: { secretName: web-tls, duration: 90d }
`,
);
writeFileSync(
  join(dir, 'tls-gate.yml'),
  `version: 1
certificates:
  - path: k8s/*.yaml
    trust: certs/root.pem
  - path: certs/app.p12
    password_env: APP_P12_PASSWORD
    trust: certs/root.pem
`,
);

it('one report target per manifest object, each with its own findings', async () => {
  const policy = await loadPolicy(join(dir, 'tls-gate.yml'));
  expect(policy.targets.map((t) => [t.name, t.source.line])).toEqual([
    ['k8s/tls.yaml#shop/web-tls', 3],
    ['k8s/tls.yaml#shop/web', 3],
    ['certs/app.p12', 5],
  ]);
  process.env.APP_P12_PASSWORD = 'correct horse';
  try {
    const report = await runGate(policy, { now: FIXTURE_NOW, logger: silentLogger });
    const findings = Object.fromEntries(
      report.targets.map((t) => [t.name, t.findings.map((f) => f.rule)]),
    );
    expect(findings).toEqual({
      'k8s/tls.yaml#shop/web-tls': ['key.mismatch', 'file.private-key-present'],
      'k8s/tls.yaml#shop/web': ['expiry.cert-manager-invalid-duration'],
      'certs/app.p12': [],
    });
    expect(report.targets[0]?.facts.leaf?.subject).toBe('CN=formats.example.test');
  } finally {
    delete process.env.APP_P12_PASSWORD;
  }
});
