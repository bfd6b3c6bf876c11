/**
 * AZ identities in the Terraform source: `data.aws_availability_zones`
 * (symbolic without a Region, names with one), variables without value,
 * slice / element / length / toset / ==, module inputs, provider aliases
 * and for_each over symbolic AZs.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compareAz, countDistinctAzs } from '../../src/analysis/az.js';
import { SymbolicAz } from '../../src/graph/az.js';
import { regionAzIdCandidates } from '../../src/sources/terraform/expr/az.js';
import { parsePolicy } from '../../src/policy/load.js';
import { scan } from '../../src/scan.js';
import { Unknown } from '../../src/graph/values.js';
import { scanTerraform, type TerraformSourceOptions, type TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { props, reasonOf, resource } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Scan files written to a fresh directory (`{ 'main.tf': '…', 'modules/net/main.tf': '…' }`). */
async function scanFiles(files: Record<string, string>, options: Partial<TerraformSourceOptions> = {}): Promise<TerraformSourceOutput> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-az-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return scanTerraform({ root: dir, paths: [dir], ...options });
}

function azOf(out: TerraformSourceOutput, id: string): unknown {
  return props(out, id).availabilityZone;
}

function symbolic(v: unknown): SymbolicAz {
  if (!(v instanceof SymbolicAz)) throw new Error(`expected a symbolic AZ, got ${v instanceof Unknown ? `Unknown(${v.reason})` : JSON.stringify(v)}`);
  return v;
}

const AZS = `data "aws_availability_zones" "available" {
  state = "available"
}
`;

const SUBNETS = `resource "aws_subnet" "private" {
  count             = 3
  vpc_id            = "vpc-0abc"
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}
`;

