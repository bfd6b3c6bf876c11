/**
 * Native AWS records (API responses or AWS Config configuration items) →
 * the same graph kinds the IaC sources produce, so the rules run unchanged.
 *
 * Field names are matched case-insensitively and with the few structural
 * alternatives the shapes differ by (`placementStrategy` in the ECS API,
 * `PlacementStrategies` in the CloudFormation-style schema AWS Config records
 * ECS services with; `DBInstanceIdentifier` in the RDS API,
 * `dBInstanceIdentifier` in Config): one normalizer serves both sources.
 *
 * Ids are ARNs; where an API gives only an id (subnets without SubnetArn,
 * NAT gateways, route tables, VPCs) the ARN is built from the owner account.
 * propOrigins name the API field (no location: live resources have none).
 *
 * Honesty about what could not be read: an edge into a collection that
 * failed becomes an `unresolved` entry (rules answer unknown); a property
 * whose true value depends on a failed collection becomes Unknown
 * (ECS desired count when scaling targets could not be read); a node whose
 * verdict would be wrong without its dependents is left out and covered by
 * the coverage gap (Aurora clusters when their instances could not be
 * listed, NAT gateways when route tables could not be).
 */
import { docDbType } from './normalize-docdb.js';
import { backupPlanProps, latestSnapshot } from './normalize-backup.js';
import type {
  AnyResource,
  CapacityProviderItem,
  Edge,
  EdgeKind,
  PlacementStrategy,
  PropOrigin,
  Provenance,
  ResourceKind,
  Route,
  TargetGroupHealthCheck,
  UnresolvedReference,
} from '../../graph/types.js';
import { maskSecrets, Unknown, type Maybe } from '../../graph/values.js';
import { coercions, TERRAFORM_RULES, type SourceValue } from '../common/coerce.js';
import { crossZoneOf, loadBalancerType, targetType } from '../common/lb.js';
import { tableProps } from './normalize-dynamodb.js';
import { domainProps, streamProps, type LiveProps } from './normalize-search.js';
import { cacheClusterProps, cacheEndpointHosts, memoryDbProps, replicationGroupProps, serverlessCacheProps, type CacheProps } from './normalize-cache.js';
import { healthCheckArn, recordArn, routingPolicy } from './normalize-route53.js';
import { fileSystemProps, mountRefs } from './normalize-efs.js';
import { vpnConnectionProps } from './normalize-vpn.js';
import { tableNameIn } from '../common/table-names.js';
import { hostNamesIn, maskEnvironmentValues, readContainers } from '../common/task-definition.js';
import { variableReferences } from '../common/data-references.js';
import type { Collection, Item, Raw, UnitData } from './unit.js';


export interface NormalizeResult {
  resources: AnyResource[];
  edges: Edge[];
}

// ------------------------------------------------------------------ ARNs

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

export function arn(service: string, region: string, account: string, resource: string): string {
  return `arn:${partitionOf(region || 'us-east-1')}:${service}:${region}:${account}:${resource}`;
}

/** Fields of an ARN, or undefined for something else. */
export function parseArn(s: string): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(s);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

function lastSegment(s: string): string {
  const k = Math.max(s.lastIndexOf('/'), s.startsWith('arn:') ? s.lastIndexOf(':') : -1);
  return k >= 0 ? s.slice(k + 1) : s;
}

// ------------------------------------------------------------------ field access

interface Found {
  value: unknown;
  /** The path as it appears in the record, with the item's prefix. */
  attribute: string;
}

function ciGet(obj: unknown, key: string): [string, unknown] | undefined {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const o = obj as Raw;
  if (key in o) return [key, o[key]];
  const lk = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lk) return [k, o[k]];
  return undefined;
}

/** Value at a dotted path, keys matched case-insensitively; null counts as absent. */
function at(data: unknown, path: string): { value: unknown; path: string } | undefined {
  let cur: unknown = data;
  const actual: string[] = [];
  for (const seg of path.split('.')) {
    const hit = ciGet(cur, seg);
    if (!hit || hit[1] === null || hit[1] === undefined) return undefined;
    actual.push(hit[0]);
    cur = hit[1];
  }
  return { value: cur, path: actual.join('.') };
}

function pick(item: Item, paths: string[]): Found | undefined {
  for (const p of paths) {
    const hit = at(item.data, p);
    if (hit) return { value: hit.value, attribute: item.prefix + hit.path };
  }
  return undefined;
}

function rawStr(item: Item, ...paths: string[]): string | undefined {
  const f = pick(item, paths);
  return typeof f?.value === 'string' && f.value !== '' ? f.value : typeof f?.value === 'number' ? String(f.value) : undefined;
}

function toStr(v: unknown): Maybe<string> {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return new Unknown(`expected a string, got ${JSON.stringify(v).slice(0, 80)}`);
}

function toNum(v: unknown): Maybe<number> {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return new Unknown(`expected a number, got ${JSON.stringify(v).slice(0, 80)}`);
}

function toBool(v: unknown): Maybe<boolean> {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return new Unknown(`expected a bool, got ${JSON.stringify(v).slice(0, 80)}`);
}

function toStrList(v: unknown): Maybe<string[]> {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return new Unknown('expected a list of strings');
  return v.filter((x) => x !== null && x !== undefined).map(String);
}

function list(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter((x): x is Raw => !!x && typeof x === 'object' && !Array.isArray(x)) : [];
}

/** An ECS capacity provider strategy as the API returns it. */
function strategyItems(v: unknown): CapacityProviderItem[] {
  return list(v).map((c) => ({ provider: toStr(ciGet(c, 'capacityProvider')?.[1]), weight: toNum(ciGet(c, 'weight')?.[1]), base: toNum(ciGet(c, 'base')?.[1]) }));
}

/** Tags as AWS returns them: [{Key, Value}], [{key, value}] or a map. */
function tagMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const t of v) {
      const k = ciGet(t, 'key')?.[1];
      const val = ciGet(t, 'value')?.[1];
      if (typeof k === 'string') out[k] = val === undefined || val === null ? '' : String(val);
    }
  } else if (v && typeof v === 'object') {
    for (const [k, val] of Object.entries(v as Raw)) out[k] = val === undefined || val === null ? '' : String(val);
  }
  return out;
}

// ------------------------------------------------------------------ builder

class Build {
  readonly props: Record<string, unknown> = {};
  readonly origins: Record<string, PropOrigin> = {};
  readonly unresolved: UnresolvedReference[] = [];

  constructor(readonly item: Item) {}

  find(...paths: string[]): Found | undefined {
    return pick(this.item, paths);
  }

  set(name: string, value: unknown, attribute?: string): void {
    this.props[name] = value;
    if (attribute !== undefined) this.origins[name] = { attribute };
  }

  str(name: string, ...paths: string[]): Maybe<string> {
    const f = this.find(...paths);
    const v = toStr(f?.value);
    this.set(name, v, f?.attribute);
    return v;
  }

  num(name: string, ...paths: string[]): Maybe<number> {
    const f = this.find(...paths);
    const v = toNum(f?.value);
    this.set(name, v, f?.attribute);
    return v;
  }

  bool(name: string, ...paths: string[]): Maybe<boolean> {
    const f = this.find(...paths);
    const v = toBool(f?.value);
    this.set(name, v, f?.attribute);
    return v;
  }

  strList(name: string, ...paths: string[]): Maybe<string[]> {
    const f = this.find(...paths);
    const v = toStrList(f?.value);
    this.set(name, v, f?.attribute);
    return v;
  }

  unresolve(edge: EdgeKind, attribute: string, reason: string): void {
    if (this.unresolved.some((u) => u.edge === edge && u.attribute === attribute && u.reason === reason)) return;
    this.unresolved.push({ edge, attribute, reason });
  }
}

/** Attachment states in which it carries no traffic (ec2:DescribeTransitGatewayVpcAttachments). */
const GONE_TGW_ATTACHMENT_STATES = new Set(['deleted', 'deleting', 'failed', 'failing', 'rejected', 'rejecting']);

const TYPE: Record<Exclude<ResourceKind, 'region' | 'db.subnet-group'>, string> = {
  'db.instance': 'AWS::RDS::DBInstance',
  'db.cluster': 'AWS::RDS::DBCluster',
  'db.global-cluster': 'AWS::RDS::GlobalCluster',
  'db.proxy': 'AWS::RDS::DBProxy',
  'db.table': 'AWS::DynamoDB::Table',
  'cache.replication-group': 'AWS::ElastiCache::ReplicationGroup',
  'cache.cluster': 'AWS::ElastiCache::CacheCluster',
  'storage.file-system': 'AWS::EFS::FileSystem',
  'ecs.cluster': 'AWS::ECS::Cluster',
  'ecs.service': 'AWS::ECS::Service',
  'ecs.task': 'AWS::ECS::Task',
  'ecs.task-definition': 'AWS::ECS::TaskDefinition',
  'autoscaling.target': 'AWS::ApplicationAutoScaling::ScalableTarget',
  'autoscaling.policy': 'AWS::ApplicationAutoScaling::ScalingPolicy',
  'network.vpc': 'AWS::EC2::VPC',
  'network.subnet': 'AWS::EC2::Subnet',
  'network.nat-gateway': 'AWS::EC2::NatGateway',
  'network.tgw-attachment': 'AWS::EC2::TransitGatewayAttachment',
  'network.vpn-connection': 'AWS::EC2::VPNConnection',
  'dns.record': 'AWS::Route53::RecordSet',
  'dns.health-check': 'AWS::Route53::HealthCheck',
  'network.route-table': 'AWS::EC2::RouteTable',
  'lb.load-balancer': 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'lb.target-group': 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'compute.instance': 'AWS::EC2::Instance',
  'compute.autoscaling-group': 'AWS::AutoScaling::AutoScalingGroup',
  function: 'AWS::Lambda::Function',
  'backup.plan': 'AWS::Backup::BackupPlan',
  'search.domain': 'AWS::OpenSearchService::Domain',
  'stream.cluster': 'AWS::MSK::Cluster',
  account: 'AWS::Organizations::Account',
};

/** API JSON: plain values, strict booleans (the container reader's coercions). */
const API_COERCIONS = coercions(TERRAFORM_RULES);

/**
 * `arn:aws:secretsmanager:<region>:<acct>:secret:<name>` without a JSON key
 * suffix (`:password::`), which ECS secrets may add after the ARN.
 */
function secretBase(s: string): string {
  const parts = s.split(':');
  return parts.length > 7 && parts[2] === 'secretsmanager' ? parts.slice(0, 7).join(':') : s;
}

const GONE_NAT_STATES = new Set(['deleted', 'failed']);

/** A subnet's AZ as one account's DescribeSubnets (or AWS Config) reported it. */
interface SubnetAz {
  /** In the naming of `viewedFrom`. */
  name: Maybe<string>;
  id?: string;
  viewedFrom: string;
}

// ------------------------------------------------------------------ normalizer

