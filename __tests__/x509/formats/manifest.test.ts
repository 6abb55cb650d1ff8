import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certManagerTiming } from '../../../src/x509/formats/cert-manager.js';
import { parseGoDuration } from '../../../src/x509/formats/go-duration.js';
import {
  certManagerSpec,
  objectLabels,
  parseManifest,
  secretData,
} from '../../../src/x509/formats/manifest.js';
import { expandManifestTargets } from '../../../src/x509/formats/targets.js';
import { DEFAULT_SETTINGS, type CertificateTarget } from '../../../src/policy/types.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

const MANIFEST = `# a typical kustomize output
apiVersion: v1
kind: Secret
metadata: { name: web-tls, namespace: shop }
type: kubernetes.io/tls
data:
  tls.crt: ${b64('CRT')}
  tls.key: ${b64('KEY')}
---
apiVersion: v1
kind: Secret
metadata: { name: opaque }
type: Opaque
data: { password: ${b64('x')} }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: web, namespace: shop }
spec:
  secretName: web-tls
  duration: 2160h
  renewBefore: 360h
  issuerRef: { name: letsencrypt, kind: ClusterIssuer }
---
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Secret
    metadata: { name: api-tls }
    type: kubernetes.io/tls
    stringData:
      tls.crt: PLAIN
`;

describe('parseManifest', () => {
  it('finds TLS Secrets and cert-manager Certificates in document order, Lists included', () => {
    const { objects, problems } = parseManifest(MANIFEST);
    expect(problems).toEqual([]);
    expect(objects.map(({ value: _v, ...ref }) => ref)).toEqual([
      { document: 0, kind: 'Secret', namespace: 'shop', name: 'web-tls' },
      { document: 2, kind: 'Certificate', namespace: 'shop', name: 'web' },
      { document: 4, item: 0, kind: 'Secret', namespace: 'default', name: 'api-tls' },
    ]);
    expect(secretData(objects[0]!)).toEqual({
      crt: Buffer.from('CRT'),
      key: Buffer.from('KEY'),
      problems: [],
    });
    expect(secretData(objects[2]!)).toEqual({ crt: Buffer.from('PLAIN'), problems: [] });
    expect(certManagerSpec(objects[1]!)).toEqual({
      duration: '2160h',
      renewBefore: '360h',
      secretName: 'web-tls',
      issuer: 'ClusterIssuer/letsencrypt',
    });
  });

  it('reports YAML errors per document and bad base64', () => {
    const { objects, problems } = parseManifest(
      `kind: Secret\ntype: kubernetes.io/tls\nmetadata: {name: a}\ndata: {tls.crt: "!!notbase64"}\n---\nkey: [unclosed\n`,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^YAML document 2: /);
    expect(secretData(objects[0]!).problems).toEqual(['data.tls.crt is not base64']);
  });

  it('labels stay unique when a Secret and a Certificate share a name', () => {
    const ref = (kind: 'Secret' | 'Certificate', document: number) => ({
      kind,
      document,
      namespace: 'default',
      name: 'web',
    });
    expect(objectLabels([ref('Secret', 0), ref('Certificate', 1), ref('Certificate', 2)])).toEqual([
      'default/web (Secret)',
      'default/web (Certificate) [document 2]',
      'default/web (Certificate) [document 3]',
    ]);
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['2160h', 2160 * 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['0', 0],
    ['-5m', -300_000],
    ['300ms', 300],
    ['1µs', 0.001],
  ])('%s', (text, ms) => expect(parseGoDuration(text)).toEqual({ ms }));

  it.each([
    ['90d', /no days or weeks, use hours \(90 days = 2160h\)/],
    ['2160', /expected a number followed by a unit/],
    ['h', /expected a number followed by a unit/],
    ['', /empty/],
    ['5 h', /unknown unit " h"/],
  ])('rejects %j', (text, error) => {
    expect(parseGoDuration(text)).toEqual({ error: expect.stringMatching(error) });
  });
});

describe('certManagerTiming', () => {
  it("applies cert-manager's defaults: 2160h, renewing at a third", () => {
    expect(certManagerTiming({})).toEqual({
      durationMs: 90 * 86_400_000,
      durationText: "2160h (90 days, cert-manager's default)",
      renewBeforeMs: 30 * 86_400_000,
      renewBeforeText: "a third of the duration (30 days, cert-manager's default)",
      problems: [],
    });
  });

  it('renewBeforePercentage is a share of the duration', () => {
    const timing = certManagerTiming({ duration: '240h', renewBeforePercentage: 25 });
    expect(timing.renewBeforeMs).toBe(60 * 3_600_000);
    expect(timing.renewBeforeText).toBe('25% of the duration (2.5 days)');
  });

  it('collects what cert-manager would reject', () => {
    expect(
      certManagerTiming({ duration: '90d', renewBefore: '1m', renewBeforePercentage: 200 })
        .problems,
    ).toEqual([
      'spec.duration "90d" is not a Go duration: unknown unit "d": Go durations have no days or weeks, use hours (90 days = 2160h)',
      'spec.renewBefore and spec.renewBeforePercentage are mutually exclusive',
      "spec.renewBefore 1m is below cert-manager's minimum of 5m",
    ]);
    expect(certManagerTiming({ duration: 2160 }).problems).toEqual([
      'spec.duration must be a Go duration string such as "2160h", not 2160',
    ]);
    expect(certManagerTiming({ duration: '30m' }).problems).toEqual([
      "spec.duration 30m is below cert-manager's minimum of 1h",
    ]);
    expect(certManagerTiming({ renewBeforePercentage: 100 }).problems).toEqual([
      'spec.renewBeforePercentage must be an integer between 1 and 99, not 100',
    ]);
  });
});

describe('expandManifestTargets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tls-gate-manifest-'));
  const target = (name: string): CertificateTarget => ({
    type: 'file',
    name,
    path: join(dir, name),
    usage: 'server',
    source: { file: 'policy.yml', line: 3, column: 5 },
    settings: DEFAULT_SETTINGS,
  });

  it('one target per object, named path#namespace/name; other files untouched', async () => {
    writeFileSync(join(dir, 'k8s.yaml'), MANIFEST);
    writeFileSync(join(dir, 'empty.yml'), 'kind: ConfigMap\n');
    writeFileSync(join(dir, 'tls.pem'), '');
    const expanded = await expandManifestTargets([
      target('tls.pem'),
      target('k8s.yaml'),
      target('empty.yml'),
      target('missing.yaml'),
    ]);
    expect(expanded.map((t) => [t.name, t.manifestObject?.kind])).toEqual([
      ['tls.pem', undefined],
      ['k8s.yaml#shop/web-tls', 'Secret'],
      ['k8s.yaml#shop/web', 'Certificate'],
      ['k8s.yaml#default/api-tls', 'Secret'],
      ['empty.yml', undefined],
      ['missing.yaml', undefined],
    ]);
    expect(expanded[3]).toMatchObject({
      path: join(dir, 'k8s.yaml'),
      source: { line: 3 },
      manifestObject: { document: 4, item: 0, namespace: 'default', name: 'api-tls' },
    });
  });
});
