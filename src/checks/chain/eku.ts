import { defineRule } from '../types.js';
import { chainViolations } from './problems.js';

export const eku = defineRule({
  id: 'chain.eku',
  check: 'chain',
  description: 'extendedKeyUsage excludes TLS server (or client) authentication',
  citation:
    'RFC 5280 §4.2.1.12 on the leaf: an absent EKU accepts; anyExtendedKeyUsage without serverAuth is rejected as OpenSSL and pyca do (CA/B BR §7.1.2.7.10 forbids it in subscriber certificates; only Go accepts it). EKU on CA certificates constrains the leaf (nested EKU: Go checkChainForKeyUsage, pyca, Mozilla, Microsoft; CA/B BR §7.1.2.2/§7.1.2.10.6).',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue with serverAuth (clientAuth for client certificates) in the extendedKeyUsage of the leaf and of every CA that has the extension.',
  evaluate: (facts) => chainViolations(facts, 'eku'),
});