export function normalizeUnits(units: UnitData[]): NormalizeResult {
  return new Normalizer(units).run();
}

class Normalizer {
  private readonly resources = new Map<string, AnyResource>();
  private readonly edges: Edge[] = [];
  private readonly edgeKeys = new Set<string>();

  // Indexes over every unit (cross-account references: shared subnets, global clusters).
  private readonly subnets = new Map<string, string>(); // region|subnetId → ARN
  private readonly subnetAz = new Map<string, SubnetAz>(); // acct|region|subnetId (as that account sees it) and region|subnetId → AZ
  private readonly zoneIds = new Map<string, string>(); // acct|region|AZ name → AZ ID (the account's own mapping)
  private readonly vpcs = new Map<string, string>(); // region|vpcId → ARN
  private readonly nats = new Map<string, string>(); // region|natId → ARN
  private readonly mainTables = new Map<string, string>(); // region|vpcId → ARN
  private readonly explicit = new Set<string>(); // region|subnetId with an explicit association
  private readonly routeTablesMissing = new Map<string, string>(); // region|ownerAccount → reason
  private readonly ecsClusters = new Map<string, string>(); // acct|region|name → ARN
  private readonly services = new Map<string, string>(); // acct|region|cluster|service → ARN
  private readonly scalingTargets = new Map<string, string>(); // acct|region|namespace|resourceId|dimension → id
  private readonly groupsByName = new Map<string, string>(); // acct|region|group name → ARN
  private readonly deployments = new Map<string, string>(); // acct|region|deploymentId → service ARN
  private readonly dbInstances = new Map<string, string>(); // acct|region|identifier → ARN
  private readonly dbClusters = new Map<string, string>(); // acct|region|identifier → ARN
  private readonly globals = new Map<string, string>(); // acct|identifier and ARN → ARN
  private readonly globalOfCluster = new Map<string, string>(); // cluster ARN → global ARN
  private readonly globalRegion = new Map<string, string>(); // global ARN → writer's Region
  private readonly targetGroups = new Set<string>(); // target group ARNs
  private readonly taskDefinitions = new Set<string>(); // task definition ARNs described
  private readonly dbHosts = new Map<string, string>(); // acct|region|endpoint host → DB instance or cluster ARN
  private readonly dbSecrets = new Map<string, string>(); // acct|region|master user secret ARN → DB ARN
  private readonly tableNames = new Map<string, string>(); // acct|region|table name → table ARN

  constructor(private readonly units: UnitData[]) {}

  run(): NormalizeResult {
    for (const u of this.units) this.index(u);
    for (const u of this.units) this.build(u);
    this.implicitAssociations();
    return { resources: [...this.resources.values()], edges: this.edges };
  }

  // ---------------------------------------------------------------- pass 1

  private index(u: UnitData): void {
    const A = u.account.id;
    const R = u.region;
    for (const it of u.items.targetGroups ?? []) {
      const arn = rawStr(it, 'TargetGroupArn');
      if (arn) this.targetGroups.add(arn);
    }
    for (const it of u.items.taskDefinitions ?? []) {
      const a = rawStr(it, 'taskDefinitionArn') ?? it.arn;
      if (a) this.taskDefinitions.add(a);
    }
    for (const it of u.items.vpcs ?? []) {
      const id = rawStr(it, 'VpcId');
      if (id) this.vpcs.set(`${R}|${id}`, this.vpcArn(it, u, id));
    }
    // AZ names are per account: the mapping comes from the account's DescribeAvailabilityZones, else from
    // the AZ ID its own subnets report (not shared subnets: whose naming their name is in is not ours to guess).
    for (const it of u.items.availabilityZones ?? []) {
      const name = rawStr(it, 'ZoneName');
      const zoneId = rawStr(it, 'ZoneId');
      if (name && zoneId) this.zoneIds.set(`${A}|${R}|${name}`, zoneId);
    }
    for (const it of u.items.subnets ?? []) {
      const id = rawStr(it, 'SubnetId');
      if (!id) continue;
      this.subnets.set(`${R}|${id}`, this.subnetArn(it, u, id));
      const name = toStr(pick(it, ['AvailabilityZone'])?.value);
      const own = (rawStr(it, 'OwnerId') ?? A) === A;
      const azId = rawStr(it, 'AvailabilityZoneId') ?? (own && typeof name === 'string' ? this.zoneIds.get(`${A}|${R}|${name}`) : undefined);
      const az: SubnetAz = { name, id: azId, viewedFrom: A };
      this.subnetAz.set(`${A}|${R}|${id}`, az);
      if (!this.subnetAz.has(`${R}|${id}`) || own) this.subnetAz.set(`${R}|${id}`, az);
      if (own && typeof name === 'string' && azId && !this.zoneIds.has(`${A}|${R}|${name}`)) this.zoneIds.set(`${A}|${R}|${name}`, azId);
    }
    for (const it of u.items.natGateways ?? []) {
      const id = rawStr(it, 'NatGatewayId');
      if (id && !GONE_NAT_STATES.has(String(rawStr(it, 'State')).toLowerCase())) this.nats.set(`${R}|${id}`, it.arn ?? arn('ec2', R, A, `natgateway/${id}`));
    }
    if (u.missing.has('routeTables')) this.routeTablesMissing.set(`${R}|${A}`, u.missing.get('routeTables')!);
    for (const it of u.items.routeTables ?? []) {
      const id = rawStr(it, 'RouteTableId');
      const vpc = rawStr(it, 'VpcId');
      if (!id) continue;
      const rtArn = this.routeTableArn(it, u, id);
      for (const a of list(pick(it, ['Associations'])?.value)) {
        const assoc: Item = { data: a, prefix: '' };
        if (toBool(pick(assoc, ['Main'])?.value) === true && vpc) this.mainTables.set(`${R}|${vpc}`, rtArn);
        const subnet = rawStr(assoc, 'SubnetId');
        if (subnet) this.explicit.add(`${R}|${subnet}`);
      }
    }
    for (const it of u.items.clusters ?? []) {
      const a = rawStr(it, 'clusterArn') ?? it.arn;
      const name = rawStr(it, 'clusterName') ?? (a ? lastSegment(a) : undefined);
      if (a && name) this.ecsClusters.set(`${A}|${R}|${name}`, a);
    }
    for (const it of u.items.services ?? []) {
      const a = rawStr(it, 'serviceArn') ?? it.arn;
      const name = rawStr(it, 'serviceName');
      const cluster = this.clusterNameOf(it);
      if (!a || !name || !cluster) continue;
      this.services.set(`${A}|${R}|${cluster}|${name}`, a);
      for (const d of list(pick(it, ['deployments', 'taskSets'])?.value)) {
        const id = ciGet(d, 'id')?.[1];
        if (typeof id === 'string') this.deployments.set(`${A}|${R}|${id}`, a);
      }
    }
    for (const it of u.items.dbInstances ?? []) {
      const id = rawStr(it, 'DBInstanceIdentifier');
      if (!id) continue;
      const dbArn = rawStr(it, 'DBInstanceArn') ?? it.arn ?? arn('rds', R, A, `db:${id}`);
      this.dbInstances.set(`${A}|${R}|${id.toLowerCase()}`, dbArn);
      // A cluster member's own endpoint names the member; the service then needs that instance.
      this.indexDb(A, R, dbArn, [rawStr(it, 'Endpoint.Address')], rawStr(it, 'MasterUserSecret.SecretArn'));
    }
    for (const it of u.items.dbClusters ?? []) {
      const id = rawStr(it, 'DBClusterIdentifier');
      if (!id) continue;
      const dbArn = rawStr(it, 'DBClusterArn') ?? it.arn ?? arn('rds', R, A, `cluster:${id}`);
      this.dbClusters.set(`${A}|${R}|${id.toLowerCase()}`, dbArn);
      const custom = toStrList(pick(it, ['CustomEndpoints'])?.value);
      this.indexDb(A, R, dbArn, [rawStr(it, 'Endpoint'), rawStr(it, 'ReaderEndpoint'), ...(Array.isArray(custom) ? custom : [])], rawStr(it, 'MasterUserSecret.SecretArn'));
    }
    for (const it of u.items.tables ?? []) {
      const name = rawStr(it, 'TableName');
      const tArn = rawStr(it, 'TableArn') ?? it.arn;
      if (name && tArn) this.tableNames.set(`${A}|${R}|${name}`, tArn);
    }
    for (const it of u.items.globalClusters ?? []) {
      const id = rawStr(it, 'GlobalClusterIdentifier');
      const gArn = rawStr(it, 'GlobalClusterArn') ?? it.arn ?? (id ? `arn:${partitionOf(R)}:rds::${A}:global-cluster:${id}` : undefined);
      if (!gArn) continue;
      if (id) this.globals.set(`${A}|${id.toLowerCase()}`, gArn);
      this.globals.set(gArn, gArn);
      for (const m of list(pick(it, ['GlobalClusterMembers'])?.value)) {
        const c = ciGet(m, 'DBClusterArn')?.[1];
        if (typeof c !== 'string') continue;
        this.globalOfCluster.set(c, gArn);
        if (ciGet(m, 'IsWriter')?.[1] === true) {
          const region = parseArn(c)?.region;
          if (region) this.globalRegion.set(gArn, region);
        }
      }
    }
  }

  /** Endpoint host names and the managed master secret of a database, for matching task definitions of the same account × Region. */
  private indexDb(A: string, R: string, dbArn: string, hosts: (string | undefined)[], secret: string | undefined): void {
    for (const h of hosts) if (h) this.dbHosts.set(`${A}|${R}|${h.toLowerCase()}`, dbArn);
    if (secret) this.dbSecrets.set(`${A}|${R}|${secretBase(secret)}`, dbArn);
  }

  /**
   * AZ ID of `name` in the account × Region of `u`; an Unknown when the
   * mapping could not be read, undefined when it simply has no entry (never a guess).
   */
  private zoneIdOf(u: UnitData, name: unknown): Maybe<string> {
    if (typeof name !== 'string' || name === '') return undefined;
    const hit = this.zoneIds.get(`${u.account.id}|${u.region}|${name}`);
    if (hit) return hit;
    const why = u.missing.get('availabilityZones');
    return why ? new Unknown(`AZ ID of ${name} in account ${u.account.id}: ${why}`) : undefined;
  }

  private vpcArn(it: Item, u: UnitData, id: string): string {
    return it.arn ?? arn('ec2', u.region, rawStr(it, 'OwnerId') ?? u.account.id, `vpc/${id}`);
  }

  private subnetArn(it: Item, u: UnitData, id: string): string {
    return rawStr(it, 'SubnetArn') ?? it.arn ?? arn('ec2', u.region, rawStr(it, 'OwnerId') ?? u.account.id, `subnet/${id}`);
  }

  private routeTableArn(it: Item, u: UnitData, id: string): string {
    return it.arn ?? arn('ec2', u.region, rawStr(it, 'OwnerId') ?? u.account.id, `route-table/${id}`);
  }

