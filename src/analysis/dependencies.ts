/**
 * What depends on what (SPOF-DEP): the dependency edges of every workload,
 * derived from the graph (egress path, data tier, scaling) and declared in
 * the policy file, each with where it was found and whether losing the
 * target takes the dependent down (hard) or only degrades it (soft).
 *
 * Pure and linear in resources + edges: one pass over the graph's edges,
 * one over the route tables, and declared entries kept as groups (every
 * `from` on every `to`) instead of their cross product.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Edge, Resource, SourceLocation } from '../graph/types.js';
import { isUnknown } from '../graph/values.js';
import { resourceMatches } from '../policy/tiers.js';
import type { DependencyStrength, Policy, ResourceMatch } from '../policy/types.js';

/** Why one resource needs another. */
export type DependencyKind = 'network' | 'egress' | 'ingress' | 'data' | 'compute' | 'scaling' | 'reference' | 'declared';

/** Where an edge was found: the reference in an IaC file, the live attribute of an ARN, or the policy entry. */
export interface DependencyProvenance {
  /** IaC: where the reference is written. */
  location?: SourceLocation;
  /** Live: the ARN of the resource whose attribute holds the reference. */
  arn?: string;
  /** Native attribute holding the reference (`network_configuration.subnets`, `RouteTables[].Associations`). */
  attribute?: string;
  /** Declared: the policy file and the entry's line. */
  policy?: { file: string; index: number; line?: number; column?: number };
  /** Derived without a written reference (e.g. a subnet without association uses its VPC's main route table). */
  note?: string;
}

/** `from` needs `to`. Ids are graph ids. */
export interface DependencyEdge {
  from: string;
  to: string;
  kind: DependencyKind;
  strength: DependencyStrength;
  /** The graph edge kind it comes from (`in-subnet`, `uses-route-table`, `routes-via`, …) or `declared`. */
  relation: string;
  provenance: DependencyProvenance;
  /** Why, when the edge says more than its relation (a route's destination, a policy reason). */
  reason?: string;
  /**
   * Set when `to` is not a resource of the graph but a gateway only named by
   * a route (`internet-gateway`, `transit-gateway`): `to` is then its id or
   * address as written, or `<route table id> <via>` when that is unknown.
   */
  external?: string;
}

/** A policy `dependencies[]` entry, resolved against the scanned graph. */
export interface DeclaredGroup {
  index: number;
  strength: DependencyStrength;
  reason?: string;
  provenance: DependencyProvenance;
  from: string[];
  to: string[];
  /**
   * 'matched': both sides select resources. 'unmatched': a side selects
   * nothing (a warning). 'not-applicable': a side selects only by account
   * and the scan has no live resources to match it against.
   */
  status: 'matched' | 'unmatched' | 'not-applicable';
  note?: string;
}

export interface DependencyWarning {
  code: string;
  message: string;
  file?: string;
  line?: number;
}

export interface DependencyModel {
  edges: DependencyEdge[];
  declared: DeclaredGroup[];
  warnings: DependencyWarning[];
  /** Edges leaving `id` (what it depends on). */
  dependenciesOf(id: string): readonly DependencyEdge[];
  /** Edges entering `id` (what depends on it). */
  dependentsOf(id: string): readonly DependencyEdge[];
  /** Declared groups listing `id` on their `from` side. */
  declaredFrom(id: string): readonly DeclaredGroup[];
}

// ----- the egress walk (shared with nat-gateway-per-az) -----

/** Subnets associated with a route table: explicitly, or implicitly when it is its VPC's main route table. */
export function subnetsUsing(rt: Resource<'network.route-table'>, graph: ResourceGraph): Resource<'network.subnet'>[] {
  const explicit = graph.sources(rt, 'uses-route-table', 'network.subnet');
  if (rt.props.main !== true) return explicit;
  const vpcs = graph.targets(rt, 'in-vpc', 'network.vpc');
  if (isUnknown(vpcs)) return explicit;
  const seen = new Set(explicit.map((s) => s.id));
  const implicit = vpcs.flatMap((vpc) => graph.sources(vpc, 'in-vpc', 'network.subnet').filter((s) => !seen.has(s.id) && usesMainTable(s, graph)));
  return [...explicit, ...implicit];
}

/** A subnet with no association (and none that failed to resolve) uses its VPC's main route table. */
function usesMainTable(s: Resource<'network.subnet'>, graph: ResourceGraph): boolean {
  return graph.outgoing(s.id, 'uses-route-table').length === 0 && !s.unresolved.some((u) => u.edge === 'uses-route-table');
}

