// Loads a policy file (contract §2) into the typed Policy the engine runs. Every problem is
// collected with its file:line:column and key path, then thrown at once as a ConfigurationError
// (exit 2): a typo must never silently disable a check.
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigurationError, errorMessage, type ConfigurationProblem } from '../errors.js';
import type { FailOn, RuleSeverity } from '../model.js';
import { RULES_VERSION } from '../version.js';
import {
  CERTIFICATE_KEYS,
  CERTIFICATE_USAGES,
  DEFAULT_HSTS_MIN_AGE_DAYS,
  DEFAULT_PORT,
  EXPIRY_KEYS,
  FAIL_ON_VALUES,
  HOST_KEYS,
  HSTS_KEYS,
  IGNORE_KEYS,
  LIMITS_KEYS,
  MAX_TIMEOUT_MS,
  PROFILE_NAMES,
  PROFILE_VERSIONS,
  REVOCATION_MODES,
  RULE_SEVERITIES,
  SETTINGS_KEYS,
  STARTTLS_PORTS,
  STARTTLS_PROTOCOLS,
  TOP_LEVEL_KEYS,
  type ProfileName,
} from './keys.js';
import { NodeReader, type Field, type Fields, type KeyHint } from './reader.js';
import { DEFAULT_LIMITS, LIMIT_KEYS } from '../limits.js';
import { closest } from './suggest.js';
import { expandManifestTargets } from '../x509/formats/targets.js';
import {
  DEFAULT_SETTINGS,
  PROTOCOL_NAMES,
  type CertificateTarget,
  type ExpirySettings,
  type HostTarget,
  type IgnoreEntry,
  type Limits,
  type Policy,
  type ProtocolName,
  type RevocationMode,
  type TargetSettings,
} from './types.js';
import { applyProfile } from './profiles.js';
import { dateProblem, envNameProblem, hostProblem, ruleIdProblem } from './values.js';

/** Policies are small; a bigger file is a mistake (or an attack) and is refused before parsing. */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** Alias expansions allowed while reading; a "billion laughs" YAML bomb needs far more. */
export const MAX_ALIAS_COUNT = 100;

export interface LoadOptions {
  /** Directory a relative policy path is resolved against (default: the process's cwd). */
  cwd?: string;
  /**
   * Not read while loading: variables named by `passphrase_env` / `password_env` are only
   * checked for their name here and read at check time, when they may legitimately be absent.
   */
  env?: NodeJS.ProcessEnv;
}

/** Reads, validates and resolves the policy at `path` (relative to `cwd`). */
export async function loadPolicy(path: string, options: LoadOptions = {}): Promise<Policy> {
  const absPath = resolve(options.cwd ?? process.cwd(), path);
  let size: number;
  try {
    const info = await stat(absPath);
    if (!info.isFile()) throw new ConfigurationError([{ file: path, message: 'is not a file' }]);
    size = info.size;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const message = missing
      ? `policy file not found (looked for ${absPath}); create it, or point --policy (CLI) or the policy input (Action) at it`
      : `cannot read the policy file: ${errorMessage(error)}`;
    throw new ConfigurationError([{ file: path, message }]);
  }
  if (size > MAX_POLICY_BYTES) throw tooBig(path, size);
  const text = await readFile(absPath, 'utf8');
  return parsePolicyText(text, path, absPath, options);
}

/**
 * Validates policy text as if read from `absPath` (paths inside resolve against its directory);
 * `displayPath` is the name problems and reports use. Throws ConfigurationError, and nothing
 * else, for any bad input.
 */
export async function parsePolicyText(
  text: string,
  displayPath: string,
  absPath: string,
  // Same options as loadPolicy; nothing in them changes how text is read today.
  _options: LoadOptions = {},
): Promise<Policy> {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_POLICY_BYTES) throw tooBig(displayPath, size);

  const lineCounter = new LineCounter();
  // Duplicate keys are found by the reader, which can name the key path and the first line.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const syntax: ConfigurationProblem[] = [...doc.errors, ...doc.warnings].map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const message = error.message.split('\n')[0] ?? error.message;
    return { file: displayPath, line, column: col, message: `invalid YAML: ${message}` };
  });
  if (syntax.length > 0) throw new ConfigurationError(syntax);
  try {
    // Only expands aliases (the reader walks the nodes); as Maps, collection keys such as
    // `{ a: 1 }: x` are not stringified, which would print a Node warning to stderr.
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
  } catch (error) {
    const message =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? `too many YAML alias expansions (more than ${MAX_ALIAS_COUNT}; a "YAML bomb"?); write the values out instead of nesting aliases`
        : `invalid YAML: ${errorMessage(error)}`;
    throw new ConfigurationError([{ file: displayPath, line: 1, column: 1, message }]);
  }

  const reader = new NodeReader(doc, lineCounter, displayPath);
  const policy = await new PolicyBuilder(reader, absPath).build(doc.contents);
  if (reader.problems.length > 0 || policy === undefined) {
    throw new ConfigurationError(sortProblems(reader.problems));
  }
  return policy;
}