describe('data.aws_availability_zones', () => {
  it('without a Region: names[i] is element i of the data source, told apart from the other elements', async () => {
    const out = await scanFiles({ 'main.tf': AZS + SUBNETS });
    expect(out.errors).toEqual([]);
    const [a, b, c] = [0, 1, 2].map((i) => symbolic(azOf(out, `aws_subnet.private[${i}]`)));
    expect(a.label).toBe('AZ #1 of data.aws_availability_zones.available');
    expect(c.label).toBe('AZ #3 of data.aws_availability_zones.available');
    expect(a.origin).toMatchObject({ label: 'data.aws_availability_zones.available', distinct: true });
    expect(a.origin.region).toBeUndefined();
    expect(compareAz(a, b)).toBe('different');
    expect(compareAz(a, symbolic(azOf(out, 'aws_subnet.private[0]')))).toBe('same');
    expect(countDistinctAzs([a, b, c, a])).toMatchObject({ min: 3, max: 3 });
    expect(a.toJSON()).toEqual({ unknown: true, reason: 'AZ #1 of data.aws_availability_zones.available', az: { list: 'data.aws_availability_zones.available', index: 0 } });
  });

  it('with the provider Region: the Region\'s AZ names; exclude_names is applied', async () => {
    const out = await scanFiles({
      'main.tf': `provider "aws" {
  region = "eu-west-1"
}
data "aws_availability_zones" "available" {
  exclude_names = ["eu-west-1a"]
}
${SUBNETS.replace('count             = 3', 'count             = 2')}`,
    });
    expect(out.errors).toEqual([]);
    expect(azOf(out, 'aws_subnet.private[0]')).toBe('eu-west-1b');
    expect(azOf(out, 'aws_subnet.private[1]')).toBe('eu-west-1c');
  });

  it('a region from a variable with a value; the scan Region for a provider without one; the policy overrides the table', async () => {
    const withVar = await scanFiles({
      'main.tf': `variable "region" {
  default = "ap-northeast-1"
}
provider "aws" {
  region = var.region
}
${AZS}${SUBNETS}`,
    });
    expect(withVar.errors).toEqual([]);
    expect([0, 1, 2].map((i) => azOf(withVar, `aws_subnet.private[${i}]`))).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);

    const scanRegion = await scanFiles({ 'main.tf': AZS + SUBNETS }, { region: 'us-east-2' });
    expect(azOf(scanRegion, 'aws_subnet.private[2]')).toBe('us-east-2c');

    const overridden = await scanFiles({ 'main.tf': AZS + SUBNETS.replace('count             = 3', 'count             = 2') }, { region: 'eu-west-1', availabilityZones: { 'eu-west-1': ['eu-west-1b', 'eu-west-1c'] } });
    expect(azOf(overridden, 'aws_subnet.private[0]')).toBe('eu-west-1b');
  });

  it('a name beyond the Region\'s zones is an error at the index, as in Terraform', async () => {
    const out = await scanFiles({ 'main.tf': AZS + SUBNETS }, { region: 'us-west-1' });
    expect(azOf(out, 'aws_subnet.private[1]')).toBe('us-west-1b');
    expect(azOf(out, 'aws_subnet.private[2]')).toBeInstanceOf(Unknown);
    expect(out.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual(['main.tf:8 availability_zone: index 2 is out of range for data.aws_availability_zones.available.names, which has 2 elements']);
  });

  it('filters that cannot be applied offline keep the list symbolic, with the Region', async () => {
    const out = await scanFiles(
      {
        'main.tf': `data "aws_availability_zones" "available" {
  exclude_zone_ids = ["use1-az3"]
}
${SUBNETS}`,
      },
      { region: 'us-east-1' },
    );
    const a = symbolic(azOf(out, 'aws_subnet.private[0]'));
    expect(a.origin.region).toBe('us-east-1');
    expect(compareAz(a, azOf(out, 'aws_subnet.private[1]'))).toBe('different');
  });

  it('the default opt-in filter of terraform-aws-modules examples is what the table lists', async () => {
    const out = await scanFiles({
      'main.tf': `provider "aws" {
  region = "eu-central-1"
}
data "aws_availability_zones" "available" {
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}
${SUBNETS}`,
    });
    expect(azOf(out, 'aws_subnet.private[2]')).toBe('eu-central-1c');
  });

  it('two data sources with the same arguments and provider are one list; other arguments are another list', async () => {
    const out = await scanFiles({
      'main.tf': `data "aws_availability_zones" "a" {}
data "aws_availability_zones" "b" {
  state = "available"
}
data "aws_availability_zones" "c" {
  all_availability_zones = true
}
resource "aws_subnet" "a" {
  vpc_id            = "vpc-1"
  availability_zone = data.aws_availability_zones.a.names[0]
}
resource "aws_subnet" "b" {
  vpc_id            = "vpc-1"
  availability_zone = data.aws_availability_zones.b.names[1]
}
resource "aws_subnet" "c" {
  vpc_id            = "vpc-1"
  availability_zone = data.aws_availability_zones.c.names[1]
}
`,
    });
    const [a, b, c] = ['a', 'b', 'c'].map((n) => azOf(out, `aws_subnet.${n}`));
    // state = "available" is not the default (no filter), so a and b are different data source arguments: cannot tell.
    expect(compareAz(a, b)).toBe('unknown');
    expect(compareAz(b, c)).toBe('unknown');
  });

  it('zone_ids are AZ IDs: never equal to a name; other attributes are read at plan time', async () => {
    const out = await scanFiles({
      'main.tf': `${AZS}
resource "aws_subnet" "by_id" {
  vpc_id               = "vpc-1"
  availability_zone_id = data.aws_availability_zones.available.zone_ids[0]
}
resource "aws_subnet" "by_name" {
  vpc_id            = "vpc-1"
  availability_zone = data.aws_availability_zones.available.names[0]
  cidr_block        = data.aws_availability_zones.available.id
}
`,
    });
    expect(out.errors).toEqual([]);
    const id = symbolic(azOf(out, 'aws_subnet.by_id'));
    expect(id.label).toBe('AZ #1 of data.aws_availability_zones.available.zone_ids');
    expect(compareAz(id, azOf(out, 'aws_subnet.by_name'))).toBe('unknown');
    expect(reasonOf(props(out, 'aws_subnet.by_name').cidr)).toBe('data source data.aws_availability_zones.available is read at plan time');
  });

  it('data.aws_availability_zone with a literal name is that name', async () => {
    const out = await scanFiles({
      'main.tf': `data "aws_availability_zone" "primary" {
  name = "eu-west-2b"
}
resource "aws_subnet" "a" {
  vpc_id            = "vpc-1"
  availability_zone = data.aws_availability_zone.primary.name
  cidr_block        = data.aws_availability_zone.primary.zone_id
}
`,
    });
    expect(out.errors).toEqual([]);
    expect(azOf(out, 'aws_subnet.a')).toBe('eu-west-2b');
    expect(props(out, 'aws_subnet.a').cidr).toBeInstanceOf(Unknown);
  });
});

