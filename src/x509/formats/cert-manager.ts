// cert-manager Certificate timing (cert-manager.io/v1 spec.duration, spec.renewBefore,
// spec.renewBeforePercentage) with cert-manager's own defaults and webhook validation, so rules
// judge exactly what the controller would do. Pure: facts in, numbers and problems out.
import { describeDuration, parseGoDuration } from './go-duration.js';

/** What a cert-manager Certificate says about its lifetime, as written in the manifest. */
export interface CertManagerSpec {
  duration?: unknown;
  renewBefore?: unknown;
  renewBeforePercentage?: unknown;
  secretName?: string;
  /** `ClusterIssuer/letsencrypt` */
  issuer?: string;
}

/** cert-manager's defaults and minimums (pkg/apis/certmanager/v1, internal/apis/.../validation). */
export const CERT_MANAGER = {
  defaultDurationMs: 90 * 86_400_000,
  minDurationMs: 3_600_000,
  minRenewBeforeMs: 5 * 60_000,
} as const;

export interface CertManagerTiming {
  /** Effective lifetime; undefined when spec.duration is invalid. */
  durationMs?: number;
  /** `2160h (90 days)`, or `2160h (90 days, cert-manager's default)`. */
  durationText: string;
  renewBeforeMs?: number;
  renewBeforeText: string;
  /** Reasons the API server / cert-manager webhook would reject the resource. */
  problems: string[];
}

function goDuration(value: unknown, field: string, problems: string[]): number | undefined {
  if (typeof value !== 'string') {
    problems.push(
      `spec.${field} must be a Go duration string such as "2160h", not ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  const parsed = parseGoDuration(value);
  if ('error' in parsed) {
    problems.push(`spec.${field} "${value}" is not a Go duration: ${parsed.error}`);
    return undefined;
  }
  return parsed.ms;
}

export function certManagerTiming(spec: CertManagerSpec): CertManagerTiming {
  const problems: string[] = [];
  let durationMs: number | undefined = CERT_MANAGER.defaultDurationMs;
  let durationText = describeDuration('2160h', durationMs, "cert-manager's default");
  if (spec.duration !== undefined) {
    durationMs = goDuration(spec.duration, 'duration', problems);
    durationText =
      durationMs === undefined
        ? String(spec.duration)
        : describeDuration(String(spec.duration), durationMs);
    if (durationMs !== undefined && durationMs < CERT_MANAGER.minDurationMs) {
      problems.push(`spec.duration ${spec.duration} is below cert-manager's minimum of 1h`);
    }
  }

  let renewBeforeMs: number | undefined;
  let renewBeforeText: string;
  const hasPercentage = spec.renewBeforePercentage !== undefined;
  if (spec.renewBefore !== undefined && hasPercentage) {
    problems.push('spec.renewBefore and spec.renewBeforePercentage are mutually exclusive');
  }
  if (spec.renewBefore !== undefined) {
    renewBeforeMs = goDuration(spec.renewBefore, 'renewBefore', problems);
    renewBeforeText =
      renewBeforeMs === undefined
        ? String(spec.renewBefore)
        : describeDuration(String(spec.renewBefore), renewBeforeMs);
    if (renewBeforeMs !== undefined && renewBeforeMs < CERT_MANAGER.minRenewBeforeMs) {
      problems.push(`spec.renewBefore ${spec.renewBefore} is below cert-manager's minimum of 5m`);
    }
  } else if (hasPercentage) {
    const percent = spec.renewBeforePercentage;
    renewBeforeText = `renewBeforePercentage ${String(percent)}`;
    if (
      typeof percent !== 'number' ||
      !Number.isInteger(percent) ||
      percent <= 0 ||
      percent >= 100
    ) {
      problems.push(
        `spec.renewBeforePercentage must be an integer between 1 and 99, not ${JSON.stringify(percent)}`,
      );
    } else if (durationMs !== undefined) {
      renewBeforeMs = (durationMs * percent) / 100;
      renewBeforeText = describeDuration(`${percent}% of the duration`, renewBeforeMs);
    }
  } else {
    // cert-manager renews at two thirds of the lifetime when nothing is set.
    renewBeforeText = "a third of the duration (cert-manager's default)";
    if (durationMs !== undefined) {
      renewBeforeMs = durationMs / 3;
      renewBeforeText = describeDuration(
        'a third of the duration',
        renewBeforeMs,
        "cert-manager's default",
      );
    }
  }
  return {
    ...(durationMs !== undefined ? { durationMs } : {}),
    durationText,
    ...(renewBeforeMs !== undefined ? { renewBeforeMs } : {}),
    renewBeforeText,
    problems,
  };
}
