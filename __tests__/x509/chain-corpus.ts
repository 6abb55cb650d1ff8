// The chain corpus: adversarial and ordinary chains built from the shared factory, each with the
// codes analyzeChain must report. Built in-process (keys cached per slot), so every case is
// readable next to its expectation and no committed PEM can drift from the factory.
import { constants, sign } from 'node:crypto';
import * as pkijs from 'pkijs';
import {
  FIXTURE_NOW,
  generateKey,
  issueCertificate,
  makeChain,
  pem,
  type CertSpec,
  type IssuedCert,
  type KeyPair,
  type KeySpec,
} from '../helpers/pki.js';
import type { Case } from './chain-support.js';

const DAY = 86_400_000;
export const PAST = {
  notBefore: new Date(FIXTURE_NOW.getTime() - 400 * DAY),
  notAfter: new Date(FIXTURE_NOW.getTime() - 30 * DAY),
};

/**
 * Validity of every corpus certificate that does not set its own: fixed (not around today), so
 * the committed copy (scripts/gen-chain-corpus.ts) is the same bytes whenever it is regenerated.
 */
export const CORPUS_VALIDITY = {
  notBefore: new Date(FIXTURE_NOW.getTime() - 90 * DAY),
  notAfter: new Date(FIXTURE_NOW.getTime() + 275 * DAY),
};

export interface CorpusOptions {
  /**
   * The key for each (spec, slot) the corpus asks for; default the factory's cached random keys.
   * The committed copy passes fixed keys, and deterministic signers where ECDSA would be random.
   */
  key?: (spec: KeySpec, slot?: number) => KeyPair;
}

export interface CorpusCase extends Case {
  name: string;
  valid: boolean;
  /** Every code in problems + warnings + presentation, sorted. */
  codes: string[];
}

function der(tag: number, content: Uint8Array): Buffer {
  const len = content.length;
  const head = len < 0x80 ? [len] : len < 0x100 ? [0x81, len] : [0x82, len >> 8, len & 0xff];
  return Buffer.concat([Buffer.from([tag, ...head]), content]);
}

/** Re-signs edited TBS bytes; the outer algorithm is copied from the TBS (after serial). */
export function resign(
  cert: IssuedCert,
  edit: (tbs: Buffer) => Buffer,
  signer: KeyPair,
  options: { pss?: boolean; hash?: string } = {},
): IssuedCert {
  const parsed = pkijs.Certificate.fromBER(new Uint8Array(cert.der).buffer);
  const tbs = edit(Buffer.from(parsed.tbsView));
  const sigAlg = Buffer.from(parsed.signatureAlgorithm.toSchema().toBER(false));
  // EdDSA takes no separate digest.
  const eddsa = signer.spec.type === 'ed25519' || signer.spec.type === 'ed448';
  const signature = options.pss
    ? sign(options.hash ?? 'sha256', tbs, {
        key: signer.privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      })
    : sign(eddsa ? null : (options.hash ?? 'sha256'), tbs, signer.privateKey);
  const body = Buffer.concat([
    tbs,
    sigAlg,
    der(0x03, Buffer.concat([Buffer.from([0]), signature])),
  ]);
  const out = der(0x30, body);
  return { ...cert, der: out, pem: pem(out) };
}

function pssAlgorithm(): pkijs.AlgorithmIdentifier {
  const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1' });
  const params = new pkijs.RSASSAPSSParams({
    hashAlgorithm: sha256,
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: '1.2.840.113549.1.1.8',
      algorithmParams: sha256.toSchema(),
    }),
    saltLength: 32,
  });
  return new pkijs.AlgorithmIdentifier({
    algorithmId: '1.2.840.113549.1.1.10',
    algorithmParams: params.toSchema(),
  });
}

/** Replace the first occurrence of `from` in the TBS. */
function patch(from: number[], to: number[]) {
  return (tbs: Buffer) => {
    const at = tbs.indexOf(Buffer.from(from));
    if (at < 0) throw new Error('patch target not found');
    const out = Buffer.from(tbs);
    Buffer.from(to).copy(out, at);
    return out;
  };
}

