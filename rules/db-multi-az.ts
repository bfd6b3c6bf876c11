import type { JSONSchemaType } from 'ajv';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import type { AnyResource, Resource } from '../src/graph/types.js';
import { findUnknown, isUnknown, Unknown } from '../src/graph/values.js';

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
};
type MessageId = keyof typeof messages;
type Ctx = RuleContext<Options, MessageId>;

/** Instances of this class of deployment always span exactly this many AZs (AWS architecture, not policy). */
const MULTI_AZ_INSTANCE_AZS = 2;
const MULTI_AZ_DB_CLUSTER_AZS = 3;

function attributeName(r: AnyResource, prop: string, fallback: string): string {
  return (r.propOrigins as Record<string, { attribute: string } | undefined>)[prop]?.attribute ?? fallback;
}

/** True when the instance belongs to a cluster (then the cluster is judged, not the instance). */
function isClusterMember(db: Resource<'db.instance'>, graph: ResourceGraph): boolean {
  if (db.props.clusterIdentifier !== undefined) return true;
  const clusters = graph.targets(db, 'member-of');
  return isUnknown(clusters) || clusters.length > 0;
}

interface Membership {
  members: Resource<'db.instance'>[];
  /** Instances that belong to some cluster we cannot name: they may be members of this one. */
  maybe: Resource<'db.instance'>[];
}

function membersOf(cluster: Resource<'db.cluster'>, graph: ResourceGraph): Membership {
  const clusters = graph.ofKind('db.cluster');
  const names = (c: Resource<'db.cluster'>) => [c.id, ...(typeof c.props.identifier === 'string' ? [c.props.identifier] : [])];
  const ownNames = names(cluster);
  const knownNames = new Set(clusters.flatMap(names));
  const members = new Map<string, Resource<'db.instance'>>();
  for (const m of graph.sources(cluster, 'member-of', 'db.instance')) members.set(m.id, m);
  const maybe: Resource<'db.instance'>[] = [];
  for (const db of graph.ofKind('db.instance')) {
    if (members.has(db.id)) continue;
    const id = db.props.clusterIdentifier;
    const edges = graph.targets(db, 'member-of', 'db.cluster');
    if (typeof id === 'string' && ownNames.includes(id)) members.set(db.id, db);
    else if (Array.isArray(edges) && edges.length > 0) continue; // member of another, known cluster
    else if (isUnknown(id) || isUnknown(edges)) maybe.push(db);
    // A literal identifier matching no cluster in the graph may still name this one when its own identifier is unknown.
    else if (typeof id === 'string' && !knownNames.has(id) && isUnknown(cluster.props.identifier)) maybe.push(db);
  }
  return { members: [...members.values()], maybe };
}

/** AZs RDS may place unpinned members in: the cluster's availability_zones, else its subnets' AZs. */
function azPool(cluster: Resource<'db.cluster'>, graph: ResourceGraph): { azs: string[]; from: string } | Unknown | undefined {
  const declared = cluster.props.availabilityZones;
  if (isUnknown(declared)) return declared;
  if (declared && declared.length > 0) {
    const u = findUnknown(declared);
    if (u) return u;
    return { azs: [...new Set(declared)].sort(), from: attributeName(cluster as AnyResource, 'availabilityZones', 'availability zones') };
  }
  const subnets = graph.targets(cluster, 'in-subnet', 'network.subnet');
  if (isUnknown(subnets)) return new Unknown(`its subnets: ${subnets.reason}`);
  if (subnets.length === 0) return undefined;
  const azs = new Set<string>();
  for (const s of subnets) {
    const az = s.props.availabilityZone;
    if (isUnknown(az)) return new Unknown(`AZ of subnet ${s.address}: ${az.reason}`);
    if (az === undefined) return new Unknown(`subnet ${s.address} does not set its availability zone`);
    azs.add(az);
  }
  return { azs: [...azs].sort(), from: 'DB subnet group subnets' };
}

