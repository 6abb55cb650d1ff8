// CRLs (RFC 5280 §5, §6.3): DER or PEM, issued and signed by the leaf's issuer (which must be
// allowed to sign CRLs), fresh, and then the leaf's serial looked up. The CertificateList is
// walked as bytes (der.ts) with an index of serials; pkijs reads only the small parts.
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { freshness, reasonName, serialHex, type RouteAnswer, type Subject } from './common.js';
import { childrenOf, readTlv, slice, type Tlv } from './der.js';
import { verifySignature, type SignatureCheck } from './signature.js';

const KEY_USAGE = '2.5.29.15';
const REASON_CODE = '2.5.29.21';
const DELTA_CRL_INDICATOR = '2.5.29.27';
/** CRL extensions a full CRL may mark critical that do not change how it is read here. */
const UNDERSTOOD_CRL_EXTENSIONS = new Set([
  '2.5.29.20', // cRLNumber
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.28', // issuingDistributionPoint
  '2.5.29.46', // freshestCRL
  '2.5.29.60', // expiredCertsOnCRL
]);
const REMOVE_FROM_CRL = 8;

interface ParsedCrl {
  tbs: Uint8Array;
  signatureAlgorithm: pkijs.AlgorithmIdentifier;
  signature: Uint8Array;
  issuer: pkijs.RelativeDistinguishedNames;
  thisUpdate: Date;
  nextUpdate?: Date;
  extensions: pkijs.Extension[];
  /** Serial (normalised hex) → offset of its entry in `der`; entries are decoded on a hit. */
  entries: Map<string, number>;
  der: Uint8Array;
  /** Signature checks per issuer key, so 50 leaves of one CA verify a large CRL once. */
  signatures: WeakMap<KeyObject, SignatureCheck>;
}

// Keyed by the fetched bytes: the fetcher hands every caller of one URL the same array.
const parsedCrls = new WeakMap<Uint8Array, ParsedCrl | string>();

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const EXPLICIT_0 = 0xa0;

function pemToDer(bytes: Uint8Array): Uint8Array | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  const match = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]*)-----END X509 CRL-----/.exec(text);
  return match ? new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64')) : undefined;
}

function parseCrl(bytes: Uint8Array): ParsedCrl | string {
  const cached = parsedCrls.get(bytes);
  if (cached) return cached;
  let parsed: ParsedCrl | string;
  try {
    parsed = parseUncached(bytes);
  } catch (err) {
    // pkijs throws on the small parts (names, extensions) it cannot read.
    parsed = `does not parse (${err instanceof Error ? err.message : String(err)})`;
  }
  parsedCrls.set(bytes, parsed);
  return parsed;
}

/** asn1js object of one small TLV. */
function asn1Of(der: Uint8Array, tlv: Tlv): asn1js.AsnType {
  const result = asn1js.fromBER(slice(der, tlv));
  if (result.offset === -1) throw new Error(result.result.error);
  return result.result;
}

function timeOf(der: Uint8Array, tlv: Tlv): Date {
  return (asn1Of(der, tlv) as asn1js.UTCTime | asn1js.GeneralizedTime).toDate();
}

const isTime = (tlv: Tlv | undefined) => tlv?.tag === UTC_TIME || tlv?.tag === GENERALIZED_TIME;

function parseUncached(bytes: Uint8Array): ParsedCrl | string {
  const looksPem = /^\s*-----BEGIN/.test(Buffer.from(bytes.subarray(0, 64)).toString('latin1'));
  const der = looksPem ? pemToDer(bytes) : bytes;
  if (!der) return 'is PEM but holds no X509 CRL block';
  // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
  const outer = readTlv(der, 0, der.byteLength);
  const parts = outer?.tag === SEQUENCE && outer.end === der.byteLength && childrenOf(der, outer);
  if (!parts || parts.length !== 3) return 'is not a DER CertificateList';
  const [tbsTlv, algTlv, sigTlv] = parts as [Tlv, Tlv, Tlv];
  const fields = tbsTlv.tag === SEQUENCE && childrenOf(der, tbsTlv);
  if (!fields || algTlv.tag !== SEQUENCE || sigTlv.tag !== BIT_STRING) {
    return 'is not a DER CertificateList';
  }
  // TBSCertList ::= SEQUENCE { version OPTIONAL, signature, issuer, thisUpdate, nextUpdate
  //   OPTIONAL, revokedCertificates OPTIONAL, [0] crlExtensions OPTIONAL }
  let i = fields[0]?.tag === INTEGER ? 1 : 0;
  const innerAlg = fields[i++];
  const issuerTlv = fields[i++];
  const thisUpdateTlv = fields[i++];
  if (innerAlg?.tag !== SEQUENCE || issuerTlv?.tag !== SEQUENCE || !isTime(thisUpdateTlv)) {
    return 'has a malformed tbsCertList';
  }
  if (!Buffer.from(slice(der, innerAlg)).equals(Buffer.from(slice(der, algTlv)))) {
    return 'names different signature algorithms inside and outside the signed part';
  }
  const nextUpdateTlv = isTime(fields[i]) ? fields[i++] : undefined;
  const revokedTlv = fields[i]?.tag === SEQUENCE ? fields[i++] : undefined;
  const extensionsTlv = fields[i]?.tag === EXPLICIT_0 ? fields[i++] : undefined;
  if (i !== fields.length) return 'has unexpected fields in its tbsCertList';

  const entries = new Map<string, number>();
  if (revokedTlv) {
    for (let offset = revokedTlv.valueStart; offset < revokedTlv.end;) {
      const entry = readTlv(der, offset, revokedTlv.end);
      const serial = entry?.tag === SEQUENCE && readTlv(der, entry.valueStart, entry.end);
      if (!entry || !serial || serial.tag !== INTEGER) return 'has a malformed revoked entry';
      entries.set(serialHex(der.subarray(serial.valueStart, serial.end)), entry.start);
      offset = entry.end;
    }
  }
  let extensions: pkijs.Extension[] = [];
  if (extensionsTlv) {
    const inner = childrenOf(der, extensionsTlv);
    if (!inner || inner.length !== 1) return 'has malformed crlExtensions';
    extensions = new pkijs.Extensions({ schema: asn1Of(der, inner[0]!) }).extensions;
  }
  // BIT STRING content: one unused-bits octet (0 for signatures), then the signature.
  if (der[sigTlv.valueStart] !== 0) return 'has a malformed signature';
  return {
    tbs: slice(der, tbsTlv),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ schema: asn1Of(der, algTlv) }),
    signature: der.subarray(sigTlv.valueStart + 1, sigTlv.end),
    issuer: new pkijs.RelativeDistinguishedNames({ schema: asn1Of(der, issuerTlv) }),
    thisUpdate: timeOf(der, thisUpdateTlv!),
    ...(nextUpdateTlv ? { nextUpdate: timeOf(der, nextUpdateTlv) } : {}),
    extensions,
    entries,
    der,
    signatures: new WeakMap(),
  };
}

