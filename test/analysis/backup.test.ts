import { describe, expect, it } from 'vitest';
import { arnMatches, arnRegion, scheduleGapHours, selectionPicks } from '../../src/analysis/backup.js';
import { isUnknown, Unknown } from '../../src/graph/values.js';
import { graph, tier } from '../helpers/rule-tester.js';
import { selection } from '../rules/backup-fixtures.js';

describe('scheduleGapHours', () => {
  it.each([
    ['cron(0 5 ? * * *)', 24],
    [undefined, 24],
    ['cron(0 */4 ? * * *)', 4],
    ['cron(0 1,13 ? * * *)', 12],
    ['cron(0 5 ? * SUN *)', 7 * 24],
    ['cron(0 5 ? * MON-FRI *)', 3 * 24],
    ['cron(0 5 1 * ? *)', 31 * 24],
    ['cron(0 5 L * ? *)', 31 * 24],
    ['cron(0 5 1,15 * ? *)', 14 * 24],
    ['cron(0 5 1 1,4,7,10 ? *)', 93 * 24],
    ['cron(0 5 1 1 ? *)', 12 * 31 * 24],
    ['rate(12 hours)', 12],
    ['rate(1 day)', 24],
  ])('%s → %d h', (expr, hours) => {
    expect(scheduleGapHours(expr)).toBe(hours);
  });
  it('unknown for an unreadable or year-bound schedule, and passes an Unknown through', () => {
    expect(isUnknown(scheduleGapHours('cron(0 5 * *)'))).toBe(true);
    expect(isUnknown(scheduleGapHours('cron(0 5 1 1 ? 2027)'))).toBe(true);
    expect((scheduleGapHours(new Unknown('var.schedule has no value')) as Unknown).reason).toBe('var.schedule has no value');
  });
});

describe('arnRegion', () => {
  it('reads the Region of a vault ARN', () => {
    expect(arnRegion('arn:aws:backup:ap-northeast-3:111122223333:backup-vault:dr')).toBe('ap-northeast-3');
    expect(isUnknown(arnRegion('dr-vault'))).toBe(true);
  });
});

function fixture() {
  const g = graph();
  const iac = g.add('db.cluster', 'aws_rds_cluster.orders', { file: 'db.tf', line: 1, props: { identifier: 'orders' }, tags: { ...tier('critical'), backup: 'monthly' }, provenance: { region: 'ap-northeast-1' } });
  const unnamed = g.add('db.instance', 'aws_db_instance.legacy', { file: 'db.tf', line: 30, props: { identifier: new Unknown('identifier is not set: chosen by the provider at apply') }, tags: new Unknown('var.tags has no value') });
  const live = g.add('db.instance', 'arn:aws:rds:ap-northeast-1:111122223333:db:billing', { live: true, props: { identifier: 'billing' }, tags: { tier: 'high' }, provenance: { arn: 'arn:aws:rds:ap-northeast-1:111122223333:db:billing', region: 'ap-northeast-1' } });
  return { iac, unnamed, live };
}

describe('selection resolution', () => {
  it('by ARN: live resources by their ARN, IaC ones by the known parts of their future ARN', () => {
    const { iac, unnamed, live } = fixture();
    expect(arnMatches('arn:aws:rds:*:*:db:bill*', live)).toBe('yes');
    expect(arnMatches('arn:aws:rds:*:*:cluster:*', live)).toBe('no');
    expect(arnMatches('arn:aws:rds:ap-northeast-1:*:cluster:orders', iac)).toBe('yes');
    expect(arnMatches('arn:aws:rds:eu-west-1:*:cluster:orders', iac)).toBe('no');
    expect(arnMatches('arn:aws:rds:*:*:cluster:payments', iac)).toBe('no');
    const account = arnMatches('arn:aws:rds:*:111122223333:cluster:orders', iac);
    expect(isUnknown(account) && account.reason).toMatch(/account 111122223333/);
    const id = arnMatches('arn:aws:rds:*:*:db:legacy', unnamed);
    expect(isUnknown(id) && id.reason).toMatch(/chosen by the provider at apply/);
    expect(arnMatches('arn:aws:rds:*:*:db:*', unnamed)).toBe('yes');
  });
  it('by graph reference, and NotResources excludes', () => {
    const { iac } = fixture();
    expect(selectionPicks(selection({ resourceIds: [iac.id] }), iac)).toBe('yes');
    expect(selectionPicks(selection({ resourcePatterns: ['arn:aws:rds:*:*:*'], notResourceIds: [iac.id] }), iac)).toBe('no');
  });
  it('by tag: ListOfTags is OR, Conditions are AND, unknown tags are unknown', () => {
    const { iac, unnamed } = fixture();
    expect(selectionPicks(selection({ anyOfTags: [{ op: 'equals', key: 'backup', value: 'daily' }, { op: 'equals', key: 'backup', value: 'monthly' }] }), iac)).toBe('yes');
    expect(selectionPicks(selection({ allOfTags: [{ op: 'equals', key: 'aws:ResourceTag/backup', value: 'monthly' }, { op: 'notEquals', key: 'aws:ResourceTag/tier', value: 'critical' }] }), iac)).toBe('no');
    expect(selectionPicks(selection({ resourcePatterns: ['arn:aws:rds:*:*:cluster:*'], allOfTags: [{ op: 'like', key: 'aws:ResourceTag/tier', value: 'crit*' }] }), iac)).toBe('yes');
    const u = selectionPicks(selection({ anyOfTags: [{ op: 'equals', key: 'backup', value: 'monthly' }] }), unnamed);
    expect(isUnknown(u) && u.reason).toMatch(/var.tags has no value/);
  });
  it('an empty selection picks every supported resource', () => {
    const { iac } = fixture();
    expect(selectionPicks(selection(), iac)).toBe('yes');
  });
});
