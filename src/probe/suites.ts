// IANA TLS cipher suite code points (the "TLS Cipher Suites" registry) for every suite a probe
// offers, and the weakness categories the cipher rules judge. PSK, SRP and Kerberos suites are
// left out: a certificate-based server never negotiates them with a client that has no PSK.

export type CipherCategory =
  'null' | 'anonymous' | 'export' | 'rc4' | 'des' | '3des' | 'cbc' | 'no-forward-secrecy';

export const CIPHER_CATEGORIES: readonly CipherCategory[] = [
  'null',
  'anonymous',
  'export',
  'rc4',
  'des',
  '3des',
  'cbc',
  'no-forward-secrecy',
];

// Grouped by first byte to keep the table short and checkable against the registry.
const SUITES: Record<number, string> = {
  0x0001: 'TLS_RSA_WITH_NULL_MD5',
  0x0002: 'TLS_RSA_WITH_NULL_SHA',
  0x0003: 'TLS_RSA_EXPORT_WITH_RC4_40_MD5',
  0x0004: 'TLS_RSA_WITH_RC4_128_MD5',
  0x0005: 'TLS_RSA_WITH_RC4_128_SHA',
  0x0006: 'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5',
  0x0007: 'TLS_RSA_WITH_IDEA_CBC_SHA',
  0x0008: 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA',
  0x0009: 'TLS_RSA_WITH_DES_CBC_SHA',
  0x000a: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  0x000b: 'TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA',
  0x000c: 'TLS_DH_DSS_WITH_DES_CBC_SHA',
  0x000d: 'TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA',
  0x000e: 'TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA',
  0x000f: 'TLS_DH_RSA_WITH_DES_CBC_SHA',
  0x0010: 'TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA',
  0x0011: 'TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA',
  0x0012: 'TLS_DHE_DSS_WITH_DES_CBC_SHA',
  0x0013: 'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA',
  0x0014: 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA',
  0x0015: 'TLS_DHE_RSA_WITH_DES_CBC_SHA',
  0x0016: 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA',
  0x0017: 'TLS_DH_anon_EXPORT_WITH_RC4_40_MD5',
  0x0018: 'TLS_DH_anon_WITH_RC4_128_MD5',
  0x0019: 'TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA',
  0x001a: 'TLS_DH_anon_WITH_DES_CBC_SHA',
  0x001b: 'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA',
  0x002f: 'TLS_RSA_WITH_AES_128_CBC_SHA',
  0x0030: 'TLS_DH_DSS_WITH_AES_128_CBC_SHA',
  0x0031: 'TLS_DH_RSA_WITH_AES_128_CBC_SHA',
  0x0032: 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA',
  0x0033: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
  0x0034: 'TLS_DH_anon_WITH_AES_128_CBC_SHA',
  0x0035: 'TLS_RSA_WITH_AES_256_CBC_SHA',
  0x0036: 'TLS_DH_DSS_WITH_AES_256_CBC_SHA',
  0x0037: 'TLS_DH_RSA_WITH_AES_256_CBC_SHA',
  0x0038: 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA',
  0x0039: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA',
  0x003a: 'TLS_DH_anon_WITH_AES_256_CBC_SHA',
  0x003b: 'TLS_RSA_WITH_NULL_SHA256',
  0x003c: 'TLS_RSA_WITH_AES_128_CBC_SHA256',
  0x003d: 'TLS_RSA_WITH_AES_256_CBC_SHA256',
  0x003e: 'TLS_DH_DSS_WITH_AES_128_CBC_SHA256',
  0x003f: 'TLS_DH_RSA_WITH_AES_128_CBC_SHA256',
  0x0040: 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256',
  0x0041: 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA',
  0x0042: 'TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA',
  0x0043: 'TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA',
  0x0044: 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA',
  0x0045: 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA',
  0x0046: 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA',
  // 0x0060–0x0065: the pre-standard EXPORT1024 suites old servers still answer.
  0x0060: 'TLS_RSA_EXPORT1024_WITH_RC4_56_MD5',
  0x0061: 'TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5',
  0x0062: 'TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA',
  0x0063: 'TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA',
  0x0064: 'TLS_RSA_EXPORT1024_WITH_RC4_56_SHA',
  0x0065: 'TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA',
  0x0066: 'TLS_DHE_DSS_WITH_RC4_128_SHA',
  0x0067: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256',
  0x0068: 'TLS_DH_DSS_WITH_AES_256_CBC_SHA256',
  0x0069: 'TLS_DH_RSA_WITH_AES_256_CBC_SHA256',
  0x006a: 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256',
  0x006b: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  0x006c: 'TLS_DH_anon_WITH_AES_128_CBC_SHA256',
  0x006d: 'TLS_DH_anon_WITH_AES_256_CBC_SHA256',
  0x0084: 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA',
  0x0085: 'TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA',
  0x0086: 'TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA',
  0x0087: 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA',
  0x0088: 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA',
  0x0089: 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA',
  0x0096: 'TLS_RSA_WITH_SEED_CBC_SHA',
  0x0097: 'TLS_DH_DSS_WITH_SEED_CBC_SHA',
  0x0098: 'TLS_DH_RSA_WITH_SEED_CBC_SHA',
  0x0099: 'TLS_DHE_DSS_WITH_SEED_CBC_SHA',
  0x009a: 'TLS_DHE_RSA_WITH_SEED_CBC_SHA',
  0x009b: 'TLS_DH_anon_WITH_SEED_CBC_SHA',
  0x009c: 'TLS_RSA_WITH_AES_128_GCM_SHA256',
  0x009d: 'TLS_RSA_WITH_AES_256_GCM_SHA384',
  0x009e: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  0x009f: 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  0x00a0: 'TLS_DH_RSA_WITH_AES_128_GCM_SHA256',
  0x00a1: 'TLS_DH_RSA_WITH_AES_256_GCM_SHA384',
  0x00a2: 'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256',
  0x00a3: 'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384',
  0x00a4: 'TLS_DH_DSS_WITH_AES_128_GCM_SHA256',
  0x00a5: 'TLS_DH_DSS_WITH_AES_256_GCM_SHA384',
  0x00a6: 'TLS_DH_anon_WITH_AES_128_GCM_SHA256',
  0x00a7: 'TLS_DH_anon_WITH_AES_256_GCM_SHA384',
  0x00ba: 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256',
  0x00bd: 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256',
  0x00be: 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256',
  0x00bf: 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256',
  0x00c0: 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256',
  0x00c3: 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256',
  0x00c4: 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256',
  0x00c5: 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256',
  0x1301: 'TLS_AES_128_GCM_SHA256',
  0x1302: 'TLS_AES_256_GCM_SHA384',
  0x1303: 'TLS_CHACHA20_POLY1305_SHA256',
  0x1304: 'TLS_AES_128_CCM_SHA256',
  0x1305: 'TLS_AES_128_CCM_8_SHA256',
  0xc001: 'TLS_ECDH_ECDSA_WITH_NULL_SHA',
  0xc002: 'TLS_ECDH_ECDSA_WITH_RC4_128_SHA',
  0xc003: 'TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA',
  0xc004: 'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA',
  0xc005: 'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA',
  0xc006: 'TLS_ECDHE_ECDSA_WITH_NULL_SHA',
  0xc007: 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  0xc008: 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA',
  0xc009: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  0xc00a: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  0xc00b: 'TLS_ECDH_RSA_WITH_NULL_SHA',
  0xc00c: 'TLS_ECDH_RSA_WITH_RC4_128_SHA',
  0xc00d: 'TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA',
  0xc00e: 'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA',
  0xc00f: 'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA',
  0xc010: 'TLS_ECDHE_RSA_WITH_NULL_SHA',
  0xc011: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
  0xc012: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  0xc013: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  0xc014: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  0xc015: 'TLS_ECDH_anon_WITH_NULL_SHA',
  0xc016: 'TLS_ECDH_anon_WITH_RC4_128_SHA',
  0xc017: 'TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA',
  0xc018: 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA',
  0xc019: 'TLS_ECDH_anon_WITH_AES_256_CBC_SHA',
  0xc023: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  0xc024: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  0xc025: 'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256',
  0xc026: 'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384',
  0xc027: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  0xc028: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  0xc029: 'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256',
  0xc02a: 'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384',
  0xc02b: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  0xc02c: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  0xc02d: 'TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256',
  0xc02e: 'TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384',
  0xc02f: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  0xc030: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  0xc031: 'TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256',
  0xc032: 'TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384',
  0xc03c: 'TLS_RSA_WITH_ARIA_128_CBC_SHA256',
  0xc03d: 'TLS_RSA_WITH_ARIA_256_CBC_SHA384',
  0xc044: 'TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256',
  0xc045: 'TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384',
  0xc048: 'TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256',
  0xc049: 'TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384',
  0xc04c: 'TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256',
  0xc04d: 'TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384',
  0xc050: 'TLS_RSA_WITH_ARIA_128_GCM_SHA256',
  0xc051: 'TLS_RSA_WITH_ARIA_256_GCM_SHA384',
  0xc052: 'TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256',
  0xc053: 'TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384',
  0xc056: 'TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256',
  0xc057: 'TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384',
  0xc05c: 'TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256',
  0xc05d: 'TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384',
  0xc060: 'TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256',
  0xc061: 'TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384',
  0xc072: 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256',
  0xc073: 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384',
  0xc076: 'TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256',
  0xc077: 'TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384',
  0xc09c: 'TLS_RSA_WITH_AES_128_CCM',
  0xc09d: 'TLS_RSA_WITH_AES_256_CCM',
  0xc09e: 'TLS_DHE_RSA_WITH_AES_128_CCM',
  0xc09f: 'TLS_DHE_RSA_WITH_AES_256_CCM',
  0xc0a0: 'TLS_RSA_WITH_AES_128_CCM_8',
  0xc0a1: 'TLS_RSA_WITH_AES_256_CCM_8',
  0xc0a2: 'TLS_DHE_RSA_WITH_AES_128_CCM_8',
  0xc0a3: 'TLS_DHE_RSA_WITH_AES_256_CCM_8',
  0xc0ac: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM',
  0xc0ad: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM',
  0xc0ae: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8',
  0xc0af: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8',
  0xcca8: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  0xcca9: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  0xccaa: 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
};

