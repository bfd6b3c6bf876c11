/**
 * Deterministic generator of a CloudFormation corpus for the sources benchmark.
 *
 * `generate(dir, { resources, files, format })` writes about `resources`
 * resources in `files` root templates (YAML with short-form intrinsics, or
 * JSON with their long form), shaped like
 * fixtures/technova/cloudformation/technova-prod-core.yaml:
 *
 *   <dir>/templates/technova-<dept>-<env>-<nn>.(yaml|json)   root stacks
 *   <dir>/templates/nested/legacy-db.(yaml|json)             nested stack (only when files > 1)
 *
 * Every root template has Parameters (with defaults, except a NoEcho
 * password and, where batch services use it, `BatchDesiredCount`: unknowns),
 * Mappings (AZs, per-environment settings, image tags) used through
 * `!FindInMap`, Conditions (`OneNatPerAz`, `IsProd`) used as resource
 * conditions and through `!If`, a VPC with public/private subnets
 * (`!Select` of `!Cidr`), NAT gateways (two of three conditional), route
 * tables, routes and associations, an ECS cluster, services with task
 * definitions, scalable targets (`!Sub 'service/${Cluster}/${Svc.Name}'` or
 * `!Join`) and scaling policies, Aurora clusters and instances, RDS
 * instances, and filler (security groups, IAM roles with policy documents,
 * queues, topics, buckets, alarms). About half of the root stacks of a
 * multi-file corpus also instantiate the nested template
 * (`AWS::CloudFormation::Stack` with a local TemplateURL).
 *
 * Resource counts: `resources` counts what CloudFormation would list across
 * the stacks (root resources plus each nested stack's resources), whatever
 * the conditions; `notDeployed` is how many of those have a condition that
 * is false with the parameter defaults. A template may hold at most 500
 * resources in CloudFormation; `files: 1` with more resources makes one
 * template over that limit on purpose (cfn-lint timing), flat, without
 * nested stacks.
 *
 * The same options give byte-identical output (seeded PRNG, no clock, no
 * environment). Defects occur at realistic rates (a shared NAT gateway in
 * non-production and some production stacks, `MinCapacity: 1`, services
 * pinned to one subnet, Aurora members in one AZ, short backups, single-AZ
 * RDS instances), and so do tiers from tags and no tier at all.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../test/support/random.js';

export type TemplateFormat = 'yaml' | 'json';

export interface GenerateOptions {
  /** Target number of resources (default 1000), nested stacks' resources included. */
  resources?: number;
  /** Number of root templates (default resources / 200). */
  files?: number;
  /** Default 'yaml'. */
  format?: TemplateFormat;
  /** PRNG seed; defaults to one derived from the sizes (not the format: YAML and JSON corpora hold the same stacks). */
  seed?: number;
}

export interface CorpusStats {
  dir: string;
  format: TemplateFormat;
  /** Files written (root and nested templates). */
  files: number;
  /** Absolute paths of the root templates, in order. */
  rootTemplates: string[];
  nestedTemplates: number;
  /** Resource entries in all files. */
  resourceDeclarations: number;
  /** Resources across all stacks: root resources + nested resources per instantiation. */
  resources: number;
  /** Resources whose Condition is false with the parameter defaults. */
  notDeployed: number;
  nestedStackInstances: number;
  /** Resources of the largest root template (CloudFormation's limit is 500). */
  largestTemplate: number;
  bytes: number;
}

/** Written at the corpus root; `generate` only ever clears a directory that has it. */
export const MARKER = '.resilint-bench-corpus';

// ---------------------------------------------------------------------------
// Corpus directories (shared with generate-plan.ts)
// ---------------------------------------------------------------------------

/** Empty `dir` (only if a generator made it: it holds MARKER) and mark it as a generated corpus. */
export function prepareDir(dir: string, note: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(`${dir} is not empty and was not made by generate(); refusing to clear it`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), `${note}\n`);
}

// ---------------------------------------------------------------------------
// Vocabulary (shared with generate-plan.ts)
// ---------------------------------------------------------------------------

export const DEPARTMENTS = ['sales', 'mfg', 'iot', 'maint', 'common', 'logistics', 'finance', 'hr', 'retail', 'rnd', 'quality', 'procurement'];
export const ENVIRONMENTS = ['prod', 'prod', 'stg', 'dev'];
export const SERVICE_WORDS = [
  'auth', 'order', 'inventory', 'planning', 'tracking', 'material', 'telemetry', 'connectivity', 'portal', 'billing',
  'catalog', 'pricing', 'shipping', 'notification', 'search', 'report', 'batch', 'analytics', 'maintenance', 'masterdata',
];
export const AZS = ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'];
export const TIERS = [['critical', 3], ['high', 4], ['medium', 3]] as const;
export const IMAGE_TAGS = ['2024.11.3', '2024.11.7', '2024.10.21', '2024.09.30', '2024.11.1', '2024.12.2'];

