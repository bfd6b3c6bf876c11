import { describe, expect, it } from 'vitest';
import { resource, scanFixture } from './helpers.js';

describe('inline suppressions', () => {
  it('reads # resilint:ignore on or above a resource or attribute, and on the module call for its resources', async () => {
    const out = await scanFixture('suppress');
    expect(resource(out, 'aws_db_instance.above').inlineSuppressions).toEqual([
      { ruleId: 'db-multi-az', reason: 'reporting copy, rebuilt nightly', until: '2099-12-31', owner: 'data', location: { file: 'main.tf', line: 1, column: 1 } },
    ]);
    expect(resource(out, 'aws_db_instance.on_attribute').inlineSuppressions).toEqual([
      { ruleId: 'db-multi-az', reason: 'dev only', location: { file: 'main.tf', line: 8, column: 22 } },
    ]);
    expect(resource(out, 'aws_db_instance.none').inlineSuppressions).toBeUndefined();
    expect(resource(out, 'module.legacy.aws_db_instance.this').inlineSuppressions).toEqual([
      { ruleId: '*', reason: 'legacy module, replaced in Q3', location: { file: 'main.tf', line: 21, column: 1 } },
    ]);
  });

  it('reports a malformed directive as an input error and ignores it', async () => {
    const out = await scanFixture('suppress');
    expect(resource(out, 'aws_db_instance.bad').inlineSuppressions).toBeUndefined();
    expect(out.errors).toEqual([{ file: 'main.tf', line: 17, column: 3, kind: 'suppression', message: 'until=someday is not a date (YYYY-MM-DD)' }]);
  });
});