function tooBig(file: string, size: number): ConfigurationError {
  return new ConfigurationError([
    {
      file,
      message: `policy file is too large (${size} bytes; at most ${MAX_POLICY_BYTES}); is this the right file?`,
    },
  ]);
}

function sortProblems(problems: ConfigurationProblem[]): ConfigurationProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
        (a.problem.column ?? 0) - (b.problem.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ problem }) => problem);
}

/** Settings one level (`defaults` or a target) sets; absent keys inherit. */
interface SettingsLayer {
  expiry: Partial<ExpirySettings>;
  expiryFields?: Fields;
  failOn?: FailOn;
  maxValidityDays?: number;
  minProtocol?: ProtocolName;
  timeoutMs?: number;
  revocation?: RevocationMode;
  rules: Record<string, RuleSeverity>;
  ruleFields: Fields;
}

/** DEFAULT_SETTINGS ← defaults ← target: scalars replace, `expiry` and `rules` merge key by key. */
function applyLayer(base: TargetSettings, layer: SettingsLayer): TargetSettings {
  const merged: TargetSettings = {
    ...base,
    expiry: { ...base.expiry, ...layer.expiry },
    rules: { ...base.rules, ...layer.rules },
  };
  if (layer.failOn !== undefined) merged.failOn = layer.failOn;
  if (layer.maxValidityDays !== undefined) merged.maxValidityDays = layer.maxValidityDays;
  if (layer.minProtocol !== undefined) merged.minProtocol = layer.minProtocol;
  if (layer.timeoutMs !== undefined) merged.timeoutMs = layer.timeoutMs;
  if (layer.revocation !== undefined) merged.revocation = layer.revocation;
  return merged;
}

const posix = (path: string): string => path.split(sep).join('/');

async function fileProblem(absPath: string): Promise<string | undefined> {
  try {
    return (await stat(absPath)).isFile() ? undefined : 'is not a file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'file not found';
    return `cannot read the file (${code ?? errorMessage(error)})`;
  }
}

