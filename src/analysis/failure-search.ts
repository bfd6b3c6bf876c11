/**
 * The AZ-failure evaluation of OpenSearch domains and MSK clusters (the
 * failure simulation's chain in failure.ts calls it with its own state
 * lookups).
 *
 * - A domain with zone awareness keeps serving from the AZs left (replica
 *   shards are promoted, AWS replaces the nodes): degraded when it has nodes
 *   in the lost AZ. Without zone awareness every data node is in one AZ: down
 *   when that AZ is lost, unknown when the AZ cannot be placed (a domain
 *   outside a VPC, or in subnets whose AZs are not known).
 * - An MSK cluster's brokers are spread over its client subnets: degraded
 *   while a subnet's AZ is left (partition leaders move to in-sync replicas
 *   there), down when none is. MSK Serverless is Regional: unaffected.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import type { DependencyEdge, DependencyModel } from './dependencies.js';
import type { ImpactStep, RecoveryFigure, WorkloadState } from './failure-types.js';
import type { RecoveryTable } from './recovery.js';
import { domainZones } from './search.js';

/** What the evaluation returns (failure.ts's Evaluated, structurally). */
export interface SearchEvaluation {
  state: WorkloadState;
  reasons: string[];
  rto: RecoveryFigure;
  rpo: RecoveryFigure;
  path?: ImpactStep[];
}

/** The simulation's lookups for one failure domain. */
export interface SearchEvalContext {
  /** `AZ ap-northeast-1a` */
  label: string;
  graph: ResourceGraph;
  dependencies: DependencyModel;
  stateOf(r: AnyResource): { s: 'up' | 'down' | 'maybe'; path?: ImpactStep[]; reason?: string };
  dependencyLoss(w: AnyResource, skip: (e: DependencyEdge) => boolean): SearchEvaluation | undefined;
  step(r: AnyResource, relation?: string, edge?: DependencyEdge): ImpactStep;
  withRelation(path: ImpactStep[], e: DependencyEdge): ImpactStep[];
  table: RecoveryTable;
  notAffected(): RecoveryFigure;
}

export function evaluateSearchOrStream(w: AnyResource, c: SearchEvalContext): SearchEvaluation {
  const lost = c.dependencyLoss(w, (e) => e.relation === 'in-subnet');
  if (lost) return lost;
  return w.kind === 'search.domain' ? evaluateDomain(w as Resource<'search.domain'>, c) : evaluateStream(w as Resource<'stream.cluster'>, c);
}

function subnetStates(w: AnyResource, c: SearchEvalContext) {
  const edges = c.dependencies.dependenciesOf(w.id).filter((e) => e.relation === 'in-subnet' && c.graph.get(e.to)?.kind === 'network.subnet');
  const subnets = edges.map((e) => ({ e, r: c.graph.get(e.to)!, st: c.stateOf(c.graph.get(e.to)!) }));
  return {
    gap: w.unresolved.find((u) => u.edge === 'in-subnet'),
    subnets,
    down: subnets.filter((x) => x.st.s === 'down'),
    maybe: subnets.filter((x) => x.st.s === 'maybe'),
    up: subnets.filter((x) => x.st.s === 'up'),
  };
}

