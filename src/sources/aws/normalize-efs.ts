/**
 * A DescribeFileSystems answer (with MountTargets, BackupPolicy and
 * Replications added by collect-efs.ts) → the props of a
 * storage.file-system, the subnets of its mount targets, and the file
 * systems the unit's ECS task definitions and Lambda functions mount.
 *
 * A backup policy that could not be read is unknown; none at all (the API's
 * PolicyNotFound) is off. ENABLING is neither yet.
 */
import { Unknown, type Maybe } from '../../graph/values.js';
import type { Item, Raw, UnitData } from './unit.js';

/** Mount targets on their way out hold no way in. */
const GONE = new Set(['deleting', 'deleted', 'error']);

export interface FileSystemProps {
  name: Maybe<string>;
  availabilityZone: Maybe<string>;
  availabilityZoneId: Maybe<string>;
  backupPolicy: Maybe<boolean>;
  replicationRegions: Maybe<string[]>;
  origins: Record<string, string>;
  /** Subnet ids of the mount targets, or why they are unknown. */
  subnets: string[] | Unknown;
}

export function fileSystemProps(it: Item): FileSystemProps {
  const d = it.data;
  const p = it.prefix;
  let backup: Maybe<boolean>;
  if (typeof d.BackupPolicyUnavailable === 'string') backup = new Unknown(d.BackupPolicyUnavailable);
  else {
    const status = (d.BackupPolicy as Raw | null | undefined)?.Status;
    if (d.BackupPolicy === null || status === 'DISABLED' || status === 'DISABLING') backup = false;
    else if (status === 'ENABLED') backup = true;
    else backup = new Unknown(status === undefined ? 'the backup policy has no status' : `automatic backups are ${String(status)}`);
  }
  let regions: Maybe<string[]>;
  if (d.Replications === undefined) regions = new Unknown('replication configurations are not collected live (elasticfilesystem:DescribeReplicationConfigurations is not called)');
  else {
    const list = Array.isArray(d.Replications) ? (d.Replications as Raw[]) : [];
    regions = list.flatMap((r) => (Array.isArray(r.Destinations) ? (r.Destinations as Raw[]) : []).filter((x) => typeof x.Region === 'string' && x.Status !== 'DELETING' && x.Status !== 'ERROR').map((x) => x.Region as string));
  }
  const subnets: string[] | Unknown =
    typeof d.MountTargetsUnavailable === 'string'
      ? new Unknown(d.MountTargetsUnavailable)
      : (Array.isArray(d.MountTargets) ? (d.MountTargets as Raw[]) : []).filter((m) => typeof m.SubnetId === 'string' && !GONE.has(String(m.LifeCycleState))).map((m) => m.SubnetId as string);
  return {
    name: typeof d.Name === 'string' ? d.Name : undefined,
    availabilityZone: typeof d.AvailabilityZoneName === 'string' ? d.AvailabilityZoneName : undefined,
    availabilityZoneId: typeof d.AvailabilityZoneId === 'string' ? d.AvailabilityZoneId : undefined,
    backupPolicy: backup,
    replicationRegions: regions,
    subnets,
    origins: {
      name: `${p}Name`,
      availabilityZone: `${p}AvailabilityZoneName`,
      availabilityZoneId: `${p}AvailabilityZoneId`,
      backupPolicy: 'BackupPolicy.Status',
      replicationRegions: 'Replications[].Destinations[].Region',
    },
  };
}

export interface MountRef {
  /** Graph id of the workload (task definition or function ARN). */
  from: string;
  /** File system id (`fs-…`). */
  fileSystemId?: string;
  attribute: string;
  /** Why the file system cannot be told (an access point not listed). */
  reason?: string;
}

/** The file systems the unit's task definitions (EFS volumes) and Lambda functions (access points) mount. */
export function mountRefs(u: UnitData): MountRef[] {
  const out: MountRef[] = [];
  for (const it of u.items.taskDefinitions ?? []) {
    const id = typeof it.data.taskDefinitionArn === 'string' ? it.data.taskDefinitionArn : it.arn;
    if (!id) continue;
    const volumes = Array.isArray(it.data.volumes) ? (it.data.volumes as Raw[]) : [];
    volumes.forEach((v, i) => {
      const fsId = (v.efsVolumeConfiguration as Raw | undefined)?.fileSystemId;
      if (typeof fsId === 'string') out.push({ from: id, fileSystemId: fsId, attribute: `volumes[${i}].efsVolumeConfiguration.fileSystemId` });
    });
  }
  const accessPoints = new Map<string, string>();
  for (const ap of u.items.accessPoints ?? []) {
    if (typeof ap.data.AccessPointArn === 'string' && typeof ap.data.FileSystemId === 'string') accessPoints.set(ap.data.AccessPointArn, ap.data.FileSystemId);
  }
  for (const it of u.items.functions ?? []) {
    const id = typeof it.data.FunctionArn === 'string' ? it.data.FunctionArn : it.arn;
    if (!id) continue;
    const configs = Array.isArray(it.data.FileSystemConfigs) ? (it.data.FileSystemConfigs as Raw[]) : [];
    configs.forEach((c, i) => {
      const arn = c.Arn;
      if (typeof arn !== 'string') return;
      const attribute = `FileSystemConfigs[${i}].Arn`;
      const fsId = accessPoints.get(arn);
      if (fsId) out.push({ from: id, fileSystemId: fsId, attribute });
      else out.push({ from: id, attribute, reason: u.missing.get('accessPoints') ?? `access point ${arn} was not returned by elasticfilesystem:DescribeAccessPoints in ${u.account.id}/${u.region}` });
    });
  }
  return out;
}
