// Certificate path building and validation (RFC 5280 §6, RFC 4158 in spirit): depth-first search
// with backtracking from the leaf over issuers found among the presented certificates, the
// target's `chain` file and the trust anchors; every candidate path is validated in full and the
// first one without problems wins. When none validates, the most informative failed path is
// reported (one that reached an anchor over one that did not; fewer problems; longer).
import type { ChainAnalysis, ChainProblem, ParsedCertificate, TrustStore } from './types.js';
import { identityKey, pathCert, type PathCert } from './path/cert.js';
import { nameKey } from './path/names.js';
import { anchorSources, type AnchorSource } from './roots.js';
import { SignatureVerifier, type SignatureResult } from './path/signature.js';
import { validatePath, type Terminal, type Usage } from './path/validate.js';

/** Intermediates allowed between leaf and anchor: pyca's default max_chain_depth. */
export const MAX_INTERMEDIATES = 8;
/** Signature checks per target before giving up (Go's maxChainSignatureChecks). */
export const MAX_SIGNATURE_CHECKS = 100;
/** Complete candidate paths judged per target. */
const MAX_CANDIDATE_PATHS = 64;

export interface AnalyzeChainInput {
  /** As presented (file or server order); [0] is the leaf. */
  presented: ParsedCertificate[];
  /** Untrusted intermediates from elsewhere (a certificate target's `chain` file). */
  extra: ParsedCertificate[];
  trust: TrustStore;
  now: Date;
  usage: Usage;
  /** Accepted for callers' convenience; matching names against it is the hostname.* rules' job. */
  hostname?: string;
}

/**
 * Anchors by subject comparison key, built once per trust store object. Only the raw subjects are
 * read up front; an anchor is parsed the first time a path asks for its subject, so a chain
 * against the ~140 bundled roots parses the one or two it needs.
 */
class AnchorIndex {
  private readonly pending = new Map<string, AnchorSource[]>();
  private readonly views = new Map<string, PathCert[]>();

  constructor(trust: TrustStore) {
    for (const source of anchorSources(trust)) {
      let key: string;
      try {
        key = nameKey(source.subject);
      } catch {
        continue; // an undecodable subject is an unusable anchor
      }
      push(this.pending, key, source);
    }
  }

  bySubject(key: string): PathCert[] {
    let views = this.views.get(key);
    if (!views) {
      views = (this.pending.get(key) ?? [])
        .map((source) => pathCert(source.parse()))
        .filter((view) => !view.unusable && view.subjectKey === key);
      this.views.set(key, views);
    }
    return views;
  }

  /** The anchor with this certificate's name and key (the last one listed, on duplicates). */
  byIdentity(cert: PathCert): PathCert | undefined {
    const id = identityKey(cert);
    const candidates = this.bySubject(cert.subjectKey);
    for (let i = candidates.length - 1; i >= 0; i--) {
      if (identityKey(candidates[i]!) === id) return candidates[i];
    }
    return undefined;
  }
}

const anchorIndexes = new WeakMap<TrustStore, AnchorIndex>();

