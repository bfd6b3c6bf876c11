import type { JSONSchemaType } from 'ajv';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import type { AnyResource, Resource } from '../src/graph/types.js';
import { azIdentitiesOf, azIdentityOf, azLabel, compareAz, countDistinctAzs, isAzIdentity } from '../src/analysis/az.js';
import { clusterMembers, clusterMembership, isAuroraEngine, readerScaling } from '../src/analysis/db-cluster.js';
import { isSymbolicAzList } from '../src/graph/az.js';
import { isUnknown, Unknown } from '../src/graph/values.js';

interface Options {
  unpinnedMembers: 'spread' | 'unknown';
  ignoreReadReplicas: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    unpinnedMembers: {
      type: 'string',
      enum: ['spread', 'unknown'],
      default: 'spread',
      description:
        "How to count Aurora instances without availability_zone. 'spread': RDS places them in the cluster's AZs (its availability_zones, else its DB subnet group's subnets), so they count as one more AZ each as long as such AZs remain. 'unknown': only pinned AZs count; when they are not enough the result is unknown.",
    },
    ignoreReadReplicas: {
      type: 'boolean',
      default: false,
      description:
        'Skip standalone RDS read replicas (replicate_source_db set). By default a replica is judged like any database of its tier: if it serves reads, a single-AZ replica is itself a SPOF.',
    },
  },
  required: ['unpinnedMembers', 'ignoreReadReplicas'],
};

const messages = {
  instanceMultiAz: '{{name}} is a Multi-AZ RDS instance (primary and standby in 2 AZs); tier {{tier}} requires Multi-AZ over ≥ {{minAzs}} AZs',
  instanceSingleAz: '{{name}} is a single-AZ RDS instance ({{actual}}): losing its AZ stops the database; tier {{tier}} requires Multi-AZ (expected {{expected}})',
  instanceTooFewAzs:
    '{{name}} is a Multi-AZ RDS instance, which spans 2 AZs; tier {{tier}} requires ≥ {{minAzs}} AZs: use an Aurora cluster or a Multi-AZ DB cluster (3 AZs)',
  instanceUnknown: '{{name}}: cannot tell whether the RDS instance is Multi-AZ: {{reason}}',
  multiAzDbCluster: '{{name}} is a Multi-AZ DB cluster ({{instanceClass}}): one writer and two readers in 3 AZs; tier {{tier}} requires ≥ {{minAzs}} AZs',
  clusterMultiAz: '{{name}} has {{count}} instances in {{azCount}} AZs ({{azs}}); tier {{tier}} requires ≥ 2 instances in ≥ {{minAzs}} AZs',
  clusterSingleInstance:
    '{{name}} has {{count}} instance(s) ({{members}}): a single instance is a SPOF, failover needs a replica in another AZ; tier {{tier}} requires ≥ 2 instances in ≥ {{minAzs}} AZs',
  clusterTooFewAzs: '{{name}}: its {{count}} instances cover {{azCount}} AZ(s) ({{azs}}); tier {{tier}} requires ≥ {{minAzs}} AZs{{detail}}',
  serverlessV1:
    '{{name}} is Aurora Serverless v1 (engine mode serverless): its capacity lives in one AZ and is recreated elsewhere only after a failure; tier {{tier}} requires ≥ {{minAzs}} AZs',
  clusterUnknown: '{{name}}: cannot tell whether the cluster covers ≥ {{minAzs}} AZs: {{reason}}',
  memberWithoutCluster:
    "{{name}} is an Aurora cluster member: its availability is its cluster's (≥ 2 instances in ≥ {{minAzs}} AZs), never its own Multi-AZ setting, and its cluster cannot be judged: {{reason}}",
};
type MessageId = keyof typeof messages;
type Ctx = RuleContext<Options, MessageId>;

/** Instances of this class of deployment always span exactly this many AZs (AWS architecture, not policy). */
const MULTI_AZ_INSTANCE_AZS = 2;
const MULTI_AZ_DB_CLUSTER_AZS = 3;

function attributeName(r: AnyResource, prop: string, fallback: string): string {
  return (r.propOrigins as Record<string, { attribute: string } | undefined>)[prop]?.attribute ?? fallback;
}

/** AZs RDS may place members without an AZ in: the cluster's availability_zones, else its subnets' AZs. */
interface AzPool {
  /** AZ values as the graph holds them (names, symbolic AZs, other Unknowns). */
  values: unknown[];
  from: string;
  /** Why some entries are not AZ identities (they can only widen the bounds). */
  doubts: string[];
}

