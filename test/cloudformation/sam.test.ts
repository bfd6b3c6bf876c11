/**
 * AWS SAM templates (`Transform: AWS::Serverless-2016-10-31`): functions
 * and simple tables read as the Lambda functions and DynamoDB tables the
 * transform makes, Globals merged with SAM's rules, the SAM types not read
 * named in the coverage gap; the same verdicts as the template written with
 * plain AWS::Lambda::Function / AWS::DynamoDB::Table, at the lines of the
 * SAM template (YAML and JSON).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnyResource, Resource } from '../../src/graph/types.js';
import { isUnknown } from '../../src/graph/values.js';
import { analyze } from '../../src/scan.js';
import { scanCloudFormation, type CloudFormationSourceOutput } from '../../src/sources/cloudformation/index.js';
import { mergeGlobal } from '../../src/sources/cloudformation/sam.js';
import { parseText, toPlain, type TNode } from '../../src/sources/cloudformation/parse.js';
import { verdicts, type Verdict } from './verdicts.js';

const FORMS = path.resolve('fixtures/sam');

async function scanForm(form: string): Promise<CloudFormationSourceOutput> {
  const root = path.join(FORMS, form);
  return scanCloudFormation({ root, files: readdirSync(root).map((f) => path.join(root, f)) });
}

/** 1-based line of the n-th occurrence of `needle` in a fixture (plain text search, independent of the parser). */
function lineOf(rel: string, needle: string, nth = 1): number {
  const text = readFileSync(path.join(FORMS, rel), 'utf8');
  let at = -1;
  for (let k = 0; k < nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} (#${nth}) not in ${rel}`);
  }
  return text.slice(0, at).split('\n').length;
}

