/**
 * Aurora cluster membership and reader auto scaling, as the database rules
 * need them: whether an instance is a cluster member (then its availability
 * and backups are its cluster's, never its own), which cluster, and how many
 * readers Application Auto Scaling keeps in a cluster.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import { isUnknown } from '../graph/values.js';

/** `aurora`, `aurora-mysql`, `aurora-postgresql`: engines whose instances only exist inside a cluster (RDS takes engine names in any case). */
export function isAuroraEngine(engine: unknown): boolean {
  return typeof engine === 'string' && engine.toLowerCase().startsWith('aurora');
}

/** Amazon DocumentDB (instance-based clusters): built like Aurora, its instances exist only inside a cluster. */
export function isDocDbEngine(engine: unknown): boolean {
  return typeof engine === 'string' && engine.toLowerCase() === 'docdb';
}

export type ClusterMembership =
  | { member: false }
  | { member: true; cluster: Resource<'db.cluster'> }
  /** A member whose cluster is not in the graph (or cannot be told): `prop` is where the membership is written. */
  | { member: true; cluster?: undefined; reason: string; prop: 'clusterIdentifier' | 'engine' };

/** A member instance whose cluster is not in the graph: the rule says unknown, at `prop`, in its own words. */
export type OrphanMember = Extract<ClusterMembership, { reason: string }>;

/**
 * Whether a per-database rule judges this resource itself: a cluster, or an
 * instance outside any cluster (a read replica only with `checkReadReplicas`):
 * `db`. A cluster member is judged through its cluster; `orphan` is set when
 * that cluster cannot be found.
 */
export function judgedItself(r: AnyResource, graph: ResourceGraph, checkReadReplicas: boolean | undefined): { db?: Resource<'db.cluster'> | Resource<'db.instance'>; orphan?: OrphanMember } {
  if (r.kind === 'db.cluster') return { db: r };
  if (r.kind !== 'db.instance') return {};
  const membership = clusterMembership(r, graph);
  if (membership.member) return membership.cluster ? {} : { orphan: membership };
  return r.props.replicateSourceDb === undefined || checkReadReplicas ? { db: r } : {};
}

/**
 * An instance is a cluster member when it names a cluster (`aws_rds_cluster_instance`,
 * `DBClusterIdentifier`, a live member), when a member-of edge or an unresolved
 * member-of reference says so, or when its engine is an Aurora engine (whatever
 * else it sets: an Aurora instance has no Multi-AZ flag or retention of its own).
 */
export function clusterMembership(db: Resource<'db.instance'>, graph: ResourceGraph): ClusterMembership {
  const edges = graph.targets(db, 'member-of', 'db.cluster');
  if (Array.isArray(edges) && edges.length > 0) return { member: true, cluster: edges[0] };
  const id = db.props.clusterIdentifier;
  if (typeof id === 'string') {
    const byName = graph.ofKind('db.cluster').find((c) => c.id === id || c.props.identifier === id);
    if (byName) return { member: true, cluster: byName };
  }
  const aurora = isAuroraEngine(db.props.engine) || isDocDbEngine(db.props.engine);
  if (id === undefined && !isUnknown(edges) && !aurora) return { member: false };
  const attr = db.propOrigins.clusterIdentifier?.attribute ?? 'cluster identifier';
  if (isUnknown(edges)) return { member: true, reason: edges.reason, prop: 'clusterIdentifier' };
  if (isUnknown(id)) return { member: true, reason: `${attr}: ${id.reason}`, prop: 'clusterIdentifier' };
  if (typeof id === 'string') return { member: true, reason: `its cluster "${id}" is not in the scan`, prop: 'clusterIdentifier' };
  return {
    member: true,
    reason: `engine ${String(db.props.engine)} runs only as a member of ${isDocDbEngine(db.props.engine) ? 'a DocumentDB' : 'an Aurora'} cluster, and this instance names no cluster (no cluster identifier): that cluster is not in the scan`,
    prop: 'engine',
  };
}

/** Application Auto Scaling's dimension for Aurora readers (the only one of namespace `rds`). */
export const READ_REPLICA_COUNT = 'rds:cluster:ReadReplicaCount';

export interface ReaderScaling {
  /** Scaling targets on the cluster's reader count, by address. */
  targets: Resource<'autoscaling.target'>[];
  /** The smallest min capacity they declare (AWS keeps one target per cluster; the lowest is the safe bound). */
  min?: number;
  /** The target that declares `min`. */
  target?: Resource<'autoscaling.target'>;
  /** Why the minimum, or whether a target scales this cluster at all, cannot be told. */
  doubt?: { reason: string; target?: Resource<'autoscaling.target'> };
}

function isReaderTarget(t: Resource<'autoscaling.target'>): boolean {
  const ns = t.props.serviceNamespace;
  const dim = t.props.scalableDimension;
  return dim === READ_REPLICA_COUNT || (ns === 'rds' && (dim === undefined || isUnknown(dim)));
}

