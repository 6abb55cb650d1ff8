// Property-based checks over mutated inputs, shared by the test suite (a few thousand seeded runs)
// and scripts/fuzz.ts (as many as asked for). No Jest imports here: the script bundles this file.
//
// The contract under test: certificate files of any content become facts and findings, never a
// throw and never a rule that crashes; policy text of any content gives a Policy or a
// ConfigurationError whose every problem names the file and a line.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ALL_RULES } from '../../src/checks/index.js';
import { evaluateRules } from '../../src/checks/run.js';
import { collectFileFacts } from '../../src/collect.js';
import { ConfigurationError } from '../../src/errors.js';
import type { Finding } from '../../src/model.js';
import { parsePolicyText } from '../../src/policy/load.js';
import { DEFAULT_SETTINGS, type CertificateTarget } from '../../src/policy/types.js';
import type { RevocationFetcher } from '../../src/revocation/index.js';
import { decodeContainerFile } from '../../src/x509/formats/index.js';
import { FIXTURE_NOW, generateKey, issueCertificate, makeChain } from '../helpers/pki.js';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
const FORMATS = join(REPO_ROOT, '__tests__', 'fixtures', 'formats');
const POLICIES = join(REPO_ROOT, '__tests__', 'fixtures', 'policies');

export interface RunSettings {
  numRuns: number;
  seed: number;
}

// --- Inputs ------------------------------------------------------------------------------------

const chain = makeChain({ hostname: 'fuzz.example', name: 'Fuzz', slot: 11 });
const rich = issueCertificate({
  subject: 'CN=rich.fuzz.example,O=Fuzz,OU=Rich',
  key: generateKey({ type: 'ec' }, 45),
  issuer: chain.intermediate,
  sans: {
    dns: ['rich.fuzz.example', '*.fuzz.example'],
    ip: ['192.0.2.1', '2001:db8::1'],
    email: ['a@fuzz.example'],
    uri: ['https://fuzz.example/'],
  },
  extKeyUsage: ['serverAuth', 'clientAuth'],
  keyUsage: ['digitalSignature'],
  ocsp: ['http://ocsp.fuzz.example/'],
  crl: ['http://crl.fuzz.example/ca.crl'],
  caIssuers: ['http://ca.fuzz.example/ca.crt'],
  mustStaple: true,
  scts: 2,
});
const ed = issueCertificate({
  subject: 'CN=ed.fuzz.example',
  key: generateKey({ type: 'ed25519' }),
  issuer: chain.intermediate,
  sans: { dns: ['ed.fuzz.example'] },
});
const constrainedCa = issueCertificate({
  subject: 'CN=Constrained CA',
  key: generateKey({ type: 'ec' }, 46),
  issuer: chain.root,
  ca: true,
  pathLength: 0,
  nameConstraints: { permitted: { dns: ['fuzz.example'] }, excluded: { ip: ['10.0.0.0/8'] } },
});

/** DER certificates the mutations start from. */
export const SEED_DERS: readonly Buffer[] = [
  chain.leaf.der,
  chain.intermediate.der,
  chain.root.der,
  rich.der,
  ed.der,
  constrainedCa.der,
];
/** PEM texts: a chain file, a bundle with a key, and a leaf with text around it. */
export const SEED_PEMS: readonly string[] = [
  chain.chainPem,
  rich.pem + chain.intermediate.pem + chain.root.pem + chain.leaf.key.keyPem,
  `subject=CN = fuzz.example\nissuer=CN = Fuzz Intermediate CA\r\n${chain.leaf.pem.replace(/\n/g, '\r\n')}trailing text\n`,
];

// --- Mutations ---------------------------------------------------------------------------------

/** Offsets of every DER length octet (first one of each TLV), found by walking the structure. */
export function lengthOffsets(der: Uint8Array): number[] {
  const offsets: number[] = [];
  const walk = (start: number, end: number, depth: number) => {
    let at = start;
    while (at + 2 <= end && depth < 32) {
      const tag = der[at]!;
      const lengthAt = at + 1;
      const first = der[lengthAt]!;
      let length = first;
      let header = 2;
      if (first & 0x80) {
        const count = first & 0x7f;
        if (count === 0 || count > 4 || lengthAt + count >= end) return;
        length = 0;
        for (let i = 1; i <= count; i++) length = length * 256 + der[lengthAt + i]!;
        header += count;
      }
      offsets.push(lengthAt);
      const contentStart = at + header;
      if (contentStart + length > end) return;
      // Constructed, or a BIT STRING / OCTET STRING that usually wraps DER (extensions, keys).
      if (tag & 0x20) walk(contentStart, contentStart + length, depth + 1);
      else if (tag === 0x04) walk(contentStart, contentStart + length, depth + 1);
      else if (tag === 0x03) walk(contentStart + 1, contentStart + length, depth + 1);
      at = contentStart + length;
    }
  };
  walk(0, der.length, 0);
  return offsets;
}

type ByteMutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'length'; which: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'duplicate'; at: number; count: number };

/** Positions are drawn as fractions of the input so one arbitrary fits inputs of any size. */
const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const LENGTH_VALUES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x88, 0xff];

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fraction,
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    kind: fc.constant('set' as const),
    at: fraction,
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('length' as const),
    which: fraction,
    value: fc.oneof(fc.constantFrom(...LENGTH_VALUES), fc.integer({ min: 0, max: 255 })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fraction,
    count: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fraction,
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fraction,
    count: fc.integer({ min: 1, max: 256 }),
  }),
);

export function mutateBytes(input: Uint8Array, mutations: readonly ByteMutation[]): Buffer {
  let bytes = Buffer.from(input);
  for (const m of mutations) {
    if (bytes.length === 0) break;
    const at = 'at' in m ? Math.floor(m.at * bytes.length) : 0;
    switch (m.kind) {
      case 'flip':
        bytes[at]! ^= 1 << m.bit;
        break;
      case 'set':
        bytes[at] = m.value;
        break;
      case 'length': {
        const offsets = lengthOffsets(bytes);
        if (offsets.length > 0) bytes[offsets[Math.floor(m.which * offsets.length)]!] = m.value;
        break;
      }
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.count)]);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, at + m.count), bytes.subarray(at)]);
        break;
    }
  }
  return bytes;
}

export const mutatedDer = fc
  .tuple(fc.constantFrom(...SEED_DERS), fc.array(byteMutation, { minLength: 1, maxLength: 4 }))
  .map(([der, mutations]) => mutateBytes(der, mutations));

/** Text that means something to a PEM reader, or to nothing at all. */
const PEM_PIECES = [
  '-----BEGIN CERTIFICATE-----\n',
  '-----END CERTIFICATE-----\n',
  '-----BEGIN CERTIFICATE-----',
  '-----BEGIN PRIVATE KEY-----\n',
  '-----BEGIN ENCRYPTED PRIVATE KEY-----\n',
  '-----BEGIN TRUSTED CERTIFICATE-----\n',
  '-----BEGIN PKCS7-----\n',
  '-----BEGIN -----\n',
  '-----END',
  'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n',
  '=',
  '==',
  '\r\n',
  '\n\n',
  ' ',
  '\t',
  '\u0000',
  'MII',
  'AAAA',
  '////',
  '\u00e9',
  '\ufeff',
];

