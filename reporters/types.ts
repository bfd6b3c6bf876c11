export interface ReporterOptions {
  /** ANSI colours (the CLI decides: TTY, NO_COLOR, FORCE_COLOR). */
  color?: boolean;
  /** List passing results too. */
  verbose?: boolean;
}