/** A subnet whose route table sends traffic through a NAT gateway. */
export interface RouteUse {
  subnet: Resource<'network.subnet'>;
  routeTable: Resource<'network.route-table'>;
  /** The route's routes-via edge. */
  route: Edge;
  /** Set when the route's destination is unknown: the subnet may or may not depend on the NAT gateway for `destinations`. */
  doubt?: string;
}

/** The subnets that route one of `destinations` (the egress path) through `nat`, and those that may. */
export function egressUsersOf(nat: Resource<'network.nat-gateway'>, graph: ResourceGraph, destinations: ReadonlySet<string>): RouteUse[] {
  const out: RouteUse[] = [];
  for (const route of graph.incoming(nat.id, 'routes-via')) {
    const rt = graph.get(route.from);
    if (!rt || rt.kind !== 'network.route-table') continue;
    const destination = route.data?.destination;
    let doubt: string | undefined;
    if (isUnknown(destination)) doubt = `destination of the route in ${rt.address}: ${destination.reason}`;
    else if (typeof destination !== 'string' || !destinations.has(destination)) continue; // a specific route, not the egress path
    for (const subnet of subnetsUsing(rt, graph)) out.push(doubt ? { subnet, routeTable: rt, route, doubt } : { subnet, routeTable: rt, route });
  }
  return out;
}

/** Default routes: the destinations whose loss cuts a subnet's egress. */
export const EGRESS_DESTINATIONS: readonly string[] = ['0.0.0.0/0', '::/0'];

// ----- edges derived from the graph -----

/**
 * How a graph edge reads as a dependency: the direction (`forward`: the
 * edge's source needs its target; `reverse`: the target needs the source),
 * the kind and the strength. Edges not listed (in-vpc, in-az, in-account)
 * say where something is, not what it needs.
 */
const DERIVED: Partial<Record<Edge['kind'], { forward?: [DependencyKind, DependencyStrength]; reverse?: [DependencyKind, DependencyStrength] }>> = {
  // Services, tasks, NAT gateways, proxies in their subnets; databases through their DB subnet group (below).
  'in-subnet': { forward: ['network', 'hard'] },
  'uses-route-table': { forward: ['egress', 'hard'] },
  // Route destinations decide hard/soft (routeStrength).
  'routes-via': { forward: ['egress', 'hard'] },
  'in-cluster': { forward: ['compute', 'hard'] },
  // A cluster's EC2 tasks run on the instances of the Auto Scaling groups behind its capacity providers.
  'uses-capacity': { forward: ['compute', 'hard'] },
  // A task runs for its service: the service needs its tasks.
  'runs-in': { reverse: ['compute', 'hard'] },
  // The scaling target sets the service's minimum: the service needs it to keep that minimum.
  scales: { reverse: ['scaling', 'soft'] },
  fronts: { forward: ['data', 'hard'] },
  // The ingress path: a service's requests come through its target group, which a load balancer's listener feeds.
  'registers-with': { forward: ['ingress', 'hard'] },
  'forwards-to': { reverse: ['ingress', 'hard'] },
  'replica-of': { forward: ['data', 'soft'] },
  'depends-on': { forward: ['reference', 'hard'] },
  // A service cannot start tasks without its task definition (connects-to and may-reach are read through it, below).
  'uses-task-definition': { forward: ['compute', 'hard'] },
};

/** The graph edge's provenance: its written location, or the live resource's ARN and attribute. */
function edgeProvenance(e: Edge, holder: AnyResource | undefined): DependencyProvenance {
  const p: DependencyProvenance = {};
  if (e.location) p.location = e.location;
  else if (holder?.provenance.arn) p.arn = holder.provenance.arn;
  else if (holder?.provenance.location) p.location = holder.provenance.location;
  if (e.attribute) p.attribute = e.attribute;
  if (e.data?.implicit === true && typeof e.data.note === 'string') p.note = e.data.note;
  return p;
}

