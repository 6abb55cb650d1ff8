// Writes examples/certs/: a small private PKI for README's first command. Validity spans decades
// so the example keeps showing the same verdict for years without --now. RSA keys from
// fixtures/keys keep the output byte-identical run after run.
// Usage: node scripts/run-ts.mjs scripts/gen-examples.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueCertificate, keyFromPem, type CertSpec } from '../__tests__/helpers/pki.js';

const out = join('examples', 'certs');
const key = (name: string) =>
  keyFromPem(readFileSync(join('fixtures', 'keys', `${name}.pem`), 'utf8'));
const long = {
  notBefore: new Date('2025-01-01T00:00:00Z'),
  notAfter: new Date('2045-01-01T00:00:00Z'),
};

const root = issueCertificate({
  subject: 'CN=Example Corp Root CA,O=Example Corp',
  key: key('root'),
  ca: true,
  ...long,
});
const intermediate = issueCertificate({
  subject: 'CN=Example Corp Issuing CA,O=Example Corp',
  key: key('intermediate'),
  issuer: root,
  ca: true,
  pathLength: 0,
  ...long,
});
const leaf = (host: string, spec: Partial<CertSpec> = {}) =>
  issueCertificate({
    subject: `CN=${host}`,
    key: key('leaf-rsa2048'),
    issuer: intermediate,
    sans: { dns: [host] },
    notBefore: new Date('2025-06-01T00:00:00Z'),
    notAfter: new Date('2040-06-01T00:00:00Z'),
    ...spec,
  });

mkdirSync(out, { recursive: true });
const write = (file: string, ...certs: { pem: string }[]) =>
  writeFileSync(join(out, file), certs.map((c) => c.pem).join(''));

write('root.pem', root);
write('www.pem', leaf('www.example.test'), intermediate);
write('api.pem', leaf('api.example.test'));
write(
  'legacy.pem',
  leaf('legacy.example.test', { key: key('leaf-rsa1024'), signatureHash: 'sha1' }),
  intermediate,
);
write(
  'old.pem',
  leaf('old.example.test', { notAfter: new Date('2025-12-31T23:59:59Z') }),
  intermediate,
);
console.error(`wrote ${out}`);
