/**
 * A cache (ElastiCache replication group or cluster, MemoryDB cluster,
 * ElastiCache Serverless) in an AZ failure; failure.ts calls it with what it
 * needs of the simulation.
 *
 * - Serverless: AWS keeps the data in three AZs: unaffected.
 * - Shards (primary first, then replicas): a shard whose primary is lost
 *   fails over to a replica left in another AZ when automatic failover is on
 *   (degraded); without failover, or with no replica left, it takes no writes
 *   until a node is replaced (down), and its data is back only from the last
 *   snapshot (ElastiCache), the transaction log (MemoryDB), or not at all.
 * - Memcached: no replication; nodes in the AZ lose their part of the keys.
 *
 * Where a node is: the AZ written for it (`preferred_cache_cluster_azs`,
 * `NodeGroupConfiguration`, live placement), else any AZ of its subnets.
 */
import type { AnyResource } from '../graph/types.js';
import { isUnknown } from '../graph/values.js';
import { isMemcached, nodesPerShard, type CacheResource } from './cache.js';
import type { DependencyEdge } from './dependencies.js';
import type { ImpactStep, RecoveryFigure, WorkloadState } from './failure-types.js';
import type { RecoveryTable } from './recovery.js';

type Hit = 'in' | 'out' | 'maybe';

export interface CacheContext {
  /** The domain's label (`ap-northeast-1a`). */
  label: string;
  /** Whether an AZ written for a node of `r` (name, ID or symbolic AZ) is the domain's. */
  azHit(az: unknown, r: AnyResource): Hit;
  /** Whether the resource itself sits in the domain (a subnet). */
  ownHit(r: AnyResource): Hit | undefined;
  /** Why its place is not known. */
  placeReason(r: AnyResource): string | undefined;
  /** The loss of a hard dependency other than those `skip` keeps. */
  dependencyLoss(w: AnyResource, skip: (e: DependencyEdge) => boolean): CacheEvaluated | undefined;
  dependenciesOf(id: string): readonly DependencyEdge[];
  get(id: string): AnyResource | undefined;
  step(r: AnyResource, relation?: string): ImpactStep;
  table: RecoveryTable;
  notAffected(): RecoveryFigure;
}

export interface CacheEvaluated {
  state: WorkloadState;
  reasons: string[];
  rto: RecoveryFigure;
  rpo: RecoveryFigure;
  path?: ImpactStep[];
}

/** Where a node whose AZ is not written may be: any AZ of the cache's subnets. */
interface SubnetPlacement {
  hit: Hit;
  reason?: string;
  /** Subnets in the lost AZ (for the path). */
  lost: AnyResource[];
  /** Some subnet is surely outside the lost AZ. */
  someOut: boolean;
}

function subnetPlacement(w: AnyResource, c: CacheContext): SubnetPlacement {
  const gap = w.unresolved.find((u) => u.edge === 'in-subnet');
  const subnets = c
    .dependenciesOf(w.id)
    .filter((e) => e.relation === 'in-subnet')
    .map((e) => c.get(e.to))
    .filter((r): r is AnyResource => r !== undefined && r.kind === 'network.subnet');
  // A node is lost with its subnet's AZ, not with the subnet's egress (it serves inside the VPC).
  const hits = subnets.map((s) => ({ s, hit: c.ownHit(s) ?? ('maybe' as Hit) }));
  const lost = hits.filter((x) => x.hit === 'in').map((x) => x.s);
  const someOut = hits.some((x) => x.hit === 'out');
  if (gap) return { hit: 'maybe', reason: `its subnets: ${gap.reason}`, lost, someOut };
  if (subnets.length === 0) return { hit: 'maybe', reason: 'its subnets are not in the scan', lost, someOut };
  if (hits.every((x) => x.hit === 'out')) return { hit: 'out', lost, someOut };
  if (hits.every((x) => x.hit === 'in')) return { hit: 'in', lost, someOut };
  const doubt = hits.find((x) => x.hit === 'maybe');
  const reason = doubt
    ? `cannot tell whether subnet ${doubt.s.address} is in ${c.label}: ${c.placeReason(doubt.s) ?? 'unknown AZ'}`
    : `its node AZs are not written: AWS chooses them among its subnets' AZs, ${c.label} among them`;
  return { hit: 'maybe', reason, lost, someOut };
}

