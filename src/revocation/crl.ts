// CRLs (RFC 5280 §5, §6.3): DER or PEM, issued and signed by the leaf's issuer (which must be
// allowed to sign CRLs), fresh, and then the leaf's serial looked up.
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  freshness,
  reasonName,
  serialHex,
  toArrayBuffer,
  type RouteAnswer,
  type Subject,
} from './common.js';
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
  crl: pkijs.CertificateRevocationList;
  /** Serial (normalised hex) → entry; built once per CRL. */
  entries: Map<string, pkijs.RevokedCertificate>;
  /** Signature checks per issuer key, so 50 leaves of one CA verify a large CRL once. */
  signatures: WeakMap<KeyObject, SignatureCheck>;
}

// Keyed by the fetched bytes: the fetcher hands every caller of one URL the same array.
const parsedCrls = new WeakMap<Uint8Array, ParsedCrl | string>();

function pemToDer(bytes: Uint8Array): Uint8Array | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  const match = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]*)-----END X509 CRL-----/.exec(text);
  return match ? new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64')) : undefined;
}

function parseCrl(bytes: Uint8Array): ParsedCrl | string {
  const cached = parsedCrls.get(bytes);
  if (cached) return cached;
  const parsed = parseUncached(bytes);
  parsedCrls.set(bytes, parsed);
  return parsed;
}

function parseUncached(bytes: Uint8Array): ParsedCrl | string {
  const looksPem = /^\s*-----BEGIN/.test(Buffer.from(bytes.subarray(0, 64)).toString('latin1'));
  const der = looksPem ? pemToDer(bytes) : bytes;
  if (!der) return 'is PEM but holds no X509 CRL block';
  const asn1 = asn1js.fromBER(toArrayBuffer(der));
  if (asn1.offset === -1 || asn1.offset !== der.byteLength) return 'is not a DER CRL';
  let crl: pkijs.CertificateRevocationList;
  try {
    crl = new pkijs.CertificateRevocationList({ schema: asn1.result });
  } catch {
    return 'is not a CertificateList';
  }
  const entries = new Map<string, pkijs.RevokedCertificate>();
  for (const entry of crl.revokedCertificates ?? []) {
    entries.set(serialHex(entry.userCertificate), entry);
  }
  return { crl, entries, signatures: new WeakMap() };
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
  const parsed = parseCrl(bytes);
  if (typeof parsed === 'string') return unavailable('malformed', `${what} ${parsed}`);
  const { crl } = parsed;
  if (!crl.issuer.isEqual(subject.leaf.issuer)) {
    return unavailable('wrong-issuer', `${what} is issued by another CA than the certificate`);
  }
  let signature = parsed.signatures.get(issuerKey);
  if (!signature) {
    signature = verifySignature(
      issuerKey,
      crl.signatureAlgorithm,
      crl.tbsView,
      crl.signatureValue.valueBlock.valueHexView,
    );
    parsed.signatures.set(issuerKey, signature);
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
  const extensions = crl.crlExtensions?.extensions ?? [];
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

  const thisUpdate = crl.thisUpdate.value;
  const nextUpdate = crl.nextUpdate?.value;
  const answer: RouteAnswer = { status: 'unavailable', thisUpdate, nextUpdate, problems: [] };
  const stale = freshness(what, thisUpdate, nextUpdate, now);
  if (stale) answer.problems.push(stale);

  const entry = parsed.entries.get(subject.serial);
  const reasonExt = entry?.crlEntryExtensions?.extensions.find((e) => e.extnID === REASON_CODE);
  const reason =
    reasonExt?.parsedValue instanceof asn1js.Enumerated
      ? reasonExt.parsedValue.valueBlock.valueDec
      : undefined;
  if (entry && reason !== REMOVE_FROM_CRL) {
    // A verified revocation stands even when the CRL is stale: revocation is final.
    answer.status = 'revoked';
    answer.revocation = {
      time: entry.revocationDate.value,
      ...(reason !== undefined ? { reason: reasonName(reason) } : {}),
    };
  } else if (!stale) {
    answer.status = 'good';
  }
  return answer;
}