/** The revocation entry at `offset`: its date and CRLReason code. */
function entryAt(crl: ParsedCrl, offset: number): { time: Date; reason?: number } {
  const tlv = readTlv(crl.der, offset, crl.der.byteLength)!;
  const entry = new pkijs.RevokedCertificate({ schema: asn1Of(crl.der, tlv) });
  const reasonExt = entry.crlEntryExtensions?.extensions.find((e) => e.extnID === REASON_CODE);
  const reason =
    reasonExt?.parsedValue instanceof asn1js.Enumerated
      ? reasonExt.parsedValue.valueBlock.valueDec
      : undefined;
  return { time: entry.revocationDate.value, ...(reason !== undefined ? { reason } : {}) };
}

function mayIssueCrls(issuer: pkijs.Certificate): boolean {
  const keyUsage = issuer.extensions?.find((e) => e.extnID === KEY_USAGE)?.parsedValue;
  if (!(keyUsage instanceof asn1js.BitString)) return true;
  // cRLSign is bit 6: 0x02 in the first octet.
  return ((keyUsage.valueBlock.valueHexView[0] ?? 0) & 0x02) !== 0;
}

function unavailable(code: RouteAnswer['problems'][number]['code'], message: string): RouteAnswer {
  return { status: 'unavailable', problems: [{ code, message }] };
}

/** Judges CRL bytes (DER or PEM) for the subject at `now`. `what` names the CRL in messages. */
export function evaluateCrl(
  bytes: Uint8Array,
  subject: Subject,
  issuerKey: KeyObject,
  now: Date,
  what: string,
): RouteAnswer {
  const crl = parseCrl(bytes);
  if (typeof crl === 'string') return unavailable('malformed', `${what} ${crl}`);
  if (!crl.issuer.isEqual(subject.leaf.issuer)) {
    return unavailable('wrong-issuer', `${what} is issued by another CA than the certificate`);
  }
  let signature = crl.signatures.get(issuerKey);
  if (!signature) {
    signature = verifySignature(issuerKey, crl.signatureAlgorithm, crl.tbs, crl.signature);
    crl.signatures.set(issuerKey, signature);
  }
  if (signature === 'unsupported') {
    return unavailable(
      'malformed',
      `${what} uses an unsupported signature algorithm ${crl.signatureAlgorithm.algorithmId}`,
    );
  }
  if (signature === 'invalid') {
    return unavailable(
      'bad-signature',
      `${what}: the signature does not verify with the issuer's key`,
    );
  }
  if (!mayIssueCrls(subject.issuer)) {
    return unavailable(
      'unauthorised-signer',
      `${what}: the issuer's keyUsage does not include cRLSign`,
    );
  }
  const extensions = crl.extensions;
  if (extensions.some((e) => e.extnID === DELTA_CRL_INDICATOR)) {
    return unavailable('malformed', `${what} is a delta CRL, not a complete one`);
  }
  const unknownCritical = extensions.find(
    (e) => e.critical && !UNDERSTOOD_CRL_EXTENSIONS.has(e.extnID),
  );
  if (unknownCritical) {
    return unavailable(
      'malformed',
      `${what} has an unsupported critical extension ${unknownCritical.extnID}`,
    );
  }

  const { thisUpdate, nextUpdate } = crl;
  const answer: RouteAnswer = { status: 'unavailable', thisUpdate, nextUpdate, problems: [] };
  const stale = freshness(what, thisUpdate, nextUpdate, now);
  if (stale) answer.problems.push(stale);

  const offset = crl.entries.get(subject.serial);
  const entry = offset === undefined ? undefined : entryAt(crl, offset);
  if (entry && entry.reason !== REMOVE_FROM_CRL) {
    // A verified revocation stands even when the CRL is stale: revocation is final.
    answer.status = 'revoked';
    answer.revocation = {
      time: entry.time,
      ...(entry.reason !== undefined ? { reason: reasonName(entry.reason) } : {}),
    };
  } else if (!stale) {
    answer.status = 'good';
  }
  return answer;
}
