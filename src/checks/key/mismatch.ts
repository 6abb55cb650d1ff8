import { defineRule } from '../types.js';

export const mismatch = defineRule({
  id: 'key.mismatch',
  check: 'key',
  description:
    "The private key (key:, a Secret's tls.key, or the key in a PKCS#12 file) is not the private half of the leaf certificate's public key.",
  citation:
    'RFC 5280 §4.1.2.7 (subjectPublicKeyInfo binds the key); a TLS server with a mismatched pair fails every handshake (OpenSSL X509_check_private_key, Go tls.X509KeyPair).',
  defaultSeverity: 'error',
  appliesTo: ['file'],
  help: 'Deploy the key the certificate was issued for, or reissue the certificate from this key (compare `openssl pkey -pubout` with `openssl x509 -pubkey`).',
  evaluate(facts) {
    const pair = facts.keyPair;
    const [leaf] = facts.certificates;
    if (pair?.status !== 'mismatch' || !leaf) return [];
    const { type, bits, curve } = leaf.facts.publicKey;
    const certKey = curve ? `${type} ${curve}` : `${type} ${bits}`;
    return [
      {
        message: `the private key in ${pair.source} (${pair.keyType ?? 'unknown type'}) does not match the leaf's public key (${certKey})${pair.detail ? `: ${pair.detail}` : ''}`,
        certificate: leaf,
        details: { keySource: pair.source, keyType: pair.keyType, certificateKey: certKey },
      },
    ];
  },
});
