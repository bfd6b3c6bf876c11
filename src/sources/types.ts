import type { AnyResource, CoverageGap, Edge, InputError, SourceKind } from '../graph/types.js';

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
}

export function emptyOutput(source: SourceKind): SourceOutput {
  return { source, resources: [], edges: [], errors: [], coverage: [], files: [] };
}
