/**
 * Failure simulation: for each failure domain (every AZ in use, every
 * Region) and each workload (ECS service, DB cluster, DB instance), what is
 * left after the domain fails and how long until the workload is back,
 * against its tier's targets.
 *
 * Per domain, every resource gets one state (up / down / maybe) from its
 * own AZ and its hard dependencies (dependency model), memoized: linear in
 * domains × (resources + edges). What cannot be placed (an unknown AZ, a
 * dependency of unknown location) is `maybe`, and a verdict built on a
 * `maybe` is `unknown` unless the worst case still meets the target.
 */
import { SymbolicAz } from '../graph/az.js';
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import { isUnknown, Unknown } from '../graph/values.js';
import type { Policy, TierAssignment } from '../policy/types.js';
import { DR_REGION_TARGETS } from '../policy/defaults.js';
import { computeRequirements } from '../policy/compute.js';
import { crossRegionCopyOf, type BackupCopyFound } from './backup.js';
import { azLabel as azLabelOf, compareAz, countDistinctAzs } from './az.js';
import { clusterMembership, isAuroraEngine, isDocDbEngine, readerScaling, type ReaderScaling } from './db-cluster.js';
import type { DependencyEdge, DependencyModel } from './dependencies.js';
import { minimumOf } from './ecs-minimum.js';
import type {
  DrApproach,
  FailureDomain,
  FailureDomainsResult,
  ImpactStep,
  RecoveryFigure,
  SinglePointOfFailure,
  TargetVerdict,
  WorkloadImpact,
  WorkloadState,
  WorkloadSummary,
} from './failure-types.js';
import { RecoveryTable } from './recovery.js';
import { evaluateSearchOrStream } from './failure-search.js';
import { findSinglePoints } from './spof.js';
import { evaluateFileSystem, type FileSystemContext } from './failure-efs.js';
import { evaluateCache, type CacheContext } from './failure-cache.js';
import { isGroupMember, type CacheResource } from './cache.js';

export interface SimulateOptions {
  graph: ResourceGraph;
  dependencies: DependencyModel;
  tiers: Map<string, TierAssignment>;
  policy: Policy;
  /** Default: the built-in table with the policy's `recovery` overrides. */
  recovery?: RecoveryTable;
  /** Tiers whose single points of failure are listed (default: every tier; the rule picks the tiers it judges). */
  spofTiers?: readonly string[];
}

/** Where one resource is, as far as the simulation compares it with a domain. */
interface AzPlace {
  /** `id`: an AZ ID; `name`: an AZ name (scoped to its account); `symbolic`: element of an AZ list; `unknown`: not placeable. */
  by: 'id' | 'name' | 'symbolic' | 'unknown';
  value?: string | SymbolicAz;
  region?: string;
  account?: string;
  reason?: string;
}

type Hit = 'in' | 'out' | 'maybe';

interface DomainEntry {
  domain: FailureDomain;
  place?: AzPlace;
}

type Up = 'up' | 'down' | 'maybe';
interface ResourceState {
  s: Up;
  /** From this resource to what was lost (its first step is this resource). */
  path?: ImpactStep[];
  reason?: string;
}

const WORKLOAD_KINDS = new Set(['ecs.service', 'db.cluster', 'db.instance', 'lb.load-balancer', 'compute.instance', 'compute.autoscaling-group', 'function', 'db.table', 'search.domain', 'stream.cluster', 'storage.file-system', 'cache.replication-group', 'cache.cluster']);
/** Workloads that keep no data: a Region failure loses none. */
const STATELESS_KINDS = new Set(['ecs.service', 'lb.load-balancer', 'function']);
/** Edges that a workload's own evaluation reads (redundancy over subnets, members, tasks), not the generic all-of. */
const ANY_OF = new Set(['in-subnet', 'runs-in']);

/**
 * Edges of which the resource needs only one: a DB subnet group's subnets,
 * and the load balancers forwarding to a target group (each one is a way in).
 */
export function isAnyOf(r: AnyResource, e: DependencyEdge): boolean {
  return (r.kind === 'db.subnet-group' && ANY_OF.has(e.relation)) || (r.kind === 'lb.target-group' && e.relation === 'forwards-to');
}

function step(r: AnyResource, relation?: string, edge?: DependencyEdge): ImpactStep {
  const s: ImpactStep = { id: r.id, address: r.address };
  if (relation) s.relation = relation;
  const loc = edge ? edge.provenance.location : r.provenance.location;
  if (loc) s.location = loc;
  else if (r.provenance.location) s.location = r.provenance.location;
  if (r.provenance.arn) s.arn = r.provenance.arn;
  return s;
}

/** The AZ a resource itself sits in (subnets, DB instances, tasks); undefined for resources without one. */
function azPlace(r: AnyResource): AzPlace | undefined {
  const p = r.props as { availabilityZone?: unknown; availabilityZoneId?: unknown };
  // An EC2 instance with an AZ of its own (live, or written); one in a subnet is placed by the subnet (its hard dependency).
  if ((r.kind === 'compute.instance' || r.kind === 'storage.file-system') && p.availabilityZone === undefined && p.availabilityZoneId === undefined) return undefined;
  if (r.kind !== 'network.subnet' && r.kind !== 'db.instance' && r.kind !== 'ecs.task' && r.kind !== 'compute.instance' && r.kind !== 'storage.file-system') return undefined;
  return placeOf(p.availabilityZone, p.availabilityZoneId, r);
}

/** The place of an AZ value (name, ID, symbolic AZ or unknown) written for `r` or one of its nodes. */
function placeOf(az: unknown, azId: unknown, r: AnyResource): AzPlace {
  const region = r.provenance.region;
  const account = r.provenance.accountId;
  const base = { ...(region ? { region } : {}), ...(account ? { account } : {}) };
  if (typeof azId === 'string') return { by: 'id', value: azId, ...base };
  if (typeof az === 'string') return { by: 'name', value: az, ...base, region: region ?? regionOfAzName(az) };
  if (az instanceof SymbolicAz) return { by: 'symbolic', value: az, ...base };
  if (isUnknown(az)) return { by: 'unknown', reason: `AZ of ${r.address}: ${(az as Unknown).reason}`, ...base };
  if (r.kind === 'db.instance') return { by: 'unknown', reason: `${r.address} does not set its AZ (AWS chooses one)`, ...base };
  return { by: 'unknown', reason: `${r.address} does not set its AZ`, ...base };
}

/** `ap-northeast-1a` → `ap-northeast-1`; Local Zones and odd names: undefined. */
function regionOfAzName(name: string): string | undefined {
  const m = /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)[a-z]$/.exec(name);
  return m ? m[1] : undefined;
}

/** Is the place inside the domain's AZ? Names are compared only within one account; IDs across accounts. */
function azHit(place: AzPlace, d: AzPlace): Hit {
  // A place in another Region is out, even when its AZ there is not known.
  if (place.region && d.region && place.region !== d.region) return 'out';
  if (place.by === 'unknown') return 'maybe';
  if (place.by === 'id' && d.by === 'id') return place.value === d.value ? 'in' : 'out';
  if (place.by === 'name' && d.by === 'name') {
    if (place.account && d.account && place.account !== d.account) return 'maybe';
    return place.value === d.value ? 'in' : 'out';
  }
  if (place.by === 'symbolic' && d.by === 'symbolic') {
    const c = compareAz(place.value, d.value);
    return c === 'same' ? 'in' : c === 'different' ? 'out' : 'maybe';
  }
  return 'maybe';
}

function domainOf(place: AzPlace): FailureDomain | undefined {
  if (place.by === 'unknown') return undefined;
  const region = place.region;
  if (place.by === 'id') {
    return { id: `az:${region ?? '?'}:${place.value as string}`, kind: 'az', ...(region ? { region } : {}), label: place.value as string, azId: place.value as string, comparedBy: 'az-id' };
  }
  if (place.by === 'name') {
    const name = place.value as string;
    const scoped = place.account ? `${place.account}/${name}` : name;
    return {
      id: `az:${region ?? '?'}:${scoped}`,
      kind: 'az',
      ...(region ? { region } : {}),
      label: place.account ? `${name} (account ${place.account})` : name,
      ...(place.account ? { azNames: { [place.account]: name } } : {}),
      comparedBy: 'az-name',
    };
  }
  const az = place.value as SymbolicAz;
  return { id: `az:?:${az.label}`, kind: 'az', label: az.label, comparedBy: 'symbolic' };
}

