// The stapled response the helper builds survives a real node:tls handshake (server 'OCSPRequest'
// event → client 'OCSPResponse' event) and verifies on the other side: what the probe relies on.
import { connect, createServer, type ConnectionOptions, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { checkRevocation } from '../../src/revocation/check.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { buildStapledOcspResponse } from '../helpers/ocsp-responder.js';
import { FIXTURE_NOW, makeChain } from '../helpers/pki.js';

const chain = makeChain({ name: 'Staple TLS', leaf: { mustStaple: true } });
let server: Server;

beforeAll(async () => {
  server = createServer(chain.serverOptions);
  server.on('OCSPRequest', (_cert, _issuer, callback) =>
    callback(null, buildStapledOcspResponse(chain.leaf, chain.intermediate, { status: 'revoked' })),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('a staple sent through node:tls verifies as revoked', async () => {
  const { port } = server.address() as AddressInfo;
  const stapled = await new Promise<Buffer>((resolve, reject) => {
    // requestOCSP is a TLSSocket option that @types/node leaves out of ConnectionOptions.
    const options: ConnectionOptions & { requestOCSP: boolean } = {
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: chain.trustPem,
      requestOCSP: true,
    };
    const socket = connect(options);
    socket.once('OCSPResponse', (response: Buffer) => {
      socket.end();
      resolve(response);
    });
    socket.once('error', reject);
  });
  const origin = { kind: 'server' as const, name: 'localhost', index: 0 };
  const facts = await checkRevocation({
    leaf: parseCertificate(chain.leaf.der, origin),
    issuer: parseCertificate(chain.intermediate.der, { ...origin, index: 1 }),
    stapled,
    mode: 'soft-fail',
    now: FIXTURE_NOW,
    fetcher: { fetch: () => Promise.reject(new Error('no fetch expected')) },
  });
  expect(facts).toMatchObject({ status: 'revoked', route: 'stapled-ocsp', mustStaple: true });
});
