import { defineRule } from '../types.js';

export const unreadable = defineRule({
  id: 'file.unreadable',
  check: 'file',
  description: 'The certificate file is missing or cannot be read.',
  citation: 'A check that cannot read its input must fail closed, never pass silently.',
  defaultSeverity: 'error',
  appliesTo: ['file'],
  help: 'Check the `path` in the policy (relative to the policy file) and the file permissions.',
  evaluate: (facts) => (facts.unreadable ? [{ message: facts.unreadable.message }] : []),
});
