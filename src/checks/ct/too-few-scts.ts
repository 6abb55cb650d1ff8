import { defineRule } from '../types.js';

const DAY_MS = 86_400_000;
/** Chrome and Apple CT policies: more than 180 days of lifetime needs a third SCT. */
const LONG_LIFETIME_DAYS = 180;

export const tooFewScts = defineRule({
  id: 'ct.too-few-scts',
  check: 'ct',
  description:
    'A leaf under a public root carries fewer embedded Signed Certificate Timestamps than Chrome and Safari require (2, or 3 for lifetimes over 180 days).',
  citation:
    'Chrome Certificate Transparency Policy (googlechrome.github.io/CertificateTransparency/ct_policy.html) and Apple Certificate Transparency policy (support.apple.com/en-us/103214): embedded SCTs from at least 2 logs for lifetimes up to 180 days, 3 beyond; RFC 6962 §3.3.',
  defaultSeverity: 'warning',
  appliesTo: ['file', 'host'],
  help: 'Reissue from a CA that embeds SCTs (every public CA does by default). Servers that deliver SCTs in the TLS extension or a stapled OCSP response instead may suppress this rule.',
  evaluate(facts) {
    const [leaf] = facts.certificates;
    if (!leaf || facts.chain?.valid !== true || facts.chain.trustSource !== 'bundled') return [];
    const { notBefore, notAfter, sctCount } = leaf.facts;
    const lifetimeDays = (notAfter.getTime() - notBefore.getTime()) / DAY_MS;
    const required = lifetimeDays > LONG_LIFETIME_DAYS ? 3 : 2;
    if (sctCount >= required) return [];
    const days = Math.ceil(lifetimeDays);
    return [
      {
        message: `leaf has ${sctCount} embedded SCT${sctCount === 1 ? '' : 's'}; Chrome and Safari require ${required} for a ${days}-day certificate`,
        certificate: leaf,
        details: { sctCount, required, lifetimeDays: days },
      },
    ];
  },
});
