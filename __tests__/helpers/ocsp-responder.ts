// Revocation test doubles: OCSP responses and CRLs built with pkijs and signed with node:crypto
// (factory keys), and a loopback node:http server that answers OCSP requests, serves CRLs and
// misbehaves on demand (slow, huge, redirect loops, HTTP errors). Test-only.
import { createHash, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { FetchRequest, FetchResult, RevocationFetcher } from '../../src/revocation/types.js';
import {
  FIXTURE_NOW,
  issueCertificate,
  pem,
  signatureOid,
  type CertSpec,
  type IssuedCert,
  type KeyPair,
} from './pki.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const HASH_OID = { sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1' } as const;

function ab(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

/** A leaf for `localhost` (CN and SAN) issued by `issuer`, with the spec's changes. */
export function issueLeafUnder(issuer: IssuedCert, spec: Partial<CertSpec> = {}): IssuedCert {
  return issueCertificate({
    subject: 'CN=localhost',
    issuer,
    sans: { dns: ['localhost'] },
    ...spec,
  });
}

/**
 * A revocation fetcher answering from a table (a body, or a whole FetchResult, per URL) and
 * recording what was asked; any other URL is unreachable (connection refused).
 */
export function tableFetcher(
  table: Record<string, Uint8Array | FetchResult>,
): RevocationFetcher & { asked: FetchRequest[] } {
  const asked: FetchRequest[] = [];
  return {
    asked,
    fetch: (req) => {
      asked.push(req);
      const entry = table[req.url];
      return Promise.resolve(
        entry instanceof Uint8Array
          ? { ok: true, url: req.url, body: entry }
          : (entry ?? {
              ok: false,
              code: 'unreachable',
              message: `${req.url}: connection refused`,
            }),
      );
    },
  };
}

/** Whole seconds: GeneralizedTime with milliseconds is legal but not what CAs emit. */
function seconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/**
 * Default validity window for responses and CRLs: current both at FIXTURE_NOW and at the real
 * clock (like the factory's certificates), so checks at either instant see them fresh.
 */
export function freshWindow(): { thisUpdate: Date; nextUpdate: Date } {
  const now = Date.now();
  return {
    thisUpdate: seconds(new Date(Math.min(now, FIXTURE_NOW.getTime()) - HOUR)),
    nextUpdate: seconds(new Date(Math.max(now, FIXTURE_NOW.getTime()) + 7 * DAY)),
  };
}

/** A window that ended well before both FIXTURE_NOW and the real clock. */
export function staleWindow(): { thisUpdate: Date; nextUpdate: Date } {
  const past = Math.min(Date.now(), FIXTURE_NOW.getTime()) - 30 * DAY;
  return { thisUpdate: seconds(new Date(past - 7 * DAY)), nextUpdate: seconds(new Date(past)) };
}

function parsedCert(cert: IssuedCert): pkijs.Certificate {
  return pkijs.Certificate.fromBER(ab(cert.der));
}

function algorithm(key: KeyPair, hash: 'sha256' | 'sha1'): pkijs.AlgorithmIdentifier {
  const oid = signatureOid(key.spec, hash);
  return new pkijs.AlgorithmIdentifier({
    algorithmId: oid,
    ...(oid.startsWith('1.2.840.113549.1.1.') ? { algorithmParams: new asn1js.Null() } : {}),
  });
}

function signBytes(key: KeyPair, data: Uint8Array, corrupt: boolean): asn1js.BitString {
  const eddsa = key.spec.type === 'ed25519' || key.spec.type === 'ed448';
  const signature = sign(eddsa ? null : 'sha256', data, key.privateKey);
  if (corrupt) signature[signature.length - 1]! ^= 0x01;
  return new asn1js.BitString({ valueHex: ab(signature) });
}

function serialInteger(serial: bigint | IssuedCert | asn1js.Integer): asn1js.Integer {
  if (serial instanceof asn1js.Integer) return serial;
  if (typeof serial !== 'bigint') return parsedCert(serial).serialNumber;
  let text = serial.toString(16);
  if (text.length % 2) text = `0${text}`;
  if (parseInt(text.slice(0, 2), 16) >= 0x80) text = `00${text}`;
  return new asn1js.Integer({ valueHex: ab(Buffer.from(text, 'hex')) });
}

// ---------------------------------------------------------------------------------------------
// OCSP

export interface OcspResponseSpec {
  /** The CA the answer is about (CertID issuer hashes are computed from it). */
  issuer: IssuedCert;
  /** The certificate (or serial) answered for. */
  serial: bigint | IssuedCert | asn1js.Integer;
  status?: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  /** CRLReason code, e.g. 1 = keyCompromise. */
  reason?: number;
  /** Default: freshWindow(). `nextUpdate: null` omits it. */
  thisUpdate?: Date;
  nextUpdate?: Date | null;
  /** Delegated responder: signs with its key, and is shipped in `certs`. Default: the issuer. */
  responder?: IssuedCert;
  /** Sign with this key instead (a forgery: nothing in the response vouches for it). */
  signingKey?: KeyPair;
  corruptSignature?: boolean;
  /** ResponderID by key hash instead of by name. */
  responderIdByKey?: boolean;
  certIdHash?: 'sha1' | 'sha256';
  /** A non-successful OCSPResponseStatus (e.g. 3 = tryLater): no responseBytes at all. */
  responseStatus?: number;
}

/** DER OCSPResponse per the spec. */
export function buildOcspResponse(spec: OcspResponseSpec): Buffer {
  if (spec.responseStatus !== undefined && spec.responseStatus !== 0) {
    const failed = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: spec.responseStatus }),
    });
    return Buffer.from(failed.toSchema().toBER(false));
  }
  const issuer = parsedCert(spec.issuer);
  const hash = spec.certIdHash ?? 'sha1';
  const digest = (data: Uint8Array) => ab(createHash(hash).update(data).digest());
  const certID = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: HASH_OID[hash],
      algorithmParams: new asn1js.Null(),
    }),
    issuerNameHash: new asn1js.OctetString({
      valueHex: digest(new Uint8Array(issuer.subject.valueBeforeDecode)),
    }),
    issuerKeyHash: new asn1js.OctetString({
      valueHex: digest(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    }),
    serialNumber: serialInteger(spec.serial),
  });
  const window = freshWindow();
  const thisUpdate = seconds(spec.thisUpdate ?? window.thisUpdate);
  const nextUpdate =
    spec.nextUpdate === null ? undefined : seconds(spec.nextUpdate ?? window.nextUpdate);
  const status = spec.status ?? 'good';
  const certStatus =
    status === 'revoked'
      ? new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 1 },
          value: [
            new asn1js.GeneralizedTime({
              valueDate: seconds(spec.revokedAt ?? new Date(thisUpdate.getTime() - DAY)),
            }),
            ...(spec.reason !== undefined
              ? [
                  new asn1js.Constructed({
                    idBlock: { tagClass: 3, tagNumber: 0 },
                    value: [new asn1js.Enumerated({ value: spec.reason })],
                  }),
                ]
              : []),
          ],
        })
      : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: status === 'good' ? 0 : 2 } });

  const signerCert = spec.responder ?? spec.issuer;
  const signer = parsedCert(signerCert);
  const responderID = spec.responderIdByKey
    ? new asn1js.OctetString({
        valueHex: ab(
          createHash('sha1')
            .update(signer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
            .digest(),
        ),
      })
    : signer.subject;
  const data = new pkijs.ResponseData({
    responderID,
    producedAt: thisUpdate,
    responses: [
      new pkijs.SingleResponse({
        certID,
        certStatus,
        thisUpdate,
        ...(nextUpdate ? { nextUpdate } : {}),
      }),
    ],
  });
  data.tbsView = new Uint8Array(data.toSchema(true).toBER(false));
  const key = spec.signingKey ?? signerCert.key;
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: algorithm(key, 'sha256'),
    signature: signBytes(key, data.tbsView, spec.corruptSignature ?? false),
    ...(spec.responder ? { certs: [signer] } : {}),
  });
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: ID_PKIX_OCSP_BASIC,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return Buffer.from(response.toSchema().toBER(false));
}

