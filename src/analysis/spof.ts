/**
 * Single points of failure (SPOF, SPOF-DEP): for each workload, the
 * resources whose loss alone takes it down. A workload needs all of its hard
 * dependencies, except where it has alternatives (the subnets it runs in,
 * the instances of a cluster): there it needs only what every alternative
 * needs. So
 *
 *   single(x) = {x} ∪ ⋃ single(all-of deps) ∪ ⋂ single(alternatives)
 *
 * memoized per resource: linear in resources + edges for the shallow chains
 * of real networks (each set holds one dependency chain).
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import { isUnknown } from '../graph/values.js';
import { countDistinctAzs } from './az.js';
import { isGroupMember, isMemcached, nodesPerShard, type CacheResource } from './cache.js';
import type { ReaderScaling } from './db-cluster.js';
import type { DependencyEdge, DependencyModel } from './dependencies.js';
import type { ImpactStep, SinglePointOfFailure, SpofWorkloadRef } from './failure-types.js';

/** Kinds that fail on their own (a gateway, an instance); subnets and route tables only fail with their AZ. */
export const SPOF_KINDS: ReadonlySet<string> = new Set(['network.nat-gateway', 'db.instance', 'db.proxy', 'lb.load-balancer', 'compute.instance', 'cache.replication-group', 'cache.cluster']);

interface Single {
  /** Resource id → path from the node to it (first step: the node). */
  sure: Map<string, ImpactStep[]>;
  /** Why some alternative or dependency could not be followed (then absence from `sure` proves nothing). */
  doubt?: string;
}

function step(r: AnyResource, e?: DependencyEdge): ImpactStep {
  const s: ImpactStep = { id: r.id, address: r.address };
  if (e) s.relation = e.relation;
  const loc = e?.provenance.location ?? r.provenance.location;
  if (loc) s.location = loc;
  if (r.provenance.arn) s.arn = r.provenance.arn;
  return s;
}

/**
 * Whether the resource stands alone: a Multi-AZ instance has a standby, a
 * load balancer enabled in two or more zones has a node in each, so neither
 * is single. `doubt` when that cannot be told (a load balancer whose zones
 * are unknown).
 */
function redundantItself(r: AnyResource, graph: ResourceGraph): boolean | { doubt: string } {
  if (r.kind === 'db.instance') return r.props.multiAz === true;
  if (r.kind === 'cache.replication-group' || r.kind === 'cache.cluster') return cacheRedundant(r as CacheResource, graph);
  if (r.kind !== 'lb.load-balancer') return false;
  const open = r.unresolved.find((u) => u.edge === 'in-subnet');
  if (open) return { doubt: `${r.address}: ${open.attribute}: ${open.reason}` };
  const subnets = graph.targets(r, 'in-subnet', 'network.subnet');
  if (isUnknown(subnets)) return { doubt: `${r.address}: its subnets: ${subnets.reason}` };
  if (subnets.length === 0) return { doubt: `${r.address}: its subnets are not in the scan` };
  const azs = countDistinctAzs(subnets.map((s) => s.props.availabilityZone));
  if (azs.min >= 2) return true;
  if (azs.max <= 1) return false;
  return { doubt: `${r.address} is enabled in ${azs.min}–${azs.max} zones${azs.reasons.length ? `: ${azs.reasons[0]}` : ''}` };
}

/**
 * A cache stands alone when one node holds (a shard of) its data with no
 * replica to fail over to: a single node, or replicas without automatic
 * failover. Serverless and Memcached over several nodes are not single (a
 * lost Memcached node loses only its keys); a member is judged with its group.
 */
function cacheRedundant(r: CacheResource, graph: ResourceGraph): boolean | { doubt: string } {
  if (isGroupMember(r, graph)) return true;
  if (r.kind === 'cache.replication-group' && r.props.service === 'elasticache-serverless') return true;
  const n = nodesPerShard(r);
  if (isUnknown(n)) return { doubt: `${r.address}: nodes per shard: ${n.reason}` };
  if (typeof n !== 'number') return { doubt: `${r.address}: its number of nodes is not known` };
  if (n < 2) return false;
  if (isMemcached(r) || r.kind === 'cache.cluster') return true;
  const failover = r.props.automaticFailover;
  if (isUnknown(failover)) return { doubt: `${r.address}: automatic failover: ${failover.reason}` };
  return failover === true;
}

