import rule from '../../rules/db-snapshot.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';
import { backupPlan, planRule, selection } from './backup-fixtures.js';
import { auroraCluster, orphanMember } from './db-fixtures.js';

const TOKYO = 'ap-northeast-1';
const OBSERVED = '2026-12-07T06:00:00Z';

function liveDb(g: ReturnType<typeof graph>, latestSnapshot: unknown, tierName = 'critical') {
  return g.add('db.instance', 'arn:aws:rds:ap-northeast-1:111122223333:db:billing', {
    live: true,
    props: { engine: 'postgres', identifier: 'billing', latestSnapshot: latestSnapshot as never },
    tags: tier(tierName),
    provenance: { region: TOKYO, arn: 'arn:aws:rds:ap-northeast-1:111122223333:db:billing' },
  });
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'IaC: selected by reference by a plan with a monthly rule',
      graph: () => {
        const g = graph();
        const c = auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule({ name: 'monthly', schedule: 'cron(0 5 1 * ? *)' })], [selection({ resourceIds: [c.id] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'planned', location: { file: 'db.tf', line: 1 }, message: 'rule monthly runs at least every 31 days' }],
    },
    {
      name: 'IaC: selected by tag (selection_tag tier=high), daily default schedule',
      graph: () => {
        const g = graph();
        auroraCluster(g, 1, {}, 'high', { region: TOKYO });
        backupPlan(g, [planRule({ schedule: undefined })], [selection({ anyOfTags: [{ op: 'equals', key: 'tier', value: 'high' }] })]);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'planned', location: { file: 'db.tf', line: 1 }, message: 'runs at least every 1 day' }],
    },
    {
      name: 'live: a manual snapshot 10 days old (age from the collector clock)',
      graph: () => {
        const g = graph();
        liveDb(g, { id: 'billing-2026-11-27', type: 'manual', createdAt: '2026-11-27T06:00:00Z', observedAt: OBSERVED });
        return g.build();
      },
      findings: [{ address: 'arn:aws:rds:ap-northeast-1:111122223333:db:billing', location: null, status: 'pass', messageId: 'recent', message: 'manual snapshot billing-2026-11-27 taken 10 days ago' }],
    },
  ],
  fail: [
    {
      name: 'live: the newest AWS Backup snapshot is 40 days old',
      graph: () => {
        const g = graph();
        liveDb(g, { id: 'awsbackup:job-1', type: 'awsbackup', createdAt: '2026-10-28T06:00:00Z', observedAt: OBSERVED });
        return g.build();
      },
      findings: [{ address: 'arn:aws:rds:ap-northeast-1:111122223333:db:billing', location: null, status: 'fail', messageId: 'stale', message: 'is 40 days old', severity: 'high' }],
    },
    {
      name: 'live: no manual or AWS Backup snapshot at all',
      graph: () => {
        const g = graph();
        liveDb(g, null, 'high');
        return g.build();
      },
      findings: [{ address: 'arn:aws:rds:ap-northeast-1:111122223333:db:billing', location: null, status: 'fail', messageId: 'none' }],
    },
  ],
  unknown: [
    {
      name: 'IaC: no plan selects it (hand-made snapshots are not in configuration)',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule()], [selection({ anyOfTags: [{ op: 'equals', key: 'backup', value: 'yes' }] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 1 }, message: 'configuration cannot show snapshots taken by hand' }],
    },
    {
      name: 'IaC: the only selecting plan runs quarterly',
      graph: () => {
        const g = graph();
        const c = auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule({ name: 'quarterly', schedule: 'cron(0 5 1 1,4,7,10 ? *)' })], [selection({ resourceIds: [c.id] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 1 }, message: 'rule quarterly runs only every 93 days' }],
    },
    {
      name: 'IaC: the selection tag value comes from a variable without value',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule()], [selection({ anyOfTags: [{ op: 'equals', key: 'tier', value: new Unknown('var.backup_tier has no value') }] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 1 }, message: 'var.backup_tier has no value' }],
    },
    {
      name: 'live: snapshots were not collected',
      graph: () => {
        const g = graph();
        liveDb(g, undefined);
        return g.build();
      },
      findings: [{ address: 'arn:aws:rds:ap-northeast-1:111122223333:db:billing', location: null, status: 'unknown', messageId: 'cannotTell', message: 'snapshots were not collected' }],
    },
    {
      name: 'an Aurora member whose cluster is not in the scan',
      graph: () => {
        const g = graph();
        orphanMember(g);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster_instance.orphan', status: 'unknown', messageId: 'memberWithoutCluster', location: { file: 'orphan.tf', line: 3 } }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier requires no snapshot',
      graph: () => {
        const g = graph();
        auroraCluster(g, 1, {}, 'medium', { region: TOKYO });
        return g.build();
      },
      findings: [],
    },
  ],
});
