/**
 * Amazon EFS of one account × Region: DescribeFileSystems (storage class,
 * One Zone AZ, tags), then per file system DescribeMountTargets (subnet and
 * AZ of each) and DescribeBackupPolicy (automatic backups); once per unit
 * DescribeReplicationConfigurations (destination Regions) and
 * DescribeAccessPoints (which file system a Lambda function's access point
 * belongs to). EFS has no batch form of the per-file-system calls.
 *
 * What could not be read is recorded on the file system (`…Unavailable`
 * with the reason): the normalizer makes it unknown, never "none", and the
 * failed call is a coverage gap as every other. DescribeBackupPolicy
 * answers PolicyNotFound when the file system has no backup policy: that is
 * "off", not a failure.
 */
import {
  DescribeBackupPolicyCommand,
  paginateDescribeAccessPoints,
  paginateDescribeFileSystems,
  paginateDescribeMountTargets,
} from '@aws-sdk/client-efs';
import { all, plain, type Scope, type Step, type UnitContext } from './collect.js';
import { push, type UnitData } from './unit.js';

function code(e: unknown): string | undefined {
  return (e as { name?: string } | undefined)?.name;
}

export async function collectFileSystems(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const efs = ctx.factory.client('elasticfilesystem', scope);
  const where = `${ctx.account.id}/${ctx.region}`;
  const systems = await step('elasticfilesystem:DescribeFileSystems', ['fileSystems'], () => all(paginateDescribeFileSystems({ client: efs, pageSize: 100 }, {}), (p) => p.FileSystems));
  if (!systems) return;
  for (const fs of systems) {
    const id = fs.FileSystemId;
    if (!id) continue;
    const data = plain(fs);
    const targets = await step('elasticfilesystem:DescribeMountTargets', [], () => all(paginateDescribeMountTargets({ client: efs, pageSize: 100 }, { FileSystemId: id }), (p) => p.MountTargets));
    if (targets === undefined) data.MountTargetsUnavailable = `elasticfilesystem:DescribeMountTargets failed in ${where}`;
    else data.MountTargets = plain(targets);
    const policy = await step('elasticfilesystem:DescribeBackupPolicy', [], async () => {
      try {
        return (await efs.send(new DescribeBackupPolicyCommand({ FileSystemId: id }))).BackupPolicy ?? null;
      } catch (e) {
        if (code(e) === 'PolicyNotFound') return null;
        throw e;
      }
    });
    if (policy === undefined) data.BackupPolicyUnavailable = `elasticfilesystem:DescribeBackupPolicy failed in ${where}`;
    else data.BackupPolicy = policy === null ? null : plain(policy);
    push(unit, 'fileSystems', data);
  }
  // Access points belong to file systems: none without one.
  if (systems.length === 0) return;
  await step('elasticfilesystem:DescribeAccessPoints', ['accessPoints'], async () => {
    for (const ap of await all(paginateDescribeAccessPoints({ client: efs, pageSize: 100 }, {}), (p) => p.AccessPoints)) push(unit, 'accessPoints', plain(ap));
  });
}
