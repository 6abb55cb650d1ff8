import { describe, expect, it } from '@jest/globals';
import { certManagerDurationTooLong } from '../../../src/checks/expiry/cert-manager-duration-too-long.js';
import { certManagerInvalidDuration } from '../../../src/checks/expiry/cert-manager-invalid-duration.js';
import { certManagerLateRenewal } from '../../../src/checks/expiry/cert-manager-late-renewal.js';
import { certManagerRenewBeforeDuration } from '../../../src/checks/expiry/cert-manager-renew-before-duration.js';
import type { CertManagerSpec } from '../../../src/x509/formats/cert-manager.js';
import { contextFor, factsFor } from '../../helpers/facts.js';

function certificate(certManager: CertManagerSpec) {
  return factsFor([], {
    manifest: { document: 0, kind: 'Certificate', namespace: 'default', name: 'web', certManager },
  });
}

const ctx = contextFor(); // 2026-06-01: the CA/B limit is 200 days
const messages = (violations: { message: string }[]) => violations.map((v) => v.message);

describe('expiry.cert-manager-invalid-duration', () => {
  it('reports values cert-manager rejects', () => {
    expect(
      messages(certManagerInvalidDuration.evaluate(certificate({ duration: '90d' }), ctx)),
    ).toEqual([
      'spec.duration "90d" is not a Go duration: unknown unit "d": Go durations have no days or weeks, use hours (90 days = 2160h)',
    ]);
  });

  it('passes Go durations and ignores other targets', () => {
    expect(
      certManagerInvalidDuration.evaluate(
        certificate({ duration: '2160h', renewBefore: '720h' }),
        ctx,
      ),
    ).toEqual([]);
    expect(certManagerInvalidDuration.evaluate(factsFor([]), ctx)).toEqual([]);
  });
});

describe('expiry.cert-manager-duration-too-long', () => {
  it('exempts the issuer (maybe private PKI) unless max_validity_days is set', () => {
    expect(certManagerDurationTooLong.evaluate(certificate({ duration: '8760h' }), ctx)).toEqual(
      [],
    );
    const limited = contextFor({ settings: { maxValidityDays: 200 } });
    expect(
      messages(certManagerDurationTooLong.evaluate(certificate({ duration: '8760h' }), limited)),
    ).toEqual([
      'spec.duration 8760h (365 days) gives certificates valid for 366 days, more than 200 (max_validity_days)',
    ]);
    // notAfter is inclusive: exactly 200 days is one second too long, 199 days fits.
    expect(
      certManagerDurationTooLong.evaluate(certificate({ duration: '4800h' }), limited),
    ).toHaveLength(1);
    expect(
      certManagerDurationTooLong.evaluate(certificate({ duration: '4776h' }), limited),
    ).toEqual([]);
  });

  it('max_validity_days sets the limit', () => {
    const generous = contextFor({ settings: { maxValidityDays: 825 } });
    expect(
      certManagerDurationTooLong.evaluate(certificate({ duration: '8760h' }), generous),
    ).toEqual([]);
    const strict = contextFor({ settings: { maxValidityDays: 30 } });
    expect(messages(certManagerDurationTooLong.evaluate(certificate({}), strict))).toEqual([
      "spec.duration 2160h (90 days, cert-manager's default) gives certificates valid for 91 days, more than 30 (max_validity_days)",
    ]);
  });

  it('passes the default 90 days', () => {
    expect(certManagerDurationTooLong.evaluate(certificate({}), ctx)).toEqual([]);
  });
});

describe('expiry.cert-manager-renew-before-duration', () => {
  it('reports renewBefore not shorter than duration', () => {
    expect(
      messages(
        certManagerRenewBeforeDuration.evaluate(
          certificate({ duration: '720h', renewBefore: '720h' }),
          ctx,
        ),
      ),
    ).toEqual(['spec.renewBefore 720h (30 days) is not shorter than spec.duration 720h (30 days)']);
  });

  it('passes a shorter renewBefore and the default', () => {
    expect(
      certManagerRenewBeforeDuration.evaluate(
        certificate({ duration: '720h', renewBefore: '240h' }),
        ctx,
      ),
    ).toEqual([]);
    expect(certManagerRenewBeforeDuration.evaluate(certificate({ duration: '720h' }), ctx)).toEqual(
      [],
    );
  });
});

describe('expiry.cert-manager-late-renewal', () => {
  it('warns when renewal starts inside warn_days, fails inside fail_days', () => {
    const late = certManagerLateRenewal.evaluate(certificate({ renewBefore: '360h' }), ctx);
    expect(late.map((v) => [v.severity, v.message])).toEqual([
      [
        'warning',
        'cert-manager renews 360h (15 days) before expiry, later than the policy alerts (warn_days is 30)',
      ],
    ]);
    const tooLate = certManagerLateRenewal.evaluate(certificate({ renewBefore: '120h' }), ctx);
    expect(tooLate.map((v) => v.severity)).toEqual(['error']);
  });

  it('counts warn_percent_left too', () => {
    const percent = contextFor({
      settings: { expiry: { warnDays: 7, failDays: 3, warnPercentLeft: 50 } },
    });
    expect(messages(certManagerLateRenewal.evaluate(certificate({}), percent))).toEqual([
      "cert-manager renews a third of the duration (30 days, cert-manager's default) before expiry, later than the policy alerts (renewal starts with 33.3% of the lifetime left, warn_percent_left is 50)",
    ]);
  });

  it("passes cert-manager's defaults under the default policy", () => {
    expect(certManagerLateRenewal.evaluate(certificate({}), ctx)).toEqual([]);
    expect(
      certManagerLateRenewal.evaluate(certificate({ renewBeforePercentage: 50 }), ctx),
    ).toEqual([]);
  });
});
