// Findings as workflow-command annotations on the policy file, at the line of each target's entry.
// Pure: a report in, command lines out. GitHub shows at most 10 annotations of each kind per step,
// so the most severe come first and the last slot says how many more the job summary holds.
import type { ConfigurationProblem } from '../errors.js';
import { severityRank, type Report, type Severity } from '../model.js';
import { logSafe } from './escape.js';
import { escapeCommandData, escapeCommandProperty } from './github-escape.js';
import { plural } from './github-markdown.js';

export type AnnotationKind = Severity;

/** GitHub's limit per kind (error, warning, notice) per step. */
export const ANNOTATIONS_PER_KIND = 10;

export interface Annotation {
  kind: AnnotationKind;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  column?: number;
}

export type AnnotationLimits = Record<AnnotationKind, number>;

export interface AnnotationOptions {
  /** The policy file as the repository sees it (relative to the workspace, `/` separators). */
  file: string;
  /** Slots per kind; the Action reserves some for its own messages (e.g. `setFailed`). */
  limits?: Partial<AnnotationLimits>;
}

const KINDS: readonly AnnotationKind[] = ['error', 'warning', 'notice'];

/** Keeps each kind within its limit; an overflow takes the last slot with a count of the rest. */
export function limitAnnotations(
  annotations: readonly Annotation[],
  limits: Partial<AnnotationLimits> = {},
  overflow: (kind: AnnotationKind, hidden: number) => Annotation,
): Annotation[] {
  const result: Annotation[] = [];
  for (const kind of KINDS) {
    const limit = Math.max(0, limits[kind] ?? ANNOTATIONS_PER_KIND);
    const ofKind = annotations.filter((annotation) => annotation.kind === kind);
    if (ofKind.length <= limit) {
      result.push(...ofKind);
    } else if (limit > 0) {
      result.push(...ofKind.slice(0, limit - 1), overflow(kind, ofKind.length - (limit - 1)));
    }
  }
  return result;
}

/**
 * One annotation per unsuppressed finding (suppressed ones are accepted risk: they stay in the
 * summary, not on the diff), most severe first, then in policy order.
 */
export function reportAnnotations(report: Report, options: AnnotationOptions): Annotation[] {
  const entries = report.targets.flatMap((target, targetIndex) =>
    target.findings
      .filter((finding) => !finding.suppressed)
      .map((finding, findingIndex) => ({ target, targetIndex, finding, findingIndex })),
  );
  entries.sort(
    (a, b) =>
      severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
      (a.target.source?.line ?? 0) - (b.target.source?.line ?? 0) ||
      a.targetIndex - b.targetIndex ||
      a.findingIndex - b.findingIndex,
  );
  const annotations = entries.map(({ target, finding }): Annotation => {
    const annotation: Annotation = {
      kind: finding.severity,
      title: finding.rule,
      message: `${target.name}: ${finding.message}`,
      file: options.file,
    };
    // Findings about a policy entry (an expired ignore) carry that entry's own line.
    const line = finding.details?.['line'];
    if (typeof line === 'number') {
      annotation.line = line;
    } else if (target.source) {
      annotation.line = target.source.line;
      annotation.column = target.source.column;
    }
    return annotation;
  });
  return limitAnnotations(annotations, options.limits, (kind, hidden) => ({
    kind,
    title: 'tls-gate',
    message: `${plural(hidden, `more ${kind}`)} not shown as annotations: see the job summary.`,
    file: options.file,
  }));
}

/** Policy problems (exit-2 errors) as error annotations at their file:line. */
export function problemAnnotations(
  problems: readonly ConfigurationProblem[],
  options: { file?: string; limit?: number } = {},
): Annotation[] {
  const annotations = problems.map((problem): Annotation => {
    const annotation: Annotation = {
      kind: 'error',
      title: 'tls-gate: invalid configuration',
      message: problem.key ? `${problem.key}: ${problem.message}` : problem.message,
    };
    const file = problem.file ?? options.file;
    if (file) annotation.file = file;
    if (problem.line !== undefined) annotation.line = problem.line;
    if (problem.column !== undefined) annotation.column = problem.column;
    return annotation;
  });
  return limitAnnotations(
    annotations,
    { error: options.limit ?? ANNOTATIONS_PER_KIND },
    (kind, hidden) => ({
      kind,
      title: 'tls-gate: invalid configuration',
      message: `${plural(hidden, 'more problem')} not shown as annotations: see the log.`,
      ...(options.file ? { file: options.file } : {}),
    }),
  );
}

/** The workflow command line (`::error file=…,line=…,title=…::message`) for an annotation. */
export function formatAnnotation(annotation: Annotation): string {
  const properties: string[] = [];
  if (annotation.file) properties.push(`file=${escapeCommandProperty(annotation.file)}`);
  if (annotation.line !== undefined) properties.push(`line=${annotation.line}`);
  if (annotation.column !== undefined) properties.push(`col=${annotation.column}`);
  if (annotation.title) {
    properties.push(`title=${escapeCommandProperty(logSafe(annotation.title))}`);
  }
  const message = escapeCommandData(logSafe(annotation.message));
  const head = properties.length > 0 ? ` ${properties.join(',')}` : '';
  return `::${annotation.kind}${head}::${message}`;
}