  /** ECS cluster name of a service or task (`clusterArn` in the API, `Cluster` — name or ARN — in the CloudFormation-style schema). */
  private clusterNameOf(it: Item): string | undefined {
    const c = rawStr(it, 'clusterArn', 'Cluster');
    return c ? lastSegment(c) : undefined;
  }

  // ---------------------------------------------------------------- pass 2

  private build(u: UnitData): void {
    for (const it of u.items.vpcs ?? []) this.vpc(u, it);
    for (const it of u.items.subnets ?? []) this.subnet(u, it);
    if (!u.missing.has('routeTables')) for (const it of u.items.natGateways ?? []) this.natGateway(u, it);
    for (const it of u.items.routeTables ?? []) this.routeTable(u, it);
    for (const it of u.items.tgwAttachments ?? []) this.tgwAttachment(u, it);
    for (const it of u.items.vpnConnections ?? []) this.vpnConnection(u, it);
    for (const it of u.items.healthChecks ?? []) this.healthCheck(u, it);
    for (const it of u.items.dnsRecords ?? []) this.dnsRecord(u, it);
    for (const it of u.items.clusters ?? []) this.ecsCluster(u, it);
    for (const it of u.items.services ?? []) this.ecsService(u, it);
    for (const it of u.items.tasks ?? []) this.ecsTask(u, it);
    // Cache endpoints first: a container naming one connects to the cache.
    const caches: [Item[] | undefined, (it: Item) => CacheProps][] = [[u.items.cacheReplicationGroups, replicationGroupProps], [u.items.cacheClusters, cacheClusterProps], [u.items.serverlessCaches, serverlessCacheProps], [u.items.memoryDbClusters, memoryDbProps]];
    for (const [items, props] of caches) {
      for (const it of items ?? []) {
        const id = props(it).id;
        if (id) this.indexDb(u.account.id, u.region, id, cacheEndpointHosts(it.data), undefined);
      }
    }
    for (const it of u.items.taskDefinitions ?? []) this.taskDefinition(u, it);
    // AWS Config gives every namespace in scalableTargets; the API path lists rds targets apart.
    for (const it of [...(u.items.scalableTargets ?? []), ...(u.items.rdsScalableTargets ?? [])]) this.scalableTarget(u, it);
    for (const it of u.items.scalingPolicies ?? []) this.scalingPolicy(u, it);
    for (const it of u.items.dbInstances ?? []) this.dbInstance(u, it);
    if (!u.missing.has('dbInstances')) for (const it of u.items.dbClusters ?? []) this.dbCluster(u, it);
    for (const it of u.items.globalClusters ?? []) this.globalCluster(u, it);
    for (const it of u.items.proxies ?? []) this.proxy(u, it);
    for (const it of u.items.loadBalancers ?? []) this.loadBalancer(u, it);
    for (const it of u.items.targetGroups ?? []) this.targetGroup(u, it);
    for (const it of u.items.listeners ?? []) this.listener(u, it);
    for (const it of u.items.backupPlans ?? []) this.backupPlan(u, it);
    // Target groups name the load balancers that route to them: an edge no listener gave (listeners not listed, a rule not read).
    for (const it of u.items.targetGroups ?? []) {
      const arn = rawStr(it, 'TargetGroupArn');
      const lbs = pick(it, ['LoadBalancerArns']);
      const arns = toStrList(lbs?.value);
      if (arn && Array.isArray(arns)) for (const lb of arns) if (this.resources.has(lb)) this.edge(lb, arn, 'forwards-to', lbs!.attribute);
    }
    for (const it of u.items.autoScalingGroups ?? []) this.autoScalingGroup(u, it);
    // After the groups: the clusters' EC2 capacity providers point at them.
    for (const it of u.items.clusters ?? []) this.clusterCapacity(u, it);
    for (const it of u.items.instances ?? []) this.instance(u, it);
    for (const it of u.items.functions ?? []) this.lambdaFunction(u, it);
    for (const it of u.items.tables ?? []) this.table(u, it);
    for (const it of u.items.searchDomains ?? []) this.searchOrStream(u, it, 'search.domain', domainProps(it), rawStr(it, 'ARN'));
    for (const it of u.items.streamClusters ?? []) this.searchOrStream(u, it, 'stream.cluster', streamProps(it), rawStr(it, 'ClusterArn'));
    for (const it of u.items.cacheReplicationGroups ?? []) this.cache(u, it, replicationGroupProps(it));
    for (const it of u.items.cacheClusters ?? []) this.cache(u, it, cacheClusterProps(it));
    for (const it of u.items.serverlessCaches ?? []) this.cache(u, it, serverlessCacheProps(it));
    for (const it of u.items.memoryDbClusters ?? []) this.cache(u, it, memoryDbProps(it));
    this.fileSystems(u);
  }

  /** An OpenSearch domain or MSK cluster (props from normalize-search.ts), in its subnets. */
  private searchOrStream(u: UnitData, it: Item, kind: 'search.domain' | 'stream.cluster', p: LiveProps, id: string | undefined): void {
    if (!id) return;
    const b = new Build(it);
    for (const [k, v] of Object.entries(p.props)) b.set(k, v, p.origins[k]);
    if (p.subnets.ids.length > 0) this.subnetEdges(u, b, id, p.subnets.ids, p.subnets.attribute);
    const name = typeof p.props.name === 'string' ? p.props.name : lastSegment(id);
    this.emit(u, b, kind, id, name, this.tags(it));
    // Tags that could not be read leave the tier undecided, never the default.
    const r = this.resources.get(id);
    if (r && typeof it.data.TagsUnavailable === 'string') r.tags = new Unknown(it.data.TagsUnavailable);
  }

  // ---------------------------------------------------------------- load balancing

  private loadBalancer(u: UnitData, it: Item): void {
    const id = rawStr(it, 'LoadBalancerArn');
    if (!id) return;
    const b = new Build(it);
    const name = b.str('name', 'LoadBalancerName');
    const type = loadBalancerType(b.str('type', 'Type'));
    b.set('type', type, b.find('Type')?.attribute);
    // AWS always returns Scheme; a record without it (moto omits it when not asked for) has the creation default.
    const scheme = b.str('scheme', 'Scheme');
    if (scheme === undefined) b.set('scheme', 'internet-facing');
    const missing = rawStr(it, 'AttributesMissing');
    const attr = (key: string): Maybe<string> => {
      if (missing) return new Unknown(`${key}: ${missing}`);
      const hit = list(pick(it, ['Attributes'])?.value).find((a) => a.Key === key);
      return hit ? toStr(hit.Value) : undefined;
    };
    const cz = attr('load_balancing.cross_zone.enabled');
    b.set('crossZone', crossZoneOf(type, cz instanceof Unknown ? cz : cz === undefined ? undefined : cz === 'true'), 'Attributes.load_balancing.cross_zone.enabled');
    const dp = attr('deletion_protection.enabled');
    b.set('deletionProtection', dp instanceof Unknown ? dp : dp === undefined ? undefined : dp === 'true', 'Attributes.deletion_protection.enabled');
    const zones = pick(it, ['AvailabilityZones']);
    const names = list(zones?.value).map((z) => toStr(z.ZoneName));
    if (names.every((n): n is string => typeof n === 'string')) {
      b.set('availabilityZones', names, zones?.attribute);
      const ids = list(zones?.value).map((z, k) => rawStr({ data: z, prefix: '' }, 'ZoneId') ?? this.zoneIdOf(u, names[k]));
      if (ids.length && ids.every((x) => typeof x === 'string')) b.set('availabilityZoneIds', ids, zones?.attribute);
    }
    this.subnetEdges(u, b, id, list(zones?.value).map((z) => z.SubnetId), `${zones?.attribute ?? 'AvailabilityZones'}.SubnetId`);
    this.vpcEdge(u, b, id);
    const tagsMissing = rawStr(it, 'TagsMissing');
    const tags = tagsMissing ? new Unknown(tagsMissing) : this.tags(it);
    this.emit(u, b, 'lb.load-balancer', id, typeof name === 'string' ? name : lastSegment(id), tags as Record<string, string>);
  }

  private backupPlan(u: UnitData, it: Item): void {
    const id = rawStr(it, 'BackupPlanArn');
    if (!id) return;
    const b = new Build(it);
    const props = backupPlanProps(it.data);
    for (const [k, v] of Object.entries(props)) b.set(k, v, k === 'rules' ? 'BackupPlan.Rules' : k === 'selections' ? 'Selections' : undefined);
    this.emit(u, b, 'backup.plan', id, typeof props.name === 'string' ? props.name : lastSegment(id), this.tags(it));
  }

  private targetGroup(u: UnitData, it: Item): void {
    const id = rawStr(it, 'TargetGroupArn');
    if (!id) return;
    const b = new Build(it);
    const name = b.str('name', 'TargetGroupName');
    b.str('protocol', 'Protocol');
    const tt = toStr(pick(it, ['TargetType'])?.value);
    b.set('targetType', targetType(tt), pick(it, ['TargetType'])?.attribute);
    const check: TargetGroupHealthCheck = {
      enabled: toBool(pick(it, ['HealthCheckEnabled'])?.value),
      protocol: toStr(pick(it, ['HealthCheckProtocol'])?.value),
      path: toStr(pick(it, ['HealthCheckPath'])?.value),
      intervalSeconds: toNum(pick(it, ['HealthCheckIntervalSeconds'])?.value),
      timeoutSeconds: toNum(pick(it, ['HealthCheckTimeoutSeconds'])?.value),
      healthyThreshold: toNum(pick(it, ['HealthyThresholdCount'])?.value),
      unhealthyThreshold: toNum(pick(it, ['UnhealthyThresholdCount'])?.value),
    };
    b.set('healthCheck', check, pick(it, ['HealthCheckEnabled'])?.attribute);
    this.vpcEdge(u, b, id);
    const tagsMissing = rawStr(it, 'TagsMissing');
    const tags = tagsMissing ? new Unknown(tagsMissing) : this.tags(it);
    this.emit(u, b, 'lb.target-group', id, typeof name === 'string' ? name : lastSegment(id), tags as Record<string, string>);
  }

