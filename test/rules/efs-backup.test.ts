import rule from '../../rules/efs-backup.js';
import { Unknown } from '../../src/graph/values.js';
import type { BackupSelection } from '../../src/graph/types.js';
import { graph, ruleTester, type GraphFixture } from '../helpers/rule-tester.js';
import { fileSystem } from './efs-fixtures.js';

function selection(over: Partial<BackupSelection>): BackupSelection {
  return { declaredBy: 'aws_backup_selection.efs', resourceIds: [], resourcePatterns: [], unknownResources: [], notResourceIds: [], notResourcePatterns: [], unknownNotResources: [], ...over } as BackupSelection;
}

function plan(g: GraphFixture, selections: BackupSelection[]): void {
  g.add('backup.plan', 'aws_backup_plan.daily', { file: 'backup.tf', props: { name: 'daily', rules: [{ name: 'daily', schedule: 'cron(0 17 * * ? *)', copyActions: [] }], selections } as never });
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'backup policy ENABLED, reported at the policy',
      graph: () => {
        const g = graph();
        fileSystem(g, 'shared', { backupPolicy: true }, 'critical', { line: 1, lines: { backupPolicy: 32 } });
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.shared', status: 'pass', messageId: 'policy', location: { file: 'efs.tf', line: 32 }, message: 'ENABLED' }],
    },
    {
      name: 'no backup policy, but an AWS Backup plan selects it',
      graph: () => {
        const g = graph();
        fileSystem(g, 'media', {}, 'critical', { line: 101 });
        plan(g, [selection({ resourceIds: ['aws_efs_file_system.media'] })]);
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.media', status: 'pass', messageId: 'planned', location: { file: 'efs.tf', line: 101 }, message: 'aws_backup_plan.daily' }],
    },
    {
      name: 'One Zone without a backup policy: AWS default on',
      graph: () => {
        const g = graph();
        fileSystem(g, 'scratch', { availabilityZone: 'ap-northeast-1a' }, 'high', { line: 83 });
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.scratch', status: 'pass', messageId: 'defaultOn', location: { file: 'efs.tf', line: 83 } }],
    },
  ],
  fail: [
    {
      name: 'Regional without a backup policy nor a plan: AWS default off',
      graph: () => {
        const g = graph();
        fileSystem(g, 'uploads', {}, 'high', { line: 65 });
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.uploads', status: 'fail', messageId: 'none', location: { file: 'efs.tf', line: 65 }, message: 'AWS default is off for Regional storage', severity: 'high' }],
    },
    {
      name: 'backup policy DISABLED on One Zone storage (the default does not apply), a plan selecting something else',
      graph: () => {
        const g = graph();
        fileSystem(g, 'scratch', { availabilityZone: 'ap-northeast-1a', backupPolicy: false }, 'critical', { line: 10, lines: { backupPolicy: 140 } });
        plan(g, [selection({ resourceIds: ['aws_efs_file_system.other'] })]);
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.scratch', status: 'fail', messageId: 'none', location: { file: 'efs.tf', line: 140 }, message: 'DISABLED' }],
    },
  ],
  unknown: [
    {
      name: 'Regional without a policy; a plan selects by a tag whose value is unknown',
      graph: () => {
        const g = graph();
        fileSystem(g, 'uploads', {}, 'high', { line: 65 });
        plan(g, [selection({ anyOfTags: [{ op: 'equals', key: 'backup', value: new Unknown('variable backup_tag has no value') }] })]);
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.uploads', status: 'unknown', messageId: 'cannotTell', location: { file: 'efs.tf', line: 65 }, message: 'variable backup_tag has no value' }],
    },
    {
      name: 'no policy, and whether it is One Zone is unknown (AWS default depends on it)',
      graph: () => {
        const g = graph();
        fileSystem(g, 'scratch', { availabilityZone: new Unknown('variable efs_az has no value') }, 'critical', { line: 20 });
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.scratch', status: 'unknown', messageId: 'cannotTell', location: { file: 'efs.tf', line: 20 }, message: 'variable efs_az has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier does not require backups',
      graph: () => {
        const g = graph();
        fileSystem(g, 'reports', { backupPolicy: false }, 'medium');
        return g.build();
      },
      findings: [],
    },
  ],
});
