import { ALL_RULES } from '../checks/index.js';
// Syntax checks for single values in a policy. Each returns undefined when the value is fine, or the
// message to show (what is wrong and how to fix it).
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { CHECK_FAMILIES } from '../model.js';
import { closest } from './suggest.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function isDnsName(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare === '' || bare.length > 253) return false;
  const labels = bare.split('.');
  // RFC 1123 §2.1: an all-numeric last label is a mistyped IPv4 address, not a name.
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return false;
  return labels.every((label) => LABEL.test(label));
}

/** A DNS name or an IP literal (IPv6 without brackets), as `host`, `address` and `hostname` take. */
export function hostProblem(value: string): string | undefined {
  if (isIP(value) !== 0) return undefined;
  const got = `(got ${JSON.stringify(value)})`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    let bare: string | undefined;
    try {
      bare = new URL(value).hostname.replace(/^\[(.*)\]$/, '$1');
    } catch {
      bare = undefined;
    }
    const advice = bare ? `; did you mean ${bare}?` : '';
    return `must be a host name without scheme, port or path ${got}${advice}`;
  }
  const bracketed = /^\[(.*)\]$/.exec(value)?.[1];
  if (bracketed !== undefined && isIP(bracketed) === 6) {
    return `write an IPv6 address without brackets ${got}; did you mean ${bracketed}?`;
  }
  const withPort = /^([^:]+):(\d+)$/.exec(value);
  if (withPort && (isDnsName(withPort[1] ?? '') || isIP(withPort[1] ?? '') === 4)) {
    return `must be a host name without port ${got}; set port: ${withPort[2]} instead`;
  }
  if (value.includes('*')) return `must name one host; wildcards are not allowed ${got}`;
  if (/[^ -~]/.test(value)) {
    const ascii = domainToASCII(value);
    if (ascii !== '' && isDnsName(ascii)) {
      return `write internationalized names in ASCII (A-label) form ${got}; did you mean ${ascii}?`;
    }
  }
  if (isDnsName(value)) return undefined;
  return `must be a DNS name or an IP address ${got}`;
}

/** An environment variable name (POSIX portable: letters, digits, underscore; no leading digit). */
export function envNameProblem(value: string): string | undefined {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return undefined;
  const advice = value.startsWith('$')
    ? `; write the name without $, e.g. ${value.replace(/^\$\{?|\}$/g, '')}`
    : '';
  return `must be the name of an environment variable (letters, digits, _; not starting with a digit) (got ${JSON.stringify(value)})${advice}`;
}

/** A calendar date `YYYY-MM-DD`. */
export function dateProblem(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const got = `(got ${JSON.stringify(value)})`;
  if (!match) return `must be a date YYYY-MM-DD ${got}`;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return `must be a real calendar date YYYY-MM-DD ${got}`;
  }
  return undefined;
}

/**
 * A rule id (`family.kebab-name`) or a whole family (`family`). Only the shape and the family are
 * checked here: a policy may name a rule this version does not know yet.
 */
/** Every rule id tls-gate knows; a typo in `rules:` or `ignore:` must not silently match nothing. */
const RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((rule) => rule.id));

export function ruleIdProblem(value: string): string | undefined {
  const got = `(got ${JSON.stringify(value)})`;
  const match = /^([a-z]+)(?:\.([a-z0-9]+(?:-[a-z0-9]+)*))?$/.exec(value);
  const families = CHECK_FAMILIES as readonly string[];
  if (!match) {
    const lower = value.toLowerCase().replace(/_/g, '-');
    const advice =
      lower !== value && ruleIdProblem(lower) === undefined ? `; did you mean ${lower}?` : '';
    return `must be a rule id like cipher.cbc or a family like cipher (lower-case, kebab-case) ${got}${advice}`;
  }
  const family = match[1] ?? '';
  if (families.includes(family)) {
    if (match[2] === undefined || RULE_IDS.has(value)) return undefined;
    const known = [...RULE_IDS].filter((id) => id.startsWith(`${family}.`));
    const suggestion = closest(value, known);
    const advice =
      suggestion !== undefined
        ? `; did you mean ${suggestion}?`
        : known.length > 0
          ? `; ${family} rules are ${known.join(', ')}`
          : '';
    return `names an unknown rule ${got}${advice}`;
  }
  const suggestion = closest(family, families);
  const advice =
    suggestion === undefined
      ? `; families are ${families.join(', ')}`
      : `; did you mean ${match[2] === undefined ? suggestion : `${suggestion}.${match[2]}`}?`;
  return `names an unknown check family "${family}" ${got}${advice}`;
}