/** Files a glob matches, as absolute paths. */
async function globFiles(pattern: string, policyDir: string): Promise<string[]> {
  // Search from the pattern's static prefix: tinyglobby misses files when the search starts below
  // the directory a `../` or absolute pattern points to.
  const magic = pattern.search(/[*?[{(]/);
  const cut = pattern.lastIndexOf('/', magic);
  const base = cut === -1 ? '.' : cut === 0 ? '/' : pattern.slice(0, cut);
  return glob(pattern.slice(cut + 1), {
    cwd: resolve(policyDir, base),
    onlyFiles: true,
    expandDirectories: false,
    absolute: true,
  });
}

const EXPIRY_HINT = (key: string): string | undefined =>
  (EXPIRY_KEYS as readonly string[]).includes(key)
    ? `put it under expiry: { ${key}: … }`
    : undefined;

/** Resource bounds apply to the whole run, never to one target. */
const LIMITS_HINT = (key: string): string | undefined =>
  (LIMITS_KEYS as readonly string[]).includes(key)
    ? `put it under the top-level limits: { ${key}: … }`
    : undefined;

const topLevelHint: KeyHint = (key) => {
  const limit = LIMITS_HINT(key);
  if (limit !== undefined) return limit;
  if ((EXPIRY_KEYS as readonly string[]).includes(key)) {
    return `put it under defaults: expiry: { ${key}: … }`;
  }
  if ((SETTINGS_KEYS as readonly string[]).includes(key)) return `put ${key} under defaults:`;
  if ((HOST_KEYS as readonly string[]).includes(key)) return `${key} belongs in an entry of hosts:`;
  if ((CERTIFICATE_KEYS as readonly string[]).includes(key)) {
    return `${key} belongs in an entry of certificates:`;
  }
  return undefined;
};

const defaultsHint: KeyHint = (key) => {
  if ((TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
    return `${key} belongs at the top level, not under defaults:`;
  }
  if ((HOST_KEYS as readonly string[]).includes(key)) return `${key} is set per entry of hosts:`;
  if ((CERTIFICATE_KEYS as readonly string[]).includes(key)) {
    return `${key} is set per entry of certificates:`;
  }
  return EXPIRY_HINT(key) ?? LIMITS_HINT(key);
};

const HOST_ONLY_ADVICE: Record<string, string> = {
  key: 'did you mean client_key?',
  password_env: 'did you mean passphrase_env?',
  hostname: 'a host entry names its server with host:',
  path: 'files are checked under certificates:, not hosts:',
  min_age_days: 'put it under hsts: { min_age_days: … }',
};

const hostHint: KeyHint = (key) =>
  HOST_ONLY_ADVICE[key] ??
  EXPIRY_HINT(key) ??
  LIMITS_HINT(key) ??
  ((CERTIFICATE_KEYS as readonly string[]).includes(key)
    ? `${key} belongs in an entry of certificates:`
    : undefined);

const CERTIFICATE_ONLY_ADVICE: Record<string, string> = {
  host: 'a certificate entry names the expected name with hostname:',
  client_key: 'did you mean key?',
  client_cert: 'for a client certificate file set usage: client',
  passphrase_env: 'did you mean password_env?',
};

const certificateHint: KeyHint = (key) =>
  CERTIFICATE_ONLY_ADVICE[key] ??
  EXPIRY_HINT(key) ??
  LIMITS_HINT(key) ??
  ((HOST_KEYS as readonly string[]).includes(key)
    ? `${key} belongs in an entry of hosts:`
    : undefined);

class PolicyBuilder {
  private readonly policyDir: string;
  /** File existence checks, run concurrently and awaited before the result is returned. */
  private readonly pending: Promise<void>[] = [];
  /** `limits.max_file_bytes`, for the manifests read while expanding certificate entries. */
  private maxFileBytes = DEFAULT_LIMITS.maxFileBytes;

  constructor(
    private readonly r: NodeReader,
    private readonly absPath: string,
  ) {
    this.policyDir = dirname(absPath);
  }

  async build(contents: unknown): Promise<Policy | undefined> {
    const root = this.r.resolve(contents);
    if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) {
      this.r.problem(
        undefined,
        '',
        'the policy is empty; start it with version: 1 and list hosts: or certificates:',
      );
      return undefined;
    }
    const fields = this.r.mapping({ node: root, at: root, path: '' }, TOP_LEVEL_KEYS, topLevelHint);
    if (fields === undefined) return undefined;

    const version = this.version(fields, root);
    const defaultsLayer = this.defaultsLayer(fields);
    const profile = this.profile(fields.get('profile'));
    const base = profile ? applyProfile(DEFAULT_SETTINGS, profile) : DEFAULT_SETTINGS;
    const defaults = applyLayer(base, defaultsLayer);
    this.checkExpiry(defaults, defaultsLayer, 'the built-in default');
    const rulesVersion = this.rulesVersion(fields.get('rules_version'));
    const limits = this.limits(fields.get('limits'));
    this.maxFileBytes = limits.maxFileBytes;
    const ignore = this.ignoreEntries(fields.get('ignore'));

    const hostItems = this.items(fields.get('hosts'));
    const certificateItems = this.items(fields.get('certificates'));
    // After another mistake (e.g. a misspelt `certifcates:`), "nothing to check" is only noise.
    if (hostItems?.length === 0 && certificateItems?.length === 0 && this.r.problems.length === 0) {
      this.r.problem(
        root,
        '',
        'nothing to check: list at least one entry under hosts: or certificates:',
      );
    }
    const hosts = this.hosts(hostItems ?? [], defaults);
    const certificates = this.certificates(certificateItems ?? [], defaults);
    await Promise.all(this.pending);
    const targets = [...hosts, ...(await certificates)];

    if (version === undefined) return undefined;
    const policy: Policy = {
      path: this.absPath,
      displayPath: this.r.file,
      version,
      defaults,
      limits,
      ignore,
      targets,
    };
    if (profile !== undefined) policy.profile = profile;
    if (rulesVersion !== undefined) policy.rulesVersion = rulesVersion;
    return policy;
  }

  /** A missing list counts as empty; an invalid one is reported and gives undefined. */
  private items(field: Field | undefined): Field[] | undefined {
    return field === undefined ? [] : this.r.list(field);
  }

  private required(
    fields: Fields,
    key: string,
    at: Node,
    path: string,
    what: string,
  ): Field | undefined {
    const field = fields.get(key);
    if (field === undefined)
      this.r.problem(at, path === '' ? key : `${path}.${key}`, `missing; ${what}`);
    return field;
  }

  private version(fields: Fields, root: Node): 1 | undefined {
    const field = this.required(
      fields,
      'version',
      root,
      '',
      'add version: 1 at the top of the policy',
    );
    if (field === undefined) return undefined;
    const value = this.r.integer(field, 1, Infinity);
    if (value === undefined) return undefined;
    if (value !== 1) {
      this.r.problem(
        field.at,
        field.path,
        `unsupported policy version ${value}; this release of tls-gate reads version: 1`,
      );
      return undefined;
    }
    return 1;
  }

  private defaultsLayer(fields: Fields): SettingsLayer {
    const defaultsField = fields.get('defaults');
    const defaultsFields = defaultsField
      ? this.r.mapping(defaultsField, SETTINGS_KEYS, defaultsHint)
      : undefined;
    const layer = this.settings(defaultsFields ?? new Map());
    // Top-level `rules:` is shorthand for `defaults: rules:`; a rule set in both is ambiguous.
    const topRules = fields.get('rules');
    if (topRules !== undefined) {
      const { rules, ruleFields } = this.rules(topRules);
      for (const [id, severity] of Object.entries(rules)) {
        const other = layer.ruleFields.get(id);
        const field = ruleFields.get(id);
        if (other !== undefined && field !== undefined) {
          const line = this.r.location(other.at).line;
          this.r.problem(
            field.at,
            field.path,
            `also set in defaults.rules (line ${line}); set each rule in one place`,
          );
          continue;
        }
        layer.rules[id] = severity;
      }
    }
    return layer;
  }

  private settings(fields: Fields): SettingsLayer {
    const layer: SettingsLayer = { expiry: {}, rules: {}, ruleFields: new Map() };
    const expiry = fields.get('expiry');
    if (expiry !== undefined) {
      const expiryFields = this.r.mapping(expiry, EXPIRY_KEYS);
      if (expiryFields !== undefined) {
        layer.expiryFields = expiryFields;
        const warnDays = this.r.integer(expiryFields.get('warn_days'), 1);
        const failDays = this.r.integer(expiryFields.get('fail_days'), 1);
        const percent = this.r.number(expiryFields.get('warn_percent_left'), 1, 99);
        if (warnDays !== undefined) layer.expiry.warnDays = warnDays;
        if (failDays !== undefined) layer.expiry.failDays = failDays;
        if (percent !== undefined) layer.expiry.warnPercentLeft = percent;
      }
    }
    layer.failOn = this.r.oneOf(fields.get('fail_on'), FAIL_ON_VALUES);
    layer.maxValidityDays = this.r.integer(fields.get('max_validity_days'), 1);
    layer.minProtocol = this.r.oneOf(fields.get('min_protocol'), PROTOCOL_NAMES);
    layer.timeoutMs = this.r.integer(fields.get('timeout_ms'), 1, MAX_TIMEOUT_MS);
    layer.revocation = this.r.oneOf(fields.get('revocation'), REVOCATION_MODES);
    const rules = fields.get('rules');
    if (rules !== undefined) Object.assign(layer, this.rules(rules));
    return layer;
  }

  private rules(field: Field): Pick<SettingsLayer, 'rules' | 'ruleFields'> {
    const rules: Record<string, RuleSeverity> = {};
    const ruleFields: Fields = new Map();
    for (const [id, ruleField] of this.r.mapping(field, ruleIdProblem) ?? []) {
      const severity = this.r.oneOf(ruleField, RULE_SEVERITIES);
      if (severity === undefined) continue;
      rules[id] = severity;
      ruleFields.set(id, ruleField);
    }
    return { rules, ruleFields };
  }

  /** `fail_days` above `warn_days` (after merging) would fail a certificate before warning. */
  private checkExpiry(merged: TargetSettings, layer: SettingsLayer, inherited: string): void {
    const fields = layer.expiryFields;
    const { warnDays, failDays } = merged.expiry;
    if (fields === undefined || failDays <= warnDays) return;
    if (layer.expiry.warnDays === undefined && layer.expiry.failDays === undefined) return;
    const field = fields.get('fail_days') ?? fields.get('warn_days');
    if (field === undefined) return;
    const origin = (key: string, value: number, own: number | undefined): string =>
      own === undefined ? `; ${key} ${value} is ${inherited}` : '';
    this.r.problem(
      field.at,
      field.path,
      `fail_days (${failDays}) is greater than warn_days (${warnDays})` +
        origin('warn_days', warnDays, layer.expiry.warnDays) +
        origin('fail_days', failDays, layer.expiry.failDays) +
        '; a certificate must warn before it fails: lower fail_days or raise warn_days',
    );
  }

  private profile(field: Field | undefined): Policy['profile'] {
    const value = this.r.string(
      field,
      'a profile name like mozilla-intermediate or mozilla-intermediate@5.7',
    );
    if (value === undefined || field === undefined) return undefined;
    const [name = '', version, ...rest] = value.split('@');
    if (!(PROFILE_NAMES as readonly string[]).includes(name) || rest.length > 0) {
      const suggestion = closest(name, PROFILE_NAMES);
      const advice = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
      this.r.problem(
        field.at,
        field.path,
        `must be one of ${PROFILE_NAMES.join(', ')}, optionally with @VERSION (got ${JSON.stringify(value)})${advice}`,
      );
      return undefined;
    }
    if (version !== undefined && !PROFILE_VERSIONS.includes(version)) {
      this.r.problem(
        field.at,
        field.path,
        `unknown version ${JSON.stringify(version)} of Mozilla's guidelines; known versions: ${PROFILE_VERSIONS.join(', ')}`,
      );
      return undefined;
    }
    return { name: name as ProfileName, version: version ?? (PROFILE_VERSIONS[0] as string) };
  }

  /** `limits:`: each key an integer in its range (src/limits.ts); absent keys keep the default. */
  private limits(field: Field | undefined): Limits {
    const limits: Limits = { ...DEFAULT_LIMITS };
    if (field === undefined) return limits;
    for (const [key, valueField] of this.r.mapping(field, LIMITS_KEYS) ?? []) {
      const bound = LIMIT_KEYS[key as keyof typeof LIMIT_KEYS];
      const value = this.r.integer(valueField, bound.min, bound.max);
      if (value !== undefined) limits[bound.field] = value;
    }
    return limits;
  }

  private rulesVersion(field: Field | undefined): number | undefined {
    const value = this.r.integer(field, 1);
    if (value === undefined || field === undefined) return undefined;
    if (value > RULES_VERSION) {
      this.r.problem(
        field.at,
        field.path,
        `${value} is newer than this release of tls-gate (rules version ${RULES_VERSION}); upgrade tls-gate or set rules_version: ${RULES_VERSION}`,
      );
      return undefined;
    }
    return value;
  }

  private ignoreEntries(field: Field | undefined): IgnoreEntry[] {
    const entries: IgnoreEntry[] = [];
    for (const item of field === undefined ? [] : (this.r.list(field) ?? [])) {
      const fields = this.r.mapping(item, IGNORE_KEYS);
      if (fields === undefined || item.node === null) continue;
      const ruleField = this.required(
        fields,
        'rule',
        item.node,
        item.path,
        'name the rule id or family to suppress, e.g. rule: protocol.tls10',
      );
      const reasonField = this.required(
        fields,
        'reason',
        item.node,
        item.path,
        'say why the finding is accepted (and where the fix is tracked)',
      );
      const rule = this.checked(ruleField, 'a rule id or family', ruleIdProblem);
      const target = this.r.string(fields.get('target'), 'a target name or glob');
      const reason = this.r.string(reasonField, 'a non-empty reason');
      const until = this.checked(fields.get('until'), 'a date YYYY-MM-DD', dateProblem);
      if (rule === undefined || reason === undefined) continue;
      const entry: IgnoreEntry = { rule, reason, source: this.r.location(item.node) };
      if (target !== undefined) entry.target = target;
      if (until !== undefined) entry.until = until;
      entries.push(entry);
    }
    return entries;
  }

  /** A string that also passes a syntax check. */
  private checked(
    field: Field | undefined,
    expected: string,
    check: (value: string) => string | undefined,
  ): string | undefined {
    const value = this.r.string(field, expected);
    if (value === undefined || field === undefined) return undefined;
    const problem = check(value);
    if (problem === undefined) return value;
    this.r.problem(field.at, field.path, problem);
    return undefined;
  }

  /** A path that must name an existing file; returns it resolved against the policy directory. */
  private file(field: Field | undefined): string | undefined {
    const value = this.r.string(field, 'a file path');
    if (value === undefined || field === undefined) return undefined;
    const absPath = resolve(this.policyDir, value);
    this.pending.push(
      fileProblem(absPath).then((problem) => {
        if (problem !== undefined) {
          this.r.problem(field.at, field.path, `${problem}: ${value} (resolved to ${absPath})`);
        }
      }),
    );
    return absPath;
  }

  private targetSettings(fields: Fields, defaults: TargetSettings): TargetSettings {
    const layer = this.settings(fields);
    const merged = applyLayer(defaults, layer);
    this.checkExpiry(merged, layer, 'inherited from defaults');
    return merged;
  }

  private hosts(items: Field[], defaults: TargetSettings): HostTarget[] {
    const hosts: HostTarget[] = [];
    const seen = new Map<string, string>();
    for (const item of items) {
      const fields = this.r.mapping(item, HOST_KEYS, hostHint);
      if (fields === undefined || item.node === null) continue;
      const node = item.node;
      const hostField = this.required(
        fields,
        'host',
        node,
        item.path,
        'the DNS name or IP address to check, e.g. host: api.example.com',
      );
      const host = this.checked(hostField, 'a DNS name or IP address', hostProblem);
      const starttls = this.r.oneOf(fields.get('starttls'), STARTTLS_PROTOCOLS);
      const portField = fields.get('port');
      const port = portField
        ? this.r.integer(portField, 1, 65535)
        : starttls
          ? STARTTLS_PORTS[starttls]
          : DEFAULT_PORT;
      const address = this.checked(fields.get('address'), 'an IP address or DNS name', hostProblem);
      const trust = this.file(fields.get('trust'));
      const clientCertField = fields.get('client_cert');
      const clientKeyField = fields.get('client_key');
      const clientCert = this.file(clientCertField);
      const clientKey = this.file(clientKeyField);
      if (clientCertField && !clientKeyField) {
        this.r.problem(
          clientCertField.at,
          clientCertField.path,
          'needs client_key too: the private key of the client certificate',
        );
      }
      if (clientKeyField && !clientCertField) {
        this.r.problem(
          clientKeyField.at,
          clientKeyField.path,
          'needs client_cert too: the client certificate this key belongs to',
        );
      }
      const passphraseField = fields.get('passphrase_env');
      const passphraseEnv = this.checked(
        passphraseField,
        'an environment variable name',
        envNameProblem,
      );
      if (passphraseField && !clientKeyField) {
        this.r.problem(
          passphraseField.at,
          passphraseField.path,
          'only applies to an encrypted client_key; set client_cert and client_key, or remove it',
        );
      }
      const hsts = this.hsts(fields.get('hsts'));
      const settings = this.targetSettings(fields, defaults);
      if (host === undefined || port === undefined) continue;

      const name = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      const identity = `${host.toLowerCase().replace(/\.$/, '')}|${port}`;
      const first = seen.get(identity);
      if (first !== undefined) {
        this.r.problem(
          hostField?.at ?? node,
          hostField?.path ?? item.path,
          `duplicate target ${name} (same host and port as ${first}); remove one`,
        );
        continue;
      }
      seen.set(identity, `${item.path} on line ${this.r.location(node).line}`);
      const target: HostTarget = {
        type: 'host',
        name,
        host,
        port,
        source: this.r.location(node),
        settings,
      };
      if (address !== undefined) target.address = address;
      if (trust !== undefined) target.trust = trust;
      if (starttls !== undefined) target.starttls = starttls;
      if (clientCert !== undefined) target.clientCert = clientCert;
      if (clientKey !== undefined) target.clientKey = clientKey;
      if (passphraseEnv !== undefined) target.passphraseEnv = passphraseEnv;
      if (hsts !== undefined) target.hsts = hsts;
      hosts.push(target);
    }
    return hosts;
  }

  private hsts(field: Field | undefined): HostTarget['hsts'] {
    if (field === undefined) return undefined;
    if (isScalar(field.node) && field.node.value === true) {
      this.r.problem(
        field.at,
        field.path,
        'write `hsts: {}` to check HSTS with the defaults (min_age_days 180)',
      );
      return undefined;
    }
    const fields = this.r.mapping(field, HSTS_KEYS);
    if (fields === undefined) return undefined;
    const minAge = fields.get('min_age_days');
    const minAgeDays = minAge === undefined ? DEFAULT_HSTS_MIN_AGE_DAYS : this.r.integer(minAge, 0);
    return minAgeDays === undefined ? undefined : { minAgeDays };
  }

  private async certificates(
    items: Field[],
    defaults: TargetSettings,
  ): Promise<CertificateTarget[]> {
    const entries = items.map((item) => this.certificate(item, defaults));
    const targets: CertificateTarget[] = [];
    const seen = new Map<string, string>();
    for (const entry of entries) {
      const resolved = await entry;
      if (resolved === undefined) continue;
      for (const target of resolved.targets) {
        const first = seen.get(target.path);
        if (first !== undefined) {
          this.r.problem(
            resolved.pathField.at,
            resolved.pathField.path,
            `duplicate target ${target.name} (the same file as ${first}); each file may be listed once`,
          );
          continue;
        }
        seen.set(target.path, `${resolved.pathField.path} on line ${target.source.line}`);
        targets.push(target);
      }
    }
    // A Kubernetes manifest becomes one target per TLS Secret / cert-manager Certificate in it.
    return expandManifestTargets(targets, this.maxFileBytes);
  }

  private async certificate(
    item: Field,
    defaults: TargetSettings,
  ): Promise<{ targets: CertificateTarget[]; pathField: Field } | undefined> {
    const fields = this.r.mapping(item, CERTIFICATE_KEYS, certificateHint);
    if (fields === undefined || item.node === null) return undefined;
    const node = item.node;
    const pathField = this.required(
      fields,
      'path',
      node,
      item.path,
      'the certificate file (or a glob such as deploy/**/*.pem) to check',
    );
    const pattern = this.r.string(pathField, 'a file path or glob');
    const chain = this.file(fields.get('chain'));
    const trust = this.file(fields.get('trust'));
    const key = this.file(fields.get('key'));
    const hostname = this.checked(fields.get('hostname'), 'a DNS name or IP address', hostProblem);
    const usage = fields.has('usage')
      ? this.r.oneOf(fields.get('usage'), CERTIFICATE_USAGES)
      : 'server';
    const passwordEnv = this.checked(
      fields.get('password_env'),
      'an environment variable name',
      envNameProblem,
    );
    const settings = this.targetSettings(fields, defaults);
    if (pattern === undefined || pathField === undefined || usage === undefined) return undefined;

    const files = await this.expand(pattern, pathField);
    const source = this.r.location(node);
    const targets = files.map(({ name, path }) => {
      const target: CertificateTarget = { type: 'file', name, path, usage, source, settings };
      if (chain !== undefined) target.chain = chain;
      if (trust !== undefined) target.trust = trust;
      if (key !== undefined) target.key = key;
      if (hostname !== undefined) target.hostname = hostname;
      if (passwordEnv !== undefined) target.passwordEnv = passwordEnv;
      return target;
    });
    return { targets, pathField };
  }

  /** One file for a plain path (named as written), or every file a glob matches (sorted). */
  private async expand(pattern: string, field: Field): Promise<{ name: string; path: string }[]> {
    const literal = resolve(this.policyDir, pattern);
    // A file whose name merely looks like a glob (`cert(1).pem`) is taken literally.
    const problem = await fileProblem(literal);
    if (problem === undefined) return [{ name: pattern, path: literal }];
    if (!isDynamicPattern(pattern)) {
      this.r.problem(field.at, field.path, `${problem}: ${pattern} (resolved to ${literal})`);
      return [];
    }
    let matches: string[];
    try {
      matches = await globFiles(pattern, this.policyDir);
    } catch (error) {
      this.r.problem(
        field.at,
        field.path,
        `cannot expand the glob ${pattern}: ${errorMessage(error)}`,
      );
      return [];
    }
    if (matches.length === 0) {
      this.r.problem(
        field.at,
        field.path,
        `no file matches the glob ${pattern} (searched from ${this.policyDir})`,
      );
      return [];
    }
    return matches
      .map((path) => ({
        path: resolve(path),
        name: isAbsolute(pattern) ? posix(resolve(path)) : posix(relative(this.policyDir, path)),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