/**
 * The OCSP response a TLS server staples for `leaf` (node:tls: answer the server's 'OCSPRequest'
 * event with `callback(null, buildStapledOcspResponse(leaf, issuer))`). Good and fresh by default.
 */
export function buildStapledOcspResponse(
  leaf: IssuedCert,
  issuer: IssuedCert,
  options: Omit<OcspResponseSpec, 'issuer' | 'serial'> = {},
): Buffer {
  return buildOcspResponse({ ...options, issuer, serial: leaf });
}

// ---------------------------------------------------------------------------------------------
// CRL

export interface CrlSpec {
  issuer: IssuedCert;
  revoked?: { serial: bigint | IssuedCert; time?: Date; reason?: number }[];
  /** Default: freshWindow(). `nextUpdate: null` omits it. */
  thisUpdate?: Date;
  nextUpdate?: Date | null;
  /** Sign with another key (forgery). */
  signingKey?: KeyPair;
  corruptSignature?: boolean;
  /** Extra CRL extensions (e.g. an unknown critical one). */
  extensions?: { oid: string; critical: boolean; value: Uint8Array }[];
}

/** DER CertificateList per the spec (`pem(der, 'X509 CRL')` for the PEM form). */
export function buildCrl(spec: CrlSpec): Buffer {
  const issuer = parsedCert(spec.issuer);
  const key = spec.signingKey ?? spec.issuer.key;
  const window = freshWindow();
  const time = (d: Date) => new pkijs.Time({ type: 0, value: seconds(d) });
  const thisUpdate = spec.thisUpdate ?? window.thisUpdate;
  const nextUpdate = spec.nextUpdate === null ? undefined : (spec.nextUpdate ?? window.nextUpdate);
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    signature: algorithm(key, 'sha256'),
    issuer: issuer.subject,
    thisUpdate: time(thisUpdate),
    ...(nextUpdate ? { nextUpdate: time(nextUpdate) } : {}),
    signatureAlgorithm: algorithm(key, 'sha256'),
  });
  if (spec.revoked?.length) {
    crl.revokedCertificates = spec.revoked.map(
      (entry) =>
        new pkijs.RevokedCertificate({
          userCertificate: serialInteger(entry.serial),
          revocationDate: time(entry.time ?? new Date(thisUpdate.getTime() - DAY)),
          ...(entry.reason !== undefined
            ? {
                crlEntryExtensions: new pkijs.Extensions({
                  extensions: [
                    new pkijs.Extension({
                      extnID: '2.5.29.21',
                      critical: false,
                      extnValue: new asn1js.Enumerated({ value: entry.reason }).toBER(false),
                    }),
                  ],
                }),
              }
            : {}),
        }),
    );
  }
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [
      new pkijs.Extension({
        extnID: '2.5.29.20', // cRLNumber
        critical: false,
        extnValue: new asn1js.Integer({ value: 1 }).toBER(false),
      }),
      ...(spec.extensions ?? []).map(
        (e) => new pkijs.Extension({ extnID: e.oid, critical: e.critical, extnValue: ab(e.value) }),
      ),
    ],
  });
  const unsigned = crl.toSchema(true) as asn1js.Sequence;
  const tbs = new Uint8Array(unsigned.valueBlock.value[0]!.toBER(false));
  const signature = signBytes(key, tbs, spec.corruptSignature ?? false);
  // Assembled from bytes: pkijs would re-parse the TBS, and asn1js refuses more than 10,000
  // nodes (about 3,300 entries), while tests need CRLs larger than that.
  return derSequence([
    tbs,
    new Uint8Array(crl.signatureAlgorithm.toSchema().toBER(false)),
    new Uint8Array(signature.toBER(false)),
  ]);
}