describe('provider configurations', () => {
  it('provider = aws.alias takes that configuration\'s Region; a module gets one through providers = { aws = aws.x }', async () => {
    const out = await scanFiles({
      'main.tf': `provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
data "aws_availability_zones" "west" {
  provider = aws.west
}
resource "aws_subnet" "west" {
  provider          = aws.west
  vpc_id            = "vpc-1"
  availability_zone = data.aws_availability_zones.west.names[3]
}
module "inherited" {
  source = "./modules/net"
}
module "passed" {
  source = "./modules/net"
  providers = {
    aws = aws.west
  }
}
`,
      'modules/net/main.tf': `data "aws_availability_zones" "available" {}
resource "aws_subnet" "this" {
  vpc_id            = "vpc-1"
  availability_zone = data.aws_availability_zones.available.names[1]
}
`,
    });
    expect(out.errors).toEqual([]);
    expect(azOf(out, 'aws_subnet.west')).toBe('us-west-2d');
    expect(azOf(out, 'module.inherited.aws_subnet.this')).toBe('eu-west-1b');
    expect(azOf(out, 'module.passed.aws_subnet.this')).toBe('us-west-2b');
  });

  it('a provider region without value keeps the list symbolic, and says why', async () => {
    const out = await scanFiles({
      'main.tf': `variable "region" {
  type = string
}
provider "aws" {
  region = var.region
}
${AZS}
resource "aws_db_instance" "db" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  availability_zone = data.aws_availability_zones.available.names[0]
}
resource "aws_subnet" "sorted" {
  vpc_id            = "vpc-1"
  availability_zone = sort(data.aws_availability_zones.available.names)[0]
}
`,
    });
    expect(out.errors).toEqual([]);
    expect(symbolic(azOf(out, 'aws_db_instance.db')).label).toBe('AZ #1 of data.aws_availability_zones.available');
    // sort() is a permutation of names nobody knows: no element keeps its position.
    expect(azOf(out, 'aws_subnet.sorted')).not.toBeInstanceOf(SymbolicAz);
    expect(reasonOf(azOf(out, 'aws_subnet.sorted'))).toBe(
      'the availability zones of data.aws_availability_zones.available are not known offline: the region of its provider is unknown (variable region has no value)',
    );
  });
});

