import { defineRule } from '../types.js';

const LISTED = 5;

export const probesIncomplete = defineRule({
  id: 'connection.probes-incomplete',
  check: 'connection',
  description:
    'The handshake worked, but some version or cipher probes got no usable answer (timeout, reset, garbage), so what they test is unknown.',
  citation:
    'tls-gate policy: a check that could not run must not look like a pass. Connection limiters and rate limiting are the usual cause.',
  defaultSeverity: 'warning',
  appliesTo: ['host'],
  help: 'Allow the runner enough parallel connections to the host (about eight), raise `timeout_ms`, or run with a lower `--concurrency`.',
  evaluate(facts) {
    const notes = facts.host?.probeNotes ?? [];
    if (facts.host?.failure || notes.length === 0) return [];
    const listed = notes.slice(0, LISTED).join('; ');
    const more = notes.length > LISTED ? `; and ${notes.length - LISTED} more` : '';
    return [
      {
        message: `${notes.length} probe${notes.length === 1 ? '' : 's'} got no usable answer, so ${
          notes.length === 1 ? 'its result is' : 'their results are'
        } unknown: ${listed}${more}`,
        details: { probes: notes },
      },
    ];
  },
});