function evaluateDomain(d: Resource<'search.domain'>, c: SearchEvalContext): SearchEvaluation {
  const w = d as AnyResource;
  const rto = c.table.rto('opensearch-zone-awareness');
  const rpo = c.table.rpo('opensearch-zone-awareness');
  const zones = domainZones(d);
  if ('reason' in zones) return { state: 'unknown', reasons: [`zone awareness: ${zones.reason}`], rto, rpo, path: [c.step(w)] };
  const s = subnetStates(w, c);
  if (zones.zoneAwareness) {
    if (s.subnets.length > 0 && !s.gap && s.down.length === 0 && s.maybe.length === 0) {
      return { state: 'unaffected', reasons: [`none of its subnets is in ${c.label}`], rto: c.notAffected(), rpo: c.notAffected() };
    }
    const shown = s.down[0] ?? s.maybe[0];
    const path = shown ? [c.step(w), ...c.withRelation(shown.st.path ?? [c.step(shown.r)], shown.e)] : [c.step(w)];
    const where =
      s.down.length > 0
        ? `${s.down.length} of ${s.subnets.length} subnet(s) lost with ${c.label} (${s.down.map((x) => x.r.address).join(', ')}): its nodes there are lost`
        : `it may have nodes in ${c.label} (${s.maybe[0]?.st.reason ?? `AWS places them over ${zones.azs} AZs`})`;
    if (s.subnets.length > 0 && !s.gap && s.up.length === 0 && s.maybe.length === 0) {
      return {
        state: 'down',
        reasons: [where, 'no subnet of the domain is left'],
        rto: c.table.rto('no-recovery', 'no subnet of the domain left'),
        rpo: c.table.rpo('no-recovery', 'no node of the domain left'),
        path,
      };
    }
    return {
      state: 'degraded',
      reasons: [where, `zone awareness over ${zones.azs} AZs: replica shards in the AZs left are promoted and AWS replaces the nodes (indices without replicas lose their shards in ${c.label}: index settings are not configuration)`],
      rto,
      rpo,
      path,
    };
  }
  // Without zone awareness every data node is in one AZ: the subnet's (a VPC domain takes one subnet).
  if (s.down.length > 0) {
    const shown = s.down[0];
    return {
      state: 'down',
      reasons: [`zone awareness off: every data node is in ${c.label} (${shown.r.address})`, 'the domain is unavailable until the AZ is back'],
      rto: c.table.rto('no-recovery', 'a domain without zone awareness has no nodes in another AZ'),
      rpo: c.table.rpo('no-recovery', 'its shards have no copy in another AZ'),
      path: [c.step(w), ...c.withRelation(shown.st.path ?? [c.step(shown.r)], shown.e)],
    };
  }
  if (s.subnets.length > 0 && !s.gap && s.maybe.length === 0) return { state: 'unaffected', reasons: [`zone awareness off, and its subnet is not in ${c.label}`], rto: c.notAffected(), rpo: c.notAffected() };
  const why = s.gap ? s.gap.reason : s.maybe[0]?.st.reason ?? (d.props.inVpc === true ? 'its subnets are not in the scan' : 'outside a VPC, AWS picks its AZ');
  return { state: 'unknown', reasons: [`zone awareness off: every data node is in one AZ, which may be ${c.label} (${why})`], rto, rpo, path: [c.step(w)] };
}

function evaluateStream(k: Resource<'stream.cluster'>, c: SearchEvalContext): SearchEvaluation {
  const w = k as AnyResource;
  if (k.props.serverless === true) return { state: 'unaffected', reasons: ['MSK Serverless is Regional: AWS runs it over the Region\'s AZs'], rto: c.notAffected(), rpo: c.notAffected() };
  const rto = c.table.rto('msk-multi-az');
  const rpo = c.table.rpo('msk-multi-az');
  const s = subnetStates(w, c);
  if (s.gap || s.subnets.length === 0) return { state: 'unknown', reasons: [`cannot place its brokers: ${s.gap ? s.gap.reason : 'its client subnets are not in the scan'}`], rto, rpo, path: [c.step(w)] };
  if (s.down.length === 0 && s.maybe.length === 0) return { state: 'unaffected', reasons: [`none of its client subnets is in ${c.label}`], rto: c.notAffected(), rpo: c.notAffected() };
  const shown = (s.down.length > 0 ? s.down : s.maybe)[0];
  const path = [c.step(w), ...c.withRelation(shown.st.path ?? [c.step(shown.r)], shown.e)];
  const reasons = [`${s.down.length} of ${s.subnets.length} client subnet(s) lost with ${c.label}${s.down.length ? ` (${s.down.map((x) => x.r.address).join(', ')})` : ''}: the brokers there are lost`];
  if (s.up.length === 0 && s.maybe.length === 0) {
    return { state: 'down', reasons: [...reasons, 'no broker left in another AZ'], rto: c.table.rto('no-recovery', 'no broker of the cluster left'), rpo: c.table.rpo('no-recovery', 'no replica left in another AZ'), path };
  }
  if (s.up.length === 0) return { state: 'unknown', reasons: [...reasons, `cannot tell whether ${s.maybe.map((x) => x.r.address).join(', ')} survive: ${s.maybe[0].st.reason ?? 'unknown location'}`], rto, rpo, path };
  return { state: 'degraded', reasons: [...reasons, `brokers in ${s.up.length} subnet(s) left: partitions with an in-sync replica there elect a new leader (topics with a single replica, or fewer in-sync replicas than min.insync.replicas, stop)`], rto, rpo, path };
}