describe('variables without value', () => {
  it('element(var.azs, i) is element i mod length of var.azs; a non-AZ use keeps the old reason', async () => {
    const out = await scanFiles({
      'main.tf': `variable "azs" {
  type = list(string)
}
variable "public_subnet_ids" {
  type = list(string)
}
resource "aws_subnet" "private" {
  count             = 3
  vpc_id            = "vpc-1"
  availability_zone = element(var.azs, count.index)
}
resource "aws_subnet" "indexed" {
  vpc_id            = "vpc-1"
  availability_zone = var.azs[1]
  cidr_block        = var.azs
}
resource "aws_nat_gateway" "this" {
  subnet_id = var.public_subnet_ids[0]
}
`,
    });
    expect(out.errors).toEqual([]);
    const [a, b, c] = [0, 1, 2].map((i) => symbolic(azOf(out, `aws_subnet.private[${i}]`)));
    // 0 mod n is 0 for any length; 1 mod n and 2 mod n depend on it.
    expect(a.label).toBe('AZ #1 of var.azs');
    expect(b.label).toBe('AZ #(1 mod length + 1) of var.azs');
    expect(a.origin).toMatchObject({ key: 'var:.azs', label: 'var.azs', distinct: true });
    expect(compareAz(a, b)).toBe('unknown');
    expect(compareAz(b, c)).toBe('unknown');
    expect(compareAz(b, symbolic(azOf(out, 'aws_subnet.private[1]')))).toBe('same');
    const indexed = symbolic(azOf(out, 'aws_subnet.indexed'));
    expect(indexed.label).toBe('AZ #2 of var.azs');
    expect(reasonOf(props(out, 'aws_subnet.indexed').cidr)).toBe('variable azs has no value');
    expect(resource(out, 'aws_nat_gateway.this').unresolved).toEqual([{ edge: 'in-subnet', attribute: 'subnet_id', reason: 'variable public_subnet_ids has no value' }]);
  });

  it('a variable with a value is literal; a typed string or map variable stays a plain Unknown', async () => {
    const out = await scanFiles({
      'main.tf': `variable "azs" {
  default = ["eu-north-1a", "eu-north-1b"]
}
variable "az" {
  type = string
}
variable "settings" {}
resource "aws_subnet" "a" {
  vpc_id            = "vpc-1"
  availability_zone = element(var.azs, 3)
}
resource "aws_subnet" "b" {
  vpc_id            = "vpc-1"
  availability_zone = var.az
  cidr_block        = var.settings["cidr"]
}
`,
    });
    expect(out.errors).toEqual([]);
    expect(azOf(out, 'aws_subnet.a')).toBe('eu-north-1b');
    // An untyped variable without value may be a map: a string key is no error, just unknown.
    expect(reasonOf(props(out, 'aws_subnet.b').cidr)).toBe('variable settings has no value');
    const b = azOf(out, 'aws_subnet.b');
    expect(b).toBeInstanceOf(Unknown);
    expect(b).not.toBeInstanceOf(SymbolicAz);
  });
});