/** Reader scaling targets (namespace rds or unknown) whose resource could not be resolved, in the cluster's module: they may scale it. */
function floatingTargets(cluster: Resource<'db.cluster'>, graph: ResourceGraph): Resource<'autoscaling.target'>[] {
  const module = (cluster.provenance.modulePath ?? []).join('.');
  return graph
    .ofKind('autoscaling.target')
    .filter((t) => t.unresolved.some((u) => u.edge === 'scales') && graph.outgoing(t.id, 'scales').length === 0)
    .filter((t) => t.props.serviceNamespace === 'rds' || isUnknown(t.props.serviceNamespace) || (typeof t.props.scalableDimension === 'string' && t.props.scalableDimension.startsWith('rds:')))
    .filter((t) => (t.provenance.modulePath ?? []).join('.') === module)
    .sort((a, b) => a.address.localeCompare(b.address));
}

/**
 * The reader auto scaling of a cluster: `scales` edges from Application Auto
 * Scaling targets on `rds:cluster:ReadReplicaCount`. A cluster that could not
 * learn its targets (live: the targets were not listed) carries an unresolved
 * `scales` entry; a target in its module whose cluster did not resolve may be
 * its own. Both are doubts, never "no auto scaling".
 */
export function readerScaling(cluster: Resource<'db.cluster'>, graph: ResourceGraph): ReaderScaling {
  const targets = graph
    .sources(cluster, 'scales', 'autoscaling.target')
    .filter(isReaderTarget)
    .sort((a, b) => a.address.localeCompare(b.address));
  const out: ReaderScaling = { targets };
  const gap = cluster.unresolved.find((u) => u.edge === 'scales');
  if (gap) out.doubt = { reason: `whether Aurora Auto Scaling keeps readers in it is unknown: ${gap.reason}` };
  if (targets.length === 0) {
    const floating = floatingTargets(cluster, graph)[0];
    if (floating && !out.doubt) {
      out.doubt = { reason: `scaling target ${floating.address} may scale its readers (${floating.unresolved.find((u) => u.edge === 'scales')!.reason})`, target: floating };
    }
    return out;
  }
  for (const t of targets) {
    const min = t.props.minCapacity;
    const attr = t.propOrigins.minCapacity?.attribute ?? 'min_capacity';
    if (isUnknown(min)) {
      out.doubt ??= { reason: `${attr} of ${t.address}: ${min.reason}`, target: t };
      continue;
    }
    if (min === undefined) {
      out.doubt ??= { reason: `scaling target ${t.address} does not set ${attr}`, target: t };
      continue;
    }
    if (out.min === undefined || min < out.min) {
      out.min = min;
      out.target = t;
    }
  }
  return out;
}

export interface ClusterMembers {
  members: Resource<'db.instance'>[];
  /** Instances that belong to some cluster we cannot name: they may be members of this one. */
  maybe: Resource<'db.instance'>[];
}

/**
 * Per graph, computed once (the rule runs once per cluster): every cluster name, and the instances that no
 * `member-of` edge attaches to a known cluster — the only ones a cluster may claim by identifier or doubt.
 */
const unattachedCache = new WeakMap<ResourceGraph, { knownNames: Set<string>; unattached: Resource<'db.instance'>[] }>();
function unattachedInstances(graph: ResourceGraph): { knownNames: Set<string>; unattached: Resource<'db.instance'>[] } {
  let hit = unattachedCache.get(graph);
  if (!hit) {
    const knownNames = new Set(graph.ofKind('db.cluster').flatMap(clusterNames));
    const unattached = graph.ofKind('db.instance').filter((db) => {
      const edges = graph.targets(db, 'member-of', 'db.cluster');
      return !(Array.isArray(edges) && edges.length > 0);
    });
    unattachedCache.set(graph, (hit = { knownNames, unattached }));
  }
  return hit;
}

function clusterNames(c: Resource<'db.cluster'>): string[] {
  return [c.id, ...(typeof c.props.identifier === 'string' ? [c.props.identifier] : [])];
}

/**
 * A cluster's members are in its account and Region: an instance known to be
 * elsewhere is never one of them (a gap in one account × Region must not make
 * clusters of others unknown). What a source does not say does not separate.
 */
function sameAccountAndRegion(db: Resource<'db.instance'>, cluster: Resource<'db.cluster'>): boolean {
  const a = db.provenance;
  const b = cluster.provenance;
  return !(a.accountId && b.accountId && a.accountId !== b.accountId) && !(a.region && b.region && a.region !== b.region);
}

/** The instances of a cluster: by member-of edge or by identifier, and those that may be its members. */
export function clusterMembers(cluster: Resource<'db.cluster'>, graph: ResourceGraph): ClusterMembers {
  const ownNames = clusterNames(cluster);
  const { knownNames, unattached } = unattachedInstances(graph);
  const members = new Map<string, Resource<'db.instance'>>();
  for (const m of graph.sources(cluster, 'member-of', 'db.instance')) members.set(m.id, m);
  const maybe: Resource<'db.instance'>[] = [];
  for (const db of unattached) {
    if (members.has(db.id) || !sameAccountAndRegion(db, cluster)) continue;
    const id = db.props.clusterIdentifier;
    const edges = graph.targets(db, 'member-of', 'db.cluster');
    if (typeof id === 'string' && ownNames.includes(id)) members.set(db.id, db);
    // A literal identifier names another cluster, or this one only when its own identifier is unknown
    // (an unset identifier is generated by AWS at creation: a literal written before cannot be it).
    else if (typeof id === 'string') {
      if (!knownNames.has(id) && isUnknown(cluster.props.identifier)) maybe.push(db);
    } else if (isUnknown(id) || isUnknown(edges)) maybe.push(db);
  }
  return { members: [...members.values()], maybe };
}