const STATE_RANK: Record<WorkloadState, number> = { down: 3, unknown: 2, degraded: 1, unaffected: 0 };
const VERDICT_RANK: Record<TargetVerdict, number> = { breached: 2, unknown: 1, met: 0 };
/** Behaviours that can never meet a target: nothing brings the workload or its data back. */
const NEVER_MEETS = new Set(['no-recovery', 'no-backups']);

/** met / breached / unknown; `lo` is the best case when `seconds` is only the worst. */
export function judge(fig: RecoveryFigure, target: number | undefined, lo?: number): TargetVerdict {
  if (target === undefined) return 'unknown';
  if (NEVER_MEETS.has(fig.behaviour)) return 'breached';
  if (fig.seconds === undefined) return 'unknown';
  if (fig.seconds <= target) return 'met';
  if ((lo ?? fig.seconds) > target) return 'breached';
  return 'unknown';
}

/** A figure that cannot be given: the workload's state in the domain is not known. */
function undetermined(note: string): RecoveryFigure {
  return { behaviour: 'none', source: 'resilint', note };
}

function notAffected(): RecoveryFigure {
  return { seconds: 0, behaviour: 'none', source: 'resilint: the domain holds nothing this workload needs', note: 'not affected' };
}

interface Evaluated {
  state: WorkloadState;
  reasons: string[];
  rto: RecoveryFigure;
  rpo: RecoveryFigure;
  rtoLo?: number;
  /** A lower bound of the RPO when the figure itself is not known (a backup copy: the schedule gap, plus an undocumented copy time). */
  rpoLo?: number;
  path?: ImpactStep[];
  capacity?: WorkloadImpact['capacity'];
  drApproach?: DrApproach;
}

