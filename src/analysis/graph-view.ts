/**
 * The dependency graph as plain data (`resilint graph --format json`): every
 * resource with its effective tier, every dependency edge with its strength
 * and provenance, and the policy's declared dependencies as groups.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { InputError, SourceKind, SourceLocation } from '../graph/types.js';
import type { InheritanceHop, TierAssignment, TierSource } from '../policy/types.js';
import type { DeclaredGroup, DependencyEdge, DependencyModel } from './dependencies.js';

export interface GraphViewResource {
  id: string;
  address: string;
  kind: string;
  type: string;
  name: string;
  source: SourceKind;
  location?: SourceLocation;
  arn?: string;
  accountId?: string;
  accountName?: string;
  region?: string;
  tier: string;
  tierSource: TierSource;
  tierDetail: string;
  tierPath?: InheritanceHop[];
  /** The resource's own tier tag could not be decided. */
  tierUndecided?: string;
}

export interface GraphView {
  schemaVersion: '1.0';
  tool: { name: 'resilint'; version: string };
  root: string;
  policy: string;
  resources: GraphViewResource[];
  dependencies: DependencyEdge[];
  /** Endpoints of dependencies that are not graph resources (internet and transit gateways named by routes). */
  externals: { id: string; kind: string }[];
  declared: DeclaredGroup[];
  errors: InputError[];
  warnings: { code: string; message: string; file?: string; line?: number }[];
}

export interface GraphViewInput {
  version: string;
  root: string;
  policySource: string;
  graph: ResourceGraph;
  dependencies: DependencyModel;
  tiers: ReadonlyMap<string, TierAssignment>;
  errors: InputError[];
  warnings: GraphView['warnings'];
}

export function graphView(a: GraphViewInput): GraphView {
  const resources: GraphViewResource[] = [];
  for (const r of a.graph.resources()) {
    const t = a.tiers.get(r.id)!;
    const p = r.provenance;
    const v: GraphViewResource = { id: r.id, address: r.address, kind: r.kind, type: r.type, name: r.name, source: p.source, tier: t.tier, tierSource: t.source, tierDetail: t.detail };
    if (p.location) v.location = p.location;
    if (p.arn) v.arn = p.arn;
    if (p.accountId) v.accountId = p.accountId;
    if (p.accountName) v.accountName = p.accountName;
    if (p.region) v.region = p.region;
    if (t.inheritedFrom) v.tierPath = t.inheritedFrom;
    if (t.undecided) v.tierUndecided = t.undecided;
    resources.push(v);
  }
  resources.sort((x, y) => x.id.localeCompare(y.id));
  const dependencies = [...a.dependencies.edges].sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to) || x.relation.localeCompare(y.relation));
  return {
    schemaVersion: '1.0',
    tool: { name: 'resilint', version: a.version },
    root: a.root,
    policy: a.policySource,
    resources,
    dependencies,
    externals: [...new Map(dependencies.filter((d) => d.external).map((d) => [d.to, { id: d.to, kind: d.external! }])).values()],
    declared: a.dependencies.declared,
    errors: a.errors,
    warnings: a.warnings,
  };
}
