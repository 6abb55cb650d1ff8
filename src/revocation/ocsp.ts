// OCSP (RFC 6960): build a request for a leaf, and judge a response: parsed, signed by the issuer
// or by a responder the issuer delegated to (§4.2.2.2), for this certificate, and fresh.
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  bytesEqual,
  freshness,
  nameDer,
  reasonName,
  serialHex,
  toArrayBuffer,
  type RouteAnswer,
  type Subject,
} from './common.js';
import { digest, hashName, publicKeyOf, verifySignature } from './signature.js';

const SHA1 = '1.3.14.3.2.26';
const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const ID_KP_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const EXT_KEY_USAGE = '2.5.29.37';

/** RFC 6960 §4.2.1 OCSPResponseStatus values other than successful(0). */
const RESPONSE_STATUS: Readonly<Record<number, string>> = {
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};

function issuerKeyBits(issuer: pkijs.Certificate): Uint8Array {
  return issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
}

/**
 * DER OCSPRequest for the leaf: one CertID with SHA-1 (the hash RFC 5019 responders must
 * support), no nonce (pre-signed responses, as public CAs serve them, carry none).
 */
export function buildOcspRequest(subject: Subject): Uint8Array {
  const certId = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: SHA1,
      algorithmParams: new asn1js.Null(),
    }),
    issuerNameHash: new asn1js.OctetString({
      valueHex: toArrayBuffer(digest('sha1', nameDer(subject.leaf.issuer))),
    }),
    issuerKeyHash: new asn1js.OctetString({
      valueHex: toArrayBuffer(digest('sha1', issuerKeyBits(subject.issuer))),
    }),
    serialNumber: subject.leaf.serialNumber,
  });
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
  return new Uint8Array(request.toSchema(true).toBER(false));
}

function unavailable(code: RouteAnswer['problems'][number]['code'], message: string): RouteAnswer {
  return { status: 'unavailable', problems: [{ code, message }] };
}

function parseDer<T>(der: Uint8Array, make: (schema: asn1js.AsnType) => T): T | undefined {
  const parsed = asn1js.fromBER(toArrayBuffer(der));
  if (parsed.offset === -1 || parsed.offset !== der.byteLength) return undefined;
  try {
    return make(parsed.result);
  } catch {
    return undefined;
  }
}

function spkiOf(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
}

function matchesResponderId(cert: pkijs.Certificate, responderId: unknown): boolean {
  if (responderId instanceof pkijs.RelativeDistinguishedNames) {
    return cert.subject.isEqual(responderId);
  }
  if (responderId instanceof asn1js.OctetString) {
    return bytesEqual(digest('sha1', issuerKeyBits(cert)), responderId.valueBlock.valueHexView);
  }
  return false;
}

/** Why a delegated responder certificate may not answer for the issuer, or undefined if it may. */
function delegationProblem(
  responder: pkijs.Certificate,
  issuer: pkijs.Certificate,
  issuerKey: KeyObject,
  now: Date,
): string | undefined {
  if (!responder.issuer.isEqual(issuer.subject)) {
    return 'the responder certificate was not issued by the certificate issuer';
  }
  const signed = verifySignature(
    issuerKey,
    responder.signatureAlgorithm,
    responder.tbsView,
    responder.signatureValue.valueBlock.valueHexView,
  );
  if (signed !== 'valid') {
    return "the responder certificate's signature does not verify with the issuer's key";
  }
  const eku = responder.extensions?.find((e) => e.extnID === EXT_KEY_USAGE)?.parsedValue as
    pkijs.ExtKeyUsage | undefined;
  if (!eku?.keyPurposes.includes(ID_KP_OCSP_SIGNING)) {
    return 'the responder certificate lacks the id-kp-OCSPSigning extended key usage';
  }
  const notBefore = responder.notBefore.value.getTime();
  const notAfter = responder.notAfter.value.getTime();
  if (now.getTime() < notBefore || now.getTime() > notAfter) {
    return 'the responder certificate is not valid at the evaluation time';
  }
  return undefined;
}