function azPool(cluster: Resource<'db.cluster'>, graph: ResourceGraph): AzPool | Unknown | undefined {
  // Live clusters' AZs carry their IDs (comparable with subnets and members of other accounts); IaC names stay names.
  const declared: unknown = azIdentitiesOf(cluster as AnyResource, 'availabilityZones');
  const from = attributeName(cluster as AnyResource, 'availabilityZones', 'availability zones');
  // A whole AZ list of known length (e.g. slice(data.aws_availability_zones...names, 0, 3)): its elements.
  if (isSymbolicAzList(declared) && declared.origin.length !== undefined) {
    return { values: Array.from({ length: declared.origin.length }, (_, i) => declared.at(i)), from, doubts: [] };
  }
  if (isUnknown(declared)) return declared;
  if (Array.isArray(declared) && declared.length > 0) {
    const doubts = declared.filter((az) => !isAzIdentity(az)).map((az) => `an entry of ${from}: ${azLabel(az)}`);
    return { values: declared, from, doubts };
  }
  const subnets = graph.targets(cluster, 'in-subnet', 'network.subnet');
  if (isUnknown(subnets)) return new Unknown(`its subnets: ${subnets.reason}`);
  if (subnets.length === 0) return undefined;
  const doubts: string[] = [];
  const values = subnets.map((s) => {
    const az = azIdentityOf(s as AnyResource);
    if (az === undefined) doubts.push(`subnet ${s.address} does not set its availability zone`);
    else if (!isAzIdentity(az)) doubts.push(`AZ of subnet ${s.address}: ${(az as Unknown).reason}`);
    return az ?? new Unknown(`subnet ${s.address} does not set its availability zone`);
  });
  return { values, from: 'DB subnet group subnets', doubts };
}

function checkInstance(db: Resource<'db.instance'>, ctx: Ctx): void {
  const minAzs = ctx.tier.requirements.db.minAzs;
  const membership = clusterMembership(db, ctx.graph);
  if (membership.member) {
    // Judged through its cluster; without it, this member's availability cannot be told (never its own Multi-AZ flag).
    if (!membership.cluster) {
      ctx.unknown('memberWithoutCluster', { reason: membership.reason, minAzs }, { prop: membership.prop, evidence: { expected: { instances: 2, azs: minAzs }, actual: { cluster: null } } });
    }
    return;
  }
  if (db.props.replicateSourceDb !== undefined && ctx.options.ignoreReadReplicas) return;
  const attr = attributeName(db as AnyResource, 'multiAz', 'multi_az');
  const expected = { multiAz: true, minAzs };
  const multiAz = db.props.multiAz;
  if (isUnknown(multiAz)) {
    ctx.unknown('instanceUnknown', { reason: multiAz.reason, minAzs }, { prop: 'multiAz', evidence: { expected, actual: multiAz } });
  } else if (multiAz !== true) {
    const actual = multiAz === undefined ? 'Multi-AZ not set: AWS default is single-AZ' : `${attr} = false`;
    ctx.fail('instanceSingleAz', { actual, expected: `${attr} = true`, minAzs }, { prop: 'multiAz', evidence: { expected, actual: multiAz ?? null } });
  } else if (minAzs > MULTI_AZ_INSTANCE_AZS) {
    ctx.fail('instanceTooFewAzs', { minAzs }, { prop: 'multiAz', evidence: { expected, actual: { multiAz: true, azs: MULTI_AZ_INSTANCE_AZS } } });
  } else {
    ctx.pass('instanceMultiAz', { minAzs }, { prop: 'multiAz', evidence: { expected, actual: { multiAz: true, azs: MULTI_AZ_INSTANCE_AZS } } });
  }
}

/** Distinct AZs the cluster's instances cover, as bounds, with what a report says about them. */
interface Spread {
  lo: number;
  hi: number;
  /** Readable AZs: `a, c pinned + 1 more of d (placed by RDS, from …)`. */
  text: string;
  /** Why lo < hi. */
  reasons: string[];
  /** For a failure: why no more AZs are possible. */
  detail: string;
  actual: Record<string, unknown>;
}

