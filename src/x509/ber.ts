// asn1js.fromBER reports most malformed input as a result with offset -1, but throws on some
// (a GeneralizedTime or UTCTime whose content is not a date, anywhere in the tree). Untrusted
// bytes are parsed through here so every malformation takes the same, non-throwing path.
import * as asn1js from 'asn1js';

export function fromBER(
  bytes: Parameters<typeof asn1js.fromBER>[0],
): ReturnType<typeof asn1js.fromBER> {
  try {
    return asn1js.fromBER(bytes);
  } catch (error) {
    const result = new asn1js.BaseBlock();
    result.error = error instanceof Error ? error.message : String(error);
    return { offset: -1, result };
  }
}
