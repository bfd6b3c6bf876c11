import rule from '../../rules/dynamodb-deletion-protection.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';
import { table } from './dynamodb-fixtures.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical table with deletion_protection_enabled = true',
      graph: () => {
        const g = graph();
        table(g, 'orders', { deletionProtection: true }, 'critical', { lines: { deletionProtection: 5 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'pass', messageId: 'protected', location: { file: 'tables.tf', line: 5 }, message: 'deletion_protection_enabled = true', evidence: { expected: true, actual: true } }],
    },
    {
      name: 'CloudFormation table with DeletionProtectionEnabled: true',
      graph: () => {
        const g = graph();
        g.add('db.table', 'Data/Orders', { file: 'template.yaml', line: 10, type: 'AWS::DynamoDB::Table', props: { name: 'orders', deletionProtection: true, replicas: [] }, attributes: { deletionProtection: 'DeletionProtectionEnabled' }, lines: { deletionProtection: 14 }, tags: tier('high') });
        return g.build();
      },
      findings: [{ address: 'Data/Orders', status: 'pass', messageId: 'protected', location: { file: 'template.yaml', line: 14 }, message: 'DeletionProtectionEnabled = true' }],
    },
  ],
  fail: [
    {
      name: 'high table without the argument: AWS default off',
      graph: () => {
        const g = graph();
        table(g, 'carts', {}, 'high', { line: 21 });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.carts', status: 'fail', messageId: 'unprotected', location: { file: 'tables.tf', line: 21 }, message: 'not set: AWS default is off', severity: 'high' }],
    },
    {
      name: 'critical table with deletion_protection_enabled = false',
      graph: () => {
        const g = graph();
        table(g, 'orders', { deletionProtection: false }, 'critical', { lines: { deletionProtection: 6 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'fail', messageId: 'unprotected', location: { file: 'tables.tf', line: 6 }, message: 'deletion_protection_enabled = false' }],
    },
  ],
  unknown: [
    {
      name: 'GlobalTable replicas that differ while the stack Region is unknown',
      graph: () => {
        const g = graph();
        table(g, 'orders', { deletionProtection: new Unknown("the replicas differ on DeletionProtectionEnabled and the stack's Region (which replica is this table) is not known offline") }, 'critical', { lines: { deletionProtection: 4 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'tables.tf', line: 4 }, message: 'the replicas differ' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier does not require deletion protection',
      graph: () => {
        const g = graph();
        table(g, 'scratch', {}, 'medium');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'requireWithReplicas false: a global table is left alone',
      options: { requireWithReplicas: false },
      graph: () => {
        const g = graph();
        table(g, 'orders', { replicas: [{ region: 'ap-northeast-3' }] }, 'critical');
        return g.build();
      },
      findings: [],
    },
  ],
});