/**
 * Declared members: pinned AZs are counted by the shared helper (elements of
 * one AZ list are told apart); members without an AZ are placed by RDS in the
 * pool's AZs (option 'spread': as many new AZs as the pool surely has) or
 * count only as a possibility ('unknown'). Readers kept by Aurora Auto
 * Scaling are placed by Aurora in the pool's AZs, which ones configuration
 * does not tell: they can only raise the upper bound.
 */
function spreadOf(cluster: Resource<'db.cluster'>, members: Resource<'db.instance'>[], autoReaders: number, ctx: Ctx): Spread {
  // Members' AZs through the one identity function: by AZ ID where live resources carry it, by name for IaC.
  const azOf = new Map(members.map((m) => [m, azIdentityOf(m as AnyResource)]));
  const pinnedMembers = members.filter((m) => azOf.get(m) !== undefined);
  const pinnedValues = pinnedMembers.map((m) => azOf.get(m));
  const unpinned = members.filter((m) => azOf.get(m) === undefined);
  const pinned = countDistinctAzs(pinnedValues);
  const reasons = [
    ...pinnedMembers.filter((m) => !isAzIdentity(azOf.get(m))).map((m) => `AZ of ${m.address}: ${(azOf.get(m) as Unknown).reason}`),
    ...pinned.reasons,
  ];
  const pinnedText = pinned.labels.join(', ');
  const actual: Record<string, unknown> = { instances: members.length + autoReaders, azs: pinned.labels };
  if (autoReaders > 0) actual.autoScaledReaders = autoReaders;
  if (unpinned.length === 0 && autoReaders === 0) {
    return { lo: pinned.min, hi: pinned.max, text: pinnedText, reasons, detail: ': every instance pins its availability_zone', actual };
  }
  actual.unpinned = unpinned.length;
  const noAz = `${unpinned.length} instance(s) have no availability_zone (${unpinned.map((m) => m.address).sort().join(', ')})`;
  const pool = azPool(cluster, ctx.graph);
  const scaled = (where: string) => `${autoReaders} reader(s) kept by Aurora Auto Scaling are placed by Aurora in ${where}; which AZs is not known from configuration`;
  if (pool === undefined || isUnknown(pool)) {
    const why = pool === undefined ? "the cluster's AZs are unknown (no availability_zones, no subnets in the scan)" : `the cluster's AZs are unknown: ${pool.reason}`;
    if (unpinned.length > 0) reasons.push(`${noAz} and ${why}`);
    if (autoReaders > 0) reasons.push(`${scaled("the cluster's AZs")}${unpinned.length > 0 ? '' : ` (${why})`}`);
    return { lo: pinned.min, hi: pinned.max + unpinned.length + autoReaders, text: pinnedText || 'none', reasons, detail: '', actual };
  }
  const poolAzs = countDistinctAzs(pool.values);
  actual.placeableAzs = poolAzs.labels;
  // Pool AZs that are surely none of the pinned ones (and pairwise different): where RDS spreads unpinned members.
  const fresh: unknown[] = [];
  for (const g of poolAzs.groups) {
    if (pinnedValues.every((p) => compareAz(p, g) === 'different') && fresh.every((f) => compareAz(f, g) === 'different')) fresh.push(g);
  }
  // Pool AZs that may be none of the pinned ones: the most any instance placed by RDS or Aurora can add.
  const maybeNew = poolAzs.groups.filter((g) => !pinnedValues.some((p) => compareAz(p, g) === 'same'));
  const spread = ctx.options.unpinnedMembers === 'spread';
  const placed = spread ? Math.min(unpinned.length, fresh.length) : 0;
  const lo = pinned.min + placed;
  const hi = pinned.max + Math.min(unpinned.length + autoReaders, maybeNew.length);
  // AZs that are not identities are named by their doubts below; lists print only identities.
  const known = pool.doubts.length === 0;
  const poolText = known ? `${poolAzs.labels.join(', ')} (${pool.from})` : `the AZs of ${pool.from}`;
  const freshText = fresh.every(isAzIdentity) ? ` of ${fresh.map(azLabel).sort().join(', ')}` : '';
  const text = [pinnedText ? `${pinnedText} pinned` : '', placed ? `${placed} more${freshText} (placed by RDS, from ${pool.from})` : ''].filter(Boolean).join(' + ') || 'none';
  if (lo < hi) {
    if (unpinned.length > 0 && !spread) reasons.push(`${noAz} and option unpinnedMembers is 'unknown'; pinned AZs: ${pinnedText || 'none'}`);
    else if (unpinned.length > placed) reasons.push(`${noAz}; RDS places them in ${poolText}, of which ${fresh.length} surely differ from the pinned AZs and from each other`);
    if (autoReaders > 0) reasons.push(scaled(poolText));
    reasons.push(...pool.doubts, ...(known ? poolAzs.reasons : []));
  }
  const detail = unpinned.length > 0 ? `: ${noAz}, and RDS can place them only in ${poolText}` : `: Aurora can place its readers only in ${poolText}`;
  return { lo, hi, text, reasons: [...new Set(reasons)], detail, actual };
}

