/**
 * The file sources a scan runs by default, in the order their resources
 * enter the graph (the first source to add an address keeps it). A new input
 * format is a folder under src/sources/ exporting a `Source` (see
 * src/sources/types.ts), registered here or passed in `ScanOptions.sources`.
 * The live AWS source is not a file source: `ScanOptions.organization` runs it.
 */
import { cloudFormationSource } from './cloudformation/source.js';
import { terraformPlanSource } from './plan/source.js';
import { terraformSource } from './terraform/source.js';
import type { Source } from './types.js';

export const builtinSources: readonly Source[] = [terraformSource, terraformPlanSource, cloudFormationSource];

const SOURCE_NAME = /^[a-z][a-z0-9-]*$/;

/** Problems with a list of sources (a name reports could not carry, a name used twice); empty when usable. */
export function sourceProblems(sources: readonly Source[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of sources) {
    if (!SOURCE_NAME.test(s.name)) problems.push(`source name '${s.name}' must be lower-case letters, digits and '-'`);
    else if (s.name === 'aws') problems.push("source name 'aws' is the live AWS source's (ScanOptions.organization)");
    else if (seen.has(s.name)) problems.push(`source '${s.name}' is registered twice`);
    seen.add(s.name);
  }
  return problems;
}