function checkInstance(db: Resource<'db.instance'>, ctx: Ctx): void {
  if (isClusterMember(db, ctx.graph)) return;
  if (db.props.replicateSourceDb !== undefined && ctx.options.ignoreReadReplicas) return;
  const minAzs = ctx.tier.requirements.db.minAzs;
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

function checkCluster(cluster: Resource<'db.cluster'>, ctx: Ctx): void {
  const { graph } = ctx;
  const p = cluster.props;
  const minAzs = ctx.tier.requirements.db.minAzs;
  const expected = { instances: 2, azs: minAzs };

  // Non-Aurora Multi-AZ DB cluster: declared by instance class on the cluster, always writer + 2 readers over 3 AZs.
  if (p.dbClusterInstanceClass !== undefined && !(typeof p.engine === 'string' && p.engine.startsWith('aurora'))) {
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

  const { members, maybe } = membersOf(cluster, graph);
  const memberAddresses = members.map((m) => m.address).sort();
  const related = [...memberAddresses, ...maybe.map((m) => m.address).sort()];
  const maybeReason = () =>
    `${maybe.length} instance(s) whose cluster could not be resolved may belong to it (${maybe.map((m) => m.address).sort().join(', ')})`;

  if (members.length < 2) {
    if (maybe.length > 0) {
      ctx.unknown('clusterUnknown', { reason: `it has ${members.length} known instance(s); ${maybeReason()}`, minAzs }, { evidence: { expected, actual: { instances: members.length }, related } });
    } else {
      ctx.fail('clusterSingleInstance', { count: members.length, members: memberAddresses.length ? memberAddresses : 'none', minAzs }, { evidence: { expected, actual: { instances: members.length }, related } });
    }
    return;
  }

  const unknownAz = members.filter((m) => isUnknown(m.props.availabilityZone));
  if (unknownAz.length > 0) {
    const reason = unknownAz.map((m) => `AZ of ${m.address}: ${(m.props.availabilityZone as Unknown).reason}`).join('; ');
    ctx.unknown('clusterUnknown', { reason, minAzs }, { prop: 'availabilityZones', evidence: { expected, actual: { instances: members.length }, related } });
    return;
  }

  const pinned = new Set(members.map((m) => m.props.availabilityZone).filter((az): az is string => typeof az === 'string'));
  const unpinned = members.filter((m) => m.props.availabilityZone === undefined);
  const pinnedList = [...pinned].sort();
  const at = (actual: unknown) => ({ prop: 'availabilityZones', evidence: { expected, actual, related } });

  if (pinned.size >= minAzs) {
    ctx.pass('clusterMultiAz', { count: members.length, azCount: pinned.size, azs: pinnedList, minAzs }, at({ instances: members.length, azs: pinnedList }));
    return;
  }
  const tooFew = (azCount: number, azs: string, detail: string, actual: unknown) => {
    if (maybe.length > 0) ctx.unknown('clusterUnknown', { reason: `${members.length} instances cover ${azCount} AZ(s) (${azs}); ${maybeReason()}`, minAzs }, at(actual));
    else ctx.fail('clusterTooFewAzs', { count: members.length, azCount, azs, minAzs, detail }, at(actual));
  };
  if (unpinned.length === 0) {
    tooFew(pinned.size, pinnedList.join(', '), ': every instance pins its availability_zone', { instances: members.length, azs: pinnedList });
    return;
  }

  const noAz = `${unpinned.length} instance(s) have no availability_zone (${unpinned.map((m) => m.address).sort().join(', ')})`;
  if (ctx.options.unpinnedMembers === 'unknown') {
    ctx.unknown('clusterUnknown', { reason: `${noAz} and option unpinnedMembers is 'unknown'; pinned AZs: ${pinnedList.join(', ') || 'none'}`, minAzs }, at({ instances: members.length, azs: pinnedList }));
    return;
  }
  const pool = azPool(cluster, graph);
  if (pool === undefined || isUnknown(pool)) {
    const why = pool === undefined ? "the cluster's AZs are unknown (no availability_zones, no subnets in the scan)" : `the cluster's AZs are unknown: ${pool.reason}`;
    ctx.unknown('clusterUnknown', { reason: `${noAz} and ${why}`, minAzs }, at({ instances: members.length, azs: pinnedList, unpinned: unpinned.length }));
    return;
  }
  const free = pool.azs.filter((az) => !pinned.has(az));
  const placed = Math.min(unpinned.length, free.length);
  const azCount = pinned.size + placed;
  const azs = [pinnedList.length ? `${pinnedList.join(', ')} pinned` : '', placed ? `${placed} more of ${free.join(', ')} (placed by RDS, from ${pool.from})` : '']
    .filter(Boolean)
    .join(' + ');
  const actual = { instances: members.length, azs: pinnedList, unpinned: unpinned.length, placeableAzs: pool.azs };
  if (azCount >= minAzs) {
    ctx.pass('clusterMultiAz', { count: members.length, azCount, azs, minAzs }, at(actual));
  } else {
    tooFew(azCount, azs || 'none', `: ${noAz}, and RDS can place them only in ${pool.azs.join(', ')} (${pool.from})`, actual);
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
    rationale:
      'DB-MULTIAZ requires every critical and high database to survive the loss of an availability zone: an RDS instance with a Multi-AZ standby, or an Aurora cluster with instances in at least the tier\'s number of AZs (3 for the critical auth cluster). ' +
      'A single-AZ database is a SPOF: an AZ outage stops it, and restoring from a snapshot takes longer than the 15-minute (critical) or 30-minute (high) RTO. ' +
      'Aurora fails over in about a minute, but only to a replica that exists and sits in another AZ.',
    remediation: {
      terraform:
        'aws_db_instance: multi_az = true. aws_rds_cluster: add aws_rds_cluster_instance readers (count >= 2) and spread them over AZs, either by availability_zone on each instance or by a DB subnet group with subnets in >= 2 AZs.',
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
