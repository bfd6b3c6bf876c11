/**
 * The hostile corpus: each case writes its input into a fresh directory at
 * run time (large ones are generated, never committed) beside a known-bad
 * neighbour that must still fail, and says how to run the CLI on it.
 * Shared by test/hostile/cli.test.ts and bench/hostile.ts (peak memory).
 */
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/package.js';

export const CLI = path.join(PACKAGE_ROOT, 'dist/src/cli/main.js');
const RSS_HOOK = path.join(PACKAGE_ROOT, 'bench/rss-hook.mjs');

/** A critical single-AZ database: fails db-multi-az wherever it stands. */
export const TF_NEIGHBOUR = `resource "aws_db_instance" "orders" {
  identifier = "orders"
  engine     = "postgres"
  multi_az   = false
  tags = {
    tier = "critical"
  }
}
`;
export const CFN_NEIGHBOUR = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrdersDb:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MultiAZ: false
      Tags:
        - Key: tier
          Value: critical
`;

export interface Neighbour {
  ruleId: string;
  /** Resource address in the report. */
  address: string;
}

export interface HostileCase {
  name: string;
  /** Writes the input under `dir`; returns the CLI arguments after `scan`. */
  setup(dir: string): Promise<string[]>;
  /** Results that must still fail. */
  neighbours: Neighbour[];
  /** Expected exit codes (3: input errors; 2: a usage or policy error). */
  exit: number[];
  /** An input error whose message matches this must be reported (with a file and a line). */
  error?: RegExp;
}

const tfNeighbour: Neighbour = { ruleId: 'db-multi-az', address: 'aws_db_instance.orders' };
const cfnNeighbour: Neighbour = { ruleId: 'db-multi-az', address: 'OrdersDb' };

async function tf(dir: string, main: string): Promise<string[]> {
  await writeFile(path.join(dir, 'main.tf'), main);
  await writeFile(path.join(dir, 'neighbour.tf'), TF_NEIGHBOUR);
  return [dir];
}

async function cfn(dir: string, name: string, content: string | Buffer): Promise<string[]> {
  await writeFile(path.join(dir, name), content);
  await writeFile(path.join(dir, 'neighbour.yaml'), CFN_NEIGHBOUR);
  return [dir];
}

function fifo(p: string): void {
  execFileSync('mkfifo', [p]);
}

function utf16(text: string, bigEndian: boolean): Buffer {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  if (!bigEndian) return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return be;
}

function plan(resources: unknown, extra: Record<string, unknown> = {}, rootExtra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.11.0', planned_values: { root_module: { resources, ...rootExtra } }, resource_changes: [], ...extra }, null, 1);
}

const planDb = (address = 'aws_db_instance.planned', multiAz = false): unknown => ({
  address,
  mode: 'managed',
  type: 'aws_db_instance',
  name: address.split('.').pop(),
  values: { identifier: 'planned', engine: 'postgres', multi_az: multiAz, tags: { tier: 'critical' } },
});

export const CASES: HostileCase[] = [
  // ---- Terraform: sizes and depths
  { name: 'count = 1e9', setup: (d) => tf(d, 'resource "aws_s3_bucket" "many" {\n  count  = 1000000000\n  bucket = "b-${count.index}"\n}\n'), neighbours: [tfNeighbour], exit: [3], error: /maxInstances/ },
  { name: 'count = 4294967296 and 1e300', setup: (d) => tf(d, 'resource "aws_s3_bucket" "a" {\n  count = 4294967296\n}\nresource "aws_s3_bucket" "b" {\n  count = 1e300\n}\n'), neighbours: [tfNeighbour], exit: [3], error: /maxInstances/ },
  {
    name: 'for_each over 10^6 keys',
    setup: (d) => tf(d, 'locals {\n  keys = { for p in setproduct(range(1000), range(1000)) : "${p[0]}-${p[1]}" => p }\n}\nresource "aws_s3_bucket" "many" {\n  for_each = local.keys\n  bucket   = each.key\n}\n'),
    neighbours: [tfNeighbour],
    exit: [3],
    error: /maxCollectionSize/,
  },
  { name: 'setproduct of three 1,024-element ranges', setup: (d) => tf(d, 'locals {\n  cube = setproduct(range(1024), range(1024), range(1024))\n}\n'), neighbours: [tfNeighbour], exit: [3], error: /maxCollectionSize/ },
  {
    name: 'a list doubled 40 times with concat',
    setup: (d) => tf(d, `locals {\n  l0 = [1, 2]\n${Array.from({ length: 40 }, (_, i) => `  l${i + 1} = concat(local.l${i}, local.l${i})\n`).join('')}}\n`),
    neighbours: [tfNeighbour],
    exit: [3],
    error: /maxCollectionSize/,
  },
  { name: '1,800 nested [ in a .tf', setup: (d) => tf(d, `locals {\n  deep = ${'['.repeat(1800)}${']'.repeat(1800)}\n}\n`), neighbours: [tfNeighbour], exit: [3], error: /maxHclNesting/ },
  { name: 'a 100,000-term sum', setup: (d) => tf(d, `locals {\n  sum = ${Array.from({ length: 100_000 }, () => '1').join(' + ')}\n}\n`), neighbours: [tfNeighbour], exit: [3], error: /nested operations/ },
  {
    name: 'catastrophic regex',
    setup: (d) => tf(d, `resource "aws_s3_bucket" "re" {\n  bucket = regex("^(a+)+$", "${'a'.repeat(5000)}b")\n}\n`),
    neighbours: [tfNeighbour],
    exit: [3],
    error: /did not match/,
  },
  {
    name: 'module diamond of 2^22 instances',
    setup: async (d) => {
      for (let i = 0; i < 22; i++) {
        await mkdir(path.join(d, 'modules', `m${i}`), { recursive: true });
        const next = i < 21 ? `module "next" {\n  source = "../m${i + 1}"\n  count  = 2\n}\n` : 'resource "aws_s3_bucket" "leaf" {}\n';
        await writeFile(path.join(d, 'modules', `m${i}`, 'main.tf'), next);
      }
      return tf(d, 'module "top" {\n  source = "./modules/m0"\n  count  = 2\n}\n');
    },
    neighbours: [tfNeighbour],
    exit: [3],
    error: /maxModuleInstances/,
  },
  // ---- Reading: FIFOs, encodings
  {
    name: 'FIFOs as a file on the command line, a .tf, terraform.tfvars',
    setup: async (d) => {
      await tf(d, 'variable "x" {\n  default = "a"\n}\n');
      for (const f of ['named.tf', 'pipe.tf', 'terraform.tfvars']) fifo(path.join(d, f));
      return [d, path.join(d, 'named.tf')];
    },
    neighbours: [tfNeighbour],
    exit: [3],
    error: /FIFO/,
  },
  // A flag that names a file names it on purpose: a FIFO there is a mistake in the command (usage, exit 2), told before any read.
  {
    name: 'FIFOs as --var-file and --cfn-param-file',
    setup: async (d) => {
      for (const f of ['vars.tfvars', 'params.json']) fifo(path.join(d, f));
      return [...(await tf(d, '')), '--var-file', path.join(d, 'vars.tfvars'), '--cfn-param-file', path.join(d, 'params.json')];
    },
    neighbours: [],
    exit: [2],
    error: /FIFO/,
  },
  { name: 'FIFO as --policy', setup: async (d) => (fifo(path.join(d, 'policy.yaml')), [...(await tf(d, '')), '--policy', path.join(d, 'policy.yaml')]), neighbours: [], exit: [2], error: /FIFO/ },
  { name: 'FIFO as --baseline', setup: async (d) => (fifo(path.join(d, 'baseline.json')), [...(await tf(d, '')), '--baseline', path.join(d, 'baseline.json')]), neighbours: [], exit: [2, 3], error: /FIFO/ },
  {
    name: 'nested stack TemplateURL naming a FIFO',
    setup: async (d) => {
      fifo(path.join(d, 'child.yaml'));
      return cfn(d, 'root.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml\n');
    },
    neighbours: [cfnNeighbour],
    exit: [3],
    error: /FIFO|not a regular file/,
  },
  { name: 'CloudFormation template in UTF-16 LE', setup: (d) => cfn(d, 'utf16.yaml', utf16(CFN_NEIGHBOUR.replace('OrdersDb', 'Utf16Db'), false)), neighbours: [cfnNeighbour, { ruleId: 'db-multi-az', address: 'Utf16Db' }], exit: [1] },
  { name: 'CloudFormation template in UTF-16 BE', setup: (d) => cfn(d, 'utf16be.yaml', utf16(CFN_NEIGHBOUR.replace('OrdersDb', 'BeDb'), true)), neighbours: [cfnNeighbour, { ruleId: 'db-multi-az', address: 'BeDb' }], exit: [1] },
  { name: 'a Latin-1 byte in a template', setup: (d) => cfn(d, 'latin1.yaml', Buffer.concat([Buffer.from(CFN_NEIGHBOUR.replace('OrdersDb', 'Latin')), Buffer.from('# caf\xe9\n', 'latin1')])), neighbours: [cfnNeighbour], exit: [3], error: /not valid UTF-8/ },
  { name: 'a NUL in a template', setup: (d) => cfn(d, 'nul.yaml', `${CFN_NEIGHBOUR.replace('OrdersDb', 'Nul')}# \u0000\n`), neighbours: [cfnNeighbour], exit: [3], error: /NUL/ },
  {
    name: 'a plan saved as UTF-16 (PowerShell 5.1 >)',
    setup: async (d) => {
      await writeFile(path.join(d, 'plan.json'), utf16(plan([planDb()]), false));
      return [d];
    },
    neighbours: [{ ruleId: 'db-multi-az', address: 'aws_db_instance.planned' }],
    exit: [1],
  },
  // ---- Plans of odd shape
  { name: 'plan with a numeric format_version', setup: async (d) => (await writeFile(path.join(d, 'plan.json'), plan([planDb()], { format_version: 1.2 })), await tf(d, '')), neighbours: [tfNeighbour], exit: [3], error: /format_version must be a string/ },
  {
    name: 'plan with resources 40 child modules deep',
    setup: async (d) => {
      let m: Record<string, unknown> = { address: 'module.m39', resources: [planDb('module.m39.aws_db_instance.deep')] };
      for (let i = 38; i >= 0; i--) m = { address: `module.m${i}`, child_modules: [m] };
      await writeFile(path.join(d, 'plan.json'), plan([planDb()], {}, { child_modules: [m] }));
      return [d];
    },
    neighbours: [{ ruleId: 'db-multi-az', address: 'aws_db_instance.planned' }],
    exit: [3],
    error: /maxModuleDepth/,
  },
  {
    name: 'plan with non-object values and non-array child_modules',
    setup: async (d) => {
      await writeFile(path.join(d, 'plan.json'), plan([planDb(), { ...(planDb('aws_db_instance.odd') as object), values: 'x' }], {}, { child_modules: 7 }));
      return [d];
    },
    neighbours: [{ ruleId: 'db-multi-az', address: 'aws_db_instance.planned' }],
    exit: [3],
    error: /"values" must be an object/,
  },
  {
    name: 'plan of 130k resources (~27 MB)',
    setup: async (d) => {
      const resources = [planDb()];
      for (let i = 0; i < 130_000; i++) resources.push({ address: `aws_s3_bucket.b[${i}]`, mode: 'managed', type: 'aws_s3_bucket', name: 'b', index: i, values: { bucket: `b${i}` } } as never);
      await writeFile(path.join(d, 'plan.json'), JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } }, resource_changes: [] }));
      return [d];
    },
    neighbours: [{ ruleId: 'db-multi-az', address: 'aws_db_instance.planned' }],
    exit: [1],
  },
  // ---- YAML and CloudFormation
  {
    name: '100k YAML anchors',
    setup: (d) => cfn(d, 'anchors.yaml', `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${Array.from({ length: 100_000 }, (_, i) => `  k${i}: &a${i} v\n`).join('')}Resources: {}\n`),
    neighbours: [cfnNeighbour],
    exit: [3],
    error: /maxYamlAnchors/,
  },
  {
    name: 'billion laughs template',
    setup: (d) => cfn(d, 'laughs.yaml', `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 9 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]\n`).join('')}Resources: {}\n`),
    neighbours: [cfnNeighbour],
    exit: [3],
    error: /nodes|alias/i,
  },
  {
    name: 'billion laughs policy file',
    setup: async (d) => {
      await writeFile(path.join(d, 'policy.yaml'), `a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]\n`).join('')}`);
      return [...(await tf(d, '')), '--policy', path.join(d, 'policy.yaml')];
    },
    neighbours: [],
    exit: [2],
    error: /alias/,
  },
  {
    name: '10,000 chained CloudFormation conditions',
    setup: (d) =>
      cfn(
        d,
        'conditions.yaml',
        `AWSTemplateFormatVersion: "2010-09-09"\nConditions:\n  C0: !Equals [a, a]\n${Array.from({ length: 10_000 }, (_, i) => `  C${i + 1}: !Condition C${i}\n`).join('')}Resources:\n  Gated:\n    Type: AWS::SNS::Topic\n    Condition: C10000\n`,
      ),
    neighbours: [cfnNeighbour],
    exit: [3],
    error: /maxConditionDepth/,
  },
  {
    name: 'nested-stack fan-out of 10^6',
    setup: async (d) => {
      const stacks = (url: string): string => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${Array.from({ length: 1000 }, (_, i) => `  S${i}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ${url}\n`).join('')}`;
      await mkdir(path.join(d, 'stacks'));
      await writeFile(path.join(d, 'stacks', 'mid.yaml'), stacks('./leaf.yaml'));
      await writeFile(path.join(d, 'stacks', 'leaf.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  T:\n    Type: AWS::SNS::Topic\n');
      return cfn(d, 'root.yaml', stacks('./stacks/mid.yaml'));
    },
    neighbours: [cfnNeighbour],
    exit: [3],
    error: /maxNestedStacks/,
  },
  // ---- Nothing to scan
  {
    name: 'a directory with nothing recognisable',
    setup: async (d) => {
      await writeFile(path.join(d, 'README.md'), '# nothing here\n');
      await writeFile(path.join(d, 'package.json'), '{"name": "x"}\n');
      return [d];
    },
    neighbours: [],
    exit: [3],
    error: /nothing resilint reads was found/,
  },
];

/**
 * A plan as `terraform show -json` writes it for a large estate (compact,
 * one line): `planned_values`, `resource_changes` with `before` and `after`,
 * `prior_state` and `configuration`, ~2 KB per instance across them, large
 * attributes (user data, policy documents, rule lists, tags), most
 * instances unchanged, some created (their ids known only after apply),
 * some in child modules. Written in pieces, never held whole.
 */
export function writeLargePlan(file: string, instances: number): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  let buf: string[] = [];
  let pending = 0;
  const put = (s: string): void => {
    buf.push(s);
    pending += s.length;
    if (pending > 1 << 20) flush();
  };
  const flush = (): void => {
    const b = Buffer.from(buf.join(''));
    writeSync(fd, b);
    bytes += b.length;
    buf = [];
    pending = 0;
  };
  const tags = (i: number): Record<string, string> => ({ Name: `svc-${i}`, team: `team-${i % 40}` });
  const policy = (i: number): string =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ReadOwnPrefix', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::data-${i}`, `arn:aws:s3:::data-${i}/*`] }] });
  // Per kind: its values when it exists, and the attributes known only after apply when it is created.
  const kinds = [
    (i: number) => ({
      type: 'aws_instance',
      name: 'app',
      values: {
        ami: 'ami-0123456789abcdef0',
        instance_type: 'm6i.large',
        subnet_id: `subnet-${(i % 3).toString(16).padStart(17, '0')}`,
        availability_zone: `eu-west-1${'abc'[i % 3]}`,
        vpc_security_group_ids: [`sg-${i.toString(16).padStart(17, '0')}`],
        user_data: `#!/bin/bash\n/opt/aws/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:/cw/app-${i}\n`,
        root_block_device: [{ volume_size: 50, volume_type: 'gp3', encrypted: true, iops: 3000 }],
        tags: tags(i),
        tags_all: tags(i),
      },
      computed: ['id', 'arn', 'private_ip'],
    }),
    (i: number) => ({
      type: 'aws_security_group',
      name: 'svc',
      values: {
        name: `svc-${i}`,
        description: 'From the load balancers',
        vpc_id: 'vpc-0a1b2c3d4e5f60718',
        ingress: [0].map((k) => ({ from_port: 443 + k, to_port: 443 + k, protocol: 'tcp', cidr_blocks: [`10.${k}.0.0/16`], description: `https ${k}`, ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false })),
        egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'], description: '', ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false }],
        tags: tags(i),
        tags_all: tags(i),
      },
      computed: ['id', 'arn', 'owner_id'],
    }),
    (i: number) => ({
      type: 'aws_iam_role_policy',
      name: 'read',
      values: { name: `read-${i}`, role: `svc-${i}`, policy: policy(i) },
      computed: ['id'],
    }),
    (i: number) => ({
      type: 'aws_s3_bucket',
      name: 'data',
      values: { bucket: `data-${i}`, force_destroy: false, object_lock_enabled: false, tags: tags(i), tags_all: tags(i), timeouts: null },
      computed: ['id', 'arn', 'region'],
    }),
    (i: number) => ({
      type: 'aws_route_table_association',
      name: 'private',
      values: { subnet_id: `subnet-${(i % 3).toString(16).padStart(17, '0')}`, route_table_id: `rtb-${i.toString(16).padStart(17, '0')}`, gateway_id: null, timeouts: null },
      computed: ['id'],
    }),
    (i: number) => ({
      type: 'aws_iam_role_policy_attachment',
      name: 'ssm',
      values: { role: `svc-${i}`, policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' },
      computed: ['id'],
    }),
  ];
  const perModule = Math.ceil(instances / kinds.length);
  type Instance = { module: string; address: string; type: string; name: string; index: number; values: Record<string, unknown>; computed: string[]; created: boolean };
  const each = (fn: (x: Instance) => void): void => {
    for (let k = 0; k < kinds.length; k++) {
      for (let i = 0; i < perModule && k * perModule + i < instances; i++) {
        const module = i % 5 === 4 ? 'module.edge[0]' : '';
        const kind = kinds[k](i);
        const created = i % 4 === 0;
        const values = { ...kind.values, ...(created ? {} : Object.fromEntries(kind.computed.map((c) => [c, c === 'arn' ? `arn:aws:${kind.type}:eu-west-1:123456789012:${k}-${i}` : `${kind.type}-${k}-${i}`]))) };
        fn({ module, address: `${module ? `${module}.` : ''}${kind.type}.${kind.name}[${i}]`, type: kind.type, name: kind.name, index: i, values, computed: kind.computed, created });
      }
    }
  };
  const db = { address: 'aws_db_instance.planned', mode: 'managed', type: 'aws_db_instance', name: 'planned', provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 2, values: { identifier: 'planned', engine: 'postgres', multi_az: false, tags: { tier: 'critical' } }, sensitive_values: { tags: {} } };
  const resource = (x: { address: string; type: string; name: string; index: number; values: Record<string, unknown> }): string =>
    JSON.stringify({ address: x.address, mode: 'managed', type: x.type, name: x.name, index: x.index, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 1, values: x.values, sensitive_values: { tags: {}, tags_all: {} } });
  const modules = (pick: (x: { module: string; created: boolean }) => boolean, extra: string): void => {
    put(`{"resources":[${extra}`);
    let first = extra === '';
    each((x) => {
      if (x.module !== '' || !pick(x)) return;
      put(`${first ? '' : ','}${resource(x)}`);
      first = false;
    });
    put('],"child_modules":[{"address":"module.edge[0]","resources":[');
    first = true;
    each((x) => {
      if (x.module === '' || !pick(x)) return;
      put(`${first ? '' : ','}${resource(x)}`);
      first = false;
    });
    put(']}]}');
  };
  put('{"format_version":"1.2","terraform_version":"1.11.0","variables":{"region":{"value":"eu-west-1"}},"planned_values":{"root_module":');
  modules(() => true, JSON.stringify(db));
  put('},"resource_changes":[');
  put(JSON.stringify({ address: db.address, mode: 'managed', type: db.type, name: db.name, provider_name: db.provider_name, change: { actions: ['create'], before: null, after: db.values, after_unknown: { id: true, arn: true }, before_sensitive: false, after_sensitive: { tags: {} } } }));
  each((x) => {
    const unknown = Object.fromEntries(x.computed.map((c) => [c, true]));
    const change = x.created
      ? { actions: ['create'], before: null, after: x.values, after_unknown: unknown, before_sensitive: false, after_sensitive: { tags: {}, tags_all: {} } }
      : { actions: ['no-op'], before: x.values, after: x.values, after_unknown: {}, before_sensitive: { tags: {}, tags_all: {} }, after_sensitive: { tags: {}, tags_all: {} } };
    put(`,${JSON.stringify({ address: x.address, ...(x.module ? { module_address: x.module } : {}), mode: 'managed', type: x.type, name: x.name, index: x.index, provider_name: 'registry.terraform.io/hashicorp/aws', change })}`);
  });
  put('],"prior_state":{"format_version":"1.0","terraform_version":"1.11.0","values":{"root_module":');
  modules((x) => !x.created, JSON.stringify({ address: 'data.aws_availability_zones.available', mode: 'data', type: 'aws_availability_zones', name: 'available', provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: { id: 'eu-west-1', names: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], state: 'available' }, sensitive_values: { names: [] } }));
  const cfgResource = (type: string, name: string, expressions: Record<string, unknown>): unknown => ({ address: `${type}.${name}`, mode: 'managed', type, name, provider_config_key: 'aws', expressions, schema_version: 1, count_expression: { references: ['var.instances'] } });
  const configResources = [
    cfgResource('aws_instance', 'app', { ami: { references: ['data.aws_ami.al2023.id', 'data.aws_ami.al2023'] }, instance_type: { constant_value: 'm6i.large' }, subnet_id: { references: ['var.subnet_ids', 'count.index'] }, tags: { references: ['count.index'] } }),
    cfgResource('aws_security_group', 'svc', { name: { references: ['count.index'] }, vpc_id: { references: ['var.vpc_id'] } }),
    cfgResource('aws_iam_role_policy', 'read', { name: { references: ['count.index'] }, policy: { references: ['count.index'] } }),
    cfgResource('aws_s3_bucket', 'data', { bucket: { references: ['count.index'] } }),
  ];
  put(
    `}},"configuration":${JSON.stringify({
      provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { references: ['var.region'] } } } },
      root_module: {
        resources: [{ address: 'aws_db_instance.planned', mode: 'managed', type: 'aws_db_instance', name: 'planned', provider_config_key: 'aws', expressions: { engine: { constant_value: 'postgres' }, multi_az: { constant_value: false } }, schema_version: 2 }, ...configResources],
        module_calls: { edge: { source: './modules/edge', count_expression: { constant_value: 1 }, module: { resources: configResources } } },
        variables: { region: { default: 'eu-west-1' }, instances: {}, subnet_ids: {}, vpc_id: {} },
      },
    })},"relevant_attributes":[],"timestamp":"2026-12-07T06:00:00Z","applyable":true,"complete":true,"errored":false}`,
  );
  flush();
  closeSync(fd);
  return bytes;
}