function checkCluster(cluster: Resource<'db.cluster'>, ctx: Ctx): void {
  const { graph } = ctx;
  const p = cluster.props;
  const minAzs = ctx.tier.requirements.db.minAzs;
  const expected = { instances: 2, azs: minAzs };

  // Non-Aurora Multi-AZ DB cluster: declared by instance class on the cluster, always writer + 2 readers over 3 AZs.
  if (p.dbClusterInstanceClass !== undefined && !isAuroraEngine(p.engine)) {
    const instanceClass = isUnknown(p.dbClusterInstanceClass) ? 'instance class unknown' : p.dbClusterInstanceClass;
    const evidence = { expected, actual: { instances: 3, azs: MULTI_AZ_DB_CLUSTER_AZS } };
    if (MULTI_AZ_DB_CLUSTER_AZS >= minAzs) ctx.pass('multiAzDbCluster', { instanceClass, minAzs }, { prop: 'dbClusterInstanceClass', evidence });
    else ctx.fail('clusterTooFewAzs', { count: 3, azCount: 3, azs: 'writer and two readers', minAzs, detail: '' }, { prop: 'dbClusterInstanceClass', evidence });
    return;
  }

  if (isUnknown(p.engineMode)) {
    ctx.unknown('clusterUnknown', { reason: `engine mode: ${p.engineMode.reason}`, minAzs }, { prop: 'engineMode', evidence: { expected, actual: p.engineMode } });
    return;
  }
  if (p.engineMode === 'serverless') {
    ctx.fail('serverlessV1', { minAzs }, { prop: 'engineMode', evidence: { expected, actual: { engineMode: 'serverless', azs: 1 } } });
    return;
  }

  const { members, maybe } = clusterMembers(cluster, graph);
  const scaling = readerScaling(cluster, graph);
  const memberAddresses = members.map((m) => m.address).sort();
  const related = [...memberAddresses, ...maybe.map((m) => m.address).sort(), ...scaling.targets.map((t) => t.address)];
  // Doubts that may add instances: they turn a failure into unknown, never a pass.
  const doubts: string[] = [];
  if (maybe.length > 0) doubts.push(`${maybe.length} instance(s) whose cluster could not be resolved may belong to it (${maybe.map((m) => m.address).sort().join(', ')})`);
  if (scaling.doubt) doubts.push(scaling.doubt.reason);
  // Auto scaling adds readers only to a cluster with a writer: with none declared, the writer may live outside the scan.
  if (members.length === 0 && scaling.min !== undefined && scaling.min > 0 && scaling.target) {
    doubts.push(`no instance is declared, yet Aurora Auto Scaling keeps ≥ ${scaling.min} reader(s) (${scaling.target.address}) once a writer exists: the writer may be managed outside the scan`);
  }
  const doubtAt = scaling.doubt?.target && maybe.length === 0 ? { locationOf: { resource: scaling.doubt.target as AnyResource, prop: 'minCapacity' } } : {};

  // Readers: the declared members but the writer, plus what auto scaling adds to reach its minimum
  // (its ReadReplicaCount counts every reader; it needs a writer to add any).
  const declaredReaders = Math.max(0, members.length - 1);
  const autoReaders = members.length > 0 && scaling.min !== undefined ? Math.max(0, scaling.min - declaredReaders) : 0;
  const count = members.length + autoReaders;
  const scaledText =
    scaling.min !== undefined && scaling.target
      ? ` (${members.length} declared; Aurora Auto Scaling keeps ≥ ${scaling.min} reader(s): ${attributeName(scaling.target as AnyResource, 'minCapacity', 'min_capacity')} = ${scaling.min} on ${scaling.target.address})`
      : '';

  if (count < 2) {
    const actual = { instances: count, ...(scaling.min !== undefined ? { minReaders: scaling.min } : {}) };
    if (doubts.length > 0) {
      ctx.unknown('clusterUnknown', { reason: `it has ${count} known instance(s); ${doubts.join('; ')}`, minAzs }, { ...doubtAt, evidence: { expected, actual, related } });
    } else {
      ctx.fail('clusterSingleInstance', { count: `${count}${scaledText}`, members: memberAddresses.length ? memberAddresses : 'none', minAzs }, { evidence: { expected, actual, related } });
    }
    return;
  }

  const s = spreadOf(cluster, members, autoReaders, ctx);
  const at = (actual: unknown) => ({ prop: 'availabilityZones', evidence: { expected, actual, related } });
  if (s.lo >= minAzs) {
    ctx.pass('clusterMultiAz', { count: `${count}${scaledText}`, azCount: s.lo, azs: s.text, minAzs }, at(s.actual));
  } else if (s.hi >= minAzs) {
    ctx.unknown('clusterUnknown', { reason: `${count} instances${scaledText} cover ${s.lo} to ${s.hi} AZs (${s.text}): ${[...s.reasons, ...doubts].join('; ')}`, minAzs }, at(s.actual));
  } else if (doubts.length > 0) {
    ctx.unknown('clusterUnknown', { reason: `${count} instances cover ${s.hi} AZ(s) (${s.text}); ${doubts.join('; ')}`, minAzs }, { ...at(s.actual), ...doubtAt });
  } else {
    ctx.fail('clusterTooFewAzs', { count: `${count}${scaledText}`, azCount: s.hi, azs: s.text, minAzs, detail: s.detail }, at(s.actual));
  }
}

