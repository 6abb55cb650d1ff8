// PKCS#7 / CMS SignedData "certificates only" bundles (`.p7b`, `.p7c`, `openssl crl2pkcs7`):
// the certificates field, nothing else. RFC 5652 §5.1; the SET has no order, see order.ts.
import * as asn1js from 'asn1js';
import { fromBER } from '../ber.js';
import { elements, encoded, explicit, FormatError, hasContextTag, oid, parseBer } from './asn1.js';

export const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';

/** DER of every X.509 certificate in a PKCS#7 ContentInfo. Throws FormatError. */
export function pkcs7Certificates(bytes: Uint8Array): Uint8Array[] {
  const [type, content] = elements(parseBer(bytes, 'PKCS#7'), 'PKCS#7 ContentInfo', 1);
  const contentType = oid(type, 'PKCS#7 content type');
  if (contentType !== SIGNED_DATA_OID) {
    throw new FormatError(`PKCS#7 content type ${contentType} is not SignedData`);
  }
  const signedData = elements(explicit(content, 0, 'PKCS#7 content'), 'SignedData', 4);
  const certificates = signedData.find((element) => hasContextTag(element, 0));
  if (!certificates) return [];
  const choices = (certificates as asn1js.Constructed).valueBlock.value as asn1js.AsnType[];
  // Attribute certificates and other CertificateChoices are tagged; plain certificates are not.
  return choices.filter((choice) => choice instanceof asn1js.Sequence).map(encoded);
}

/** DER whose outer SEQUENCE starts with the SignedData OID. */
export function looksLikePkcs7(bytes: Uint8Array): boolean {
  const parsed = fromBER(bytes);
  if (!(parsed.result instanceof asn1js.Sequence)) return false;
  const [type] = parsed.result.valueBlock.value;
  return type instanceof asn1js.ObjectIdentifier && type.valueBlock.toString() === SIGNED_DATA_OID;
}
