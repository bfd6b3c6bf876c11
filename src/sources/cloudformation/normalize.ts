/**
 * Evaluated CloudFormation resources → normalized graph resources and edges.
 *
 * The same kinds, props and edges (kinds and directions) as the Terraform
 * source, so a rule gives the same verdict whichever source described the
 * infrastructure: `service --in-subnet--> subnet`, `instance --member-of-->
 * cluster`, `cluster --member-of--> global-cluster`, `route-table
 * --routes-via--> nat-gateway` (data: destination), `subnet
 * --uses-route-table--> route-table`, `scaling-target --scales--> service`,
 * `nat-gateway --in-subnet--> subnet`, databases `--in-subnet-->` the
 * subnets of their DB subnet group.
 *
 * Resources of types that only add facts to others (AWS::EC2::Route, route
 * table associations, proxy target groups, cluster capacity provider
 * associations) are applied after every node is built. References that do
 * not resolve to a node become `unresolved` entries, so rules answer
 * unknown instead of guessing.
 */
import { buildVpnConnection } from './kinds/vpn.js';
import { buildDocDb, DOCDB_KINDS, DOCDB_NAME_PROPERTIES, type DocDbLink } from './kinds/docdb.js';
import type {
  AnyResource,
  CapacityProviderItem,
  Edge,
  EdgeKind,
  InlineSuppression,
  InputError,
  PlacementStrategy,
  ResourceKind,
  Route,
  SourceLocation,
} from '../../graph/types.js';
import { maskSecrets, Unknown, type Maybe } from '../../graph/values.js';
import { coercions, CLOUDFORMATION_RULES, firstSet, items, lastSegment } from '../common/coerce.js';
import { ecsClusterName, Linker, NodeBuilder, resourceName, resourceOf, routeTargetAttribute, scalesAuroraReaders, scalesEcs, tagValue, type LiteralMatch, type RouteTypes, type Tags } from '../common/normalize.js';
import type { ResourceRef } from '../common/reference.js';
import { buildFileSystem, contributeMountTarget, workloadMounts, type CfnEfsLinks } from './kinds/efs.js';
import { BACKUP_CONTRIBUTORS, buildBackupPlan, contributeBackup, type CfnBackupLinks } from './kinds/backup.js';
import { buildLoadBalancer, buildTargetGroup, contributeLb, LISTENER_RULE_TYPE, LISTENER_TYPE, serviceTargetGroups, type CfnLbLinks } from './kinds/lb.js';
import { maskEnvironmentValues } from '../common/task-definition.js';
import { buildTaskDefinition, positionAt } from './kinds/ecs-task-definition.js';
import type { DataLinkHost } from './kinds/data-links.js';
import { lambdaEnvironment } from './kinds/lambda-environment.js';
import { SAM_FUNCTION, SAM_SIMPLE_TABLE } from './sam.js';
import { reachEdges } from './kinds/security-groups.js';
import { CAPACITY_PROVIDER_TYPE, clusterCapacity, scalingPolicy, type CfnScalingLinks } from './kinds/ecs-scaling.js';
import { buildHealthCheck, buildRecord as buildDnsRecord, expandRecordSetGroups, HEALTH_CHECK_TYPES, RECORD_SET_GROUP, type CfnDnsLinks } from './kinds/dns.js';
import { buildDynamoGlobalTable, buildDynamoTable, globalTableTagSource } from './kinds/dynamodb.js';
import { getEntry, getValue, toPlain, type Pos, type TNode } from './parse.js';
import type { Stack } from './stack.js';
import * as compute from './kinds/compute.js';
import * as search from './kinds/search.js';
import * as cache from './kinds/cache.js';
import type { ComputeLink } from '../common/compute.js';
import type { ResourceDecl } from './template.js';
import { ComputedUnknown, isObject, StackRef, type Value, type ValueObject } from './values.js';

/** One deployed (or possibly deployed) resource of a stack, evaluated. */
export interface EvaluatedResource {
  stack: Stack;
  decl: ResourceDecl;
  type: string;
  id: string;
  address: string;
  props: ValueObject | Unknown;
  /** Set when the resource's Condition could not be decided: it is kept, with this reason. */
  conditionUnknown?: Unknown;
}

export interface NormalizeResult {
  resources: AnyResource[];
  edges: Edge[];
  errors: InputError[];
  /** Types that are not graph nodes (and add nothing to one), with counts. */
  ignored: Record<string, number>;
}

export const KIND_BY_TYPE: Record<string, ResourceKind> = {
  'AWS::RDS::DBInstance': 'db.instance',
  'AWS::RDS::DBCluster': 'db.cluster',
  'AWS::RDS::GlobalCluster': 'db.global-cluster',
  'AWS::RDS::DBSubnetGroup': 'db.subnet-group',
  'AWS::RDS::DBProxy': 'db.proxy',
  'AWS::DynamoDB::Table': 'db.table',
  'AWS::DynamoDB::GlobalTable': 'db.table',
  'AWS::ElastiCache::ReplicationGroup': 'cache.replication-group',
  'AWS::MemoryDB::Cluster': 'cache.replication-group',
  'AWS::ElastiCache::ServerlessCache': 'cache.replication-group',
  'AWS::ElastiCache::CacheCluster': 'cache.cluster',
  'AWS::ECS::Cluster': 'ecs.cluster',
  'AWS::ECS::Service': 'ecs.service',
  'AWS::ECS::TaskDefinition': 'ecs.task-definition',
  'AWS::ApplicationAutoScaling::ScalableTarget': 'autoscaling.target',
  'AWS::ApplicationAutoScaling::ScalingPolicy': 'autoscaling.policy',
  'AWS::EC2::VPC': 'network.vpc',
  'AWS::EC2::Subnet': 'network.subnet',
  'AWS::EC2::NatGateway': 'network.nat-gateway',
  'AWS::EC2::TransitGatewayVpcAttachment': 'network.tgw-attachment',
  'AWS::EC2::TransitGatewayAttachment': 'network.tgw-attachment',
  'AWS::EC2::VPNConnection': 'network.vpn-connection',
  'AWS::EC2::RouteTable': 'network.route-table',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'lb.load-balancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'lb.target-group',
  'AWS::EC2::Instance': 'compute.instance',
  'AWS::AutoScaling::AutoScalingGroup': 'compute.autoscaling-group',
  'AWS::Lambda::Function': 'function',
  [SAM_FUNCTION]: 'function',
  [SAM_SIMPLE_TABLE]: 'db.table',
  'AWS::Backup::BackupPlan': 'backup.plan',
  'AWS::OpenSearchService::Domain': 'search.domain',
  'AWS::Elasticsearch::Domain': 'search.domain',
  'AWS::MSK::Cluster': 'stream.cluster',
  'AWS::MSK::ServerlessCluster': 'stream.cluster',
  'AWS::Route53::RecordSet': 'dns.record',
  [RECORD_SET_GROUP]: 'dns.record',
  'AWS::Route53::HealthCheck': 'dns.health-check',
  'AWS::EFS::FileSystem': 'storage.file-system',
  ...DOCDB_KINDS,
};