function memberEdges(e: Edge, from: AnyResource, to: AnyResource, add: (d: DependencyEdge) => void): void {
  const provenance = edgeProvenance(e, from);
  if (to.kind === 'db.global-cluster') {
    // The global database is only as available as its regional clusters; a regional cluster keeps serving without the global one.
    add({ from: to.id, to: from.id, kind: 'data', strength: 'hard', relation: 'member-of', provenance, reason: 'regional cluster of the global database' });
    add({ from: from.id, to: to.id, kind: 'data', strength: 'soft', relation: 'member-of', provenance, reason: 'replication through the global database' });
    return;
  }
  // A cluster serves through its instances; an instance stores on its cluster's volume.
  add({ from: to.id, to: from.id, kind: 'data', strength: 'hard', relation: 'member-of', provenance, reason: 'cluster member' });
  add({ from: from.id, to: to.id, kind: 'data', strength: 'hard', relation: 'member-of', provenance, reason: "the cluster's shared storage" });
}

/** A routes-via edge is hard when its destination is a default route, or unknown (it may be one); a specific route is soft. */
function routeStrength(e: Edge): { strength: DependencyStrength; reason?: string } {
  const d = e.data?.destination;
  if (isUnknown(d)) return { strength: 'hard', reason: `route destination unknown (${d.reason}): may be the default route` };
  if (typeof d === 'string') return EGRESS_DESTINATIONS.includes(d) ? { strength: 'hard', reason: `default route ${d}` } : { strength: 'soft', reason: `route to ${d}` };
  return { strength: 'hard', reason: 'route destination not given: may be the default route' };
}

/**
 * A container's environment or secret names a database: every service
 * running that task definition needs the database (hard: its requests fail
 * without it), at the line of the variable. A Lambda function's environment
 * variable makes the function itself need it.
 */
function dataEdges(graph: ResourceGraph, e: Edge, holder: AnyResource, db: AnyResource, add: (d: DependencyEdge) => void): void {
  const d = e.data ?? {};
  if (holder.kind !== 'ecs.task-definition') {
    const reason = typeof d.variable === 'string' ? `environment variable ${d.variable} names ${db.address}` : `environment references ${String(d.reference ?? db.address)}`;
    add({ from: holder.id, to: db.id, kind: 'data', strength: 'hard', relation: 'connects-to', provenance: edgeProvenance(e, holder), reason });
    return;
  }
  const what = d.via === 'reference' ? `container definitions reference ${String(d.reference ?? db.address)}` : `${String(d.variable ?? '?')} (${String(d.via)}) of container ${String(d.container ?? '?')}`;
  for (const s of graph.incoming(holder.id, 'uses-task-definition')) {
    const service = graph.get(s.from);
    if (!service) continue;
    add({ from: service.id, to: db.id, kind: 'data', strength: 'hard', relation: 'connects-to', provenance: edgeProvenance(e, holder), reason: `${what} in ${holder.address}` });
  }
}

/**
 * A workload mounts an EFS file system: hard (its reads and writes fail
 * without it). A task definition's volume makes every service running it
 * depend on the file system; a Lambda function depends on it directly.
 */
function mountEdges(graph: ResourceGraph, e: Edge, from: AnyResource, fs: AnyResource, add: (d: DependencyEdge) => void): void {
  const provenance = edgeProvenance(e, from);
  if (from.kind !== 'ecs.task-definition') {
    add({ from: from.id, to: fs.id, kind: 'data', strength: 'hard', relation: 'mounts', provenance, reason: `mounts ${fs.address}` });
    return;
  }
  for (const s of graph.incoming(from.id, 'uses-task-definition')) {
    if (graph.get(s.from)) add({ from: s.from, to: fs.id, kind: 'data', strength: 'hard', relation: 'mounts', provenance, reason: `EFS volume of ${from.address}` });
  }
}

/**
 * A security-group rule lets a service reach a database: soft (reachability
 * is not proof of use), and only when no environment or secret already
 * makes it a hard dependency (added after them, the pair's data edge stays).
 */
function reachDependencies(graph: ResourceGraph, reach: readonly Edge[], add: (d: DependencyEdge) => void, hasData: (from: string, to: string) => boolean): void {
  for (const e of reach) {
    const from = graph.get(e.from);
    if (!from || !graph.get(e.to) || hasData(e.from, e.to)) continue;
    add({ from: e.from, to: e.to, kind: 'data', strength: 'soft', relation: 'may-reach', provenance: edgeProvenance(e, from), reason: typeof e.data?.rule === 'string' ? `security group rule ${e.data.rule}: reachability, not proof of use` : 'a security group rule allows it: reachability, not proof of use' });
  }
}

