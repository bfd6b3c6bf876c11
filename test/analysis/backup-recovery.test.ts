/** The "backup copy" DR approach in the Region failure simulation: an AWS Backup copy out of the Region, with its RPO lower bound. */
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import type { FailureDomainsResult } from '../../src/analysis/failure-types.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import type { ResourceGraph } from '../../src/graph/graph.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { graph, tier } from '../helpers/rule-tester.js';
import { backupPlan, planRule, selection } from '../rules/backup-fixtures.js';

const TOKYO = 'ap-northeast-1';
const OSAKA = 'ap-northeast-3';

function simulate(g: ResourceGraph): FailureDomainsResult {
  const policy = defaultPolicy();
  const dependencies = buildDependencies(g, policy);
  return simulateFailures({ graph: g, dependencies, tiers: inheritTiers(g, dependencies, assignTiers(g, policy), policy), policy });
}

function regionImpact(r: FailureDomainsResult, workload: string) {
  return r.impacts.find((i) => i.workload === workload && i.domain === `region:${TOKYO}`);
}

function db(g: ReturnType<typeof graph>) {
  return g.add('db.instance', 'aws_db_instance.orders', { props: { engine: 'postgres', identifier: 'orders', multiAz: true }, tags: tier('critical'), provenance: { region: TOKYO } });
}

const toOsaka = [{ destinationVaultArn: 'arn:aws:backup:ap-northeast-3:111122223333:backup-vault:dr', region: OSAKA, deleteAfterDays: 35 }];

describe('backup copy DR approach', () => {
  it('hourly copies to Osaka: RPO ≥ 1 h (gap + undocumented copy time) is unknown against a 1 h target; RTO is the backup & restore figure (breached at 4 h)', () => {
    const g = graph();
    const d = db(g);
    backupPlan(g, [planRule({ name: 'hourly', schedule: 'cron(0 * ? * * *)', copyActions: toOsaka })], [selection({ resourceIds: [d.id] })], TOKYO);
    const i = regionImpact(simulate(g.build()), d.id)!;
    expect(i).toMatchObject({ state: 'down', drApproach: 'backup-copy', rto: { behaviour: 'dr-backup-restore', seconds: 86_400 }, rpo: { behaviour: 'cross-region-backup-copy' }, rtoVerdict: 'breached', rpoVerdict: 'unknown' });
    expect(i.rpo.seconds).toBeUndefined();
    expect(i.rpo.source).toContain('cross-region-backup.html');
    expect(i.reasons.join(' ')).toContain('aws_backup_plan.main (rule hourly) copies its backups to ap-northeast-3');
  });

  it('daily copies: the RPO lower bound (24 h) already breaches the 1 h target', () => {
    const g = graph();
    const d = db(g);
    backupPlan(g, [planRule({ copyActions: toOsaka })], [selection({ resourceIds: [d.id] })], TOKYO);
    expect(regionImpact(simulate(g.build()), d.id)).toMatchObject({ drApproach: 'backup-copy', rpoVerdict: 'breached' });
  });

  it('a copy within the Region is no DR; an unknown copy Region makes the approach unknown', () => {
    const g = graph();
    const d = db(g);
    backupPlan(g, [planRule({ copyActions: [{ destinationVaultArn: 'arn:aws:backup:ap-northeast-1:1:backup-vault:x', region: TOKYO, deleteAfterDays: undefined }] })], [selection({ resourceIds: [d.id] })], TOKYO);
    expect(regionImpact(simulate(g.build()), d.id)).toMatchObject({ drApproach: 'none' });
    const g2 = graph();
    const d2 = db(g2);
    backupPlan(g2, [planRule({ copyActions: [{ destinationVaultArn: new Unknown('var.vault has no value'), region: new Unknown('var.vault has no value'), deleteAfterDays: undefined }] })], [selection({ resourceIds: [d2.id] })], TOKYO);
    const u = regionImpact(simulate(g2.build()), d2.id)!;
    expect(u).toMatchObject({ drApproach: 'unknown', state: 'unknown' });
    expect(u.reasons.join(' ')).toContain('var.vault has no value');
  });
});
