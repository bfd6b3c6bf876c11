/**
 * What a run is made of: the input formats (sources), the rules and the
 * output formats (reporters). Entry points (the CLI, library callers) pass
 * them in; scan() hard-codes none (it falls back to these built-ins only
 * when a library caller gives none).
 */
import { builtinRules } from '../rules/index.js';
import { REPORTERS } from '../reporters/index.js';
import type { Rule } from './engine/rule.js';
import { builtinSources } from './sources/registry.js';
import type { Source } from './sources/types.js';

export interface Registries {
  sources: readonly Source[];
  rules: readonly Rule[];
  /** Output format name → pure renderer and file extension. */
  reporters: typeof REPORTERS;
}

export const builtinRegistries: Readonly<Registries> = Object.freeze({ sources: builtinSources, rules: builtinRules, reporters: REPORTERS });