function deriveEdges(graph: ResourceGraph, add: (d: DependencyEdge) => void, hasData: (from: string, to: string) => boolean): void {
  const reachEdges: Edge[] = [];
  for (const e of graph.edges) {
    const from = graph.get(e.from);
    const to = graph.get(e.to);
    if (!from || !to) continue;
    if (e.kind === 'member-of') {
      memberEdges(e, from, to, add);
      continue;
    }
    if (e.kind === 'connects-to') {
      dataEdges(graph, e, from, to, add);
      continue;
    }
    if (e.kind === 'mounts') {
      mountEdges(graph, e, from, to, add);
      continue;
    }
    if (e.kind === 'may-reach') {
      reachEdges.push(e);
      continue;
    }
    if (e.kind === 'in-subnet' && typeof e.data?.via === 'string' && graph.get(e.data.via)) {
      // A database names its DB subnet group; the group lists the subnets.
      const group = e.data.via;
      const provenance = edgeProvenance(e, from);
      add({ from: from.id, to: group, kind: 'network', strength: 'hard', relation: 'in-subnet-group', provenance });
      add({ from: group, to: to.id, kind: 'network', strength: 'hard', relation: 'in-subnet', provenance, reason: `subnet of the DB subnet group, resolved through ${from.address}` });
      continue;
    }
    const rule = DERIVED[e.kind];
    if (!rule) continue;
    if (rule.forward) {
      const [kind, strength] = rule.forward;
      const route = e.kind === 'routes-via' ? routeStrength(e) : undefined;
      const d: DependencyEdge = { from: from.id, to: to.id, kind, strength: route?.strength ?? strength, relation: e.kind, provenance: edgeProvenance(e, from) };
      if (route?.reason) d.reason = route.reason;
      add(d);
    }
    if (rule.reverse) {
      const [kind, strength] = rule.reverse;
      const d: DependencyEdge = { from: to.id, to: from.id, kind, strength, relation: e.kind, provenance: edgeProvenance(e, from) };
      // A weighted forward with weight 0 sends the group nothing: it does not need that load balancer.
      if (e.kind === 'forwards-to' && e.data?.weight === 0) {
        d.strength = 'soft';
        d.reason = 'weighted forward with weight 0';
      }
      add(d);
    }
  }
  reachDependencies(graph, reachEdges, add, hasData);
  // Internet and transit gateways are not graph resources; a route table still depends on them.
  for (const rt of graph.ofKind('network.route-table')) {
    const routes = rt.props.routes;
    if (!Array.isArray(routes)) continue;
    const origin = rt.propOrigins.routes;
    for (const route of routes) {
      const via = route.via;
      if (via !== 'internet-gateway' && via !== 'transit-gateway') continue;
      const target = route.target;
      const named = typeof target === 'string' ? target : target && typeof (target as { address?: unknown }).address === 'string' ? (target as unknown as { address: string }).address : undefined;
      if (named && graph.get(named)) continue; // a graph resource: its edge comes from the graph
      const d = route.destination;
      const hard = isUnknown(d) || d === undefined || EGRESS_DESTINATIONS.includes(d);
      const provenance: DependencyProvenance = {};
      if (origin?.location) provenance.location = origin.location;
      else {
        if (rt.provenance.arn) provenance.arn = rt.provenance.arn;
        else if (rt.provenance.location) provenance.location = rt.provenance.location;
        provenance.note = "the route's own position is not recorded: the route table's";
      }
      if (origin?.attribute) provenance.attribute = origin.attribute;
      add({
        from: rt.id,
        to: named ?? `${rt.id} ${via}`,
        kind: 'egress',
        strength: hard ? 'hard' : 'soft',
        relation: 'routes-via',
        provenance,
        reason: isUnknown(d) ? `route destination unknown (${d.reason}): may be the default route` : d === undefined ? 'route destination not given' : hard ? `default route ${d}` : `route to ${d}`,
        external: via,
      });
    }
  }
  // Subnets without an association use their VPC's main route table: no edge is written for that.
  for (const rt of graph.ofKind('network.route-table')) {
    if (rt.props.main !== true) continue;
    const explicit = new Set(graph.sources(rt, 'uses-route-table').map((s) => s.id));
    const origin = rt.propOrigins.main;
    for (const subnet of subnetsUsing(rt, graph)) {
      if (explicit.has(subnet.id)) continue;
      const provenance: DependencyProvenance = { note: 'no explicit association: the VPC main route table applies' };
      if (origin?.location) provenance.location = origin.location;
      else if (rt.provenance.arn) provenance.arn = rt.provenance.arn;
      else if (rt.provenance.location) provenance.location = rt.provenance.location;
      if (origin?.attribute) provenance.attribute = origin.attribute;
      add({ from: subnet.id, to: rt.id, kind: 'egress', strength: 'hard', relation: 'uses-route-table', provenance });
    }
  }
}