function byAddress<K extends AnyResource['kind']>(out: CloudFormationSourceOutput, address: string, kind: K): Resource<K> {
  const r = out.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no ${address}`);
  expect(r.kind).toBe(kind);
  return r as Resource<K>;
}

const pick = (v: Verdict[], ruleId: string, address: string): Verdict | undefined => v.find((x) => x.ruleId === ruleId && x.address === address);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Scan one template written to a fresh folder. */
async function scanText(text: string, name = 'template.yaml'): Promise<CloudFormationSourceOutput> {
  const dir = mkdtempSync(path.join(tmpdir(), 'resilint-sam-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, name), text);
  return scanCloudFormation({ root: dir, files: [path.join(dir, name)] });
}

describe('SAM template (fixtures/sam/sam/template.yaml)', () => {
  const F = 'sam/template.yaml';

  it('reads functions and the simple table as function / db.table, with Globals merged', async () => {
    const out = await scanForm('sam');
    expect(out.errors).toEqual([]);
    const create = byAddress(out, 'template/CreateOrderFunction', 'function');
    expect(create.props).toEqual({ name: 'create-order', runtime: 'python3.12', inVpc: true });
    // Tags from Globals (a plain map), the resource's own keys win.
    expect(create.tags).toEqual({ tier: 'critical', app: 'orders' });
    expect(create.provenance.location).toMatchObject({ file: 'template.yaml', line: lineOf(F, 'CreateOrderFunction:') });
    expect(create.propOrigins.inVpc?.location?.line).toBe(lineOf(F, 'SubnetIds:', 2));

    const settle = byAddress(out, 'template/SettleOrderFunction', 'function');
    expect(settle.props).toEqual({ name: 'settle-order', runtime: 'python3.12', reservedConcurrency: 5, inVpc: true });
    expect(settle.tags).toEqual({ tier: 'critical', app: 'settlement' });
    // Environment.Variables merged key by key (own LOG_LEVEL wins), VpcConfig merged (Globals' security group, own subnets).
    const attrs = settle.attributes as Record<string, any>;
    expect(Object.keys(attrs.Environment.Variables).sort()).toEqual(['DB_HOST', 'LOG_LEVEL', 'ORDERS_TABLE']);
    expect(attrs.Environment.Variables.LOG_LEVEL).toBe('DEBUG');
    expect(attrs.VpcConfig.SecurityGroupIds).toHaveLength(1);
    expect(attrs.VpcConfig.SubnetIds).toHaveLength(1);
    // DeadLetterQueue {Type, TargetArn} → DeadLetterConfig {TargetArn}, as the transform writes it.
    expect(attrs.DeadLetterQueue).toBeUndefined();
    expect(Object.keys(attrs.DeadLetterConfig)).toEqual(['TargetArn']);
    expect(attrs.Runtime).toBe('python3.12');
    expect(attrs.MemorySize).toBe(256);

    const table = byAddress(out, 'template/OrdersTable', 'db.table');
    expect(table.props.name).toBe('orders-idempotency');
    expect(table.props.replicas).toEqual([]);
    expect(table.tags).toEqual({ tier: 'critical' });
  });

  it('edges: functions in their subnets, each connects to what its variables name (the table through Globals) at the variable', async () => {
    const out = await scanForm('sam');
    const id = (logicalId: string) => `template.yaml#template/${logicalId}`;
    const of = (from: string, kind: string) =>
      out.edges
        .filter((e) => e.from === id(from) && e.kind === kind)
        .map((e) => e.to)
        .sort();
    expect(of('CreateOrderFunction', 'in-subnet')).toEqual([id('PrivateSubnetA'), id('PrivateSubnetB')]);
    expect(of('SettleOrderFunction', 'in-subnet')).toEqual([id('PrivateSubnetA')]);
    const db = out.edges.find((e) => e.from === id('SettleOrderFunction') && e.kind === 'connects-to' && e.to === id('OrdersDb'));
    expect(db).toMatchObject({ location: { file: 'template.yaml', line: lineOf(F, 'DB_HOST:') } });
    // ORDERS_TABLE: !Ref OrdersTable is written once, in Globals: both functions name the simple table there.
    expect(of('SettleOrderFunction', 'connects-to')).toEqual([id('OrdersDb'), id('OrdersTable')]);
    expect(of('CreateOrderFunction', 'connects-to')).toEqual([id('OrdersTable')]);
    for (const fn of ['CreateOrderFunction', 'SettleOrderFunction']) {
      const table = out.edges.find((e) => e.from === id(fn) && e.kind === 'connects-to' && e.to === id('OrdersTable'));
      expect(table).toMatchObject({ location: { file: 'template.yaml', line: lineOf(F, 'ORDERS_TABLE:') }, data: { variable: 'ORDERS_TABLE' } });
    }
  });

  it('the database inherits the critical tier of the SAM function that uses it', async () => {
    const root = path.join(FORMS, 'sam');
    const a = await analyze({ paths: [root], root });
    expect(a.errors).toEqual([]);
    const all = [...a.graph.resources()];
    const db = all.find((r) => r.address === 'template/OrdersDb')!;
    expect(a.tiers.get(db.id)).toMatchObject({ tier: 'critical', source: 'inherited' });
    const fn = all.find((r) => r.address === 'template/SettleOrderFunction')!;
    expect(a.tiers.get(fn.id)).toMatchObject({ tier: 'critical', source: 'tag' });
  });

  it('names the SAM types not read in the coverage gap, and only those', async () => {
    const out = await scanForm('sam');
    expect(out.coverage.map((c) => c.message)).toEqual(['template.yaml uses Transform AWS::Serverless-2016-10-31: AWS::Serverless::Api (1) not assessed (nor the resources SAM generates for them)']);
    expect(out.ignoredResourceTypes['AWS::Serverless::Api']).toBe(1);
    expect(out.ignoredResourceTypes['AWS::Serverless::Function']).toBeUndefined();
    expect(out.ignoredResourceTypes['AWS::Serverless::SimpleTable']).toBeUndefined();
  });

  it('rule verdicts on the functions, the table and the database, at the SAM template lines', async () => {
    const { verdicts: v } = verdicts(await scanForm('sam'));
    const expected: Verdict[] = [
      { ruleId: 'lambda-vpc-multi-az', address: 'template/CreateOrderFunction', status: 'pass', file: 'template.yaml', line: lineOf(F, 'SubnetIds:', 2) },
      { ruleId: 'lambda-vpc-multi-az', address: 'template/SettleOrderFunction', status: 'fail', file: 'template.yaml', line: lineOf(F, 'SubnetIds:', 3) },
      { ruleId: 'az-failure-tolerance', address: 'template/CreateOrderFunction', status: 'pass', file: 'template.yaml', line: lineOf(F, 'CreateOrderFunction:') },
      { ruleId: 'dynamodb-pitr', address: 'template/OrdersTable', status: 'fail', file: 'template.yaml', line: lineOf(F, 'OrdersTable:', 1) },
      { ruleId: 'dynamodb-deletion-protection', address: 'template/OrdersTable', status: 'fail', file: 'template.yaml', line: lineOf(F, 'OrdersTable:', 1) },
      { ruleId: 'dynamodb-global-replica', address: 'template/OrdersTable', status: 'fail', file: 'template.yaml', line: lineOf(F, 'OrdersTable:', 1) },
      // Critical by inheritance: the medium default (no Multi-AZ required) would not fail it.
      { ruleId: 'db-multi-az', address: 'template/OrdersDb', status: 'fail', file: 'template.yaml', line: lineOf(F, 'MultiAZ:') },
    ];
    for (const e of expected) expect(pick(v, e.ruleId, e.address)).toEqual(e);
    // A function whose only subnet is in one AZ cannot be said to survive an AZ loss.
    expect(pick(v, 'az-failure-tolerance', 'template/SettleOrderFunction')?.status).toBe('unknown');
  });

  it('gives the same verdicts as the template written with AWS::Lambda::Function and AWS::DynamoDB::Table', async () => {
    const sam = verdicts(await scanForm('sam')).verdicts.map(({ ruleId, address, status }) => ({ ruleId, address, status }));
    const plain = verdicts(await scanForm('lambda')).verdicts.map(({ ruleId, address, status }) => ({ ruleId, address, status }));
    expect(sam.length).toBeGreaterThan(10);
    expect(sam).toEqual(plain);
  });

  it('JSON template: the same verdicts, at the JSON lines', async () => {
    const J = 'json/template.json';
    const out = await scanForm('json');
    expect(out.errors).toEqual([]);
    const { verdicts: v } = verdicts(out);
    const yaml = verdicts(await scanForm('sam')).verdicts.map(({ ruleId, address, status }) => ({ ruleId, address, status }));
    expect(v.map(({ ruleId, address, status }) => ({ ruleId, address, status }))).toEqual(yaml);
    expect(pick(v, 'lambda-vpc-multi-az', 'template/SettleOrderFunction')).toEqual({ ruleId: 'lambda-vpc-multi-az', address: 'template/SettleOrderFunction', status: 'fail', file: 'template.json', line: lineOf(J, '"SubnetIds"', 3) });
    expect(pick(v, 'lambda-vpc-multi-az', 'template/CreateOrderFunction')?.line).toBe(lineOf(J, '"SubnetIds"', 2));
    expect(pick(v, 'az-failure-tolerance', 'template/CreateOrderFunction')?.line).toBe(lineOf(J, '"CreateOrderFunction": {'));
    expect(pick(v, 'dynamodb-pitr', 'template/OrdersTable')?.line).toBe(lineOf(J, '"OrdersTable": {'));
    const db = out.edges.find((e) => e.kind === 'connects-to' && e.to.endsWith('/OrdersDb'));
    expect(db?.location?.line).toBe(lineOf(J, '"DB_HOST"'));
    const table = out.edges.find((e) => e.kind === 'connects-to' && e.to.endsWith('/OrdersTable'));
    expect(table?.location?.line).toBe(lineOf(J, '"ORDERS_TABLE"'));
  });
});

