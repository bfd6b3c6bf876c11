/**
 * Terraform: which table a function's environment names when names repeat or
 * ARNs carry a Region — a legacy aws_dynamodb_global_table's same-named
 * tables (the workload's own Region's one), an ARN of a Region the table is
 * not in (no edge), an ARN of its replica's Region (the table).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/scan.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `from -> to @ line` of the connects-to edges to tables. */
async function tableEdges(hcl: string, files: Record<string, string> = {}): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'resilint-ddb-links-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'main.tf'), hcl);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const a = await analyze({ paths: [dir], root: dir });
  expect(a.errors).toEqual([]);
  return a.graph.edges
    .filter((e) => e.kind === 'connects-to' && a.graph.get(e.to)?.kind === 'db.table')
    .map((e) => `${e.from} -> ${e.to} @ ${e.location?.line}`)
    .sort();
}

const HEAD = `
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}
`;

const table = (name: string, tableName: string, provider = '', extra = '') => `
resource "aws_dynamodb_table" "${name}" {
  ${provider}
  name         = "${tableName}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  ${extra}
}
`;

const fn = (name: string, provider: string, variable: string) => `
resource "aws_lambda_function" "${name}" {
  ${provider}
  function_name = "${name}"
  role          = "arn:aws:iam::111122223333:role/lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = {
      ${variable}
    }
  }
}
`;

describe('Terraform table names in environments', () => {
  it("a legacy global table's name is its table in the function's own Region", async () => {
    const hcl = `${HEAD}${table('rates', 'fx-rates')}${table('rates_dr', 'fx-rates', 'provider = aws.dr')}
resource "aws_dynamodb_global_table" "rates" {
  name = "fx-rates"
  replica {
    region_name = "eu-west-1"
  }
  replica {
    region_name = "eu-central-1"
  }
}
${fn('quote', '', 'RATES_TABLE = "fx-rates"')}${fn('quote_dr', 'provider = aws.dr', 'RATES_TABLE = "fx-rates"')}`;
    const lines = hcl.split('\n');
    const at = (from: number) => lines.findIndex((l, i) => i >= from && l.includes('RATES_TABLE')) + 1;
    const first = at(0);
    const second = at(first);
    expect(await tableEdges(hcl)).toEqual([`aws_lambda_function.quote -> aws_dynamodb_table.rates @ ${first}`, `aws_lambda_function.quote_dr -> aws_dynamodb_table.rates_dr @ ${second}`]);
  });

  it("an ARN names the table in its own Region or a replica's, not in another one", async () => {
    const hcl = `${HEAD}${table('orders', 'orders', '', 'stream_enabled = true\n  stream_view_type = "NEW_AND_OLD_IMAGES"\n  replica {\n    region_name = "eu-central-1"\n  }')}${table('audit', 'audit')}
${fn('own', '', 'T = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"')}
${fn('replica', 'provider = aws.dr', 'T = "arn:aws:dynamodb:eu-central-1:111122223333:table/orders/index/by-customer"')}
${fn('elsewhere', '', 'T = "arn:aws:dynamodb:us-east-1:111122223333:table/audit"')}`;
    const edges = await tableEdges(hcl);
    expect(edges.map((e) => e.replace(/ @ \d+$/, ''))).toEqual(['aws_lambda_function.own -> aws_dynamodb_table.orders', 'aws_lambda_function.replica -> aws_dynamodb_table.orders']);
  });

  it('a table made by a module (terraform-aws-modules/dynamodb-table style) is named through its outputs', async () => {
    const module = `
variable "name" {
  type = string
}
resource "aws_dynamodb_table" "this" {
  count        = 1
  name         = var.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}
output "dynamodb_table_id" {
  value = try(aws_dynamodb_table.this[0].id, "")
}
output "dynamodb_table_arn" {
  value = try(aws_dynamodb_table.this[0].arn, "")
}
`;
    const hcl = `${HEAD}
module "orders_table" {
  source = "./modules/dynamodb-table"
  name   = "orders"
}
${fn('by_id', '', 'T = module.orders_table.dynamodb_table_id')}
${fn('by_arn', '', 'T = module.orders_table.dynamodb_table_arn')}`;
    const edges = await tableEdges(hcl, { 'modules/dynamodb-table/main.tf': module });
    expect(edges.map((e) => e.replace(/ @ \d+$/, ''))).toEqual([
      'aws_lambda_function.by_arn -> module.orders_table.aws_dynamodb_table.this[0]',
      'aws_lambda_function.by_id -> module.orders_table.aws_dynamodb_table.this[0]',
    ]);
  });
});
