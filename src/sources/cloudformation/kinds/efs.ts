/**
 * Amazon EFS in CloudFormation: AWS::EFS::FileSystem → storage.file-system
 * (AvailabilityZoneName → One Zone, BackupPolicy.Status, the Regions of
 * ReplicationConfiguration.Destinations), AWS::EFS::MountTarget (a
 * contributor: an in-subnet edge from its file system, written at the mount
 * target), and the `mounts` edges of the workloads: an ECS task definition's
 * Volumes[].EFSVolumeConfiguration.FilesystemId, a Lambda function's
 * FileSystemConfigs[].Arn through its AWS::EFS::AccessPoint.
 *
 * An omitted BackupPolicy stays absent: the rule reads AWS's default (on
 * for One Zone, off for Regional storage).
 */
import type { EdgeKind } from '../../../graph/types.js';
import { Unknown, type Maybe } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions, items } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { EvaluatedResource } from '../normalize.js';
import { isObject, StackRef, type Value } from '../values.js';
import { SAM_FUNCTION } from '../sam.js';
import type { CfnNode } from './lb.js';

const { toStr } = coercions(CLOUDFORMATION_RULES);

const FILE_SYSTEM = ['AWS::EFS::FileSystem'];

export interface CfnEfsLinks<B extends CfnNode> {
  refs(b: B, value: Value | undefined, attribute: string, kind: EdgeKind, types: readonly string[]): string[];
  edge(from: string, to: string, kind: EdgeKind, at: NodeBuilder, attribute: string, data?: Record<string, unknown>): void;
  /** The node of `types` a value written in `from` names. */
  node(from: B, value: Value | undefined, types: readonly string[]): B | undefined;
  /** The template resource a reference names (a node or not). */
  resource(value: Value | undefined): EvaluatedResource | undefined;
}

export function buildFileSystem(b: CfnNode): void {
  const tags = b.get('FileSystemTags');
  const nameTag = Array.isArray(tags) ? tags.find((t) => isObject(t) && t.Key === 'Name') : undefined;
  b.prop('name', isObject(nameTag) ? toStr(nameTag.Value) : undefined, 'FileSystemTags');
  b.prop('availabilityZone', toStr(b.get('AvailabilityZoneName')), 'AvailabilityZoneName');
  const policy = b.get('BackupPolicy');
  let backup: Maybe<boolean>;
  if (policy !== undefined) {
    const status = toStr(b.get('BackupPolicy.Status'));
    backup = status instanceof Unknown ? status : status === 'ENABLED' ? true : status === 'DISABLED' ? false : new Unknown(status === undefined ? 'BackupPolicy sets no Status' : `BackupPolicy Status "${status}" is neither ENABLED nor DISABLED`);
  }
  b.prop('backupPolicy', policy instanceof Unknown ? policy : backup, 'BackupPolicy.Status');
  const dests = b.get('ReplicationConfiguration.Destinations');
  let regions: Maybe<string[]>;
  if (dests === undefined) regions = [];
  else if (dests instanceof Unknown) regions = dests;
  else {
    const list = items(dests).map((d): Maybe<string> => (isObject(d) ? (toStr(d.Region) ?? b.r.stack.env.region ?? new Unknown('a replication destination without Region: the stack\'s Region, not known offline')) : d instanceof Unknown ? d : new Unknown('a destination is not a mapping')));
    const unknown = list.find((x): x is Unknown => x instanceof Unknown);
    regions = unknown ?? (list as string[]);
  }
  b.prop('replicationRegions', regions, 'ReplicationConfiguration.Destinations');
}

/** AWS::EFS::MountTarget: an in-subnet edge from the file system, or why its subnet is not known. */
export function contributeMountTarget<B extends CfnNode>(self: B, links: CfnEfsLinks<B>): void {
  const fs = links.node(self, self.get('FileSystemId'), FILE_SYSTEM);
  if (!fs) return;
  const subnet = links.node(self, self.get('SubnetId'), ['AWS::EC2::Subnet']);
  if (subnet) {
    links.edge(fs.id, subnet.id, 'in-subnet', self, 'SubnetId', { declaredBy: self.r.address });
    return;
  }
  const v = self.get('SubnetId');
  const reason = v instanceof StackRef ? `${v.address} is not a subnet in the scanned templates` : v instanceof Unknown ? v.reason : typeof v === 'string' ? `"${v}" names a subnet outside the scanned templates` : 'SubnetId is not set';
  fs.unresolve('in-subnet', `${self.r.address}.SubnetId`, self.r.conditionUnknown ? `${self.r.address} exists only if its condition holds: ${self.r.conditionUnknown.reason}` : reason);
}

/** `mounts` edges of an ECS task definition's EFS volumes and of a Lambda function's access points. */
export function workloadMounts<B extends CfnNode>(b: B, links: CfnEfsLinks<B>): void {
  if (b.r.type === 'AWS::ECS::TaskDefinition') {
    const volumes = b.get('Volumes');
    if (volumes instanceof Unknown) {
      b.unresolve('mounts', 'Volumes', volumes.reason);
      return;
    }
    items(volumes).forEach((vol, i) => {
      if (vol instanceof Unknown) {
        b.unresolve('mounts', `Volumes.${i}`, vol.reason);
        return;
      }
      if (!isObject(vol) || vol.EFSVolumeConfiguration === undefined) return;
      const c = vol.EFSVolumeConfiguration;
      const id = isObject(c) ? c.FilesystemId : c;
      links.refs(b, id, `Volumes.${i}.EFSVolumeConfiguration.FilesystemId`, 'mounts', FILE_SYSTEM);
    });
    return;
  }
  if (b.r.type !== 'AWS::Lambda::Function' && b.r.type !== SAM_FUNCTION) return;
  const configs = b.get('FileSystemConfigs');
  if (configs instanceof Unknown) {
    b.unresolve('mounts', 'FileSystemConfigs', configs.reason);
    return;
  }
  items(configs).forEach((c, i) => {
    const attribute = `FileSystemConfigs.${i}.Arn`;
    const arn = isObject(c) ? c.Arn : c;
    const ap = links.resource(arn);
    if (ap?.type !== 'AWS::EFS::AccessPoint' || !isObject(ap.props)) {
      b.unresolve('mounts', attribute, arn instanceof StackRef ? `${arn.address} is not an AWS::EFS::AccessPoint` : arn instanceof Unknown ? arn.reason : `access point "${String(arn)}" is not in the scanned templates`);
      return;
    }
    const fs = links.node(b, ap.props.FileSystemId, FILE_SYSTEM);
    if (fs) links.edge(b.id, fs.id, 'mounts', b, attribute, { accessPoint: ap.address });
    else b.unresolve('mounts', attribute, `the file system of ${ap.address} is not in the scanned templates`);
  });
}
