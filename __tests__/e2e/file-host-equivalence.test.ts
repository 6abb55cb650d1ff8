// Issue 4 "done when": the same verdicts come out for a chain whether it is read from a file or
// served by a loopback host. Each shape below is written as a file target (certificates in the
// served order, `hostname: localhost`) AND served by a node:tls server in the same policy; one
// `node dist/cli.js check` run judges both, and the chain.*, expiry.* and hostname.* findings
// (rule and severity) must be identical per shape, and must be the ones the shape is about.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/model.js';
import {
  generateKey,
  issueCertificate,
  makeChain,
  tlsServerOptions,
  type IssuedCert,
} from '../helpers/pki.js';
import { startTlsServer, type TestServer } from '../helpers/tls-servers.js';
import {
  check,
  policyYaml,
  targetNamed,
  workspace,
  type FileEntry,
  type HostEntry,
} from './harness.js';

const DAY = 86_400_000;
const past = { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) };
const key = (slot: number) => generateKey({ type: 'ec' }, 100 + slot);
const ca = (subject: string, slot: number, issuer?: IssuedCert, more = {}) =>
  issueCertificate({
    subject: `CN=${subject},O=tls-gate e2e`,
    key: key(slot),
    ca: true,
    issuer,
    ...more,
  });
const leafOf = (issuer: IssuedCert, slot: number, more = {}) =>
  issueCertificate({
    subject: 'CN=localhost',
    key: key(slot),
    issuer,
    sans: { dns: ['localhost'] },
    ...more,
  });

interface Shape {
  /** Certificates in the order both the file and the server present them, leaf first. */
  presented: IssuedCert[];
  trust: IssuedCert[];
  /** The chain/expiry/hostname rules this shape must raise (on both sides). */
  rules: string[];
}

function shapes(): Record<string, Shape> {
  const good = makeChain({ name: 'Eq Good', slot: 40 });
  const expiredInt = makeChain({ name: 'Eq ExpInt', slot: 41, intermediate: past });
  const untrusted = makeChain({ name: 'Eq Untrusted', slot: 42 });
  const stranger = makeChain({ name: 'Eq Stranger', slot: 43 });
  const eku = makeChain({ name: 'Eq EKU', slot: 44, leaf: { extKeyUsage: ['clientAuth'] } });

  // root → upper → lower → leaf, for order and path-length shapes.
  const deepRoot = ca('Eq Deep Root', 0);
  const upper = ca('Eq Deep Upper', 1, deepRoot);
  const lower = ca('Eq Deep Lower', 2, upper);
  const deepLeaf = leafOf(lower, 3);
  const plRoot = ca('Eq PathLen Root', 4);
  const plUpper = ca('Eq PathLen Upper', 5, plRoot, { pathLength: 0 });
  const plLower = ca('Eq PathLen Lower', 6, plUpper);
  const plLeaf = leafOf(plLower, 7);

  // The Let's Encrypt 2021 shape: the server still sends the new root cross-signed by an old
  // root that has expired since; the new root is a trust anchor, so the short path must win.
  const newRoot = ca('Eq New Root', 8);
  const oldRoot = ca('Eq Old Root', 9, undefined, past);
  const crossSigned = issueCertificate({
    subject: newRoot.subject,
    key: newRoot.key,
    issuer: oldRoot,
    ca: true,
  });
  const crossInt = ca('Eq Cross Intermediate', 10, newRoot);
  const crossLeaf = leafOf(crossInt, 11);

  return {
    good: { presented: [good.leaf, good.intermediate], trust: [good.root], rules: [] },
    'missing intermediate': {
      presented: [good.leaf],
      trust: [good.root],
      rules: ['chain.incomplete'],
    },
    'expired intermediate': {
      presented: [expiredInt.leaf, expiredInt.intermediate],
      trust: [expiredInt.root],
      // An expired intermediate invalidates the path: chain.expired, whether it was sent or not.
      rules: ['chain.expired'],
    },
    'untrusted root, sent': {
      presented: [untrusted.leaf, untrusted.intermediate, untrusted.root],
      trust: [stranger.root],
      rules: ['chain.untrusted-root'],
    },
    // Nothing presented or trusted issued the intermediate: from here the missing certificate
    // cannot be told from a missing intermediate, and the chain rules call it incomplete.
    'untrusted root, not sent': {
      presented: [untrusted.leaf, untrusted.intermediate],
      trust: [stranger.root],
      rules: ['chain.incomplete'],
    },
    'wrong order': {
      presented: [deepLeaf, upper, lower],
      trust: [deepRoot],
      rules: ['chain.wrong-order'],
    },
    'cross-signed, expired alternate path': {
      presented: [crossLeaf, crossInt, crossSigned],
      trust: [newRoot, oldRoot],
      rules: [],
    },
    'path-length violation': {
      presented: [plLeaf, plLower, plUpper],
      trust: [plRoot],
      rules: ['chain.path-length'],
    },
    'clientAuth-only leaf': {
      presented: [eku.leaf, eku.intermediate],
      trust: [eku.root],
      rules: ['chain.eku'],
    },
  };
}