  /** A listener and its rules: forwards-to edges from the load balancer (listeners are not nodes). */
  private listener(u: UnitData, it: Item): void {
    const lb = rawStr(it, 'LoadBalancerArn');
    const lbNode = lb ? this.resources.get(lb) : undefined;
    if (!lb || !lbNode) return;
    const facts: Record<string, unknown> = { listener: rawStr(it, 'ListenerArn') };
    const port = toNum(pick(it, ['Port'])?.value);
    const protocol = rawStr(it, 'Protocol');
    if (typeof port === 'number') facts.port = port;
    if (protocol) facts.protocol = protocol;
    const actions = (value: unknown, attribute: string, data: Record<string, unknown>) => {
      list(value).forEach((a, i) => {
        const to = (tg: unknown, at: string, extra: Record<string, unknown>) => {
          if (typeof tg !== 'string') return;
          if (this.resources.has(tg)) this.edge(lb, tg, 'forwards-to', at, { ...data, ...extra });
          else lbNode.unresolved.push({ edge: 'forwards-to', attribute: at, reason: this.missingOr(u, 'targetGroups', `target group ${tg} was not returned by elasticloadbalancing:DescribeTargetGroups in ${u.account.id}/${u.region}`) });
        };
        if (typeof a.TargetGroupArn === 'string') return to(a.TargetGroupArn, `${attribute}[${i}].TargetGroupArn`, {});
        const groups = list(ciGet(a.ForwardConfig, 'TargetGroups')?.[1]);
        groups.forEach((g, j) => to(g.TargetGroupArn, `${attribute}[${i}].ForwardConfig.TargetGroups[${j}].TargetGroupArn`, typeof g.Weight === 'number' ? { weight: g.Weight } : {}));
      });
    };
    actions(pick(it, ['DefaultActions'])?.value, 'DefaultActions', facts);
    for (const rule of list(pick(it, ['Rules'])?.value)) {
      if (rule.IsDefault === true) continue; // the default rule is the listener's default actions
      actions(rule.Actions, `Rules[${String(rule.Priority ?? '?')}].Actions`, { ...facts, rule: rule.RuleArn });
    }
  }

  /** A Route 53 health check (global: Region `global`); tags that could not be read leave its tier undecided. */
  private healthCheck(u: UnitData, it: Item): void {
    const hid = rawStr(it, 'Id');
    if (!hid) return;
    const id = healthCheckArn(partitionOf(u.region), hid);
    const b = new Build(it);
    b.str('type', 'HealthCheckConfig.Type');
    b.num('requestInterval', 'HealthCheckConfig.RequestInterval');
    b.num('failureThreshold', 'HealthCheckConfig.FailureThreshold');
    b.bool('disabled', 'HealthCheckConfig.Disabled');
    const tags = typeof it.data.TagsUnavailable === 'string' ? new Unknown(it.data.TagsUnavailable) : this.tags(it);
    this.emit(u, b, 'dns.health-check', id, (!(tags instanceof Unknown) && tags.Name) || hid, tags, 'global');
  }

  /** A Route 53 record with a routing policy; its health check by id (an edge when that check was collected). */
  private dnsRecord(u: UnitData, it: Item): void {
    const partition = partitionOf(u.region);
    const id = recordArn(partition, it.data);
    if (!id) return;
    const b = new Build(it);
    b.str('name', 'Name');
    b.str('type', 'Type');
    b.str('zone', 'HostedZoneId');
    b.str('setIdentifier', 'SetIdentifier');
    const [policy, field] = routingPolicy(it.data);
    b.set('routingPolicy', policy, field);
    b.str('failover', 'Failover');
    const alias = b.find('AliasTarget');
    b.set('alias', alias && typeof alias.value === 'object' && alias.value !== null ? { target: toStr((alias.value as Raw).DNSName), evaluateTargetHealth: toBool((alias.value as Raw).EvaluateTargetHealth) } : undefined, alias?.attribute);
    const hc = b.find('HealthCheckId');
    if (typeof hc?.value === 'string') {
      const target = healthCheckArn(partition, hc.value);
      if (this.resources.get(target)?.kind === 'dns.health-check') {
        b.set('healthCheckId', target, hc.attribute);
        this.edge(id, target, 'health-checked-by', hc.attribute);
      } else {
        b.set('healthCheckId', hc.value, hc.attribute);
        b.unresolve('health-checked-by', hc.attribute, this.missingOr(u, 'healthChecks', `health check ${hc.value} was not returned by route53:ListHealthChecks in ${u.account.id}`));
      }
    } else b.set('healthCheckId', undefined);
    const name = rawStr(it, 'Name') ?? id;
    this.emit(u, b, 'dns.record', id, name.replace(/\.$/, ''), {}, 'global');
  }

  /** EFS file systems, then the mounts edges of the unit's task definitions and functions (by file system id). */
  private fileSystems(u: UnitData): void {
    const byId = new Map<string, string>();
    for (const it of u.items.fileSystems ?? []) {
      const fsId = rawStr(it, 'FileSystemId');
      const id = rawStr(it, 'FileSystemArn') ?? it.arn ?? (fsId ? arn('elasticfilesystem', u.region, rawStr(it, 'OwnerId') ?? u.account.id, `file-system/${fsId}`) : undefined);
      if (!id) continue;
      if (fsId) byId.set(fsId, id);
      const b = new Build(it);
      const f = fileSystemProps(it);
      for (const k of ['name', 'availabilityZone', 'availabilityZoneId', 'backupPolicy', 'replicationRegions'] as const) b.set(k, f[k], f.origins[k]);
      if (f.subnets instanceof Unknown) b.unresolve('in-subnet', 'MountTargets', f.subnets.reason);
      else this.subnetEdges(u, b, id, f.subnets, 'MountTargets[].SubnetId');
      this.emit(u, b, 'storage.file-system', id, typeof f.name === 'string' ? f.name : (fsId ?? lastSegment(id)), this.tags(it));
    }
    for (const m of mountRefs(u)) {
      const to = m.fileSystemId ? byId.get(m.fileSystemId) : undefined;
      if (to) this.edge(m.from, to, 'mounts', m.attribute);
      else {
        const r = this.resources.get(m.from);
        const why = m.reason ?? this.missingOr(u, 'fileSystems', `file system ${m.fileSystemId} was not returned by elasticfilesystem:DescribeFileSystems in ${u.account.id}/${u.region}`);
        if (r && !r.unresolved.some((x) => x.attribute === m.attribute)) r.unresolved.push({ edge: 'mounts', attribute: m.attribute, reason: why });
      }
    }
  }

  private table(u: UnitData, it: Item): void {
    const id = rawStr(it, 'TableArn') ?? it.arn;
    if (!id) return;
    const b = new Build(it);
    const t = tableProps(it, u.region);
    for (const k of ['name', 'pointInTimeRecovery', 'deletionProtection', 'replicas'] as const) b.set(k, t[k], t.origins[k]);
    this.emit(u, b, 'db.table', id, typeof t.name === 'string' ? t.name : lastSegment(id), this.tags(it));
    // Tags that could not be read leave the tier undecided, never the default.
    const r = this.resources.get(id);
    if (r && typeof it.data.TagsUnavailable === 'string') r.tags = new Unknown(it.data.TagsUnavailable);
  }

  /** An ElastiCache or MemoryDB cache: props from normalize-cache.ts, its subnets, its tier tags (unknown when they could not be read). */
  private cache(u: UnitData, it: Item, c: CacheProps): void {
    if (!c.id) return;
    const b = new Build(it);
    for (const [k, v] of Object.entries(c.props)) b.set(k, v, c.origins[k]);
    if (c.subnetIds) this.subnetEdges(u, b, c.id, c.subnetIds, 'SubnetIds');
    else if (c.subnetsUnavailable) b.unresolve('in-subnet', 'SubnetIds', c.subnetsUnavailable);
    this.emit(u, b, c.kind, c.id, c.name ?? lastSegment(c.id), this.tags(it));
    const r = this.resources.get(c.id);
    if (r && typeof it.data.TagsUnavailable === 'string') r.tags = new Unknown(it.data.TagsUnavailable);
  }

  private provenance(u: UnitData, id: string, region = u.region): Provenance {
    const p: Provenance = { source: 'aws', arn: id, accountId: u.account.id, region };
    if (u.account.name !== undefined) p.accountName = u.account.name;
    if (u.account.tags !== undefined) p.accountTags = u.account.tags;
    if (u.account.ouPath !== undefined) p.ouPath = u.account.ouPath;
    if (u.account.ouNames !== undefined) p.ouNames = u.account.ouNames;
    return p;
  }

  private emit(u: UnitData, b: Build, kind: ResourceKind, id: string, name: string, tags: Record<string, string> | Unknown, region?: string, type?: string): void {
    const r = {
      id,
      kind,
      type: type ?? TYPE[kind as keyof typeof TYPE],
      address: id,
      name,
      props: b.props,
      propOrigins: b.origins,
      attributes: maskSecrets(b.item.data),
      tags,
      provenance: this.provenance(u, id, region),
      unresolved: b.unresolved,
    } as unknown as AnyResource;
    const existing = this.resources.get(id);
    if (existing) {
      // Seen from two accounts (a shared subnet): keep the owner's view.
      const owner = parseArn(id)?.account;
      if (!owner || existing.provenance.accountId === owner || u.account.id !== owner) return;
    }
    this.resources.set(id, r);
  }