const pascal = (s: string): string => s.replace(/(^|[-_ ])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const azSuffix = (az: string): string => az.slice(-2); // '1a'

// ---------------------------------------------------------------------------
// Template tree and its two serialisations
// ---------------------------------------------------------------------------

/** An intrinsic function: YAML `!Name arg`, JSON `{"Fn::Name": arg}`. */
class Fn {
  constructor(
    readonly name: string,
    readonly arg: Node,
  ) {}
}

/** Written in flow style in YAML (`{ Key: tier, Value: critical }`); no effect on JSON. */
class Flow {
  constructor(readonly value: Node) {}
}

type Node = string | number | boolean | Fn | Flow | Node[] | { [key: string]: Node };

const ref = (id: string): Fn => new Fn('Ref', id);
const getAtt = (id: string, attr: string): Fn => new Fn('Fn::GetAtt', [id, attr]);
const sub = (s: string, vars?: Record<string, Node>): Fn => new Fn('Fn::Sub', vars ? [s, vars] : s);
const join_ = (d: string, items: Node[]): Fn => new Fn('Fn::Join', [d, items]);
const select = (i: number, list: Node): Fn => new Fn('Fn::Select', [i, list]);
const cidr = (block: Node, count: number, bits: number): Fn => new Fn('Fn::Cidr', [block, count, bits]);
const findInMap = (m: string, k1: Node, k2: string): Fn => new Fn('Fn::FindInMap', [m, k1, k2]);
const fnIf = (c: string, a: Node, b: Node): Fn => new Fn('Fn::If', [c, a, b]);
const equals = (a: Node, b: Node): Fn => new Fn('Fn::Equals', [a, b]);
const flow = (v: Node): Flow => new Flow(v);

const isPlainObject = (v: Node): v is { [key: string]: Node } => typeof v === 'object' && !Array.isArray(v) && !(v instanceof Fn) && !(v instanceof Flow);

/** YAML 1.1 readers (cfn-lint's PyYAML) take these as booleans/null when plain. */
const RESERVED = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

/** Plain (unquoted) when safe: in block context also with colons and spaces (`AWS::EC2::VPC`, descriptions). */
function yamlScalar(v: string | number | boolean, block = false): string {
  if (typeof v !== 'string') return String(v);
  if (/^[A-Za-z][A-Za-z0-9_./-]*$/.test(v) && !RESERVED.test(v)) return v;
  if (block && /^[A-Za-z][\w./:() ,-]*[\w.)/]$/.test(v) && !/: | #|:$/.test(v) && !RESERVED.test(v)) return v;
  if (/[\n\t\\"]/.test(v)) return JSON.stringify(v);
  return `'${v.replace(/'/g, "''")}'`;
}

function yamlFlow(v: Node): string {
  if (v instanceof Flow) return yamlFlow(v.value);
  if (v instanceof Fn) {
    const tag = v.name === 'Ref' || v.name === 'Condition' ? `!${v.name}` : `!${v.name.slice(4)}`;
    if (v.name === 'Fn::GetAtt' && Array.isArray(v.arg)) return `${tag} ${v.arg.join('.')}`;
    if (v.name === 'Ref' && typeof v.arg === 'string' && /^AWS::\w+$/.test(v.arg)) return `${tag} ${v.arg}`;
    return `${tag} ${yamlFlow(v.arg)}`;
  }
  if (Array.isArray(v)) return `[${v.map(yamlFlow).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? `{ ${entries.map(([k, x]) => `${yamlScalar(k)}: ${yamlFlow(x)}`).join(', ')} }` : '{}';
  }
  return yamlScalar(v);
}

/** Lists of scalars and intrinsics are written in flow style, lists with mappings in block style. */
const blockSeq = (v: Node): v is Node[] => Array.isArray(v) && v.some((x) => isPlainObject(x) || Array.isArray(x));
const blockMap = (v: Node): v is { [key: string]: Node } => isPlainObject(v) && Object.keys(v).length > 0;

function yamlMap(map: { [key: string]: Node }, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const [k, v] of Object.entries(map)) {
    if (blockMap(v)) {
      out.push(`${pad}${yamlScalar(k)}:`);
      yamlMap(v, indent + 2, out);
    } else if (blockSeq(v)) {
      out.push(`${pad}${yamlScalar(k)}:`);
      yamlSeq(v, indent + 2, out);
    } else {
      out.push(`${pad}${yamlScalar(k)}: ${typeof v === 'string' ? yamlScalar(v, true) : yamlFlow(v)}`);
    }
  }
}

function yamlSeq(items: Node[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    if (blockMap(item)) {
      const lines: string[] = [];
      yamlMap(item, indent + 2, lines);
      lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`;
      out.push(...lines);
    } else {
      out.push(`${pad}- ${typeof item === 'string' ? yamlScalar(item, true) : yamlFlow(item)}`);
    }
  }
}

function toJson(v: Node): unknown {
  if (v instanceof Flow) return toJson(v.value);
  if (v instanceof Fn) return { [v.name]: toJson(v.arg) };
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

/** Top-level sections separated by blank lines, resources too (as people write them). */
function renderYaml(doc: { [key: string]: Node }, header: string[]): string {
  const out: string[] = header.map((h) => `# ${h}`);
  for (const [section, value] of Object.entries(doc)) {
    if (out.length) out.push('');
    if (blockMap(value)) {
      out.push(`${section}:`);
      const entries = Object.entries(value);
      entries.forEach(([k, v], i) => {
        if (section === 'Resources' && i > 0) out.push('');
        yamlMap({ [k]: v }, 2, out);
      });
    } else {
      yamlMap({ [section]: value }, 0, out);
    }
  }
  return `${out.join('\n')}\n`;
}

export function render(doc: { [key: string]: Node }, format: TemplateFormat, header: string[] = []): string {
  return format === 'yaml' ? renderYaml(doc, header) : `${JSON.stringify(toJson(doc), null, 2)}\n`;
}

// ---------------------------------------------------------------------------
// One root template
// ---------------------------------------------------------------------------

interface ResourceAttrs {
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

class Template {
  readonly parameters: Record<string, Node> = {};
  readonly mappings: Record<string, Node> = {};
  readonly conditions: Record<string, Node> = {};
  readonly resources: Record<string, Node> = {};
  readonly outputs: Record<string, Node> = {};
  /** Resources in this template, and across the nested stacks it instantiates. */
  count = 0;
  nestedCount = 0;
  notDeployed = 0;

  add(id: string, type: string, props?: Node, attrs: ResourceAttrs = {}, deployed = true): string {
    if (id in this.resources) throw new Error(`duplicate logical id ${id}`);
    const r: Record<string, Node> = { Type: type };
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) r[k] = v;
    if (props) r.Properties = props;
    this.resources[id] = r;
    this.count++;
    if (!deployed) this.notDeployed++;
    return id;
  }

  doc(description: string): { [key: string]: Node } {
    const d: { [key: string]: Node } = { AWSTemplateFormatVersion: '2010-09-09', Description: description };
    if (Object.keys(this.parameters).length) d.Parameters = this.parameters;
    if (Object.keys(this.mappings).length) d.Mappings = this.mappings;
    if (Object.keys(this.conditions).length) d.Conditions = this.conditions;
    d.Resources = this.resources;
    if (Object.keys(this.outputs).length) d.Outputs = this.outputs;
    return d;
  }
}

interface Stack {
  t: Template;
  rng: Rng;
  name: string;
  index: number;
  dept: string;
  env: string;
  single: boolean;
  /** Logical ids of ECS services (for alarms), used ids per base name. */
  services: string[];
  counters: Map<string, number>;
  /** Relative TemplateURL of the nested template, when this corpus has one. */
  nestedUrl?: string;
}

/** Resources of the nested legacy-db template per instantiation. */
const NESTED_RESOURCES = 3;

function uniqueId(st: Stack, base: string): { id: string; n: number } {
  const n = (st.counters.get(base) ?? 0) + 1;
  st.counters.set(base, n);
  return { id: n === 1 ? base : `${base}${n}`, n };
}

function baseTags(extra: [string, Node][] = []): Flow {
  return flow([
    { Key: 'project', Value: 'technova' },
    { Key: 'environment', Value: ref('Environment') },
    ...extra.map(([Key, Value]) => ({ Key, Value })),
  ]);
}

function tierTag(st: Stack, pNone = 0.1): [string, Node][] {
  if (st.rng.chance(pNone)) return [];
  return [['tier', st.rng.weighted(TIERS)]];
}

function header(st: Stack): void {
  const { t, rng } = st;
  const second = (st.index * 7) % 200 + 10;
  t.parameters.Environment = { Type: 'String', AllowedValues: flow(['prod', 'stg', 'dev']), Default: st.env };
  t.parameters.VpcCidr = { Type: 'String', Default: `10.${second}.0.0/16`, Description: 'CIDR block of the workload VPC.' };
  t.parameters.SingleNatGateway = {
    Type: 'String',
    AllowedValues: flow(['true', 'false']),
    Default: st.single ? 'true' : 'false',
    Description: 'One shared NAT gateway instead of one per AZ (cheaper, but a single point of failure).',
  };
  t.parameters.EcrRegistry = { Type: 'String', Default: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com' };
  t.parameters.DbMasterPassword = { Type: 'String', NoEcho: true, Description: 'Master password of the self-managed databases.' };

  t.mappings.EnvConfig = {
    prod: { MinTasks: 2, BackupDays: 7, LogRetention: 90 },
    stg: { MinTasks: 1, BackupDays: 3, LogRetention: 30 },
    dev: { MinTasks: 1, BackupDays: 1, LogRetention: 14 },
  };
  const tags: Record<string, Node> = {};
  for (const w of SERVICE_WORDS) tags[pascal(w)] = { Tag: rng.pick(IMAGE_TAGS) };
  t.mappings.ImageTags = tags;

  t.conditions.OneNatPerAz = equals(ref('SingleNatGateway'), 'false');
  t.conditions.IsProd = equals(ref('Environment'), 'prod');
}

/** VPC, subnets, IGW, NAT gateways, route tables, routes, associations, two security groups: 31 resources. */
function network(st: Stack): void {
  const { t } = st;
  t.add('Vpc', 'AWS::EC2::VPC', {
    CidrBlock: ref('VpcCidr'),
    EnableDnsSupport: true,
    EnableDnsHostnames: true,
    Tags: baseTags([['Name', sub('${AWS::StackName}-vpc')], ['tier', 'critical']]),
  });
  t.add('InternetGateway', 'AWS::EC2::InternetGateway', { Tags: baseTags([['Name', sub('${AWS::StackName}-igw')]]) });
  t.add('InternetGatewayAttachment', 'AWS::EC2::VPCGatewayAttachment', { VpcId: ref('Vpc'), InternetGatewayId: ref('InternetGateway') });
  AZS.forEach((az, i) => {
    t.add(`PublicSubnet${azSuffix(az)}`, 'AWS::EC2::Subnet', {
      VpcId: ref('Vpc'),
      AvailabilityZone: az,
      CidrBlock: select(240 + i, cidr(ref('VpcCidr'), 256, 8)),
      MapPublicIpOnLaunch: false,
      Tags: flow([{ Key: 'tier', Value: 'critical' }, { Key: 'role', Value: 'public' }]),
    });
  });
  AZS.forEach((az, i) => {
    t.add(`PrivateSubnet${azSuffix(az)}`, 'AWS::EC2::Subnet', {
      VpcId: ref('Vpc'),
      AvailabilityZone: az,
      CidrBlock: select(i, cidr(ref('VpcCidr'), 3, 12)),
      Tags: flow([{ Key: 'tier', Value: 'critical' }, { Key: 'role', Value: 'private' }]),
    });
  });
  t.add('PublicRouteTable', 'AWS::EC2::RouteTable', { VpcId: ref('Vpc'), Tags: flow([{ Key: 'tier', Value: 'critical' }]) });
  t.add('PublicDefaultRoute', 'AWS::EC2::Route', { RouteTableId: ref('PublicRouteTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('InternetGateway') }, { DependsOn: 'InternetGatewayAttachment' });
  for (const az of AZS) {
    t.add(`PublicSubnet${azSuffix(az)}Routes`, 'AWS::EC2::SubnetRouteTableAssociation', flow({ SubnetId: ref(`PublicSubnet${azSuffix(az)}`), RouteTableId: ref('PublicRouteTable') }));
  }
  AZS.forEach((az, i) => {
    const s = azSuffix(az);
    const cond = i === 0 ? undefined : 'OneNatPerAz';
    t.add(`NatEip${s}`, 'AWS::EC2::EIP', { Domain: 'vpc' }, { Condition: cond }, !(cond && st.single));
    t.add(
      `NatGateway${s}`,
      'AWS::EC2::NatGateway',
      {
        AllocationId: getAtt(`NatEip${s}`, 'AllocationId'),
        SubnetId: ref(`PublicSubnet${s}`),
        Tags: flow([{ Key: 'Name', Value: sub(`\${AWS::StackName}-nat-${az}`) }, { Key: 'tier', Value: 'critical' }]),
      },
      { Condition: cond },
      !(cond && st.single),
    );
  });
  for (const az of AZS) t.add(`PrivateRouteTable${azSuffix(az)}`, 'AWS::EC2::RouteTable', { VpcId: ref('Vpc'), Tags: flow([{ Key: 'tier', Value: 'critical' }]) });
  AZS.forEach((az, i) => {
    const s = azSuffix(az);
    t.add(`PrivateDefaultRoute${s}`, 'AWS::EC2::Route', {
      RouteTableId: ref(`PrivateRouteTable${s}`),
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: i === 0 ? ref('NatGateway1a') : fnIf('OneNatPerAz', ref(`NatGateway${s}`), ref('NatGateway1a')),
    });
  });
  for (const az of AZS) {
    const s = azSuffix(az);
    t.add(`PrivateSubnet${s}Routes`, 'AWS::EC2::SubnetRouteTableAssociation', flow({ SubnetId: ref(`PrivateSubnet${s}`), RouteTableId: ref(`PrivateRouteTable${s}`) }));
  }
  t.add('EcsServicesSecurityGroup', 'AWS::EC2::SecurityGroup', {
    GroupDescription: 'ECS services behind the internal load balancers',
    VpcId: ref('Vpc'),
    SecurityGroupIngress: [flow({ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: ref('VpcCidr') })],
  });
  t.add('DatabasesSecurityGroup', 'AWS::EC2::SecurityGroup', {
    GroupDescription: 'Aurora and RDS, reachable from the ECS services only',
    VpcId: ref('Vpc'),
    SecurityGroupIngress: [
      flow({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: ref('EcsServicesSecurityGroup') }),
      flow({ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, SourceSecurityGroupId: ref('EcsServicesSecurityGroup') }),
    ],
  });
}

/** Cluster, capacity providers, task execution role, DB subnet group: 4 resources. */
function platform(st: Stack): void {
  const { t } = st;
  t.add('Cluster', 'AWS::ECS::Cluster', {
    ClusterName: sub('${AWS::StackName}-cluster'),
    ClusterSettings: flow([{ Name: 'containerInsights', Value: 'enabled' }]),
    Tags: baseTags(),
  });
  t.add('ClusterCapacityProviders', 'AWS::ECS::ClusterCapacityProviderAssociations', {
    Cluster: ref('Cluster'),
    CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    DefaultCapacityProviderStrategy: [flow({ CapacityProvider: 'FARGATE', Base: 1, Weight: 100 })],
  });
  t.add('TaskExecutionRole', 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: assumeRole('ecs-tasks.amazonaws.com'),
    ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy')],
    Policies: [
      {
        PolicyName: 'read-app-secrets',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: sub('arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:technova/${Environment}/*') }],
        },
      },
    ],
  });
  t.add('DbSubnetGroup', 'AWS::RDS::DBSubnetGroup', {
    DBSubnetGroupDescription: 'Private subnets in every AZ',
    SubnetIds: AZS.map((az) => ref(`PrivateSubnet${azSuffix(az)}`)),
    Tags: baseTags(),
  });
}

const BASE_RESOURCES = 31 + 4;

function assumeRole(service: string): Node {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  };
}

const ALL_PRIVATE = (): Node[] => AZS.map((az) => ref(`PrivateSubnet${azSuffix(az)}`));

type Kind = 'ecs' | 'aurora' | 'rds' | 'security' | 'iam' | 'messaging' | 'storage' | 'alarm' | 'nested';

const WEIGHTS: readonly (readonly [Kind, number])[] = [
  ['ecs', 5], ['aurora', 2], ['rds', 1], ['security', 2], ['iam', 2], ['messaging', 1], ['storage', 1], ['alarm', 1], ['nested', 0.4],
];

/** Size of a component before it is written, so that a template never overshoots its budget. */
interface Component {
  size: number;
  write: () => void;
}

function ecsComponent(st: Stack): Component {
  const { t, rng } = st;
  const word = rng.pick(SERVICE_WORDS);
  const { id: base, n } = uniqueId(st, pascal(word));
  const slug = n > 1 ? `${word}${n}` : word;
  const batch = word === 'batch';
  // Variants: scaled across three AZs (most), min capacity 1, pinned to one subnet, Spot without scaling, batch with an unknown count.
  const variant = batch ? 'batch' : rng.weighted([['spread', 6], ['min1', 1.5], ['pinned', 1.5], ['spot', 1], ['env', 1.5]] as const);
  const scaled = variant !== 'spot' && variant !== 'batch';
  const tags = baseTags([...tierTag(st), ['service', word]]);
  return {
    size: scaled ? 5 : 3,
    write: () => {
      const logGroup = t.add(`${base}LogGroup`, 'AWS::Logs::LogGroup', {
        LogGroupName: sub(`/ecs/\${AWS::StackName}/${slug}`),
        RetentionInDays: findInMap('EnvConfig', ref('Environment'), 'LogRetention'),
      });
      const cpu = rng.pick(['256', '512', '1024', '2048']);
      const td = t.add(`${base}TaskDefinition`, 'AWS::ECS::TaskDefinition', {
        Family: sub(`\${AWS::StackName}-${slug}`),
        RequiresCompatibilities: ['FARGATE'],
        NetworkMode: 'awsvpc',
        Cpu: cpu,
        Memory: String(Number(cpu) * 2),
        ExecutionRoleArn: getAtt('TaskExecutionRole', 'Arn'),
        ContainerDefinitions: [
          {
            Name: word,
            Image: sub(`\${EcrRegistry}/technova/${word}:\${Tag}`, { Tag: findInMap('ImageTags', pascal(word), 'Tag') }),
            Essential: true,
            PortMappings: [flow({ ContainerPort: 8080, Protocol: 'tcp' })],
            HealthCheck: {
              Command: ['CMD-SHELL', 'curl -fs http://localhost:8080/health || exit 1'],
              Interval: 10,
              Retries: 3,
              StartPeriod: 30,
              Timeout: 5,
            },
            LogConfiguration: {
              LogDriver: 'awslogs',
              Options: { 'awslogs-group': ref(logGroup), 'awslogs-region': ref('AWS::Region'), 'awslogs-stream-prefix': word },
            },
            Environment: [
              flow({ Name: 'ENVIRONMENT', Value: ref('Environment') }),
              flow({ Name: 'LOG_LEVEL', Value: 'info' }),
            ],
          },
        ],
        Tags: baseTags(),
      });
      const subnets: Node =
        variant === 'pinned' || variant === 'spot' || variant === 'batch'
          ? [ref('PrivateSubnet1a')]
          : variant === 'env'
            ? fnIf('IsProd', ALL_PRIVATE(), [ref('PrivateSubnet1a')])
            : ALL_PRIVATE();
      const svc: Record<string, Node> = {
        ServiceName: sub(`\${AWS::StackName}-${slug}`),
        Cluster: ref('Cluster'),
        TaskDefinition: ref(td),
        DesiredCount: batch ? ref('BatchDesiredCount') : variant === 'spot' ? 1 : rng.pick([2, 3, 4, 6]),
      };
      if (variant === 'spot' || batch) svc.CapacityProviderStrategy = [flow({ CapacityProvider: 'FARGATE_SPOT', Weight: 1 })];
      else svc.LaunchType = 'FARGATE';
      svc.DeploymentConfiguration = {
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: flow({ Enable: true, Rollback: true }),
      };
      svc.NetworkConfiguration = {
        AwsvpcConfiguration: { Subnets: subnets, SecurityGroups: [ref('EcsServicesSecurityGroup')], AssignPublicIp: 'DISABLED' },
      };
      svc.PropagateTags = 'SERVICE';
      svc.Tags = tags;
      const service = t.add(`${base}Service`, 'AWS::ECS::Service', svc);
      st.services.push(service);
      if (batch && !('BatchDesiredCount' in t.parameters)) {
        t.parameters.BatchDesiredCount = { Type: 'Number', Description: 'Number of nightly batch workers. Set per run by the scheduler pipeline.' };
      }
      if (!scaled) return;
      const target = t.add(`${base}ScalingTarget`, 'AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'ecs',
        ScalableDimension: 'ecs:service:DesiredCount',
        ResourceId: rng.chance(0.5) ? sub(`service/\${Cluster}/\${${service}.Name}`) : join_('/', ['service', ref('Cluster'), getAtt(service, 'Name')]),
        MinCapacity: variant === 'min1' ? 1 : variant === 'env' ? findInMap('EnvConfig', ref('Environment'), 'MinTasks') : rng.pick([3, 3, 6]),
        MaxCapacity: rng.pick([10, 15, 20, 30]),
      });
      t.add(`${base}CpuPolicy`, 'AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyName: `${slug}-cpu-50`,
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: ref(target),
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: rng.pick([50, 60, 70]),
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
          PredefinedMetricSpecification: flow({ PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }),
        },
      });
    },
  };
}

