// The Actions side of the Logger: log lines and annotations written as the runner reads them, with
// GitHub's per-step annotation limits kept in one place. Everything written is neutralized, so
// text from a certificate or a server can never run as a workflow command.
import {
  ANNOTATIONS_PER_KIND,
  formatAnnotation,
  type Annotation,
  type AnnotationKind,
  type AnnotationLimits,
} from '../report/github-annotations.js';
import { logSafe } from '../report/escape.js';
import { escapeCommandData } from '../report/github-escape.js';
import type { Logger } from '../logger.js';

export type LineWriter = (line: string) => void;

/** Writes annotations while GitHub still shows them; past the limit they become log lines. */
export class Annotator {
  private readonly used: AnnotationLimits = { error: 0, warning: 0, notice: 0 };

  constructor(private readonly write: LineWriter) {}

  remaining(kind: AnnotationKind): number {
    return Math.max(0, ANNOTATIONS_PER_KIND - this.used[kind]);
  }

  /** Slots left per kind after keeping `reserve` back for messages that may come later. */
  available(reserve: Partial<AnnotationLimits> = {}): AnnotationLimits {
    return {
      error: Math.max(0, this.remaining('error') - (reserve.error ?? 0)),
      warning: Math.max(0, this.remaining('warning') - (reserve.warning ?? 0)),
      notice: Math.max(0, this.remaining('notice') - (reserve.notice ?? 0)),
    };
  }

  annotate(annotation: Annotation): void {
    if (this.remaining(annotation.kind) > 0) {
      this.used[annotation.kind] += 1;
      this.write(formatAnnotation(annotation));
      return;
    }
    const where = annotation.file
      ? `${annotation.file}${annotation.line !== undefined ? `:${annotation.line}` : ''}: `
      : '';
    const title = annotation.title ? `[${annotation.title}] ` : '';
    for (const line of `${annotation.kind}: ${where}${title}${annotation.message}`.split(
      /\r?\n|\r/,
    )) {
      this.write(logSafe(line));
    }
  }
}

export class ActionsLogger implements Logger {
  constructor(
    private readonly write: LineWriter,
    private readonly annotator: Annotator,
  ) {}

  debug(message: string): void {
    // `::debug::` keeps the message on one line; the runner shows it only with debug logging.
    this.write(`::debug::${escapeCommandData(message)}`);
  }

  info(message: string): void {
    for (const line of message.split(/\r?\n|\r/)) this.write(logSafe(line));
  }

  warning(message: string): void {
    this.annotator.annotate({ kind: 'warning', message });
  }

  error(message: string): void {
    this.annotator.annotate({ kind: 'error', message });
  }
}
