/**
 * CloudFormation DynamoDB tables → db.table: a GlobalTable's settings and
 * tags are its stack Region's replica's; with the Region unknown, settings
 * every replica agrees on, else unknown, and the replica list keeps every
 * Region (replicasIncludeOwn).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../src/graph/types.js';
import { isUnknown } from '../../src/graph/values.js';
import { analyze } from '../../src/scan.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Orders:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      TableName: orders
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      BillingMode: PAY_PER_REQUEST
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
      Replicas:
        - Region: us-east-1
          DeletionProtectionEnabled: true
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
          Tags: [{ Key: tier, Value: critical }]
        - Region: us-west-2
          DeletionProtectionEnabled: false
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
          Tags: [{ Key: tier, Value: critical }]
`;

async function tableOf(region?: string): Promise<Resource<'db.table'>> {
  const dir = mkdtempSync(join(tmpdir(), 'resilint-ddb-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'table.yaml'), TEMPLATE);
  const result = await analyze({ paths: [dir], root: dir, region });
  expect(result.errors).toEqual([]);
  const t = result.graph.ofKind('db.table')[0] as Resource<'db.table'> | undefined;
  if (!t) throw new Error('no db.table');
  return t;
}

describe('AWS::DynamoDB::GlobalTable', () => {
  it('with the stack Region: the own replica gives the settings (and their line), the others are replicas', async () => {
    const t = await tableOf('us-west-2');
    expect(t.props.deletionProtection).toBe(false);
    expect(t.propOrigins.deletionProtection?.location?.line).toBe(17);
    expect(t.props.pointInTimeRecovery).toBe(true);
    expect(t.props.replicas).toEqual([{ region: 'us-east-1', declaredBy: `${t.address}.Replicas[0]` }]);
    expect(t.props.replicasIncludeOwn).toBeUndefined();
    expect(t.tags).toEqual({ tier: 'critical' });
  });

  it('without a Region: agreed settings are kept, differing ones are unknown, every replica listed', async () => {
    const t = await tableOf(undefined);
    expect(t.props.pointInTimeRecovery).toBe(true);
    expect(isUnknown(t.props.deletionProtection)).toBe(true);
    expect(t.props.replicasIncludeOwn).toBe(true);
    expect((t.props.replicas as { region: string }[]).map((r) => r.region)).toEqual(['us-east-1', 'us-west-2']);
    expect(t.tags).toEqual({ tier: 'critical' });
  });
});