export function buildCorpus(options: CorpusOptions = {}): CorpusCase[] {
  const key = options.key ?? generateKey;
  // Every certificate gets the corpus validity unless it sets its own, and a key from `key`: by
  // default the baseline leaf's (slot 2), never the Corpus root's, so no leaf verifies a CA.
  const issue = (spec: CertSpec): IssuedCert =>
    issueCertificate({ ...CORPUS_VALIDITY, ...spec, key: spec.key ?? key({ type: 'ec' }, 2) });
  const chain = (name: string, slot: number) => {
    const keyed = (n: number) => ({ ...CORPUS_VALIDITY, key: key({ type: 'ec' }, slot * 3 + n) });
    return makeChain({ name, slot, root: keyed(0), intermediate: keyed(1), leaf: keyed(2) });
  };
  const { root, intermediate: int, leaf } = chain('Corpus', 0);
  const otherRoot = chain('Other', 1).root;
  const under = (spec: Partial<CertSpec>, issuer: IssuedCert = int): IssuedCert =>
    issue({ subject: 'CN=localhost', sans: { dns: ['localhost'] }, issuer, ...spec });
  const intermediateWith = (spec: Partial<CertSpec>, slot = 1): IssuedCert =>
    issue({
      subject: 'CN=Corpus Intermediate CA,O=tls-gate tests',
      key: key({ type: 'ec' }, 30 + slot),
      issuer: root,
      ca: true,
      ...spec,
    });
  const cases: CorpusCase[] = [];
  const add = (c: CorpusCase) => cases.push(c);
  const ok = (name: string, c: Case, codes: string[] = []) =>
    add({ name, ...c, valid: true, codes });
  const bad = (name: string, c: Case, codes: string[]) => add({ name, ...c, valid: false, codes });

  ok('baseline leaf + intermediate', { presented: [leaf, int], trust: [root] });

  // incomplete
  bad('incomplete: leaf only', { presented: [leaf], trust: [root] }, ['incomplete']);
  ok('incomplete passes: intermediate in the chain file', {
    presented: [leaf],
    extra: [int],
    trust: [root],
  });

  // untrusted-root
  bad(
    'untrusted-root: own root sent, not trusted',
    { presented: [leaf, int, root], trust: [otherRoot] },
    ['untrusted-root'],
  );
  ok(
    'untrusted-root passes: the same root trusted (root-sent notice)',
    { presented: [leaf, int, root], trust: [root] },
    ['root-sent'],
  );

  // self-signed-leaf
  const selfSigned = issue({ subject: 'CN=localhost', sans: { dns: ['localhost'] } });
  bad('self-signed-leaf', { presented: [selfSigned], trust: [root] }, ['self-signed-leaf']);
  ok('self-signed-leaf passes: trusted directly', { presented: [selfSigned], trust: [selfSigned] });

  // bad-signature
  bad(
    'bad-signature on the leaf',
    { presented: [under({ corruptSignature: true }), int], trust: [root] },
    ['bad-signature'],
  );
  const forged = issue({
    subject: 'CN=Corpus Intermediate CA,O=tls-gate tests',
    key: key({ type: 'ec' }, 31),
    issuer: otherRoot,
    issuerName: 'CN=Corpus Root CA,O=tls-gate tests',
    ca: true,
  });
  bad(
    'bad-signature: intermediate claims the root but another key signed it',
    { presented: [under({}, forged), forged], trust: [root] },
    ['bad-signature'],
  );

  // expired (not presented) and validity in general
  const expiredInt = intermediateWith({ ...PAST });
  bad(
    'expired: chain-file intermediate',
    { presented: [under({}, expiredInt)], extra: [expiredInt], trust: [root] },
    ['expired'],
  );
  const validInt = intermediateWith({});
  ok('expired passes: chain-file intermediate current', {
    presented: [under({}, validInt)],
    extra: [validInt],
    trust: [root],
  });
  const oldRoot = issue({
    subject: 'CN=Old Root,O=tls-gate tests',
    key: key({ type: 'ec' }, 40),
    ca: true,
    ...PAST,
  });
  const oldInt = issue({
    subject: 'CN=Old Int,O=tls-gate tests',
    key: key({ type: 'ec' }, 41),
    issuer: oldRoot,
    ca: true,
  });
  bad(
    'expired: trust anchor (Go and pyca check it)',
    { presented: [under({}, oldInt), oldInt], trust: [oldRoot] },
    ['expired'],
  );
  const notYet = intermediateWith({
    notBefore: new Date(FIXTURE_NOW.getTime() + 10 * DAY),
    notAfter: new Date(FIXTURE_NOW.getTime() + 400 * DAY),
  });
  bad(
    'expired: presented intermediate not yet valid',
    { presented: [under({}, notYet), notYet], trust: [root] },
    ['expired'],
  );

  // not-a-ca
  const notCa = intermediateWith({ ca: false, keyUsage: ['digitalSignature', 'keyCertSign'] });
  bad('not-a-ca: cA=FALSE intermediate', { presented: [under({}, notCa), notCa], trust: [root] }, [
    'not-a-ca',
  ]);
  const v1 = intermediateWith({ version: 1 });
  bad('not-a-ca: v1 intermediate', { presented: [under({}, v1), v1], trust: [root] }, ['not-a-ca']);
  const v1Root = issue({
    subject: 'CN=V1 Root',
    key: key({ type: 'ec' }, 42),
    version: 1,
  });
  const v1RootInt = issue({
    subject: 'CN=V1 Int',
    key: key({ type: 'ec' }, 43),
    issuer: v1Root,
    ca: true,
  });
  ok('v1 trust anchor is fine (trusted as name + key)', {
    presented: [under({}, v1RootInt), v1RootInt],
    trust: [v1Root],
  });

  // path-length
  const sub = (issuer: IssuedCert, slot: number, spec: Partial<CertSpec> = {}) =>
    issue({
      subject: `CN=Sub CA ${slot}`,
      key: key({ type: 'ec' }, 50 + slot),
      issuer,
      ca: true,
      ...spec,
    });
  const sub0 = sub(int, 0); // int has pathLength 0
  bad(
    'path-length: pathLen 0 CA issued a CA',
    { presented: [under({}, sub0), sub0, int], trust: [root] },
    ['path-length'],
  );
  const int1 = intermediateWith({ pathLength: 1 }, 2);
  const sub1 = sub(int1, 1);
  ok('path-length passes: pathLen 1', { presented: [under({}, sub1), sub1, int1], trust: [root] });
  const pl0Root = issue({
    subject: 'CN=PL0 Root',
    key: key({ type: 'ec' }, 44),
    ca: true,
    pathLength: 0,
  });
  const pl0Int = issue({
    subject: 'CN=PL0 Int',
    key: key({ type: 'ec' }, 45),
    issuer: pl0Root,
    ca: true,
  });
  bad(
    'path-length: the anchor constraint applies',
    { presented: [under({}, pl0Int), pl0Int], trust: [pl0Root] },
    ['path-length'],
  );

  // key-usage
  const noCertSign = intermediateWith({ keyUsage: ['digitalSignature', 'cRLSign'] }, 3);
  bad(
    'key-usage: issuer without keyCertSign',
    { presented: [under({}, noCertSign), noCertSign], trust: [root] },
    ['key-usage'],
  );
  bad(
    'key-usage: ECDSA leaf with keyEncipherment only',
    { presented: [under({ keyUsage: ['keyEncipherment'] }), int], trust: [root] },
    ['key-usage'],
  );
  const rsaKey = key({ type: 'rsa' }, 0);
  ok('key-usage passes: RSA server leaf with keyEncipherment only', {
    presented: [under({ key: rsaKey, keyUsage: ['keyEncipherment'] }), int],
    trust: [root],
  });
  bad(
    'key-usage: RSA client leaf with keyEncipherment only',
    {
      presented: [
        under({ key: rsaKey, keyUsage: ['keyEncipherment'], extKeyUsage: ['clientAuth'] }),
        int,
      ],
      trust: [root],
      usage: 'client',
    },
    ['key-usage'],
  );

  // eku
  bad(
    'eku: clientAuth-only leaf used as server',
    { presented: [under({ extKeyUsage: ['clientAuth'] }), int], trust: [root] },
    ['eku'],
  );
  ok('eku passes: clientAuth leaf used as client', {
    presented: [under({ extKeyUsage: ['clientAuth'] }), int],
    trust: [root],
    usage: 'client',
  });
  ok('eku passes: no EKU on the leaf (RFC 5280, Go)', {
    presented: [under({ extKeyUsage: [] }), int],
    trust: [root],
  });
  bad(
    'eku: anyExtendedKeyUsage without serverAuth on the leaf (CA/B BR, OpenSSL, pyca)',
    { presented: [under({ extKeyUsage: ['anyExtendedKeyUsage'] }), int], trust: [root] },
    ['eku'],
  );
  ok('eku passes: anyExtendedKeyUsage beside serverAuth on the leaf', {
    presented: [under({ extKeyUsage: ['serverAuth', 'anyExtendedKeyUsage'] }), int],
    trust: [root],
  });
  const emailInt = intermediateWith({ extKeyUsage: ['emailProtection', 'clientAuth'] }, 4);
  bad(
    'eku: intermediate EKU excludes serverAuth (nested EKU)',
    { presented: [under({}, emailInt), emailInt], trust: [root] },
    ['eku'],
  );
  const serverInt = intermediateWith({ extKeyUsage: ['serverAuth'] }, 5);
  ok('eku passes: intermediate EKU serverAuth', {
    presented: [under({}, serverInt), serverInt],
    trust: [root],
  });

  // name-constraints
  const ncInt = intermediateWith(
    {
      nameConstraints: {
        permitted: { dns: ['example.com'], ip: ['10.0.0.0/8'] },
        excluded: { dns: ['bad.example.com'], email: ['example.net'] },
      },
    },
    6,
  );
  const ncLeaf = (sans: CertSpec['sans'], subject = 'CN=www.example.com') =>
    under({ subject, sans }, ncInt);
  bad(
    'name-constraints: DNS outside permitted',
    { presented: [ncLeaf({ dns: ['localhost'] }, 'CN=x'), ncInt], trust: [root] },
    ['name-constraints'],
  );
  bad(
    'name-constraints: DNS in excluded subtree',
    { presented: [ncLeaf({ dns: ['a.bad.example.com'] }), ncInt], trust: [root] },
    ['name-constraints'],
  );
  bad(
    'name-constraints: IP outside permitted',
    {
      presented: [ncLeaf({ dns: ['www.example.com'], ip: ['192.168.1.1'] }), ncInt],
      trust: [root],
    },
    ['name-constraints'],
  );
  bad(
    'name-constraints: excluded email',
    {
      presented: [ncLeaf({ dns: ['www.example.com'], email: ['a@example.net'] }), ncInt],
      trust: [root],
    },
    ['name-constraints'],
  );
  bad(
    'name-constraints: host-like CN without DNS SANs',
    { presented: [ncLeaf({ ip: ['10.1.2.3'] }, 'CN=evil.test'), ncInt], trust: [root] },
    ['name-constraints'],
  );
  ok('name-constraints pass: permitted DNS and IP', {
    presented: [ncLeaf({ dns: ['www.example.com', 'example.com'], ip: ['10.1.2.3'] }), ncInt],
    trust: [root],
  });
  const uriInt = intermediateWith({ nameConstraints: { permitted: { uri: ['.example.com'] } } }, 7);
  bad(
    'name-constraints: URI host outside permitted',
    {
      presented: [
        under(
          { subject: 'CN=x', sans: { dns: ['localhost'], uri: ['https://evil.test/x'] } },
          uriInt,
        ),
        uriInt,
      ],
      trust: [root],
    },
    ['name-constraints'],
  );
  ok('name-constraints pass: URI host inside', {
    presented: [
      under(
        { subject: 'CN=x', sans: { dns: ['localhost'], uri: ['https://a.example.com/x'] } },
        uriInt,
      ),
      uriInt,
    ],
    trust: [root],
  });
  const ncRoot = issue({
    subject: 'CN=NC Root',
    key: key({ type: 'ec' }, 46),
    ca: true,
    nameConstraints: { permitted: { dns: ['corp.test'] } },
  });
  const ncRootInt = issue({
    subject: 'CN=NC Root Int',
    key: key({ type: 'ec' }, 47),
    issuer: ncRoot,
    ca: true,
  });
  bad(
    'name-constraints: constraints on the anchor apply',
    { presented: [under({}, ncRootInt), ncRootInt], trust: [ncRoot] },
    ['name-constraints'],
  );
  ok('name-constraints pass: anchor constraints satisfied', {
    presented: [
      under({ subject: 'CN=a.corp.test', sans: { dns: ['a.corp.test'] } }, ncRootInt),
      ncRootInt,
    ],
    trust: [ncRoot],
  });

  // unknown-critical-extension / duplicate-extension
  const unknown = { oid: '1.3.6.1.4.1.99999.1', value: new Uint8Array([0x05, 0x00]) };
  bad(
    'unknown-critical-extension on the leaf',
    {
      presented: [under({ extraExtensions: [{ ...unknown, critical: true }] }), int],
      trust: [root],
    },
    ['unknown-critical-extension'],
  );
  ok('unknown extension passes when non-critical', {
    presented: [under({ extraExtensions: [{ ...unknown, critical: false }] }), int],
    trust: [root],
  });
  bad(
    'duplicate-extension',
    { presented: [under({ duplicateExtensions: ['2.5.29.15'] }), int], trust: [root] },
    ['duplicate-extension'],
  );

  // malformed
  bad(
    'malformed: negative serial',
    { presented: [under({ serial: 'ff01' }), int], trust: [root] },
    ['malformed'],
  );
  bad(
    'malformed: 21-octet serial without a leading zero',
    { presented: [under({ serial: '7f' + '01'.repeat(20) }), int], trust: [root] },
    ['malformed'],
  );
  ok('malformed passes: 20-octet serial, and 21 with a sign octet (pyca)', {
    presented: [under({ serial: '00' + 'ff'.repeat(20) }), int],
    trust: [root],
  });
  const mismatch = under({
    mutate: (c) => {
      c.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.10045.4.3.3' });
    },
  });
  bad(
    'malformed: outer and TBS signature algorithms differ',
    { presented: [mismatch, int], trust: [root] },
    ['bad-signature', 'malformed'],
  );
  const berBoolean = resign(under({}), patch([0x01, 0x01, 0xff], [0x01, 0x01, 0x01]), int.key);
  bad(
    'malformed: BOOLEAN TRUE encoded as 01 (BER, not DER)',
    { presented: [berBoolean, int], trust: [root] },
    ['malformed'],
  );
  ok('malformed passes: the same certificate re-signed unchanged', {
    presented: [resign(under({}), (t) => t, int.key), int],
    trust: [root],
  });

  // leaf-is-ca (warning only)
  ok('leaf-is-ca is a warning', { presented: [under({ ca: true }), int], trust: [root] }, [
    'leaf-is-ca',
  ]);

  // presentation
  const deepInt = sub(int1, 2);
  const deepLeaf = under({}, deepInt);
  ok(
    'wrong-order: intermediates reversed',
    { presented: [deepLeaf, int1, deepInt], trust: [root] },
    ['wrong-order'],
  );
  ok('wrong-order passes: issuing order', { presented: [deepLeaf, deepInt, int1], trust: [root] });
  ok('wrong-order: CA first, leaf later', { presented: [int, leaf], trust: [root] }, [
    'leaf-is-ca',
    'wrong-order',
  ]);
  ok(
    'extra-certificates: unrelated certificate sent',
    { presented: [leaf, int, otherRoot], trust: [root] },
    ['extra-certificates'],
  );

  // cross-signing and alternate paths
  const crossKey = key({ type: 'ec' }, 60);
  const xOld = issue({
    subject: 'CN=Cross Int',
    key: crossKey,
    issuer: oldRoot,
    ca: true,
  }); // oldRoot is expired
  const xNew = issue({ subject: 'CN=Cross Int', key: crossKey, issuer: root, ca: true });
  const xLeaf = under({}, xOld);
  ok('cross-signed: expired-root path skipped, valid path chosen', {
    presented: [xLeaf, xOld, xNew],
    trust: [oldRoot, root],
  });
  ok('cross-signed: alternate issuer only in the chain file', {
    presented: [xLeaf, xOld],
    extra: [xNew],
    trust: [oldRoot, root],
  });
  bad(
    'cross-signed: only the expired path exists',
    { presented: [xLeaf, xOld], trust: [oldRoot, root] },
    ['expired'],
  );
  // Let's Encrypt shape: the served cross-sign of the new root equals the anchor (name + key).
  const newRootKey = key({ type: 'ec' }, 61);
  const newRoot = issue({ subject: 'CN=New Root', key: newRootKey, ca: true });
  const newRootCross = issue({
    subject: 'CN=New Root',
    key: newRootKey,
    issuer: oldRoot,
    ca: true,
  });
  const leInt = issue({
    subject: 'CN=LE Int',
    key: key({ type: 'ec' }, 62),
    issuer: newRoot,
    ca: true,
  });
  ok('cross-signed root served: path ends at the anchor with the same name and key', {
    presented: [under({}, leInt), leInt, newRootCross],
    trust: [newRoot],
  });

  // loop: A signs B, B signs A
  const kA = key({ type: 'ec' }, 70);
  const kB = key({ type: 'ec' }, 71);
  const seedB = issue({ subject: 'CN=Loop B', key: kB, ca: true });
  const aByB = issue({ subject: 'CN=Loop A', key: kA, issuer: seedB, ca: true });
  const bByA = issue({ subject: 'CN=Loop B', key: kB, issuer: aByB, ca: true });
  bad('loop: A signs B signs A', { presented: [under({}, aByB), aByB, bByA], trust: [root] }, [
    'incomplete',
  ]);

  // depth
  let top: IssuedCert = root;
  const tower: IssuedCert[] = [];
  for (let i = 0; i < 10; i++) {
    top = issue({
      subject: `CN=Tower ${i}`,
      key: key({ type: 'ec' }, 80 + i),
      issuer: top,
      ca: true,
    });
    tower.unshift(top);
  }
  ok('long chain: 6 intermediates', {
    presented: [under({}, tower[4]!), ...tower.slice(4)],
    trust: [root],
  });
  bad(
    'too-long: 10 intermediates',
    { presented: [under({}, tower[0]!), ...tower], trust: [root] },
    ['too-long'],
  );

  // key and algorithm mixes: each verifies
  const mix = (
    name: string,
    rootKey: KeyPair,
    intKey: KeyPair,
    leafKey: KeyPair,
    hash?: CertSpec['signatureHash'],
  ) => {
    const r = issue({
      subject: `CN=${name} Root`,
      key: rootKey,
      ca: true,
      signatureHash: hash,
    });
    const i = issue({
      subject: `CN=${name} Int`,
      key: intKey,
      issuer: r,
      ca: true,
      signatureHash: hash,
    });
    const l = issue({
      subject: 'CN=localhost',
      sans: { dns: ['localhost'] },
      key: leafKey,
      issuer: i,
      signatureHash: hash,
    });
    ok(`algorithms: ${name}`, { presented: [l, i], trust: [r] });
  };
  mix(
    'RSA root EC intermediate RSA leaf',
    rsaKey,
    key({ type: 'ec', curve: 'P-384' }),
    key({ type: 'rsa' }, 1),
    'sha384',
  );
  mix(
    'Ed25519 and Ed448',
    key({ type: 'ed448' }),
    key({ type: 'ed25519' }),
    key({ type: 'ec' }, 90),
  );
  mix('DSA issuer', key({ type: 'ec' }, 91), key({ type: 'dsa' }), key({ type: 'ec' }, 92));
  mix('SHA-1 RSA', rsaKey, key({ type: 'rsa' }, 1), key({ type: 'ec' }, 93), 'sha1');
  mix('MD5 RSA', rsaKey, key({ type: 'rsa' }, 1), key({ type: 'ec' }, 94), 'md5');
  const pssRoot = issue({ subject: 'CN=PSS Root', key: rsaKey, ca: true });
  const pssLeaf = resign(
    under(
      {
        mutate: (c) => {
          c.signature = pssAlgorithm();
          c.signatureAlgorithm = pssAlgorithm();
        },
      },
      pssRoot,
    ),
    (t) => t,
    rsaKey,
    { pss: true },
  );
  ok('algorithms: RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32)', {
    presented: [pssLeaf],
    trust: [pssRoot],
  });
  return cases;
}
