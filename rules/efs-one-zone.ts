import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { storageOf } from '../src/analysis/file-system.js';
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
  regional: '{{name}} uses Regional storage (stored redundantly across AZs); tier {{tier}} does not allow One Zone storage',
  oneZone: '{{name}} is an EFS One Zone file system in {{az}}: its data is stored in that AZ only and is unavailable (or lost) with it; tier {{tier}} does not allow One Zone storage',
  cannotTell: '{{name}}: cannot tell whether it is One Zone (tier {{tier}} does not allow it): {{reason}}',
};

export default defineRule({
  id: 'efs-one-zone',
  meta: {
    title: 'File systems of critical and high workloads do not use EFS One Zone storage',
    // The only copy of the data sits in one AZ.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['EFS-ONEZONE', 'SPOF'],
    rationale:
      'EFS-ONEZONE (single-AZ storage): an EFS One Zone file system stores its data in one AZ. ' +
      'AWS: "in the unlikely case of the loss or damage to all or part of the AZ, data that is stored in a One Zone file system may be lost", and it is unavailable while that AZ is. ' +
      'Regional (Standard) storage keeps the data in several AZs. Critical and high tiers (policy tiers.<tier>.fileSystem.allowOneZone = false) must not keep their files in One Zone storage.',
    remediation: {
      terraform: 'aws_efs_file_system: remove availability_zone_name (Regional storage). The storage class cannot be changed in place: create a Regional file system, copy the data (AWS DataSync or a restore from AWS Backup), switch the mounts.',
      cloudformation: 'AWS::EFS::FileSystem: remove AvailabilityZoneName (a replacement: copy the data to the new file system, e.g. with AWS DataSync or an AWS Backup restore).',
      console: 'EFS console → Create file system → Storage class: Regional; restore the One Zone file system\'s latest backup into it (AWS Backup → Restore → new file system, Regional), then move the mount targets\' clients.',
      cli: 'aws efs create-file-system --performance-mode generalPurpose --encrypted --backup (no --availability-zone-name), then copy the data with AWS DataSync or restore a recovery point.',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/efs/latest/ug/availability-durability.html',
    tierSettings: ['fileSystem.allowOneZone'],
    tags: ['resilience', 'storage', 'spof'],
  },
  options,
  appliesTo: ['storage.file-system'],
  check(resource, ctx) {
    if (fileSystemRequirements(ctx.tier.requirements).allowOneZone) return;
    const fs = resource as Resource<'storage.file-system'>;
    const s = storageOf(fs);
    const evidence = { expected: { oneZone: false }, actual: 'unknown' in s ? null : { oneZone: s.oneZone, ...(s.oneZone ? { availabilityZone: s.label } : {}) } };
    if ('unknown' in s) ctx.unknown('cannotTell', { reason: s.unknown }, { prop: 'availabilityZone', evidence });
    else if (s.oneZone) ctx.fail('oneZone', { az: s.label }, { prop: 'availabilityZone', evidence });
    else ctx.pass('regional', {}, { evidence });
  },
});
