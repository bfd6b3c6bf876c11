import rule from '../../rules/dynamodb-global-replica.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { OSAKA, SEOUL, table, TOKYO } from './dynamodb-fixtures.js';

/** The catalogue's DR Region (Osaka) for every tier, as `drRegion: ap-northeast-3` in a policy file does. */
function osakaPolicy() {
  const p = defaultPolicy();
  p.drRegion = OSAKA;
  for (const t of Object.values(p.tiers)) t.region = { rtoMinutes: 240, rpoMinutes: 60, drRegion: OSAKA };
  return p;
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical Tokyo table with a replica block in Osaka (the DR Region)',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        table(g, 'orders', { replicas: [{ region: SEOUL, declaredBy: 'aws_dynamodb_table.orders.replica[0]' }, { region: OSAKA, declaredBy: 'aws_dynamodb_table.orders.replica[1]' }] }, 'critical', { region: TOKYO, lines: { replicas: 11 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'pass', messageId: 'replica', location: { file: 'tables.tf', line: 11 }, message: ['has a global table replica in ap-northeast-3', 'replica[1]'] }],
    },
    {
      name: 'no DR Region in the policy: a replica in any other Region counts, even when the table Region is unknown',
      graph: () => {
        const g = graph();
        table(g, 'orders', { replicas: [{ region: SEOUL, declaredBy: 'aws_dynamodb_table_replica.orders' }] }, 'critical', { lines: { replicas: 3 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'pass', messageId: 'replica', location: { file: 'tables.tf', line: 3 }, message: 'in another Region' }],
    },
    {
      name: 'the table in the DR Region replicated from Tokyo is the DR copy',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        table(g, 'orders', { replicas: [{ region: TOKYO }] }, 'critical', { region: OSAKA, lines: { replicas: 4 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'pass', messageId: 'isDrCopy', location: { file: 'tables.tf', line: 4 }, message: 'replicated from ap-northeast-1' }],
    },
    {
      name: 'CloudFormation GlobalTable of unknown stack Region listing Tokyo and Osaka',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        table(g, 'orders', { replicas: [{ region: TOKYO }, { region: OSAKA, declaredBy: 'Data/Orders.Replicas[1]' }], replicasIncludeOwn: true }, 'critical', { lines: { replicas: 9 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'pass', messageId: 'replica', location: { file: 'tables.tf', line: 9 }, message: 'Replicas[1]' }],
    },
  ],
  fail: [
    {
      name: 'critical table without replicas',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        table(g, 'orders', {}, 'critical', { region: TOKYO, lines: { replicas: 2 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'fail', messageId: 'noReplica', location: { file: 'tables.tf', line: 2 }, message: ['no global table replica in ap-northeast-3', 'it is not a global table'], severity: 'high' }],
    },
    {
      name: 'a replica in Seoul is not one in the DR Region',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        table(g, 'orders', { replicas: [{ region: SEOUL }] }, 'critical', { region: TOKYO, lines: { replicas: 2 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'fail', messageId: 'noReplica', location: { file: 'tables.tf', line: 2 }, message: 'its replicas are in ap-northeast-2' }],
    },
  ],
  unknown: [
    {
      name: 'a replica whose provider Region is not known offline',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        table(g, 'orders', { replicas: [{ region: new Unknown('the Region of aws_dynamodb_table_replica.dr is not known offline (no provider region)'), declaredBy: 'aws_dynamodb_table_replica.dr' }] }, 'critical', { region: TOKYO, lines: { replicas: 2 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'tables.tf', line: 2 }, message: 'aws_dynamodb_table_replica.dr' }],
    },
    {
      name: 'replica blocks from a dynamic block over an unknown variable',
      graph: () => {
        const g = graph();
        table(g, 'orders', { replicas: new Unknown('var.replica_regions has no value') }, 'critical', { lines: { replicas: 6 } });
        return g.build();
      },
      findings: [{ address: 'aws_dynamodb_table.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'tables.tf', line: 6 }, message: 'var.replica_regions has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'high tier does not require a global table',
      graph: () => {
        const g = graph();
        table(g, 'carts', {}, 'high');
        return g.build();
      },
      findings: [],
    },
  ],
});