export function findSinglePoints(
  graph: ResourceGraph,
  dependencies: DependencyModel,
  workloads: readonly AnyResource[],
  readersOf: (cluster: Resource<'db.cluster'>) => ReaderScaling,
  tierOf: (id: string) => string, tiers: ReadonlySet<string>): SinglePointOfFailure[] {
  const memo = new Map<string, Single>();
  const visiting = new Set<string>();

  const single = (r: AnyResource): Single => {
    const known = memo.get(r.id);
    if (known) return known;
    if (visiting.has(r.id)) return { sure: new Map() };
    visiting.add(r.id);
    const sure = new Map<string, ImpactStep[]>();
    let doubt: string | undefined;
    const me = step(r);
    const itself = SPOF_KINDS.has(r.kind) ? redundantItself(r, graph) : true;
    if (itself === false) sure.set(r.id, [me]);
    else if (itself !== true) doubt ??= itself.doubt;
    // A load balancer's zones are judged above (redundantItself): its nodes answer whatever its subnets' egress routes.
    // An EFS mount target likewise serves NFS inside the VPC whatever its subnet's egress (efs-mount-target-azs judges the AZs),
    // and so does a cache node (cache-node-spread judges the AZs).
    const hard = dependencies.dependenciesOf(r.id).filter((e) => e.strength === 'hard' && !((r.kind === 'lb.load-balancer' || r.kind === 'storage.file-system' || r.kind === 'cache.replication-group' || r.kind === 'cache.cluster') && e.relation === 'in-subnet'));
    // Alternatives: a workload's subnets, a cluster's members, a DB subnet group's subnets.
    // A target group needs any one of the load balancers forwarding to it, not all of them.
    const isAlternative = (e: DependencyEdge) =>
      (e.relation === 'in-subnet' && r.kind !== 'network.nat-gateway') ||
      (e.relation === 'member-of' && r.kind === 'db.cluster') ||
      e.relation === 'runs-in' ||
      (e.relation === 'forwards-to' && r.kind === 'lb.target-group');
    const alternatives = hard.filter(isAlternative);
    for (const e of hard) {
      if (isAlternative(e)) continue;
      // A member's cluster volume and a DB's subnet group only say where it lives.
      if ((r.kind === 'db.instance' && e.relation === 'member-of') || e.relation === 'in-subnet-group') continue;
      const t = graph.get(e.to);
      if (!t) continue;
      const s = single(t);
      for (const [id, path] of s.sure) if (!sure.has(id)) sure.set(id, [me, { ...path[0], relation: e.relation, ...(e.provenance.location ? { location: e.provenance.location } : {}) }, ...path.slice(1)]);
      doubt ??= s.doubt;
    }
    // Readers kept by Aurora Auto Scaling are alternatives that the configuration does not list.
    const scaling = r.kind === 'db.cluster' && alternatives.length > 0 ? readersOf(r) : undefined;
    if (scaling?.doubt) doubt ??= `${r.address}: ${scaling.doubt.reason}`;
    // An alternative the source could not resolve (a subnet list from a data source) may avoid anything the known ones need.
    const openAlternatives = r.unresolved.find((u) => u.edge === 'in-subnet' || u.edge === 'member-of');
    if (openAlternatives) doubt ??= `${r.address}: ${openAlternatives.attribute}: ${openAlternatives.reason}`;
    if (alternatives.length > 0 && !((scaling?.min ?? 0) > 0) && !openAlternatives) {
      const sets = alternatives.map((e) => ({ e, s: graph.get(e.to) ? single(graph.get(e.to)!) : { sure: new Map<string, ImpactStep[]>() } }));
      const [first, ...rest] = sets;
      for (const [id, path] of first.s.sure) {
        if (rest.every((x) => x.s.sure.has(id)) && !sure.has(id)) {
          sure.set(id, [me, { ...path[0], relation: first.e.relation, ...(first.e.provenance.location ? { location: first.e.provenance.location } : {}) }, ...path.slice(1)]);
        }
      }
      doubt ??= sets.find((x) => x.s.doubt)?.s.doubt;
    }
    const unresolved = r.unresolved.find((u) => u.edge === 'in-subnet' || u.edge === 'member-of' || u.edge === 'routes-via' || u.edge === 'uses-route-table' || u.edge === 'registers-with');
    if (unresolved) doubt ??= `${r.address}: ${unresolved.attribute}: ${unresolved.reason}`;
    const out: Single = doubt ? { sure, doubt } : { sure };
    visiting.delete(r.id);
    memo.set(r.id, out);
    return out;
  };

  /** Everything a workload reaches over hard edges (to tell "not single" from "not needed at all"). */
  const reach = (w: AnyResource): Map<string, ImpactStep[]> => {
    const seen = new Map<string, ImpactStep[]>([[w.id, [step(w)]]]);
    const queue = [w];
    while (queue.length) {
      const r = queue.shift()!;
      for (const e of dependencies.dependenciesOf(r.id)) {
        if (e.strength !== 'hard' || seen.has(e.to)) continue;
        if (r.kind === 'db.instance' && e.relation === 'member-of') continue;
        if ((r.kind === 'lb.load-balancer' || r.kind === 'storage.file-system') && e.relation === 'in-subnet') continue;
        const t = graph.get(e.to);
        if (!t) continue;
        seen.set(t.id, [...seen.get(r.id)!, step(t, e)]);
        queue.push(t);
      }
    }
    return seen;
  };

  const byResource = new Map<string, SinglePointOfFailure>();
  const entry = (r: AnyResource): SinglePointOfFailure => {
    let e = byResource.get(r.id);
    if (!e) {
      e = { resource: r.id, address: r.address, kind: r.kind, single: [], redundant: [], unknown: [] };
      byResource.set(r.id, e);
    }
    return e;
  };
  for (const w of workloads) {
    const tier = tierOf(w.id);
    if (!tiers.has(tier)) continue;
    const s = single(w);
    const ref = (extra: Partial<SpofWorkloadRef>): SpofWorkloadRef => ({ workload: w.id, address: w.address, tier, ...extra });
    for (const [id, path] of reach(w)) {
      const r = graph.get(id)!;
      if (!SPOF_KINDS.has(r.kind) || r.id === w.id) continue;
      const single1 = s.sure.get(id);
      if (single1) entry(r).single.push(ref({ path: single1 }));
      else if (s.doubt) entry(r).unknown.push(ref({ path, reason: s.doubt }));
      else entry(r).redundant.push(ref({ path }));
    }
  }
  return [...byResource.values()].sort((a, b) => a.address.localeCompare(b.address));
}
