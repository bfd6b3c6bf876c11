import { describe, expect, it } from 'vitest';
import rule from '../../rules/db-backup-retention.js';
import { graph, ruleTester, runRule, tier, type RuleTestCase } from '../helpers/rule-tester.js';

/** The RuleTester must refuse test files that do not show what a rule does (ESLint's RuleTester does the same). */
describe('RuleTester', () => {
  const g = () => {
    const f = graph();
    f.add('db.instance', 'aws_db_instance.a', { props: { backupRetentionDays: 7 }, tags: tier('critical') });
    return f.build();
  };
  const passCase: RuleTestCase = { name: 'ok', graph: g, findings: [{ address: 'aws_db_instance.a', status: 'pass', messageId: 'sufficient', location: { file: 'main.tf', line: 2 } }] };
  const failCase: RuleTestCase = { ...passCase, name: 'bad', findings: [{ ...passCase.findings[0], status: 'fail', messageId: 'tooShort' }] };
  const unknownCase: RuleTestCase = { ...passCase, name: 'maybe', findings: [{ ...passCase.findings[0], status: 'unknown', messageId: 'cannotTell' }] };

  it('rejects empty pass, fail or unknown lists', () => {
    expect(() => ruleTester.run(rule, { pass: [], fail: [failCase], unknown: [unknownCase] })).toThrow(/'pass' must list at least one case/);
    expect(() => ruleTester.run(rule, { pass: [passCase], fail: [], unknown: [unknownCase] })).toThrow(/'fail' must list at least one case/);
    expect(() => ruleTester.run(rule, { pass: [passCase], fail: [failCase], unknown: [] })).toThrow(/'unknown' must list at least one case/);
  });

  it('rejects duplicate case names, mislabelled cases and unknown message ids', () => {
    expect(() => ruleTester.run(rule, { pass: [passCase, passCase], fail: [failCase], unknown: [unknownCase] })).toThrow(/duplicate case name 'ok'/);
    expect(() => ruleTester.run(rule, { pass: [{ ...failCase, name: 'x' }], fail: [failCase], unknown: [unknownCase] })).toThrow(/pass case 'x' must expect only pass findings/);
    expect(() => ruleTester.run(rule, { pass: [passCase], fail: [{ ...passCase, name: 'y' }], unknown: [unknownCase] })).toThrow(/fail case 'y' must expect at least one fail/);
    expect(() => ruleTester.run(rule, { pass: [passCase], fail: [failCase], unknown: [{ ...failCase, name: 'z' }] })).toThrow(/unknown case 'z' must expect an unknown finding/);
    expect(() =>
      ruleTester.run(rule, { pass: [passCase], fail: [failCase], unknown: [unknownCase], notApplicable: [{ ...passCase, name: 'n' }] }),
    ).toThrow(/notApplicable case 'n' must expect no findings/);
    expect(() =>
      ruleTester.run(rule, { pass: [{ ...passCase, findings: [{ ...passCase.findings[0], messageId: 'nope' }] }], fail: [failCase], unknown: [unknownCase] }),
    ).toThrow(/message id 'nope'/);
  });

  it('runRule returns the engine findings with tier, location and fingerprint', () => {
    const [f] = runRule(rule, g());
    expect(f).toMatchObject({ ruleId: 'db-backup-retention', status: 'pass', resource: { address: 'aws_db_instance.a', tier: 'critical', tierSource: 'tag' } });
    expect(f.location).toMatchObject({ file: 'main.tf', line: 2 });
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });
});
