/**
 * Amazon EFS in Terraform: aws_efs_file_system → storage.file-system, and
 * what the other EFS resources add to it (contributors, not nodes):
 * aws_efs_mount_target (an in-subnet edge from the file system, written at
 * the mount target), aws_efs_backup_policy (automatic backups),
 * aws_efs_replication_configuration (a destination Region). Workloads that
 * mount it get `mounts` edges: an ECS task definition's
 * `volume.efs_volume_configuration.file_system_id`, a Lambda function's
 * `file_system_config.arn` through its aws_efs_access_point.
 *
 * An omitted backup policy stays absent: the rule reads AWS's default (on
 * for One Zone, off for Regional storage created through the API).
 */
import type { EdgeKind } from '../../../graph/types.js';
import { Unknown, type Maybe } from '../../../graph/values.js';
import { coercions, isObject, items, TERRAFORM_RULES } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { NormalizeInput } from '../input.js';
import { ResourceRef, type Value, type ValueObject } from '../expr/values.js';

const { toStr, objectList } = coercions(TERRAFORM_RULES);

export const EFS_CONTRIBUTORS = ['aws_efs_mount_target', 'aws_efs_backup_policy', 'aws_efs_replication_configuration'] as const;

const FILE_SYSTEM = ['aws_efs_file_system'];

interface TfBuilder extends NodeBuilder {
  readonly ri: NormalizeInput;
  readonly v: ValueObject;
}

/** What this module needs of the Terraform normalizer. */
export interface EfsLinks<B extends TfBuilder> {
  refs(b: B, value: Value | undefined, attribute: string, kind: EdgeKind, types: readonly string[]): string[];
  /** The input a reference names (a node or not), in `from`'s root module. */
  input(from: B, ref: ResourceRef): NormalizeInput | undefined;
  /** The node of one of `types` a value names (a reference, or a literal name the normalizer matches). */
  node(from: B, value: Value | undefined, types: readonly string[]): B | undefined;
  edge(from: string, to: string, kind: EdgeKind, at: B, attribute: string, data?: Record<string, unknown>): void;
  /** A builder for a contributor's own attributes (locations only). */
  self(ri: NormalizeInput): B;
}

export function buildFileSystem(b: TfBuilder): void {
  const v = b.v;
  const tags = v.tags;
  const nameTag = isObject(tags) ? tags.Name : undefined;
  b.prop('name', toStr(nameTag ?? v.creation_token), nameTag !== undefined ? 'tags.Name' : 'creation_token');
  const az = v.availability_zone_name;
  // An AZ (name or symbolic AZ) makes it One Zone; "" and null are not set.
  b.prop('availabilityZone', az === '' || az === null ? undefined : (toStr(az) ?? undefined), 'availability_zone_name');
  b.prop('backupPolicy', undefined);
  b.prop('replicationRegions', [], undefined);
}

/** Why a reference to `what` was not followed. */
function notFollowed(v: Value | undefined, what: string): string {
  if (v instanceof ResourceRef) return `${v.address} is not ${what} in the scanned configuration`;
  if (v instanceof Unknown) return v.reason;
  return typeof v === 'string' ? `"${v}" names ${what} outside the scanned configuration` : `no ${what} given`;
}

/** The `status` of a backup_policy block: ENABLED on, DISABLED off. */
function statusOf(v: Value | undefined): Maybe<boolean> {
  const blocks = objectList(v);
  if (blocks instanceof Unknown) return blocks;
  const status = toStr(blocks?.[0]?.status);
  if (status instanceof Unknown) return status;
  if (status === 'ENABLED') return true;
  if (status === 'DISABLED') return false;
  return new Unknown(status === undefined ? 'backup_policy sets no status' : `backup_policy status "${status}" is neither ENABLED nor DISABLED`);
}