/** Judges a DER OCSPResponse for the subject at `now`. `what` names it in messages. */
export function evaluateOcspResponse(
  der: Uint8Array,
  subject: Subject,
  issuerKey: KeyObject,
  now: Date,
  what: string,
): RouteAnswer {
  const response = parseDer(der, (schema) => new pkijs.OCSPResponse({ schema }));
  if (!response) return unavailable('malformed', `${what} is not a DER OCSPResponse`);
  const responseStatus = response.responseStatus.valueBlock.valueDec;
  if (responseStatus !== 0) {
    const name = RESPONSE_STATUS[responseStatus] ?? `status ${responseStatus}`;
    return unavailable('responder-error', `${what}: the responder answered ${name}`);
  }
  if (response.responseBytes?.responseType !== ID_PKIX_OCSP_BASIC) {
    return unavailable('malformed', `${what} is not a basic OCSP response`);
  }
  const basic = parseDer(
    response.responseBytes.response.valueBlock.valueHexView,
    (schema) => new pkijs.BasicOCSPResponse({ schema }),
  );
  if (!basic) return unavailable('malformed', `${what}: BasicOCSPResponse does not parse`);

  // Signer: the issuer or a certificate shipped in the response, whichever key verifies;
  // certificates the ResponderID names are tried first.
  const responderId: unknown = basic.tbsResponseData.responderID;
  const candidates = [subject.issuer, ...(basic.certs ?? [])].sort(
    (a, b) =>
      Number(matchesResponderId(b, responderId)) - Number(matchesResponderId(a, responderId)),
  );
  const signature = basic.signature.valueBlock.valueHexView;
  const tbs = basic.tbsResponseData.tbsView;
  let signer: pkijs.Certificate | undefined;
  for (const candidate of candidates) {
    const key = candidate === subject.issuer ? issuerKey : publicKeyOf(candidate);
    if (key && verifySignature(key, basic.signatureAlgorithm, tbs, signature) === 'valid') {
      signer = candidate;
      break;
    }
  }
  if (!signer) {
    return unavailable(
      'bad-signature',
      `${what}: the signature verifies neither with the issuer's key nor with a responder certificate in the response`,
    );
  }
  if (!bytesEqual(spkiOf(signer), spkiOf(subject.issuer))) {
    const why = delegationProblem(signer, subject.issuer, issuerKey, now);
    if (why) return unavailable('unauthorised-signer', `${what}: unauthorised responder: ${why}`);
  }

  const single = findSingleResponse(basic.tbsResponseData.responses, subject);
  if ('problem' in single) return unavailable('serial-mismatch', `${what} ${single.problem}`);
  const { thisUpdate, nextUpdate } = single.response;
  const answer: RouteAnswer = { status: 'unavailable', thisUpdate, nextUpdate, problems: [] };
  const stale = freshness(what, thisUpdate, nextUpdate, now);
  if (stale) answer.problems.push(stale);

  const certStatus = single.response.certStatus as asn1js.BaseBlock;
  switch (certStatus.idBlock.tagNumber) {
    case 0:
      if (!stale) answer.status = 'good';
      break;
    case 1: {
      // A verified revocation stands even when the response is stale: revocation is final.
      const [time, reason] = (certStatus as asn1js.Constructed).valueBlock.value;
      answer.status = 'revoked';
      answer.revocation = {
        time: (time as asn1js.GeneralizedTime).toDate(),
        ...(reason instanceof asn1js.Constructed &&
        reason.valueBlock.value[0] instanceof asn1js.Enumerated
          ? { reason: reasonName(reason.valueBlock.value[0].valueBlock.valueDec) }
          : {}),
      };
      break;
    }
    default:
      if (!stale) answer.status = 'unknown';
  }
  return answer;
}

function findSingleResponse(
  responses: pkijs.SingleResponse[],
  subject: Subject,
): { response: pkijs.SingleResponse } | { problem: string } {
  let otherIssuer = false;
  for (const response of responses) {
    const certId = response.certID;
    if (serialHex(certId.serialNumber) !== subject.serial) continue;
    const hash = hashName(certId.hashAlgorithm.algorithmId);
    if (!hash) continue;
    const nameHash = digest(hash, nameDer(subject.leaf.issuer));
    const keyHash = digest(hash, issuerKeyBits(subject.issuer));
    if (
      bytesEqual(nameHash, certId.issuerNameHash.valueBlock.valueHexView) &&
      bytesEqual(keyHash, certId.issuerKeyHash.valueBlock.valueHexView)
    ) {
      return { response };
    }
    otherIssuer = true;
  }
  if (otherIssuer) {
    return { problem: `is for serial ${subject.serial} of a different issuer` };
  }
  const covered = responses.map((r) => serialHex(r.certID.serialNumber)).join(', ');
  return {
    problem: `does not cover serial ${subject.serial}${covered ? ` (it covers ${covered})` : ''}`,
  };
}
