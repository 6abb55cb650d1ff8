import { defineRule } from '../types.js';

export const unparseable = defineRule({
  id: 'file.unparseable',
  check: 'file',
  description:
    'A block of the certificate file (or of its `chain`/`trust` file, or a served certificate) cannot be decoded.',
  citation: 'RFC 7468 (PEM), ITU-T X.690 (DER), RFC 5280 §4.1 (certificate syntax).',
  defaultSeverity: 'error',
  appliesTo: ['file', 'host'],
  help: 'Inspect the block with `openssl x509 -in FILE -noout -text`; re-export the certificate as PEM or DER.',
  evaluate: (facts) =>
    facts.problems
      .filter((problem) => problem.code !== 'no-certificate')
      .map((problem) => ({
        message: problem.message,
        ...(problem.index !== undefined ? { details: { block: problem.index } } : {}),
      })),
});