export function simulateFailures(o: SimulateOptions): FailureDomainsResult {
  const { graph, dependencies, tiers, policy } = o;
  const table = o.recovery ?? new RecoveryTable(policy.recovery ?? {}, policy.source);
  const notes: string[] = [];

  // ----- domains -----
  const places = new Map<string, AzPlace>();
  const azDomains = new Map<string, DomainEntry>();
  const regions = new Set<string>();
  let regionless = false;
  let unplaced = 0;
  for (const r of graph.resources()) {
    if (r.provenance.region) regions.add(r.provenance.region);
    else if (r.kind !== 'account' && r.kind !== 'region') regionless = true;
    const place = azPlace(r);
    if (!place) continue;
    places.set(r.id, place);
    const d = domainOf(place);
    if (!d) {
      unplaced++;
      continue;
    }
    if (!azDomains.has(d.id)) azDomains.set(d.id, { domain: d, place });
  }
  if (unplaced > 0) notes.push(`${unplaced} resource(s) with an AZ that cannot be told: they may be in any AZ domain, and what depends on them is unknown there`);
  const regionDomains: DomainEntry[] = [...regions].sort().map((r) => ({ domain: { id: `region:${r}`, kind: 'region', region: r, label: r, comparedBy: 'region' } }));
  if (regionless) {
    regionDomains.push({ domain: { id: 'region:?', kind: 'region', label: 'the Region (not known offline)', comparedBy: 'region' } });
    notes.push('resources without a known Region (IaC whose provider or stack Region is not given) share one "the Region" domain');
  }
  const domains = [...[...azDomains.values()].sort((a, b) => a.domain.id.localeCompare(b.domain.id)), ...regionDomains];

  // ----- workloads -----
  const workloads = [...graph.resources()].filter(
    (r) =>
      WORKLOAD_KINDS.has(r.kind) &&
      !(r.kind === 'db.instance' && clusterMembership(r as Resource<'db.instance'>, graph).member) &&
      // A cache cluster in a replication group: the group is the workload.
      !(r.kind === 'cache.cluster' && isGroupMember(r as CacheResource, graph)) &&
      // An instance launched by an Auto Scaling group: the group is the workload.
      !(r.kind === 'compute.instance' && typeof (r as Resource<'compute.instance'>).props.autoScalingGroup === 'string'),
  );
  workloads.sort((a, b) => a.address.localeCompare(b.address));

  const readerScalings = new Map<string, ReaderScaling>();
  const readerScalingOf = (c: Resource<'db.cluster'>): ReaderScaling => {
    let rs = readerScalings.get(c.id);
    if (!rs) readerScalings.set(c.id, (rs = readerScaling(c, graph)));
    return rs;
  };
  // The minimum task count does not depend on the domain: computed once per service.
  const minimums = new Map<string, ReturnType<typeof minimumOf>>();
  for (const w of workloads) if (w.kind === 'ecs.service') minimums.set(w.id, minimumOf(w, graph, 0));

  const impacts: WorkloadImpact[] = [];
  const summaries = new Map<string, WorkloadSummary>();
  for (const w of workloads) {
    summaries.set(w.id, { id: w.id, address: w.address, kind: w.kind, tier: tiers.get(w.id)?.tier ?? policy.defaultTier });
  }

  for (const entry of domains) {
    const d = entry.domain;
    const memo = new Map<string, ResourceState>();
    const evaluated = new Map<string, Evaluated>();
    const visiting = new Set<string>();

    const regionHit = (r: AnyResource): Hit => {
      const region = r.provenance.region;
      if (d.region === undefined) return region === undefined ? 'in' : 'maybe';
      if (region === undefined) return 'maybe';
      return region === d.region ? 'in' : 'out';
    };
    const ownHit = (r: AnyResource): Hit | undefined => {
      if (d.kind === 'region') return regionHit(r);
      const place = places.get(r.id);
      return place ? azHit(place, entry.place!) : undefined;
    };

    /**
     * A DynamoDB global table serves a workload outside the lost Region from
     * the workload's own Region's replica (the table has the same name in every
     * replica Region, and the SDK calls the Region it runs in).
     */
    const servedByReplica = (r: AnyResource, t: AnyResource): boolean => {
      if (d.kind !== 'region' || t.kind !== 'db.table' || regionHit(r) !== 'out') return false;
      const replicas = t.props.replicas;
      return Array.isArray(replicas) && replicas.some((x) => x.region === r.provenance.region);
    };

    /** All-of over hard dependencies, skipping `skip` relations (read by the caller). */
    const depsState = (r: AnyResource, skip: (e: DependencyEdge) => boolean): ResourceState => {
      let maybe: ResourceState | undefined;
      for (const e of dependencies.dependenciesOf(r.id)) {
        if (e.strength !== 'hard' || skip(e)) continue;
        const t = graph.get(e.to);
        if (!t) {
          // A gateway named only by a route (internet or transit gateway): regional, lost only with its Region.
          if (d.kind === 'region' && regionHit(r) !== 'out') return { s: 'down', path: [step(r), { id: e.to, address: e.external ?? e.to, relation: e.relation }] };
          continue;
        }
        if (servedByReplica(r, t)) continue;
        const st = stateOf(t);
        if (st.s === 'down') return { s: 'down', path: [step(r), ...withRelation(st.path ?? [step(t)], e)] };
        if (st.s === 'maybe' && !maybe) maybe = { s: 'maybe', path: [step(r), ...withRelation(st.path ?? [step(t)], e)], reason: st.reason };
      }
      return maybe ?? { s: 'up' };
    };

    const withRelation = (path: ImpactStep[], e: DependencyEdge): ImpactStep[] => {
      const [first, ...rest] = path;
      const head: ImpactStep = { ...first, relation: e.relation };
      if (e.provenance.location) head.location = e.provenance.location;
      return [head, ...rest];
    };

    function stateOf(r: AnyResource): ResourceState {
      const known = memo.get(r.id);
      if (known) return known;
      // A cycle (global cluster ↔ regional cluster): the edge back is not a loss of its own.
      if (visiting.has(r.id)) return { s: 'up' };
      visiting.add(r.id);
      let st: ResourceState;
      if (summaries.has(r.id)) {
        const ev = evaluate(r);
        st = ev.state === 'down' ? { s: 'down', path: ev.path ?? [step(r)], reason: ev.reasons[0] } : ev.state === 'unknown' ? { s: 'maybe', path: ev.path ?? [step(r)], reason: ev.reasons[0] } : { s: 'up' };
      } else {
        st = genericState(r);
      }
      visiting.delete(r.id);
      memo.set(r.id, st);
      return st;
    }

    function genericState(r: AnyResource): ResourceState {
      const hit = ownHit(r);
      if (hit === 'in') return { s: 'down', path: [step(r)], reason: `${r.address} is in ${d.label}` };
      let own: ResourceState | undefined;
      if (hit === 'maybe') own = { s: 'maybe', path: [step(r)], reason: places.get(r.id)?.reason ?? `cannot tell whether ${r.address} is in ${d.label}` };
      // Members keep their own AZ: their cluster's volume is judged with the cluster.
      const skip = (e: DependencyEdge) => (r.kind === 'db.instance' && e.relation === 'member-of') || e.relation === 'in-subnet-group';
      // Redundant placements (a DB subnet group's subnets) and a target group's load balancers (requests come through
      // any of them): lost only when every one is, maybe when none is surely left.
      const anyOf = dependencies.dependenciesOf(r.id).filter((e) => e.strength === 'hard' && isAnyOf(r, e));
      let alt: ResourceState | undefined;
      if (anyOf.length > 0) {
        const states = anyOf.map((e) => ({ e, st: graph.get(e.to) ? stateOf(graph.get(e.to)!) : ({ s: 'up' } as ResourceState) }));
        if (states.every((x) => x.st.s === 'down')) return { s: 'down', path: [step(r), ...withRelation(states[0].st.path ?? [], states[0].e)] };
        const open = states.find((x) => x.st.s === 'maybe');
        if (open && !states.some((x) => x.st.s === 'up')) alt = { s: 'maybe', path: [step(r), ...withRelation(open.st.path ?? [], open.e)], reason: open.st.reason };
      }
      const deps = depsState(r, (e) => skip(e) || isAnyOf(r, e));
      if (deps.s === 'down') return deps;
      return own ?? alt ?? deps;
    }

    /** A `connects-to` reference of the workload's task definition (a function's own) that its source could not resolve. */
    function unresolvedData(w: AnyResource): { taskDefinition?: string; where: string; reason: string } | undefined {
      // A task definition that could not be read: what its containers name is unknown.
      // Live only: an IaC task definition outside the scanned configuration is the ingress/compute sources' own gap.
      const unread = w.provenance.source === 'aws' ? w.unresolved.find((x) => x.edge === 'uses-task-definition') : undefined;
      if (unread) return { where: `${w.address}.${unread.attribute}`, reason: unread.reason };
      // A function names its databases itself (its environment variables).
      const own = w.kind === 'function' ? w.unresolved.find((x) => x.edge === 'connects-to') : undefined;
      if (own) return { where: `${w.address}.${own.attribute}`, reason: own.reason };
      for (const e of dependencies.dependenciesOf(w.id)) {
        if (e.relation !== 'uses-task-definition') continue;
        const td = graph.get(e.to);
        const u = td?.unresolved.find((x) => x.edge === 'connects-to');
        if (td && u) return { taskDefinition: td.id, where: `${td.address}.${u.attribute}`, reason: u.reason };
      }
      return undefined;
    }

    function evaluate(w: AnyResource): Evaluated {
      const cached = evaluated.get(w.id);
      if (cached) return cached;
      const ev =
        d.kind === 'region'
          ? evaluateRegion(w)
          : w.kind === 'ecs.service'
            ? evaluateService(w)
            : w.kind === 'lb.load-balancer'
              ? evaluateLoadBalancer(w as Resource<'lb.load-balancer'>)
              : w.kind === 'db.cluster'
              ? evaluateCluster(w)
              : w.kind === 'compute.instance'
                ? evaluateEc2(w as Resource<'compute.instance'>)
                : w.kind === 'compute.autoscaling-group'
                  ? evaluateGroup(w as Resource<'compute.autoscaling-group'>)
                  : w.kind === 'function'
                    ? evaluateFunction(w as Resource<'function'>)
                    : w.kind === 'db.table'
                      ? evaluateTable(w)
                      : w.kind === 'search.domain' || w.kind === 'stream.cluster'
                      ? evaluateSearchOrStream(w, { label: d.label, graph, dependencies, stateOf, dependencyLoss, step, withRelation, table, notAffected })
                      : w.kind === 'storage.file-system'
                        ? evaluateFileSystem(w as Resource<'storage.file-system'>, fileSystemContext)
                      : w.kind === 'cache.replication-group' || w.kind === 'cache.cluster'
                        ? evaluateCache(w as CacheResource, cacheContext)
                      : evaluateInstance(w as Resource<'db.instance'>);
      const gap = d.kind === 'az' && w.kind === 'ecs.service' ? w.unresolved.find((u) => u.edge === 'registers-with') : undefined;
      if (gap && (ev.state === 'unaffected' || ev.state === 'degraded')) {
        // Requests reach it through a target group the scan cannot follow: the load balancer in front may be in this AZ.
        const unknown: Evaluated = {
          ...ev,
          state: 'unknown',
          reasons: [...ev.reasons, `its ingress path cannot be followed (${gap.attribute}: ${gap.reason}): the load balancer in front of it may be lost with ${d.label}`],
          rto: { behaviour: 'none', source: 'resilint', note: 'whether its load balancer survives cannot be told' },
        };
        evaluated.set(w.id, unknown);
        return unknown;
      }
      const open = d.kind === 'az' && (ev.state === 'unaffected' || ev.state === 'degraded') ? unresolvedData(w) : undefined;
      if (open) {
        // A database its containers name but the scan cannot resolve: it may be a single-AZ one in this AZ.
        const unknown: Evaluated = {
          ...ev,
          state: 'unknown',
          reasons: [...ev.reasons, `a database it connects to cannot be resolved (${open.where}: ${open.reason}): it may be lost with ${d.label}`],
          rto: { behaviour: 'none', source: 'resilint', note: 'whether an unresolved database survives cannot be told' },
          rpo: { behaviour: 'none', source: 'resilint', note: 'whether an unresolved database survives cannot be told' },
          path: ev.path ?? (open.taskDefinition ? [step(w), step(graph.get(open.taskDefinition)!, 'uses-task-definition')] : [step(w)]),
        };
        evaluated.set(w.id, unknown);
        return unknown;
      }
      evaluated.set(w.id, ev);
      return ev;
    }

    /** Other hard dependencies of a workload (declared, ECS cluster, references): all of them are needed. */
    function dependencyLoss(w: AnyResource, skip: (e: DependencyEdge) => boolean): Evaluated | undefined {
      const deps = depsState(w, skip);
      if (deps.s === 'up') return undefined;
      const cause = deps.path && deps.path.length > 1 ? deps.path[deps.path.length - 1] : undefined;
      const causeWorkload = deps.path?.slice(1).find((s) => evaluated.has(s.id));
      const inherited = causeWorkload ? evaluated.get(causeWorkload.id) : undefined;
      const via = `hard dependency ${deps.path?.[1]?.address ?? '?'}${cause ? ` (${cause.address} lost with ${d.label})` : ''}`;
      if (deps.s === 'maybe') {
        return {
          state: 'unknown',
          reasons: [`may be down through its ${via}: ${deps.reason ?? 'its location is not known'}`],
          rto: { behaviour: 'none', source: 'resilint', note: 'whether a dependency is lost cannot be told' },
          rpo: table.rpo('stateless'),
          path: deps.path,
        };
      }
      return {
        state: 'down',
        reasons: [`down through its ${via}`],
        // Back when what it needs is back.
        rto: inherited ? { ...inherited.rto, note: `through ${causeWorkload!.address}: ${inherited.rto.note ?? ''}` } : table.rto('no-recovery', `through ${deps.path?.[1]?.address ?? 'a dependency'}`),
        ...(inherited?.rtoLo !== undefined ? { rtoLo: inherited.rtoLo } : {}),
        rpo: STATELESS_KINDS.has(w.kind) ? table.rpo('stateless') : inherited ? inherited.rpo : table.rpo('no-recovery'),
        path: deps.path,
      };
    }

    function evaluateService(svc: AnyResource): Evaluated {
      const lost = dependencyLoss(svc, (e) => e.relation === 'in-subnet' || e.relation === 'runs-in');
      if (!lost) return placeService(svc);
      // Down for its own placement too (its subnets, their egress): it is back only when both are, so the
      // certain outage, or the recovery that can never meet a target, is the one to report.
      const own = placeService(svc);
      if (own.state === 'down' && (lost.state !== 'down' || (NEVER_MEETS.has(own.rto.behaviour) && !NEVER_MEETS.has(lost.rto.behaviour)))) {
        return { ...own, reasons: [...own.reasons, ...lost.reasons] };
      }
      return lost;
    }

    /** A service's state from where its tasks run (its subnets and what they need). */
    function placeService(svc: AnyResource): Evaluated {
      const service = svc as Resource<'ecs.service'>;
      const subnetEdges = dependencies.dependenciesOf(svc.id).filter((e) => e.relation === 'in-subnet' && graph.get(e.to)?.kind === 'network.subnet');
      const tier = tiers.get(svc.id);
      const required = tier?.requirements.ecs.minTasks ?? 1;
      const minimum = minimums.get(service.id)!;
      const before = 'reason' in minimum ? undefined : minimum.lo;
      if (subnetEdges.length === 0 || service.unresolved.some((u) => u.edge === 'in-subnet')) {
        const why = subnetEdges.length === 0 ? 'its subnets are not in the scan' : service.unresolved.find((u) => u.edge === 'in-subnet')!.reason;
        return { state: 'unknown', reasons: [`cannot place its tasks: ${why}`], rto: table.rto('ecs-reschedule'), rpo: table.rpo('stateless') };
      }
      const subnets = subnetEdges.map((e) => ({ e, r: graph.get(e.to)!, st: stateOf(graph.get(e.to)!) }));
      const down = subnets.filter((x) => x.st.s === 'down');
      const maybe = subnets.filter((x) => x.st.s === 'maybe');
      const up = subnets.filter((x) => x.st.s === 'up');
      if (down.length === 0 && maybe.length === 0) return { state: 'unaffected', reasons: [`none of its subnets is in ${d.label} or needs it`], rto: notAffected(), rpo: notAffected() };
      // The longest chain shows most: a subnet lost through its NAT gateway says more than one in the failed AZ.
      const shown = (down.length > 0 ? down : maybe).reduce((a, b) => ((b.st.path?.length ?? 0) > (a.st.path?.length ?? 0) ? b : a));
      const path = [step(svc), ...withRelation(shown.st.path ?? [step(shown.r)], shown.e)];
      if (up.length === 0 && maybe.length === 0) {
        return {
          state: 'down',
          reasons: [`every subnet it runs in is lost with ${d.label} (${down.map((x) => x.r.address).join(', ')})`],
          rto: table.rto('no-recovery', 'no subnet left to start tasks in'),
          rpo: table.rpo('stateless'),
          path,
          ...(before !== undefined ? { capacity: { unit: 'tasks', before, after: 0, required } } : {}),
        };
      }
      // Fargate spreads a service's tasks evenly over the AZs of its subnets: an AZ holds at most ceil(n / AZs).
      const azs = countDistinctAzs(subnets.map((x) => (x.r as Resource<'network.subnet'>).props.availabilityZone));
      const lostAzs = countDistinctAzs(down.map((x) => (x.r as Resource<'network.subnet'>).props.availabilityZone));
      const doubts: string[] = [];
      if (maybe.length > 0) doubts.push(`cannot tell whether ${maybe.map((x) => x.r.address).join(', ')} survive: ${maybe[0].st.reason ?? 'unknown location'}`);
      if (azs.min !== azs.max) doubts.push(`its subnets span ${azs.min}–${azs.max} AZs`);
      if (before === undefined) doubts.push(`minimum task count: ${(minimum as { reason: string }).reason}`);
      let after: number | [number, number] | undefined;
      if (before !== undefined && azs.min === azs.max && azs.max > 0) {
        const perAz = Math.ceil(before / azs.max);
        const worst = Math.max(0, before - perAz * Math.max(lostAzs.max, down.length > 0 ? 1 : 0) - (maybe.length > 0 ? perAz : 0));
        const best = Math.max(0, before - perAz * lostAzs.min);
        after = worst === best ? worst : [worst, best];
      }
      const capacity = before !== undefined && after !== undefined ? { capacity: { unit: 'tasks', before, after, required } } : {};
      const worstAfter = after === undefined ? undefined : Array.isArray(after) ? after[0] : after;
      const reasons = [`${down.length} of ${subnets.length} subnet(s) lost with ${d.label}${down.length ? ` (${down.map((x) => x.r.address).join(', ')})` : ''}`, ...doubts];
      if (worstAfter === undefined) {
        return { state: 'unknown', reasons, rto: table.rto('ecs-reschedule'), rpo: table.rpo('stateless'), path, ...capacity };
      }
      if (worstAfter >= 1) {
        // Tasks left in the other AZs keep serving: no outage, only less capacity until the scheduler replaces the others.
        if (worstAfter < required) reasons.push(`${worstAfter} task(s) left, below the tier's minimum of ${required} until the scheduler replaces the others (no documented time)`);
        const rto: RecoveryFigure = { ...table.rto('ecs-reschedule', `≥ ${worstAfter} task(s) keep serving in the AZs left; the scheduler replaces the others`), seconds: 0 };
        return { state: 'degraded', reasons, rto, rpo: table.rpo('stateless'), path, ...capacity };
      }
      reasons.push(`no task may be left running until the scheduler starts new ones in the ${up.length} subnet(s) left`);
      return { state: 'down', reasons, rto: table.rto('ecs-reschedule'), rpo: table.rpo('stateless'), path, ...capacity };
    }

    /**
     * A load balancer has a node in each zone it is enabled in (one subnet
     * per zone) and serves while one is left. Only the zones count: a node
     * answers clients whatever its subnet's egress route (a NAT gateway lost
     * elsewhere does not stop it).
     */
    function evaluateLoadBalancer(lb: Resource<'lb.load-balancer'>): Evaluated {
      const w = lb as AnyResource;
      const lost = dependencyLoss(w, (e) => e.relation === 'in-subnet');
      if (lost) return lost;
      const none: RecoveryFigure = { behaviour: 'none', source: 'resilint', note: 'its zones are not known' };
      const subnetEdges = dependencies.dependenciesOf(lb.id).filter((e) => e.relation === 'in-subnet' && graph.get(e.to)?.kind === 'network.subnet');
      const open = lb.unresolved.find((u) => u.edge === 'in-subnet');
      if (subnetEdges.length === 0 || open) {
        return { state: 'unknown', reasons: [`cannot place its nodes: ${open ? `${open.attribute}: ${open.reason}` : 'its subnets are not in the scan'}`], rto: none, rpo: table.rpo('stateless'), path: [step(w)] };
      }
      const subnets = subnetEdges.map((e) => {
        const r = graph.get(e.to)!;
        const place = places.get(r.id);
        return { e, r, hit: place ? azHit(place, entry.place!) : ('maybe' as Hit), reason: place?.reason };
      });
      const down = subnets.filter((x) => x.hit === 'in');
      const maybe = subnets.filter((x) => x.hit === 'maybe');
      const up = subnets.filter((x) => x.hit === 'out');
      const azs = countDistinctAzs(subnets.map((x) => (x.r as Resource<'network.subnet'>).props.availabilityZone));
      const capacity = { unit: 'zones', before: azs.min === azs.max ? azs.max : subnets.length, after: (maybe.length ? [up.length, up.length + maybe.length] : up.length) as number | [number, number], required: 1 };
      if (down.length === 0 && maybe.length === 0) return { state: 'unaffected', reasons: [`none of its subnets is in ${d.label}`], rto: notAffected(), rpo: notAffected(), capacity };
      const shown = down[0] ?? maybe[0];
      const path = [step(w), step(shown.r, 'in-subnet', shown.e)];
      const lostText = `${down.length} of ${subnets.length} subnet(s) it is enabled in lost with ${d.label}${down.length ? ` (${down.map((x) => x.r.address).join(', ')})` : ''}`;
      if (up.length === 0 && maybe.length === 0) {
        return {
          state: 'down',
          reasons: [lostText, 'no zone left for its nodes: the load balancer and every service behind it lose their ingress until the zone is back'],
          rto: table.rto('no-recovery', 'a load balancer serves only in the zones it is enabled in'),
          rpo: table.rpo('stateless'),
          path,
          capacity,
        };
      }
      if (up.length === 0) {
        return { state: 'unknown', reasons: [lostText, `cannot tell whether ${maybe.map((x) => x.r.address).join(', ')} survive: ${maybe[0].reason ?? 'unknown zone'}`], rto: table.rto('elb-zone-removal'), rpo: table.rpo('stateless'), path, capacity };
      }
      const reasons = [lostText, `its nodes in ${up.length} subnet(s) left keep serving`];
      if (maybe.length > 0) reasons.push(`cannot tell whether ${maybe.map((x) => x.r.address).join(', ')} survive: ${maybe[0].reason ?? 'unknown zone'}`);
      // Nodes in the zones left keep serving: no outage, only the lost zone's addresses to leave the DNS answer.
      return { state: 'degraded', reasons, rto: { ...table.rto('elb-zone-removal', 'the nodes in the zones left keep serving'), seconds: 0 }, rpo: table.rpo('stateless'), path, capacity };
    }

    /** A standalone EC2 instance: lost with its AZ (its own, or its subnet's), and nothing replaces it. */
    function evaluateEc2(i: Resource<'compute.instance'>): Evaluated {
      const w = i as AnyResource;
      const hit = ownHit(w);
      if (hit === 'in') {
        return { state: 'down', reasons: [`${w.address} is in ${d.label}`], rto: table.rto('no-recovery', 'a standalone instance is not replaced'), rpo: table.rpo('no-recovery', 'its volumes are in the lost AZ'), path: [step(w)] };
      }
      const lost = dependencyLoss(w, () => false);
      if (lost) return lost.state === 'down' ? { ...lost, rto: table.rto('no-recovery', 'a standalone instance is not replaced'), rpo: table.rpo('no-recovery', 'its volumes are in the lost AZ') } : lost;
      // Not placed (no AZ of its own, its subnet unresolved, e.g. known only after apply): it may be in the lost AZ or not.
      const gap = hit === undefined ? i.unresolved.find((u) => u.edge === 'in-subnet') : undefined;
      if (hit === 'maybe' || gap) {
        const why = gap ? `cannot place it: ${gap.reason}` : (places.get(w.id)?.reason ?? `cannot tell whether ${w.address} is in ${d.label}`);
        return { state: 'unknown', reasons: [why], rto: undetermined('whether the instance is in the lost AZ cannot be told'), rpo: undetermined('whether the instance is in the lost AZ cannot be told'), path: [step(w)] };
      }
      return { state: 'unaffected', reasons: [`${w.address} is not in ${d.label} and needs nothing there`], rto: notAffected(), rpo: notAffected() };
    }

    /**
     * An Auto Scaling group: serves while an AZ of it is left with instances
     * in it. The group balances its minimum over its AZs (at most
     * ceil(min / AZs) per AZ) and launches replacements in the AZs left.
     */
    function evaluateGroup(g: Resource<'compute.autoscaling-group'>): Evaluated {
      const w = g as AnyResource;
      const lost = dependencyLoss(w, (e) => e.relation === 'in-subnet');
      if (lost) return lost;
      const subnetEdges = dependencies.dependenciesOf(w.id).filter((e) => e.relation === 'in-subnet' && graph.get(e.to)?.kind === 'network.subnet');
      const gap = g.unresolved.find((u) => u.edge === 'in-subnet');
      if (gap) return { state: 'unknown', reasons: [`cannot place its instances: ${gap.reason}`], rto: table.rto('ec2-asg-replace'), rpo: table.rpo('ec2-asg-replace') };
      // Each place: a subnet (its state) or, without subnets, a listed AZ.
      type Slot = { label: string; az: unknown; st: ResourceState; e?: DependencyEdge; r?: AnyResource };
      let slots: Slot[];
      if (subnetEdges.length > 0) {
        slots = subnetEdges.map((e) => {
          const r = graph.get(e.to)!;
          return { label: r.address, az: (r as Resource<'network.subnet'>).props.availabilityZone, st: stateOf(r), e, r };
        });
      } else {
        const listed = g.props.availabilityZones;
        if (!Array.isArray(listed) || listed.length === 0) {
          const why = isUnknown(listed) ? listed.reason : 'neither subnets nor availability zones in the scan';
          return { state: 'unknown', reasons: [`cannot place its instances: ${why}`], rto: table.rto('ec2-asg-replace'), rpo: table.rpo('ec2-asg-replace') };
        }
        const region = w.provenance.region;
        const account = w.provenance.accountId;
        slots = (listed as unknown[]).map((az) => {
          const place: AzPlace =
            typeof az === 'string'
              ? { by: 'name', value: az, region: region ?? regionOfAzName(az), ...(account ? { account } : {}) }
              : az instanceof SymbolicAz
                ? { by: 'symbolic', value: az, ...(region ? { region } : {}) }
                : { by: 'unknown', reason: `an AZ of ${w.address}: ${isUnknown(az) ? az.reason : 'not a name'}` };
          const h = d.kind === 'az' ? azHit(place, entry.place!) : 'out';
          const st: ResourceState = h === 'in' ? { s: 'down', path: [step(w)] } : h === 'maybe' ? { s: 'maybe', path: [step(w)], reason: place.by === 'unknown' ? place.reason : `cannot tell whether ${String(azLabelOf(az))} is ${d.label}` } : { s: 'up' };
          return { label: String(azLabelOf(az)), az, st };
        });
      }
      const down = slots.filter((x) => x.st.s === 'down');
      const maybe = slots.filter((x) => x.st.s === 'maybe');
      const up = slots.filter((x) => x.st.s === 'up');
      if (down.length === 0 && maybe.length === 0) return { state: 'unaffected', reasons: [`none of its AZs is ${d.label} or needs it`], rto: notAffected(), rpo: notAffected() };
      const shown = (down.length > 0 ? down : maybe)[0];
      const path = shown.e && shown.r ? [step(w), ...withRelation(shown.st.path ?? [step(shown.r)], shown.e)] : [step(w)];
      const tier = tiers.get(w.id);
      const required = tier ? computeRequirements(tier.requirements).minInstances : 1;
      const before = typeof g.props.minSize === 'number' ? g.props.minSize : undefined;
      if (up.length === 0 && maybe.length === 0) {
        return {
          state: 'down',
          reasons: [`every AZ it launches in is lost with ${d.label} (${down.map((x) => x.label).join(', ')})`],
          rto: table.rto('no-recovery', 'no AZ of the group left to launch in'),
          rpo: table.rpo('ec2-asg-replace'),
          path,
          ...(before !== undefined ? { capacity: { unit: 'instances', before, after: 0, required } } : {}),
        };
      }
      const azs = countDistinctAzs(slots.map((x) => x.az));
      const lostAzs = countDistinctAzs(down.map((x) => x.az));
      const doubts: string[] = [];
      if (maybe.length > 0) doubts.push(`cannot tell whether ${maybe.map((x) => x.label).join(', ')} survive: ${maybe[0].st.reason ?? 'unknown location'}`);
      if (azs.min !== azs.max) doubts.push(`it spans ${azs.min}–${azs.max} AZs`);
      if (before === undefined) doubts.push(`minimum size: ${isUnknown(g.props.minSize) ? g.props.minSize.reason : 'not set'}`);
      let after: number | [number, number] | undefined;
      if (before !== undefined && azs.min === azs.max && azs.max > 0) {
        const perAz = Math.ceil(before / azs.max);
        const worst = Math.max(0, before - perAz * Math.max(lostAzs.max, down.length > 0 ? 1 : 0) - (maybe.length > 0 ? perAz : 0));
        const best = Math.max(0, before - perAz * lostAzs.min);
        after = worst === best ? worst : [worst, best];
      }
      const capacity = before !== undefined && after !== undefined ? { capacity: { unit: 'instances', before, after, required } } : {};
      const worstAfter = after === undefined ? undefined : Array.isArray(after) ? after[0] : after;
      const reasons = [`${down.length} of ${slots.length} of its ${subnetEdges.length > 0 ? 'subnets' : 'AZs'} lost with ${d.label}${down.length ? ` (${down.map((x) => x.label).join(', ')})` : ''}`, ...doubts];
      if (worstAfter === undefined) return { state: 'unknown', reasons, rto: table.rto('ec2-asg-replace'), rpo: table.rpo('ec2-asg-replace'), path, ...capacity };
      if (worstAfter >= 1) {
        if (worstAfter < required) reasons.push(`${worstAfter} instance(s) left, below the tier's minimum of ${required} until EC2 Auto Scaling launches replacements (no documented time)`);
        const rto: RecoveryFigure = { ...table.rto('ec2-asg-replace', `≥ ${worstAfter} instance(s) keep serving in the AZs left; the group launches the others there`), seconds: 0 };
        return { state: 'degraded', reasons, rto, rpo: table.rpo('ec2-asg-replace'), path, ...capacity };
      }
      reasons.push(`no instance may be left until EC2 Auto Scaling launches new ones in the ${up.length} place(s) left`);
      return { state: 'down', reasons, rto: table.rto('ec2-asg-replace'), rpo: table.rpo('ec2-asg-replace'), path, ...capacity };
    }

    /** A Lambda function: outside a VPC not AZ-bound; in a VPC it serves while a subnet's AZ is left. */
    function evaluateFunction(f: Resource<'function'>): Evaluated {
      const w = f as AnyResource;
      const inVpc = f.props.inVpc;
      // Unknown placement: it may have no subnet left, so the Lambda figures (which assume one) do not apply.
      const noFigure = undetermined('whether a subnet of the function is left cannot be told');
      if (isUnknown(inVpc)) return { state: 'unknown', reasons: [`whether it is attached to a VPC: ${inVpc.reason}`], rto: noFigure, rpo: table.rpo('lambda-multi-az') };
      const lost = dependencyLoss(w, (e) => e.relation === 'in-subnet');
      if (lost) return lost;
      if (inVpc !== true) return { state: 'unaffected', reasons: ['not attached to a VPC: Lambda runs it in the AZs of the Region'], rto: notAffected(), rpo: notAffected() };
      const gap = f.unresolved.find((u) => u.edge === 'in-subnet');
      const subnetEdges = dependencies.dependenciesOf(w.id).filter((e) => e.relation === 'in-subnet' && graph.get(e.to)?.kind === 'network.subnet');
      if (gap || subnetEdges.length === 0) {
        return { state: 'unknown', reasons: [`cannot place it: ${gap ? gap.reason : 'its subnets are not in the scan'}`], rto: noFigure, rpo: table.rpo('lambda-multi-az') };
      }
      const subnets = subnetEdges.map((e) => ({ e, r: graph.get(e.to)!, st: stateOf(graph.get(e.to)!) }));
      const down = subnets.filter((x) => x.st.s === 'down');
      const maybe = subnets.filter((x) => x.st.s === 'maybe');
      const up = subnets.filter((x) => x.st.s === 'up');
      if (down.length === 0 && maybe.length === 0) return { state: 'unaffected', reasons: [`none of its subnets is in ${d.label} or needs it`], rto: notAffected(), rpo: notAffected() };
      const shown = (down.length > 0 ? down : maybe)[0];
      const path = [step(w), ...withRelation(shown.st.path ?? [step(shown.r)], shown.e)];
      const reasons = [`${down.length} of ${subnets.length} subnet(s) lost with ${d.label}${down.length ? ` (${down.map((x) => x.r.address).join(', ')})` : ''}`];
      if (up.length === 0 && maybe.length === 0) return { state: 'down', reasons: [...reasons, 'no subnet left to run in'], rto: table.rto('no-recovery', 'no subnet of the function left'), rpo: table.rpo('lambda-multi-az'), path };
      if (up.length === 0) return { state: 'unknown', reasons: [...reasons, `cannot tell whether ${maybe.map((x) => x.r.address).join(', ')} survive: ${maybe[0].st.reason ?? 'unknown location'}`], rto: noFigure, rpo: table.rpo('lambda-multi-az'), path };
      return { state: 'degraded', reasons: [...reasons, `it keeps running in the ${up.length} subnet(s) left`], rto: table.rto('lambda-multi-az'), rpo: table.rpo('lambda-multi-az'), path };
    }

    function backupRecovery(db: Resource<'db.instance'> | Resource<'db.cluster'>): { rto: RecoveryFigure; rpo: RecoveryFigure; reason: string } {
      const days = db.props.backupRetentionDays;
      if (days === 0) return { rto: table.rto('no-recovery', 'backups are off'), rpo: table.rpo('no-backups'), reason: 'backup retention 0: no point-in-time restore' };
      if (isUnknown(days)) return { rto: table.rto('pitr-restore'), rpo: { behaviour: 'pitr-restore', source: table.get('pitr-restore').source, note: `backup retention unknown (${days.reason}): backups may be off` }, reason: `backup retention: ${days.reason}` };
      return { rto: table.rto('pitr-restore'), rpo: table.rpo('pitr-restore'), reason: `restore from automated backups (retention ${days ?? 'not set: AWS default 1'} day(s))` };
    }

    function evaluateInstance(db: Resource<'db.instance'>): Evaluated {
      const lost = dependencyLoss(db as AnyResource, (e) => e.relation === 'in-subnet-group' || e.relation === 'in-subnet');
      if (lost) return lost;
      const multiAz = db.props.multiAz;
      const hit = ownHit(db as AnyResource)!;
      const where = places.get(db.id)?.reason ?? `${db.address} in ${d.label}`;
      if (multiAz === true) {
        if (hit === 'out') return { state: 'unaffected', reasons: [`its primary is not in ${d.label}; losing the standby does not interrupt it`], rto: notAffected(), rpo: notAffected() };
        return {
          state: 'degraded',
          reasons: [hit === 'in' ? `its primary is in ${d.label}: RDS fails over to the standby` : `its primary may be in ${d.label} (${where}): at worst RDS fails over to the standby`],
          rto: table.rto('rds-multi-az-instance-failover'),
          rpo: table.rpo('rds-multi-az-instance-failover'),
          path: [step(db as AnyResource)],
        };
      }
      if (hit === 'out') return { state: 'unaffected', reasons: [`it is not in ${d.label}`], rto: notAffected(), rpo: notAffected() };
      const backup = backupRecovery(db);
      if (isUnknown(multiAz)) {
        return { state: 'unknown', reasons: [`Multi-AZ unknown (${multiAz.reason})`, hit === 'in' ? `it is in ${d.label}` : where], rto: { behaviour: 'none', source: 'resilint', note: 'standby or not cannot be told' }, rpo: backup.rpo, path: [step(db as AnyResource)] };
      }
      return {
        state: hit === 'in' ? 'down' : 'unknown',
        reasons: [hit === 'in' ? `single-AZ instance in ${d.label}, no standby` : `single-AZ instance that may be in ${d.label} (${where})`, backup.reason],
        rto: backup.rto,
        rpo: backup.rpo,
        path: [step(db as AnyResource)],
        capacity: { unit: 'writers', before: 1, after: hit === 'in' ? 0 : [0, 1], required: 1 },
      };
    }

    function evaluateCluster(c: AnyResource): Evaluated {
      const cluster = c as Resource<'db.cluster'>;
      const lost = dependencyLoss(c, (e) => e.relation === 'member-of' || e.relation === 'in-subnet-group' || e.relation === 'in-subnet');
      if (lost) return lost;
      if (cluster.props.engineMode === 'serverless') {
        return { state: 'unknown', reasons: ['Aurora Serverless v1 places its capacity itself (no instances to simulate)'], rto: { behaviour: 'none', source: 'resilint', note: 'no figure for Serverless v1' }, rpo: table.rpo('aurora-storage') };
      }
      const engine = cluster.props.engine;
      // DocumentDB fails over like Aurora, with its own documented figures.
      const docdb = isDocDbEngine(engine);
      const fig = docdb
        ? ({ failover: 'docdb-replica-failover', recreate: 'docdb-instance-recreate', storage: 'docdb-storage', service: 'DocumentDB' } as const)
        : ({ failover: 'aurora-replica-failover', recreate: 'aurora-instance-recreate', storage: 'aurora-storage', service: 'Aurora' } as const);
      if (!isAuroraEngine(engine) && typeof cluster.props.dbClusterInstanceClass === 'string') {
        // A Multi-AZ DB cluster: a writer and two readable standbys, one per AZ.
        return { state: 'degraded', reasons: [`a Multi-AZ DB cluster keeps a writer and two standbys in three AZs; at worst the writer is in ${d.label}`], rto: table.rto('rds-multi-az-cluster-failover'), rpo: table.rpo('rds-multi-az-cluster-failover'), path: [step(c)] };
      }
      const memberEdges = dependencies.dependenciesOf(c.id).filter((e) => e.relation === 'member-of' && graph.get(e.to)?.kind === 'db.instance');
      if (memberEdges.length === 0) {
        return { state: 'unknown', reasons: ['no member instance in the scan: where its writer runs is unknown'], rto: { behaviour: 'none', source: 'resilint', note: 'no member to place' }, rpo: table.rpo(fig.storage), path: [step(c)] };
      }
      const members = memberEdges.map((e) => ({ e, r: graph.get(e.to)!, st: stateOf(graph.get(e.to)!) }));
      const up = members.filter((m) => m.st.s === 'up');
      const down = members.filter((m) => m.st.s === 'down');
      const maybe = members.filter((m) => m.st.s === 'maybe');
      // Readers that Aurora Auto Scaling keeps are not in the configuration; AWS places them, so each may be in any AZ.
      const scaling = readerScalingOf(cluster);
      const scaled = scaling.min ?? 0;
      if (scaled > 0 || scaling.doubt) {
        for (let i = 0; i < Math.max(scaled, 1); i++) {
          maybe.push({ e: memberEdges[0], r: members[0].r, st: { s: 'maybe', reason: scaling.doubt ? scaling.doubt.reason : `a reader kept by Aurora Auto Scaling (min ${scaled}) in an AZ AWS chooses` } });
        }
      }
      const capacity = { unit: 'instances', before: members.length + scaled, after: (maybe.length ? [up.length, up.length + maybe.length] : up.length) as number | [number, number], required: 1 };
      if (down.length === 0 && maybe.length === 0) return { state: 'unaffected', reasons: [`none of its ${members.length} instance(s) is in ${d.label}`], rto: notAffected(), rpo: notAffected(), capacity };
      const path = [step(c), ...withRelation((down[0] ?? maybe[0]).st.path ?? [step((down[0] ?? maybe[0]).r)], (down[0] ?? maybe[0]).e)];
      const lostText = `${down.length} of ${members.length} instance(s) lost with ${d.label}${maybe.length ? `, ${maybe.length} may be (${maybe[0].st.reason ?? 'AZ unknown'})` : ''}`;
      if (up.length > 0) {
        // The writer may be among the lost: at worst a replica left is promoted.
        return { state: 'degraded', reasons: [lostText, `${up.length} instance(s) left in other AZs: a replica is promoted if the writer was lost`], rto: table.rto(fig.failover), rpo: table.rpo(fig.storage), path, capacity };
      }
      if (maybe.length > 0) {
        const worst = table.rto(fig.recreate);
        delete worst.seconds;
        worst.note = `if an instance is left in another AZ, a replica is promoted (${table.get(fig.failover).rtoSeconds ?? '?'} s); if none is, no figure while the AZ is out`;
        return {
          state: 'unknown',
          reasons: [lostText, `if none is left in another AZ, the cluster takes no writes until ${fig.service} creates a new primary; if one is, a replica is promoted`],
          rto: worst,
          rpo: table.rpo(fig.storage),
          path,
          capacity,
        };
      }
      // AWS documents the recreation time after an instance failure, not where the new primary goes while its AZ is out.
      const recreate = table.rto(fig.recreate);
      delete recreate.seconds;
      const after = table.get(fig.recreate).rtoSeconds;
      recreate.note = `no instance left in another AZ: ${fig.service} attempts to create a new primary, and AWS gives no figure for doing so while the AZ is out${after === undefined ? '' : ` (${after} s is for an instance failure)`}`;
      return { state: 'down', reasons: [lostText, `no instance left in another AZ: the cluster takes no writes until ${fig.service} creates a new primary`], rto: recreate, rpo: table.rpo(fig.storage), path, capacity };
    }

    /** What src/analysis/failure-efs.ts needs of this simulation. */
    const fileSystemContext: FileSystemContext = {
      label: d.label,
      ownHit: (r) => ownHit(r),
      placeReason: (r) => places.get(r.id)?.reason,
      dependencyLoss: (w, skip) => dependencyLoss(w, skip),
      dependenciesOf: (id) => dependencies.dependenciesOf(id),
      get: (id) => graph.get(id),
      step: (r, relation) => step(r, relation),
      table,
      notAffected,
    };

    /** What src/analysis/failure-cache.ts needs of this simulation. */
    const cacheContext: CacheContext = {
      label: d.label,
      azHit: (az, r) => (d.kind === 'region' ? regionHit(r) : azHit(placeOf(az, undefined, r), entry.place!)),
      ownHit: (r) => ownHit(r),
      placeReason: (r) => places.get(r.id)?.reason,
      dependencyLoss: (w, skip) => dependencyLoss(w, skip),
      dependenciesOf: (id) => dependencies.dependenciesOf(id),
      get: (id) => graph.get(id),
      step: (r, relation) => step(r, relation),
      table,
      notAffected,
    };

    /** A DynamoDB table in an AZ failure: Regional, it stays up unless something it is declared to need is lost. */
    function evaluateTable(w: AnyResource): Evaluated {
      const lost = dependencyLoss(w, () => false);
      if (lost) return lost;
      return { state: 'unaffected', reasons: ['DynamoDB is a Regional service: the loss of one AZ does not take the table down'], rto: table.rto('dynamodb-regional'), rpo: table.rpo('dynamodb-regional') };
    }

    function evaluateRegion(w: AnyResource): Evaluated {
      const hit = regionHit(w);
      if (hit === 'out') {
        // In another Region, but what it needs may be here (a declared dependency).
        const lost = dependencyLoss(w, (e) => e.relation === 'member-of' || e.relation === 'in-subnet-group' || e.relation === 'in-subnet' || e.relation === 'runs-in');
        if (lost) return lost;
      }
      if (hit === 'out') return { state: 'unaffected', reasons: [`it is not in ${d.label}`], rto: notAffected(), rpo: notAffected(), drApproach: 'none' };
      const dr = drApproach(w);
      const stateless = STATELESS_KINDS.has(w.kind);
      const reasons = [hit === 'in' ? `it runs in ${d.label}` : `it may run in ${d.label} (its Region is not known)`, dr.reason];
      if (dr.approach === 'none') {
        // A stateless service can be deployed again in another Region from its configuration (no documented time);
        // data with no copy outside the Region cannot be brought back until the Region is.
        const rto = stateless
          ? { behaviour: 'none', source: 'resilint: no deployment in another Region in the scan', note: 'a new deployment in another Region from its configuration: no documented time' }
          : table.rto('no-recovery', 'no copy in another Region in the scan');
        return { state: hit === 'in' ? 'down' : 'unknown', reasons, rto, rpo: stateless ? table.rpo('stateless') : table.rpo('no-recovery', 'no copy of its data outside the Region in the scan'), path: [step(w)], drApproach: 'none' };
      }
      if (dr.approach === 'backup-copy' && dr.copy) {
        // RPO: what was written since the last copy left the Region (schedule gap + copy time, which AWS does not document); RTO: a restore there.
        const gap = Math.round(dr.copy.gapHours * 3600);
        const rpo = table.rpo('cross-region-backup-copy', `${dr.copy.plan.address} rule ${dr.copy.rule} copies at least every ${dr.copy.gapHours} h: at least ${gap} s of writes lost, plus the copy time`);
        const rto = table.rto('dr-backup-restore', `a restore from the copy in ${dr.copy.region}`);
        return { state: hit === 'in' ? 'down' : 'unknown', reasons, rto, rpo: stateless ? table.rpo('stateless') : rpo, rpoLo: gap, path: [step(w)], drApproach: 'backup-copy' };
      }
      if (dr.approach === 'unknown') {
        return { state: 'unknown', reasons, rto: { behaviour: 'none', source: 'resilint', note: dr.reason }, rpo: stateless ? table.rpo('stateless') : { behaviour: 'none', source: 'resilint', note: dr.reason }, path: [step(w)], drApproach: 'unknown' };
      }
      return { state: hit === 'in' ? 'down' : 'unknown', reasons, rto: table.rto(dr.behaviour!), rpo: stateless ? table.rpo('stateless') : table.rpo(dr.behaviour!), path: [step(w)], drApproach: dr.approach };
    }

    /** A database with no replica elsewhere: an AWS Backup copy out of its Region is its DR ("backup copy"), else none, or unknown. */
    function backupCopyApproach(w: AnyResource, none: string): { approach: DrApproach; reason: string; copy?: BackupCopyFound } {
      const { found, doubts } = crossRegionCopyOf(w, graph);
      if (found) return { approach: 'backup-copy', reason: `AWS Backup plan ${found.plan.address} (rule ${found.rule}) copies its backups to ${found.region}`, copy: found };
      if (doubts.length) return { approach: 'unknown', reason: `${none}; whether an AWS Backup copy leaves the Region: ${doubts.join('; ')}` };
      return { approach: 'none', reason: none };
    }

    function drApproach(w: AnyResource): { approach: DrApproach; behaviour?: 'aurora-global-failover' | 'dr-warm-standby' | 'dr-pilot-light' | 'dynamodb-global-table'; reason: string; copy?: BackupCopyFound } {
      if (w.kind === 'db.table') {
        const replicas = w.props.replicas;
        if (isUnknown(replicas)) return { approach: 'unknown', reason: `global table replicas unknown: ${replicas.reason}` };
        const list = replicas ?? [];
        const own = w.provenance.region;
        const regions = list.map((x) => x.region).filter((x): x is string => typeof x === 'string');
        // With the own Region among the list (a CloudFormation GlobalTable of unknown Region), a copy elsewhere needs two Regions.
        const elsewhere = w.props.replicasIncludeOwn ? (new Set(regions).size >= 2 ? regions.filter((x) => x !== own) : []) : regions.filter((x) => x !== own);
        if (elsewhere.length > 0) return { approach: 'active-active', behaviour: 'dynamodb-global-table', reason: `global table replica in ${elsewhere[0]}` };
        const doubt = list.find((x) => isUnknown(x.region));
        if (doubt && isUnknown(doubt.region)) return { approach: 'unknown', reason: `a global table replica whose Region is not known: ${doubt.region.reason}` };
        return { approach: 'none', reason: 'not a global table: no replica in another Region in the scan' };
      }
      if (w.kind === 'db.cluster') {
        const globals = dependencies.dependenciesOf(w.id).filter((e) => e.relation === 'member-of' && graph.get(e.to)?.kind === 'db.global-cluster');
        if (globals.length === 0) {
          const gid = w.props.globalClusterIdentifier;
          if (isUnknown(gid)) return { approach: 'unknown', reason: `Aurora Global Database membership unknown: ${gid.reason}` };
          if (typeof gid === 'string') return { approach: 'unknown', reason: `member of global cluster "${gid}", which is not in the scan: its other Regions are unknown` };
          return backupCopyApproach(w, 'no Aurora Global Database, cross-Region replica or backup copy found in the scan');
        }
        const others = dependencies
          .dependentsOf(globals[0].to)
          .map((e) => graph.get(e.from))
          .filter((r): r is AnyResource => r !== undefined && r.kind === 'db.cluster' && r.id !== w.id);
        // The global cluster's own edge to its members runs from it; members are its dependencies.
        const peers = dependencies
          .dependenciesOf(globals[0].to)
          .map((e) => graph.get(e.to))
          .filter((r): r is AnyResource => r !== undefined && r.kind === 'db.cluster' && r.id !== w.id);
        const secondaries = [...new Map([...others, ...peers].map((r) => [r.id, r])).values()];
        const elsewhere = secondaries.filter((r) => r.provenance.region && w.provenance.region && r.provenance.region !== w.provenance.region);
        const undetermined = secondaries.filter((r) => !r.provenance.region || !w.provenance.region);
        if (elsewhere.length > 0) {
          const headless = elsewhere.every((r) => dependencies.dependenciesOf(r.id).every((e) => !(e.relation === 'member-of' && graph.get(e.to)?.kind === 'db.instance')));
          return headless
            ? { approach: 'pilot-light', behaviour: 'dr-pilot-light', reason: `Aurora Global Database secondary ${elsewhere[0].address} (${elsewhere[0].provenance.region}) has no instance in the scan (headless): an instance must be added before it can take writes` }
            : { approach: 'warm-standby', behaviour: 'aurora-global-failover', reason: `Aurora Global Database secondary ${elsewhere[0].address} in ${elsewhere[0].provenance.region}` };
        }
        if (undetermined.length > 0) return { approach: 'unknown', reason: `Aurora Global Database with ${undetermined.map((r) => r.address).join(', ')}, whose Region relative to this cluster is not known offline` };
        return { approach: 'none', reason: 'member of an Aurora Global Database with no secondary cluster in another Region in the scan' };
      }
      if (w.kind === 'db.instance') {
        const replicas = graph.incoming(w.id, 'replica-of').map((e) => graph.get(e.from)).filter((r): r is AnyResource => r !== undefined);
        const elsewhere = replicas.filter((r) => r.provenance.region && w.provenance.region && r.provenance.region !== w.provenance.region);
        if (elsewhere.length > 0) return { approach: 'warm-standby', behaviour: 'dr-warm-standby', reason: `cross-Region read replica ${elsewhere[0].address} in ${elsewhere[0].provenance.region}` };
        if (replicas.some((r) => !r.provenance.region || !w.provenance.region)) return { approach: 'unknown', reason: `read replica ${replicas[0].address}, whose Region is not known offline` };
        return backupCopyApproach(w, 'no cross-Region replica or backup copy found in the scan');
      }
      return { approach: 'none', reason: 'no deployment of it in another Region found in the scan' };
    }

    for (const w of workloads) {
      const ev = evaluate(w);
      // A domain of another Region that leaves the workload untouched is not listed (no noise in the matrix).
      if (ev.state === 'unaffected' && d.region && w.provenance.region && d.region !== w.provenance.region) continue;
      const tier = tiers.get(w.id);
      const reqs = tier?.requirements;
      const targets = d.kind === 'region' ? (reqs?.region ?? DR_REGION_TARGETS) : reqs ? { rtoMinutes: reqs.rtoMinutes, rpoMinutes: reqs.rpoMinutes } : undefined;
      const target: WorkloadImpact['target'] = { tier: tier?.tier ?? policy.defaultTier };
      if (targets) {
        target.rtoSeconds = targets.rtoMinutes * 60;
        target.rpoSeconds = targets.rpoMinutes * 60;
      }
      let rtoVerdict = judge(ev.rto, target.rtoSeconds, ev.rtoLo);
      // A lower bound above the target breaches it even where the figure itself is not known.
      let rpoVerdict = ev.rpo.seconds === undefined && ev.rpoLo !== undefined && target.rpoSeconds !== undefined && ev.rpoLo > target.rpoSeconds ? 'breached' : judge(ev.rpo, target.rpoSeconds);
      const reasons = [...ev.reasons];
      if (tier?.undecided && (rtoVerdict === 'met' || rpoVerdict === 'met')) {
        // The tier shown is a floor: meeting its targets says nothing about a higher one.
        if (rtoVerdict === 'met') rtoVerdict = 'unknown';
        if (rpoVerdict === 'met') rpoVerdict = 'unknown';
        reasons.push(`its tier is a floor (${tier.undecided}): the targets of a higher tier may apply`);
      }
      const impact: WorkloadImpact = { workload: w.id, domain: d.id, state: ev.state, reasons, rto: ev.rto, rpo: ev.rpo, target, rtoVerdict, rpoVerdict };
      if (ev.capacity) impact.capacity = ev.capacity;
      if (ev.path && ev.path.length > 1) impact.path = ev.path;
      if (ev.drApproach) impact.drApproach = ev.drApproach;
      impacts.push(impact);
      const summary = summaries.get(w.id)!;
      const brief = { domain: d.id, state: ev.state, rtoVerdict, rpoVerdict };
      if (d.kind === 'az') {
        if (!summary.worstAz || worse(brief, summary.worstAz)) summary.worstAz = brief;
      } else if (!summary.region || worse(brief, summary.region)) {
        summary.region = { ...brief, drApproach: ev.drApproach ?? 'none' };
      }
    }
  }

  const singlePoints = findSinglePoints(graph, dependencies, workloads, (c) => readerScalingOf(c), (id) => tiers.get(id)?.tier ?? policy.defaultTier, new Set(o.spofTiers ?? Object.keys(policy.tiers)));
  return { domains: domains.map((e) => e.domain), workloads: [...summaries.values()], impacts, assumptions: table.assumptions(), notes, singlePoints };
}

