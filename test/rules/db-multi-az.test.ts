import rule from '../../rules/db-multi-az.js';
import { SymbolicAz, SymbolicAzList, type AzListOrigin } from '../../src/graph/az.js';
import type { PropsByKind, Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, policyWith, ruleTester, tier, type GraphFixture } from '../helpers/rule-tester.js';
import { DOCDB_CASES } from './docdb-cases.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';
const AZ_D = 'ap-northeast-1d';

/** An Aurora cluster at db.tf:1 with members at db.tf:40, 60, … (their AZs as given; `undefined` = not pinned). */
function aurora(
  g: GraphFixture,
  memberAzs: (string | Unknown | undefined)[],
  cluster: Partial<PropsByKind['db.cluster']> = {},
  clusterTier = 'critical',
  lines: Partial<Record<keyof PropsByKind['db.cluster'], number>> = {},
) {
  const c = g.add('db.cluster', 'aws_rds_cluster.orders', {
    file: 'db.tf',
    line: 1,
    props: { engine: 'aurora-postgresql', identifier: 'orders', ...cluster },
    lines,
    tags: tier(clusterTier),
  });
  memberAzs.forEach((az, i) => {
    const m = g.add('db.instance', `aws_rds_cluster_instance.orders[${i}]`, {
      file: 'db.tf',
      line: 40 + 20 * i,
      type: 'aws_rds_cluster_instance',
      props: { engine: 'aurora-postgresql', clusterIdentifier: 'aws_rds_cluster.orders', ...(az === undefined ? {} : { availabilityZone: az }) },
      // Members are judged through the cluster: their own tier (medium here) must not matter.
      tags: tier('medium'),
    });
    g.edge(m, 'member-of', c, { attribute: 'cluster_identifier' });
  });
  return c;
}