export default defineRule({
  id: 'db-multi-az',
  meta: {
    title: 'Databases survive the loss of one availability zone',
    // A single-AZ database takes every service using it down with its AZ; restoring from backup cannot meet
    // the 15/30-minute RTO of critical/high. Medium does not require Multi-AZ by default; if a policy asks for it there, it is low.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['DB-MULTIAZ'],
    tierSettings: ['db.multiAz', 'db.minAzs'],
    rationale:
      'DB-MULTIAZ requires every critical and high database to survive the loss of an availability zone: an RDS instance with a Multi-AZ standby, or an Aurora cluster with instances in at least the tier\'s number of AZs (3 for the critical auth cluster). ' +
      'A single-AZ database is a SPOF: an AZ outage stops it, and restoring from a snapshot takes longer than the 15-minute (critical) or 30-minute (high) RTO. ' +
      'Aurora fails over in about a minute, but only to a replica that exists and sits in another AZ. ' +
      'Aurora instances are judged through their cluster (never by a Multi-AZ flag of their own); readers kept by Aurora Auto Scaling count as instances, but their AZs are not known from configuration; ' +
      'Amazon DocumentDB clusters (aws_docdb_cluster, AWS::DocDB::DBCluster) are built the same way (cluster storage over three AZs, failover to a replica instance) and are judged as Aurora clusters.',
    remediation: {
      terraform:
        'aws_db_instance: multi_az = true. aws_rds_cluster: add aws_rds_cluster_instance readers (count >= 2) and spread them over AZs, either by availability_zone on each instance or by a DB subnet group with subnets in >= 2 AZs. Reader auto scaling (aws_appautoscaling_target on rds:cluster:ReadReplicaCount) adds readers in AZs Aurora chooses: declare at least one reader in another AZ to vouch for the spread.',
      cloudformation:
        'AWS::RDS::DBInstance: MultiAZ: true. AWS::RDS::DBCluster: add AWS::RDS::DBInstance members with DBClusterIdentifier and distinct AvailabilityZone values.',
      console: 'RDS console → Databases → select the instance → Modify → Availability & durability: create a standby instance; for Aurora: Actions → Add reader, in another AZ.',
      cli: 'aws rds modify-db-instance --db-instance-identifier <id> --multi-az --apply-immediately; aws rds create-db-instance --db-cluster-identifier <cluster> --db-instance-identifier <reader> --engine <aurora-engine> --db-instance-class <class> --availability-zone <other-az>',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html',
    tags: ['resilience', 'database', 'spof'],
  },
  options,
  appliesTo: ['db.instance', 'db.cluster'],
  check(resource, ctx) {
    if (!ctx.tier.requirements.db.multiAz) return;
    const r = resource as AnyResource;
    if (r.kind === 'db.instance') checkInstance(r, ctx);
    else if (r.kind === 'db.cluster') checkCluster(r, ctx);
  },
});
