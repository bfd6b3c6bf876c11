export interface ReporterOptions {
  /** ANSI colours (the CLI decides: TTY, NO_COLOR, FORCE_COLOR). */
  color?: boolean;
  /** List passing results too (text), include passes (SARIF). */
  verbose?: boolean;
  /** Where the full report is, for summaries that link to it (Markdown). */
  reportLink?: string;
}