function worse(a: { state: WorkloadState; rtoVerdict: TargetVerdict; rpoVerdict: TargetVerdict }, b: { state: WorkloadState; rtoVerdict: TargetVerdict; rpoVerdict: TargetVerdict }): boolean {
  const va = Math.max(VERDICT_RANK[a.rtoVerdict], VERDICT_RANK[a.rpoVerdict]);
  const vb = Math.max(VERDICT_RANK[b.rtoVerdict], VERDICT_RANK[b.rpoVerdict]);
  if (va !== vb) return va > vb;
  return STATE_RANK[a.state] > STATE_RANK[b.state];
}

export interface FailureIndex {
  impactsOf(workload: string): readonly WorkloadImpact[];
  summaryOf(workload: string): WorkloadSummary | undefined;
  domain(id: string): FailureDomain | undefined;
  singlePointOf(resource: string): SinglePointOfFailure | undefined;
}

const indexes = new WeakMap<FailureDomainsResult, FailureIndex>();

/** Per-workload access to a simulation result, built once per result (rules read it for each resource). */
export function failureIndex(r: FailureDomainsResult): FailureIndex {
  let ix = indexes.get(r);
  if (ix) return ix;
  const impacts = new Map<string, WorkloadImpact[]>();
  for (const i of r.impacts) {
    const list = impacts.get(i.workload);
    if (list) list.push(i);
    else impacts.set(i.workload, [i]);
  }
  const summaries = new Map(r.workloads.map((w) => [w.id, w]));
  const domains = new Map(r.domains.map((d) => [d.id, d]));
  const spofs = new Map((r.singlePoints ?? []).map((s) => [s.resource, s]));
  ix = {
    impactsOf: (w) => impacts.get(w) ?? [],
    summaryOf: (w) => summaries.get(w),
    domain: (id) => domains.get(id),
    singlePointOf: (id) => spofs.get(id),
  };
  indexes.set(r, ix);
  return ix;
}