type TextMutation =
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; char: string }
  | { kind: 'repeat'; times: number };

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fraction,
      count: fc.integer({ min: 1, max: 80 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fraction,
      text: fc.oneof(fc.constantFrom(...PEM_PIECES), fc.string({ maxLength: 6 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      at: fraction,
      char: fc.oneof(
        fc.constantFrom('A', '+', '/', '=', '-', '\n', '*', '\u0000'),
        fc.string({ minLength: 1, maxLength: 1 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('repeat' as const),
      times: fc.integer({ min: 2, max: 20 }),
    }),
  },
);

export function mutateText(input: string, mutations: readonly TextMutation[]): string {
  let text = input;
  for (const m of mutations) {
    const at = 'at' in m ? Math.floor(m.at * (text.length + 1)) : 0;
    if (m.kind === 'delete') text = text.slice(0, at) + text.slice(at + m.count);
    else if (m.kind === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
    else if (m.kind === 'replace') text = text.slice(0, at) + m.char + text.slice(at + 1);
    else text = text.repeat(m.times);
  }
  return text;
}

export const mutatedPem = fc
  .tuple(fc.constantFrom(...SEED_PEMS), fc.array(textMutation, { minLength: 1, maxLength: 5 }))
  .map(([pem, mutations]) => mutateText(pem, mutations));

// --- The file property: bytes → facts → chain → every rule -------------------------------------

/** A fetcher that never goes to the network: mutated certificates carry mutated URLs. */
const offline: RevocationFetcher = {
  fetch: () => Promise.resolve({ ok: false, code: 'unreachable', message: 'offline (fuzzing)' }),
};

export interface FileCheck {
  findings: Finding[];
}

/** A scratch directory with the chain's root as a trust file, for collectFileFacts. */
export function scratchDir(): { dir: string; trust: string; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tls-gate-fuzz-'));
  const trust = join(dir, 'root.pem');
  writeFileSync(trust, chain.trustPem);
  return { dir, trust, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Writes `bytes` to `name` in `dir` and runs what the gate runs for a certificate target: read,
 * decode, key pair, chain, revocation (offline), then every rule. Throws only on a contract
 * breach: a decoder or rule that threw.
 */
export async function checkFile(
  scratch: { dir: string; trust: string },
  name: string,
  bytes: Uint8Array,
  target: Partial<CertificateTarget> = {},
): Promise<FileCheck> {
  const path = join(scratch.dir, name);
  writeFileSync(path, bytes);
  const fileTarget: CertificateTarget = {
    type: 'file',
    name,
    path,
    usage: 'server',
    trust: scratch.trust,
    hostname: 'fuzz.example',
    source: { file: 'tls-gate.yml', line: 3, column: 5 },
    settings: structuredClone(DEFAULT_SETTINGS),
    ...target,
  };
  const facts = await collectFileFacts(fileTarget, {
    now: FIXTURE_NOW,
    fetcher: offline,
    probe: () => Promise.reject(new Error('no hosts here')),
    env: { P12_PASSWORD: 'correct horse' },
  });
  const findings = evaluateRules(ALL_RULES, facts, {
    now: FIXTURE_NOW,
    settings: fileTarget.settings,
  });
  const crashed = findings.filter((f) => f.message.includes('could not evaluate this check'));
  if (crashed.length > 0) {
    throw new Error(`rules crashed: ${crashed.map((f) => `${f.rule}: ${f.message}`).join('; ')}`);
  }
  if (facts.certificates.length === 0 && findings.every((f) => f.severity !== 'error')) {
    throw new Error(`a file without a certificate passed: ${JSON.stringify(findings)}`);
  }
  return { findings };
}

// --- PKCS#12 / PKCS#7 --------------------------------------------------------------------------

export const CONTAINER_SEEDS: readonly { name: string; bytes: Buffer }[] = readdirSync(FORMATS)
  .filter((name) => /\.(p12|p7b|p7c)$/.test(name))
  .map((name) => ({ name, bytes: readFileSync(join(FORMATS, name)) }));

export const mutatedContainer = fc
  .tuple(
    fc.constantFrom(...CONTAINER_SEEDS),
    fc.array(byteMutation, { minLength: 1, maxLength: 3 }),
  )
  .map(([seed, mutations]) => ({ name: seed.name, bytes: mutateBytes(seed.bytes, mutations) }));

/** decodeContainerFile must return data for any bytes; returns what it found for inspection. */
export function checkContainer(name: string, bytes: Uint8Array) {
  const decoded = decodeContainerFile(bytes, name, {
    password: 'correct horse',
    passwordSource: 'password_env P12_PASSWORD',
  });
  if (decoded.certificates.length === 0 && decoded.problems.length === 0) {
    throw new Error(`${name}: neither a certificate nor a problem`);
  }
  return decoded;
}

// --- Policies ----------------------------------------------------------------------------------

export const POLICY_SEEDS: readonly { path: string; text: string }[] = ['valid', 'invalid'].flatMap(
  (kind) =>
    readdirSync(join(POLICIES, kind))
      .filter((name) => name.endsWith('.yml'))
      .map((name) => {
        const path = join(POLICIES, kind, name);
        return { path, text: readFileSync(path, 'utf8') };
      }),
);

/** YAML syntax and policy vocabulary, to splice into lines. */
const YAML_PIECES = [
  ': ',
  '- ',
  '  ',
  '\t',
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '!!str ',
  '!!int ',
  '!custom ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '|',
  '>',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  '? ',
  '~',
  'null',
  'true',
  '0x1F',
  '1e400',
  '-1',
  '99999999999999999999',
  '2026-13-45',
  'version: 1\n',
  'hosts:\n',
  'certificates:\n',
  '  - host: ',
  '  - path: ',
  'port: ',
  'timeout_ms: ',
  'rules: { cipher: off }\n',
  'ignore:\n  - rule: x\n',
  '__proto__',
  'constructor',
  '\u0000',
  '\ufeff',
  '\u2028',
];

type PolicyMutation =
  | { kind: 'drop-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'swap-lines'; at: number; other: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'splice'; at: number; text: string }
  | { kind: 'text'; mutation: TextMutation };

const policyMutation: fc.Arbitrary<PolicyMutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop-line' as const), at: fraction }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fraction }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fraction, other: fraction }),
  fc.record({
    kind: fc.constant('indent' as const),
    at: fraction,
    by: fc.integer({ min: -4, max: 4 }),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      at: fraction,
      text: fc.oneof(fc.constantFrom(...YAML_PIECES), fc.string({ maxLength: 5 })),
    }),
  },
  fc.record({ kind: fc.constant('text' as const), mutation: textMutation }),
);

export function mutatePolicy(input: string, mutations: readonly PolicyMutation[]): string {
  let text = input;
  for (const m of mutations) {
    if (m.kind === 'text') {
      text = mutateText(text, [m.mutation]);
      continue;
    }
    const lines = text.split('\n');
    const i = Math.floor(m.at * lines.length);
    if (m.kind === 'drop-line') lines.splice(i, 1);
    else if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i] ?? '');
    else if (m.kind === 'swap-lines') {
      const j = Math.floor(m.other * lines.length);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    } else if (m.kind === 'indent') {
      const line = lines[i] ?? '';
      lines[i] =
        m.by >= 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), '');
    } else {
      const line = lines[i] ?? '';
      const col = Math.floor(m.at * 7919) % (line.length + 1);
      lines[i] = line.slice(0, col) + m.text + line.slice(col);
    }
    text = lines.join('\n');
  }
  return text;
}

export const mutatedPolicy = fc
  .tuple(fc.constantFrom(...POLICY_SEEDS), fc.array(policyMutation, { minLength: 1, maxLength: 4 }))
  .map(([seed, mutations]) => ({ path: seed.path, text: mutatePolicy(seed.text, mutations) }));

/**
 * Policy text as the loader sees it from its real place (so `path:` entries find the fixture
 * files): a Policy, or a ConfigurationError whose problems all name the file and a line.
 */
export async function checkPolicy(path: string, text: string): Promise<'valid' | 'invalid'> {
  try {
    await parsePolicyText(text, 'tls-gate.yml', path);
    return 'valid';
  } catch (error) {
    if (!(error instanceof ConfigurationError)) {
      throw new Error(`threw ${String(error)} for:\n${text}`, { cause: error });
    }
    const unplaced = error.problems.filter(
      (p) => p.file !== 'tls-gate.yml' || !(typeof p.line === 'number' && p.line >= 1),
    );
    if (unplaced.length > 0) {
      throw new Error(`problems without file:line: ${JSON.stringify(unplaced)} for:\n${text}`);
    }
    return 'invalid';
  }
}

// --- Running -----------------------------------------------------------------------------------

/** Every property, by name: each runs fc.assert with the given number of runs and seed. */
export const PROPERTIES: Record<string, (run: RunSettings) => Promise<void>> = {
  async 'mutated DER certificates'(run) {
    const scratch = scratchDir();
    try {
      await fc.assert(
        fc.asyncProperty(mutatedDer, async (der) => {
          await checkFile(scratch, 'cert.der', der);
        }),
        run,
      );
    } finally {
      scratch.close();
    }
  },
  async 'mutated PEM files'(run) {
    const scratch = scratchDir();
    try {
      await fc.assert(
        fc.asyncProperty(mutatedPem, async (text) => {
          await checkFile(scratch, 'chain.pem', Buffer.from(text, 'utf8'));
        }),
        run,
      );
    } finally {
      scratch.close();
    }
  },
  async 'mutated PKCS#12 and PKCS#7 files'(run) {
    await fc.assert(
      fc.property(mutatedContainer, ({ name, bytes }) => {
        checkContainer(name, bytes);
      }),
      run,
    );
  },
  async 'mutated policies'(run) {
    await fc.assert(
      fc.asyncProperty(mutatedPolicy, async ({ path, text }) => {
        await checkPolicy(path, text);
      }),
      run,
    );
  },
};