/** Signalling value, not a suite: tells the server we support secure renegotiation. */
export const EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;

/** IANA name of a suite code point, or `0xNNNN` when it is not in the table. */
export function suiteName(code: number): string {
  return SUITES[code] ?? `0x${code.toString(16).padStart(4, '0')}`;
}

export function isTls13Suite(code: number): boolean {
  return code >= 0x1301 && code <= 0x1305;
}

/** The categories a suite name falls in; a weak suite may fall in several (RC4 + EXPORT). */
export function suiteCategories(name: string): CipherCategory[] {
  if (/^TLS_AES_|^TLS_CHACHA20_/.test(name)) return []; // TLS 1.3: AEAD with (EC)DHE only
  const out: CipherCategory[] = [];
  const nullCipher = /_WITH_NULL_/.test(name);
  const anon = /_anon_/.test(name);
  const exportGrade = /EXPORT/.test(name);
  const rc4 = /_RC4_/.test(name);
  // Single DES (56-bit keys) and 3DES (64-bit blocks) apart: policies judge them differently.
  // Export DES (DES40, EXPORT1024 DES) is judged as export.
  const des = /_DES_CBC_/.test(name) && !exportGrade;
  const tripleDes = /_3DES_EDE_CBC_/.test(name);
  if (nullCipher) out.push('null');
  if (anon) out.push('anonymous');
  if (exportGrade) out.push('export');
  if (rc4) out.push('rc4');
  if (des) out.push('des');
  if (tripleDes) out.push('3des');
  // CBC and missing forward secrecy are the lesser problems: only counted for suites that are
  // not already in a worse category, so each finding names its own suites.
  const worse = nullCipher || anon || exportGrade || rc4 || des || tripleDes;
  if (!worse && /_CBC_/.test(name)) out.push('cbc');
  if (!worse && !/^TLS_(ECDHE|DHE)_/.test(name)) out.push('no-forward-secrecy');
  return out;
}

