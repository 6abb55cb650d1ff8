import { decodeContainerFile } from '../../../src/x509/formats/index.js';
import { pem } from '../../helpers/pki.js';
import { fixture, INTERMEDIATE_SUBJECT, LEAF_SUBJECT, ROOT_SUBJECT } from './support.js';

const ORDERED = [LEAF_SUBJECT, INTERMEDIATE_SUBJECT, ROOT_SUBJECT];

/** One short-form DER TLV from hex contents. */
const tlv = (tag: string, hex: string) =>
  tag + (hex.length / 2).toString(16).padStart(2, '0') + hex;
const ID_DATA = tlv('06', '2a864886f70d010701');
const ID_SIGNED_DATA = tlv('06', '2a864886f70d010702');

describe('PKCS#7 certificate bundles', () => {
  it.each([
    ['chain.p7b', 'PEM'],
    ['chain.p7c', 'DER'],
  ])('%s (%s): every certificate, reordered leaf first', (file) => {
    // The bundle lists root, leaf, intermediate: a SET has no order to keep.
    const decoded = decodeContainerFile(fixture(file), file);
    expect(decoded.format).toBe('pkcs7');
    expect(decoded.problems).toEqual([]);
    expect(decoded.certificates.map((c) => c.facts.subject)).toEqual(ORDERED);
    expect(decoded.certificates.map((c) => c.origin.index)).toEqual([0, 1, 2]);
  });

  it('DER PKCS#7 under another extension is still PKCS#7', () => {
    expect(decodeContainerFile(fixture('chain.p7c'), 'chain.crt').format).toBe('pkcs7');
  });

  it('a PKCS#7 that is not SignedData is a problem', () => {
    // ContentInfo { id-data, [0] OCTET STRING "xxx" }
    const data = Buffer.from(tlv('30', ID_DATA + tlv('a0', tlv('04', '787878'))), 'hex');
    const decoded = decodeContainerFile(Buffer.from(pem(data, 'PKCS7')), 'data.p7b');
    expect(decoded.certificates).toEqual([]);
    expect(decoded.problems).toEqual([
      { message: 'data.p7b: PKCS#7 content type 1.2.840.113549.1.7.1 is not SignedData' },
    ]);
  });

  it('SignedData without certificates says so', () => {
    // SignedData { 1, {}, { id-data }, {} } with no certificates field.
    const signed = tlv('30', tlv('02', '01') + tlv('31', '') + tlv('30', ID_DATA) + tlv('31', ''));
    const der = Buffer.from(tlv('30', ID_SIGNED_DATA + tlv('a0', signed)), 'hex');
    const decoded = decodeContainerFile(der, 'empty.p7b');
    expect(decoded.problems).toEqual([
      {
        message: 'no certificate in empty.p7b: the PKCS#7 bundle holds no certificates',
        code: 'no-certificate',
      },
    ]);
  });

  it('plain PEM files still go through the PEM decoder', () => {
    const decoded = decodeContainerFile(fixture('bundle.pem'), 'bundle.pem');
    expect(decoded.format).toBe('pem-der');
    // As written: PEM order is the presented order and stays untouched.
    expect(decoded.certificates.map((c) => c.facts.subject)).toEqual([
      ROOT_SUBJECT,
      LEAF_SUBJECT,
      INTERMEDIATE_SUBJECT,
    ]);
  });
});