describe('functions and operators over symbolic AZ lists', () => {
  const LOCALS = `${AZS}
variable "azs" {}
locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}
`;

  it('slice() is a tuple of elements: length() is known, element() wraps at once, toset() keeps them', async () => {
    const out = await scanFiles({
      'main.tf': `${LOCALS}
resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = "vpc-1"
  availability_zone = local.azs[count.index]
}
resource "aws_subnet" "wrapped" {
  count             = 4
  vpc_id            = "vpc-1"
  availability_zone = element(local.azs, count.index)
}
resource "aws_subnet" "unknown_length" {
  vpc_id            = "vpc-1"
  availability_zone = element(var.azs, 4)
}
resource "aws_subnet" "set" {
  count             = length(toset(concat(local.azs, local.azs)))
  vpc_id            = "vpc-1"
  availability_zone = tolist(toset(local.azs))[count.index]
}
`,
    });
    expect(out.errors).toEqual([]);
    expect(out.resources.filter((r) => r.id.startsWith('aws_subnet.private[')).length).toBe(2);
    const first = symbolic(azOf(out, 'aws_subnet.private[0]'));
    expect(compareAz(azOf(out, 'aws_subnet.wrapped[2]'), first)).toBe('same');
    expect(compareAz(azOf(out, 'aws_subnet.wrapped[3]'), azOf(out, 'aws_subnet.private[1]'))).toBe('same');
    expect(symbolic(azOf(out, 'aws_subnet.unknown_length'))).toMatchObject({ index: 4, wrapped: true });
    expect(out.resources.filter((r) => r.id.startsWith('aws_subnet.set[')).length).toBe(2);
    expect(compareAz(azOf(out, 'aws_subnet.set[1]'), azOf(out, 'aws_subnet.private[1]'))).toBe('same');
  });

  it('sort(), reverse/concat of a whole list, and a set of a variable\'s AZs lose positions; == compares AZs', async () => {
    const out = await scanFiles({
      'main.tf': `${LOCALS}
resource "aws_subnet" "sorted" {
  vpc_id            = "vpc-1"
  availability_zone = sort(local.azs)[0]
}
resource "aws_subnet" "reversed" {
  vpc_id            = "vpc-1"
  availability_zone = reverse(local.azs)[0]
}
resource "aws_subnet" "concat" {
  vpc_id            = "vpc-1"
  availability_zone = concat(data.aws_availability_zones.available.names, ["x"])[0]
}
resource "aws_subnet" "var_set" {
  vpc_id            = "vpc-1"
  availability_zone = tolist(toset([var.azs[0], var.azs[1]]))[0]
  map_public_ip_on_launch = local.azs[0] == data.aws_availability_zones.available.names[1]
}
resource "aws_subnet" "compare" {
  vpc_id                  = "vpc-1"
  availability_zone       = [for az in local.azs : az][1]
  map_public_ip_on_launch = local.azs[1] == data.aws_availability_zones.available.names[1]
  cidr_block              = local.azs[0] == var.azs[0] ? "10.0.0.0/24" : "10.0.1.0/24"
}
`,
    });
    expect(out.errors).toEqual([]);
    for (const id of ['aws_subnet.sorted', 'aws_subnet.concat', 'aws_subnet.var_set']) {
      expect(azOf(out, id), id).toBeInstanceOf(Unknown);
      expect(azOf(out, id), id).not.toBeInstanceOf(SymbolicAz);
    }
    expect(symbolic(azOf(out, 'aws_subnet.reversed')).index).toBe(1);
    expect(symbolic(azOf(out, 'aws_subnet.compare')).index).toBe(1);
    expect(props(out, 'aws_subnet.var_set').mapPublicIpOnLaunch).toBe(false);
    expect(props(out, 'aws_subnet.compare').mapPublicIpOnLaunch).toBe(true);
    expect(props(out, 'aws_subnet.compare').cidr).toBeInstanceOf(Unknown);
  });

  it('distinct() and toset() drop the same AZ; a pair that may be the same AZ makes the size unknown', async () => {
    const out = await scanFiles({
      'main.tf': `${LOCALS}
resource "aws_subnet" "distinct" {
  count             = length(distinct([local.azs[0], data.aws_availability_zones.available.names[0], local.azs[1]]))
  vpc_id            = "vpc-1"
  availability_zone = local.azs[count.index]
}
resource "aws_subnet" "maybe" {
  count             = length(toset([element(var.azs, 1), element(var.azs, 2)]))
  vpc_id            = "vpc-1"
  availability_zone = element(var.azs, count.index)
}
resource "aws_subnet" "mixed" {
  count             = length(distinct(["us-east-1a", local.azs[0]]))
  vpc_id            = "vpc-1"
}
`,
    });
    expect(out.errors).toEqual([]);
    expect(out.resources.filter((r) => r.id.startsWith('aws_subnet.distinct[')).length).toBe(2);
    expect(out.coverage.map((c) => [c.scope, c.message])).toEqual([
      ['aws_subnet.maybe', expect.stringContaining('cannot tell whether AZ #(1 mod length + 1) of var.azs and AZ #(2 mod length + 1) of var.azs are the same AZ')],
      ['aws_subnet.mixed', expect.stringContaining('cannot tell whether us-east-1a and AZ #1 of data.aws_availability_zones.available are the same AZ')],
    ]);
  });

  it('a symbolic AZ in a string is just unknown', async () => {
    const out = await scanFiles({
      'main.tf': `${LOCALS}
resource "aws_subnet" "named" {
  vpc_id            = "vpc-1"
  availability_zone = local.azs[0]
  tags = {
    Name = "private-\${local.azs[0]}"
  }
}
`,
    });
    expect(out.errors).toEqual([]);
    const tag = resource(out, 'aws_subnet.named').tags;
    expect(tag).toMatchObject({ Name: expect.any(Unknown) });
    expect((tag as Record<string, unknown>).Name).not.toBeInstanceOf(SymbolicAz);
  });
});

