import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { FIXTURE_NOW, issueCertificate, makeChain } from '../helpers/pki.js';
import { analyzeChain } from '../../src/x509/chain.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { certificateIndexFields } from '../../src/x509/der.js';
import {
  BUNDLED_ROOTS,
  bundledTrustStore,
  findAnchor,
  findIssuerCandidates,
  loadTrustFile,
} from '../../src/x509/roots.js';
import { MOZILLA_ROOTS } from '../../src/x509/roots/mozilla-roots.generated.js';
import type { TrustStore } from '../../src/x509/types.js';

const origin = { kind: 'file', name: 't', index: 0 } as const;
const dir = mkdtempSync(join(tmpdir(), 'tls-gate-roots-'));

describe('bundled Mozilla roots', () => {
  it('records where the bundle came from and matches its pinned digest', () => {
    expect(BUNDLED_ROOTS.count).toBe(MOZILLA_ROOTS.length);
    expect(BUNDLED_ROOTS.count).toBeGreaterThan(100);
    expect(BUNDLED_ROOTS.source).toMatch(/Mozilla/);
    expect(BUNDLED_ROOTS.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const digest = createHash('sha256');
    for (const root of MOZILLA_ROOTS) digest.update(Buffer.from(root, 'base64'));
    expect(digest.digest('hex')).toBe(BUNDLED_ROOTS.sha256);
  });

  it('is one cached store labelled with date and count', () => {
    const store = bundledTrustStore();
    expect(bundledTrustStore()).toBe(store);
    expect(store.source).toBe('bundled');
    expect(store.label).toBe(`Mozilla roots ${BUNDLED_ROOTS.date} (${BUNDLED_ROOTS.count})`);
  });

  it('finds a root as the issuer candidate of itself and of a certificate it issued', () => {
    const store = bundledTrustStore();
    const der = Buffer.from(MOZILLA_ROOTS[10] as string, 'base64');
    const root = parseCertificate(der, origin);
    const candidates = findIssuerCandidates(store, root);
    expect(candidates.map((c) => c.facts.sha256)).toContain(root.facts.sha256);
    expect(candidates[0]?.origin.kind).toBe('bundle');
    expect(findAnchor(store, root)?.facts.sha256).toBe(root.facts.sha256);
    const stranger = makeChain().root;
    expect(findIssuerCandidates(store, parseCertificate(stranger.der, origin))).toEqual([]);
    expect(findAnchor(store, parseCertificate(stranger.der, origin))).toBeUndefined();
  });

  it('parses every bundled root', () => {
    const anchors = bundledTrustStore().anchors;
    expect(anchors).toHaveLength(BUNDLED_ROOTS.count);
    expect(anchors.every((a) => a.facts.basicConstraints?.ca !== false)).toBe(true);
  });
});

describe('issuer candidates in a policy store', () => {
  it('matches by issuer name and by key identifier', () => {
    const chain = makeChain({ name: 'Cand' });
    const rootCert = parseCertificate(chain.root.der, origin);
    const store: TrustStore = { source: 'policy', label: 'p', anchors: [rootCert] };
    const intermediate = parseCertificate(chain.intermediate.der, origin);
    expect(findIssuerCandidates(store, intermediate)).toEqual([rootCert]);
    // Renamed issuer, same key identifier: still a candidate (cross-signs, re-issued roots).
    const renamed = issueCertificate({
      subject: 'CN=renamed',
      issuer: chain.root,
      issuerName: 'CN=Other name',
    });
    expect(findIssuerCandidates(store, parseCertificate(renamed.der, origin))).toEqual([rootCert]);
    const unrelated = parseCertificate(makeChain({ name: 'Other', slot: 7 }).leaf.der, origin);
    expect(findIssuerCandidates(store, unrelated)).toEqual([]);
  });
});

describe('BER-encoded anchors', () => {
  it('are indexed through pkijs when the DER reader cannot read them', () => {
    const chain = makeChain({ name: 'Ber' });
    // Indefinite outer length: valid BER, which only the pkijs route reads.
    const der = chain.root.der;
    const header = der[1] === 0x82 ? 4 : 3;
    const ber = Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(header), Buffer.alloc(2)]);
    const root = parseCertificate(ber, origin);
    expect(root.facts.subjectCommonName).toBe('Ber Root CA');
    const store: TrustStore = { source: 'policy', label: 'ber', anchors: [root] };
    const intermediate = parseCertificate(chain.intermediate.der, origin);
    expect(findIssuerCandidates(store, intermediate)).toEqual([root]);
    expect(findAnchor(store, root)).toBe(root);
  });

  it('do not break path building, which rejects them as not DER', async () => {
    const chain = makeChain({ name: 'BerPath' });
    const der = chain.root.der;
    const header = der[1] === 0x82 ? 4 : 3;
    const ber = Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(header), Buffer.alloc(2)]);
    const analysis = await analyzeChain({
      presented: [chain.leaf, chain.intermediate].map((c) => parseCertificate(c.der, origin)),
      extra: [],
      trust: { source: 'policy', label: 'ber', anchors: [parseCertificate(ber, origin)] },
      now: FIXTURE_NOW,
      usage: 'server',
    });
    expect(analysis.valid).toBe(false);
  });
});

describe('certificateIndexFields', () => {
  it('reads subject and SKI like the full parser', () => {
    for (const cert of [
      makeChain().intermediate,
      issueCertificate({ subject: 'CN=v1', version: 1 }),
    ]) {
      const parsed = parseCertificate(cert.der, origin);
      const fields = certificateIndexFields(cert.der);
      expect(
        Buffer.from(fields.subject).equals(Buffer.from(parsed.pkijs.subject.valueBeforeDecode)),
      ).toBe(true);
      expect(fields.subjectKeyIdentifier).toBe(parsed.facts.subjectKeyIdentifier);
    }
    expect(() => certificateIndexFields(makeChain().leaf.der.subarray(0, 40))).toThrow(/truncated/);
  });
});

describe('loadTrustFile', () => {
  it('reads the anchors of a PEM file', async () => {
    const chain = makeChain({ name: 'Load' });
    const path = join(dir, 'root.pem');
    writeFileSync(path, chain.trustPem);
    const store = await loadTrustFile(path);
    expect(store).toEqual(expect.objectContaining({ source: 'policy', label: path, problems: [] }));
    expect(store.anchors.map((a) => a.facts.subjectCommonName)).toEqual(['Load Root CA']);
  });

  it('gives the same store for an unchanged file and a fresh one once it changes', async () => {
    const path = join(dir, 'shared.pem');
    writeFileSync(path, makeChain({ name: 'SharedA' }).trustPem);
    const first = await loadTrustFile(path);
    expect(await loadTrustFile(path)).toBe(first);
    writeFileSync(path, makeChain({ name: 'SharedB', slot: 5 }).trustPem);
    const changed = await loadTrustFile(path);
    expect(changed).not.toBe(first);
    expect(changed.anchors.map((a) => a.facts.subjectCommonName)).toEqual(['SharedB Root CA']);
  });

  it('returns problems instead of throwing for a missing, empty or broken file', async () => {
    const missing = await loadTrustFile(join(dir, 'missing.pem'));
    expect(missing.anchors).toEqual([]);
    expect(missing.problems[0]?.message).toMatch(/^cannot read .*missing\.pem: .*ENOENT/);
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, '');
    expect((await loadTrustFile(empty)).problems).toEqual([
      { code: 'no-certificate', message: `no certificate in ${empty}: the file is empty` },
    ]);
  });
});
