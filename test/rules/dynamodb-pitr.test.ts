import rule from '../../rules/dynamodb-pitr.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';
import { table } from './dynamodb-fixtures.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical table with point_in_time_recovery { enabled = true }',
      graph: () => {
        const g = graph();
        table(g, 'orders', { pointInTimeRecovery: true }, 'critical', { lines: { pointInTimeRecovery: 7 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'pass', messageId: 'enabled', location: { file: 'tables.tf', line: 7 }, message: 'point_in_time_recovery.enabled = true', evidence: { expected: true, actual: true } }],
    },
    {
      name: 'live high table with PITR ENABLED',
      graph: () => {
        const g = graph();
        g.add('db.table', 'arn:aws:dynamodb:ap-northeast-1:111122223333:table/sessions', { live: true, props: { name: 'sessions', pointInTimeRecovery: true, replicas: [] }, attributes: { pointInTimeRecovery: 'ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus' }, tags: tier('high') });
        return g.build();
      },
      findings: [{ address: 'arn:aws:dynamodb:ap-northeast-1:111122223333:table/sessions', status: 'pass', messageId: 'enabled', location: null, message: 'PointInTimeRecoveryStatus' }],
    },
  ],
  fail: [
    {
      name: 'high table without the block: AWS default off, reported at the header',
      graph: () => {
        const g = graph();
        table(g, 'carts', {}, 'high', { line: 12 });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.carts', status: 'fail', messageId: 'disabled', location: { file: 'tables.tf', line: 12 }, message: ['not set: AWS default is off', 'tier high requires PITR'], severity: 'high' }],
    },
    {
      name: 'critical table with enabled = false, a global replica does not excuse it',
      graph: () => {
        const g = graph();
        table(g, 'orders', { pointInTimeRecovery: false, replicas: [{ region: 'ap-northeast-3' }] }, 'critical', { lines: { pointInTimeRecovery: 9 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'fail', messageId: 'disabled', location: { file: 'tables.tf', line: 9 }, message: 'point_in_time_recovery.enabled = false' }],
    },
  ],
  unknown: [
    {
      name: 'enabled from a variable without value',
      graph: () => {
        const g = graph();
        table(g, 'orders', { pointInTimeRecovery: new Unknown('var.pitr has no value') }, 'critical', { lines: { pointInTimeRecovery: 8 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'tables.tf', line: 8 }, message: 'var.pitr has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier does not require PITR',
      graph: () => {
        const g = graph();
        table(g, 'cache', {}, 'medium');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'skipGlobalReplicas: a table with replicas is left alone',
      options: { skipGlobalReplicas: true },
      graph: () => {
        const g = graph();
        table(g, 'orders', { pointInTimeRecovery: false, replicas: [{ region: 'ap-northeast-3' }] }, 'critical');
        return g.build();
      },
      findings: [],
    },
  ],
});