describe('modules and for_each', () => {
  const VPC_MODULE = `variable "azs" {
  type = list(string)
}
resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = "vpc-1"
  availability_zone = var.azs[count.index]
}
resource "aws_subnet" "first" {
  vpc_id            = "vpc-1"
  availability_zone = element(var.azs, 0)
}
`;

  it('a module input carries the caller\'s symbolic AZs; an unset input is the module instance\'s own list', async () => {
    const out = await scanFiles({
      'main.tf': `${AZS}
locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}
module "vpc" {
  source = "./modules/vpc"
  azs    = local.azs
}
module "unset" {
  source = "./modules/vpc"
}
resource "aws_subnet" "root" {
  vpc_id            = "vpc-1"
  availability_zone = data.aws_availability_zones.available.names[2]
}
`,
      'modules/vpc/main.tf': VPC_MODULE,
    });
    expect(out.resources.filter((r) => r.id.startsWith('module.vpc.aws_subnet.private[')).length).toBe(3);
    expect(compareAz(azOf(out, 'module.vpc.aws_subnet.private[2]'), azOf(out, 'aws_subnet.root'))).toBe('same');
    expect(compareAz(azOf(out, 'module.vpc.aws_subnet.private[1]'), azOf(out, 'aws_subnet.root'))).toBe('different');
    // count = length(var.azs) of an unset input is unknown; element(var.azs, 0) is AZ #1 of that instance's list.
    const unset = symbolic(azOf(out, 'module.unset.aws_subnet.first'));
    expect(unset.origin).toMatchObject({ key: 'var:module.unset.azs', label: 'module.unset.var.azs' });
    expect(unset.label).toBe('AZ #1 of module.unset.var.azs');
    expect(out.errors).toEqual([]);
  });

  it('for_each over a set of symbolic AZs: instances keyed by the AZ\'s label, each.value is the AZ, lookups by each.key work', async () => {
    const out = await scanFiles({
      'main.tf': `${AZS}
locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}
resource "aws_subnet" "public" {
  for_each          = toset(local.azs)
  vpc_id            = "vpc-1"
  availability_zone = each.value
}
resource "aws_nat_gateway" "this" {
  for_each  = toset(local.azs)
  subnet_id = aws_subnet.public[each.key].id
}
resource "aws_subnet" "maybe_same" {
  for_each          = toset([local.azs[0], element(data.aws_availability_zones.available.names, 7)])
  vpc_id            = "vpc-1"
  availability_zone = each.value
}
`,
    });
    expect(out.errors).toEqual([]);
    const key = 'AZ #2 of data.aws_availability_zones.available';
    expect(symbolic(azOf(out, `aws_subnet.public["${key}"]`)).index).toBe(1);
    expect(out.edges.filter((e) => e.kind === 'in-subnet').map((e) => `${e.from} -> ${e.to}`)).toContain(`aws_nat_gateway.this["${key}"] -> aws_subnet.public["${key}"]`);
    expect(out.resources.filter((r) => r.id.startsWith('aws_nat_gateway.this[')).length).toBe(3);
    // element(names, 7) of a list of unknown length may be any of them: how many instances is not known.
    expect(out.coverage.map((c) => c.scope)).toEqual(['aws_subnet.maybe_same']);
  });

  it('a map keyed by symbolic AZs works as for_each; mixed or undecidable keys make it unknown', async () => {
    const out = await scanFiles({
      'main.tf': `${AZS}
variable "azs" {}
locals {
  azs         = slice(data.aws_availability_zones.available.names, 0, 2)
  subnet_idx  = { for idx, az in local.azs : az => idx }
  with_extras = merge(local.subnet_idx, { "eu-west-1a" = 9 })
}
resource "aws_subnet" "private" {
  for_each          = merge(local.subnet_idx, {})
  vpc_id            = "vpc-1"
  availability_zone = each.key
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, each.value)
}
resource "aws_subnet" "mixed" {
  for_each          = local.with_extras
  vpc_id            = "vpc-1"
  availability_zone = each.key
}
resource "aws_subnet" "maybe_same" {
  for_each          = { (local.azs[0]) = 1, (var.azs[0]) = 2 }
  vpc_id            = "vpc-1"
  availability_zone = each.key
}
`,
    });
    expect(out.errors).toEqual([]);
    const second = props(out, 'aws_subnet.private["AZ #2 of data.aws_availability_zones.available"]');
    expect(symbolic(second.availabilityZone).index).toBe(1);
    expect(second.cidr).toBe('10.0.1.0/24');
    expect(out.coverage.map((c) => [c.scope, c.message])).toEqual([
      ['aws_subnet.maybe_same', expect.stringContaining('the keys AZ #1 of data.aws_availability_zones.available and AZ #1 of var.azs may be the same availability zone')],
      ['aws_subnet.mixed', expect.stringContaining('the keys mix "eu-west-1a" with availability zones whose names are not known')],
    ]);
  });

  it('a for_each over those instances: each.key is the AZ again, not its label text', async () => {
    const out = await scanFiles({
      'main.tf': `${AZS}
resource "aws_subnet" "public" {
  for_each          = toset(slice(data.aws_availability_zones.available.names, 0, 2))
  vpc_id            = "vpc-1"
  availability_zone = each.key
}
resource "aws_subnet" "private" {
  for_each          = aws_subnet.public
  vpc_id            = "vpc-1"
  availability_zone = each.key
  cidr_block        = each.key == "us-east-1a" ? "10.0.0.0/24" : "10.0.1.0/24"
  tags = {
    Name = "private-\${each.key}"
  }
}
resource "aws_subnet" "from_keys" {
  vpc_id            = "vpc-1"
  availability_zone = keys(aws_subnet.public)[1]
}
`,
    });
    expect(out.errors).toEqual([]);
    const key = 'aws_subnet.private["AZ #2 of data.aws_availability_zones.available"]';
    expect(symbolic(azOf(out, key)).index).toBe(1);
    // The label is not a name: comparing it with one cannot be decided, and it never reaches a string.
    expect(props(out, key).cidr).toBeInstanceOf(Unknown);
    expect((resource(out, key).tags as Record<string, unknown>).Name).toBeInstanceOf(Unknown);
    expect(symbolic(azOf(out, 'aws_subnet.from_keys')).index).toBe(1);
  });
});

