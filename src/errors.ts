import { escapeControl } from './util/text.js';

/**
 * The one base class of errors resilint knows how to report: the CLI prints
 * `message` as one line and exits with `exitCode`. Anything else that reaches
 * the CLI is a bug (exit 70, `EXIT_BUG`).
 */
export class ResilintError extends Error {
  constructor(
    message: string,
    /** Process exit code for this error (README, "Exit codes"). */
    readonly exitCode: number = EXIT_USAGE,
    /** What the error is about, printed before the message (`--org: …`). */
    readonly topic?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Usage, policy, plugin, rule-options or baseline error: nothing was scanned. */
export const EXIT_USAGE = 2;
/** An uncaught exception: a bug in resilint (or a plugin's load-time code that escaped its guard). */
export const EXIT_BUG = 70;

/** The one line the CLI prints for a known error (control characters of file names and values escaped). */
export function errorLine(e: ResilintError): string {
  return `resilint: ${e.topic ? `${e.topic}: ` : ''}${escapeControl(e.message)}`;
}

export function isResilintError(e: unknown): e is ResilintError {
  return e instanceof ResilintError;
}

/** Where a bug happened: the first stack frame, shortened to `file:line` (the full stack only with RESILINT_DEBUG=1). */
export function bugLocation(e: unknown): string | undefined {
  if (!(e instanceof Error) || !e.stack) return undefined;
  const frame = e.stack.split('\n').find((l) => /^\s+at /.test(l));
  const m = frame && /\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(frame);
  return m ? m[1].replace(/^file:\/\//, '') : undefined;
}