const CONTRIBUTORS = new Set([
  'AWS::RDS::GlobalCluster',
  'AWS::EC2::Route',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::RDS::DBProxyTargetGroup',
  'AWS::ECS::ClusterCapacityProviderAssociations',
  CAPACITY_PROVIDER_TYPE,
  'AWS::CloudFormation::Stack',
  LISTENER_TYPE,
  LISTENER_RULE_TYPE,
  ...BACKUP_CONTRIBUTORS,
  // Read through the cluster that names it (kinds/search.ts).
  'AWS::MSK::Configuration',
  ...cache.CACHE_SUBNET_GROUP_TYPES,
  'AWS::EFS::MountTarget',
  // Followed from a Lambda function's FileSystemConfigs to its file system (kinds/efs.ts).
  'AWS::EFS::AccessPoint',
]);

/** Property that names the resource (and that literal references match). */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  'AWS::RDS::GlobalCluster': 'GlobalClusterIdentifier',
  'AWS::RDS::DBSubnetGroup': 'DBSubnetGroupName',
  'AWS::RDS::DBProxy': 'DBProxyName',
  'AWS::ECS::Cluster': 'ClusterName',
  'AWS::ECS::Service': 'ServiceName',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'Name',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'Name',
  'AWS::ECS::TaskDefinition': 'Family',
  'AWS::AutoScaling::AutoScalingGroup': 'AutoScalingGroupName',
  [CAPACITY_PROVIDER_TYPE]: 'Name',
  'AWS::Lambda::Function': 'FunctionName',
  [SAM_FUNCTION]: 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  [SAM_SIMPLE_TABLE]: 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::OpenSearchService::Domain': 'DomainName',
  'AWS::Elasticsearch::Domain': 'DomainName',
  'AWS::MSK::Cluster': 'ClusterName',
  'AWS::MSK::ServerlessCluster': 'ClusterName',
  'AWS::ElastiCache::ReplicationGroup': 'ReplicationGroupId',
  'AWS::ElastiCache::CacheCluster': 'ClusterName',
  'AWS::ElastiCache::SubnetGroup': 'CacheSubnetGroupName',
  'AWS::MemoryDB::Cluster': 'ClusterName',
  'AWS::MemoryDB::SubnetGroup': 'SubnetGroupName',
  'AWS::ElastiCache::ServerlessCache': 'ServerlessCacheName',
  ...DOCDB_NAME_PROPERTIES,
};

/** Types a literal table name in a workload's environment can name. */
const TABLE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', SAM_SIMPLE_TABLE] as const;

/** RDS stores identifiers in lower case: literal references match case-insensitively. */
const CASE_INSENSITIVE = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::DBSubnetGroup', 'AWS::RDS::DBProxy', 'AWS::RDS::GlobalCluster', ...Object.keys(DOCDB_KINDS)]);

const ROUTE_TYPES: RouteTypes = { natGateway: 'AWS::EC2::NatGateway', internetGateway: 'AWS::EC2::InternetGateway', targetNodesOnly: true };

const ROUTE_TARGETS: [string, string][] = [
  ['NatGatewayId', 'nat-gateway'],
  ['TransitGatewayId', 'transit-gateway'],
  ['VpcEndpointId', 'vpc-endpoint'],
  ['GatewayId', 'gateway'],
  ['EgressOnlyInternetGatewayId', 'other'],
  ['NetworkInterfaceId', 'other'],
  ['VpcPeeringConnectionId', 'other'],
  ['CarrierGatewayId', 'other'],
  ['LocalGatewayId', 'other'],
  ['InstanceId', 'other'],
  ['CoreNetworkArn', 'other'],
];

// ------------------------------------------------------------------ conversions

const { toStr, toNum, toBool, toStrList, toAzList, objectList } = coercions(CLOUDFORMATION_RULES);

/** `CapacityProviderStrategy` / `DefaultCapacityProviderStrategy` items. */
function strategyOf(value: unknown): Maybe<CapacityProviderItem[]> {
  const cps = objectList(value as Parameters<typeof objectList>[0]);
  if (cps instanceof Unknown || cps === undefined) return cps;
  return cps.map((c): CapacityProviderItem => ({ provider: toStr(c.CapacityProvider), weight: toNum(c.Weight), base: toNum(c.Base) }));
}