describe('SAM Globals', () => {
  const node = (yaml: string): TNode => parseText(yaml, 'x.yaml').root!;

  it('merges as SAM does: own scalars win, maps merge key by key, lists are additive (Globals first), intrinsics are plain values', () => {
    const g = node('A: 1\nM: { x: 1, y: { p: 1 } }\nL: [a, b]\nI: !Ref P\nN: { k: v }\n');
    const l = node('A: 2\nM: { y: { q: 2 }, z: 3 }\nL: [c]\nI: { k: v }\nN: { "Fn::If": [C, { k: w }, { k: u }] }\n');
    expect(toPlain(mergeGlobal(g, l))).toEqual({
      A: 2,
      M: { x: 1, y: { p: 1, q: 2 }, z: 3 },
      L: ['a', 'b', 'c'],
      I: { k: 'v' },
      N: { 'Fn::If': ['C', { k: 'w' }, { k: 'u' }] },
    });
  });

  it('intrinsics in Globals resolve in the stack (parameters, !Sub); a function without Properties inherits everything; positions stay those of Globals', async () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: prod
Globals:
  Function:
    Runtime: nodejs20.x
    FunctionName: !Sub "orders-\${Stage}"
    VpcConfig:
      SubnetIds: [!Ref SubnetA, !Ref SubnetB]
    Tags:
      tier: !Ref TierOf
Resources:
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: vpc-1, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a }
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: vpc-1, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a }
  Handler:
    Type: AWS::Serverless::Function
`;
    const withTier = text.replace('Parameters:\n', 'Parameters:\n  TierOf:\n    Type: String\n    Default: high\n');
    const out = await scanText(withTier);
    expect(out.errors).toEqual([]);
    const fn = byAddress(out, 'template/Handler', 'function');
    expect(fn.props).toMatchObject({ name: 'orders-prod', runtime: 'nodejs20.x', inVpc: true });
    expect(fn.tags).toEqual({ tier: 'high' });
    // Inherited subnets are located where Globals writes them.
    const subnets = withTier.slice(0, withTier.indexOf('SubnetIds:')).split('\n').length;
    expect(fn.propOrigins.inVpc?.location?.line).toBe(subnets);
    const { verdicts: v } = verdicts(out);
    // Both subnets in one AZ: the high tier needs two.
    expect(pick(v, 'lambda-vpc-multi-az', 'template/Handler')).toMatchObject({ status: 'fail', line: subnets });
  });

  it('an unknown tag value from Globals stays unknown (the tier is not guessed)', async () => {
    const out = await scanText(`Transform: AWS::Serverless-2016-10-31
Parameters:
  TierOf: { Type: String }
Globals:
  Function:
    Tags: { tier: !Ref TierOf }
Resources:
  Handler:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12 }