function anchorIndex(trust: TrustStore): AnchorIndex {
  let index = anchorIndexes.get(trust);
  if (!index) {
    index = new AnchorIndex(trust);
    anchorIndexes.set(trust, index);
  }
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface Candidate {
  certs: PathCert[];
  edges: SignatureResult[];
  terminal: Terminal;
  fatal: ChainProblem[];
  warnings: ChainProblem[];
}

function score(c: Candidate): number {
  return (c.terminal.kind === 'anchored' ? 1_000_000 : 0) - c.fatal.length * 1_000 + c.certs.length;
}

export async function analyzeChain(input: AnalyzeChainInput): Promise<ChainAnalysis> {
  const leafCert = input.presented[0];
  if (!leafCert) throw new Error('analyzeChain needs at least the leaf certificate');
  const anchors = anchorIndex(input.trust);
  const verifier = new SignatureVerifier();
  const leaf = pathCert(leafCert);
  const presentedViews = input.presented.map(pathCert);
  const presentedIds = new Set(presentedViews.map(identityKey));

  // Untrusted issuer candidates, de-duplicated by DER.
  const pool = new Map<string, PathCert[]>();
  const seen = new Set<string>();
  for (const view of [...presentedViews.slice(1), ...input.extra.map(pathCert)]) {
    const der = Buffer.from(view.source.der).toString('base64');
    if (view.unusable || seen.has(der)) continue;
    seen.add(der);
    push(pool, view.subjectKey, view);
  }

  let best: Candidate | undefined;
  let judged = 0;
  let stop = false;

  const finish = (certs: PathCert[], edges: SignatureResult[], terminal: Terminal) => {
    judged++;
    const verdict = validatePath({
      certs,
      edges,
      terminal,
      now: input.now,
      usage: input.usage,
      presented: presentedIds,
    });
    const candidate: Candidate = { certs, edges, terminal, ...verdict };
    if (!best || score(candidate) > score(best)) best = candidate;
    if (
      (terminal.kind === 'anchored' && verdict.fatal.length === 0) ||
      judged >= MAX_CANDIDATE_PATHS
    ) {
      stop = true;
    }
  };

  const issuersOf = (cert: PathCert, path: PathCert[]): { list: PathCert[]; loop: boolean } => {
    const inPath = new Set(path.map(identityKey));
    const all = [...anchors.bySubject(cert.issuerKey), ...(pool.get(cert.issuerKey) ?? [])];
    const list = all.filter((c) => !inPath.has(identityKey(c)));
    // Go's ordering: key-identifier match first, then one side without an identifier, then
    // mismatches; anchors before untrusted certificates; currently valid ones first.
    const rank = (c: PathCert) =>
      (cert.aki && c.ski ? (cert.aki === c.ski ? 0 : 20) : 10) +
      (anchors.byIdentity(c) ? 0 : 5) +
      (input.now < c.notBefore || input.now > c.notAfter ? 1 : 0);
    return {
      list: list
        .map((c, i) => ({ c, r: rank(c), i }))
        .sort((a, b) => a.r - b.r || a.i - b.i)
        .map((x) => x.c),
      loop: all.length > 0 && list.length === 0,
    };
  };

  const extend = (certs: PathCert[], edges: SignatureResult[]) => {
    if (stop) return;
    const current = certs[certs.length - 1]!;
    const anchor = anchors.byIdentity(current);
    if (anchor) {
      // The path ends at the trust store's own copy (its dates and constraints are what is
      // trusted); a presented leaf that is itself an anchor stays as presented.
      const ended = certs.length === 1 ? certs : [...certs.slice(0, -1), anchor];
      finish(ended, edges, { kind: 'anchored' });
      return;
    }
    if (certs.length - 1 > MAX_INTERMEDIATES) {
      finish(certs, edges, { kind: 'too-long', limit: MAX_INTERMEDIATES });
      return;
    }
    const { list, loop } = issuersOf(current, certs);
    let tried = false;
    for (const issuer of list) {
      if (stop) return;
      if (verifier.checks >= MAX_SIGNATURE_CHECKS) {
        finish(certs, edges, { kind: 'work-bound', limit: MAX_SIGNATURE_CHECKS });
        stop = true;
        return;
      }
      tried = true;
      extend([...certs, issuer], [...edges, verifier.verify(current, issuer)]);
    }
    if (tried) return;
    if (current.selfIssued && verifier.verify(current, current).ok) {
      finish(certs, edges, { kind: 'self-signed' });
    } else {
      finish(certs, edges, { kind: 'missing-issuer', loop });
    }
  };

  if (leaf.unusable) {
    finish([leaf], [], { kind: 'missing-issuer', loop: false });
  } else {
    extend([leaf], []);
  }

  const chosen = best!;
  const valid = chosen.terminal.kind === 'anchored' && chosen.fatal.length === 0;
  const anchor =
    chosen.terminal.kind === 'anchored' ? chosen.certs[chosen.certs.length - 1] : undefined;
  const analysis: ChainAnalysis = {
    valid,
    path: chosen.certs.map((c) => c.source),
    trustSource: input.trust.source,
    problems: valid ? [] : chosen.fatal,
    presentation: presentationProblems(presentedViews, chosen.certs, anchor, anchors),
    warnings: chosen.warnings,
    search: { signatureChecks: verifier.checks, pathsJudged: judged },
  };
  if (anchor) analysis.anchor = anchor.source;
  return analysis;
}

function problem(code: string, message: string, cert: PathCert, index: number): ChainProblem {
  return {
    code,
    message,
    certificate: cert.source,
    details: { presentedIndex: index, subject: cert.label },
  };
}

/** How the certificates were sent: order, unrelated extras, a root included (RFC 8446 §4.4.2, RFC 5246 §7.4.2). */
function presentationProblems(
  presented: PathCert[],
  path: PathCert[],
  anchor: PathCert | undefined,
  anchors: AnchorIndex,
): ChainProblem[] {
  const out: ChainProblem[] = [];
  const pathIds = new Map(path.map((c, i) => [identityKey(c), i]));
  const used = new Set<number>([0]);
  const order: number[] = [];
  presented.forEach((cert, index) => {
    if (index === 0 || cert.unusable) return;
    const id = identityKey(cert);
    const position = pathIds.get(id);
    if (position === undefined || position === 0) return;
    used.add(index);
    order.push(position);
    if (anchor && id === identityKey(anchor) && cert.selfIssued && anchors.byIdentity(cert)) {
      out.push(
        problem(
          'root-sent',
          `the trust anchor ${cert.label} was sent (certificate #${index}); clients ignore it (RFC 8446 §4.4.2), it only costs bytes`,
          cert,
          index,
        ),
      );
    }
  });
  for (let i = 1; i < order.length; i++) {
    if (order[i]! < order[i - 1]!) {
      out.push({
        code: 'wrong-order',
        message: `the certificates are not in issuing order: each certificate should be followed by its issuer (RFC 5246 §7.4.2); built path order differs from presented order`,
        details: { presentedPathPositions: order },
      });
      break;
    }
  }
  const leaf = presented[0];
  if (leaf && !leaf.unusable && leaf.basicConstraints?.ca) {
    const child = presented.findIndex(
      (c, i) =>
        i > 0 &&
        !c.unusable &&
        c.issuerKey === leaf.subjectKey &&
        !c.selfIssued &&
        !c.basicConstraints?.ca,
    );
    if (child > 0) {
      used.add(child); // misplaced, not extra
      out.push(
        problem(
          'wrong-order',
          `the first certificate ${leaf.label} is a CA that issued certificate #${child} (${presented[child]!.label}); the leaf must come first`,
          leaf,
          0,
        ),
      );
    }
  }
  // Unused certificates that still lead upwards from the path (cross-signs, alternate issuers)
  // are compatibility material, not clutter.
  const needed = new Set(path.map((c) => c.issuerKey));
  let grew = true;
  const related = new Set<number>();
  while (grew) {
    grew = false;
    presented.forEach((cert, index) => {
      if (used.has(index) || related.has(index) || cert.unusable || !needed.has(cert.subjectKey))
        return;
      related.add(index);
      needed.add(cert.issuerKey);
      grew = true;
    });
  }
  presented.forEach((cert, index) => {
    if (used.has(index) || related.has(index)) return;
    out.push(
      problem(
        'extra-certificates',
        `certificate #${index} (${cert.label}) is not part of the chain to the trust anchor; remove it`,
        cert,
        index,
      ),
    );
  });
  return out;
}
