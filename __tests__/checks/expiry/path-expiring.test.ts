import { expiring } from '../../../src/checks/expiry/expiring.js';
import { contextFor, factsFor, parsedList } from '../../helpers/facts.js';
import { FIXTURE_NOW, issueCertificate, makeChain } from '../../helpers/pki.js';

const DAY = 86_400_000;

describe('expiry.expiring on the path a client relies on', () => {
  const root = issueCertificate({
    subject: 'CN=Short Root',
    ca: true,
    notBefore: new Date(FIXTURE_NOW.getTime() - 3000 * DAY),
    notAfter: new Date(FIXTURE_NOW.getTime() + 10 * DAY),
  });
  const chain = makeChain({ name: 'Short', root });
  const [leaf, intermediate, anchor] = parsedList([chain.leaf, chain.intermediate, root]);

  it('warns about a trust anchor that expires soon: every chain under it breaks then', () => {
    const facts = factsFor([chain.leaf, chain.intermediate], {
      chain: {
        valid: true,
        path: [leaf!, intermediate!, anchor!],
        anchor: anchor!,
        trustSource: 'policy',
        problems: [],
        presentation: [],
      },
    });
    const messages = expiring.evaluate(facts, contextFor()).map((v) => v.message);
    expect(messages).toEqual([expect.stringMatching(/CN=Short Root.*\(10 days left/)]);
  });

  it('ignores a presented certificate that the path does not use', () => {
    const facts = factsFor([chain.leaf, chain.intermediate, root], {
      chain: {
        valid: true,
        path: [leaf!, intermediate!],
        trustSource: 'policy',
        problems: [],
        presentation: [],
      },
    });
    expect(expiring.evaluate(facts, contextFor())).toEqual([]);
  });
});