function derSequence(parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([0x30, ...length]), body]);
}

/** PEM form of a CRL. */
export function crlPem(der: Uint8Array): string {
  return pem(der, 'X509 CRL');
}

// ---------------------------------------------------------------------------------------------
// Loopback server

export interface RecordedRequest {
  method: string;
  path: string;
  contentType?: string;
  body: Buffer;
}

/** What a route does: a fixed body, or misbehaviour. */
export type Reply =
  | { body: Uint8Array | string; status?: number; contentType?: string; delayMs?: number }
  | { status: number }
  | { redirect: string; status?: number }
  /** Streams this many bytes (64 KiB chunks), without a Content-Length, until the client leaves. */
  | { streamBytes: number }
  /** Accepts the request and never answers. */
  | { hang: true };

export type Route = Reply | ((request: RecordedRequest) => Reply);

export interface OcspRouteSpec extends Omit<OcspResponseSpec, 'serial'> {
  /** Override the serial answered for (default: the one asked about). */
  serial?: bigint | IssuedCert;
}

export interface RevocationServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Serves `route` at `path` (exact match, query ignored). */
  route(path: string, route: Route): string;
  /** An OCSP responder at `path` answering whatever serial it is asked about, per the spec. */
  ocsp(path: string, spec: OcspRouteSpec): string;
  /** A CRL (DER, or PEM with `pemEncoded`) at `path`. */
  crl(path: string, spec: CrlSpec, pemEncoded?: boolean): string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** The serial in a DER OCSPRequest (its first Request), or undefined when it does not parse. */
