import rule from '../../rules/backup-cross-region-copy.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { backupPlan, planRule, selection } from './backup-fixtures.js';
import { auroraCluster, orphanMember } from './db-fixtures.js';

const TOKYO = 'ap-northeast-1';
const OSAKA = 'ap-northeast-3';
const SEOUL = 'ap-northeast-2';
const OSAKA_VAULT = 'arn:aws:backup:ap-northeast-3:111122223333:backup-vault:dr';

function osakaPolicy() {
  const p = defaultPolicy();
  for (const t of Object.values(p.tiers)) t.region = { rtoMinutes: 240, rpoMinutes: 60, drRegion: OSAKA };
  return p;
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'selected by ARN wildcard, copy to a vault in the DR Region',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule({ copyActions: [{ destinationVaultArn: OSAKA_VAULT, region: OSAKA, deleteAfterDays: 35 }] })], [selection({ resourcePatterns: ['arn:aws:rds:*:*:cluster:orders*'] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'copied', location: { file: 'db.tf', line: 1 }, message: `copies to ${OSAKA_VAULT} in ${OSAKA}` }],
    },
    {
      name: 'no DR Region in the policy: a copy to any other Region counts (selected by Conditions string_like)',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule({ copyActions: [{ destinationVaultArn: 'arn:aws:backup:ap-northeast-2:111122223333:backup-vault:dr', region: SEOUL, deleteAfterDays: undefined }] })], [selection({ allOfTags: [{ op: 'like', key: 'aws:ResourceTag/tier', value: 'crit*' }] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'copied', location: { file: 'db.tf', line: 1 }, message: `in ${SEOUL}; tier critical requires a copy in another Region` }],
    },
  ],
  fail: [
    {
      name: 'backed up, but the copy goes to Seoul, not the DR Region Osaka',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        const c = auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule({ copyActions: [{ destinationVaultArn: 'arn:aws:backup:ap-northeast-2:1:backup-vault:x', region: SEOUL, deleteAfterDays: undefined }] })], [selection({ resourceIds: [c.id] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'noCopy', location: { file: 'db.tf', line: 1 }, message: `rule daily copies to ${SEOUL}`, severity: 'high' }],
    },
    {
      name: 'excluded by NotResources: selected by no plan',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        const c = auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule({ copyActions: [{ destinationVaultArn: OSAKA_VAULT, region: OSAKA, deleteAfterDays: 35 }] })], [selection({ resourcePatterns: ['*'], notResourceIds: [c.id] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'notSelected', location: { file: 'db.tf', line: 1 } }],
    },
    {
      name: 'a plan in another Region cannot back it up',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule({ copyActions: [{ destinationVaultArn: OSAKA_VAULT, region: OSAKA, deleteAfterDays: 35 }] })], [selection({ resourcePatterns: ['*'] })], SEOUL);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'fail', messageId: 'notSelected', location: { file: 'db.tf', line: 1 } }],
    },
  ],
  unknown: [
    {
      name: "the destination vault's Region is not known offline",
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        const c = auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule({ copyActions: [{ destinationVaultArn: new Unknown('var.dr_vault_arn has no value'), region: new Unknown('var.dr_vault_arn has no value'), deleteAfterDays: undefined }] })], [selection({ resourceIds: [c.id] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 1 }, message: 'var.dr_vault_arn has no value' }],
    },
    {
      name: 'the selection lists a resource outside the scan',
      policy: osakaPolicy(),
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'critical', { region: TOKYO });
        backupPlan(g, [planRule({ copyActions: [{ destinationVaultArn: OSAKA_VAULT, region: OSAKA, deleteAfterDays: 35 }] })], [selection({ unknownResources: ['module.db.aws_rds_cluster.this is not in the scanned configuration'] })], TOKYO);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 1 }, message: 'module.db.aws_rds_cluster.this is not in the scanned configuration' }],
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
      name: 'high tier requires no cross-Region copy',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'high', { region: TOKYO });
        return g.build();
      },
      findings: [],
    },
  ],
});
