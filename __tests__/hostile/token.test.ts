// The token, as the runner hands it to the bundled Action (INPUT_TOKEN, debug logging on): masked
// first, never printed (debug included), never written to the summary, outputs or report files,
// and sent only to the GitHub API, never to the hosts, OCSP responders or CRL servers the gate
// talks to. Needs a built bundle (`npm run build`).
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { makeChain } from '../helpers/pki.js';
import { pullRequestEvent, runActionBundle } from '../helpers/run-dist.js';

const TOKEN = 'ghs_T0kenThatMustNeverLeak_7f3e9a';

let workspace: string;
let api: FakeGitHub;
let revocation: Server;
let host: tls.Server;
/** Everything the non-GitHub servers received: headers and bodies, as text. */
const received: { where: string; headers?: IncomingHttpHeaders; data: string }[] = [];

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'tls-gate-token-'));
  revocation = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        where: `revocation ${req.method} ${req.url}`,
        headers: req.headers,
        data: Buffer.concat(chunks).toString('latin1'),
      });
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((done) => revocation.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(revocation.address() as AddressInfo).port}`;

  const chain = makeChain({
    hostname: 'localhost',
    name: 'Token',
    slot: 13,
    leaf: { ocsp: [`${base}/ocsp`], crl: [`${base}/leaf.crl`] },
  });
  host = tls.createServer(chain.serverOptions, (socket) => {
    socket.on('error', () => {});
    socket.on('data', (data: Buffer) => {
      received.push({ where: 'TLS host', data: data.toString('latin1') });
      socket.end('HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=31536000\r\n\r\n');
    });
  });
  host.on('tlsClientError', () => {});
  await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
  const port = (host.address() as AddressInfo).port;

  mkdirSync(join(workspace, '.github'));
  mkdirSync(join(workspace, 'certs'));
  writeFileSync(join(workspace, 'certs/root.pem'), chain.trustPem);
  writeFileSync(join(workspace, 'certs/leaf.pem'), chain.chainPem);
  writeFileSync(
    join(workspace, '.github/tls-gate.yml'),
    [
      'version: 1',
      'defaults: { timeout_ms: 2000, revocation: hard-fail }',
      'hosts:',
      '  - host: localhost',
      `    port: ${port}`,
      '    address: 127.0.0.1',
      '    trust: ../certs/root.pem',
      '    hsts: {}',
      'certificates:',
      '  - path: ../certs/leaf.pem',
      '    trust: ../certs/root.pem',
      '',
    ].join('\n'),
  );
  api = await startFakeGitHub({
    tokens: { [TOKEN]: { user: ACTIONS_BOT, installation: true } },
  });
});

afterAll(async () => {
  await api.close();
  await new Promise<void>((done) => revocation.close(() => done()));
  await new Promise<void>((done) => host.close(() => done()));
  rmSync(workspace, { recursive: true, force: true });
});

it('the token is masked, never printed or written, and only sent to the GitHub API', async () => {
  const { code, stdout, stderr, files } = await runActionBundle({
    workspace,
    apiUrl: api.url,
    event: pullRequestEvent(),
    env: { RUNNER_DEBUG: '1' },
    inputs: (run) => ({
      token: TOKEN,
      comment: 'always',
      'json-file': join(run, 'report.json'),
      'sarif-file': join(run, 'report.sarif'),
      'junit-file': join(run, 'report.xml'),
    }),
  });

  // It ran for real: debug lines, the comment posted with the token, the hosts contacted.
  expect(code).not.toBeNull();
  expect(stdout).toMatch(/^::debug::/m);
  expect(api.writes().length).toBeGreaterThan(0);
  expect(received.some((r) => r.where.startsWith('revocation'))).toBe(true);
  expect(received.some((r) => r.where === 'TLS host' && r.data.startsWith('GET / '))).toBe(true);

  // Masked before anything else could print it; the mask line is the only place it appears.
  const lines = stdout.split(/\r?\n/);
  const maskAt = lines.indexOf(`::add-mask::${TOKEN}`);
  expect(maskAt).toBeGreaterThanOrEqual(0);
  expect(lines.findIndex((line) => line.includes(TOKEN))).toBe(maskAt);
  expect(lines.filter((line) => line.includes(TOKEN))).toHaveLength(1);
  expect(stderr).not.toContain(TOKEN);
  const written = [
    files.output,
    files.summary,
    ...readdirSync(files.dir)
      .filter((name) => name.startsWith('report.'))
      .map((name) => join(files.dir, name)),
  ];
  expect(written.length).toBeGreaterThanOrEqual(5);
  for (const file of written) {
    expect({ file, leaks: readFileSync(file, 'utf8').includes(TOKEN) }).toEqual({
      file,
      leaks: false,
    });
  }

  // Sent to the API on every request, and to nothing else.
  expect(api.requests.length).toBeGreaterThan(0);
  for (const request of api.requests) {
    expect(request.authorization).toMatch(new RegExp(`^(token|bearer) ${TOKEN}$`, 'i'));
  }
  for (const { where, headers, data } of received) {
    const seen = JSON.stringify(headers ?? {}) + data;
    expect({ where, leaks: seen.includes(TOKEN) || /authorization/i.test(seen) }).toEqual({
      where,
      leaks: false,
    });
  }
}, 60_000);