const SHAPES = shapes();
const FAMILIES = ['chain', 'expiry', 'hostname'];
// AEAD suites only, so the servers raise nothing beyond what their chains deserve.
const AEAD = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305';
const ws = workspace('e2e-equivalence');
const servers: TestServer[] = [];
const names = new Map<string, { file: string; host: string }>();
let report: Report;

beforeAll(async () => {
  const hosts: HostEntry[] = [];
  const certificates: FileEntry[] = [];
  let i = 0;
  for (const [shape, { presented, trust }] of Object.entries(SHAPES)) {
    const trustPath = ws.write(`trust-${i}.pem`, trust.map((c) => c.pem).join(''));
    const file = `chain-${i}.pem`;
    ws.write(file, presented.map((c) => c.pem).join(''));
    const [leaf, ...rest] = presented;
    const server = await startTlsServer({ ...tlsServerOptions(leaf!, rest), ciphers: AEAD });
    servers.push(server);
    hosts.push({ port: server.port, trust: trustPath });
    certificates.push({ path: file, trust: trustPath, hostname: 'localhost' });
    names.set(shape, { file, host: `localhost:${server.port}` });
    i++;
  }
  const policy = ws.write('tls-gate.yml', policyYaml({ hosts, certificates }));
  report = (await check(policy)).report;
}, 30_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  ws.remove();
});

/** `rule:severity: message` of the findings `keep` selects, sorted. */
function findings(name: string, keep: (rule: string, check: string) => boolean): string[] {
  return targetNamed(report, name)
    .findings.filter((f) => keep(f.rule, f.check))
    .map((f) => `${f.rule}:${f.severity}: ${f.message}`)
    .sort();
}
const verdicts = (name: string) => findings(name, (_rule, family) => FAMILIES.includes(family));

/**
 * Findings that exist on one side only, by nature: what only a live connection shows (how it
 * connects, versions, suites, ephemeral keys, a missing staple, HSTS) and what only a file has
 * (reading and decoding it). Everything else — key, signature, ct, revocation — must agree too.
 */
const ONE_SIDED = ['connection', 'protocol', 'cipher', 'hsts', 'file'];
const ONE_SIDED_RULES = [
  'key.weak-dh-group',
  'key.weak-ecdh-curve',
  'revocation.must-staple-missing',
];
const shared = (name: string) =>
  findings(name, (rule, family) => !ONE_SIDED.includes(family) && !ONE_SIDED_RULES.includes(rule));

describe.each(Object.entries(SHAPES))('%s', (shape, { rules }) => {
  it('gives the same chain, expiry and hostname findings from a file and from a host', () => {
    const { file, host } = names.get(shape)!;
    expect({ shape, host: verdicts(host) }).toEqual({ shape, host: verdicts(file) });
  });
  it('agrees on every finding both sides can have, and on the validated path', () => {
    const { file, host } = names.get(shape)!;
    expect({ shape, host: shared(host) }).toEqual({ shape, host: shared(file) });
    const path = (name: string) => targetNamed(report, name).facts.path;
    expect({ shape, host: path(host) }).toEqual({ shape, host: path(file) });
  });
  it('raises exactly the rules the shape is about', () => {
    const { host } = names.get(shape)!;
    // Of every family: the servers are healthy, so nothing but the chain's problem shows.
    const found = [...new Set(targetNamed(report, host).findings.map((f) => f.rule))].sort();
    expect({ shape, found }).toEqual({ shape, found: rules });
  });
});

it('takes the short path to the new root past the cross-sign from the expired one', () => {
  const { host } = names.get('cross-signed, expired alternate path')!;
  const path = targetNamed(report, host).facts.path ?? [];
  expect(path).toHaveLength(3);
  expect(path[2]).toMatch(/Eq New Root/);
});
