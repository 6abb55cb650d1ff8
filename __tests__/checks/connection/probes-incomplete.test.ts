import { probesIncomplete } from '../../../src/checks/connection/probes-incomplete.js';
import type { HostFacts } from '../../../src/probe/types.js';
import { contextFor, factsFor, hostTarget } from '../../helpers/facts.js';

function facts(host: Partial<HostFacts>) {
  return factsFor([], {
    target: hostTarget(),
    host: { servedChain: [], protocols: {}, timings: {}, ...host },
  });
}

describe('connection.probes-incomplete', () => {
  it('warns when probes got no usable answer, naming them', () => {
    const notes = ['TLS 1.0/1.1 probe: timed out', 'SSLv3 probe: connection reset by the server'];
    const [violation, ...rest] = probesIncomplete.evaluate(
      facts({ probeNotes: notes }),
      contextFor(),
    );
    expect(rest).toEqual([]);
    expect(violation?.message).toContain('2 probes got no usable answer');
    expect(violation?.message).toContain('SSLv3 probe: connection reset');
  });

  it('stays quiet when every probe answered, or when the host failed outright', () => {
    expect(probesIncomplete.evaluate(facts({}), contextFor())).toEqual([]);
    const failed = facts({
      probeNotes: ['x'],
      failure: { kind: 'timeout', message: 'no answer' },
    });
    expect(probesIncomplete.evaluate(failed, contextFor())).toEqual([]);
  });
});
