// The published JSON Schema names the same keys, words and defaults as the loader, and documents
// every key for editors.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECK_FAMILIES } from '../../src/model.js';
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
  STARTTLS_PROTOCOLS,
  TOP_LEVEL_KEYS,
} from '../../src/policy/keys.js';
import { DEFAULT_LIMITS, LIMIT_KEYS } from '../../src/limits.js';
import { DEFAULT_SETTINGS, PROTOCOL_NAMES } from '../../src/policy/types.js';
import { RULES_VERSION } from '../../src/version.js';

interface Schema {
  $ref?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  maximum?: number;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  items?: Schema;
  definitions?: Record<string, Schema>;
  [key: string]: unknown;
}

const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(
  readFileSync(join(here, '..', '..', 'schema', 'tls-gate.schema.json'), 'utf8'),
) as Schema;

function deref(node: Schema): Schema {
  if (node.$ref === undefined) return node;
  const name = node.$ref.replace('#/definitions/', '');
  const target = schema.definitions?.[name];
  if (target === undefined) throw new Error(`dangling ${node.$ref}`);
  return target;
}

const props = (node: Schema | undefined): Record<string, Schema> =>
  deref(node ?? {}).properties ?? {};
const top = props(schema);
const host = props(top.hosts?.items);
const certificate = props(top.certificates?.items);
const defaults = props(top.defaults);

test('every object lists exactly the keys the loader accepts', () => {
  expect(Object.keys(top)).toEqual([...TOP_LEVEL_KEYS]);
  expect(Object.keys(defaults)).toEqual([...SETTINGS_KEYS]);
  expect(Object.keys(host)).toEqual([...HOST_KEYS]);
  expect(Object.keys(certificate)).toEqual([...CERTIFICATE_KEYS]);
  expect(Object.keys(props(top.ignore?.items))).toEqual([...IGNORE_KEYS]);
  expect(Object.keys(props(defaults.expiry))).toEqual([...EXPIRY_KEYS]);
  expect(Object.keys(props(host.hsts))).toEqual([...HSTS_KEYS]);
  expect(Object.keys(props(top.limits))).toEqual([...LIMITS_KEYS]);
});

test('limits in the schema have the ranges, defaults and descriptions of the loader', () => {
  const limits = props(top.limits);
  for (const key of LIMITS_KEYS) {
    const bound = LIMIT_KEYS[key];
    expect([key, limits[key]]).toEqual([
      key,
      {
        description: bound.description,
        type: 'integer',
        minimum: bound.min,
        maximum: bound.max,
        default: DEFAULT_LIMITS[bound.field],
      },
    ]);
    expect(DEFAULT_LIMITS[bound.field]).toBeGreaterThanOrEqual(bound.min);
    expect(DEFAULT_LIMITS[bound.field]).toBeLessThanOrEqual(bound.max);
  }
});

test('every object refuses unknown keys and every key has a description', () => {
  const seen: string[] = [];
  const walk = (node: Schema, path: string): void => {
    if (node.properties !== undefined) {
      expect([path, node.additionalProperties]).toEqual([path, false]);
      for (const [key, child] of Object.entries(node.properties)) {
        seen.push(`${path}.${key}`);
        expect([`${path}.${key}`, typeof deref(child).description]).toEqual([
          `${path}.${key}`,
          'string',
        ]);
        walk(deref(child), `${path}.${key}`);
      }
    }
    if (node.items !== undefined) walk(deref(node.items), `${path}[]`);
  };
  walk(schema, '');
  expect(seen.length).toBeGreaterThan(40);
});

test('the schema offers the same words as the loader', () => {
  expect(deref(defaults.fail_on ?? {}).enum).toEqual(FAIL_ON_VALUES);
  expect(deref(defaults.min_protocol ?? {}).enum).toEqual(PROTOCOL_NAMES);
  expect(deref(defaults.revocation ?? {}).enum).toEqual(REVOCATION_MODES);
  expect(host.starttls?.enum).toEqual(STARTTLS_PROTOCOLS);
  expect(certificate.usage?.enum).toEqual(CERTIFICATE_USAGES);
  const rules = deref(defaults.rules ?? {});
  expect((rules.additionalProperties as Schema).enum).toEqual(RULE_SEVERITIES);
});

test('the schema shows the defaults the loader applies', () => {
  const expiry = props(defaults.expiry);
  expect(expiry.warn_days?.default).toBe(DEFAULT_SETTINGS.expiry.warnDays);
  expect(expiry.fail_days?.default).toBe(DEFAULT_SETTINGS.expiry.failDays);
  expect(deref(defaults.expiry ?? {}).default).toEqual({
    warn_days: DEFAULT_SETTINGS.expiry.warnDays,
    fail_days: DEFAULT_SETTINGS.expiry.failDays,
  });
  expect(deref(defaults.fail_on ?? {}).default).toBe(DEFAULT_SETTINGS.failOn);
  expect(deref(defaults.min_protocol ?? {}).default).toBe(DEFAULT_SETTINGS.minProtocol);
  expect(deref(defaults.timeout_ms ?? {}).default).toBe(DEFAULT_SETTINGS.timeoutMs);
  expect(deref(defaults.timeout_ms ?? {}).maximum).toBe(MAX_TIMEOUT_MS);
  expect(deref(defaults.revocation ?? {}).default).toBe(DEFAULT_SETTINGS.revocation);
  expect(host.port?.default).toBe(DEFAULT_PORT);
  expect(props(host.hsts).min_age_days?.default).toBe(DEFAULT_HSTS_MIN_AGE_DAYS);
  expect(certificate.usage?.default).toBe('server');
  expect(top.rules_version?.maximum).toBe(RULES_VERSION);
});

test('rule ids in the schema use the check families of the model', () => {
  const pattern = new RegExp(deref(top.rules ?? {}).propertyNames?.pattern ?? '^$');
  for (const family of CHECK_FAMILIES) {
    expect(pattern.test(family)).toBe(true);
    expect(pattern.test(`${family}.some-rule2`)).toBe(true);
  }
  expect(pattern.test('nosuchfamily')).toBe(false);
  expect(pattern.test('cipher.Bad_Name')).toBe(false);
  expect(new RegExp(props(top.ignore?.items).rule?.pattern ?? '^$').source).toBe(pattern.source);
});

test('profile names and versions in the schema are the ones the loader knows', () => {
  const pattern = new RegExp(top.profile?.pattern ?? '^$');
  for (const name of PROFILE_NAMES) {
    expect(pattern.test(name)).toBe(true);
    for (const version of PROFILE_VERSIONS) expect(pattern.test(`${name}@${version}`)).toBe(true);
    expect(pattern.test(`${name}@9.9`)).toBe(false);
  }
});
