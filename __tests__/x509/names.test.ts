import { describe, expect, it } from '@jest/globals';
import * as asn1js from 'asn1js';
import { commonNameOf, escapeValue, nameAttributes, renderName } from '../../src/x509/names.js';

const atv = (oid: string, value: asn1js.AsnType) =>
  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] });
const der = (...rdns: asn1js.Sequence[][]) =>
  new asn1js.Sequence({ value: rdns.map((rdn) => new asn1js.Set({ value: rdn })) }).toBER();

describe('names', () => {
  it('renders RFC 4514 order, multi-valued RDNs, unknown OIDs and non-string values', () => {
    const rdns = nameAttributes(
      der(
        [atv('2.5.4.6', new asn1js.PrintableString({ value: 'DE' }))],
        [atv('0.9.2342.19200300.100.1.25', new asn1js.IA5String({ value: 'example' }))],
        [
          atv('2.5.4.11', new asn1js.Utf8String({ value: 'Ops' })),
          atv('2.5.4.11', new asn1js.BmpString({ value: 'Ünits' })),
        ],
        [atv('1.2.3.4', new asn1js.Integer({ value: 5 }))],
        [atv('2.5.4.3', new asn1js.Utf8String({ value: 'a,b+c "d" <e>;f\\g=h' }))],
      ),
    );
    expect(renderName(rdns)).toBe(
      'CN=a\\,b\\+c \\"d\\" \\<e\\>\\;f\\\\g\\=h,1.2.3.4=#020105,OU=Ops+OU=Ünits,DC=example,C=DE',
    );
    expect(commonNameOf(rdns)).toBe('a,b+c "d" <e>;f\\g=h');
  });

  it('escapes leading and trailing spaces, a leading # and NUL', () => {
    expect(escapeValue(' #a b ')).toBe('\\ #a b\\ ');
    expect(escapeValue('#x')).toBe('\\#x');
    expect(escapeValue('a\0b')).toBe('a\\00b');
  });

  it('has no common name when none is encoded', () => {
    expect(commonNameOf(nameAttributes(der()))).toBeUndefined();
  });

  it('throws on a malformed name', () => {
    expect(() => nameAttributes(new Uint8Array([0x31, 0x00]))).toThrow(/malformed/);
    expect(() => nameAttributes(der([new asn1js.Sequence({ value: [] })]))).toThrow(/malformed/);
  });
});
