import { daysUntil, isoDay } from '../../x509/certificate.js';
import { certificateName } from '../../x509/presented.js';
import { defineRule } from '../types.js';

export const expired = defineRule({
  id: 'expiry.expired',
  check: 'expiry',
  description:
    'The leaf certificate has expired (an expired intermediate or anchor on the path is chain.expired).',
  citation: 'RFC 5280 §4.1.2.5 and §6.1.3(a)(2): a certificate is valid only up to its notAfter.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Renew the certificate (and any expired intermediate) and deploy the new chain.',
  evaluate(facts, ctx) {
    return facts.certificates
      .slice(0, 1)
      .filter((cert) => cert.facts.notAfter.getTime() < ctx.now.getTime())
      .map((cert) => {
        // The same day count as every report's "days left" (which is negative once expired), so
        // the finding and the summary line agree: expired an hour ago is 1 day ago.
        const daysAgo = -daysUntil(cert.facts.notAfter, ctx.now);
        return {
          message: `${certificateName(facts, cert)} expired on ${isoDay(cert.facts.notAfter)} (${daysAgo} day${daysAgo === 1 ? '' : 's'} ago)`,
          certificate: cert,
          details: { notAfter: cert.facts.notAfter.toISOString(), daysAgo },
        };
      });
  },
});