/** Value at a dotted path (`NetworkConfiguration.AwsvpcConfiguration.Subnets`); an Unknown on the way is the answer. */
function at(v: Value | undefined, path: string): Value | undefined {
  let cur: Value | undefined = v;
  for (const seg of path.split('.')) {
    if (cur instanceof Unknown) return cur;
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

// ------------------------------------------------------------------ builder

class Builder extends NodeBuilder {
  constructor(
    readonly r: EvaluatedResource,
    kind: ResourceKind,
  ) {
    super(r.id, r.type, kind);
  }

  get file(): string {
    return this.r.stack.file;
  }

  /** Value of a property path; Unknown when the whole Properties is. */
  get(path: string): Value | undefined {
    return at(this.r.props, path);
  }

  /** Position of a property path: the deepest key written on the way, else the logical id. */
  loc(path?: string): SourceLocation {
    let pos: Pos = this.r.decl.pos;
    if (path !== undefined) {
      let node: TNode | undefined = this.r.decl.properties;
      for (const seg of path.split('.')) {
        // `List.0.Key`: an item of a list.
        if (node?.type === 'seq' && /^\d+$/.test(seg)) {
          const item: TNode | undefined = node.items[Number(seg)];
          if (!item) break;
          pos = item.pos;
          node = item;
          continue;
        }
        const e = getEntry(node, seg);
        if (!e) break;
        pos = e.keyPos;
        node = e.value;
      }
    }
    return { file: this.file, line: pos.line, column: pos.column };
  }

  locAt(path: readonly (string | number)[]): SourceLocation {
    return locateIn(this.r, path);
  }
}

/** Where a path of keys and list indexes is written in a resource's Properties (the deepest part written). */
function locateIn(r: EvaluatedResource, path: readonly (string | number)[]): SourceLocation {
  const pos = positionAt(r.decl.properties, r.decl.pos, path);
  return { file: r.stack.file, line: pos.line, column: pos.column };
}

export function normalize(resources: EvaluatedResource[]): NormalizeResult {
  return new Normalizer(expandRecordSetGroups(resources)).run();
}

class Normalizer extends Linker<Builder> {
  private readonly byId = new Map<string, EvaluatedResource>();
  /** `${type}\0${name}` → ids (several when different stacks use the same name). */
  private readonly byName = new Map<string, string[]>();
  private readonly errors: InputError[] = [];
  private readonly ignored: Record<string, number> = {};

  constructor(private readonly resources: EvaluatedResource[]) {
    super('templates', toStr);
  }

  /** The link operations the per-family builders (kinds/) use. */
  private readonly link: ComputeLink<Builder> = {
    refs: (b, value, attribute, kind, types) => this.refs(b, value, attribute, kind, types),
    target: (b, ref) => this.refTarget(b, ref),
    isNode: (id) => this.builders.has(id),
    edge: (from, to, kind, at, attribute) => this.edge(from, to, kind, at, attribute),
    scanned: 'templates',
  };

  /** How a workload's connection values find the databases and caches they name. */
  private readonly dataLinks: DataLinkHost = {
    nodeType: (ref) => (this.builders.has(ref.targetId) ? ref.resourceType : undefined),
    tableNamed: (table, fromId) => {
      const from = this.byId.get(fromId);
      if (!from) return undefined;
      for (const type of TABLE_TYPES) {
        const id = this.named(type, table.name, from);
        if (id === undefined || !this.builders.has(id)) continue;
        const region = this.byId.get(id)?.stack.env.region;
        // An ARN of another Region names a table there, not this one (a global table's replicas keep its name).
        if (table.region !== undefined && region !== undefined && table.region !== region && type !== 'AWS::DynamoDB::GlobalTable') continue;
        return id;
      }
      return undefined;
    },
    edge: (e) => this.edges.push(e),
  };

  run(): NormalizeResult {
    for (const r of this.resources) this.index(r);
    for (const r of this.resources) {
      const kind = KIND_BY_TYPE[r.type];
      if (kind) this.builders.set(r.id, new Builder(r, kind));
      else if (!CONTRIBUTORS.has(r.type)) this.ignored[r.type] = (this.ignored[r.type] ?? 0) + 1;
    }
    for (const b of this.builders.values()) this.build(b);
    for (const r of this.resources) if (CONTRIBUTORS.has(r.type)) this.contribute(r);
    // After the associations have said which capacity providers each cluster uses.
    for (const b of this.builders.values()) {
      if (b.r.type !== 'AWS::ECS::Cluster') continue;
      const assoc = this.capacityDeclaredIn.get(b.id);
      if (assoc) clusterCapacity(b, assoc.value, assoc.attribute, this.scalingLinks);
      else clusterCapacity(b, b.get('CapacityProviders'), 'CapacityProviders', this.scalingLinks);
    }
    this.edges.push(...reachEdges(this.resources, (id) => this.builders.has(id), locateIn));
    const resources: AnyResource[] = [];
    for (const b of this.builders.values()) resources.push(this.finish(b));
    return { resources, edges: this.edges, errors: this.errors, ignored: this.ignored };
  }

  // ---------------------------------------------------------------- literal names

  private addName(type: string, name: string, id: string): void {
    const key = `${type}\u0000${CASE_INSENSITIVE.has(type) ? name.toLowerCase() : name}`;
    const list = this.byName.get(key);
    if (list) list.push(id);
    else this.byName.set(key, [id]);
  }

  private index(r: EvaluatedResource): void {
    this.byId.set(r.id, r);
    const p = NAME_PROPERTY[r.type];
    // Services are matched by cluster and name together (serviceNamed).
    if (!p || r.type === 'AWS::ECS::Service' || !isObject(r.props)) return;
    const name = r.props[p];
    if (typeof name === 'string') this.addName(r.type, name, r.id);
  }

  /** The resource a literal name refers to: the one in the same root template first, else the only one in the scan. */
  private named(type: string, name: string, from: EvaluatedResource): string | undefined {
    const list = this.byName.get(`${type}\u0000${CASE_INSENSITIVE.has(type) ? name.toLowerCase() : name}`);
    if (!list?.length) return undefined;
    const local = list.filter((id) => this.byId.get(id)?.stack.rootFile === from.stack.rootFile);
    if (local.length === 1) return local[0];
    return list.length === 1 ? list[0] : undefined;
  }

  /** Literal names of resources of `types` written in `from` (as names, name paths, or with `rdsArns` RDS ARNs). */
  private namedFrom(from: Builder, types: readonly string[], rdsArns: boolean): LiteralMatch {
    return (s) => {
      const name = lastSegment(rdsArns ? s.replace(/^arn:[^:]*:rds:[^:]*:[^:]*:(db|cluster|global-cluster):/, '') : s);
      for (const t of types) {
        const id = this.named(t, name, from.r);
        if (id) return id;
      }
      return undefined;
    };
  }

  /** Name of the ECS cluster a service runs in, when it can be told (`default` when Cluster is absent). */
  private clusterName(r: EvaluatedResource): string | undefined {
    return ecsClusterName(at(r.props, 'Cluster'), (ref) => {
      const target = ref instanceof StackRef ? this.byId.get(ref.targetId) : undefined;
      return target?.type === 'AWS::ECS::Cluster' && isObject(target.props) ? target.props.ClusterName : undefined;
    });
  }

  /** `service/<cluster>/<service>` → the service, when both names are literal in the scan. */
  private serviceNamed(cluster: string, service: string): string | undefined {
    const found: string[] = [];
    for (const r of this.resources) {
      if (r.type !== 'AWS::ECS::Service' || !isObject(r.props) || r.props.ServiceName !== service) continue;
      if (this.clusterName(r) === cluster) found.push(r.id);
    }
    return found.length === 1 ? found[0] : undefined;
  }

  // ---------------------------------------------------------------- references

  protected refTarget(_from: Builder, ref: ResourceRef): EvaluatedResource | undefined {
    return ref instanceof StackRef ? this.byId.get(ref.targetId) : undefined;
  }

  /** Turn the references in the property at `path` into `kind` edges from `b` (with `literal`, literal names match too); returns the target ids. */
  private refsAt(b: Builder, path: string, kind: EdgeKind, types: readonly string[], literal = false): string[] {
    return this.refs(b, b.get(path), path, kind, types, literal ? this.namedFrom(b, types, true) : undefined);
  }

  /** A single reference property: the target's graph id when it resolves, else the literal / Unknown as written. */
  private refAt(b: Builder, path: string, kind: EdgeKind, types: readonly string[]): Maybe<string> {
    return this.refProp(b, b.get(path), path, kind, types, this.namedFrom(b, types, true));
  }

  /** DBSubnetGroupName → the group's subnets, as in-subnet edges of the database. */
  private subnetGroupEdges(b: Builder, groupType = 'AWS::RDS::DBSubnetGroup'): void {
    const g = b.get('DBSubnetGroupName');
    if (g === undefined || g === null) return;
    const id = this.dbSubnetGroupOf(b, g, 'DBSubnetGroupName', groupType, 'DB subnet group', (name) => this.named(groupType, name, b.r));
    const group = id ? this.byId.get(id) : undefined;
    if (!group) return;
    const gb = this.builders.get(group.id);
    if (!gb) return;
    const subnets = at(group.props, 'SubnetIds');
    if (subnets instanceof Unknown && !(subnets instanceof StackRef)) {
      b.unresolve('in-subnet', 'DBSubnetGroupName', `subnets of ${group.address}: ${subnets.reason}`);
      return;
    }
    for (const item of items(subnets)) {
      const id = this.resolveOne(b, item, 'DBSubnetGroupName', 'in-subnet', ['AWS::EC2::Subnet']);
      if (id) this.edge(b.id, id, 'in-subnet', b, 'DBSubnetGroupName', { via: group.id });
    }
  }

  // ---------------------------------------------------------------- kinds

  private build(b: Builder): void {
    switch (b.r.type) {
      case 'AWS::RDS::DBInstance': {
        const member = b.get('DBClusterIdentifier') !== undefined;
        b.prop('identifier', toStr(b.get('DBInstanceIdentifier')), 'DBInstanceIdentifier');
        b.prop('engine', toStr(b.get('Engine')), 'Engine');
        b.prop('instanceClass', toStr(b.get('DBInstanceClass')), 'DBInstanceClass');
        // Aurora members take availability and backups from their cluster (as aws_rds_cluster_instance).
        if (member) {
          b.prop('multiAz', undefined);
          b.prop('backupRetentionDays', undefined);
          b.prop('deletionProtection', undefined);
        } else {
          b.prop('multiAz', toBool(b.get('MultiAZ')), 'MultiAZ');
          b.prop('backupRetentionDays', toNum(b.get('BackupRetentionPeriod')), 'BackupRetentionPeriod');
          b.prop('deletionProtection', toBool(b.get('DeletionProtection')), 'DeletionProtection');
        }
        b.prop('availabilityZone', toStr(b.get('AvailabilityZone')), 'AvailabilityZone');
        b.prop('clusterIdentifier', member ? this.refAt(b, 'DBClusterIdentifier', 'member-of', ['AWS::RDS::DBCluster']) : undefined, member ? 'DBClusterIdentifier' : undefined);
        const source = b.get('SourceDBInstanceIdentifier');
        b.prop(
          'replicateSourceDb',
          source === undefined ? undefined : this.refAt(b, 'SourceDBInstanceIdentifier', 'replica-of', ['AWS::RDS::DBInstance']),
          source === undefined ? undefined : 'SourceDBInstanceIdentifier',
        );
        if (member) b.prop('promotionTier', toNum(b.get('PromotionTier')), 'PromotionTier');
        if (!member) this.subnetGroupEdges(b);
        break;
      }
      case 'AWS::RDS::DBCluster': {
        b.prop('identifier', toStr(b.get('DBClusterIdentifier')), 'DBClusterIdentifier');
        b.prop('engine', toStr(b.get('Engine')), 'Engine');
        b.prop('engineMode', toStr(b.get('EngineMode')), 'EngineMode');
        // Symbolic AZs stay (the graph's list may hold them; rules compare through src/analysis/az.ts).
        b.prop('availabilityZones', toAzList(b.get('AvailabilityZones')), 'AvailabilityZones');
        b.prop('backupRetentionDays', toNum(b.get('BackupRetentionPeriod')), 'BackupRetentionPeriod');
        b.prop('deletionProtection', toBool(b.get('DeletionProtection')), 'DeletionProtection');
        b.prop('globalClusterIdentifier', this.refAt(b, 'GlobalClusterIdentifier', 'member-of', ['AWS::RDS::GlobalCluster']), 'GlobalClusterIdentifier');
        const sv2 = b.get('ServerlessV2ScalingConfiguration');
        b.prop(
          'serverlessV2',
          sv2 === undefined || sv2 === null
            ? undefined
            : sv2 instanceof Unknown
              ? sv2
              : isObject(sv2)
                ? { minCapacity: toNum(sv2.MinCapacity), maxCapacity: toNum(sv2.MaxCapacity) }
                : new Unknown('ServerlessV2ScalingConfiguration is not a mapping'),
          'ServerlessV2ScalingConfiguration',
        );
        b.prop('dbClusterInstanceClass', toStr(b.get('DBClusterInstanceClass')), 'DBClusterInstanceClass');
        this.subnetGroupEdges(b);
        break;
      }
      case 'AWS::RDS::GlobalCluster': {
        b.prop('identifier', toStr(b.get('GlobalClusterIdentifier')), 'GlobalClusterIdentifier');
        b.prop('engine', toStr(b.get('Engine')), 'Engine');
        b.prop('deletionProtection', toBool(b.get('DeletionProtection')), 'DeletionProtection');
        // SourceDBClusterIdentifier (the cluster it is created from) is linked in contribute(), once clusters are built.
        break;
      }
      case 'AWS::RDS::DBSubnetGroup':
        b.prop('name', toStr(b.get('DBSubnetGroupName')), 'DBSubnetGroupName');
        this.refsAt(b, 'SubnetIds', 'in-subnet', ['AWS::EC2::Subnet']);
        break;
      case 'AWS::RDS::DBProxy':
        b.prop('name', toStr(b.get('DBProxyName')), 'DBProxyName');
        b.prop('engineFamily', toStr(b.get('EngineFamily')), 'EngineFamily');
        this.refsAt(b, 'VpcSubnetIds', 'in-subnet', ['AWS::EC2::Subnet']);
        break;
      case 'AWS::DynamoDB::Table':
      case SAM_SIMPLE_TABLE:
        buildDynamoTable(b, (path) => b.get(path));
        break;
      case 'AWS::DynamoDB::GlobalTable':
        buildDynamoGlobalTable(b, (path) => b.get(path), b.r.stack.env.region, b.r.address);
        break;
      case 'AWS::ECS::Cluster':
        b.prop('name', toStr(b.get('ClusterName')), 'ClusterName');
        b.prop('capacityProviders', toStrList(b.get('CapacityProviders')), 'CapacityProviders');
        if (b.get('DefaultCapacityProviderStrategy') !== undefined) b.prop('defaultCapacityProviderStrategy', strategyOf(b.get('DefaultCapacityProviderStrategy')), 'DefaultCapacityProviderStrategy');
        break;
      case 'AWS::ECS::Service':
        this.ecsService(b);
        break;
      case 'AWS::ECS::TaskDefinition':
        buildTaskDefinition(b, this.dataLinks);
        break;
      case 'AWS::ApplicationAutoScaling::ScalableTarget':
        this.scalingTarget(b);
        break;
      case 'AWS::ApplicationAutoScaling::ScalingPolicy':
        scalingPolicy(b, this.scalingLinks);
        break;
      case 'AWS::EC2::VPC':
        b.prop('cidr', toStr(b.get('CidrBlock')), 'CidrBlock');
        break;
      case 'AWS::EC2::Subnet': {
        let az = toStr(b.get('AvailabilityZone'));
        let azAttr = 'AvailabilityZone';
        if (az === undefined && b.get('AvailabilityZoneId') !== undefined) {
          az = toStr(b.get('AvailabilityZoneId'));
          azAttr = 'AvailabilityZoneId';
        }
        if (az === undefined) az = new Unknown('AvailabilityZone is not set: AWS chooses the zone when the subnet is created');
        b.prop('availabilityZone', az, azAttr);
        b.prop('cidr', toStr(b.get('CidrBlock')), 'CidrBlock');
        b.prop('mapPublicIpOnLaunch', toBool(b.get('MapPublicIpOnLaunch')), 'MapPublicIpOnLaunch');
        if (b.get('VpcId') !== undefined) this.refsAt(b, 'VpcId', 'in-vpc', ['AWS::EC2::VPC']);
        break;
      }
      case 'AWS::EC2::NatGateway':
        b.prop('connectivityType', toStr(b.get('ConnectivityType')), 'ConnectivityType');
        this.refsAt(b, 'SubnetId', 'in-subnet', ['AWS::EC2::Subnet']);
        break;
      case 'AWS::EC2::TransitGatewayVpcAttachment':
      case 'AWS::EC2::TransitGatewayAttachment':
        b.prop('transitGatewayId', toStr(b.get('TransitGatewayId')), 'TransitGatewayId');
        this.refsAt(b, 'SubnetIds', 'in-subnet', ['AWS::EC2::Subnet']);
        if (b.get('VpcId') !== undefined) this.refsAt(b, 'VpcId', 'in-vpc', ['AWS::EC2::VPC']);
        break;
      case 'AWS::EC2::VPNConnection':
        buildVpnConnection(b);
        break;
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
        buildLoadBalancer(b, this.lbLinks);
        break;
      case 'AWS::ElasticLoadBalancingV2::TargetGroup':
        buildTargetGroup(b, this.lbLinks);
        break;
      case 'AWS::Backup::BackupPlan':
        buildBackupPlan(b, this.backupLinks);
        break;
      case 'AWS::Route53::RecordSet':
      case RECORD_SET_GROUP:
        buildDnsRecord(b, (p) => b.get(p), this.dnsLinks);
        break;
      case 'AWS::Route53::HealthCheck':
        buildHealthCheck(b, (p) => b.get(p));
        break;
      case 'AWS::EC2::RouteTable':
        // Routes are separate AWS::EC2::Route resources (added in contribute()).
        b.prop('routes', [] as Route[]);
        if (b.get('VpcId') !== undefined) this.refsAt(b, 'VpcId', 'in-vpc', ['AWS::EC2::VPC']);
        break;
      case 'AWS::EC2::Instance':
        compute.instance(b, this.link);
        break;
      case 'AWS::AutoScaling::AutoScalingGroup':
        compute.autoscalingGroup(b, this.link);
        break;
      case 'AWS::Lambda::Function':
      case SAM_FUNCTION:
        compute.lambdaFunction(b, this.link);
        lambdaEnvironment(b, this.dataLinks);
        break;
      case 'AWS::OpenSearchService::Domain':
      case 'AWS::Elasticsearch::Domain':
        search.searchDomain(b, this.link, b.r.type === 'AWS::Elasticsearch::Domain');
        break;
      case 'AWS::MSK::Cluster':
        search.mskCluster(b, { ...this.link, resource: (from, ref) => this.refTarget(from, ref) });
        break;
      case 'AWS::MSK::ServerlessCluster':
        search.mskServerlessCluster(b, this.link);
        break;
      case 'AWS::ElastiCache::ReplicationGroup':
        cache.replicationGroup(b, this.cacheLink);
        break;
      case 'AWS::MemoryDB::Cluster':
        cache.memoryDbCluster(b, this.cacheLink);
        break;
      case 'AWS::ElastiCache::ServerlessCache':
        cache.serverlessCache(b, this.cacheLink);
        break;
      case 'AWS::ElastiCache::CacheCluster':
        cache.cacheCluster(b, this.cacheLink);
        break;
      case 'AWS::EFS::FileSystem':
        buildFileSystem(b);
        break;
      default:
        if (DOCDB_KINDS[b.r.type]) buildDocDb(b, b.r.type, this.docDbLink);
    }
    if (b.r.type === 'AWS::ECS::TaskDefinition' || b.r.type === 'AWS::Lambda::Function' || b.r.type === SAM_FUNCTION) workloadMounts(b, this.efsLinks);
  }

  /** What src/sources/cloudformation/kinds/docdb.ts needs of the normalizer. */
  private readonly docDbLink: DocDbLink<Builder> = {
    refAt: (b, path, kind, type) => this.refAt(b, path, kind, [type]),
    subnetsAt: (b, path) => void this.refsAt(b, path, 'in-subnet', ['AWS::EC2::Subnet']),
    subnetGroup: (b, groupType) => this.subnetGroupEdges(b, groupType),
  };

  /** What src/sources/cloudformation/kinds/cache.ts needs of the normalizer: a cache subnet group's subnets (the group is not a node). */
  private readonly cacheLink: cache.CacheLink<Builder> = {
    subnetGroup: (b, path, groupType) => {
      const id = this.dbSubnetGroupOf(b, b.get(path) as Value, path, groupType, 'cache subnet group', (name) => this.named(groupType, name, b.r));
      const group = id ? this.byId.get(id) : undefined;
      if (!group) return;
      const subnets = at(group.props, 'SubnetIds');
      if (subnets instanceof Unknown && !(subnets instanceof StackRef)) {
        b.unresolve('in-subnet', path, `subnets of ${group.address}: ${subnets.reason}`);
        return;
      }
      for (const item of items(subnets)) {
        const sid = this.resolveOne(b, item, path, 'in-subnet', ['AWS::EC2::Subnet']);
        if (sid) this.edge(b.id, sid, 'in-subnet', b, path, { via: group.id });
      }
    },
    refs: (b, value, attribute, kind, types) => this.refs(b, value, attribute, kind, types),
  };

  /** What src/sources/cloudformation/kinds/efs.ts needs of the normalizer. */
  private readonly efsLinks: CfnEfsLinks<Builder> = {
    refs: (b, value, attribute, kind, types) => this.refs(b, value, attribute, kind, types),
    edge: (from, to, kind, at, attribute, data) => this.edge(from, to, kind, at, attribute, data),
    node: (from, value, types) => this.nodeOf(from, value, types),
    resource: (value) => (value instanceof StackRef ? this.byId.get(value.targetId) : undefined),
  };

  private ecsService(b: Builder): void {
    b.prop('name', toStr(b.get('ServiceName')), 'ServiceName');
    b.prop('launchType', toStr(b.get('LaunchType')), 'LaunchType');
    b.prop('capacityProviderStrategy', strategyOf(b.get('CapacityProviderStrategy')), 'CapacityProviderStrategy');
    const dc = b.get('DeploymentController');
    if (dc !== undefined && dc !== null) {
      b.prop('deploymentController', dc instanceof Unknown ? dc : isObject(dc) ? toStr(dc.Type) : new Unknown('DeploymentController is not a mapping'), 'DeploymentController');
    }
    b.prop('desiredCount', toNum(b.get('DesiredCount')), 'DesiredCount');
    b.prop('schedulingStrategy', toStr(b.get('SchedulingStrategy')), 'SchedulingStrategy');
    const ps = objectList(b.get('PlacementStrategies'));
    b.prop(
      'placementStrategies',
      ps instanceof Unknown || ps === undefined ? ps : ps.map((p): PlacementStrategy => ({ type: toStr(p.Type), field: toStr(p.Field) })),
      'PlacementStrategies',
    );
    const cb = b.get('DeploymentConfiguration.DeploymentCircuitBreaker');
    b.prop(
      'circuitBreaker',
      cb === undefined || cb === null || cb instanceof Unknown
        ? (cb ?? undefined)
        : isObject(cb)
          ? { enable: toBool(cb.Enable), rollback: toBool(cb.Rollback) }
          : new Unknown('DeploymentCircuitBreaker is not a mapping'),
      'DeploymentConfiguration.DeploymentCircuitBreaker',
    );
    b.prop('healthCheckGracePeriodSeconds', toNum(b.get('HealthCheckGracePeriodSeconds')), 'HealthCheckGracePeriodSeconds');
    const lbs = objectList(b.get('LoadBalancers'));
    b.prop('loadBalancerCount', lbs instanceof Unknown ? lbs : (lbs?.length ?? 0), 'LoadBalancers');
    serviceTargetGroups(b, this.lbLinks);

    const subnetsPath = 'NetworkConfiguration.AwsvpcConfiguration.Subnets';
    const nc = b.get('NetworkConfiguration.AwsvpcConfiguration');
    if (nc instanceof Unknown) b.unresolve('in-subnet', subnetsPath, nc.reason);
    else if (nc !== undefined) this.refsAt(b, subnetsPath, 'in-subnet', ['AWS::EC2::Subnet']);

    if (b.get('Cluster') !== undefined) this.refsAt(b, 'Cluster', 'in-cluster', ['AWS::ECS::Cluster'], true);
    this.taskDefinitionOf(b);
  }

  /** TaskDefinition: `!Ref TaskDef` (its ARN), or a literal family[:revision] / ARN of one in the scan. */
  private taskDefinitionOf(b: Builder): void {
    const td = b.get('TaskDefinition');
    if (td === undefined || td === null) return;
    const type = 'AWS::ECS::TaskDefinition';
    if (td instanceof ComputedUnknown) {
      const ids = [...new Set(td.refs.filter((r) => r.resourceType === type && this.builders.has(r.targetId)).map((r) => r.targetId))];
      if (ids.length === 1) {
        this.edge(b.id, ids[0], 'uses-task-definition', b, 'TaskDefinition');
        return;
      }
    }
    this.refs(b, td, 'TaskDefinition', 'uses-task-definition', [type], (s) => this.named(type, lastSegment(s).replace(/:\d+$/, ''), b.r));
  }

  /** What src/sources/cloudformation/kinds/lb.ts needs of the normalizer. */
  /** What src/sources/cloudformation/kinds/backup.ts needs of the normalizer. */
  private readonly dnsLinks: CfnDnsLinks<Builder> = {
    healthCheck: (b) => this.refAt(b, 'HealthCheckId', 'health-checked-by', HEALTH_CHECK_TYPES),
  };
  private readonly backupLinks: CfnBackupLinks<Builder> = {
    resource: (ref) => this.byId.get(ref.targetId),
    plan: (from, value) => this.nodeOf(from, value, ['AWS::Backup::BackupPlan']),
  };

  private readonly lbLinks: CfnLbLinks<Builder> = {
    refs: (b, value, attribute, kind, types, literal) => this.refs(b, value, attribute, kind, types, literal ? this.lbLiteral(b, types) : undefined),
    edge: (from, to, kind, at, attribute, data) => this.edge(from, to, kind, at, attribute, data),
    node: (from, value, types) => this.nodeOf(from, value, types, this.lbLiteral(from, types)),
    resource: (value, type) => {
      const r = value instanceof StackRef ? this.byId.get(value.targetId) : undefined;
      return r?.type === type ? r : undefined;
    },
    builder: (r) => this.builders.get(r.id) ?? new Builder(r, KIND_BY_TYPE[r.type] ?? 'lb.target-group'),
  };

  /** Literal load balancer / target group names, also written as ARNs (`…:targetgroup/<name>/<id>`, `…:loadbalancer/app/<name>/<id>`). */
  private lbLiteral(from: Builder, types: readonly string[]): LiteralMatch {
    return (s) => {
      const m = /:(?:targetgroup|loadbalancer\/(?:app|net|gwy))\/([^/]+)\/[^/]+$/.exec(s);
      const name = m ? m[1] : s;
      for (const t of types) {
        const id = this.named(t, name, from.r);
        if (id) return id;
      }
      return undefined;
    };
  }

  /** The CapacityProviders of the association naming a cluster, by cluster id. */
  private readonly capacityDeclaredIn = new Map<string, { value: Value | undefined; attribute: string }>();

  /** What src/sources/cloudformation/kinds/ecs-scaling.ts needs of the normalizer. */
  private readonly scalingLinks: CfnScalingLinks<Builder> = {
    resource: (id) => this.byId.get(id),
    isNode: (id) => this.builders.has(id),
    named: (type, name, from) => this.named(type, name, from),
    targetsWithResourceId: (rid, dimension) =>
      [...this.builders.values()]
        // Raw properties: the targets may not be built yet.
        .filter((t) => t.type === 'AWS::ApplicationAutoScaling::ScalableTarget' && t.get('ResourceId') === rid && (typeof dimension !== 'string' || t.get('ScalableDimension') === dimension))
        .map((t) => t.id),
    scalesService: (b, rid, attribute) => this.scalesService(b, rid, attribute, 'AWS::ECS::Service', (cluster, name) => this.serviceNamed(cluster, name)),
    edge: (from, to, kind, at, attribute, data) => this.edge(from, to, kind, at, attribute, data),
    at: (r) => new Builder(r, 'ecs.cluster'),
  };

  private scalingTarget(b: Builder): void {
    const ns = toStr(b.get('ServiceNamespace'));
    b.prop('serviceNamespace', ns, 'ServiceNamespace');
    const dim = toStr(b.get('ScalableDimension'));
    b.prop('scalableDimension', dim, 'ScalableDimension');
    const raw = b.get('ResourceId');
    const rid = toStr(raw);
    b.prop('resourceId', rid, 'ResourceId');
    b.prop('minCapacity', toNum(b.get('MinCapacity')), 'MinCapacity');
    b.prop('maxCapacity', toNum(b.get('MaxCapacity')), 'MaxCapacity');
    if (scalesAuroraReaders(ns, dim)) {
      this.scalesAuroraCluster(b, raw, rid);
      return;
    }
    if (!scalesEcs(ns, dim)) {
      if (ns instanceof Unknown) b.unresolve('scales', 'ServiceNamespace', ns.reason);
      return;
    }
    if (typeof rid === 'string') {
      this.scalesService(b, rid, 'ResourceId', 'AWS::ECS::Service', (cluster, name) => this.serviceNamed(cluster, name));
      return;
    }
    // Usually !Sub / !Join of the cluster and the service: use the service it mentions.
    const refs = raw instanceof ComputedUnknown ? raw.refs : raw instanceof StackRef ? [raw] : [];
    const services = [...new Set(refs.filter((r) => r.resourceType === 'AWS::ECS::Service' && this.builders.has(r.targetId)).map((r) => r.targetId))];
    if (services.length === 1) this.edge(b.id, services[0], 'scales', b, 'ResourceId');
    else b.unresolve('scales', 'ResourceId', services.length > 1 ? 'ResourceId mentions several services' : rid instanceof Unknown ? rid.reason : 'ResourceId is not set');
  }

  /** `ResourceId: !Sub cluster:${Cluster}` (or a literal `cluster:<identifier>`) → a scales edge to that cluster. */
  private scalesAuroraCluster(b: Builder, raw: Value | undefined, rid: Maybe<string>): void {
    const type = 'AWS::RDS::DBCluster';
    if (typeof rid === 'string') {
      this.scalesCluster(b, rid, 'ResourceId', type, (name) => this.named(type, name, b.r));
      return;
    }
    // Ref to a cluster gives its identifier, known only once created: use the cluster the expression mentions.
    const refs = raw instanceof ComputedUnknown ? raw.refs : raw instanceof StackRef ? [raw] : [];
    const clusters = [...new Set(refs.filter((r) => r.resourceType === type && this.builders.has(r.targetId)).map((r) => r.targetId))];
    if (clusters.length === 1) this.edge(b.id, clusters[0], 'scales', b, 'ResourceId');
    else b.unresolve('scales', 'ResourceId', clusters.length > 1 ? 'ResourceId mentions several clusters' : rid instanceof Unknown ? rid.reason : 'ResourceId is not set');
  }

  // ---------------------------------------------------------------- contributors

  private contribute(r: EvaluatedResource): void {
    if (r.props instanceof Unknown) return;
    const v = r.props;
    const self = new Builder(r, KIND_BY_TYPE[r.type] ?? 'network.route-table');
    /** The node a reference property of the contributor points at (by reference or literal name). */
    const target = (value: Value | undefined, types: string[]): Builder | undefined => this.nodeOf(self, value, types, this.namedFrom(self, types, false));
    if ((BACKUP_CONTRIBUTORS as readonly string[]).includes(r.type)) {
      contributeBackup(new Builder(r, 'backup.plan'), this.backupLinks);
      return;
    }
    if (r.type === 'AWS::EFS::MountTarget') {
      contributeMountTarget(self, this.efsLinks);
      return;
    }
    if (r.type === LISTENER_TYPE || r.type === LISTENER_RULE_TYPE) {
      contributeLb(new Builder(r, 'lb.target-group'), this.lbLinks);
      return;
    }
    switch (r.type) {
      case 'AWS::RDS::GlobalCluster': {
        // A global cluster created from an existing cluster names it: that cluster is its (primary) member.
        const src = v.SourceDBClusterIdentifier;
        const global = this.builders.get(r.id);
        if (src === undefined || !global) return;
        const id = this.resolveOne(self, src, 'SourceDBClusterIdentifier', 'member-of', ['AWS::RDS::DBCluster'], this.namedFrom(self, ['AWS::RDS::DBCluster'], true));
        const cluster = id ? this.builders.get(id) : undefined;
        if (!cluster) return;
        this.edge(cluster.id, r.id, 'member-of', self, 'SourceDBClusterIdentifier', { declaredBy: r.address });
        if (cluster.props.globalClusterIdentifier === undefined) cluster.props.globalClusterIdentifier = r.id;
        return;
      }
      case 'AWS::EC2::Route': {
        const table = target(v.RouteTableId, ['AWS::EC2::RouteTable']);
        if (!table) return;
        const route = this.route(table, self, v, r);
        (table.props.routes as Route[]).push(route);
        return;
      }
      case 'AWS::EC2::SubnetRouteTableAssociation': {
        const subnet = target(v.SubnetId, ['AWS::EC2::Subnet']);
        if (!subnet) return;
        const table = target(v.RouteTableId, ['AWS::EC2::RouteTable']);
        if (r.conditionUnknown) {
          subnet.unresolve('uses-route-table', `${r.address}.RouteTableId`, `${r.address} exists only if its condition holds: ${r.conditionUnknown.reason}`);
        } else {
          this.usesRouteTable(subnet, table, self, r.address, 'RouteTableId', v.RouteTableId);
        }
        return;
      }
      case 'AWS::ECS::ClusterCapacityProviderAssociations': {
        const cluster = target(v.Cluster, ['AWS::ECS::Cluster']);
        if (!cluster) return;
        this.capacityDeclaredIn.set(cluster.id, { value: v.CapacityProviders, attribute: `${r.address}.CapacityProviders` });
        cluster.props.capacityProviders = toStrList(v.CapacityProviders);
        cluster.origins.capacityProviders = { attribute: `${r.address}.CapacityProviders`, location: self.loc('CapacityProviders') };
        // Required here; an empty list means no default strategy.
        cluster.props.defaultCapacityProviderStrategy = strategyOf(v.DefaultCapacityProviderStrategy) ?? [];
        cluster.origins.defaultCapacityProviderStrategy = { attribute: `${r.address}.DefaultCapacityProviderStrategy`, location: self.loc('DefaultCapacityProviderStrategy') };
        return;
      }
      case 'AWS::RDS::DBProxyTargetGroup': {
        const proxy = target(v.DBProxyName, ['AWS::RDS::DBProxy']);
        if (!proxy) return;
        for (const [attr, type] of [
          ['DBClusterIdentifiers', 'AWS::RDS::DBCluster'],
          ['DBInstanceIdentifiers', 'AWS::RDS::DBInstance'],
        ] as const) {
          for (const item of items(v[attr])) {
            const t = target(item, [type]);
            if (t) this.edge(proxy.id, t.id, 'fronts', self, attr, { declaredBy: r.address });
            else proxy.unresolve('fronts', `${r.address}.${attr}`, item instanceof Unknown ? item.reason : 'the proxy target is not a database in the scanned templates');
          }
        }
        return;
      }
    }
  }

  /** One AWS::EC2::Route of `table`; a NAT gateway target becomes a routes-via edge. */
  private route(table: Builder, from: Builder, v: ValueObject, r: EvaluatedResource): Route {
    const destination = toStr(firstSet(v, ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId']));
    const targetAttr = routeTargetAttribute(v, ROUTE_TARGETS);
    if (!targetAttr) return { destination, via: undefined, target: undefined };
    const [attr, kind] = targetAttr;
    const tv = v[attr];
    const unresolvedAttribute = `${r.address}.${attr}`;
    if (r.conditionUnknown) {
      const reason = `${r.address} exists only if its condition holds: ${r.conditionUnknown.reason}`;
      if (kind === 'nat-gateway') table.unresolve('routes-via', unresolvedAttribute, reason);
      return { destination, via: new Unknown(reason), target: tv instanceof Unknown ? tv : toStr(tv) };
    }
    const data: Record<string, unknown> = { destination, declaredBy: r.address };
    const { via, target } = this.routeTarget(table, from, kind, tv, { attribute: attr, unresolvedAttribute, data }, ROUTE_TYPES);
    return { destination, via, target };
  }

  // ---------------------------------------------------------------- finish

  private finish(b: Builder): AnyResource {
    const r = b.r;
    const tags =
      r.type === 'AWS::DynamoDB::GlobalTable' && !(r.props instanceof Unknown)
        ? tagsOf(globalTableTagSource(r.props, r.stack.env.region) as ValueObject)
        : r.type === 'AWS::EFS::FileSystem' && !(r.props instanceof Unknown)
          ? // EFS names its tags FileSystemTags.
            tagsOf({ Tags: r.props.FileSystemTags } as ValueObject)
          : tagsOf(r.props);
    const attributes: Record<string, unknown> = r.props instanceof Unknown ? { Properties: r.props } : maskSecrets(r.type === 'AWS::ECS::TaskDefinition' ? maskEnvironmentValues({ ...r.props }) : { ...r.props });
    if (r.decl.condition) attributes.Condition = r.decl.condition.name;
    const suppressions = this.suppressions(r);
    if (suppressions.length > 0) attributes['resilint:ignore'] = suppressions.map((s) => ({ ...s }));
    const nameProperty = NAME_PROPERTY[r.type];
    const resource = resourceOf(b, {
      address: r.address,
      name: resourceName(nameProperty ? at(r.props, nameProperty) : undefined, tags, r.decl.logicalId),
      attributes,
      tags,
      provenance: {
        source: 'cloudformation',
        location: b.loc(),
        modulePath: r.stack.path,
        ...(r.stack.env.region ? { region: r.stack.env.region } : {}),
        ...(r.stack.env.accountId ? { accountId: r.stack.env.accountId } : {}),
      },
    });
    if (suppressions.length > 0) resource.inlineSuppressions = suppressions;
    return resource;
  }

  /** `Metadata: { resilint: { ignore: [{ rule, reason, until, owner }] } }` (also `suppressions`, and plain rule ids). */
  private suppressions(r: EvaluatedResource): InlineSuppression[] {
    const out: InlineSuppression[] = [];
    const section = getValue(r.decl.metadata, 'resilint');
    if (!section) return out;
    const file = r.stack.file;
    const bad = (pos: Pos, message: string) => this.errors.push({ file, line: pos.line, column: pos.column, kind: 'suppression', message });
    for (const key of ['ignore', 'suppressions']) {
      const list = getValue(section, key);
      if (!list) continue;
      if (list.type !== 'seq') {
        bad(list.pos, `Metadata.resilint.${key} must be a list`);
        continue;
      }
      for (const item of list.items) {
        const location: SourceLocation = { file, line: item.pos.line, column: item.pos.column };
        if (item.type === 'scalar' && typeof item.value === 'string') {
          out.push({ ruleId: item.value, location });
          continue;
        }
        const plain = toPlain(item);
        if (!isPlainRecord(plain)) {
          bad(item.pos, `Metadata.resilint.${key}: each entry must be a rule id or { rule, reason, until }`);
          continue;
        }
        const rule = plain.rule ?? plain.id ?? plain.ruleId;
        if (typeof rule !== 'string' || rule === '') {
          bad(item.pos, `Metadata.resilint.${key}: an entry has no rule id (rule: …)`);
          continue;
        }
        const s: InlineSuppression = { ruleId: rule, location };
        const reason = plain.reason ?? plain.comment;
        if (typeof reason === 'string') s.reason = reason;
        const until = plain.until ?? plain.expires;
        if (until !== undefined) {
          const u = String(until);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(u) || Number.isNaN(Date.parse(`${u}T00:00:00Z`))) {
            bad(item.pos, `Metadata.resilint.${key}: until ${JSON.stringify(until)} is not a date (YYYY-MM-DD)`);
            continue;
          }
          s.until = u;
        }
        if (typeof plain.owner === 'string') s.owner = plain.owner;
        out.push(s);
      }
    }
    return out;
  }
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `Tags: [{Key, Value}]` (most types) or `Tags: {k: v}` (a few). */
function tagsOf(props: ValueObject | Unknown): Tags {
  const t = at(props, 'Tags');
  if (t instanceof Unknown) return t;
  const out: Record<string, string | Unknown> = {};
  if (Array.isArray(t)) {
    for (const item of t) {
      if (item instanceof Unknown) return new Unknown(`a tag is unknown: ${item.reason}`);
      if (!isObject(item)) continue;
      const k = item.Key;
      if (k instanceof Unknown) return new Unknown(`a tag key is unknown: ${k.reason}`);
      if (typeof k !== 'string') continue;
      const v = tagValue(item.Value);
      if (v !== undefined) out[k] = v;
    }
  } else if (isObject(t)) {
    for (const [k, value] of Object.entries(t)) {
      const v = tagValue(value);
      if (v !== undefined) out[k] = v;
    }
  }
  return out;
}
