/**
 * Terraform DynamoDB tables → db.table: replica blocks, an
 * aws_dynamodb_table_replica (its provider's Region), a legacy
 * aws_dynamodb_global_table joining same-named tables of two Regions, and
 * what stays unknown offline.
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

async function tables(hcl: string): Promise<Map<string, Resource<'db.table'>>> {
  const dir = mkdtempSync(join(tmpdir(), 'resilint-ddb-tf-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'main.tf'), hcl);
  const a = await analyze({ paths: [dir], root: dir });
  expect(a.errors).toEqual([]);
  return new Map(a.graph.ofKind('db.table').map((t) => [t.address, t as Resource<'db.table'>]));
}

const PROVIDERS = `
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}
`;

describe('aws_dynamodb_table', () => {
  it('legacy aws_dynamodb_global_table: each same-named table gets the other Region as a replica', async () => {
    const t = await tables(`${PROVIDERS}
resource "aws_dynamodb_table" "primary" {
  name     = "orders"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}
resource "aws_dynamodb_table" "secondary" {
  provider = aws.dr
  name     = "orders"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}
resource "aws_dynamodb_global_table" "orders" {
  name = "orders"
  replica {
    region_name = "eu-west-1"
  }
  replica {
    region_name = "eu-central-1"
  }
}
`);
    expect(t.get('aws_dynamodb_table.primary')!.props.replicas).toEqual([{ region: 'eu-central-1', declaredBy: 'aws_dynamodb_global_table.orders.replica[1]' }]);
    expect(t.get('aws_dynamodb_table.secondary')!.props.replicas).toEqual([{ region: 'eu-west-1', declaredBy: 'aws_dynamodb_global_table.orders.replica[0]' }]);
    expect(t.get('aws_dynamodb_table.primary')!.props.pointInTimeRecovery).toBeUndefined();
  });

  it('replica blocks from a dynamic block over a variable without value are unknown; enabled from it too', async () => {
    const hcl = `${PROVIDERS}
variable "replica_regions" {
  type = list(string)
}
variable "pitr" {
  type = bool
}
resource "aws_dynamodb_table" "this" {
  name     = "events"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  point_in_time_recovery {
    enabled = var.pitr
  }
  dynamic "replica" {
    for_each = var.replica_regions
    content {
      region_name = replica.value
    }
  }
}
`;
    const t = await tables(hcl);
    const r = t.get('aws_dynamodb_table.this')!;
    expect(isUnknown(r.props.replicas)).toBe(true);
    expect(isUnknown(r.props.pointInTimeRecovery)).toBe(true);
    expect(r.propOrigins.pointInTimeRecovery?.location?.line).toBe(hcl.split('\n').findIndex((l) => l.includes('enabled = var.pitr')) + 1);
  });
});
