// RFC 5280 §6.1 checks over one candidate path (leaf first). Each problem's `code` is the rule id
// suffix (`chain.<code>`); path building ranks candidate paths by what this returns.
import { EKU_NAMES, KEY_ALGORITHMS, RSASSA_PSS } from '../oids.js';
import type { ChainProblem } from '../types.js';
import { EKU, identityKey, type PathCert } from './cert.js';
import { hex } from './der.js';
import {
  commonNames,
  describeGeneralName,
  emailAttributes,
  generalNameMatches,
  type GeneralName,
} from './names.js';
import { algorithmParametersDefect, type SignatureResult } from './signature.js';

export type Usage = 'server' | 'client';

/** How a candidate path ended. */
export type Terminal =
  | { kind: 'anchored' }
  | { kind: 'self-signed' }
  | { kind: 'missing-issuer'; loop: boolean }
  | { kind: 'too-long'; limit: number }
  | { kind: 'work-bound'; limit: number };

export interface PathInput {
  /** Leaf first; when anchored, the last element is the trust anchor. */
  certs: PathCert[];
  /** edges[i]: the signature of certs[i] checked with certs[i + 1]'s key. */
  edges: SignatureResult[];
  terminal: Terminal;
  now: Date;
  usage: Usage;
  /** Identity keys (name + SPKI) of the presented certificates. */
  presented: ReadonlySet<string>;
}

