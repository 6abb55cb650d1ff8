import { OID } from '../../x509/certificate.js';
import { defineRule } from '../types.js';

export const noSan = defineRule({
  id: 'hostname.no-san',
  check: 'hostname',
  description:
    'The server certificate has no subjectAltName extension; clients ignore the subject CN, so it matches no name.',
  citation:
    'RFC 6125 §6.4.4 (CN only as a legacy fallback), CA/B Forum BR §7.1.2.7.12 (SAN required); Chrome 58+ and Go 1.15+ ignore the CN.',
  defaultSeverity: 'error',
  appliesTo: ['host', 'file'],
  help: 'Reissue the certificate with every host name in the subjectAltName (DNS) or IP address SAN.',
  evaluate(facts) {
    const leaf = facts.certificates[0];
    // Client certificates and CA certificates checked as files legitimately lack server names.
    if (!leaf || leaf.facts.basicConstraints?.ca) return [];
    if (facts.target.type === 'file' && facts.target.usage !== 'server') return [];
    if (leaf.facts.extensions.some((e) => e.oid === OID.subjectAltName)) return [];
    const cn = leaf.facts.subjectCommonName;
    return [
      {
        message: `the certificate has no subjectAltName extension${cn ? ` (CN "${cn}" is ignored by clients)` : ''}`,
        certificate: leaf,
      },
    ];
  },
});
