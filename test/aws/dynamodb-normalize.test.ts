/**
 * DescribeTable records (as the DynamoDB API reference shapes them) →
 * db.table: global table replicas other than the table's own Region and in
 * a usable state, PITR from DescribeContinuousBackups, and what could not
 * be read stays unknown.
 */
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/graph/types.js';
import { isUnknown } from '../../src/graph/values.js';
import { normalizeUnits } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push, type Raw } from '../../src/sources/aws/unit.js';

const ACCOUNT = '111122223333';
const ARN = `arn:aws:dynamodb:ap-northeast-1:${ACCOUNT}:table/orders`;

function normalize(table: Raw): Resource<'db.table'> {
  const u = emptyUnit({ id: ACCOUNT }, 'ap-northeast-1');
  push(u, 'tables', table);
  const out = normalizeUnits([u]);
  const t = out.resources.find((r) => r.kind === 'db.table') as Resource<'db.table'> | undefined;
  if (!t) throw new Error('no table');
  return t;
}

describe('live DynamoDB tables', () => {
  it('replicas: own Region and unusable replicas left out', () => {
    const t = normalize({
      TableName: 'orders',
      TableArn: ARN,
      DeletionProtectionEnabled: true,
      Replicas: [
        { RegionName: 'ap-northeast-1', ReplicaStatus: 'ACTIVE' },
        { RegionName: 'ap-northeast-3', ReplicaStatus: 'ACTIVE' },
        { RegionName: 'us-west-2', ReplicaStatus: 'CREATION_FAILED' },
      ],
      ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } },
      Tags: [{ Key: 'tier', Value: 'critical' }],
    });
    expect(t.id).toBe(ARN);
    expect(t.provenance.region).toBe('ap-northeast-1');
    expect(t.props.replicas).toEqual([{ region: 'ap-northeast-3', declaredBy: 'replica ap-northeast-3 (ACTIVE)' }]);
    expect(t.props.pointInTimeRecovery).toBe(true);
    expect(t.props.deletionProtection).toBe(true);
    expect(t.tags).toEqual({ tier: 'critical' });
  });

  it('absent DeletionProtectionEnabled is off; PITR DISABLED is off', () => {
    const t = normalize({ TableName: 'carts', TableArn: ARN, ContinuousBackupsDescription: { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } }, Tags: [] });
    expect(t.props.deletionProtection).toBe(false);
    expect(t.props.pointInTimeRecovery).toBe(false);
    expect(t.props.replicas).toEqual([]);
  });

  it('backups or tags that could not be read are unknown, never off or untagged', () => {
    const t = normalize({ TableName: 'audit', TableArn: ARN, ContinuousBackupsUnavailable: 'dynamodb:DescribeContinuousBackups failed in 111122223333/ap-northeast-1', TagsUnavailable: 'dynamodb:ListTagsOfResource failed in 111122223333/ap-northeast-1' });
    expect(isUnknown(t.props.pointInTimeRecovery)).toBe(true);
    expect(isUnknown(t.tags)).toBe(true);
  });
});