function auroraComponent(st: Stack): Component {
  const { t, rng } = st;
  const word = rng.pick(SERVICE_WORDS);
  const { id: base, n } = uniqueId(st, `${pascal(word)}Db`);
  const postgres = rng.chance(0.6);
  const engine = postgres ? 'aurora-postgresql' : 'aurora-mysql';
  const version = postgres ? rng.pick(['15.4', '16.2', '14.9']) : '8.0.mysql_aurora.3.05.2';
  const serverless = rng.chance(0.2);
  const members = rng.weighted([[1, 2], [2, 4], [3, 4]] as const);
  // Members: one per AZ (most), all in the primary AZ from the mapping (defect), or placed by RDS.
  const placement = rng.weighted([['per-az', 6], ['mapping', 2], ['unset', 2]] as const);
  const tags = baseTags([...tierTag(st), ['service', word]]);
  const backup = rng.weighted<Node>([[7, 5], [3, 1], [findInMap('EnvConfig', ref('Environment'), 'BackupDays'), 2], [14, 1]]);
  return {
    size: 1 + members,
    write: () => {
      const identifier = `aurora-${st.name.replace(/^technova-/, '')}-${word}${n > 1 ? n : ''}`;
      const props: Record<string, Node> = {
        DBClusterIdentifier: identifier,
        Engine: engine,
        EngineVersion: version,
        DatabaseName: word.replace(/-/g, '_'),
        MasterUsername: `${word.replace(/-/g, '_')}_admin`,
        ManageMasterUserPassword: true,
        DBSubnetGroupName: ref('DbSubnetGroup'),
        VpcSecurityGroupIds: [ref('DatabasesSecurityGroup')],
        StorageEncrypted: true,
        BackupRetentionPeriod: backup,
        PreferredBackupWindow: rng.pick(['16:00-17:00', '16:30-17:30', '17:00-18:00']),
        CopyTagsToSnapshot: true,
        DeletionProtection: fnIf('IsProd', true, false),
      };
      if (postgres) props.EnableCloudwatchLogsExports = ['postgresql'];
      if (serverless) props.ServerlessV2ScalingConfiguration = { MinCapacity: 0.5, MaxCapacity: rng.pick([4, 8, 16]) };
      props.Tags = tags;
      const cluster = t.add(`${base}Cluster`, 'AWS::RDS::DBCluster', props, { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
      for (let i = 0; i < members; i++) {
        const p: Record<string, Node> = {
          DBInstanceIdentifier: `${identifier}-${i + 1}`,
          DBClusterIdentifier: ref(cluster),
          Engine: engine,
          DBInstanceClass: serverless ? 'db.serverless' : rng.pick(['db.r6g.large', 'db.r6g.xlarge', 'db.r7g.large']),
        };
        if (placement === 'per-az') p.AvailabilityZone = AZS[i % AZS.length];
        else if (placement === 'mapping') {
          t.mappings.Azs ??= { Primary: { Name: AZS[0] } };
          p.AvailabilityZone = findInMap('Azs', 'Primary', 'Name');
        }
        p.PromotionTier = i;
        p.Tags = tags;
        t.add(`${base}Instance${i + 1}`, 'AWS::RDS::DBInstance', p);
      }
    },
  };
}

function rdsComponent(st: Stack): Component {
  const { t, rng } = st;
  const word = rng.pick(SERVICE_WORDS);
  const { id: base, n } = uniqueId(st, `${pascal(word)}Database`);
  const postgres = rng.chance(0.7);
  const multiAz = rng.weighted<Node>([[true, 3], [false, 3], [fnIf('IsProd', true, false), 3]]);
  const backup = rng.weighted<Node | undefined>([[7, 4], [1, 2], [undefined, 2], [findInMap('EnvConfig', ref('Environment'), 'BackupDays'), 2]]);
  const tags = baseTags([...tierTag(st, 0.3), ['service', word]]);
  const managed = rng.chance(0.7);
  return {
    size: 1,
    write: () => {
      const p: Record<string, Node> = {
        DBInstanceIdentifier: `${st.name}-${word}${n > 1 ? n : ''}`,
        Engine: postgres ? 'postgres' : 'mysql',
        EngineVersion: postgres ? rng.pick(['15.5', '16.3', '13.13']) : '8.0.36',
        DBInstanceClass: rng.pick(['db.t4g.large', 'db.m6g.large', 'db.m6g.xlarge']),
        AllocatedStorage: String(rng.pick([100, 200, 500])),
        MaxAllocatedStorage: 1000,
        StorageType: 'gp3',
        StorageEncrypted: true,
        DBName: word.replace(/-/g, '_'),
        MasterUsername: `${word.replace(/-/g, '_')}_admin`,
      };
      if (managed) p.ManageMasterUserPassword = true;
      else p.MasterUserPassword = ref('DbMasterPassword');
      p.DBSubnetGroupName = ref('DbSubnetGroup');
      p.VPCSecurityGroups = [ref('DatabasesSecurityGroup')];
      p.MultiAZ = multiAz;
      if (backup !== undefined) p.BackupRetentionPeriod = backup;
      p.Tags = tags;
      t.add(base, 'AWS::RDS::DBInstance', p, { DeletionPolicy: rng.pick(['Snapshot', 'Snapshot', 'Delete']), UpdateReplacePolicy: 'Snapshot' });
    },
  };
}

function securityComponent(st: Stack): Component {
  const { t, rng } = st;
  const word = rng.pick(SERVICE_WORDS);
  const { id: base, n } = uniqueId(st, `${pascal(word)}SecurityGroup`);
  const rules = rng.int(1, 4);
  return {
    size: 1,
    write: () => {
      const ingress: Node[] = [];
      for (let i = 0; i < rules; i++) {
        const port = rng.pick([443, 8080, 8443, 9090, 5432, 6379]);
        ingress.push(
          rng.chance(0.5)
            ? { IpProtocol: 'tcp', FromPort: port, ToPort: port, SourceSecurityGroupId: ref('EcsServicesSecurityGroup'), Description: `${word} from the ECS services` }
            : { IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: select(rng.int(0, 2), cidr(ref('VpcCidr'), 3, 12)), Description: `${word} from a private subnet` },
        );
      }
      t.add(base, 'AWS::EC2::SecurityGroup', {
        GroupDescription: `${word} workers`,
        VpcId: ref('Vpc'),
        SecurityGroupIngress: ingress,
        SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0', Description: 'all outbound' }],
        Tags: baseTags([['Name', sub(`\${AWS::StackName}-${word}${n > 1 ? n : ''}`)]]),
      });
    },
  };
}

function iamComponent(st: Stack): Component {
  const { t, rng } = st;
  const word = rng.pick(SERVICE_WORDS);
  const { id: base, n } = uniqueId(st, `${pascal(word)}TaskRole`);
  const slug = n > 1 ? `${word}${n}` : word;
  const managed = rng.chance(0.4);
  return {
    size: managed ? 2 : 1,
    write: () => {
      const statements: Node[] = [
        {
          Sid: 'ReadSecrets',
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: sub(`arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:technova/\${Environment}/${word}/*`),
        },
        {
          Sid: 'Queues',
          Effect: 'Allow',
          Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          Resource: sub(`arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:technova-\${Environment}-${word}-*`),
        },
        {
          Sid: 'Objects',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: sub(`arn:\${AWS::Partition}:s3:::technova-\${Environment}-${word}/*`),
          Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        },
      ];
      const role = t.add(base, 'AWS::IAM::Role', {
        RoleName: sub(`\${AWS::StackName}-${slug}-task`),
        AssumeRolePolicyDocument: assumeRole('ecs-tasks.amazonaws.com'),
        Policies: [{ PolicyName: `${slug}-access`, PolicyDocument: { Version: '2012-10-17', Statement: statements.slice(0, rng.int(1, 3)) } }],
        MaxSessionDuration: 3600,
        Tags: baseTags([['service', word]]),
      });
      if (!managed) return;
      t.add(`${base}Policy`, 'AWS::IAM::ManagedPolicy', {
        Description: `Read-only access of ${word} to its tables and parameters`,
        Roles: [ref(role)],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['ssm:GetParameter', 'ssm:GetParametersByPath'],
              Resource: sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/technova/\${Environment}/${word}/*`),
            },
            {
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
              Resource: [
                sub(`arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/technova-\${Environment}-${word}`),
                sub(`arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/technova-\${Environment}-${word}/index/*`),
              ],
            },
          ],
        },
      });
    },
  };
}

function messagingComponent(st: Stack): Component {
  const { t, rng } = st;
  const word = rng.pick(SERVICE_WORDS);
  const topic = rng.chance(0.3);
  const { id: base, n } = uniqueId(st, `${pascal(word)}${topic ? 'Topic' : 'Queue'}`);
  const slug = n > 1 ? `${word}${n}` : word;
  const dlq = !topic && rng.chance(0.5);
  return {
    size: dlq ? 2 : 1,
    write: () => {
      if (topic) {
        t.add(base, 'AWS::SNS::Topic', { TopicName: sub(`\${AWS::StackName}-${slug}-events`), KmsMasterKeyId: 'alias/aws/sns', Tags: baseTags() });
        return;
      }
      const props: Record<string, Node> = {
        QueueName: sub(`\${AWS::StackName}-${slug}`),
        VisibilityTimeout: rng.pick([30, 60, 300]),
        MessageRetentionPeriod: 345600,
        SqsManagedSseEnabled: true,
      };
      if (dlq) {
        t.add(`${base}DeadLetters`, 'AWS::SQS::Queue', { QueueName: sub(`\${AWS::StackName}-${slug}-dlq`), MessageRetentionPeriod: 1209600, Tags: baseTags() });
        props.RedrivePolicy = { deadLetterTargetArn: getAtt(`${base}DeadLetters`, 'Arn'), maxReceiveCount: 5 };
      }
      props.Tags = baseTags();
      t.add(base, 'AWS::SQS::Queue', props);
    },
  };
}

function storageComponent(st: Stack): Component {
  const { t, rng } = st;
  const word = rng.pick(SERVICE_WORDS);
  const { id: base, n } = uniqueId(st, `${pascal(word)}Bucket`);
  return {
    size: 1,
    write: () => {
      t.add(
        base,
        'AWS::S3::Bucket',
        {
          BucketName: sub(`\${AWS::StackName}-${word}${n > 1 ? n : ''}-\${AWS::AccountId}`),
          VersioningConfiguration: { Status: rng.pick(['Enabled', 'Suspended']) },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          LifecycleConfiguration: {
            Rules: [
              { Id: 'expire-noncurrent', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: rng.pick([30, 90]) } },
              { Id: 'archive', Status: 'Enabled', Transitions: [flow({ StorageClass: 'GLACIER_IR', TransitionInDays: 180 })] },
            ],
          },
          Tags: baseTags([['service', word]]),
        },
        { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
      );
    },
  };
}

function alarmComponent(st: Stack): Component {
  const { t, rng } = st;
  const metric = rng.pick(['CPUUtilization', 'MemoryUtilization']);
  const service = st.services.length ? rng.pick(st.services) : undefined;
  const { id: base } = uniqueId(st, `${service ?? 'Cluster'}${metric.replace('Utilization', '')}Alarm`);
  return {
    size: 1,
    write: () => {
      const dimensions: Node[] = [flow({ Name: 'ClusterName', Value: ref('Cluster') })];
      if (service) dimensions.push(flow({ Name: 'ServiceName', Value: getAtt(service, 'Name') }));
      t.add(base, 'AWS::CloudWatch::Alarm', {
        AlarmDescription: `${metric} above threshold`,
        Namespace: 'AWS/ECS',
        MetricName: metric,
        Dimensions: dimensions,
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 3,
        Threshold: rng.pick([70, 80, 90]),
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
    },
  };
}

function nestedComponent(st: Stack): Component {
  const { t, rng } = st;
  const word = rng.pick(['masterdata', 'catalog', 'pricing', 'report']);
  const { id: base, n } = uniqueId(st, `Legacy${pascal(word)}`);
  return {
    size: 1 + NESTED_RESOURCES,
    write: () => {
      t.add(base, 'AWS::CloudFormation::Stack', {
        TemplateURL: st.nestedUrl!,
        Parameters: {
          Identifier: `${st.name}-legacy-${word}${n > 1 ? n : ''}`,
          EngineVersion: '13.13',
          InstanceClass: rng.pick(['db.m6g.large', 'db.m6g.xlarge']),
          AllocatedStorage: String(rng.pick([100, 500])),
          SubnetIds: join_(',', ALL_PRIVATE()),
          SecurityGroupIds: ref('DatabasesSecurityGroup'),
          Username: `${word}_admin`,
          Password: ref('DbMasterPassword'),
          MultiAz: rng.pick(['true', 'false']),
          Tier: rng.pick(['high', 'medium']),
        },
        Tags: baseTags(),
      });
      t.nestedCount += NESTED_RESOURCES;
      t.count += NESTED_RESOURCES;
    },
  };
}

function component(kind: Kind, st: Stack): Component {
  switch (kind) {
    case 'ecs':
      return ecsComponent(st);
    case 'aurora':
      return auroraComponent(st);
    case 'rds':
      return rdsComponent(st);
    case 'security':
      return securityComponent(st);
    case 'iam':
      return iamComponent(st);
    case 'messaging':
      return messagingComponent(st);
    case 'storage':
      return storageComponent(st);
    case 'alarm':
      return alarmComponent(st);
    case 'nested':
      return nestedComponent(st);
  }
}

function outputs(st: Stack): void {
  const { t } = st;
  t.outputs.VpcId = { Value: ref('Vpc'), Export: { Name: sub('${AWS::StackName}-vpc-id') } };
  t.outputs.PrivateSubnetIds = { Value: join_(',', ALL_PRIVATE()) };
  t.outputs.EcsClusterName = { Value: ref('Cluster') };
  for (const s of st.services.slice(0, 5)) t.outputs[`${s}Name`] = { Value: getAtt(s, 'Name') };
}

/** The nested template: the legacy-db module of the TechNova example. */
function nestedTemplate(): { [key: string]: Node } {
  const t = new Template();
  t.parameters.Identifier = { Type: 'String' };
  t.parameters.EngineVersion = { Type: 'String', Default: '13.13' };
  t.parameters.InstanceClass = { Type: 'String', Default: 'db.m6g.large' };
  t.parameters.AllocatedStorage = { Type: 'Number', Default: 100 };
  t.parameters.SubnetIds = { Type: 'List<AWS::EC2::Subnet::Id>' };
  t.parameters.SecurityGroupIds = { Type: 'List<AWS::EC2::SecurityGroup::Id>' };
  t.parameters.Username = { Type: 'String' };
  t.parameters.Password = { Type: 'String', NoEcho: true };
  t.parameters.MultiAz = { Type: 'String', AllowedValues: flow(['true', 'false']), Default: 'false' };
  t.parameters.Tier = { Type: 'String' };
  t.add('SubnetGroup', 'AWS::RDS::DBSubnetGroup', {
    DBSubnetGroupName: sub('${Identifier}-subnets'),
    DBSubnetGroupDescription: sub('Subnets of ${Identifier}'),
    SubnetIds: ref('SubnetIds'),
  });
  t.add('ParameterGroup', 'AWS::RDS::DBParameterGroup', {
    Description: sub('${Identifier} parameters'),
    Family: 'postgres13',
    Parameters: { log_connections: '1' },
  });
  t.add(
    'Instance',
    'AWS::RDS::DBInstance',
    {
      DBInstanceIdentifier: ref('Identifier'),
      Engine: 'postgres',
      EngineVersion: ref('EngineVersion'),
      DBInstanceClass: ref('InstanceClass'),
      AllocatedStorage: ref('AllocatedStorage'),
      MaxAllocatedStorage: 1000,
      StorageType: 'gp3',
      StorageEncrypted: true,
      MasterUsername: ref('Username'),
      MasterUserPassword: ref('Password'),
      DBSubnetGroupName: ref('SubnetGroup'),
      DBParameterGroupName: ref('ParameterGroup'),
      VPCSecurityGroups: ref('SecurityGroupIds'),
      MultiAZ: ref('MultiAz'),
      DeletionProtection: true,
      Tags: flow([{ Key: 'Name', Value: ref('Identifier') }, { Key: 'tier', Value: ref('Tier') }, { Key: 'service', Value: 'master-data' }]),
    },
    { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' },
  );
  t.outputs.Endpoint = { Value: sub('${Instance.Endpoint.Address}:${Instance.Endpoint.Port}') };
  t.outputs.Identifier = { Value: ref('Instance') };
  return t.doc('Legacy PostgreSQL instance (the modules/legacy-db module of the Terraform version).');
}

// ---------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------

export function generate(dir: string, options: GenerateOptions = {}): CorpusStats {
  const format = options.format ?? 'yaml';
  const target = Math.max(BASE_RESOURCES + 5, Math.round(options.resources ?? 1000));
  const fileCount = Math.max(1, Math.round(options.files ?? target / 200));
  if (target / fileCount < BASE_RESOURCES + 5) {
    throw new Error(`${target} resources in ${fileCount} templates is under ${BASE_RESOURCES + 5} per template (each has a ${BASE_RESOURCES}-resource VPC and ECS base)`);
  }
  const rng = new Rng(options.seed ?? target * 7919 + fileCount * 31 + 17);
  const ext = format === 'yaml' ? 'yaml' : 'json';

  prepareDir(dir, 'Generated by bench/generate-cloudformation.ts; safe to delete.');
  const stats: CorpusStats = {
    dir,
    format,
    files: 0,
    rootTemplates: [],
    nestedTemplates: 0,
    resourceDeclarations: 0,
    resources: 0,
    notDeployed: 0,
    nestedStackInstances: 0,
    largestTemplate: 0,
    bytes: 0,
  };
  const write = (rel: string, text: string): string => {
    const path = join(dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
    return path;
  };

  const withNested = fileCount > 1;
  if (withNested) {
    write(`templates/nested/legacy-db.${ext}`, render(nestedTemplate(), format, ['Nested stack of the generated TechNova corpus (bench/generate-cloudformation.ts).']));
    stats.nestedTemplates++;
    stats.resourceDeclarations += NESTED_RESOURCES;
  }

  const usedNames = new Set<string>();
  for (let i = 0; i < fileCount; i++) {
    const budget = Math.round((target - stats.resources) / (fileCount - i));
    const dept = DEPARTMENTS[i % DEPARTMENTS.length];
    const env = ENVIRONMENTS[(i + Math.floor(i / DEPARTMENTS.length)) % ENVIRONMENTS.length];
    let name = `technova-${dept}-${env}`;
    for (let k = 2; usedNames.has(name); k++) name = `technova-${dept}-${env}-${k}`;
    usedNames.add(name);
    const st: Stack = {
      t: new Template(),
      rng,
      name,
      index: i,
      dept,
      env,
      // Non-production stacks share one NAT gateway; some production ones do too (the defect).
      single: env !== 'prod' || rng.chance(0.3),
      services: [],
      counters: new Map(),
      nestedUrl: withNested ? `./nested/legacy-db.${ext}` : undefined,
    };
    header(st);
    network(st);
    platform(st);
    const kinds = withNested ? WEIGHTS : WEIGHTS.filter(([k]) => k !== 'nested');
    while (st.t.count < budget) {
      const room = budget - st.t.count;
      let c = component(rng.weighted(kinds), st);
      // Near the end of the budget, fill with one-resource components.
      for (let tries = 0; c.size > room && tries < 4; tries++) c = component(rng.weighted(kinds), st);
      if (c.size > room) c = component(rng.pick(['security', 'storage', 'alarm', 'rds'] as const), st);
      c.write();
    }
    outputs(st);
    const desc = `TechNova ${dept} ${env}: VPC, ECS services, Aurora and RDS (generated by bench/generate-cloudformation.ts, stack ${i + 1} of ${fileCount}).`;
    const path = write(`templates/${name}.${ext}`, render(st.t.doc(desc), format));
    stats.rootTemplates.push(path);
    stats.resources += st.t.count;
    stats.resourceDeclarations += st.t.count - st.t.nestedCount;
    stats.nestedStackInstances += st.t.nestedCount / NESTED_RESOURCES;
    stats.notDeployed += st.t.notDeployed;
    stats.largestTemplate = Math.max(stats.largestTemplate, st.t.count - st.t.nestedCount);
  }
  return stats;
}