/** The AZ lists written per shard (primary first), or undefined when none is written or readable. */
function writtenLists(r: CacheResource): unknown[][] | undefined {
  if (r.kind === 'cache.cluster') {
    const azs = r.props.nodeAzs;
    return Array.isArray(azs) ? [azs] : undefined;
  }
  const lists = r.props.shardAzs;
  return Array.isArray(lists) ? lists : undefined;
}

type ShardOutcome = 'ok' | 'replica-lost' | 'failover' | 'assumed-failover' | 'down' | 'unknown';

export function evaluateCache(r: CacheResource, c: CacheContext): CacheEvaluated {
  const w = r as AnyResource;
  const lost = c.dependencyLoss(w, (e) => e.relation === 'in-subnet');
  if (lost) return lost;
  if (r.kind === 'cache.replication-group' && r.props.service === 'elasticache-serverless') {
    return { state: 'unaffected', reasons: ['ElastiCache Serverless stores the data in three AZs: the loss of one leaves it serving'], rto: c.table.rto('elasticache-serverless'), rpo: c.table.rpo('elasticache-serverless') };
  }
  const memorydb = r.kind === 'cache.replication-group' && r.props.service === 'memorydb';
  const memcached = isMemcached(r);
  const place = subnetPlacement(w, c);
  const n = nodesPerShard(r);
  const lists = writtenLists(r);
  const shardCount = r.kind === 'cache.replication-group' ? (typeof r.props.shards === 'number' ? r.props.shards : lists?.length ?? 1) : 1;
  const placeReason = place.reason ?? `its subnets' AZs`;
  const pathTo = (): ImpactStep[] => (place.lost.length > 0 ? [c.step(w), c.step(place.lost[0], 'in-subnet')] : [c.step(w)]);

  // What is lost with the primary when no replica takes over.
  const dataLoss = (): RecoveryFigure => {
    if (memorydb) return c.table.rpo('memorydb-node-replace');
    if (memcached) return c.table.rpo('no-backups', 'Memcached keeps no copy of its data: the keys on lost nodes are gone');
    const days = r.props.snapshotRetentionDays;
    if (isUnknown(days)) return { behaviour: 'none', source: 'resilint', note: `snapshot retention unknown: ${days.reason}` };
    if (typeof days === 'number' && days > 0) return c.table.rpo('elasticache-snapshot-restore', `automatic snapshots kept ${days} day(s)`);
    return c.table.rpo('no-backups', 'automatic snapshots off (snapshot_retention_limit 0, the ElastiCache default): a replaced node starts empty');
  };
  const replaceRto = (): RecoveryFigure => c.table.rto(memorydb ? 'memorydb-node-replace' : 'cache-node-replace');
  const failoverRto = (): RecoveryFigure => c.table.rto(memorydb ? 'memorydb-multi-az-failover' : 'elasticache-multi-az-failover');
  const failoverRpo = (): RecoveryFigure => c.table.rpo(memorydb ? 'memorydb-multi-az-failover' : 'elasticache-multi-az-failover');

  if (typeof n !== 'number') {
    if (place.hit === 'out') return { state: 'unaffected', reasons: [`none of its subnets is in ${c.label}`], rto: c.notAffected(), rpo: c.notAffected() };
    const why = isUnknown(n) ? `nodes per shard unknown: ${n.reason}` : 'its number of nodes is not known';
    return { state: 'unknown', reasons: [why, `its nodes may be in ${c.label} (${placeReason})`], rto: replaceRto(), rpo: dataLoss(), path: pathTo() };
  }

  const failover = memcached ? false : r.kind === 'cache.replication-group' ? r.props.automaticFailover : false;
  const multiAz = r.kind === 'cache.replication-group' ? r.props.multiAz : false;

  if (memcached) {
    // Every node holds its own part of the keys: nothing fails over, what survives keeps serving its part.
    const hits = nodeHits(n, lists?.[0], place, w, c);
    const inN = hits.filter((h) => h === 'in').length;
    const maybeN = hits.filter((h) => h === 'maybe').length;
    if (inN === 0 && maybeN === 0) return { state: 'unaffected', reasons: [`none of its ${n} Memcached node(s) is in ${c.label}`], rto: c.notAffected(), rpo: c.notAffected() };
    const outN = n - inN - maybeN;
    const where = `${inN} of ${n} Memcached node(s) in ${c.label}${maybeN ? `, ${maybeN} may be (${placeReason})` : ''}`;
    if (outN === 0 && maybeN === 0) return { state: 'down', reasons: [where, 'no node left: the cache is unavailable until nodes are replaced, and starts empty'], rto: replaceRto(), rpo: dataLoss(), path: pathTo() };
    if (outN === 0) return { state: 'unknown', reasons: [where, 'no node is surely left in another AZ'], rto: replaceRto(), rpo: dataLoss(), path: pathTo() };
    return { state: 'degraded', reasons: [where, `${outN} node(s) left keep serving their keys; the keys of the lost nodes miss until they are replaced`], rto: { ...replaceRto(), seconds: 0 }, rpo: dataLoss(), path: pathTo() };
  }

  const outcomes: ShardOutcome[] = [];
  for (let i = 0; i < shardCount; i++) {
    const list = lists?.[i];
    const hits = nodeHits(n, list, place, w, c);
    outcomes.push(shardOutcome(hits, failover, multiAz, (list?.length ?? 0) > 0, place));
  }
  const worst = (['down', 'unknown', 'failover', 'assumed-failover', 'replica-lost', 'ok'] as const).find((o) => outcomes.includes(o))!;
  const shards = shardCount > 1 ? ` (${outcomes.filter((o) => o === worst).length} of ${shardCount} shards)` : '';
  const what = memorydb ? 'MemoryDB cluster' : n === 1 ? 'single-node cache' : 'replication group';
  switch (worst) {
    case 'ok':
      return { state: 'unaffected', reasons: [`none of its nodes is in ${c.label}`], rto: c.notAffected(), rpo: c.notAffected() };
    case 'replica-lost':
      return { state: 'degraded', reasons: [`a replica is lost with ${c.label}${shards}; the primary keeps taking writes`], rto: { ...failoverRto(), seconds: 0, note: 'the primary is left: no failover' }, rpo: { ...c.notAffected(), note: 'the primary keeps the data' }, path: pathTo() };
    case 'failover':
      return { state: 'degraded', reasons: [`the primary may be lost with ${c.label}${shards}; automatic failover promotes a replica left in another AZ`], rto: failoverRto(), rpo: failoverRpo(), path: pathTo() };
    case 'assumed-failover':
      return {
        state: 'degraded',
        reasons: [
          `its node AZs are not written: AWS chooses them among its subnets' AZs, ${c.label} among them${shards}`,
          'Multi-AZ with automatic failover: a replica in another AZ is promoted if the primary is lost (assumed spread over its subnets\' AZs; write the node AZs to make it certain)',
        ],
        rto: failoverRto(),
        rpo: failoverRpo(),
        path: pathTo(),
      };
    case 'unknown': {
      const why = isUnknown(failover) ? `automatic failover unknown: ${failover.reason}` : `cannot tell whether a node is left in another AZ: ${placeReason}`;
      return { state: 'unknown', reasons: [`its primary may be lost with ${c.label}${shards}`, why], rto: replaceRto(), rpo: dataLoss(), path: pathTo() };
    }
    case 'down': {
      const noFailover = failover !== true || n < 2;
      return {
        state: 'down',
        reasons: [
          `the primary is lost with ${c.label}${shards}`,
          noFailover
            ? `${what} without automatic failover: no writes until a new primary node is created${n >= 2 ? ' (or a replica is promoted by hand)' : ''}`
            : 'no replica left in another AZ to fail over to',
        ],
        rto: replaceRto(),
        rpo: dataLoss(),
        path: pathTo(),
      };
    }
  }
}

/** Each node's hit: its written AZ, else anywhere among its subnets' AZs. */
function nodeHits(n: number, written: unknown[] | undefined, place: SubnetPlacement, w: AnyResource, c: CacheContext): Hit[] {
  return Array.from({ length: n }, (_, i) => (written && i < written.length ? c.azHit(written[i], w) : place.hit));
}

function shardOutcome(hits: Hit[], failover: unknown, multiAz: unknown, written: boolean, place: SubnetPlacement): ShardOutcome {
  if (hits.every((h) => h === 'out')) return 'ok';
  const [primary, ...replicas] = hits;
  const replicaLeft = replicas.some((h) => h === 'out');
  if (primary === 'out') return 'replica-lost';
  if (failover === true && replicas.length > 0) {
    if (replicaLeft) return 'failover';
    if (replicas.every((h) => h === 'in') && primary === 'in') return 'down';
    // Nothing written: AWS places the nodes among the subnets' AZs; with Multi-AZ on they are taken as spread.
    if (!written && multiAz === true && place.someOut) return 'assumed-failover';
    return 'unknown';
  }
  if (isUnknown(failover) && replicas.length > 0) return 'unknown';
  return primary === 'in' ? 'down' : 'unknown';
}
