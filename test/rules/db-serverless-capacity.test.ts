import rule from '../../rules/db-serverless-capacity.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { auroraCluster } from './db-fixtures.js';

function sv2(minCapacity: number | Unknown | undefined, maxCapacity: number | Unknown | undefined, tierName = 'critical') {
  const g = graph();
  auroraCluster(g, 2, { engineMode: 'provisioned', serverlessV2: { minCapacity, maxCapacity } }, tierName, { lines: { serverlessV2: 11 } });
  return g.build();
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical: 0.5–64 ACU',
      graph: () => sv2(0.5, 64),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'withinRange', location: { file: 'db.tf', line: 11 }, message: ['between 0.5 and 64 ACU', 'tier critical allows 0.5–64 ACU, no auto-pause'] }],
    },
    {
      name: 'high: 0 ACU auto-pause is allowed below critical',
      graph: () => sv2(0, 16, 'high'),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'withinRange', message: '(0 ACU auto-pause allowed)', location: { file: 'db.tf', line: 11 } }],
    },
    {
      name: 'requireMaxCapacity false: a large max on a medium cluster is not judged',
      options: { requireMaxCapacity: false },
      graph: () => sv2(0.5, 128, 'medium'),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'withinRange', location: { file: 'db.tf', line: 11 }, message: '0.5–any ACU' }],
    },
  ],
  fail: [
    {
      name: 'critical with min 0 ACU auto-pauses, and a max above 64 is reported with it',
      graph: () => sv2(0, 128),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'autoPause', location: { file: 'db.tf', line: 11 }, message: ['auto-pauses when idle', 'also maximum 128 ACU above 64'], severity: 'high' }],
    },
    {
      name: 'policy minimum 2 ACU: 1 ACU is too low',
      policy: (() => {
        const p = defaultPolicy();
        p.tiers.high.db.serverlessMinAcu = 2;
        return p;
      })(),
      graph: () => sv2(1, 8, 'high'),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'minTooLow', location: { file: 'db.tf', line: 11 }, message: 'minimum capacity of 1 ACU; tier high requires ≥ 2 ACU' }],
    },
    {
      name: 'medium: max 32 ACU above 16',
      graph: () => sv2(0.5, 32, 'medium'),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'maxTooHigh', location: { file: 'db.tf', line: 11 }, message: 'may scale to 32 ACU; tier medium allows at most 16 ACU', severity: 'low' }],
    },
  ],
  unknown: [
    {
      name: 'min capacity from a variable without value',
      graph: () => sv2(new Unknown('var.serverless_min has no value'), 16),
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 11 }, message: 'minimum capacity: var.serverless_min has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'provisioned cluster without Serverless v2 configuration',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, { engineMode: 'provisioned' });
        return g.build();
      },
      findings: [],
    },
  ],
});
