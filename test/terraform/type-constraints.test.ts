/**
 * Type constraints applied by the Terraform source (root variables from
 * tfvars and --var, module inputs, defaults), nullable, null on computed
 * arguments, and per-value evaluation of module calls.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Unknown } from '../../src/graph/values.js';
import { scanTerraform, type TerraformSourceOptions, type TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { props, reasonOf } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function scanFiles(files: Record<string, string>, options: Partial<TerraformSourceOptions> = {}): Promise<TerraformSourceOutput> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-tf-types-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return scanTerraform({ root: dir, paths: [dir], ...options });
}

const FLEET_MODULE = `variable "databases" {
  type = map(object({
    instance_class = string
    multi_az       = optional(bool, true)
    backup = optional(object({
      days   = optional(number, 7)
      window = optional(string)
    }), {})
  }))
}

resource "aws_db_instance" "this" {
  for_each = var.databases

  identifier              = each.key
  engine                  = "postgres"
  instance_class          = each.value.instance_class
  multi_az                = each.value.multi_az
  backup_retention_period = each.value.backup.days
  backup_window           = each.value.backup.window
}
`;

describe('type constraints in a scan', () => {
  it('each.value.<attr> of a map(object({... optional(...) })) module input reads the defaults', async () => {
    const out = await scanFiles({
      'main.tf': `module "dbs" {
  source = "./modules/fleet"
  databases = {
    a = { instance_class = "db.t4g.large" }
    b = { instance_class = "db.t4g.large", multi_az = "false", backup = { days = "3" } }
  }
}
`,
      'modules/fleet/main.tf': FLEET_MODULE,
    });
    expect(out.errors).toEqual([]);
    expect(props(out, 'module.dbs.aws_db_instance.this["a"]')).toMatchObject({ multiAz: true, backupRetentionDays: 7 });
    expect(props(out, 'module.dbs.aws_db_instance.this["b"]')).toMatchObject({ multiAz: false, backupRetentionDays: 3 });
  });

  it('a module input that does not fit is an error at the argument; that variable is Unknown, the rest is scanned', async () => {
    const out = await scanFiles({
      'main.tf': `module "dbs" {
  source = "./modules/fleet"
  databases = {
    a = { instance_class = "db.t4g.large", backup = { days = "a week" } }
  }
}

resource "aws_db_instance" "other" {
  identifier     = "other"
  engine         = "postgres"
  instance_class = "db.t4g.large"
  multi_az       = true
}
`,
      'modules/fleet/main.tf': FLEET_MODULE,
    });
    expect(out.errors).toEqual([
      {
        file: 'main.tf',
        line: 3,
        column: 3,
        kind: 'type',
        message: `var.databases: does not fit the variable's type: ["a"].backup.days: a number is required, not the string "a week"`,
      },
    ]);
    expect(props(out, 'aws_db_instance.other').multiAz).toBe(true);
    // for_each over the Unknown variable: one resource at the block address, values unknown, and a coverage gap saying why.
    expect(props(out, 'module.dbs.aws_db_instance.this').multiAz).toBeInstanceOf(Unknown);
    expect(out.coverage).toEqual([expect.objectContaining({ scope: 'module.dbs.aws_db_instance.this', errorCode: 'unknown-count', message: expect.stringContaining('does not fit its type') })]);
  });

  const ROOT_VARS = `variable "desired" {
  type = number
}

variable "multi_az" {
  type    = bool
  default = "true"
}

variable "zones" {
  type    = set(string)
  default = ["b", "a", "b"]
}

resource "aws_db_instance" "db" {
  identifier              = "db-\${length(var.zones)}"
  engine                  = "postgres"
  instance_class          = "db.t4g.large"
  multi_az                = var.multi_az
  backup_retention_period = var.desired
}
`;

  it('--var for a number variable is a number; defaults are converted too (set deduplicated)', async () => {
    const out = await scanFiles({ 'main.tf': ROOT_VARS }, { vars: { desired: '3' } });
    expect(out.errors).toEqual([]);
    expect(props(out, 'aws_db_instance.db')).toMatchObject({ identifier: 'db-2', multiAz: true, backupRetentionDays: 3 });
  });

  it('a --var that does not fit is a one-line error naming --var; the variable is Unknown', async () => {
    const out = await scanFiles({ 'main.tf': ROOT_VARS }, { vars: { desired: 'seven' } });
    expect(out.errors).toEqual([{ file: '--var', kind: 'type', message: `desired=seven: does not fit the variable's type: a number is required, not the string "seven"` }]);
    const p = props(out, 'aws_db_instance.db');
    expect(reasonOf(p.backupRetentionDays)).toContain('does not fit its type');
    expect(p.multiAz).toBe(true);
  });

  it('a tfvars value that does not fit is an error at its line in the tfvars file', async () => {
    const out = await scanFiles({ 'main.tf': ROOT_VARS, 'terraform.tfvars': 'desired = 5\nmulti_az = "maybe"\n' });
    expect(out.errors).toEqual([
      { file: 'terraform.tfvars', line: 2, column: 1, kind: 'type', message: `var.multi_az: does not fit the variable's type: a bool is required, not the string "maybe"` },
    ]);
    const p = props(out, 'aws_db_instance.db');
    expect(p.backupRetentionDays).toBe(5);
    expect(p.multiAz).toBeInstanceOf(Unknown);
  });

  it('in a JSON variables file, the error is at the key', async () => {
    const out = await scanFiles({ 'main.tf': ROOT_VARS, 'prod.auto.tfvars.json': '{\n  "desired": "5",\n  "zones": {"a": 1}\n}\n' });
    expect(out.errors).toEqual([{ file: 'prod.auto.tfvars.json', line: 3, column: 3, kind: 'type', message: "var.zones: does not fit the variable's type: a set is required, not object" }]);
    expect(props(out, 'aws_db_instance.db').backupRetentionDays).toBe(5);
  });

  it('a default that does not fit is an error at the default', async () => {
    const out = await scanFiles({
      'main.tf': `variable "days" {
  type    = number
  default = "soon"
}

resource "aws_db_instance" "db" {
  identifier              = "db"
  engine                  = "postgres"
  instance_class          = "db.t4g.large"
  backup_retention_period = var.days
}
`,
    });
    expect(out.errors).toEqual([{ file: 'main.tf', line: 3, column: 3, kind: 'type', message: `var.days: does not fit the variable's type: a number is required, not the string "soon"` }]);
    expect(props(out, 'aws_db_instance.db').backupRetentionDays).toBeInstanceOf(Unknown);
  });

  it('an invalid type expression is an error at `type`; the value is kept as given', async () => {
    const out = await scanFiles({
      'main.tf': `variable "days" {
  type    = nmber
  default = 3
}

resource "aws_db_instance" "db" {
  identifier              = "db"
  engine                  = "postgres"
  instance_class          = "db.t4g.large"
  backup_retention_period = var.days
}
`,
    });
    expect(out.errors).toEqual([{ file: 'main.tf', line: 2, column: 3, kind: 'parse', message: 'var.days: invalid type constraint: the keyword "nmber" is not a valid type' }]);
    expect(props(out, 'aws_db_instance.db').backupRetentionDays).toBe(3);
  });

  it('nullable = false: a null given takes the default; nullable (default) keeps null', async () => {
    const module = `variable "strict" {
  type     = number
  default  = 7
  nullable = false
}

variable "loose" {
  type    = bool
  default = true
}

resource "aws_db_instance" "db" {
  identifier              = "db"
  engine                  = "postgres"
  instance_class          = "db.t4g.large"
  backup_retention_period = var.strict
  multi_az                = var.loose
}
`;
    const out = await scanFiles({
      'main.tf': `module "m" {
  source = "./m"
  strict = null
  loose  = null
}
`,
      'm/main.tf': module,
    });
    expect(out.errors).toEqual([]);
    const p = props(out, 'module.m.aws_db_instance.db');
    expect(p.backupRetentionDays).toBe(7);
    // null is "not set": the AWS default (single-AZ) applies, not the variable's default.
    expect(p.multiAz).toBeUndefined();
  });

  it('nullable = false without a default: null is an error', async () => {
    const out = await scanFiles({
      'main.tf': `module "m" {
  source = "./m"
  days   = null
}
`,
      'm/main.tf': `variable "days" {
  type     = number
  nullable = false
}

resource "aws_db_instance" "db" {
  identifier              = "db"
  engine                  = "postgres"
  instance_class          = "db.t4g.large"
  backup_retention_period = var.days
}
`,
    });
    expect(out.errors).toEqual([{ file: 'main.tf', line: 3, column: 3, kind: 'eval', message: 'var.days: must not be null (nullable = false)' }]);
    expect(reasonOf(props(out, 'module.m.aws_db_instance.db').backupRetentionDays)).toContain('nullable = false');
  });
});

describe('null on computed arguments', () => {
  it('null is omitted: provider-chosen attributes are Unknown, documented AWS defaults stay absent', async () => {
    const out = await scanFiles({
      'main.tf': `resource "aws_vpc" "main" {
  cidr_block          = null
  ipv4_ipam_pool_id   = "ipam-pool-0123456789abcdef0"
  ipv4_netmask_length = 20
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.0.0/24"
  availability_zone = null
}

resource "aws_subnet" "b" {
  vpc_id               = aws_vpc.main.id
  cidr_block           = "10.0.1.0/24"
  availability_zone_id = "euw1-az2"
}

resource "aws_db_instance" "db" {
  identifier              = null
  engine                  = "postgres"
  instance_class          = "db.t4g.large"
  availability_zone       = null
  backup_retention_period = null
  multi_az                = null
  deletion_protection     = null
}

resource "aws_db_instance" "pinned" {
  identifier        = "pinned"
  engine            = "postgres"
  instance_class    = "db.t4g.large"
  availability_zone = "eu-west-1a"
}
`,
    });
    expect(out.errors).toEqual([]);
    expect(reasonOf(props(out, 'aws_vpc.main').cidr)).toBe('cidr_block is not set: chosen by the provider at apply');
    expect(reasonOf(props(out, 'aws_subnet.a').availabilityZone)).toContain('chosen by the provider');
    expect(props(out, 'aws_subnet.b').availabilityZone).toBe('euw1-az2');
    const db = props(out, 'aws_db_instance.db');
    expect(reasonOf(db.availabilityZone)).toBe('availability_zone is not set: chosen by the provider at apply');
    expect(reasonOf(db.identifier)).toBe('identifier is not set: chosen by the provider at apply');
    expect(db.backupRetentionDays).toBeUndefined();
    expect(db.multiAz).toBeUndefined();
    expect(db.deletionProtection).toBeUndefined();
    expect(props(out, 'aws_db_instance.pinned').availabilityZone).toBe('eu-west-1a');
  });
});

describe('module calls are evaluated per value', () => {
  const NET = `variable "sg" {
  type = string
}

resource "aws_subnet" "a" {
  vpc_id            = "vpc-1"
  cidr_block        = "10.0.0.0/24"
  availability_zone = "eu-west-1a"
  tags              = { allowed = var.sg }
}

output "subnet_id" {
  value = aws_subnet.a.id
}

output "echo" {
  value = var.sg
}
`;
  const APP = `variable "subnet_id" {
  type = string
}

variable "peer" {
  type    = string
  default = ""
}

resource "aws_security_group" "app" {
  name = "app"
}

resource "aws_db_subnet_group" "app" {
  name       = "app-\${var.peer}"
  subnet_ids = [var.subnet_id]
}

output "sg_id" {
  value = aws_security_group.app.name
}

output "echo" {
  value = var.subnet_id
}
`;

  it('two calls that read each other’s outputs evaluate when no value depends on itself', async () => {
    const out = await scanFiles({
      'main.tf': `module "net" {
  source = "./net"
  sg     = module.app.sg_id
}

module "app" {
  source    = "./app"
  subnet_id = module.net.subnet_id
  peer      = module.net.echo
}
`,
      'net/main.tf': NET,
      'app/main.tf': APP,
    });
    expect(out.errors).toEqual([]);
    expect(props(out, 'module.app.aws_db_subnet_group.app').name).toBe('app-app');
    expect(out.edges.filter((e) => e.kind === 'in-subnet').map((e) => `${e.from} -> ${e.to}`)).toEqual(['module.app.aws_db_subnet_group.app -> module.net.aws_subnet.a']);
  });

  it('a for_each that needs an output of its own instances (through another module) is a cycle', async () => {
    const out = await scanFiles({
      'main.tf': `module "net" {
  source = "./net"
  sg     = module.app["a"].sg_id
}

module "app" {
  source    = "./app"
  for_each  = toset([module.net.subnet_id == "" ? "b" : "a"])
  subnet_id = module.net.subnet_id
}
`,
      'net/main.tf': NET,
      'app/main.tf': APP,
    });
    // module.app's instances come from net's subnet, whose tags need module.app["a"]: Terraform reports this cycle too.
    expect(out.errors).toEqual([
      {
        file: 'app/main.tf',
        line: 10,
        column: 1,
        kind: 'cycle',
        message:
          'reference cycle: module.app.aws_security_group.app → module.app.output.sg_id → module.app → module.net.var.sg → module.net.aws_subnet.a → module.net.output.subnet_id → module.app.aws_security_group.app',
      },
    ]);
  });

  it('a real value cycle through two calls is still one located cycle error, and its values are Unknown', async () => {
    const out = await scanFiles({
      'main.tf': `module "net" {
  source = "./net"
  sg     = module.app.echo
}

module "app" {
  source    = "./app"
  subnet_id = module.net.echo
}
`,
      'net/main.tf': NET,
      'app/main.tf': APP,
    });
    expect(out.errors).toEqual([
      {
        file: 'app/main.tf',
        line: 1,
        column: 1,
        kind: 'cycle',
        message: 'reference cycle: module.app.var.subnet_id → module.app.output.echo → module.net.var.sg → module.net.output.echo → module.app.var.subnet_id',
      },
    ]);
    expect(out.errors).toHaveLength(1);
    // The values outside the cycle are still read.
    expect(props(out, 'module.net.aws_subnet.a').availabilityZone).toBe('eu-west-1a');
  });
});
