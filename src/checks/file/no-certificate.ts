import { defineRule } from '../types.js';

export const noCertificate = defineRule({
  id: 'file.no-certificate',
  check: 'file',
  description: 'The certificate file holds no certificate that could be read.',
  citation: 'A target with nothing to check must fail closed, never pass silently.',
  defaultSeverity: 'error',
  appliesTo: ['file'],
  help: 'Point `path` at a PEM or DER certificate (leaf first, then intermediates).',
  evaluate(facts) {
    if (facts.unreadable || facts.certificates.length > 0) return [];
    // A cert-manager Certificate describes certificates to come: it holds none by design.
    if (facts.manifest?.kind === 'Certificate') return [];
    const reason = facts.problems.find((problem) => problem.code === 'no-certificate');
    return [{ message: reason?.message ?? `no certificate in ${facts.target.name}` }];
  },
});