/** A contributor adds to the file system its `file_system_id` (source_file_system_id) names. */
export function contributeEfs<B extends TfBuilder>(ri: NormalizeInput, links: EfsLinks<B>): void {
  const v = ri.value;
  const self = links.self(ri);
  switch (ri.type) {
    case 'aws_efs_mount_target': {
      const fs = links.node(self, v.file_system_id, FILE_SYSTEM);
      if (!fs) return;
      const subnet = links.node(self, v.subnet_id, ['aws_subnet']);
      if (subnet) links.edge(fs.id, subnet.id, 'in-subnet', self, 'subnet_id', { declaredBy: ri.address });
      else fs.unresolve('in-subnet', `${ri.address}.subnet_id`, notFollowed(v.subnet_id, 'a subnet'));
      return;
    }
    case 'aws_efs_backup_policy': {
      const fs = links.node(self, v.file_system_id, FILE_SYSTEM);
      if (!fs) return;
      fs.props.backupPolicy = statusOf(v.backup_policy);
      fs.origins.backupPolicy = { attribute: `${ri.address}.backup_policy.status`, location: ri.locate('backup_policy') };
      return;
    }
    case 'aws_efs_replication_configuration': {
      const fs = links.node(self, v.source_file_system_id, FILE_SYSTEM);
      if (!fs) return;
      const dest = objectList(v.destination);
      const regions: Maybe<string>[] = dest instanceof Unknown ? [dest] : (dest ?? []).map((d) => toStr(d.region) ?? toStr(d.availability_zone_name) ?? (ri.region ?? new Unknown(`${ri.address}: the destination Region is not set (the provider's Region)`)));
      const unknown = regions.find((r): r is Unknown => r instanceof Unknown);
      const list = fs.props.replicationRegions;
      if (unknown) fs.props.replicationRegions = unknown;
      else if (Array.isArray(list)) list.push(...(regions as string[]));
      fs.origins.replicationRegions = { attribute: `${ri.address}.destination`, location: ri.locate('destination') };
      return;
    }
  }
}

/**
 * `mounts` edges of a workload: an ECS task definition's EFS volumes, a
 * Lambda function's access point (whose file_system_id names the file
 * system). A reference the scan cannot follow is recorded as unresolved.
 */
export function workloadMounts<B extends TfBuilder>(b: B, links: EfsLinks<B>): void {
  const v = b.v;
  if (b.ri.type === 'aws_ecs_task_definition') {
    const volumes = objectList(v.volume);
    if (volumes instanceof Unknown) {
      b.unresolve('mounts', 'volume', volumes.reason);
      return;
    }
    for (const vol of volumes ?? []) {
      const efs = objectList(vol.efs_volume_configuration);
      if (efs instanceof Unknown) {
        b.unresolve('mounts', 'volume.efs_volume_configuration', efs.reason);
        continue;
      }
      for (const c of efs ?? []) links.refs(b, c.file_system_id, 'volume.efs_volume_configuration.file_system_id', 'mounts', FILE_SYSTEM);
    }
    return;
  }
  if (b.ri.type === 'aws_lambda_function') {
    const configs = objectList(v.file_system_config);
    if (configs instanceof Unknown) {
      b.unresolve('mounts', 'file_system_config', configs.reason);
      return;
    }
    const attribute = 'file_system_config.arn';
    for (const c of configs ?? []) {
      for (const arn of items(c.arn)) {
        if (!(arn instanceof ResourceRef)) {
          b.unresolve('mounts', attribute, arn instanceof Unknown ? arn.reason : `access point "${String(arn)}" is not in the scanned configuration`);
          continue;
        }
        const ap = links.input(b, arn);
        if (ap?.type !== 'aws_efs_access_point') {
          b.unresolve('mounts', attribute, ap ? `${arn.address} is a ${ap.type}, not an aws_efs_access_point` : `${arn.address} is not in the scanned configuration`);
          continue;
        }
        const fs = links.node(b, ap.value.file_system_id, FILE_SYSTEM);
        if (fs) links.edge(b.id, fs.id, 'mounts', b, attribute, { accessPoint: ap.address });
        else b.unresolve('mounts', attribute, `the file system of ${ap.address} is not in the scanned configuration`);
      }
    }
  }
}