describe('conditions over a symbolic AZ', () => {
  it('name-or-ID tests decided for every AZ name (terraform-aws-modules style); others stay unknown', async () => {
    const out = await scanFiles({
      'main.tf': `${AZS}
variable "azs" {
  type = list(string)
}
resource "aws_subnet" "from_var" {
  count                = 2
  vpc_id               = "vpc-1"
  availability_zone    = length(regexall("^[a-z]{2}-", element(var.azs, count.index))) > 0 ? element(var.azs, count.index) : null
  availability_zone_id = length(regexall("^[a-z]{2}-", element(var.azs, count.index))) == 0 ? element(var.azs, count.index) : null
}
resource "aws_subnet" "from_data" {
  vpc_id            = "vpc-1"
  availability_zone = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9][a-z]$", data.aws_availability_zones.available.names[1])) ? data.aws_availability_zones.available.names[1] : null
  cidr_block        = endswith(data.aws_availability_zones.available.names[1], "a") ? "10.0.0.0/24" : "10.0.1.0/24"
}
resource "aws_subnet" "from_ids" {
  vpc_id               = "vpc-1"
  availability_zone    = length(regexall("^[a-z]{2}-", data.aws_availability_zones.available.zone_ids[0])) > 0 ? data.aws_availability_zones.available.zone_ids[0] : null
  availability_zone_id = length(regexall("^[a-z]{2}-", data.aws_availability_zones.available.zone_ids[0])) == 0 ? data.aws_availability_zones.available.zone_ids[0] : null
  cidr_block           = endswith(data.aws_availability_zones.available.zone_ids[0], "az1") ? "10.0.0.0/24" : "10.0.1.0/24"
}
`,
    });
    expect(out.errors).toEqual([]);
    expect(symbolic(azOf(out, 'aws_subnet.from_var[1]')).label).toBe('AZ #(1 mod length + 1) of var.azs');
    expect(compareAz(azOf(out, 'aws_subnet.from_var[0]'), azOf(out, 'aws_subnet.from_var[1]'))).toBe('unknown');
    expect(symbolic(azOf(out, 'aws_subnet.from_data')).index).toBe(1);
    // Whether the name ends in "a" depends on which name it is.
    expect(props(out, 'aws_subnet.from_data').cidr).toBeInstanceOf(Unknown);
    // Every AZ ID (use1-az1, apne1-az4, …) fails the name test: availability_zone is null, the subnet's AZ is the ID.
    expect(symbolic(azOf(out, 'aws_subnet.from_ids')).label).toBe('AZ #1 of data.aws_availability_zones.available.zone_ids');
    expect(resource(out, 'aws_subnet.from_ids').propOrigins).toMatchObject({ availabilityZone: { attribute: 'availability_zone_id' } });
    // Which ID it is stays unknown.
    expect(props(out, 'aws_subnet.from_ids').cidr).toBeInstanceOf(Unknown);
  });
});

