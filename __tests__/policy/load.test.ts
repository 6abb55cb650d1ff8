import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { ConfigurationError, formatProblem } from '../../src/errors.js';
import { DEFAULT_LIMITS, LIMIT_KEYS } from '../../src/limits.js';
import { PROFILE_VERSIONS } from '../../src/policy/keys.js';
import { loadPolicy, MAX_POLICY_BYTES, parsePolicyText } from '../../src/policy/load.js';
import {
  DEFAULT_SETTINGS,
  type CertificateTarget,
  type HostTarget,
  type Policy,
} from '../../src/policy/types.js';

let dir: string;
const FILES = [
  'certs/root.pem',
  'certs/leaf.pem',
  'certs/client.pem',
  'certs/client.key',
  'certs/odd[1].pem',
  'deploy/b/tls.pem',
  'deploy/a/tls.pem',
  'deploy/a/tls.key',
  'deploy/a/.hidden.pem',
  'deploy/dir.pem/inner.txt',
  'other/x.pem',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tls-gate-policy-'));
  for (const file of FILES) {
    await mkdir(dirname(join(dir, 'repo', file)), { recursive: true });
    await writeFile(join(dir, 'repo', file), 'placeholder\n');
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
const policyPath = (): string => join(dir, 'repo', 'policy.yml');
const load = (text: string): Promise<Policy> => parsePolicyText(text, 'policy.yml', policyPath());

async function problems(text: string): Promise<string[]> {
  try {
    await load(text);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('the policy was accepted');
}

const hosts = (policy: Policy): HostTarget[] =>
  policy.targets.filter((target): target is HostTarget => target.type === 'host');
const files = (policy: Policy): CertificateTarget[] =>
  policy.targets.filter((target): target is CertificateTarget => target.type === 'file');

describe('loadPolicy', () => {
  test('resolves the path against cwd and keeps the path as given for display', async () => {
    await writeFile(policyPath(), yaml('version: 1', 'hosts:', '  - host: api.example.com'));
    const policy = await loadPolicy('repo/policy.yml', { cwd: dir });
    expect(policy.path).toBe(policyPath());
    expect(policy.displayPath).toBe('repo/policy.yml');
    expect(policy.targets[0]?.source).toEqual({ file: 'repo/policy.yml', line: 3, column: 5 });
  });

  test('a missing policy file is a configuration error naming the resolved path', async () => {
    await expect(loadPolicy('nope.yml', { cwd: dir })).rejects.toThrow(
      `nope.yml: policy file not found (looked for ${join(dir, 'nope.yml')})`,
    );
  });

  test('a directory is not a policy file', async () => {
    await expect(loadPolicy('repo', { cwd: dir })).rejects.toThrow('repo: is not a file');
  });

  test('a file over 1 MiB is refused before it is parsed', async () => {
    const big = `version: 1\n#${'x'.repeat(MAX_POLICY_BYTES)}\n`;
    await writeFile(join(dir, 'big.yml'), big);
    await expect(loadPolicy('big.yml', { cwd: dir })).rejects.toThrow(
      /big\.yml: policy file is too large/,
    );
    await expect(load(big)).rejects.toThrow(/policy\.yml: policy file is too large/);
  });
});

describe('hosts', () => {
  test('port defaults to 443 and the name is host:port', async () => {
    const [target] = hosts(await load(yaml('version: 1', 'hosts:', '  - host: api.example.com')));
    expect(target).toMatchObject({ type: 'host', name: 'api.example.com:443', port: 443 });
    expect(target?.settings).toEqual(DEFAULT_SETTINGS);
    expect(target?.source).toEqual({ file: 'policy.yml', line: 3, column: 5 });
  });

  test('IPv6 hosts are named [addr]:port', async () => {
    const policy = await load(yaml('version: 1', 'hosts:', '  - host: ::1', '    port: 8443'));
    expect(hosts(policy)[0]?.name).toBe('[::1]:8443');
  });

  test('STARTTLS picks the protocol port unless port is set', async () => {
    const policy = await load(
      yaml(
        'version: 1',
        'hosts:',
        '  - { host: mail.example.com, starttls: smtp }',
        '  - { host: mail.example.com, starttls: imap }',
        '  - { host: mail.example.com, starttls: smtp, port: 587 }',
        '  - { host: db.example.com, starttls: postgres }',
      ),
    );
    expect(policy.targets.map((target) => target.name)).toEqual([
      'mail.example.com:25',
      'mail.example.com:143',
      'mail.example.com:587',
      'db.example.com:5432',
    ]);
  });

  test('file keys resolve against the policy directory; hsts gets its default age', async () => {
    const [target] = hosts(
      await load(
        yaml(
          'version: 1',
          'hosts:',
          '  - host: api.example.com',
          '    address: 10.0.0.5',
          '    trust: certs/root.pem',
          '    client_cert: ./certs/client.pem',
          `    client_key: ${join(dir, 'repo', 'certs', 'client.key')}`,
          '    passphrase_env: CLIENT_KEY_PASS',
          '    hsts: {}',
        ),
      ),
    );
    expect(target).toMatchObject({
      address: '10.0.0.5',
      trust: join(dir, 'repo', 'certs', 'root.pem'),
      clientCert: join(dir, 'repo', 'certs', 'client.pem'),
      clientKey: join(dir, 'repo', 'certs', 'client.key'),
      passphraseEnv: 'CLIENT_KEY_PASS',
      hsts: { minAgeDays: 180 },
    });
  });

  test('a missing trust file names the key, the line and the resolved path', async () => {
    expect(
      await problems(
        yaml('version: 1', 'hosts:', '  - host: api.example.com', '    trust: certs/nope.pem'),
      ),
    ).toEqual([
      `policy.yml:4:12: hosts[0].trust: file not found: certs/nope.pem (resolved to ${join(dir, 'repo', 'certs', 'nope.pem')})`,
    ]);
  });
});

describe('certificates', () => {
  test('a plain path keeps its name exactly as written', async () => {
    const policy = await load(
      yaml(
        'version: 1',
        'certificates:',
        '  - path: ./certs/leaf.pem',
        '  - path: certs/odd[1].pem',
      ),
    );
    expect(files(policy).map(({ name, path, usage }) => ({ name, path, usage }))).toEqual([
      { name: './certs/leaf.pem', path: join(dir, 'repo', 'certs', 'leaf.pem'), usage: 'server' },
      { name: 'certs/odd[1].pem', path: join(dir, 'repo', 'certs', 'odd[1].pem'), usage: 'server' },
    ]);
  });

  test('an absolute path is used as it is', async () => {
    const absolute = join(dir, 'repo', 'certs', 'leaf.pem');
    const [target] = files(
      await load(yaml('version: 1', 'certificates:', `  - path: ${absolute}`)),
    );
    expect(target).toMatchObject({ name: absolute, path: absolute });
  });

  test('a glob gives one target per matching file, sorted, named relative to the policy', async () => {
    const policy = await load(
      yaml(
        'version: 1',
        'certificates:',
        '  - path: deploy/**/*.pem',
        '    key: deploy/a/tls.key',
        '    usage: client',
      ),
    );
    const targets = files(policy);
    // Dotfiles and directories named like certificates are not matched.
    expect(targets.map((target) => target.name)).toEqual(['deploy/a/tls.pem', 'deploy/b/tls.pem']);
    expect(targets.map((target) => target.path)).toEqual([
      join(dir, 'repo', 'deploy', 'a', 'tls.pem'),
      join(dir, 'repo', 'deploy', 'b', 'tls.pem'),
    ]);
    for (const target of targets) {
      expect(target).toMatchObject({
        usage: 'client',
        key: join(dir, 'repo', 'deploy', 'a', 'tls.key'),
      });
      expect(target.source).toEqual({ file: 'policy.yml', line: 3, column: 5 });
    }
  });

  test('globs may leave the policy directory or be absolute', async () => {
    const nested = join(dir, 'repo', 'deploy', 'policy.yml');
    const up = await parsePolicyText(
      yaml('version: 1', 'certificates:', '  - path: ../{certs,other}/*.pem'),
      'deploy/policy.yml',
      nested,
    );
    expect(up.targets.map((target) => target.name)).toEqual([
      '../certs/client.pem',
      '../certs/leaf.pem',
      '../certs/odd[1].pem',
      '../certs/root.pem',
      '../other/x.pem',
    ]);
    const absolute = await load(
      yaml('version: 1', 'certificates:', `  - path: ${dir}/repo/deploy/**/*.pem`),
    );
    expect(absolute.targets.map((target) => target.name)).toEqual([
      `${dir}/repo/deploy/a/tls.pem`,
      `${dir}/repo/deploy/b/tls.pem`,
    ]);
  });

  test('a glob that matches nothing is an error', async () => {
    expect(
      await problems(yaml('version: 1', 'certificates:', '  - path: deploy/**/*.crt')),
    ).toEqual([
      `policy.yml:3:11: certificates[0].path: no file matches the glob deploy/**/*.crt (searched from ${join(dir, 'repo')})`,
    ]);
  });

  test('the same file twice (here through a glob) is a duplicate target', async () => {
    expect(
      await problems(
        yaml(
          'version: 1',
          'certificates:',
          '  - path: deploy/b/tls.pem',
          '  - path: deploy/*/tls.pem',
        ),
      ),
    ).toEqual([
      'policy.yml:4:11: certificates[1].path: duplicate target deploy/b/tls.pem (the same file as certificates[0].path on line 3); each file may be listed once',
    ]);
  });
});

describe('settings: DEFAULT_SETTINGS ← defaults ← target', () => {
  const text = yaml(
    'version: 1',
    'defaults:',
    '  expiry: { warn_days: 45 }',
    '  fail_on: warning',
    '  timeout_ms: 2000',
    '  rules: { key: warning, cipher.cbc: notice }',
    'rules: { signature: off }',
    'hosts:',
    '  - host: plain.example.com',
    '  - host: custom.example.com',
    '    expiry: { fail_days: 14, warn_percent_left: 25 }',
    '    rules: { key: error, hsts: off }',
    '    min_protocol: TLSv1.3',
    '    revocation: hard-fail',
    '    max_validity_days: 90',
  );

  test('defaults merge over the built-in settings, top-level rules included', async () => {
    const policy = await load(text);
    expect(policy.defaults).toEqual({
      ...DEFAULT_SETTINGS,
      expiry: { warnDays: 45, failDays: 7 },
      failOn: 'warning',
      timeoutMs: 2000,
      rules: { key: 'warning', 'cipher.cbc': 'notice', signature: 'off' },
    });
    expect(policy.targets[0]?.settings).toEqual(policy.defaults);
  });

  test('a target overrides scalars and merges expiry and rules key by key', async () => {
    const policy = await load(text);
    expect(policy.targets[1]?.settings).toEqual({
      expiry: { warnDays: 45, failDays: 14, warnPercentLeft: 25 },
      failOn: 'warning',
      maxValidityDays: 90,
      minProtocol: 'TLSv1.3',
      timeoutMs: 2000,
      revocation: 'hard-fail',
      rules: { key: 'error', 'cipher.cbc': 'notice', signature: 'off', hsts: 'off' },
    });
  });

  test('loading never changes DEFAULT_SETTINGS', async () => {
    const before = JSON.stringify(DEFAULT_SETTINGS);
    await load(text);
    expect(JSON.stringify(DEFAULT_SETTINGS)).toBe(before);
  });

  test('fail_days above warn_days is checked after merging', async () => {
    expect(
      await problems(
        yaml(
          'version: 1',
          'defaults:',
          '  expiry: { warn_days: 10 }',
          'hosts:',
          '  - host: a.example.com',
          '    expiry: { fail_days: 10 }',
          '  - host: b.example.com',
          '    expiry: { fail_days: 11 }',
        ),
      ),
    ).toEqual([
      'policy.yml:8:26: hosts[1].expiry.fail_days: fail_days (11) is greater than warn_days (10); warn_days 10 is inherited from defaults; a certificate must warn before it fails: lower fail_days or raise warn_days',
    ]);
  });
});

describe('keys for later features', () => {
  test('are parsed and typed on the policy', async () => {
    const policy = await load(
      yaml(
        'version: 1',
        'profile: mozilla-old@5.6',
        'rules_version: 1',
        'ignore:',
        '  - rule: protocol.tls10',
        '    target: legacy.example.com:443',
        '    reason: vendor appliance (OPS-123)',
        '    until: 2027-01-31',
        '  - { rule: chain, reason: lab }',
        'hosts:',
        '  - host: legacy.example.com',
      ),
    );
    expect(policy.profile).toEqual({ name: 'mozilla-old', version: '5.6' });
    expect(policy.rulesVersion).toBe(1);
    expect(policy.ignore).toEqual([
      {
        rule: 'protocol.tls10',
        target: 'legacy.example.com:443',
        reason: 'vendor appliance (OPS-123)',
        until: '2027-01-31',
        source: { file: 'policy.yml', line: 5, column: 5 },
      },
      { rule: 'chain', reason: 'lab', source: { file: 'policy.yml', line: 9, column: 5 } },
    ]);
  });

  test('a profile without a version gets the newest known one', async () => {
    const policy = await load(
      yaml('version: 1', 'profile: mozilla-modern', 'hosts: [{ host: a.b }]'),
    );
    expect(policy.profile).toEqual({ name: 'mozilla-modern', version: PROFILE_VERSIONS[0] });
  });

  test('a YAML 1.1 document keeps words like off and dates as written', async () => {
    const policy = await load(
      yaml(
        '%YAML 1.1',
        '---',
        'version: 1',
        'defaults: { revocation: off }',
        'ignore: [{ rule: chain, reason: lab, until: 2027-01-31 }]',
        'hosts: [{ host: a.example.com }]',
      ),
    );
    expect(policy.defaults.revocation).toBe('off');
    expect(policy.ignore[0]?.until).toBe('2027-01-31');
  });
});

describe('problems', () => {
  test('all problems are reported at once, in file order, with line, column and key', async () => {
    expect(
      await problems(
        yaml(
          'version: 1',
          'defaults:',
          '  expiry: { warn_days: 0 }',
          '  fail_on: warnings',
          'hosts:',
          '  - host: a.example.com',
          '    port: https',
          '  - host: a.example.com',
          '    client_cert: certs/client.pem',
          'certificates:',
          '  - path: certs/leaf.pem',
          '    usage: both',
        ),
      ),
    ).toEqual([
      'policy.yml:3:24: defaults.expiry.warn_days: must be an integer ≥ 1 (got 0)',
      'policy.yml:4:12: defaults.fail_on: must be one of error, warning, never (got "warnings"); did you mean warning?',
      'policy.yml:7:11: hosts[0].port: must be an integer 1-65535 (got "https")',
      'policy.yml:9:18: hosts[1].client_cert: needs client_key too: the private key of the client certificate',
      'policy.yml:12:12: certificates[0].usage: must be one of server, client (got "both")',
    ]);
  });

  test('unknown keys get a suggestion, also for camelCase and misplaced keys', async () => {
    expect(
      await problems(
        yaml(
          'version: 1',
          'fail_on: warning',
          'defaults:',
          '  expiry: { warnDays: 10 }',
          'hosts:',
          '  - host: api.example.com',
          '    prot: 8443',
          '    min_age_days: 90',
        ),
      ),
    ).toEqual([
      'policy.yml:2:1: fail_on: unknown key here; put fail_on under defaults:',
      'policy.yml:4:13: defaults.expiry.warnDays: unknown key; did you mean warn_days?',
      'policy.yml:7:5: hosts[0].prot: unknown key; did you mean port?',
      'policy.yml:8:5: hosts[0].min_age_days: unknown key here; put it under hsts: { min_age_days: … }',
    ]);
  });

  test('duplicate keys name the first occurrence', async () => {
    expect(
      await problems(
        yaml('version: 1', 'hosts:', '  - host: a.example.com', '    host: b.example.com'),
      ),
    ).toEqual(['policy.yml:4:5: hosts[0].host: duplicate key (first set on line 3); remove one']);
  });

  test('YAML syntax errors are positioned', async () => {
    expect(
      await problems(yaml('version: 1', 'hosts:', '  - host: a.example.com', '\tport: 443')),
    ).toEqual(['policy.yml:4:1: invalid YAML: Tabs are not allowed as indentation']);
  });

  test('a YAML bomb is refused with a clear message', async () => {
    const lines = ['version: 1', 'x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `x${i}: &x${i} [${Array(10)
          .fill(`*x${i - 1}`)
          .join(', ')}]`,
      );
    expect(await problems(yaml(...lines))).toEqual([
      'policy.yml:1:1: too many YAML alias expansions (more than 100; a "YAML bomb"?); write the values out instead of nesting aliases',
    ]);
  });

  test('a list that contains itself is reported, not followed forever', async () => {
    expect(await problems(yaml('version: 1', 'hosts: &h [*h]'))).toEqual([
      'policy.yml:2:12: hosts[0]: must be a mapping of keys to values (got a list)',
    ]);
  });

  test('anything that is not a mapping at the top is refused', async () => {
    expect(await problems('just text\n')).toEqual([
      'policy.yml:1:1: must be a mapping of keys to values (got "just text")',
    ]);
  });

  test('arbitrary text only ever fails with a ConfigurationError', async () => {
    const valid = yaml('version: 1', 'hosts:', '  - host: api.example.com', '    port: 443');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          // Damage a valid policy at one spot: the reader sees real structure around the damage.
          fc
            .tuple(fc.nat(valid.length), fc.string({ maxLength: 8 }))
            .map(([at, text]) => valid.slice(0, at) + text + valid.slice(at + 1)),
        ),
        async (text) => {
          try {
            await load(text);
          } catch (error) {
            if (!(error instanceof ConfigurationError)) throw error;
            for (const problem of error.problems) expect(problem.file).toBe('policy.yml');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('limits', () => {
  test('absent keys keep the defaults of src/limits.ts; set keys replace them', async () => {
    const plain = await load(yaml('version: 1', 'hosts:', '  - host: api.example.com'));
    expect(plain.limits).toEqual(DEFAULT_LIMITS);
    const set = await load(
      yaml(
        'version: 1',
        'limits: { run_timeout_ms: 2000, max_san_count: 50, max_crl_bytes: 4096 }',
        'hosts:',
        '  - host: api.example.com',
      ),
    );
    expect(set.limits).toEqual({
      ...DEFAULT_LIMITS,
      runTimeoutMs: 2000,
      maxSanCount: 50,
      maxCrlBytes: 4096,
    });
  });

  test('every key is checked against its range, at its line', async () => {
    for (const [key, bound] of Object.entries(LIMIT_KEYS)) {
      const text = (value: number) =>
        yaml('version: 1', `limits: { ${key}: ${value} }`, 'hosts:', '  - host: a.example');
      expect((await load(text(bound.max))).limits?.[bound.field]).toBe(bound.max);
      expect(await problems(text(bound.max + 1))).toEqual([
        `policy.yml:2:${13 + key.length}: limits.${key}: must be an integer ${bound.min}-${bound.max} (got ${bound.max + 1})`,
      ]);
    }
  });
});
