// TLS named groups (IANA "TLS Supported Groups") with their size, for offering and for judging
// the ephemeral key exchange.

export interface NamedGroup {
  code: number;
  name: string;
  /** Field size in bits (prime bits for finite-field groups). */
  bits: number;
  /** Approximate security strength in bits (NIST SP 800-57 / RFC 7748 estimates). */
  securityBits: number;
}

function ec(
  code: number,
  name: string,
  bits: number,
  securityBits = Math.floor(bits / 2),
): NamedGroup {
  return { code, name, bits, securityBits };
}

export const NAMED_GROUPS: readonly NamedGroup[] = [
  ec(0x001d, 'X25519', 255, 128),
  ec(0x0017, 'P-256', 256),
  ec(0x0018, 'P-384', 384),
  ec(0x0019, 'P-521', 521, 256),
  ec(0x001e, 'X448', 448, 224),
  ec(0x001a, 'brainpoolP256r1', 256),
  ec(0x001b, 'brainpoolP384r1', 384),
  ec(0x001c, 'brainpoolP512r1', 512),
  ec(0x0016, 'secp256k1', 256),
  { code: 0x0100, name: 'ffdhe2048', bits: 2048, securityBits: 103 },
  { code: 0x0101, name: 'ffdhe3072', bits: 3072, securityBits: 125 },
  { code: 0x0102, name: 'ffdhe4096', bits: 4096, securityBits: 150 },
  ec(0x0015, 'P-224', 224),
  ec(0x0014, 'secp224k1', 224),
  ec(0x0013, 'P-192', 192),
  ec(0x0012, 'secp192k1', 192),
  ec(0x0011, 'secp160r2', 160),
  ec(0x0010, 'secp160r1', 160),
  ec(0x000f, 'secp160k1', 160),
  ec(0x000e, 'sect571r1', 571),
  ec(0x000d, 'sect571k1', 571),
  ec(0x000c, 'sect409r1', 409),
  ec(0x000b, 'sect409k1', 409),
  ec(0x000a, 'sect283r1', 283),
  ec(0x0009, 'sect283k1', 283),
  ec(0x0008, 'sect239k1', 239),
  ec(0x0007, 'sect233r1', 233),
  ec(0x0006, 'sect233k1', 233),
  ec(0x0005, 'sect193r2', 193),
  ec(0x0004, 'sect193r1', 193),
  ec(0x0003, 'sect163r2', 163),
  ec(0x0002, 'sect163r1', 163),
  ec(0x0001, 'sect163k1', 163),
];

const BY_CODE = new Map(NAMED_GROUPS.map((g) => [g.code, g]));
// Node's getEphemeralKeyInfo() and OpenSSL use other spellings for the same curves.
const ALIASES: Record<string, string> = {
  prime256v1: 'P-256',
  secp256r1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp224r1: 'P-224',
  prime192v1: 'P-192',
  secp192r1: 'P-192',
  x25519: 'X25519',
  x448: 'X448',
};
const BY_NAME = new Map(NAMED_GROUPS.map((g) => [g.name.toLowerCase(), g]));

export function groupByCode(code: number): NamedGroup | undefined {
  return BY_CODE.get(code);
}

export function groupByName(name: string): NamedGroup | undefined {
  const lower = name.toLowerCase();
  return BY_NAME.get((ALIASES[lower] ?? lower).toLowerCase());
}

/** Every group in the table, strongest-first: the server picks the weak ones only if it must. */
export const ALL_GROUP_CODES: readonly number[] = NAMED_GROUPS.map((g) => g.code);

/**
 * Elliptic-curve groups under 128-bit strength (P-224 and smaller, the small binary curves),
 * offered alone to learn whether a server accepts one it would not pick from a full list.
 */
export const WEAK_EC_GROUP_CODES: readonly number[] = NAMED_GROUPS.filter(
  (g) => g.code < 0x0100 && g.securityBits < 128,
).map((g) => g.code);