export interface PathVerdict {
  fatal: ChainProblem[];
  warnings: ChainProblem[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function role(i: number, input: PathInput): 'leaf' | 'intermediate' | 'trust anchor' {
  if (input.terminal.kind === 'anchored' && i === input.certs.length - 1) return 'trust anchor';
  return i === 0 ? 'leaf' : 'intermediate';
}

export function validatePath(input: PathInput): PathVerdict {
  const fatal: ChainProblem[] = [];
  const warnings: ChainProblem[] = [];
  const { certs, now } = input;
  const anchored = input.terminal.kind === 'anchored';
  const add = (list: ChainProblem[], code: string, i: number, message: string, extra = {}) => {
    const cert = certs[i]!;
    list.push({
      code,
      message,
      certificate: cert.source,
      details: {
        position: i,
        role: role(i, input),
        subject: cert.label,
        presented: input.presented.has(identityKey(cert)),
        ...extra,
      },
    });
  };

  certs.forEach((cert, i) => {
    const r = role(i, input);
    const what = `${r} ${cert.label}`;
    if (cert.unusable) {
      add(fatal, 'malformed', i, `${what}: ${cert.unusable}`);
      return;
    }
    // Validity of every certificate, the anchor included, as Go (isValid on roots) and pyca
    // (permits_basic on every issuer) do; RFC 5280 §6.1.3(a)(2) for the rest of the path.
    if (now < cert.notBefore) {
      add(fatal, 'expired', i, `${what} is not valid until ${day(cert.notBefore)}`, {
        notBefore: cert.notBefore.toISOString(),
        notAfter: cert.notAfter.toISOString(),
        state: 'not-yet-valid',
      });
    } else if (now > cert.notAfter) {
      add(fatal, 'expired', i, `${what} expired on ${day(cert.notAfter)}`, {
        notBefore: cert.notBefore.toISOString(),
        notAfter: cert.notAfter.toISOString(),
        state: 'expired',
      });
    }
    if (r === 'trust anchor') return; // trusted as name + key (RFC 5280 §6.1.1(d))

    const defects = [...cert.malformed];
    const params = algorithmParametersDefect(cert);
    if (params) defects.push(params);
    for (const defect of defects) add(fatal, 'malformed', i, `${what}: ${defect}`);
    for (const oid of cert.duplicateExtensions) {
      add(fatal, 'duplicate-extension', i, `${what} contains extension ${oid} more than once`, {
        oid,
      });
    }
    for (const oid of cert.unknownCritical) {
      add(
        fatal,
        'unknown-critical-extension',
        i,
        `${what} has critical extension ${oid} that is not understood`,
        { oid },
      );
    }
    if (input.edges[i] && !input.edges[i]!.ok) {
      const issuer = certs[i + 1]!;
      add(
        fatal,
        'bad-signature',
        i,
        `the signature on ${what} does not verify with the key of ${issuer.label}: ${(input.edges[i] as { reason: string }).reason}`,
      );
    }
    if (r === 'intermediate') {
      // RFC 5280 §6.1.4(k): v1/v2 certificates are not CAs without out-of-band knowledge.
      if (cert.version < 3) {
        add(
          fatal,
          'not-a-ca',
          i,
          `${what} is a v${cert.version} certificate and cannot act as a CA`,
        );
      } else if (!cert.basicConstraints?.ca) {
        add(
          fatal,
          'not-a-ca',
          i,
          `${what} issued a certificate but is not a CA (basicConstraints cA is ${cert.basicConstraints ? 'FALSE' : 'absent'})`,
        );
      }
      // RFC 5280 §6.1.4(n).
      if (cert.keyUsage && !cert.keyUsage.has('keyCertSign')) {
        add(
          fatal,
          'key-usage',
          i,
          `${what} issued a certificate but its keyUsage lacks keyCertSign`,
        );
      }
    }
  });

  leafChecks(input, fatal, warnings, add);
  pathLengthChecks(input, add.bind(null, fatal));
  ekuChecks(input, add.bind(null, fatal));
  nameConstraintChecks(input, add.bind(null, fatal));
  terminalProblem(input, anchored, add.bind(null, fatal));
  return { fatal, warnings };
}

type Add = (code: string, i: number, message: string, extra?: Record<string, unknown>) => void;

function leafChecks(
  input: PathInput,
  fatal: ChainProblem[],
  warnings: ChainProblem[],
  add: (list: ChainProblem[], code: string, i: number, m: string, e?: object) => void,
): void {
  const leaf = input.certs[0]!;
  if (leaf.unusable) return;
  if (leaf.basicConstraints?.ca) {
    add(
      warnings,
      'leaf-is-ca',
      0,
      `the leaf ${leaf.label} is a CA certificate (basicConstraints cA=TRUE); CA/B BR §7.1.2.7.8 requires cA=FALSE`,
    );
  } else if (leaf.keyUsage?.has('keyCertSign')) {
    add(warnings, 'leaf-is-ca', 0, `the leaf ${leaf.label} asserts keyCertSign without being a CA`);
  }
  if (leaf.keyUsage) {
    // What the TLS handshake needs from the key: a signature (ECDHE, TLS 1.3, client auth), or
    // RSA key transport for static-RSA TLS 1.2 suites (RFC 5246 §7.4.2; RFC 8446 §4.4.2.2).
    const type = leaf.spkiAlgorithm;
    const rsa = type === KEY_ALGORITHMS.rsa || type === RSASSA_PSS;
    const ok =
      leaf.keyUsage.has('digitalSignature') ||
      (rsa && input.usage === 'server' && leaf.keyUsage.has('keyEncipherment'));
    if (!ok) {
      const need =
        rsa && input.usage === 'server'
          ? 'digitalSignature or keyEncipherment'
          : 'digitalSignature';
      const has = [...leaf.keyUsage].join(', ') || 'nothing';
      add(
        fatal,
        'key-usage',
        0,
        `the leaf ${leaf.label} keyUsage (${has}) does not allow TLS ${input.usage} use; it needs ${need}`,
      );
    }
  }
}

function pathLengthChecks(input: PathInput, add: Add): void {
  // RFC 5280 §6.1.4(l)/(m): pathLenConstraint counts the non-self-issued intermediates below a CA.
  // Go counts self-issued ones too; the RFC is followed here. The anchor's constraint applies
  // (Go and pyca both enforce it).
  const { certs } = input;
  for (let j = 1; j < certs.length; j++) {
    const limit = certs[j]!.basicConstraints?.pathLength;
    if (limit === undefined || !certs[j]!.basicConstraints?.ca) continue;
    let below = 0;
    for (let k = 1; k < j; k++) if (!certs[k]!.selfIssued) below++;
    if (below > limit) {
      add(
        'path-length',
        j,
        `${role(j, input)} ${certs[j]!.label} allows ${limit} intermediate CA(s) below it (pathLenConstraint) but the path has ${below}`,
        { pathLength: limit, intermediatesBelow: below },
      );
    }
  }
}

function ekuChecks(input: PathInput, add: Add): void {
  const wanted = input.usage === 'server' ? EKU.serverAuth : EKU.clientAuth;
  const name = input.usage === 'server' ? 'serverAuth' : 'clientAuth';
  input.certs.forEach((cert, i) => {
    const eku = cert.extKeyUsage;
    // Absent EKU means any usage (RFC 5280 §4.2.1.12; Go, pyca). On the leaf, anyExtendedKeyUsage
    // alone is rejected as OpenSSL and pyca do (CA/B BR §7.1.2.7.10 forbids it in subscriber
    // certificates); Go alone accepts it. On CA certificates it leaves the leaf unconstrained.
    if (!eku || eku.includes(wanted)) return;
    if (i > 0 && eku.includes(EKU.any)) return;
    const has = eku.map((o) => EKU_NAMES[o] ?? o).join(', ');
    if (i === 0) {
      const why = eku.includes(EKU.any)
        ? ' (anyExtendedKeyUsage does not stand in for it: CA/B BR §7.1.2.7.10; OpenSSL and pyca reject it)'
        : '';
      add(
        'eku',
        i,
        `the leaf ${cert.label} extendedKeyUsage (${has}) does not include ${name}${why}`,
        { required: name },
      );
    } else {
      // Nested EKU: a CA's EKU constrains everything below it (Go checkChainForKeyUsage, pyca
      // ca::extended_key_usage, Mozilla and Microsoft; CA/B BR §7.1.2.2/§7.1.2.10.6).
      add(
        'eku',
        i,
        `${role(i, input)} ${cert.label} restricts extendedKeyUsage to ${has}, which excludes ${name} for every certificate below it`,
        { required: name },
      );
    }
  });
}

const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}$/i;

/** Names of a certificate subject to name constraints (RFC 5280 §4.2.1.10, §6.1.3(b)/(c)). */
function constrainedNames(cert: PathCert, isLeaf: boolean): GeneralName[] {
  const names: GeneralName[] = [...cert.sans];
  if (cert.subjectRaw.length > 2) names.push({ kind: 'dn', bytes: cert.subjectRaw });
  // §4.2.1.10: emailAddress attributes in the subject are rfc822Name-constrained.
  for (const email of emailAttributes(cert.subjectRaw)) names.push({ kind: 'email', text: email });
  // A leaf without DNS SANs may still be matched on its CN by legacy clients (NSS, old Chrome):
  // constrain a host-like CN as a dNSName so a constrained CA cannot escape through it.
  if (isLeaf && !cert.sans.some((n) => n.kind === 'dns')) {
    for (const cn of commonNames(cert.subjectRaw)) {
      if (HOSTNAME.test(cn)) names.push({ kind: 'dns', text: cn });
    }
  }
  return names;
}

function nameConstraintChecks(input: PathInput, add: Add): void {
  const { certs } = input;
  for (let j = 1; j < certs.length; j++) {
    const nc = certs[j]!.nameConstraints;
    if (!nc) continue;
    for (let k = j - 1; k >= 0; k--) {
      const cert = certs[k]!;
      // §6.1.3(b): self-issued intermediates are exempt, the leaf never is.
      if (k > 0 && cert.selfIssued) continue;
      for (const name of constrainedNames(cert, k === 0)) {
        const excluded = nc.excluded.find((c) => generalNameMatches(name, c));
        const permittedOfKind = nc.permitted.filter((c) => c.kind === name.kind);
        const label = name.kind === 'dn' ? `subject ${cert.label}` : describeGeneralName(name);
        const who = `${role(j, input)} ${certs[j]!.label}`;
        if (excluded) {
          add(
            'name-constraints',
            k,
            `${label} of ${role(k, input)} ${cert.label} is excluded by ${who} (${describeGeneralName(excluded)})`,
            { name: label, constrainedBy: certs[j]!.label },
          );
        } else if (
          permittedOfKind.length > 0 &&
          !permittedOfKind.some((c) => generalNameMatches(name, c))
        ) {
          add(
            'name-constraints',
            k,
            `${label} of ${role(k, input)} ${cert.label} is outside the names permitted by ${who} (${permittedOfKind.map(describeGeneralName).join(', ')})`,
            { name: label, constrainedBy: certs[j]!.label },
          );
        }
      }
    }
  }
}

function terminalProblem(input: PathInput, anchored: boolean, add: Add): void {
  if (anchored) return;
  const last = input.certs.length - 1;
  const cert = input.certs[last]!;
  const t = input.terminal;
  switch (t.kind) {
    case 'self-signed':
      if (last === 0) {
        add(
          'self-signed-leaf',
          0,
          `the leaf ${cert.label} is self-signed and is not a trust anchor`,
        );
      } else {
        add(
          'untrusted-root',
          last,
          `the chain ends at ${cert.label}, a self-signed root that is not in the trust store`,
          { sha256: cert.source.facts?.sha256 },
        );
      }
      return;
    case 'missing-issuer': {
      const aki = cert.aki ? ` (authority key id ${cert.aki})` : '';
      const why = t.loop
        ? 'its only candidate issuers are already in the path (a loop)'
        : 'no certificate with that subject was presented, given in `chain`, or is a trust anchor';
      // Past the leaf, the missing issuer is most often a private root the trust store lacks
      // (servers need not send the root), not a chain the server forgot: say both.
      const hint =
        last > 0 && !t.loop
          ? '. If that is your private root CA, give it as `trust:` (the bundled Mozilla roots do not include it); otherwise an intermediate is missing'
          : '';
      add(
        'incomplete',
        last,
        `the issuer of ${role(last, input)} ${cert.label} was not found: ${why}; issuer name ${issuerText(cert)}${aki}${hint}`,
        { issuerKey: hex(cert.issuerRaw) },
      );
      return;
    }
    case 'too-long':
      add(
        'too-long',
        last,
        `no trust anchor within ${t.limit} intermediate certificates above ${input.certs[0]!.label}`,
        { limit: t.limit },
      );
      return;
    case 'work-bound':
      add(
        'too-long',
        last,
        `path building gave up after ${t.limit} signature checks without reaching a trust anchor`,
        { limit: t.limit, reason: 'work-bound' },
      );
      return;
  }
}

function issuerText(cert: PathCert): string {
  return cert.source.facts?.issuer ?? hex(cert.issuerRaw);
}