`);
    const tags = byAddress(out, 'template/Handler', 'function').tags;
    expect(!isUnknown(tags) && isUnknown(tags.tier)).toBe(true);
  });

  it('a Globals that is not a mapping is an error at its line; the resources are still read', async () => {
    const out = await scanText(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function: [Runtime]
Resources:
  Handler:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12 }
`);
    expect(out.errors).toEqual([{ file: 'template.yaml', line: 3, column: 3, kind: 'template', message: 'Globals.Function must be a mapping of properties' }]);
    expect(byAddress(out, 'template/Handler', 'function').props.runtime).toBe('python3.12');
  });

  it('Globals.SimpleTable applies to simple tables; their PointInTimeRecoverySpecification is read', async () => {
    const out = await scanText(`Transform: AWS::Serverless-2016-10-31
Globals:
  SimpleTable:
    SSESpecification: { SSEEnabled: true }
Resources:
  Sessions:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: true
      Tags: { tier: critical }
`);
    expect(out.errors).toEqual([]);
    const t = byAddress(out, 'template/Sessions', 'db.table');
    expect(t.props.pointInTimeRecovery).toBe(true);
    expect((t.attributes as Record<string, any>).SSESpecification).toEqual({ SSEEnabled: true });
    const { verdicts: v } = verdicts(out);
    expect(pick(v, 'dynamodb-pitr', 'template/Sessions')).toMatchObject({ status: 'pass', line: 10 });
  });
});

describe('SAM transform: references and coverage', () => {
  it('references to resources SAM generates are unknown, not errors; a reference to nothing is still an error', async () => {
    const out = await scanText(`Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      AutoPublishAlias: live
      Environment:
        Variables:
          ROLE: !GetAtt WorkerRole.Arn
          ALIAS: !Ref Worker.Alias
          API: !Ref ServerlessRestApi
          TYPO: !Ref Wroker
`);
    expect(out.errors.map((e) => `${e.line}: ${e.message}`)).toEqual(['13: Ref Wroker: no parameter or resource named Wroker']);
    const vars = (byAddress(out, 'template/Worker', 'function').attributes as Record<string, any>).Environment.Variables;
    expect(isUnknown(vars.ROLE) && vars.ROLE.reason).toMatch(/generated by the SAM transform from Worker/);
    expect(isUnknown(vars.ALIAS)).toBe(true);
    expect(isUnknown(vars.API)).toBe(true);
  });

  it('a SAM template whose SAM resources are all read has no transform gap; another transform keeps its own', async () => {
    const fn = `Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12 }
`;
    expect((await scanText(`Transform: AWS::Serverless-2016-10-31\n${fn}`)).coverage).toEqual([]);
    const both = await scanText(`Transform: [AWS::Serverless-2016-10-31, AcmeMacro]\n${fn}  Layer:\n    Type: AWS::Serverless::LayerVersion\n    Properties: { ContentUri: layer/ }\n  Queue:\n    Type: AWS::Serverless::Api\n    Properties: { StageName: v1 }\n  Queue2:\n    Type: AWS::Serverless::Api\n    Properties: { StageName: v2 }\n`);
    expect(both.coverage.map((c) => c.message)).toEqual([
      'template.yaml uses Transform AcmeMacro: resources the transform adds or changes are not assessed',
      'template.yaml uses Transform AWS::Serverless-2016-10-31: AWS::Serverless::LayerVersion (1), AWS::Serverless::Api (2) not assessed (nor the resources SAM generates for them)',
    ]);
  });

  it('a SAM function mounting EFS through an access point gets the mounts edge', async () => {
    const out = await scanText(`Transform: AWS::Serverless-2016-10-31
Resources:
  Files:
    Type: AWS::EFS::FileSystem
  FilesAccessPoint:
    Type: AWS::EFS::AccessPoint
    Properties: { FileSystemId: !Ref Files }
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      FileSystemConfigs:
        - Arn: !GetAtt FilesAccessPoint.Arn
          LocalMountPath: /mnt/files
`);
    expect(out.errors).toEqual([]);
    const mount = out.edges.find((e) => e.kind === 'mounts');
    expect(mount).toMatchObject({ from: 'template.yaml#template/Worker', to: 'template.yaml#template/Files', location: { line: 13 } });
  });
});
