import { defineRule } from '../types.js';
import { activeRevocation, ROUTE_NAMES } from './shared.js';

export const revoked = defineRule({
  id: 'revocation.revoked',
  check: 'revocation',
  description: 'The certificate has been revoked by its issuer',
  citation:
    'RFC 5280 §6.3 (CRL) and RFC 6960 §2.2 (OCSP "revoked"): a revoked certificate must not be relied on. Only verified answers count; a revocation stands even in a stale response, since it cannot be undone (certificateHold aside).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Deploy a newly issued certificate (and a new key if the reason is keyCompromise).',
  evaluate(facts) {
    const revocation = activeRevocation(facts);
    if (revocation?.status !== 'revoked' || !revocation.route) return [];
    const leaf = facts.certificates[0];
    const when = revocation.revocation?.time.toISOString();
    const reason = revocation.revocation?.reason;
    return [
      {
        message:
          `certificate ${leaf?.facts.serialNumber ?? ''} was revoked` +
          `${when ? ` on ${when}` : ''}${reason ? ` (${reason})` : ''}, according to ` +
          ROUTE_NAMES[revocation.route],
        ...(leaf ? { certificate: leaf } : {}),
        details: {
          route: revocation.route,
          ...(when ? { revokedAt: when } : {}),
          ...(reason ? { reason } : {}),
        },
      },
    ];
  },
});
