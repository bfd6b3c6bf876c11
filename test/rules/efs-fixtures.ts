import type { PropsByKind, Resource } from '../../src/graph/types.js';
import type { GraphFixture } from '../helpers/rule-tester.js';
import { tier } from '../helpers/rule-tester.js';

/** A Terraform aws_efs_file_system in efs.tf. */
export function fileSystem(g: GraphFixture, name: string, props: Partial<PropsByKind['storage.file-system']>, tierName: string, opts: { line?: number; lines?: Partial<Record<keyof PropsByKind['storage.file-system'], number>> } = {}): Resource<'storage.file-system'> {
  return g.add('storage.file-system', `aws_efs_file_system.${name}`, {
    file: 'efs.tf',
    ...(opts.line !== undefined ? { line: opts.line } : {}),
    props: { name, replicationRegions: [], ...props },
    attributes: { availabilityZone: 'availability_zone_name', backupPolicy: `aws_efs_backup_policy.${name}.backup_policy.status`, replicationRegions: 'destination' },
    ...(opts.lines ? { lines: opts.lines } : {}),
    tags: tier(tierName),
  });
}

/** A subnet in network.tf. */
export function subnet(g: GraphFixture, key: string, az: unknown): Resource<'network.subnet'> {
  return g.add('network.subnet', `aws_subnet.private["${key}"]`, { file: 'network.tf', props: { availabilityZone: az as string } });
}