const ALL_CODES = Object.keys(SUITES).map(Number);

// Preference when a server honours the client's order: ECDHE AEAD, DHE AEAD, CBC with forward
// secrecy, then everything weaker.
function preference(code: number): number {
  const name = suiteName(code);
  const categories = suiteCategories(name);
  if (categories.length === 0) return name.startsWith('TLS_ECDHE_') ? 0 : 1;
  if (categories.length === 1 && categories[0] === 'cbc') return 2;
  return 3;
}

/** Every TLS ≤ 1.2 suite in the table, strongest first. */
export const LEGACY_SUITES: readonly number[] = ALL_CODES.filter((c) => !isTls13Suite(c)).sort(
  (a, b) => preference(a) - preference(b),
);

export const TLS13_SUITES: readonly number[] = ALL_CODES.filter(isTls13Suite);

/** The suites of one category, offered alone to learn whether the server accepts any of them. */
export function suitesInCategory(category: CipherCategory): number[] {
  return ALL_CODES.filter((c) => suiteCategories(suiteName(c)).includes(category));
}

/** Forward-secret DHE suites (finite-field), offered alone to read the server's DH group. */
export const DHE_SUITES: readonly number[] = LEGACY_SUITES.filter((c) =>
  /^TLS_DHE_/.test(suiteName(c)),
);

/** Forward-secret ECDHE suites, offered alone to read the server's curve. */
export const ECDHE_SUITES: readonly number[] = LEGACY_SUITES.filter((c) =>
  /^TLS_ECDHE_/.test(suiteName(c)),
);