  private edge(from: string, to: string, kind: EdgeKind, attribute: string, data?: Record<string, unknown>): void {
    const key = `${from}\u0000${kind}\u0000${to}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    const e: Edge = { from, to, kind, attribute };
    if (data) e.data = data;
    this.edges.push(e);
  }

  private tags(it: Item, ...paths: string[]): Record<string, string> {
    if (it.tags !== undefined) return tagMap(it.tags);
    return tagMap(pick(it, paths.length ? paths : ['Tags', 'TagList'])?.value);
  }

  /** Resolves a reference through an index; unresolved (with the reason) when it does not. */
  private ref(b: Build, index: Map<string, string>, key: string, edge: EdgeKind, attribute: string, why: () => string): string | undefined {
    const hit = index.get(key);
    if (hit) return hit;
    b.unresolve(edge, attribute, why());
    return undefined;
  }

  private missingOr(u: UnitData, c: Collection, fallback: string): string {
    return u.missing.get(c) ?? fallback;
  }

  private subnetEdges(u: UnitData, b: Build, from: string, ids: unknown, attribute: string): void {
    const subnetIds = toStrList(ids);
    if (subnetIds instanceof Unknown) {
      b.unresolve('in-subnet', attribute, subnetIds.reason);
      return;
    }
    for (const s of subnetIds ?? []) {
      const to = this.ref(b, this.subnets, `${u.region}|${s}`, 'in-subnet', attribute, () =>
        this.missingOr(u, 'subnets', `subnet ${s} was not returned by ec2:DescribeSubnets in ${u.account.id}/${u.region} (deleted, or shared from an account that was not scanned)`),
      );
      if (to) this.edge(from, to, 'in-subnet', attribute);
    }
  }

  private vpcEdge(u: UnitData, b: Build, from: string): void {
    const found = b.find('VpcId');
    const vpc = typeof found?.value === 'string' ? found.value : undefined;
    if (!vpc) return;
    const to = this.ref(b, this.vpcs, `${u.region}|${vpc}`, 'in-vpc', found!.attribute, () =>
      this.missingOr(u, 'vpcs', `${vpc} was not returned by ec2:DescribeVpcs in ${u.account.id}/${u.region}`),
    );
    if (to) this.edge(from, to, 'in-vpc', found!.attribute);
  }

  // ---------------------------------------------------------------- network

  private vpc(u: UnitData, it: Item): void {
    const id = rawStr(it, 'VpcId');
    if (!id) return;
    const b = new Build(it);
    b.str('cidr', 'CidrBlock');
    const tags = this.tags(it);
    this.emit(u, b, 'network.vpc', this.vpcArn(it, u, id), tags.Name || id, tags);
  }

  private subnet(u: UnitData, it: Item): void {
    const sid = rawStr(it, 'SubnetId');
    if (!sid) return;
    const id = this.subnetArn(it, u, sid);
    const b = new Build(it);
    const name = b.str('availabilityZone', 'AvailabilityZone');
    const zoneId = b.str('availabilityZoneId', 'AvailabilityZoneId');
    if (zoneId === undefined && (rawStr(it, 'OwnerId') ?? u.account.id) === u.account.id) {
      const mapped = this.zoneIdOf(u, name);
      if (typeof mapped === 'string') b.set('availabilityZoneId', mapped, b.find('AvailabilityZone')?.attribute);
    }
    b.str('cidr', 'CidrBlock');
    b.bool('mapPublicIpOnLaunch', 'MapPublicIpOnLaunch');
    this.vpcEdge(u, b, id);
    const tags = this.tags(it);
    this.emit(u, b, 'network.subnet', id, tags.Name || sid, tags);
  }

  private natGateway(u: UnitData, it: Item): void {
    const nid = rawStr(it, 'NatGatewayId');
    if (!nid || GONE_NAT_STATES.has(String(rawStr(it, 'State')).toLowerCase())) return;
    const id = this.nats.get(`${u.region}|${nid}`)!;
    const b = new Build(it);
    b.str('connectivityType', 'ConnectivityType');
    b.str('state', 'State');
    const subnet = b.find('SubnetId');
    if (subnet) this.subnetEdges(u, b, id, [subnet.value], subnet.attribute);
    this.vpcEdge(u, b, id);
    const tags = this.tags(it);
    this.emit(u, b, 'network.nat-gateway', id, tags.Name || nid, tags);
  }

  /** A Transit Gateway VPC attachment as its VPC's account sees it; deleted / failed ones no longer carry traffic. */
  private tgwAttachment(u: UnitData, it: Item): void {
    const aid = rawStr(it, 'TransitGatewayAttachmentId');
    if (!aid || GONE_TGW_ATTACHMENT_STATES.has(String(rawStr(it, 'State')).toLowerCase())) return;
    const owner = rawStr(it, 'VpcOwnerId') ?? u.account.id;
    const id = arn('ec2', u.region, owner, `transit-gateway-attachment/${aid}`);
    const b = new Build(it);
    b.str('transitGatewayId', 'TransitGatewayId');
    b.str('state', 'State');
    const subnets = b.find('SubnetIds');
    this.subnetEdges(u, b, id, subnets?.value ?? [], subnets?.attribute ?? 'SubnetIds');
    this.vpcEdge(u, b, id);
    const tags = this.tags(it);
    this.emit(u, b, 'network.tgw-attachment', id, tags.Name || aid, tags);
  }

  private vpnConnection(u: UnitData, it: Item): void {
    const v = vpnConnectionProps(it);
    if (!v) return;
    const b = new Build(it);
    for (const k of ['customerGateway', 'awsGateway', 'awsGatewayType', 'type', 'tunnelStates', 'state'] as const) b.set(k, v[k], v.origins[k]);
    b.set('tunnels', v.tunnels);
    const tags = this.tags(it);
    this.emit(u, b, 'network.vpn-connection', arn('ec2', u.region, u.account.id, `vpn-connection/${v.id}`), tags.Name || v.id, tags);
  }

  private routeTable(u: UnitData, it: Item): void {
    const rid = rawStr(it, 'RouteTableId');
    if (!rid) return;
    const id = this.routeTableArn(it, u, rid);
    const b = new Build(it);
    const routesFound = b.find('Routes');
    const routes: Route[] = [];
    for (const r of list(routesFound?.value)) {
      const route: Item = { data: r, prefix: '' };
      const destination = rawStr(route, 'DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId');
      const nat = rawStr(route, 'NatGatewayId');
      const gw = rawStr(route, 'GatewayId');
      const tgw = rawStr(route, 'TransitGatewayId');
      let via: string | undefined;
      let target: string | undefined;
      if (nat) {
        via = 'nat-gateway';
        const attribute = `${routesFound!.attribute}.NatGatewayId`;
        target = this.ref(b, this.nats, `${u.region}|${nat}`, 'routes-via', attribute, () =>
          this.missingOr(u, 'natGateways', `${nat} was not returned by ec2:DescribeNatGateways in ${u.account.id}/${u.region} (deleted: the route is a blackhole)`),
        );
        if (target) this.edge(id, target, 'routes-via', attribute, { destination, state: rawStr(route, 'State') });
        target ??= nat;
      } else if (tgw) {
        via = 'transit-gateway';
        target = tgw;
      } else if (gw) {
        via = gw.startsWith('igw-') ? 'internet-gateway' : gw.startsWith('vpce-') ? 'vpc-endpoint' : 'other';
        target = gw;
      } else {
        via = 'other';
        target = rawStr(route, 'VpcPeeringConnectionId', 'NetworkInterfaceId', 'InstanceId', 'EgressOnlyInternetGatewayId', 'LocalGatewayId', 'CarrierGatewayId', 'CoreNetworkArn');
      }
      routes.push({ destination, via, target });
    }
    b.set('routes', routes, routesFound?.attribute ?? `${it.prefix}Routes`);
    const assocs = b.find('Associations');
    let main = false;
    for (const a of list(assocs?.value)) {
      const assoc: Item = { data: a, prefix: '' };
      if (toBool(pick(assoc, ['Main'])?.value) === true) main = true;
      const subnet = rawStr(assoc, 'SubnetId');
      if (!subnet) continue;
      const from = this.subnets.get(`${u.region}|${subnet}`);
      if (from) this.edge(from, id, 'uses-route-table', `${assocs!.attribute}.SubnetId`, { associationId: rawStr(assoc, 'RouteTableAssociationId') });
    }
    b.set('main', main, assocs?.attribute ?? `${it.prefix}Associations`);
    this.vpcEdge(u, b, id);
    const tags = this.tags(it);
    this.emit(u, b, 'network.route-table', id, tags.Name || rid, tags);
  }

  /** Subnets without an explicit association use their VPC's main route table. */
  private implicitAssociations(): void {
    for (const r of this.resources.values()) {
      if (r.kind !== 'network.subnet') continue;
      const sid = rawStr({ data: r.attributes, prefix: '' }, 'SubnetId');
      const vpc = rawStr({ data: r.attributes, prefix: '' }, 'VpcId');
      const region = r.provenance.region!;
      if (!sid || !vpc || this.explicit.has(`${region}|${sid}`)) continue;
      const main = this.mainTables.get(`${region}|${vpc}`);
      if (main) {
        this.edge(r.id, main, 'uses-route-table', 'VpcId', { implicit: true, note: 'no explicit association: the VPC main route table applies' });
        continue;
      }
      const owner = parseArn(r.id)?.account ?? r.provenance.accountId!;
      const why =
        this.routeTablesMissing.get(`${region}|${owner}`) ??
        this.routeTablesMissing.get(`${region}|${r.provenance.accountId}`) ??
        `no route table of ${vpc} was collected (its owner account ${owner} was not scanned in ${region})`;
      r.unresolved.push({ edge: 'uses-route-table', attribute: 'VpcId', reason: why });
    }
  }

  // ---------------------------------------------------------------- ECS

  private ecsCluster(u: UnitData, it: Item): void {
    const id = rawStr(it, 'clusterArn') ?? it.arn;
    if (!id) return;
    const b = new Build(it);
    const name = b.str('name', 'clusterName');
    b.strList('capacityProviders', 'capacityProviders');
    const dcps = b.find('defaultCapacityProviderStrategy');
    // DescribeClusters returns an empty list when the cluster has no default strategy.
    b.set('defaultCapacityProviderStrategy', dcps === undefined ? undefined : strategyItems(dcps.value), dcps?.attribute);
    this.emit(u, b, 'ecs.cluster', id, typeof name === 'string' ? name : lastSegment(id), this.tags(it, 'tags', 'Tags'));
  }

  private ecsService(u: UnitData, it: Item): void {
    const id = rawStr(it, 'serviceArn') ?? it.arn;
    if (!id) return;
    const A = u.account.id;
    const b = new Build(it);
    const name = b.str('name', 'serviceName');
    b.str('launchType', 'launchType');
    const cps = b.find('capacityProviderStrategy');
    b.set(
      'capacityProviderStrategy',
      cps === undefined
        ? undefined
        : strategyItems(cps.value),
      cps?.attribute,
    );
    const dc = b.find('deploymentController.type');
    if (dc) b.set('deploymentController', toStr(dc.value), dc.attribute);
    if (u.missing.has('scalableTargets')) {
      // ECS-MIN: the minimum is a scaling target's min capacity when one exists; we cannot tell whether one does.
      const f = b.find('desiredCount');
      b.set('desiredCount', new Unknown(`whether an Application Auto Scaling target sets the minimum is unknown: ${u.missing.get('scalableTargets')}`), f?.attribute);
    } else {
      b.num('desiredCount', 'desiredCount');
    }
    b.str('schedulingStrategy', 'schedulingStrategy');
    const ps = b.find('placementStrategy', 'PlacementStrategies');
    b.set(
      'placementStrategies',
      ps === undefined ? undefined : list(ps.value).map((p): PlacementStrategy => ({ type: toStr(ciGet(p, 'type')?.[1]), field: toStr(ciGet(p, 'field')?.[1]) })),
      ps?.attribute,
    );
    const cb = b.find('deploymentConfiguration.deploymentCircuitBreaker');
    b.set(
      'circuitBreaker',
      cb === undefined ? undefined : { enable: toBool(ciGet(cb.value, 'enable')?.[1]), rollback: toBool(ciGet(cb.value, 'rollback')?.[1]) },
      cb?.attribute,
    );
    b.num('healthCheckGracePeriodSeconds', 'healthCheckGracePeriodSeconds');
    const lbs = b.find('loadBalancers');
    b.set('loadBalancerCount', list(lbs?.value).length, lbs?.attribute ?? `${it.prefix}loadBalancers`);
    list(lbs?.value).forEach((lb, k) => {
      const attribute = `${lbs!.attribute}[${k}]`;
      const found = ciGet(lb, 'targetGroupArn');
      const tg = toStr(found?.[1]);
      const at = `${attribute}.${found?.[0] ?? 'targetGroupArn'}`;
      if (typeof tg === 'string') {
        if (this.targetGroups.has(tg)) this.edge(id, tg, 'registers-with', at);
        else b.unresolve('registers-with', at, this.missingOr(u, 'targetGroups', `target group ${tg} was not returned by elasticloadbalancing:DescribeTargetGroups in ${u.account.id}/${u.region}`));
      } else if (ciGet(lb, 'loadBalancerName')?.[1]) b.unresolve('registers-with', `${attribute}.loadBalancerName`, 'a Classic Load Balancer: not part of the graph');
    });

    const subnets = b.find('networkConfiguration.awsvpcConfiguration.subnets');
    if (subnets) this.subnetEdges(u, b, id, subnets.value, subnets.attribute);
    const td = b.find('taskDefinition', 'TaskDefinition');
    if (typeof td?.value === 'string' && td.value) {
      // The databases its containers name are read from the task definition: unread, they are unknown.
      if (this.taskDefinitions.has(td.value)) this.edge(id, td.value, 'uses-task-definition', td.attribute);
      else b.unresolve('uses-task-definition', td.attribute, this.missingOr(u, 'taskDefinitions', `task definition ${td.value} was not described (ecs:DescribeTaskDefinition)`));
    }
    const cluster = this.clusterNameOf(it);
    const clusterAttr = b.find('clusterArn', 'Cluster')?.attribute ?? 'clusterArn';
    if (cluster) {
      const to = this.ref(b, this.ecsClusters, `${A}|${u.region}|${cluster}`, 'in-cluster', clusterAttr, () =>
        this.missingOr(u, 'clusters', `cluster ${cluster} was not described`),
      );
      if (to) this.edge(id, to, 'in-cluster', clusterAttr);
      const clusterArn = to ?? rawStr(it, 'clusterArn');
      const tasksMissing = (clusterArn && u.missingTasks.get(clusterArn)) ?? u.missing.get('tasks');
      // Rules that count running tasks per AZ read this: the running tasks are not known.
      if (tasksMissing) b.unresolve('runs-in', 'tasks', tasksMissing);
    }
    this.emit(u, b, 'ecs.service', id, typeof name === 'string' ? name : lastSegment(id), this.tags(it, 'tags', 'Tags'));
  }

  /**
   * A task definition the services run: its containers, and a connects-to
   * edge for each environment value naming a database endpoint, or secret
   * naming a database's managed master secret, of the same account × Region
   * (an endpoint elsewhere is another account's database: not matched).
   */
  private taskDefinition(u: UnitData, it: Item): void {
    const id = rawStr(it, 'taskDefinitionArn') ?? it.arn;
    if (!id) return;
    const defs = pick(it, ['containerDefinitions']);
    // Evidence keeps the definitions with secret-named environment values masked; the raw values are only matched.
    const b = new Build({ ...it, data: maskEnvironmentValues(it.data) });
    const family = b.str('family', 'family');
    const attribute = defs?.attribute ?? `${it.prefix}containerDefinitions`;
    const { containers, references } = readContainers(defs?.value as SourceValue | undefined, 'camel', API_COERCIONS, attribute);
    b.set('containers', containers, attribute);
    for (const r of references) {
      const facts: Record<string, unknown> = { via: r.via };
      if (typeof r.container === 'string') facts.container = r.container;
      if (typeof r.variable === 'string') facts.variable = r.variable;
      this.linkDataValue(u, id, r.value, r.path, facts, r.via === 'secrets');
    }
    // Without the databases, an endpoint cannot be matched: what the containers name is unknown.
    this.unmatchedData(u, b, attribute, references.length);
    const rev = b.find('revision');
    this.emit(u, b, 'ecs.task-definition', id, typeof family === 'string' ? `${family}${typeof rev?.value === 'number' ? `:${rev.value}` : ''}` : lastSegment(id), this.tags(it, 'tags', 'Tags'));
  }

  private ecsTask(u: UnitData, it: Item): void {
    const id = rawStr(it, 'taskArn') ?? it.arn;
    if (!id) return;
    const A = u.account.id;
    const R = u.region;
    const b = new Build(it);
    b.str('lastStatus', 'lastStatus');
    b.str('launchType', 'launchType');
    // The task's ENI subnet: where Fargate placed it.
    let subnetId: string | undefined;
    let subnetAttr = '';
    const attachments = b.find('attachments');
    for (const a of list(attachments?.value)) {
      if (String(ciGet(a, 'type')?.[1]) !== 'ElasticNetworkInterface') continue;
      for (const d of list(ciGet(a, 'details')?.[1])) {
        if (ciGet(d, 'name')?.[1] === 'subnetId' && typeof ciGet(d, 'value')?.[1] === 'string') {
          subnetId = ciGet(d, 'value')![1] as string;
          subnetAttr = `${attachments!.attribute}.details.subnetId`;
        }
      }
    }
    const az = b.find('availabilityZone');
    // The subnet as this account sees it (its AZ name is then in this account's naming), else as its owner does.
    const subnetAz = subnetId ? (this.subnetAz.get(`${A}|${R}|${subnetId}`) ?? this.subnetAz.get(`${R}|${subnetId}`)) : undefined;
    if (az) {
      b.set('availabilityZone', toStr(az.value), az.attribute);
    } else if (subnetId) {
      // DescribeTasks may omit availabilityZone (moto always does): the ENI's subnet has it.
      let name: Maybe<string>;
      if (!subnetAz) name = new Unknown(`availabilityZone not reported and subnet ${subnetId} ${this.missingOr(u, 'subnets', 'was not returned by ec2:DescribeSubnets')}`);
      else if (subnetAz.viewedFrom === A) name = subnetAz.name;
      // Only its owner's view was collected: that name is in the owner's naming, which may differ from this account's.
      else name = new Unknown(`availabilityZone not reported and subnet ${subnetId} was only seen from account ${subnetAz.viewedFrom}, whose AZ names may differ from ${A}'s`);
      b.set('availabilityZone', name, subnetAttr);
    } else {
      b.set('availabilityZone', new Unknown('availabilityZone not reported and the task has no network interface attachment'));
    }
    // The AZ ID: the ENI's subnet's (the same in every account), else this account's mapping of the task's AZ name.
    if (subnetAz?.id) b.set('availabilityZoneId', subnetAz.id, subnetAttr);
    else {
      const mapped = this.zoneIdOf(u, b.props.availabilityZone);
      if (mapped !== undefined) b.set('availabilityZoneId', mapped, az?.attribute ?? subnetAttr);
    }
    if (subnetId) this.subnetEdges(u, b, id, [subnetId], subnetAttr);
    const cluster = this.clusterNameOf(it);
    if (cluster) {
      const c = this.ecsClusters.get(`${A}|${R}|${cluster}`);
      if (c) this.edge(id, c, 'in-cluster', 'clusterArn');
      // Tasks a service started carry group "service:<name>" and startedBy = the deployment id.
      const group = rawStr(it, 'group');
      const startedBy = rawStr(it, 'startedBy');
      const byGroup = group?.startsWith('service:') ? this.services.get(`${A}|${R}|${cluster}|${group.slice('service:'.length)}`) : undefined;
      const byDeployment = startedBy ? this.deployments.get(`${A}|${R}|${startedBy}`) : undefined;
      if (byGroup) this.edge(id, byGroup, 'runs-in', 'group');
      else if (byDeployment) this.edge(id, byDeployment, 'runs-in', 'startedBy');
    }
    this.emit(u, b, 'ecs.task', id, lastSegment(id), this.tags(it, 'tags'));
  }

  private scalableTarget(u: UnitData, it: Item): void {
    const ns = rawStr(it, 'ServiceNamespace');
    if (ns !== 'ecs' && ns !== 'rds') return;
    const resourceId = rawStr(it, 'ResourceId');
    const dimension = rawStr(it, 'ScalableDimension');
    const id =
      rawStr(it, 'ScalableTargetARN') ??
      it.arn ??
      // Older responses carry no ARN: a stable synthetic id in ARN form.
      arn('application-autoscaling', u.region, u.account.id, `scalable-target/${ns}/${resourceId}/${dimension}`);
    const b = new Build(it);
    this.scalingTargets.set(`${u.account.id}|${u.region}|${ns}|${resourceId}|${dimension}`, id);
    // Without the policies, whether the target scales with load is unknown (never "no policy").
    const policyGap = ns === 'ecs' ? u.missing.get('scalingPolicies') : undefined;
    if (policyGap !== undefined) b.set('policyGap', policyGap);
    b.str('serviceNamespace', 'ServiceNamespace');
    b.str('scalableDimension', 'ScalableDimension');
    b.str('resourceId', 'ResourceId');
    b.num('minCapacity', 'MinCapacity');
    b.num('maxCapacity', 'MaxCapacity');
    const attribute = b.find('ResourceId')?.attribute ?? 'ResourceId';
    const m = resourceId ? /^service\/([^/]+)\/([^/]+)$/.exec(resourceId) : null;
    const cluster = ns === 'rds' && resourceId ? /^cluster:([^/:]+)$/.exec(resourceId)?.[1] : undefined;
    if (ns === 'rds') {
      const to = cluster
        ? this.ref(b, this.dbClusters, `${u.account.id}|${u.region}|${cluster.toLowerCase()}`, 'scales', attribute, () =>
            this.missingOr(u, 'dbClusters', `no DB cluster ${cluster} was returned by rds:DescribeDBClusters in ${u.account.id}/${u.region}`),
          )
        : undefined;
      if (to) this.edge(id, to, 'scales', attribute);
      else if (!cluster) b.unresolve('scales', attribute, `ResourceId "${resourceId}" is not cluster:<cluster identifier>`);
    } else if (m) {
      const to = this.ref(b, this.services, `${u.account.id}|${u.region}|${m[1]}|${m[2]}`, 'scales', attribute, () =>
        this.missingOr(u, 'services', `no ECS service ${m[2]} in cluster ${m[1]} was listed in ${u.account.id}/${u.region}`),
      );
      if (to) this.edge(id, to, 'scales', attribute);
    } else {
      b.unresolve('scales', attribute, `ResourceId "${resourceId}" is not service/<cluster>/<service>`);
    }
    this.emit(u, b, 'autoscaling.target', id, resourceId ?? lastSegment(id), {});
  }

  /** An ECS scaling policy (application-autoscaling:DescribeScalingPolicies): scales its scalable target. */
  private scalingPolicy(u: UnitData, it: Item): void {
    const ns = rawStr(it, 'ServiceNamespace');
    const resourceId = rawStr(it, 'ResourceId');
    const dimension = rawStr(it, 'ScalableDimension');
    const name = rawStr(it, 'PolicyName');
    const id = rawStr(it, 'PolicyARN') ?? arn('autoscaling', u.region, u.account.id, `scalingPolicy:*:resource/${ns}/${resourceId}:policyName/${name}`);
    const b = new Build(it);
    b.str('name', 'PolicyName');
    b.str('policyType', 'PolicyType');
    b.str('serviceNamespace', 'ServiceNamespace');
    b.str('scalableDimension', 'ScalableDimension');
    b.str('resourceId', 'ResourceId');
    const to = this.ref(b, this.scalingTargets, `${u.account.id}|${u.region}|${ns}|${resourceId}|${dimension}`, 'scales', 'ResourceId', () =>
      this.missingOr(u, 'scalableTargets', `no scalable target ${resourceId} (${dimension}) was returned by application-autoscaling:DescribeScalableTargets in ${u.account.id}/${u.region}`),
    );
    if (to) this.edge(id, to, 'scales', 'ResourceId');
    this.emit(u, b, 'autoscaling.policy', id, name ?? lastSegment(id), {});
  }

  /**
   * The cluster's EC2 capacity providers (ecs:DescribeCapacityProviders) →
   * uses-capacity edges to their Auto Scaling groups; what cannot be told is
   * an unresolved entry of the cluster.
   */
  private clusterCapacity(u: UnitData, it: Item): void {
    const id = rawStr(it, 'clusterArn') ?? it.arn;
    const cluster = id ? this.resources.get(id) : undefined;
    if (!id || !cluster) return;
    const names = toStrList(pick(it, ['capacityProviders'])?.value);
    if (!Array.isArray(names)) return;
    const unresolve = (attribute: string, reason: string) => cluster.unresolved.push({ edge: 'uses-capacity', attribute, reason });
    for (const name of names) {
      if (name === 'FARGATE' || name === 'FARGATE_SPOT') continue;
      const missing = u.missing.get('capacityProviders');
      if (missing !== undefined) {
        unresolve('capacityProviders', missing);
        continue;
      }
      const provider = (u.items.capacityProviders ?? []).find((p) => rawStr(p, 'name') === name || rawStr(p, 'capacityProviderArn') === name);
      const groupArn = provider ? rawStr(provider, 'autoScalingGroupProvider.autoScalingGroupArn') : undefined;
      if (!provider || !groupArn) {
        unresolve('capacityProviders', provider ? `capacity provider ${name} has no Auto Scaling group` : `capacity provider ${name} was not returned by ecs:DescribeCapacityProviders in ${u.account.id}/${u.region}`);
        continue;
      }
      const groupName = /autoScalingGroupName\/(.+)$/.exec(groupArn)?.[1] ?? groupArn;
      const to = this.resources.has(groupArn) ? groupArn : this.groupsByName.get(`${u.account.id}|${u.region}|${groupName}`);
      if (to) this.edge(id, to, 'uses-capacity', 'capacityProviders', { provider: name });
      else unresolve('capacityProviders', this.missingOr(u, 'autoScalingGroups', `Auto Scaling group ${groupName} of capacity provider ${name} was not returned by autoscaling:DescribeAutoScalingGroups in ${u.account.id}/${u.region}`));
    }
  }

  // ---------------------------------------------------------------- RDS

  private dbInstance(u: UnitData, it: Item): void {
    const ident = rawStr(it, 'DBInstanceIdentifier');
    if (!ident) return;
    const A = u.account.id;
    const R = u.region;
    const id = this.dbInstances.get(`${A}|${R}|${ident.toLowerCase()}`)!;
    const b = new Build(it);
    b.str('identifier', 'DBInstanceIdentifier');
    b.set('latestSnapshot', latestSnapshot(u, 'dbSnapshots', 'DBInstanceIdentifier', ident), 'rds:DescribeDBSnapshots');
    b.str('engine', 'Engine');
    b.str('instanceClass', 'DBInstanceClass');
    const azName = b.str('availabilityZone', 'AvailabilityZone');
    const azId = this.zoneIdOf(u, azName);
    if (azId !== undefined) b.set('availabilityZoneId', azId, b.find('AvailabilityZone')?.attribute);
    const clusterF = b.find('DBClusterIdentifier');
    const clusterId = typeof clusterF?.value === 'string' && clusterF.value ? clusterF.value : undefined;
    if (clusterId) {
      // Aurora / Multi-AZ DB cluster member: availability, backups and deletion protection are the cluster's.
      const clusterArn = clusterId.startsWith('arn:') ? clusterId : (this.dbClusters.get(`${A}|${R}|${clusterId.toLowerCase()}`) ?? arn('rds', R, A, `cluster:${clusterId}`));
      b.set('clusterIdentifier', clusterArn, clusterF!.attribute);
      b.set('multiAz', undefined);
      b.set('backupRetentionDays', undefined);
      b.set('deletionProtection', undefined);
      b.num('promotionTier', 'PromotionTier');
      if (this.dbClusters.has(`${A}|${R}|${clusterId.toLowerCase()}`) || this.resourcesHasCluster(clusterArn)) this.edge(id, clusterArn, 'member-of', clusterF!.attribute);
      else b.unresolve('member-of', clusterF!.attribute, this.missingOr(u, 'dbClusters', `cluster ${clusterId} was not returned by rds:DescribeDBClusters`));
    } else {
      b.set('clusterIdentifier', undefined);
      b.bool('multiAz', 'MultiAZ');
      b.num('backupRetentionDays', 'BackupRetentionPeriod');
      b.bool('deletionProtection', 'DeletionProtection');
    }
    const src = b.find('ReadReplicaSourceDBInstanceIdentifier');
    if (typeof src?.value === 'string' && src.value) {
      const srcArn = src.value.startsWith('arn:') ? src.value : this.dbInstances.get(`${A}|${R}|${src.value.toLowerCase()}`);
      b.set('replicateSourceDb', srcArn ?? src.value, src.attribute);
      if (srcArn) this.edge(id, srcArn, 'replica-of', src.attribute);
      else b.unresolve('replica-of', src.attribute, `source ${src.value} was not returned by rds:DescribeDBInstances in ${A}/${R}`);
    } else {
      b.set('replicateSourceDb', undefined);
    }
    const sg = b.find('DBSubnetGroup.Subnets');
    if (sg) {
      const ids = list(sg.value)
        .map((s) => ciGet(s, 'SubnetIdentifier')?.[1])
        .filter((s): s is string => typeof s === 'string');
      this.subnetEdges(u, b, id, ids, `${sg.attribute}.SubnetIdentifier`);
    }
    this.proxyGap(u, b);
    this.emit(u, b, 'db.instance', id, ident, this.tags(it, 'TagList', 'Tags'), undefined, docDbType('db.instance', b.props.engine));
  }

  private resourcesHasCluster(clusterArn: string): boolean {
    for (const v of this.dbClusters.values()) if (v === clusterArn) return true;
    return false;
  }

  /** A future DB-PROXY rule reads incoming `fronts` edges; mark when proxies could not be read. */
  private proxyGap(u: UnitData, b: Build): void {
    const why = u.missing.get('proxies') ?? u.missing.get('proxyTargets');
    if (why) b.unresolve('fronts', 'DBProxies', why);
  }

  private dbCluster(u: UnitData, it: Item): void {
    const ident = rawStr(it, 'DBClusterIdentifier');
    if (!ident) return;
    const A = u.account.id;
    const R = u.region;
    const id = this.dbClusters.get(`${A}|${R}|${ident.toLowerCase()}`)!;
    const b = new Build(it);
    b.str('identifier', 'DBClusterIdentifier');
    b.set('latestSnapshot', latestSnapshot(u, 'dbClusterSnapshots', 'DBClusterIdentifier', ident), 'rds:DescribeDBClusterSnapshots');
    b.str('engine', 'Engine');
    b.str('engineMode', 'EngineMode');
    const azs = b.strList('availabilityZones', 'AvailabilityZones');
    if (Array.isArray(azs) && azs.length > 0) {
      // IDs at the same positions as the names, set only when every name maps (the list stays one type); a failed zone list says why.
      const ids = azs.map((n) => this.zoneIdOf(u, n));
      const failed = ids.find((i): i is Unknown => i instanceof Unknown);
      if (ids.every((i): i is string => typeof i === 'string')) b.set('availabilityZoneIds', ids, b.find('AvailabilityZones')?.attribute);
      else if (failed) b.set('availabilityZoneIds', failed, b.find('AvailabilityZones')?.attribute);
    }
    b.num('backupRetentionDays', 'BackupRetentionPeriod');
    b.bool('deletionProtection', 'DeletionProtection');
    const sv2 = b.find('ServerlessV2ScalingConfiguration');
    b.set(
      'serverlessV2',
      sv2 === undefined ? undefined : { minCapacity: toNum(ciGet(sv2.value, 'MinCapacity')?.[1]), maxCapacity: toNum(ciGet(sv2.value, 'MaxCapacity')?.[1]) },
      sv2?.attribute,
    );
    b.str('dbClusterInstanceClass', 'DBClusterInstanceClass');
    const members = b.find('DBClusterMembers');
    b.set('memberCount', members === undefined ? undefined : list(members.value).length, members?.attribute);
    for (const m of list(members?.value)) {
      const inst = ciGet(m, 'DBInstanceIdentifier')?.[1];
      if (typeof inst !== 'string') continue;
      const from = this.dbInstances.get(`${A}|${R}|${inst.toLowerCase()}`);
      if (from) this.edge(from, id, 'member-of', `${members!.attribute}.DBInstanceIdentifier`);
    }
    // Global database membership: the cluster's own field, else DescribeGlobalClusters' member list.
    const g = b.find('GlobalClusterIdentifier');
    const fromField = typeof g?.value === 'string' && g.value ? (this.globals.get(g.value) ?? this.globals.get(`${A}|${g.value.toLowerCase()}`)) : undefined;
    const fromList = this.globalOfCluster.get(id);
    const global = fromField ?? fromList;
    if (global) {
      const attribute = fromField ? g!.attribute : 'GlobalClusterMembers (rds:DescribeGlobalClusters)';
      b.set('globalClusterIdentifier', global, attribute);
      this.edge(id, global, 'member-of', attribute);
    } else if (typeof g?.value === 'string' && g.value) {
      b.set('globalClusterIdentifier', g.value, g.attribute);
      b.unresolve('member-of', g.attribute, this.missingOr(u, 'globalClusters', `global cluster ${g.value} was not returned by rds:DescribeGlobalClusters`));
    } else if (u.missing.has('globalClusters')) {
      b.set('globalClusterIdentifier', new Unknown(`global database membership unknown: ${u.missing.get('globalClusters')}`));
    } else {
      b.set('globalClusterIdentifier', undefined);
    }
    // Who scales the cluster's readers is an incoming `scales` edge; when the targets could not be listed, say so on the cluster.
    const scaling = u.missing.get('rdsScalableTargets');
    if (scaling) b.unresolve('scales', 'ScalableTargets (application-autoscaling:DescribeScalableTargets)', scaling);
    this.proxyGap(u, b);
    this.emit(u, b, 'db.cluster', id, ident, this.tags(it, 'TagList', 'Tags'), undefined, docDbType('db.cluster', b.props.engine));
  }

  private globalCluster(u: UnitData, it: Item): void {
    const ident = rawStr(it, 'GlobalClusterIdentifier');
    const id = rawStr(it, 'GlobalClusterArn') ?? it.arn ?? (ident ? this.globals.get(`${u.account.id}|${ident.toLowerCase()}`) : undefined);
    if (!id) return;
    const b = new Build(it);
    b.str('identifier', 'GlobalClusterIdentifier');
    b.str('engine', 'Engine');
    b.bool('deletionProtection', 'DeletionProtection');
    this.emit(u, b, 'db.global-cluster', id, ident ?? lastSegment(id), this.tags(it, 'TagList', 'Tags'), this.globalRegion.get(id) ?? u.region, docDbType('db.global-cluster', b.props.engine));
  }

  private proxy(u: UnitData, it: Item): void {
    const id = rawStr(it, 'DBProxyArn') ?? it.arn;
    const pname = rawStr(it, 'DBProxyName');
    if (!id || !pname) return;
    const A = u.account.id;
    const R = u.region;
    const b = new Build(it);
    b.str('name', 'DBProxyName');
    b.str('engineFamily', 'EngineFamily');
    const subnets = b.find('VpcSubnetIds');
    if (subnets) this.subnetEdges(u, b, id, subnets.value, subnets.attribute);
    if (u.missing.has('proxyTargets')) b.unresolve('fronts', 'DBProxyTargets', u.missing.get('proxyTargets')!);
    for (const t of u.items.proxyTargets ?? []) {
      if (rawStr(t, 'DBProxyName') !== pname) continue;
      const type = rawStr(t, 'Type');
      const cluster = rawStr(t, 'TrackedClusterId');
      // A TRACKED_CLUSTER target names its cluster by TrackedClusterId, or (API reference: "the cluster identifier for an Aurora DB cluster") by RdsResourceId.
      const trackedId = type === 'TRACKED_CLUSTER' ? (cluster ?? rawStr(t, 'RdsResourceId')) : undefined;
      if (trackedId) {
        const to = this.dbClusters.get(`${A}|${R}|${trackedId.toLowerCase()}`);
        if (to) this.edge(id, to, 'fronts', cluster ? 'DBProxyTargets.TrackedClusterId' : 'DBProxyTargets.RdsResourceId');
      } else if (type === 'RDS_INSTANCE' && !cluster) {
        const inst = rawStr(t, 'RdsResourceId');
        const to = inst ? this.dbInstances.get(`${A}|${R}|${inst.toLowerCase()}`) : undefined;
        if (to) this.edge(id, to, 'fronts', 'DBProxyTargets.RdsResourceId');
      }
    }
    this.emit(u, b, 'db.proxy', id, pname, this.tags(it, 'TagList', 'Tags'));
  }

  // ---------------------------------------------------------------- compute

  /** A running or stopped EC2 instance: its subnet, AZ, and the Auto Scaling group that launched it (tag aws:autoscaling:groupName). */
  private instance(u: UnitData, it: Item): void {
    const iid = rawStr(it, 'InstanceId');
    if (!iid) return;
    const id = it.arn ?? arn('ec2', u.region, rawStr(it, 'OwnerId') ?? u.account.id, `instance/${iid}`);
    const b = new Build(it);
    b.str('instanceType', 'InstanceType');
    b.str('state', 'State.Name');
    const az = b.str('availabilityZone', 'Placement.AvailabilityZone');
    const azId = b.find('Placement.AvailabilityZoneId');
    if (typeof azId?.value === 'string') b.set('availabilityZoneId', azId.value, azId.attribute);
    else {
      const mapped = this.zoneIdOf(u, az);
      if (mapped !== undefined) b.set('availabilityZoneId', mapped, b.find('Placement.AvailabilityZone')?.attribute);
    }
    const tags = this.tags(it);
    const group = tags['aws:autoscaling:groupName'];
    // The group itself is judged (asg-multi-az); no edge: an instance of a group is replaceable, not a dependency.
    b.set('autoScalingGroup', group, group !== undefined ? 'Tags.aws:autoscaling:groupName' : undefined);
    const subnet = rawStr(it, 'SubnetId');
    if (subnet) this.subnetEdges(u, b, id, [subnet], 'SubnetId');
    this.emit(u, b, 'compute.instance', id, tags.Name || iid, tags);
  }

  private autoScalingGroup(u: UnitData, it: Item): void {
    const name = rawStr(it, 'AutoScalingGroupName');
    if (!name) return;
    const id = rawStr(it, 'AutoScalingGroupARN') ?? it.arn ?? arn('autoscaling', u.region, u.account.id, `autoScalingGroup:*:autoScalingGroupName/${name}`);
    this.groupsByName.set(`${u.account.id}|${u.region}|${name}`, id);
    const b = new Build(it);
    b.set('name', name, 'AutoScalingGroupName');
    b.num('minSize', 'MinSize');
    b.num('maxSize', 'MaxSize');
    b.num('desiredCapacity', 'DesiredCapacity');
    b.str('healthCheckType', 'HealthCheckType');
    b.bool('capacityRebalance', 'CapacityRebalance');
    const azs = b.strList('availabilityZones', 'AvailabilityZones');
    if (Array.isArray(azs)) {
      const ids = azs.map((a) => this.zoneIdOf(u, a));
      if (ids.every((x) => typeof x === 'string')) b.set('availabilityZoneIds', ids, b.find('AvailabilityZones')?.attribute);
    }
    // VPCZoneIdentifier is one comma-separated string of subnet ids.
    const vzi = rawStr(it, 'VPCZoneIdentifier');
    const subnets = (vzi ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    if (subnets.length > 0) this.subnetEdges(u, b, id, subnets, 'VPCZoneIdentifier');
    // Target groups are not graph nodes of this scan: counted, and recorded as unresolved references.
    const tgs = toStrList(b.find('TargetGroupARNs')?.value) ?? [];
    const lbs = toStrList(b.find('LoadBalancerNames')?.value) ?? [];
    b.set('targetGroupCount', Array.isArray(tgs) ? tgs.length : tgs, 'TargetGroupARNs');
    b.set('loadBalancerCount', Array.isArray(lbs) ? lbs.length : lbs, 'LoadBalancerNames');
    if (Array.isArray(tgs)) for (const t of tgs) b.unresolve('fronts', 'TargetGroupARNs', `target group ${t} is not a node of the graph (target groups are not collected)`);
    this.emit(u, b, 'compute.autoscaling-group', id, name, this.tags(it));
  }

  /**
   * The databases and caches a function's environment variables name
   * (ListFunctions returns them): a value holding an endpoint host, or a
   * database's managed master secret ARN, of the same account × Region.
   */
  private functionEnvironment(u: UnitData, it: Item, b: Build, id: string): void {
    const env = pick(it, ['Environment']);
    if (!env || env.value === null || typeof env.value !== 'object') return;
    const error = ciGet(env.value as Record<string, unknown>, 'Error')?.[1] as Record<string, unknown> | undefined;
    if (error) {
      // Variables Lambda could not decrypt are not returned: what they name is unknown.
      b.unresolve('connects-to', `${env.attribute}.Variables`, `the environment variables are not readable: ${String(ciGet(error, 'ErrorCode')?.[1] ?? 'error')} ${String(ciGet(error, 'Message')?.[1] ?? '')}`.trim());
      return;
    }
    const read = variableReferences(ciGet(env.value as Record<string, unknown>, 'Variables')?.[1] as SourceValue | undefined, `${env.attribute}.Variables`);
    if (read instanceof Unknown) {
      b.unresolve('connects-to', `${env.attribute}.Variables`, read.reason);
      return;
    }
    for (const r of read) this.linkDataValue(u, id, r.value, r.path, { via: r.via, variable: r.variable }, true);
    // Without the databases, an endpoint cannot be matched: what the variables name is unknown.
    this.unmatchedData(u, b, `${env.attribute}.Variables`, read.length);
  }

  /**
   * One environment or secret value of a task definition or function: a
   * connects-to edge to the database whose managed master secret it is
   * (`secret`: where a secret ARN can stand), else to each database or cache
   * whose endpoint host it holds, of the same account × Region.
   */
  private linkDataValue(u: UnitData, from: string, value: unknown, path: string, facts: Record<string, unknown>, secretAllowed: boolean): void {
    if (typeof value !== 'string') return;
    const key = `${u.account.id}|${u.region}|`;
    const secret = secretAllowed ? this.dbSecrets.get(key + secretBase(value)) : undefined;
    if (secret) {
      this.edge(from, secret, 'connects-to', path, { ...facts, secret: secretBase(value) });
      return;
    }
    for (const h of hostNamesIn(value)) {
      const db = this.dbHosts.get(key + h);
      if (db) this.edge(from, db, 'connects-to', path, { ...facts, host: h });
    }
    // A DynamoDB table of the same account × Region, by name or ARN (another Region's is that Region's replica).
    const named = tableNameIn(value);
    const sameUnit = named && (named.region ?? u.region) === u.region && (named.account ?? u.account.id) === u.account.id;
    const table = sameUnit ? this.tableNames.get(key + named.name) : undefined;
    if (table) this.edge(from, table, 'connects-to', path, { ...facts, table: named!.name });
  }

  /** Values were read but the databases (or tables) of the unit were not all listed: what they name is unknown. */
  private unmatchedData(u: UnitData, b: Build, attribute: string, values: number): void {
    const dbGap = u.missing.get('dbInstances') ?? u.missing.get('dbClusters');
    if (dbGap && values > 0) b.unresolve('connects-to', attribute, `the databases of ${u.account.id}/${u.region} were not all listed: ${dbGap}`);
    const tableGap = u.missing.get('tables');
    if (tableGap && values > 0) b.unresolve('connects-to', attribute, `the DynamoDB tables of ${u.account.id}/${u.region} were not all listed: ${tableGap}`);
  }

  /** A Lambda function: in a VPC when VpcConfig lists subnets, else regional. */
  private lambdaFunction(u: UnitData, it: Item): void {
    const name = rawStr(it, 'FunctionName');
    if (!name) return;
    const id = rawStr(it, 'FunctionArn') ?? it.arn ?? arn('lambda', u.region, u.account.id, `function:${name}`);
    const b = new Build(it);
    b.set('name', name, 'FunctionName');
    b.str('runtime', 'Runtime');
    // Reserved concurrency is not in the list output (lambda:GetFunctionConcurrency is not called).
    b.set('reservedConcurrency', new Unknown('reserved concurrency is not returned by lambda:ListFunctions'));
    const found = b.find('VpcConfig.SubnetIds');
    const subnets = toStrList(found?.value);
    const inVpc = Array.isArray(subnets) ? subnets.length > 0 : subnets instanceof Unknown ? subnets : false;
    b.set('inVpc', inVpc, found?.attribute ?? 'VpcConfig');
    if (inVpc === true) this.subnetEdges(u, b, id, subnets, found!.attribute);
    this.functionEnvironment(u, it, b, id);
    // ListFunctions returns no tags (lambda:ListTags is one call per function, not made): the tier tag is unknown.
    const tags = it.tags !== undefined ? tagMap(it.tags) : new Unknown('lambda:ListFunctions does not return tags; the tier tag of a live function is not read');
    this.emit(u, b, 'function', id, name, tags);
  }
}
