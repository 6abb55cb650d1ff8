// RC2-CBC (RFC 2268) and RC4, decryption only: the ciphers of the legacy PKCS#12 schemes that
// OpenSSL 1.x (and `openssl pkcs12 -legacy`), Windows and Java write. Node's OpenSSL 3 has them
// only with the legacy provider loaded, and no small maintained npm package implements RC2
// (node-forge does, inside a whole PKI toolkit), so they live here. They only ever open a file
// the user already holds the password for; nothing here protects a secret.

/** RFC 2268 §2: PITABLE, a permutation of 0..255 derived from the digits of pi. */
const PITABLE = Buffer.from(
  'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2' +
    '179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e82' +
    '54d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
    '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed7' +
    '08e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ec' +
    'c2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
    '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a9' +
    '0d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad',
  'hex',
);

/** Thrown for input no key could have produced (length, padding); callers read it as a bad key. */
export class CipherError extends Error {}

/** RFC 2268 §2: the 64 16-bit subkeys from a 1..128-byte key and its effective key bits. */
function rc2KeySchedule(key: Uint8Array, effectiveBits: number): Uint16Array {
  const T = key.length;
  if (T < 1 || T > 128) throw new RangeError(`RC2 key of ${T} bytes`);
  if (effectiveBits < 1 || effectiveBits > 1024) {
    throw new RangeError(`RC2 effective key bits ${effectiveBits}`);
  }
  const L = new Uint8Array(128);
  L.set(key);
  for (let i = T; i < 128; i++) {
    L[i] = PITABLE[((L[i - 1] as number) + (L[i - T] as number)) & 0xff] as number;
  }
  const T8 = Math.ceil(effectiveBits / 8);
  const TM = 0xff >> (8 * T8 - effectiveBits);
  L[128 - T8] = PITABLE[(L[128 - T8] as number) & TM] as number;
  for (let i = 127 - T8; i >= 0; i--) {
    L[i] = PITABLE[(L[i + 1] as number) ^ (L[i + T8] as number)] as number;
  }
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = (L[2 * i] as number) | ((L[2 * i + 1] as number) << 8);
  return K;
}

const ROTATIONS = [1, 2, 3, 5] as const;

/** RFC 2268 §4: a block decryptor for a key (ECB; rc2CbcDecrypt chains it). */
export function rc2Decryptor(
  key: Uint8Array,
  effectiveBits: number,
): (block: Uint8Array) => Buffer {
  const K = rc2KeySchedule(key, effectiveBits);
  const R = new Uint16Array(4);
  const r = (i: number) => R[i & 3] as number;
  const mixRound = (j: number) => {
    for (let i = 3; i >= 0; i--, j--) {
      const s = ROTATIONS[i] as number;
      const x = r(i);
      const rotated = ((x >> s) | (x << (16 - s))) & 0xffff;
      // Uint16Array stores modulo 2^16, which is the subtraction RFC 2268 asks for.
      R[i] = rotated - (K[j] as number) - (r(i - 1) & r(i - 2)) - (~r(i - 1) & r(i - 3));
    }
  };
  const mashRound = () => {
    for (let i = 3; i >= 0; i--) R[i] = r(i) - (K[r(i - 1) & 63] as number);
  };
  return (block) => {
    for (let i = 0; i < 4; i++)
      R[i] = (block[2 * i] as number) | ((block[2 * i + 1] as number) << 8);
    // 5 mixing rounds, a mash, 6 mixing, a mash, 5 mixing; subkeys are used from K[63] down.
    for (let round = 0; round < 16; round++) {
      mixRound(63 - 4 * round);
      if (round === 4 || round === 10) mashRound();
    }
    const out = Buffer.alloc(8);
    for (let i = 0; i < 4; i++) out.writeUInt16LE(R[i] as number, 2 * i);
    return out;
  };
}

/** PKCS#5 padding: the last byte says how many bytes to drop, each of them that same value. */
function unpad(plain: Buffer, blockSize: number): Buffer {
  const n = plain[plain.length - 1] as number;
  if (n < 1 || n > blockSize || plain.subarray(plain.length - n).some((b) => b !== n)) {
    throw new CipherError('bad padding');
  }
  return plain.subarray(0, plain.length - n);
}

/** RC2 in CBC mode with PKCS#5 padding removed (RFC 2268, RFC 8018 §B.2.3). */
export function rc2CbcDecrypt(
  key: Uint8Array,
  effectiveBits: number,
  iv: Uint8Array,
  data: Uint8Array,
): Buffer {
  if (iv.length !== 8) throw new RangeError(`RC2 IV of ${iv.length} bytes`);
  if (data.length === 0 || data.length % 8 !== 0) {
    throw new CipherError(`${data.length} bytes is not a whole number of RC2 blocks`);
  }
  const decryptBlock = rc2Decryptor(key, effectiveBits);
  const out = Buffer.alloc(data.length);
  let previous = iv;
  for (let offset = 0; offset < data.length; offset += 8) {
    const block = data.subarray(offset, offset + 8);
    const plain = decryptBlock(block);
    for (let i = 0; i < 8; i++) out[offset + i] = (plain[i] as number) ^ (previous[i] as number);
    previous = block;
  }
  return unpad(out, 8);
}

/** RC4: a stream cipher, so encrypting and decrypting are the same XOR with the keystream. */
export function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  if (key.length < 1 || key.length > 256) throw new RangeError(`RC4 key of ${key.length} bytes`);
  const S = new Uint8Array(256);
  for (let i = 0; i < 256; i++) S[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (S[i] as number) + (key[i % key.length] as number)) & 0xff;
    [S[i], S[j]] = [S[j] as number, S[i] as number];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + (S[i] as number)) & 0xff;
    [S[i], S[j]] = [S[j] as number, S[i] as number];
    out[n] = (data[n] as number) ^ (S[((S[i] as number) + (S[j] as number)) & 0xff] as number);
  }
  return out;
}
