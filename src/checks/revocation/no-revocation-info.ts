import { defineRule } from '../types.js';

export const noRevocationInfo = defineRule({
  id: 'revocation.no-revocation-info',
  check: 'revocation',
  description:
    'A certificate under a publicly trusted root names neither an OCSP responder nor a CRL distribution point',
  citation:
    'CA/Browser Forum Baseline Requirements §7.1.2.7.2: subscriber certificates carry a CRL distribution point or an OCSP URL. Private PKI (a `trust` file) is exempt: its revocation scheme is its own business.',
  defaultSeverity: 'notice',
  appliesTo: ['host', 'file'],
  help: 'Nothing to fix on your side unless you run the CA: its certificates cannot be revoked in a way clients see.',
  evaluate(facts) {
    if (facts.target.settings.revocation === 'off') return [];
    const leaf = facts.certificates[0];
    const publicPath = facts.chain?.valid === true && facts.chain.trustSource === 'bundled';
    if (!leaf || !publicPath || leaf.facts.selfIssued) return [];
    if (leaf.facts.ocspUrls.length > 0 || leaf.facts.crlUrls.length > 0) return [];
    return [
      {
        message:
          'the certificate has no OCSP URL (authorityInfoAccess) and no CRL distribution point, so its revocation cannot be checked',
        certificate: leaf,
      },
    ];
  },
});
