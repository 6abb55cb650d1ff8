import { configuredSeverity } from '../run.js';
import { defineRule } from '../types.js';
import { unparseable } from './unparseable.js';

export const noCertificate = defineRule({
  id: 'file.no-certificate',
  check: 'file',
  description: 'The certificate file holds no certificate that could be read.',
  citation: 'A target with nothing to check must fail closed, never pass silently.',
  defaultSeverity: 'error',
  appliesTo: ['file'],
  help: 'Point `path` at a PEM or DER certificate (leaf first, then intermediates).',
  evaluate(facts, ctx) {
    if (facts.unreadable || facts.certificates.length > 0) return [];
    // A cert-manager Certificate describes certificates to come: it holds none by design.
    if (facts.manifest?.kind === 'Certificate') return [];
    const reason = facts.problems.find((problem) => problem.code === 'no-certificate');
    if (reason) return [{ message: reason.message }];
    // The file did not decode (an unsupported PKCS#12 cipher, bad DER, a PEM whose CERTIFICATE
    // blocks are all broken): file.unparseable says why, and "no certificate" on top is the same
    // failure twice, unless that rule is off.
    const explained = facts.problems.length > 0;
    if (explained && configuredSeverity(unparseable, ctx.settings) !== 'off') return [];
    return [{ message: `no certificate in ${facts.target.name}` }];
  },
});
