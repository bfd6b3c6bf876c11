import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import { coverage, mountersOf, mountTargetAzs, storageOf } from '../src/analysis/file-system.js';
import type { Resource } from '../src/graph/types.js';
import { fileSystemRequirements } from '../src/policy/file-system.js';

type Options = Record<string, never>;

const options = {
  type: 'object',
  additionalProperties: false,
  properties: {},
  required: [],
} as unknown as JSONSchemaType<Options>;

const messages = {
  covers: '{{name}} has mount targets in {{azs}}, every AZ its workloads run in ({{workloads}})',
  spans: '{{name}} has mount targets in {{azCount}} AZs ({{azs}}); no workload mounting it is in the scan, and tier {{tier}} requires ≥ {{minAzs}}',
  missing: '{{name}} has no mount target in {{missing}}, where {{workloads}} run: there they depend on a mount target in another AZ and lose the file system with that AZ (mount targets in {{azs}})',
  tooFew: '{{name}} has mount targets in only {{azCount}} AZ(s) ({{azs}}); no workload mounting it is in the scan, and tier {{tier}} requires ≥ {{minAzs}}',
  cannotTell: '{{name}}: cannot tell whether its mount targets cover the AZs it is used from (tier {{tier}}): {{reason}}',
};

export default defineRule({
  id: 'efs-mount-target-azs',
  meta: {
    title: 'EFS file systems have a mount target in every AZ their workloads run in',
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['EFS-MOUNT', 'SPOF'],
    rationale:
      'EFS-MOUNT: clients reach a Regional file system through a mount target in their own AZ; AWS recommends one in every AZ the clients run in. ' +
      'A workload in an AZ without one mounts through another AZ\'s mount target, and loses the file system when that AZ fails although its own AZ and the data are fine. ' +
      'The workloads are the ECS services whose task definition mounts the file system (volume.efs_volume_configuration) and the Lambda functions whose access point belongs to it; ' +
      'when none is in the scan, the mount targets must span the tier\'s minimum AZs (tiers.<tier>.fileSystem.minAzs). One Zone file systems (a single mount target by design) are left to efs-one-zone.',
    remediation: {
      terraform: 'resource "aws_efs_mount_target" "<name>" { for_each = toset(<private subnet ids, one per AZ>)  file_system_id = aws_efs_file_system.<name>.id  subnet_id = each.value  security_groups = [...] } (terraform-aws-modules/efs: mount_targets = { for each AZ }).',
      cloudformation: 'One AWS::EFS::MountTarget per AZ the workloads use: { FileSystemId: !Ref FileSystem, SubnetId: <subnet in that AZ>, SecurityGroups: [...] }.',
      console: 'EFS console → the file system → Network → Manage → Add mount target: one subnet in each AZ the clients run in.',
      cli: 'aws efs create-mount-target --file-system-id fs-… --subnet-id subnet-<AZ> --security-groups sg-…',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/efs/latest/ug/accessing-fs.html',
    references: ['https://docs.aws.amazon.com/efs/latest/ug/manage-fs-access.html'],
    tierSettings: ['fileSystem.minAzs'],
    tags: ['resilience', 'storage', 'spof'],
  },
  options,
  appliesTo: ['storage.file-system'],
  check(resource, ctx) {
    const { minAzs } = fileSystemRequirements(ctx.tier.requirements);
    if (minAzs < 2) return;
    const fs = resource as Resource<'storage.file-system'>;
    const storage = storageOf(fs);
    // One Zone has its single mount target in its own AZ: efs-one-zone judges it.
    if ('oneZone' in storage && storage.oneZone) return;
    const targets = mountTargetAzs(fs, ctx.graph);
    const location = ctx.graph.outgoing(fs.id, 'in-subnet')[0]?.location;
    const mounters = mountersOf(fs, ctx.graph);
    const workloads = mounters.map((m) => m.workload.address);
    const at = (actual: unknown): At => ({
      ...(location ? { location } : {}),
      evidence: { expected: mounters.length ? { azsOf: workloads } : { minAzs }, actual, related: [...('reason' in targets ? [] : targets.subnets), ...workloads] },
    });
    if ('unknown' in storage) {
      ctx.unknown('cannotTell', { reason: storage.unknown }, { prop: 'availabilityZone', evidence: { expected: { minAzs }, actual: null } });
      return;
    }
    if ('reason' in targets) {
      // No mount target at all. Live, nothing can mount it; in configuration they may be declared elsewhere (another stack or root).
      if (!ctx.graph.outgoing(fs.id, 'in-subnet').length && !fs.unresolved.some((u) => u.edge === 'in-subnet')) {
        if (fs.provenance.source !== 'aws') {
          ctx.unknown('cannotTell', { reason: 'no mount target of it in the scanned configuration: declared in another stack or root module, or none' }, at(null));
          return;
        }
        if (mounters.length) ctx.fail('missing', { missing: 'any AZ', workloads: workloads.join(', '), azs: 'no AZ' }, at({ azs: [] }));
        else ctx.fail('tooFew', { azCount: '0', azs: 'none in the scan', minAzs }, at({ azs: [] }));
        return;
      }
      ctx.unknown('cannotTell', { reason: `mount targets: ${targets.reason}` }, at(null));
      return;
    }
    const azs = targets.labels.join(', ');
    if (mounters.length > 0) {
      const c = coverage(mounters, targets.identities);
      const actual = { azs: targets.labels, missing: c.missing.map((m) => m.az) };
      if (c.missing.length > 0) {
        const users = [...new Set(c.missing.flatMap((m) => m.workloads))].sort();
        ctx.fail('missing', { missing: c.missing.map((m) => m.az).join(', '), workloads: users.join(', '), azs }, at(actual));
      } else if (c.doubts.length > 0 || targets.doubts.length > 0) {
        ctx.unknown('cannotTell', { reason: [...targets.doubts, ...c.doubts].join('; ') }, at(actual));
      } else ctx.pass('covers', { azs, workloads: workloads.join(', ') }, at(actual));
      return;
    }
    const span = targets.min === targets.max ? `${targets.min}` : `${targets.min}–${targets.max}`;
    const actual = { azs: targets.labels };
    if (targets.max < minAzs) ctx.fail('tooFew', { azCount: span, azs, minAzs }, at(actual));
    else if (targets.min < minAzs) ctx.unknown('cannotTell', { reason: `mount targets span ${span} AZs (${azs}): ${targets.doubts.join('; ')}` }, at(actual));
    else ctx.pass('spans', { azCount: span, azs, minAzs }, at(actual));
  },
});
