/** Run the built-in rules with the built-in policy on a source's output, as scan() does (for the TechNova fixtures). */
import { builtinRules } from '../../rules/index.js';
import { analyzeGraph } from '../../src/analysis/index.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import type { Finding } from '../../src/engine/result.js';
import { GraphBuilder } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import type { SourceOutput } from '../../src/sources/types.js';

export interface Verdict {
  ruleId: string;
  address: string;
  status: string;
  file?: string;
  line?: number;
}

export function verdicts(out: SourceOutput): { verdicts: Verdict[]; findings: Finding[] } {
  const b = new GraphBuilder();
  for (const r of out.resources) b.addResource(r);
  for (const e of out.edges) b.addEdge(e);
  const graph = b.build();
  const policy = defaultPolicy();
  // The same analysis as scan(): dependencies, inherited tiers, failure simulation.
  const { tiers, failures } = analyzeGraph(graph, policy);
  const { findings } = evaluateRules({ graph, policy, rules: builtinRules, tiers, failures });
  const list = findings
    .map((f) => ({ ruleId: f.ruleId, address: f.resource.address, status: f.status, file: f.location?.file, line: f.location?.line }))
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address));
  return { verdicts: list, findings };
}
