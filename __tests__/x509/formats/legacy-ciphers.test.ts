import {
  CipherError,
  rc2CbcDecrypt,
  rc2Decryptor,
  rc4,
} from '../../../src/x509/formats/legacy-ciphers.js';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('RC2', () => {
  // RFC 2268 §5: key, effective key bits, plaintext, ciphertext (one block each).
  it.each([
    ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
    ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
    ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    [
      '88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e',
      129,
      '0000000000000000',
      '5b78d3a43dfff1f1',
    ],
  ])('RFC 2268 vector: key %s, %d effective bits', (key, bits, plain, cipher) => {
    expect(rc2Decryptor(hex(key), bits)(hex(cipher)).toString('hex')).toBe(plain);
  });

  // Made with `openssl enc -rc2-40-cbc|-rc2-64-cbc|-rc2-cbc -K … -iv 0001020304050607 -provider
  // legacy` over MESSAGE: CBC chaining and padding as OpenSSL does them (40/64/128 effective bits).
  const MESSAGE = 'tls-gate legacy PKCS#12 test vector';
  const IV = hex('0001020304050607');
  it.each([
    [
      '0102030405',
      40,
      '2f7dc2277adc10f97015f353491569db818579cb19d742c9f28c32ca50e534fb1a3a46d576f58b39',
    ],
    [
      '0001020304050607',
      64,
      'a2de3e7c43121c2bf1ea08b11249745cb44364134c7137807356e9514571caa8a87b065a49e4535a',
    ],
    [
      '000102030405060708090a0b0c0d0e0f',
      128,
      'f6126fd63f07d9ae39cb7a668cc4cbdf6f2de6ba8704ff68b05959b794493db4cb41412eae180fec',
    ],
  ])('CBC as OpenSSL writes it: key %s, %d effective bits', (key, bits, cipher) => {
    expect(rc2CbcDecrypt(hex(key), bits, IV, hex(cipher)).toString()).toBe(MESSAGE);
  });

  it('a wrong key ends in bad padding, not garbage', () => {
    const cipher = hex(
      '2f7dc2277adc10f97015f353491569db818579cb19d742c9f28c32ca50e534fb1a3a46d576f58b39',
    );
    // 1 in 256 wrong keys pads correctly by chance; this one does not.
    expect(() => rc2CbcDecrypt(hex('0102030406'), 40, IV, cipher)).toThrow(CipherError);
  });

  it('refuses a ciphertext that is not whole blocks', () => {
    expect(() => rc2CbcDecrypt(hex('0102030405'), 40, IV, hex('00112233'))).toThrow(
      /not a whole number of RC2 blocks/,
    );
    expect(() => rc2CbcDecrypt(hex('0102030405'), 40, IV, Buffer.alloc(0))).toThrow(CipherError);
  });
});

describe('RC4', () => {
  it.each([
    // RFC 6229, first 16 keystream bytes for the 40-bit key 0x0102030405.
    ['0102030405', 'b2396305f03dc027ccc3524a0a1118a8'],
    // `openssl enc -rc4 -K 0102…10 -provider legacy` over 16 zero bytes.
    ['0102030405060708090a0b0c0d0e0f10', '9ac7cc9a609d1ef7b2932899cde41b97'],
  ])('keystream for key %s', (key, stream) => {
    expect(rc4(hex(key), Buffer.alloc(16)).toString('hex')).toBe(stream);
  });

  it('decrypts what it encrypts (a stream cipher is its own inverse)', () => {
    const key = Buffer.from('Secret');
    expect(rc4(key, Buffer.from('Attack at dawn')).toString('hex')).toBe(
      '45a01f645fc35b383552544b9bf5',
    );
    expect(rc4(key, hex('45a01f645fc35b383552544b9bf5')).toString()).toBe('Attack at dawn');
  });
});