/** An Application Auto Scaling target on the cluster's reader count at scaling.tf:1 (min_capacity at line 4). */
function readerScaling(g: GraphFixture, cluster: Resource<'db.cluster'>, minCapacity: number | Unknown, spec: { module?: string[]; resolved?: boolean } = {}) {
  const t = g.add('autoscaling.target', 'aws_appautoscaling_target.read_replica', {
    file: 'scaling.tf',
    line: 1,
    props: { serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount', resourceId: 'cluster:orders', minCapacity },
    lines: { minCapacity: 4 },
    provenance: { modulePath: spec.module ?? [] },
  });
  if (spec.resolved === false) g.unresolved(t, 'scales', 'resource_id', 'var.cluster_id has no value');
  else g.edge(t, 'scales', cluster, { attribute: 'resource_id' });
  return t;
}

/** Subnets of the cluster's DB subnet group, one per AZ value. */
function subnetGroup(g: GraphFixture, cluster: Resource<'db.cluster'>, azs: (string | Unknown)[]) {
  azs.forEach((az, i) => {
    const s = g.add('network.subnet', `aws_subnet.database[${i}]`, { file: 'vpc.tf', props: { availabilityZone: az } });
    g.edge(cluster, 'in-subnet', s, { attribute: 'db_subnet_group_name' });
  });
}

const dataAzs: AzListOrigin = { key: 'data.aws_availability_zones.available@eu-west-1', label: 'data.aws_availability_zones.available', distinct: true, region: 'eu-west-1' };
const varAzs: AzListOrigin = { key: 'module.db.var.azs', label: 'var.azs', distinct: true };

function standalone(props: Partial<PropsByKind['db.instance']>, tierName = 'critical', multiAzLine = 7) {
  const g = graph();
  g.add('db.instance', 'aws_db_instance.billing', {
    file: 'rds.tf',
    line: 3,
    props: { engine: 'postgres', ...props },
    lines: { multiAz: multiAzLine },
    tags: tier(tierName),
  });
  return g.build();
}

const authOverride = policyWith({
  assignments: [{ match: { address: 'aws_rds_cluster.orders' }, tier: 'critical', requirements: { db: { minAzs: 3 } }, reason: 'auth cluster: 3 AZs' }],
});

ruleTester.run(rule, {
  pass: [
    ...(DOCDB_CASES['db-multi-az'].pass ?? []),
    {
      name: 'critical RDS instance with multi_az = true',
      graph: () => standalone({ multiAz: true }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'pass',
          messageId: 'instanceMultiAz',
          location: { file: 'rds.tf', line: 7 },
          message: ['billing is a Multi-AZ RDS instance', 'tier critical requires Multi-AZ over ≥ 2 AZs'],
          evidence: { attribute: 'multi_az', expected: { multiAz: true, minAzs: 2 } },
        },
      ],
    },
    {
      name: 'live RDS instance with Multi-AZ has no file location',
      graph: () => {
        const g = graph();
        g.add('db.instance', 'arn:aws:rds:ap-northeast-1:111122223333:db:billing', { live: true, name: 'billing', props: { multiAz: true }, tags: tier('high') });
        return g.build();
      },
      findings: [{ address: 'arn:aws:rds:ap-northeast-1:111122223333:db:billing', status: 'pass', messageId: 'instanceMultiAz', location: null }],
    },
    {
      name: 'Aurora cluster with two members pinned in two AZs (members judged through the cluster)',
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A, AZ_C]);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'pass',
          messageId: 'clusterMultiAz',
          // No availability_zones attribute: the cluster header.
          location: { file: 'db.tf', line: 1 },
          message: `orders has 2 instances in 2 AZs (${AZ_A}, ${AZ_C})`,
          evidence: { related: ['aws_rds_cluster_instance.orders[0]', 'aws_rds_cluster_instance.orders[1]'] },
        },
      ],
    },
    {
      name: "Aurora cluster: an unpinned member counts toward an AZ of the cluster's availability_zones",
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A, undefined], { availabilityZones: [AZ_A, AZ_C, AZ_D] }, 'high', { availabilityZones: 9 });
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'pass',
          messageId: 'clusterMultiAz',
          location: { file: 'db.tf', line: 9 },
          message: [`${AZ_A} pinned + 1 more of ${AZ_C}, ${AZ_D} (placed by RDS, from availability_zones)`, 'tier high'],
        },
      ],
    },
    {
      name: "Aurora cluster: unpinned members spread over the DB subnet group's subnets",
      graph: () => {
        const g = graph();
        const c = aurora(g, [undefined, undefined]);
        const a = g.add('network.subnet', 'aws_subnet.db_a', { props: { availabilityZone: AZ_A } });
        const b = g.add('network.subnet', 'aws_subnet.db_c', { props: { availabilityZone: AZ_C } });
        g.edge(c, 'in-subnet', a, { attribute: 'db_subnet_group_name' }).edge(c, 'in-subnet', b, { attribute: 'db_subnet_group_name' });
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'pass',
          messageId: 'clusterMultiAz',
          location: { file: 'db.tf', line: 1 },
          message: `2 more of ${AZ_A}, ${AZ_C} (placed by RDS, from DB subnet group subnets)`,
        },
      ],
    },
    {
      name: 'non-Aurora Multi-AZ DB cluster is Multi-AZ by construction',
      graph: () => {
        const g = graph();
        g.add('db.cluster', 'aws_rds_cluster.ledger', {
          file: 'ledger.tf',
          line: 1,
          props: { engine: 'postgres', dbClusterInstanceClass: 'db.m6gd.large' },
          lines: { dbClusterInstanceClass: 5 },
          tags: tier('critical'),
        });
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.ledger',
          status: 'pass',
          messageId: 'multiAzDbCluster',
          location: { file: 'ledger.tf', line: 5 },
          message: 'Multi-AZ DB cluster (db.m6gd.large): one writer and two readers in 3 AZs',
        },
      ],
    },
    {
      name: 'policy override minAzs 3: three members in three AZs pass',
      policy: authOverride,
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A, AZ_C, AZ_D]);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'clusterMultiAz', location: { file: 'db.tf', line: 1 }, message: 'requires ≥ 2 instances in ≥ 3 AZs' }],
    },
    {
      name: 'members in names[0] and names[1] of one data.aws_availability_zones list are two AZs',
      graph: () => {
        const g = graph();
        aurora(g, [new SymbolicAz(dataAzs, 0), new SymbolicAz(dataAzs, 1)]);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'pass',
          messageId: 'clusterMultiAz',
          location: { file: 'db.tf', line: 1 },
          message: 'orders has 2 instances in 2 AZs (AZ #1 of data.aws_availability_zones.available, AZ #2 of data.aws_availability_zones.available)',
        },
      ],
    },
    {
      name: 'unpinned members spread over subnets in elements of one AZ list',
      graph: () => {
        const g = graph();
        const c = aurora(g, [undefined, undefined]);
        subnetGroup(g, c, [new SymbolicAz(varAzs, 0), new SymbolicAz(varAzs, 1), new SymbolicAz(varAzs, 2)]);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'pass',
          messageId: 'clusterMultiAz',
          location: { file: 'db.tf', line: 1 },
          message: '2 more of AZ #1 of var.azs, AZ #2 of var.azs, AZ #3 of var.azs (placed by RDS, from DB subnet group subnets)',
        },
      ],
    },
    {
      name: "unpinned members placed in the cluster's availability_zones = slice(data.aws_availability_zones...names, 0, 3)",
      graph: () => {
        const g = graph();
        aurora(g, [undefined, undefined], { availabilityZones: new SymbolicAzList({ ...dataAzs, length: 3 }) as unknown as string[] }, 'critical', { availabilityZones: 6 });
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'pass',
          messageId: 'clusterMultiAz',
          location: { file: 'db.tf', line: 6 },
          message: '2 more of AZ #1 of data.aws_availability_zones.available, AZ #2 of data.aws_availability_zones.available, AZ #3 of data.aws_availability_zones.available (placed by RDS, from availability_zones)',
        },
      ],
    },
    {
      name: 'two declared members in two AZs plus reader auto scaling: readers counted as max(declared, min_capacity)',
      graph: () => {
        const g = graph();
        const c = aurora(g, [AZ_A, AZ_C]);
        readerScaling(g, c, 2);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'pass',
          messageId: 'clusterMultiAz',
          location: { file: 'db.tf', line: 1 },
          message: `orders has 3 (2 declared; Aurora Auto Scaling keeps ≥ 2 reader(s): min_capacity = 2 on aws_appautoscaling_target.read_replica) instances in 2 AZs (${AZ_A}, ${AZ_C})`,
          evidence: { actual: { instances: 3, autoScaledReaders: 1 }, related: ['aws_rds_cluster_instance.orders[0]', 'aws_rds_cluster_instance.orders[1]', 'aws_appautoscaling_target.read_replica'] },
        },
      ],
    },
  ],

  fail: [
    ...(DOCDB_CASES['db-multi-az'].fail ?? []),
    {
      name: "live: an instance whose cluster was not listed (a gap in another account) is not a possible member of this account's cluster",
      graph: () => {
        const g = graph();
        const B = { accountId: '222233334444', accountName: 'shop-prod', region: 'eu-west-1' };
        const c = g.add('db.cluster', 'arn:aws:rds:eu-west-1:222233334444:cluster:orders', { live: true, name: 'orders', props: { engine: 'aurora-postgresql', identifier: 'orders' }, tags: tier('critical'), provenance: B });
        const m = g.add('db.instance', 'arn:aws:rds:eu-west-1:222233334444:db:orders-1', { live: true, name: 'orders-1', props: { engine: 'aurora-postgresql', clusterIdentifier: c.id, availabilityZone: 'eu-west-1a' }, provenance: B });
        g.edge(m, 'member-of', c, { attribute: 'DBClusterIdentifier' });
        // Account A, same Region: rds:DescribeDBClusters was denied there, so its member's cluster is unresolved.
        g.add('db.instance', 'arn:aws:rds:eu-west-1:111122223333:db:ledger-1', {
          live: true,
          name: 'ledger-1',
          props: { engine: 'aurora-postgresql', clusterIdentifier: new Unknown('rds:DescribeDBClusters failed in 111122223333/eu-west-1') },
          provenance: { accountId: '111122223333', accountName: 'finance-prod', region: 'eu-west-1' },
        });
        return g.build();
      },
      findings: [
        { address: 'arn:aws:rds:eu-west-1:222233334444:cluster:orders', status: 'fail', messageId: 'clusterSingleInstance', location: null },
      ],
    },
    {
      name: 'critical RDS instance with multi_az = false',
      graph: () => standalone({ multiAz: false }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'fail',
          messageId: 'instanceSingleAz',
          severity: 'high',
          location: { file: 'rds.tf', line: 7 },
          message: ['billing is a single-AZ RDS instance (multi_az = false)', 'tier critical requires Multi-AZ (expected multi_az = true)'],
          evidence: { attribute: 'multi_az', expected: { multiAz: true, minAzs: 2 }, actual: false },
        },
      ],
    },
    {
      name: 'high RDS instance without multi_az: AWS default is single-AZ, located at the header',
      graph: () => standalone({}, 'high'),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'fail',
          messageId: 'instanceSingleAz',
          severity: 'high',
          location: { file: 'rds.tf', line: 3 },
          message: 'Multi-AZ not set: AWS default is single-AZ',
        },
      ],
    },
    {
      name: 'read replicas are judged like any database by default',
      graph: () => standalone({ multiAz: false, replicateSourceDb: 'aws_db_instance.primary' }),
      findings: [{ address: 'aws_db_instance.billing', status: 'fail', messageId: 'instanceSingleAz', location: { file: 'rds.tf', line: 7 } }],
    },
    {
      name: 'policy override: a medium database with db.multiAz required fails at low severity',
      graph: () => standalone({ multiAz: false }, 'medium'),
      policy: policyWith({ assignments: [{ match: { address: 'aws_db_instance.billing' }, tier: 'medium', requirements: { db: { multiAz: true } } }] }),
      findings: [{ address: 'aws_db_instance.billing', status: 'fail', messageId: 'instanceSingleAz', severity: 'low', location: { file: 'rds.tf', line: 7 }, message: 'tier medium requires Multi-AZ' }],
    },
    {
      name: 'policy override minAzs 3: a Multi-AZ instance spans only 2 AZs',
      graph: () => standalone({ multiAz: true }),
      policy: policyWith({ assignments: [{ match: { name: 'billing' }, tier: 'critical', requirements: { db: { minAzs: 3 } } }] }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'fail',
          messageId: 'instanceTooFewAzs',
          location: { file: 'rds.tf', line: 7 },
          message: 'spans 2 AZs; tier critical requires ≥ 3 AZs',
          evidence: { expected: { multiAz: true, minAzs: 3 }, actual: { multiAz: true, azs: 2 } },
        },
      ],
    },
    {
      name: 'Aurora cluster with a single instance is a SPOF',
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A]);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'fail',
          messageId: 'clusterSingleInstance',
          severity: 'high',
          location: { file: 'db.tf', line: 1 },
          message: ['orders has 1 instance(s) (aws_rds_cluster_instance.orders[0])', 'a single instance is a SPOF', 'requires ≥ 2 instances in ≥ 2 AZs'],
          evidence: { expected: { instances: 2, azs: 2 }, actual: { instances: 1 }, related: ['aws_rds_cluster_instance.orders[0]'] },
        },
      ],
    },
    {
      name: 'Aurora cluster with no instance at all',
      graph: () => {
        const g = graph();
        aurora(g, []);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'clusterSingleInstance', location: { file: 'db.tf', line: 1 }, message: 'has 0 instance(s) (none)' }],
    },
    {
      name: 'members found by literal cluster identifier (no edge) still count',
      graph: () => {
        const g = graph();
        g.add('db.cluster', 'aws_rds_cluster.orders', { file: 'db.tf', line: 1, props: { identifier: 'orders-prod' }, tags: tier('high') });
        g.add('db.instance', 'aws_rds_cluster_instance.one', { props: { clusterIdentifier: 'orders-prod', availabilityZone: AZ_A } });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'clusterSingleInstance', location: { file: 'db.tf', line: 1 }, message: '(aws_rds_cluster_instance.one)' }],
    },
    {
      name: 'Aurora cluster with every member pinned in the same AZ',
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A, AZ_A]);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'fail',
          messageId: 'clusterTooFewAzs',
          location: { file: 'db.tf', line: 1 },
          message: `its 2 instances cover 1 AZ(s) (${AZ_A}); tier critical requires ≥ 2 AZs: every instance pins its availability_zone`,
          evidence: { actual: { instances: 2, azs: [AZ_A] } },
        },
      ],
    },
    {
      name: 'unpinned members can only land in the single AZ the cluster allows',
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A, undefined], { availabilityZones: [AZ_A] }, 'critical', { availabilityZones: 6 });
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'fail',
          messageId: 'clusterTooFewAzs',
          location: { file: 'db.tf', line: 6 },
          message: ['cover 1 AZ(s)', `RDS can place them only in ${AZ_A} (availability_zones)`, 'aws_rds_cluster_instance.orders[1]'],
        },
      ],
    },
    {
      name: 'tier variation: two AZs pass for critical by default but fail the auth override (minAzs 3)',
      policy: authOverride,
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A, AZ_C]);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'clusterTooFewAzs', location: { file: 'db.tf', line: 1 }, message: `cover 2 AZ(s) (${AZ_A}, ${AZ_C}); tier critical requires ≥ 3 AZs` }],
    },
    {
      name: 'Aurora Serverless v1 runs in one AZ',
      graph: () => {
        const g = graph();
        aurora(g, [], { engineMode: 'serverless' }, 'high', { engineMode: 4 });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'serverlessV1', location: { file: 'db.tf', line: 4 }, message: 'tier high requires ≥ 2 AZs' }],
    },
    {
      name: 'reader auto scaling with min_capacity 0 keeps no reader: a single writer stays a SPOF',
      graph: () => {
        const g = graph();
        const c = aurora(g, [AZ_A]);
        readerScaling(g, c, 0);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'fail',
          messageId: 'clusterSingleInstance',
          location: { file: 'db.tf', line: 1 },
          message: ['orders has 1 (1 declared; Aurora Auto Scaling keeps ≥ 0 reader(s)', 'a single instance is a SPOF'],
          evidence: { actual: { instances: 1, minReaders: 0 } },
        },
      ],
    },
    {
      name: 'a reader kept by auto scaling can only land in the one AZ the cluster allows',
      graph: () => {
        const g = graph();
        const c = aurora(g, [AZ_A], { availabilityZones: [AZ_A] }, 'critical', { availabilityZones: 7 });
        readerScaling(g, c, 1);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'fail',
          messageId: 'clusterTooFewAzs',
          location: { file: 'db.tf', line: 7 },
          message: ['its 2 (1 declared; Aurora Auto Scaling keeps ≥ 1 reader(s)', `cover 1 AZ(s)`, `Aurora can place its readers only in ${AZ_A} (availability_zones)`],
        },
      ],
    },
    {
      name: 'two members in the same element of an AZ list are one AZ',
      graph: () => {
        const g = graph();
        aurora(g, [new SymbolicAz(dataAzs, 0), new SymbolicAz(dataAzs, 0)]);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'fail',
          messageId: 'clusterTooFewAzs',
          location: { file: 'db.tf', line: 1 },
          message: 'its 2 instances cover 1 AZ(s) (AZ #1 of data.aws_availability_zones.available)',
        },
      ],
    },
  ],

  unknown: [
    ...(DOCDB_CASES['db-multi-az'].unknown ?? []),
    {
      name: 'multi_az from an unresolved variable',
      graph: () => standalone({ multiAz: new Unknown('var.multi_az has no value') }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'unknown',
          messageId: 'instanceUnknown',
          location: { file: 'rds.tf', line: 7 },
          message: 'cannot tell whether the RDS instance is Multi-AZ: var.multi_az has no value',
        },
      ],
    },
    {
      name: "a member's availability_zone is unknown",
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A, new Unknown('var.reader_az has no value')]);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: { file: 'db.tf', line: 1 },
          message: 'AZ of aws_rds_cluster_instance.orders[1]: var.reader_az has no value',
        },
      ],
    },
    {
      name: "unpinned members and the cluster's AZs are unknown",
      graph: () => {
        const g = graph();
        aurora(g, [undefined, undefined]);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: { file: 'db.tf', line: 1 },
          message: "2 instance(s) have no availability_zone (aws_rds_cluster_instance.orders[0], aws_rds_cluster_instance.orders[1]) and the cluster's AZs are unknown",
        },
      ],
    },
    {
      name: "the cluster's subnet group could not be resolved",
      graph: () => {
        const g = graph();
        const c = aurora(g, [AZ_A, undefined]);
        g.unresolved(c, 'in-subnet', 'db_subnet_group_name', 'data.aws_db_subnet_group.shared is not read');
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'clusterUnknown', location: { file: 'db.tf', line: 1 }, message: 'its subnets: data.aws_db_subnet_group.shared is not read' }],
    },
    {
      name: 'an instance whose cluster is unresolved may be the missing replica',
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A]);
        g.add('db.instance', 'aws_rds_cluster_instance.extra', { props: { clusterIdentifier: new Unknown('var.cluster_id has no value') } });
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: { file: 'db.tf', line: 1 },
          message: 'it has 1 known instance(s); 1 instance(s) whose cluster could not be resolved may belong to it (aws_rds_cluster_instance.extra)',
        },
      ],
    },
    {
      name: "option unpinnedMembers = 'unknown' does not assume RDS spreads members",
      options: { unpinnedMembers: 'unknown' },
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A, undefined], { availabilityZones: [AZ_A, AZ_C] }, 'critical', { availabilityZones: 8 });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'clusterUnknown', location: { file: 'db.tf', line: 8 }, message: "option unpinnedMembers is 'unknown'" }],
    },
    {
      name: 'engine mode from an unresolved variable',
      graph: () => {
        const g = graph();
        aurora(g, [AZ_A, AZ_C], { engineMode: new Unknown('var.engine_mode has no value') }, 'critical', { engineMode: 5 });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'clusterUnknown', location: { file: 'db.tf', line: 5 }, message: 'engine mode: var.engine_mode has no value' }],
    },
    {
      name: 'one writer plus a reader kept by auto scaling: two instances, AZ of the auto-scaled reader not known',
      graph: () => {
        const g = graph();
        const c = aurora(g, [undefined]);
        subnetGroup(g, c, [AZ_A, AZ_C, AZ_D]);
        readerScaling(g, c, 1);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: { file: 'db.tf', line: 1 },
          message: [
            '2 instances (1 declared; Aurora Auto Scaling keeps ≥ 1 reader(s): min_capacity = 1 on aws_appautoscaling_target.read_replica) cover 1 to 2 AZs',
            `1 reader(s) kept by Aurora Auto Scaling are placed by Aurora in ${AZ_A}, ${AZ_C}, ${AZ_D} (DB subnet group subnets); which AZs is not known from configuration`,
          ],
          evidence: { actual: { instances: 2, autoScaledReaders: 1, unpinned: 1 } },
        },
      ],
    },
    {
      name: "auto scaling's min_capacity is unknown: the result points at it",
      graph: () => {
        const g = graph();
        const c = aurora(g, [AZ_A]);
        readerScaling(g, c, new Unknown('var.autoscaling_min_capacity has no value'));
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: { file: 'scaling.tf', line: 4 },
          message: 'it has 1 known instance(s); min_capacity of aws_appautoscaling_target.read_replica: var.autoscaling_min_capacity has no value',
        },
      ],
    },
    {
      name: 'a reader scaling target of the same module whose cluster is unresolved may scale this cluster',
      graph: () => {
        const g = graph();
        const c = aurora(g, [AZ_A]);
        readerScaling(g, c, 2, { resolved: false });
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: { file: 'scaling.tf', line: 4 },
          message: 'scaling target aws_appautoscaling_target.read_replica may scale its readers (var.cluster_id has no value)',
        },
      ],
    },
    {
      name: 'no declared instance but reader auto scaling: the writer may be managed elsewhere',
      graph: () => {
        const g = graph();
        const c = aurora(g, []);
        readerScaling(g, c, 2);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: { file: 'db.tf', line: 1 },
          message: 'it has 0 known instance(s); no instance is declared, yet Aurora Auto Scaling keeps ≥ 2 reader(s) (aws_appautoscaling_target.read_replica) once a writer exists',
        },
      ],
    },
    {
      name: 'live cluster whose scalable targets could not be listed',
      graph: () => {
        const g = graph();
        const arn = 'arn:aws:rds:eu-west-1:111122223333:cluster:orders';
        const c = g.add('db.cluster', arn, { live: true, name: 'orders', props: { engine: 'aurora-mysql', identifier: 'orders' }, tags: tier('critical') });
        g.unresolved(c, 'scales', 'ScalableTargets (application-autoscaling:DescribeScalableTargets)', 'application-autoscaling:DescribeScalableTargets failed in 111122223333/eu-west-1: AccessDenied');
        const m = g.add('db.instance', 'arn:aws:rds:eu-west-1:111122223333:db:orders-1', { live: true, props: { clusterIdentifier: arn, availabilityZone: 'eu-west-1a' } });
        g.edge(m, 'member-of', c, { attribute: 'DBClusterMembers.DBInstanceIdentifier' });
        return g.build();
      },
      findings: [
        {
          address: 'arn:aws:rds:eu-west-1:111122223333:cluster:orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: null,
          message: 'whether Aurora Auto Scaling keeps readers in it is unknown: application-autoscaling:DescribeScalableTargets failed in 111122223333/eu-west-1: AccessDenied',
        },
      ],
    },
    {
      name: "the cluster's availability_zones is an AZ list of unknown length",
      graph: () => {
        const g = graph();
        aurora(g, [undefined, undefined], { availabilityZones: new SymbolicAzList(varAzs, 'variable azs has no value') as unknown as string[] }, 'critical', { availabilityZones: 6 });
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: { file: 'db.tf', line: 6 },
          message: "the cluster's AZs are unknown: variable azs has no value",
        },
      ],
    },
    {
      name: 'AZ elements of two different lists cannot be told apart',
      graph: () => {
        const g = graph();
        aurora(g, [new SymbolicAz(dataAzs, 0), new SymbolicAz(varAzs, 1)]);
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster.orders',
          status: 'unknown',
          messageId: 'clusterUnknown',
          location: { file: 'db.tf', line: 1 },
          message: 'cover 1 to 2 AZs (AZ #1 of data.aws_availability_zones.available, AZ #2 of var.azs): cannot tell whether AZ #1 of data.aws_availability_zones.available and AZ #2 of var.azs are the same AZ',
        },
      ],
    },
    {
      name: 'an Aurora member whose cluster is outside the scan: unknown on the member, not a single instance',
      graph: () => {
        const g = graph();
        g.add('db.instance', 'aws_rds_cluster_instance.orphan', { file: 'db.tf', line: 3, props: { clusterIdentifier: 'elsewhere' }, tags: tier('critical') });
        return g.build();
      },
      findings: [
        {
          address: 'aws_rds_cluster_instance.orphan',
          status: 'unknown',
          messageId: 'memberWithoutCluster',
          location: { file: 'db.tf', line: 4 },
          message: ["orphan is an Aurora cluster member: its availability is its cluster's", 'its cluster "elsewhere" is not in the scan'],
        },
      ],
    },
    {
      name: 'aws_db_instance with an Aurora engine is a member, even with multi_az = true',
      graph: () => standalone({ engine: 'aurora-postgresql', multiAz: true }),
      findings: [
        {
          address: 'aws_db_instance.billing',
          status: 'unknown',
          messageId: 'memberWithoutCluster',
          location: { file: 'rds.tf', line: 4 },
          message: 'engine aurora-postgresql runs only as a member of an Aurora cluster, and this instance names no cluster',
          evidence: { actual: { cluster: null } },
        },
      ],
    },
    {
      name: 'CloudFormation Aurora instance whose DBClusterIdentifier does not resolve',
      graph: () => {
        const g = graph();
        const m = g.add('db.instance', 'AuroraReader', {
          file: 'aurora.yaml',
          line: 30,
          type: 'AWS::RDS::DBInstance',
          props: { engine: 'aurora-mysql', clusterIdentifier: new Unknown('parameter ClusterName has no value') },
          attributes: { clusterIdentifier: 'DBClusterIdentifier' },
          lines: { clusterIdentifier: 33 },
          tags: tier('high'),
        });
        g.unresolved(m, 'member-of', 'DBClusterIdentifier', 'parameter ClusterName has no value');
        return g.build();
      },
      findings: [{ address: 'AuroraReader', status: 'unknown', messageId: 'memberWithoutCluster', location: { file: 'aurora.yaml', line: 33 }, message: 'cannot be judged: parameter ClusterName has no value' }],
    },
  ],

  notApplicable: [
    {
      name: 'medium tier does not require Multi-AZ',
      graph: () => standalone({ multiAz: false }, 'medium'),
      findings: [],
    },
    {
      name: 'an Aurora member whose cluster is in the scan gets no result of its own (its tier does not matter)',
      graph: () => {
        const g = graph();
        const c = g.add('db.cluster', 'aws_rds_cluster.reporting', { props: { engine: 'aurora-mysql' }, tags: tier('medium') });
        const m = g.add('db.instance', 'aws_db_instance.reporting', { props: { engine: 'aurora-mysql', multiAz: false }, tags: tier('critical') });
        g.edge(m, 'member-of', c);
        return g.build();
      },
      findings: [],
    },
    {
      name: 'read replicas skipped with ignoreReadReplicas',
      options: { ignoreReadReplicas: true },
      graph: () => standalone({ multiAz: false, replicateSourceDb: 'aws_db_instance.primary' }),
      findings: [],
    },
  ],
});