function requestedSerial(body: Buffer): asn1js.Integer | undefined {
  try {
    const request = pkijs.OCSPRequest.fromBER(ab(body));
    return request.tbsRequest.requestList[0]?.reqCert.serialNumber;
  } catch {
    return undefined;
  }
}

export async function startRevocationServer(): Promise<RevocationServer> {
  const routes = new Map<string, Route>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const respond = (reply: Reply, res: ServerResponse) => {
    if ('hang' in reply) return;
    if ('redirect' in reply) {
      res.writeHead(reply.status ?? 302, { location: reply.redirect }).end();
      return;
    }
    if ('streamBytes' in reply) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x30);
      let sent = 0;
      const pump = () => {
        while (sent < reply.streamBytes && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    if (!('body' in reply)) {
      res.writeHead(reply.status).end();
      return;
    }
    const send = () => {
      res
        .writeHead(reply.status ?? 200, {
          'content-type': reply.contentType ?? 'application/octet-stream',
        })
        .end(typeof reply.body === 'string' ? reply.body : Buffer.from(reply.body));
    };
    if (reply.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, reply.delayMs);
      timers.add(timer);
    } else {
      send();
    }
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      const route = routes.get(path);
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      respond(typeof route === 'function' ? route(recorded) : route, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const route = (path: string, r: Route): string => {
    routes.set(path, r);
    return url + path;
  };

  return {
    url,
    requests,
    route,
    ocsp(path, spec) {
      return route(path, (request) => {
        const serial = spec.serial ?? requestedSerial(request.body);
        if (request.method !== 'POST' || !serial) {
          // RFC 6960 §4.2.1: a request the responder cannot parse gets malformedRequest.
          return { body: buildOcspResponse({ ...spec, serial: 0n, responseStatus: 1 }) };
        }
        return {
          body: buildOcspResponse({ ...spec, serial }),
          contentType: 'application/ocsp-response',
        };
      });
    },
    crl(path, spec, pemEncoded = false) {
      const der = buildCrl(spec);
      return route(path, {
        body: pemEncoded ? crlPem(der) : der,
        contentType: 'application/pkix-crl',
      });
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
