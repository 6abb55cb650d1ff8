import { isoDay } from '../../x509/certificate.js';
import { certificateName } from '../../x509/presented.js';
import { defineRule } from '../types.js';

export const notYetValid = defineRule({
  id: 'expiry.not-yet-valid',
  check: 'expiry',
  description:
    'The leaf certificate is not valid yet (its notBefore is in the future); for path certificates see chain.expired.',
  citation: 'RFC 5280 §4.1.2.5 and §6.1.3(a)(2): a certificate is valid only from its notBefore.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Check the clock of the issuing system, or wait until the certificate becomes valid before deploying it.',
  evaluate(facts, ctx) {
    return facts.certificates
      .slice(0, 1)
      .filter((cert) => cert.facts.notBefore.getTime() > ctx.now.getTime())
      .map((cert) => ({
        message: `${certificateName(facts, cert)} is not valid before ${cert.facts.notBefore.toISOString()} (${isoDay(cert.facts.notBefore)})`,
        certificate: cert,
        details: { notBefore: cert.facts.notBefore.toISOString() },
      }));
  },
});