// ----- declared in the policy -----

/**
 * Selector fields that read what only some sources record (live resources;
 * templates scanned with an account id or Region), and the provenance field
 * each needs. A scan where no resource records it cannot match the selector.
 */
const SCOPED: Partial<Record<keyof ResourceMatch, (p: AnyResource['provenance']) => boolean>> = {
  account: (p) => p.accountId !== undefined,
  accountName: (p) => p.accountName !== undefined,
  ou: (p) => (p.ouPath?.length ?? 0) > 0,
  arn: (p) => p.arn !== undefined,
  region: (p) => p.region !== undefined,
};

function describe(m: ResourceMatch): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function declaredGroups(graph: ResourceGraph, policy: Policy, warnings: DependencyWarning[]): DeclaredGroup[] {
  if (policy.dependencies.length === 0) return [];
  const resources = [...graph.resources()];
  const recorded = new Set((Object.keys(SCOPED) as (keyof ResourceMatch)[]).filter((k) => resources.some((r) => SCOPED[k]!(r.provenance))));
  // A side that selects by a field no scanned resource records could not have matched anything.
  const unmatchable = (m: ResourceMatch) => (Object.keys(m) as (keyof ResourceMatch)[]).some((k) => SCOPED[k] !== undefined && !recorded.has(k));
  return policy.dependencies.map((d, index) => {
    const provenance: DependencyProvenance = { policy: { file: policy.source, index, ...(d.declaredAt ?? {}) } };
    const from = resources.filter((r) => resourceMatches(r, d.from)).map((r) => r.id);
    const to = resources.filter((r) => resourceMatches(r, d.to)).map((r) => r.id);
    const group: DeclaredGroup = { index, strength: d.kind, provenance, from, to, status: 'matched' };
    if (d.reason) group.reason = d.reason;
    const empty = (['from', 'to'] as const).filter((side) => group[side].length === 0);
    if (empty.length === 0) return group;
    if (empty.every((side) => unmatchable(d[side]))) {
      // Account-scoped selectors describe the live estate; an IaC scan has nothing to match them against: not a mistake in the policy.
      group.status = 'not-applicable';
      group.note = `${empty.join(' and ')} select${empty.length === 1 ? 's' : ''} by account, OU, ARN or Region, which no scanned resource records (live resources do)`;
      return group;
    }
    group.status = 'unmatched';
    const where = `${policy.source}${d.declaredAt ? `:${d.declaredAt.line}` : ''}`;
    const sides = empty.map((side) => `${side} (${describe(d[side])})`).join(' and ');
    group.note = `${sides} match${empty.length === 1 ? 'es' : ''} no scanned resource`;
    warnings.push({
      code: 'dependency-unmatched',
      message: `${where}: dependencies[${index}]: ${group.note}; the dependency is not applied`,
      file: policy.source,
      ...(d.declaredAt ? { line: d.declaredAt.line } : {}),
    });
    return group;
  });
}

// ----- the model -----

export function buildDependencies(graph: ResourceGraph, policy: Policy): DependencyModel {
  const edges: DependencyEdge[] = [];
  const seen = new Set<string>();
  const out = new Map<string, DependencyEdge[]>();
  const inc = new Map<string, DependencyEdge[]>();
  const add = (d: DependencyEdge) => {
    if (d.from === d.to) return;
    const key = `${d.from}\u0000${d.to}\u0000${d.relation}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push(d);
    push(out, d.from, d);
    push(inc, d.to, d);
  };
  deriveEdges(graph, add, (from, to) => (out.get(from) ?? []).some((d) => d.to === to && d.relation === 'connects-to'));
  const warnings: DependencyWarning[] = [];
  const declared = declaredGroups(graph, policy, warnings);
  const byFrom = new Map<string, DeclaredGroup[]>();
  for (const g of declared) if (g.status === 'matched') for (const id of g.from) push(byFrom, id, g);
  return {
    edges,
    declared,
    warnings,
    dependenciesOf: (id) => out.get(id) ?? [],
    dependentsOf: (id) => inc.get(id) ?? [],
    declaredFrom: (id) => byFrom.get(id) ?? [],
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
