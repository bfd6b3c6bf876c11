/**
 * AWS Backup plans and DB snapshots on a live account (moto_server), seeded
 * through the real SDK, collected by the organisation scan and judged by the
 * built-in rules (drRegion ap-northeast-3).
 *
 * moto notes: moto implements DescribeDBSnapshots / DescribeDBClusterSnapshots
 * (manual snapshots taken with CreateDBSnapshot / CreateDBClusterSnapshot)
 * and backup plans (CreateBackupPlan, ListBackupPlans, GetBackupPlan), but not
 * backup selections: ListBackupSelections answers with an error. That is the
 * test's honest substitute for a selection the scanning role cannot read: the
 * call becomes a coverage gap, the plan keeps its rules and copy action, and
 * whether the plan selects a database is unknown — so backup-cross-region-copy
 * is unknown, never pass or fail. Selection resolution itself is covered by
 * test/analysis/backup.test.ts and the fixtures.
 */
import { BackupClient, CreateBackupPlanCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { CreateDBClusterCommand, CreateDBClusterSnapshotCommand, CreateDBInstanceCommand, CreateDBSnapshotCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { CoverageGap } from '../../src/graph/types.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { assumeInto, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R1 = 'ap-northeast-1';
const R3 = 'ap-northeast-3';
const TAGS = (tier: string) => [{ Key: 'tier', Value: tier }];
/** The scan's clock runs 10 days after the seeding (a fake clock, no waiting): the snapshots are 10 days old. */
const DAYS_LATER = 10 * 86_400_000;

let moto: MotoServer;
let restoreEnv: () => void;
let graph: ResourceGraph;
let findings: Finding[];
let gaps: CoverageGap[];

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  const account = org.byName('technova-sales-prod-db').id;
  const credentials = await assumeInto(moto.endpoint, account);
  const rds = new RDSClient({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 });
  const instance = (id: string) =>
    rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: id, Engine: 'postgres', DBInstanceClass: 'db.m6g.large', AllocatedStorage: 20, MasterUsername: 'app', MasterUserPassword: 'not-a-secret-123', MultiAZ: true, BackupRetentionPeriod: 7, Tags: TAGS('critical') }));
  // orders: a manual snapshot; billing: none; ledger (Aurora): a manual cluster snapshot.
  await instance('orders');
  await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'orders', DBSnapshotIdentifier: 'orders-manual' }));
  await instance('billing');
  await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'ledger', Engine: 'aurora-postgresql', MasterUsername: 'app', MasterUserPassword: 'not-a-secret-123', BackupRetentionPeriod: 7, Tags: TAGS('high') }));
  await rds.send(new CreateDBClusterSnapshotCommand({ DBClusterIdentifier: 'ledger', DBClusterSnapshotIdentifier: 'ledger-manual' }));
  const backup = new BackupClient({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 });
  await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'prod-main' }));
  await backup.send(
    new CreateBackupPlanCommand({
      BackupPlan: {
        BackupPlanName: 'prod-critical',
        Rules: [
          {
            RuleName: 'daily',
            TargetBackupVaultName: 'prod-main',
            ScheduleExpression: 'cron(0 3 * * ? *)',
            Lifecycle: { DeleteAfterDays: 35 },
            CopyActions: [{ DestinationBackupVaultArn: `arn:aws:backup:${R3}:${account}:backup-vault:prod-dr`, Lifecycle: { DeleteAfterDays: 35 } }],
          },
        ],
      },
    }),
  );

  const out = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 2, fetchAccountTags: false, now: () => Date.now() + DAYS_LATER });
  gaps = out.output.coverage ?? [];
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  policy.drRegion = R3;
  for (const t of Object.values(policy.tiers)) t.region = { rtoMinutes: 240, rpoMinutes: 60, drRegion: R3 };
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings;
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

function finding(rule: string, identifier: string): Finding | undefined {
  const r = [...graph.ofKind('db.instance'), ...graph.ofKind('db.cluster')].find((x) => x.props.identifier === identifier);
  if (!r) throw new Error(`no database ${identifier} in the live graph`);
  return findings.find((f) => f.ruleId === rule && f.resource.id === r.id);
}

describe('AWS Backup and snapshots on a live account (moto)', () => {
  it('collects the plan with its rule and the copy action Region', () => {
    const plans = graph.ofKind('backup.plan');
    expect(plans).toHaveLength(1);
    const rules = plans[0].props.rules as { name: string; schedule: string; copyActions: { region: string }[] }[];
    expect(rules[0]).toMatchObject({ name: 'daily', schedule: 'cron(0 3 * * ? *)', copyActions: [{ region: R3 }] });
    expect(plans[0].provenance.region).toBe(R1);
  });

  it('db-snapshot: age measured on the collector clock (10 days: within 31); no snapshot at all fails', () => {
    const orders = finding('db-snapshot', 'orders');
    expect(orders).toMatchObject({ status: 'pass', messageId: 'recent' });
    expect(orders?.message).toContain('orders-manual taken 10 days ago');
    expect(finding('db-snapshot', 'billing')).toMatchObject({ status: 'fail', messageId: 'none' });
    expect(finding('db-snapshot', 'ledger')).toMatchObject({ status: 'pass', messageId: 'recent' });
  });

  it('backup-cross-region-copy: selections moto cannot list make it unknown, with a coverage gap naming the call', () => {
    expect(gaps.some((g) => g.service === 'backup:ListBackupSelections')).toBe(true);
    expect(finding('backup-cross-region-copy', 'orders')).toMatchObject({ status: 'unknown', messageId: 'cannotTell' });
  });
});
