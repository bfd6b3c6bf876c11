import type { AnyResource, CoverageGap, Edge, InputError, SourceKind } from '../graph/types.js';
import type { InputLimits } from './common/limits.js';
import type { ModuleDownloadOptions } from './terraform/index.js';

/** What every source hands to the graph. Sources know formats, not rules. */
export interface SourceOutput {
  source: SourceKind;
  resources: AnyResource[];
  edges: Edge[];
  /** Inputs that could not be read or understood (file/line/column + reason). */
  errors: InputError[];
  /** Parts that could not be assessed (remote modules, denied accounts). */
  coverage: CoverageGap[];
  /** Files read, relative to the root. */
  files: string[];
  /** Located warnings for the report (a value for a variable nothing declares). */
  warnings?: SourceWarning[];
  /**
   * Mistakes in the scan request this source found (a `--cfn-param` no
   * template declares): the scan stops with a usage error (exit 2) once
   * every source has run.
   */
  usageProblems?: string[];
}

/** A warning as reports carry it (`Warning` of the result). */
export interface SourceWarning {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export function emptyOutput(source: SourceKind): SourceOutput {
  return { source, resources: [], edges: [], errors: [], coverage: [], files: [] };
}

/** What the scan request says to the sources; each reads the part it understands. */
export interface SourceOptions {
  /** Terraform `-var k=v`. */
  vars?: Record<string, string>;
  /** Terraform `-var-file` (absolute). */
  varFiles?: string[];
  /** Environment for `TF_VAR_<name>` (none unless given). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Worker threads for parsing Terraform. */
  parseWorkers?: number;
  /** Download remote Terraform modules into a cache. */
  downloadModules?: ModuleDownloadOptions;
  /** CloudFormation parameters. */
  cfnParameters?: Record<string, string>;
  /** CloudFormation parameter files (absolute). */
  cfnParameterFiles?: string[];
  /** Region when the input names none; unknown when absent. */
  region?: string;
  /** Account id when the input names none; unknown when absent. */
  accountId?: string;
  /** Options of sources the built-in options do not cover, by source name (a registered source reads its own entry). */
  sourceOptions?: Readonly<Record<string, unknown>>;
}

/** Everything a source gets for one scan. */
export interface SourceContext {
  /** Absolute directory every location is relative to ('/' separators in outputs). */
  root: string;
  /** Absolute files or directories the scan was given. */
  paths: string[];
  /** Absolute paths of the discovered files this source `accepts`, in discovery order. */
  files: string[];
  limits: InputLimits;
  /** AZ names per Region over the built-in table (the policy's `availabilityZones`). */
  availabilityZones?: Record<string, string[]>;
  options: SourceOptions;
}

/**
 * One input format. The scan walks the given paths once; every file some
 * source `accepts` (by name: content is the source's business, so a source
 * that recognises its files by content silently skips the others) is handed
 * to each source that accepts it. Register a source in `builtinSources`
 * (src/sources/registry.ts) or pass it in `ScanOptions.sources`.
 */
export interface Source {
  /** Lower-case name, as reports show it in `sources` and each resource's provenance (`terraform`). */
  readonly name: SourceKind;
  /** What it reads, for "nothing resilint reads was found" (`Terraform .tf files`). */
  readonly reads: string;
  /** Whether a file (absolute path) may be this source's input. */
  accepts(file: string): boolean;
  /** Reads its files; bad input becomes `errors`, never an exception. */
  scan(ctx: SourceContext): Promise<SourceOutput>;
}
