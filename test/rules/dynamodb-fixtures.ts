import type { PropsByKind, Resource } from '../../src/graph/types.js';
import type { GraphFixture } from '../helpers/rule-tester.js';
import { tier } from '../helpers/rule-tester.js';

export const TOKYO = 'ap-northeast-1';
export const OSAKA = 'ap-northeast-3';
export const SEOUL = 'ap-northeast-2';

/** A Terraform aws_dynamodb_table in tables.tf, its attributes at the given lines. */
export function table(
  g: GraphFixture,
  name: string,
  props: Partial<PropsByKind['db.table']>,
  tierName: string,
  opts: { region?: string; line?: number; lines?: Partial<Record<keyof PropsByKind['db.table'], number>>; file?: string } = {},
): Resource<'db.table'> {
  return g.add('db.table', `aws_dynamodb_table.${name}`, {
    file: opts.file ?? 'tables.tf',
    ...(opts.line !== undefined ? { line: opts.line } : {}),
    props: { name, replicas: [], ...props },
    attributes: { pointInTimeRecovery: 'point_in_time_recovery.enabled', deletionProtection: 'deletion_protection_enabled', replicas: 'replica' },
    ...(opts.lines ? { lines: opts.lines } : {}),
    tags: tier(tierName),
    ...(opts.region ? { provenance: { region: opts.region } } : {}),
  });
}