describe('AZ ID candidates', () => {
  it("a Region's AZ IDs in the documented form; a Region whose letters cannot be derived has none", () => {
    expect(regionAzIdCandidates('eu-west-1')?.slice(0, 3)).toEqual(['euw1-az1', 'euw1-az2', 'euw1-az3']);
    expect(regionAzIdCandidates('ap-northeast-1')).toContain('apne1-az4');
    expect(regionAzIdCandidates('us-gov-west-1')).toContain('usgw1-az1');
    expect(regionAzIdCandidates('cn-northwest-1')).toContain('cnnw1-az1');
    expect(regionAzIdCandidates('xx-upper-1')).toBeUndefined();
    expect(regionAzIdCandidates('local')).toBeUndefined();
  });
});

describe('normalized props', () => {
  it('a db instance keeps its symbolic AZ; an Aurora cluster keeps the tuple of them in availabilityZones', async () => {
    const out = await scanFiles({
      'main.tf': `${AZS}
locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}
resource "aws_db_instance" "reporting" {
  identifier        = "reporting"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  availability_zone = local.azs[1]
}
resource "aws_rds_cluster" "orders" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  availability_zones = local.azs
}
resource "aws_rds_cluster" "mixed" {
  cluster_identifier = "mixed"
  engine             = "aurora-postgresql"
  availability_zones = [local.azs[0], sort(local.azs)[0]]
}
`,
    });
    expect(out.errors).toEqual([]);
    expect(symbolic(props(out, 'aws_db_instance.reporting').availabilityZone).index).toBe(1);
    const zones = props(out, 'aws_rds_cluster.orders').availabilityZones as unknown[];
    expect(zones.map((z) => symbolic(z).index)).toEqual([0, 1, 2]);
    expect(countDistinctAzs(zones)).toMatchObject({ min: 3, max: 3 });
    // An element that is no AZ identity makes the whole list unknown, as for any list of strings.
    expect(props(out, 'aws_rds_cluster.mixed').availabilityZones).toBeInstanceOf(Unknown);
    expect(props(out, 'aws_rds_cluster.mixed').availabilityZones).not.toBeInstanceOf(SymbolicAz);
  });
});

describe('policy availabilityZones and the scan Region', () => {
  it('the policy key is validated, and scan() passes it and --region to the Terraform source', async () => {
    const policy = parsePolicy(['availabilityZones:', '  us-east-1: [us-east-1a, us-east-1b, us-east-1d]'].join('\n'), 'resilint.yaml');
    expect(policy.availabilityZones).toEqual({ 'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1d'] });
    expect(() => parsePolicy(['availabilityZones:', '  us-east-1: us-east-1a'].join('\n'), 'resilint.yaml')).toThrow(/resilint\.yaml:2:\d+: availabilityZones\.us-east-1: must be array/);

    // The single-NAT fixture without a provider Region: the scan's Region and the policy's names decide.
    const dir = fileURLToPath(new URL('../../fixtures/real-world/vpc-single-nat/terraform/', import.meta.url));
    const result = await scan({ paths: [dir], root: dir, policy, region: 'us-east-1' });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => [f.resource.address, f.status, f.message])).toEqual([
      [
        'aws_nat_gateway.this',
        'fail',
        "private subnets in us-east-1b, us-east-1d (aws_subnet.private[1], aws_subnet.private[2]) route 0.0.0.0/0 through NAT gateway storefront-prod-nat in us-east-1a: losing us-east-1a cuts their egress; tier critical requires a NAT gateway in each AZ, used by that AZ's subnets",
      ],
    ]);
  });
});