/** Cases for bench/hostile.ts only: too slow for the test suite on a shared machine. */
export const BENCH_CASES: HostileCase[] = [
  {
    name: 'plan of 65k resources as Terraform writes it (~125 MiB, under the 128 MiB maxPlanBytes)',
    setup: async (d) => {
      writeLargePlan(path.join(d, 'plan.json'), 65_000);
      return [d];
    },
    neighbours: [{ ruleId: 'db-multi-az', address: 'aws_db_instance.planned' }],
    exit: [1],
  },
  {
    name: 'plan of 130k resources as Terraform writes it (~250 MiB, over maxPlanBytes)',
    setup: async (d) => {
      writeLargePlan(path.join(d, 'plan.json'), 130_000);
      await writeFile(path.join(d, 'main.tf'), 'resource "aws_db_instance" "beside" {\n  engine   = "postgres"\n  multi_az = false\n}\n');
      return [d];
    },
    neighbours: [{ ruleId: 'db-multi-az', address: 'aws_db_instance.beside' }],
    exit: [3],
    error: /over the 128\.0 MiB file size limit \(maxPlanBytes\).*raise limits\.maxPlanBytes in the policy file/,
  },
];

export interface CaseRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Peak RSS of the CLI process, KiB. */
  maxRssKiB?: number;
  ms: number;
}

/** Run the built CLI on a case in a fresh directory, killed after `timeoutMs`. */
export async function runCase(c: HostileCase, timeoutMs: number): Promise<CaseRun & { dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-hostile-'));
  const args = await c.setup(dir);
  const rssFile = path.join(dir, '.rss');
  const started = Date.now();
  const run = await new Promise<CaseRun>((resolve) => {
    const child = spawn(process.execPath, ['--import', RSS_HOOK, CLI, 'scan', ...args, '--format', 'json', '--region', 'eu-west-1'], {
      cwd: dir,
      env: { ...process.env, RESILINT_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
  const rss = await readFile(rssFile, 'utf8').catch(() => undefined);
  return { ...run, ...(rss ? { maxRssKiB: Number(rss) } : {}), dir };
}

export async function cleanup(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A JavaScript or Go stack trace, or a V8 abort. */
export const STACK_TRACE = /\n\s+at .+:\d+:\d+\)?|goroutine \d+|FATAL ERROR|Maximum call stack|Allocation failed|is not a function|Cannot read propert/;
