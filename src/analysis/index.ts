/**
 * The analysis layer in one call, between the graph and the rules: what
 * depends on what, each resource's tier raised to that of its hard
 * dependents, and the failure simulation. `scan()` and `resilint graph` run
 * exactly this; so do tests that build a graph from one source's output.
 */
import type { ResourceGraph } from '../graph/graph.js';
import { assignTiers } from '../policy/tiers.js';
import type { Policy } from '../policy/types.js';
import { buildDependencies, type DependencyModel } from './dependencies.js';
import { simulateFailures } from './failure.js';
import { inheritTiers } from './tiers.js';

export interface GraphAnalysis {
  dependencies: DependencyModel;
  tiers: ReturnType<typeof inheritTiers>;
  failures: ReturnType<typeof simulateFailures>;
}

export function analyzeGraph(graph: ResourceGraph, policy: Policy): GraphAnalysis {
  const dependencies = buildDependencies(graph, policy);
  const tiers = inheritTiers(graph, dependencies, assignTiers(graph, policy), policy);
  const failures = simulateFailures({ graph, dependencies, tiers, policy });
  return { dependencies, tiers, failures };
}
