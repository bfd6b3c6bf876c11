/**
 * Evaluated Terraform resource instances → normalized graph resources and
 * edges.
 *
 * One linear pass indexes what later lookups need (instances by id and by
 * block, clusters by identifier, services by cluster and name, …), a second
 * builds every supported resource, and a third attaches what other resources
 * declare about them (aws_route, route table associations, capacity
 * providers, proxy targets). References become edges when they resolve to a
 * resource in the graph, else `unresolved` entries so rules answer unknown.
 */
import type {
  AnyResource,
  CapacityProviderItem,
  Edge,
  InputError,
  PlacementStrategy,
  ResourceKind,
  Route,
  SourceLocation,
} from '../../graph/types.js';
import { SymbolicAz, SymbolicAzList } from '../../graph/az.js';
import { maskSecrets, Unknown, type Maybe } from '../../graph/values.js';
import { coercions, firstSet, isObject, lastSegment, TERRAFORM_RULES } from '../common/coerce.js';
import { ecsClusterName, Linker, NodeBuilder, resourceName, resourceOf, routeTargetAttribute, scalesAuroraReaders, scalesEcs, tagValue, type LiteralMatch, type RouteTypes, type Tags } from '../common/normalize.js';
import { instanceKeySuffix } from './evaluate.js';
import { buildLoadBalancer, buildTargetGroup, contributeLb, LB_CONTRIBUTORS, serviceTargetGroups, TARGET_GROUP_TYPES, targetGroupName, type LbLinks } from './kinds/lb.js';
import { reachEdges } from './kinds/security-groups.js';
import { buildTaskDefinition, taskDefinitionAttributes } from './kinds/ecs-task-definition.js';
import { databaseHosts, tableOfReplica, type DataLinkHost } from './kinds/data-links.js';
import { lambdaEnvironment } from './kinds/lambda-environment.js';
import * as compute from './kinds/compute.js';
import type { ComputeLink } from '../common/compute.js';
import { addLegacyGlobalTable, addTableReplica, buildDynamoTable } from './kinds/dynamodb.js';
import { clusterCapacity, scalingPolicy, type ScalingLinks } from './kinds/ecs-scaling.js';
import * as cache from './kinds/cache.js';
import { BACKUP_CONTRIBUTORS, buildBackupPlan, contributeBackup, type BackupLinks } from './kinds/backup.js';
import * as search from './kinds/search.js';
import { buildHealthCheck, buildRecord, HEALTH_CHECK_TYPES, type DnsLinks } from './kinds/dns.js';
import type { NormalizeInput } from './input.js';
import { buildFileSystem, contributeEfs, EFS_CONTRIBUTORS, workloadMounts, type EfsLinks } from './kinds/efs.js';
import { buildDocDb, DOCDB_KINDS, DOCDB_NAME_ATTRIBUTES, type DocDbLink } from './kinds/docdb.js';
import { plain } from './expr/convert.js';
import { buildVpnConnection } from './kinds/vpn.js';
import { RESOURCE_ADDRESS, ResourceRef, type Value, type ValueObject } from './expr/values.js';

export interface NormalizeResult {
  resources: AnyResource[];
  edges: Edge[];
  /** Resource types that are not part of the graph yet, with how many instances were skipped. */
  ignored: Record<string, number>;
  /** Malformed `resilint:ignore` comments. */
  errors: InputError[];
}

const KIND_BY_TYPE: Record<string, ResourceKind> = {
  aws_db_instance: 'db.instance',
  aws_rds_cluster_instance: 'db.instance',
  aws_rds_cluster: 'db.cluster',
  aws_rds_global_cluster: 'db.global-cluster',
  aws_db_subnet_group: 'db.subnet-group',
  aws_db_proxy: 'db.proxy',
  aws_dynamodb_table: 'db.table',
  aws_elasticache_replication_group: 'cache.replication-group',
  aws_memorydb_cluster: 'cache.replication-group',
  aws_elasticache_serverless_cache: 'cache.replication-group',
  aws_elasticache_cluster: 'cache.cluster',
  aws_ecs_cluster: 'ecs.cluster',
  aws_ecs_service: 'ecs.service',
  aws_ecs_task_definition: 'ecs.task-definition',
  aws_appautoscaling_target: 'autoscaling.target',
  aws_appautoscaling_policy: 'autoscaling.policy',
  aws_vpc: 'network.vpc',
  aws_subnet: 'network.subnet',
  aws_nat_gateway: 'network.nat-gateway',
  aws_ec2_transit_gateway_vpc_attachment: 'network.tgw-attachment',
  aws_vpn_connection: 'network.vpn-connection',
  aws_route_table: 'network.route-table',
  aws_default_route_table: 'network.route-table',
  aws_lb: 'lb.load-balancer',
  aws_alb: 'lb.load-balancer',
  aws_lb_target_group: 'lb.target-group',
  aws_alb_target_group: 'lb.target-group',
  aws_instance: 'compute.instance',
  aws_autoscaling_group: 'compute.autoscaling-group',
  aws_lambda_function: 'function',
  aws_backup_plan: 'backup.plan',
  aws_opensearch_domain: 'search.domain',
  aws_elasticsearch_domain: 'search.domain',
  aws_msk_cluster: 'stream.cluster',
  aws_msk_serverless_cluster: 'stream.cluster',
  aws_route53_record: 'dns.record',
  aws_route53_health_check: 'dns.health-check',
  aws_efs_file_system: 'storage.file-system',
  ...DOCDB_KINDS,
};

/** Types that only contribute to other resources (not graph nodes themselves). */
const CONTRIBUTORS = new Set([
  'aws_route',
  'aws_route_table_association',
  'aws_main_route_table_association',
  'aws_ecs_cluster_capacity_providers',
  'aws_ecs_capacity_provider',
  'aws_db_proxy_target',
  ...LB_CONTRIBUTORS,
  'aws_autoscaling_attachment',
  'aws_autoscaling_traffic_source_attachment',
  'aws_dynamodb_table_replica',
  'aws_dynamodb_global_table',
  ...cache.CACHE_SUBNET_GROUP_TYPES,
  ...BACKUP_CONTRIBUTORS,
  // Read through the cluster that names it (kinds/search.ts).
  'aws_msk_configuration',
  ...EFS_CONTRIBUTORS,
  // Followed from a Lambda function's file_system_config to its file system (kinds/efs.ts).
  'aws_efs_access_point',
]);

/** Which attribute names the resource's short name. */
const NAME_ATTRIBUTE: Record<string, string> = {
  aws_db_instance: 'identifier',
  aws_rds_cluster_instance: 'identifier',
  aws_rds_cluster: 'cluster_identifier',
  aws_rds_global_cluster: 'global_cluster_identifier',
  aws_ecs_task_definition: 'family',
  aws_lambda_function: 'function_name',
  aws_opensearch_domain: 'domain_name',
  aws_elasticsearch_domain: 'domain_name',
  aws_msk_cluster: 'cluster_name',
  aws_msk_serverless_cluster: 'cluster_name',
  aws_elasticache_replication_group: 'replication_group_id',
  aws_elasticache_cluster: 'cluster_id',
  ...DOCDB_NAME_ATTRIBUTES,
};

// ------------------------------------------------------------------ conversions

const { toStr, toNum, toBool, toStrList, objectList: blockList } = coercions(TERRAFORM_RULES);

/** Attributes that hold AZs: the only ones where an AZ identity (a symbolic AZ) is kept. */
const AZ_ATTRIBUTES = new Set(['availability_zone', 'availability_zones', 'availability_zone_id', 'availability_zone_name']);

/**
 * The instance's value with symbolic AZs kept only in AZ attributes.
 * Elsewhere (a subnet id taken from a variable without value, a tag) an
 * element of a symbolic list is just unknown, with the reason that reads
 * right there ("variable subnet_ids has no value").
 */
function azOnlyWhereAzs(value: ValueObject): ValueObject {
  const out: ValueObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = AZ_ATTRIBUTES.has(k) ? v : withoutAzs(v);
  if (value[RESOURCE_ADDRESS] !== undefined) out[RESOURCE_ADDRESS] = value[RESOURCE_ADDRESS];
  return out;
}

function withoutAzs(v: Value, depth = 0): Value {
  if (v instanceof SymbolicAz || v instanceof SymbolicAzList) return plain(v);
  if (depth > 32 || v === null || typeof v !== 'object' || v instanceof Unknown) return v;
  if (Array.isArray(v)) return v.map((x) => withoutAzs(x, depth + 1));
  const out: ValueObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = withoutAzs(x, depth + 1);
  if (v[RESOURCE_ADDRESS] !== undefined) out[RESOURCE_ADDRESS] = v[RESOURCE_ADDRESS];
  return out;
}

/**
 * A list of AZs: names and symbolic AZs kept as they are (the rules compare
 * them through src/analysis/az.ts), any other Unknown makes the list
 * Unknown, as toStrList does.
 */
export function toAzList(v: Value | undefined): Maybe<string[]> {
  if (!Array.isArray(v)) return toStrList(v);
  const out: (string | SymbolicAz)[] = [];
  for (const item of v) {
    if (item instanceof SymbolicAz || typeof item === 'string') out.push(item);
    else if (item instanceof Unknown) return plain(item);
    else if (item !== null) {
      const str = toStr(item);
      if (str instanceof Unknown) return str;
      if (str !== undefined) out.push(str);
    }
  }
  // The graph types list props as string[]; a symbolic element is an Unknown inside, which rules find with findUnknown.
  return out as string[];
}

/** First nested block (Terraform's single-item blocks are lists), Unknown, or undefined. */
function firstBlock(v: Value | undefined): ValueObject | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) {
    const first = v[0];
    return isObject(first) ? first : first instanceof Unknown ? first : undefined;
  }
  return isObject(v) ? v : undefined;
}

/**
 * An Optional+Computed argument: omitted or null (Terraform treats null as
 * omitted) means the provider / AWS picks the value at apply, which no
 * offline scan can know. Arguments whose omission means a documented AWS
 * default (multi_az, backup_retention_period, …) stay absent instead.
 */
function providerChosen<T>(v: T | Unknown | undefined, attribute: string): T | Unknown {
  return v === undefined ? new Unknown(`${attribute} is not set: chosen by the provider at apply`) : v;
}

/**
 * The AWS provider reads an optional string argument set to "" as not set
 * (SDK v2 GetOk): older terraform-aws-modules versions pass "" as the
 * default of replicate_source_db, availability_zone, global_cluster_identifier
 * and db_subnet_group_name, which must not read as a value.
 */
function emptyIsUnset(v: Value | undefined): Value | undefined {
  return v === '' ? undefined : v;
}

// ------------------------------------------------------------------ builder

class Builder extends NodeBuilder {
  constructor(
    readonly ri: NormalizeInput,
    kind: ResourceKind,
  ) {
    super(ri.id, ri.type, kind);
  }

  get v(): ValueObject {
    return this.ri.value;
  }

  loc(attribute?: string): SourceLocation {
    return this.ri.locate(attribute);
  }
}

// ------------------------------------------------------------------ normalizer

/** `defaultTags` gives the provider's default tags of an input (merged under its own tags). */
export function normalize<I extends NormalizeInput>(instances: readonly I[], defaultTags: (input: I) => Value | undefined): NormalizeResult {
  const inputs = instances.map((i) => ({ ...i, value: azOnlyWhereAzs(i.value) }));
  // The normalizer passes defaultTags only inputs of `instances` (copies keep every field but the value).
  return new Normalizer(inputs, defaultTags as (input: NormalizeInput) => Value | undefined).run();
}

class Normalizer extends Linker<Builder> {
  private readonly byId = new Map<string, NormalizeInput>();
  private readonly byBlock = new Map<string, NormalizeInput[]>();
  /** `${prefix}\0${type}\0${literal}` → instance id, for matching literal identifiers and names. */
  private readonly byLiteral = new Map<string, string>();
  /** Known host names of databases (plans of existing databases) → instance id. */
  private readonly dbByHost = new Map<string, string>();
  /** `${prefix}\0${name}` → the aws_dynamodb_table instances of that name (a legacy global table has one per Region). */
  private readonly tablesByName = new Map<string, NormalizeInput[]>();
  private readonly ignored: Record<string, number> = {};
  private readonly errors: InputError[] = [];

  constructor(
    private readonly instances: readonly NormalizeInput[],
    private readonly defaultTags: (input: NormalizeInput) => Value | undefined,
  ) {
    super('configuration', toStr);
  }

  /** The link operations the per-family builders (kinds/) use. */
  private readonly link: ComputeLink<Builder> = {
    refs: (b, value, attribute, kind, types) => this.refs(b, value, attribute, kind, types),
    target: (b, ref) => this.refTarget(b, ref),
    isNode: (id) => this.builders.has(id),
    edge: (from, to, kind, at, attribute) => this.edge(from, to, kind, at, attribute),
    scanned: 'configuration',
  };

  run(): NormalizeResult {
    for (const ri of this.instances) this.index(ri);
    for (const ri of this.instances) if (ri.type === 'aws_ecs_service') this.indexService(ri);
    for (const ri of this.instances) {
      const kind = KIND_BY_TYPE[ri.type];
      if (kind) this.builders.set(ri.id, new Builder(ri, kind));
      else if (!CONTRIBUTORS.has(ri.type)) this.ignored[ri.type] = (this.ignored[ri.type] ?? 0) + 1;
    }
    for (const b of this.builders.values()) this.guard(b.ri, () => this.build(b));
    for (const ri of this.instances) if (CONTRIBUTORS.has(ri.type)) this.guard(ri, () => this.contribute(ri));
    // After aws_ecs_cluster_capacity_providers has said which providers a cluster uses.
    for (const b of this.builders.values()) if (b.ri.type === 'aws_ecs_cluster') this.guard(b.ri, () => clusterCapacity(b, this.capacityDeclaredIn.get(b.id) ?? b.ri, this.scalingLinks));
    this.edges.push(...reachEdges(this.instances, (id) => this.byId.get(id), (id) => this.builders.has(id)));
    const resources: AnyResource[] = [];
    for (const b of this.builders.values()) this.guard(b.ri, () => resources.push(this.finish(b)));
    return { resources, edges: this.edges, ignored: this.ignored, errors: this.errors };
  }

  /** A defect in one resource's normalization costs that resource only, reported as an input error. */
  private guard(ri: NormalizeInput, f: () => void): void {
    try {
      f();
    } catch (e) {
      this.errors.push({ ...ri.locate(), kind: 'internal', message: `cannot normalize ${ri.address}: ${(e as Error)?.message ?? String(e)}` });
    }
  }

  private index(ri: NormalizeInput): void {
    this.byId.set(ri.id, ri);
    const bk = ri.prefix + ri.blockAddress;
    const list = this.byBlock.get(bk);
    if (list) list.push(ri);
    else this.byBlock.set(bk, [ri]);
    const lit = (attr: string): void => {
      const s = ri.value[attr];
      if (typeof s === 'string') {
        const key = `${ri.prefix}\0${ri.type}\0${s}`;
        if (!this.byLiteral.has(key)) this.byLiteral.set(key, ri.id);
      }
    };
    for (const h of databaseHosts(ri)) if (!this.dbByHost.has(`${ri.prefix}\0${h}`)) this.dbByHost.set(`${ri.prefix}\0${h}`, ri.id);
    if (ri.type === 'aws_dynamodb_table' && typeof ri.value.name === 'string') {
      const key = `${ri.prefix}\0${ri.value.name}`;
      const tables = this.tablesByName.get(key);
      if (tables) tables.push(ri);
      else this.tablesByName.set(key, [ri]);
    }
    switch (ri.type) {
      case 'aws_ecs_task_definition':
        lit('family');
        break;
      case 'aws_db_instance':
      case 'aws_rds_cluster_instance':
        lit('identifier');
        break;
      case 'aws_rds_cluster':
        lit('cluster_identifier');
        break;
      case 'aws_rds_global_cluster':
        lit('global_cluster_identifier');
        break;
      case 'aws_db_subnet_group':
      case 'aws_ecs_cluster':
      case 'aws_db_proxy':
      case 'aws_lb_target_group':
      case 'aws_alb_target_group':
      case 'aws_autoscaling_group':
      case 'aws_ecs_capacity_provider':
        lit('name');
        break;
      case 'aws_appautoscaling_target':
        lit('resource_id');
        break;
      case 'aws_elasticache_subnet_group':
      case 'aws_memorydb_subnet_group':
        lit('name');
        break;
      case 'aws_elasticache_replication_group':
        lit('replication_group_id');
        break;
      default:
        if (DOCDB_NAME_ATTRIBUTES[ri.type]) lit(DOCDB_NAME_ATTRIBUTES[ri.type]);
    }
  }

  /** Services by cluster name and service name (after every cluster is indexed). */
  private indexService(ri: NormalizeInput): void {
    const name = ri.value.name;
    const cluster = this.clusterName(ri);
    if (typeof name === 'string' && cluster !== undefined) {
      const key = `${ri.prefix}\0service\0${cluster}\0${name}`;
      if (!this.byLiteral.has(key)) this.byLiteral.set(key, ri.id);
    }
  }

  private literal(prefix: string, type: string, s: string): string | undefined {
    return this.byLiteral.get(`${prefix}\0${type}\0${s}`);
  }

  /** Literal identifiers / names of `type` resources in `b`'s root (with `byLastSegment`, also written as ARNs or paths). */
  private literalOf(b: Builder, type: string, byLastSegment = false): LiteralMatch {
    return (s) => this.literal(b.ri.prefix, type, byLastSegment ? lastSegment(s) : s);
  }

  protected refTarget(from: Builder, ref: ResourceRef): NormalizeInput | undefined {
    return this.byId.get(from.ri.prefix + ref.address);
  }

  /** Name of the ECS cluster a service runs in, when it can be told. */
  private clusterName(ri: NormalizeInput): string | undefined {
    return ecsClusterName(ri.value.cluster, (ref) => {
      const target = this.byId.get(ri.prefix + ref.address);
      return target?.type === 'aws_ecs_cluster' ? target.value.name : undefined;
    });
  }

  private build(b: Builder): void {
    const v = b.v;
    switch (b.ri.type) {
      case 'aws_db_instance':
        b.prop('identifier', providerChosen(toStr(v.identifier), 'identifier'), 'identifier');
        b.prop('engine', toStr(v.engine), 'engine');
        b.prop('instanceClass', toStr(v.instance_class), 'instance_class');
        b.prop('multiAz', toBool(v.multi_az), 'multi_az');
        b.prop('availabilityZone', providerChosen(toStr(emptyIsUnset(v.availability_zone)), 'availability_zone'), 'availability_zone');
        b.prop('backupRetentionDays', toNum(v.backup_retention_period), 'backup_retention_period');
        b.prop('deletionProtection', toBool(v.deletion_protection), 'deletion_protection');
        b.prop('clusterIdentifier', undefined);
        b.prop('replicateSourceDb', this.refProp(b, emptyIsUnset(v.replicate_source_db), 'replicate_source_db', 'replica-of', ['aws_db_instance'], this.literalOf(b, 'aws_db_instance')), 'replicate_source_db');
        this.subnetGroupEdges(b);
        break;
      case 'aws_rds_cluster_instance':
        b.prop('identifier', providerChosen(toStr(v.identifier), 'identifier'), 'identifier');
        b.prop('engine', toStr(v.engine), 'engine');
        b.prop('instanceClass', toStr(v.instance_class), 'instance_class');
        b.prop('multiAz', undefined);
        b.prop('availabilityZone', toStr(emptyIsUnset(v.availability_zone)), 'availability_zone');
        b.prop('backupRetentionDays', undefined);
        b.prop('deletionProtection', undefined);
        // Always a member (cluster_identifier is required): not set, the cluster is unknown, never absent.
        b.prop(
          'clusterIdentifier',
          this.refProp(b, v.cluster_identifier, 'cluster_identifier', 'member-of', ['aws_rds_cluster'], this.literalOf(b, 'aws_rds_cluster')) ??
            new Unknown('cluster_identifier is not set'),
          'cluster_identifier',
        );
        b.prop('replicateSourceDb', undefined);
        b.prop('promotionTier', toNum(v.promotion_tier), 'promotion_tier');
        break;
      case 'aws_rds_cluster': {
        b.prop('identifier', providerChosen(toStr(v.cluster_identifier), 'cluster_identifier'), 'cluster_identifier');
        b.prop('engine', toStr(v.engine), 'engine');
        b.prop('engineMode', toStr(v.engine_mode), 'engine_mode');
        b.prop('availabilityZones', toAzList(v.availability_zones), 'availability_zones');
        b.prop('backupRetentionDays', toNum(v.backup_retention_period), 'backup_retention_period');
        b.prop('deletionProtection', toBool(v.deletion_protection), 'deletion_protection');
        b.prop(
          'globalClusterIdentifier',
          this.refProp(b, emptyIsUnset(v.global_cluster_identifier), 'global_cluster_identifier', 'member-of', ['aws_rds_global_cluster'], this.literalOf(b, 'aws_rds_global_cluster')),
          'global_cluster_identifier',
        );
        const sv2 = firstBlock(v.serverlessv2_scaling_configuration);
        b.prop(
          'serverlessV2',
          sv2 === undefined ? undefined : sv2 instanceof Unknown ? sv2 : { minCapacity: toNum(sv2.min_capacity), maxCapacity: toNum(sv2.max_capacity) },
          'serverlessv2_scaling_configuration',
        );
        b.prop('dbClusterInstanceClass', toStr(v.db_cluster_instance_class), 'db_cluster_instance_class');
        this.subnetGroupEdges(b);
        break;
      }
      case 'aws_rds_global_cluster': {
        b.prop('identifier', toStr(v.global_cluster_identifier), 'global_cluster_identifier');
        b.prop('engine', toStr(v.engine), 'engine');
        b.prop('deletionProtection', toBool(v.deletion_protection), 'deletion_protection');
        // A global cluster created from an existing cluster names it here.
        const src = v.source_db_cluster_identifier;
        if (src instanceof ResourceRef) {
          const target = this.refTarget(b, src);
          if (target?.type === 'aws_rds_cluster') this.edge(target.id, b.id, 'member-of', b, 'source_db_cluster_identifier');
        }
        break;
      }
      case 'aws_db_subnet_group':
        b.prop('name', toStr(v.name), 'name');
        this.refs(b, v.subnet_ids, 'subnet_ids', 'in-subnet', ['aws_subnet']);
        break;
      case 'aws_db_proxy':
        b.prop('name', toStr(v.name), 'name');
        b.prop('engineFamily', toStr(v.engine_family), 'engine_family');
        this.refs(b, v.vpc_subnet_ids, 'vpc_subnet_ids', 'in-subnet', ['aws_subnet']);
        break;
      case 'aws_ecs_cluster':
        b.prop('name', toStr(v.name), 'name');
        b.prop('capacityProviders', toStrList(v.capacity_providers), 'capacity_providers');
        // Inline until AWS provider v5; aws_ecs_cluster_capacity_providers replaces it (contribute below).
        if (v.default_capacity_provider_strategy !== undefined) b.prop('defaultCapacityProviderStrategy', strategyOf(v.default_capacity_provider_strategy), 'default_capacity_provider_strategy');
        break;
      case 'aws_ecs_service':
        this.ecsService(b);
        break;
      case 'aws_ecs_task_definition':
        buildTaskDefinition(b, b.ri, this.dataLinks(b));
        break;
      case 'aws_appautoscaling_target':
        this.scalingTarget(b);
        break;
      case 'aws_appautoscaling_policy':
        scalingPolicy(b, this.scalingLinks);
        break;
      case 'aws_vpc':
        // Without cidr_block the VPC takes one from an IPAM pool at apply.
        b.prop('cidr', providerChosen(toStr(v.cidr_block), 'cidr_block'), 'cidr_block');
        break;
      case 'aws_subnet': {
        let az = toStr(emptyIsUnset(v.availability_zone));
        let azAttr = 'availability_zone';
        if (az === undefined && v.availability_zone_id !== undefined && v.availability_zone_id !== null) {
          az = toStr(v.availability_zone_id);
          azAttr = 'availability_zone_id';
        }
        if (az === undefined) az = new Unknown('availability_zone is not set: chosen by the provider at apply (AWS picks the zone)');
        b.prop('availabilityZone', az, azAttr);
        b.prop('cidr', toStr(v.cidr_block), 'cidr_block');
        b.prop('mapPublicIpOnLaunch', toBool(v.map_public_ip_on_launch), 'map_public_ip_on_launch');
        if (v.vpc_id !== undefined) this.refs(b, v.vpc_id, 'vpc_id', 'in-vpc', ['aws_vpc']);
        break;
      }
      case 'aws_dynamodb_table':
        buildDynamoTable(b, v, b.ri.address);
        break;
      case 'aws_nat_gateway':
        b.prop('connectivityType', toStr(v.connectivity_type), 'connectivity_type');
        this.refs(b, v.subnet_id, 'subnet_id', 'in-subnet', ['aws_subnet']);
        break;
      case 'aws_ec2_transit_gateway_vpc_attachment':
        b.prop('transitGatewayId', toStr(v.transit_gateway_id), 'transit_gateway_id');
        this.refs(b, v.subnet_ids, 'subnet_ids', 'in-subnet', ['aws_subnet']);
        if (v.vpc_id !== undefined) this.refs(b, v.vpc_id, 'vpc_id', 'in-vpc', ['aws_vpc']);
        break;
      case 'aws_route_table':
      case 'aws_default_route_table':
        this.routeTable(b);
        break;
      case 'aws_lb':
      case 'aws_alb':
        buildLoadBalancer(b, this.lbLinks);
        break;
      case 'aws_lb_target_group':
      case 'aws_alb_target_group':
        buildTargetGroup(b);
        break;
      case 'aws_instance':
        compute.instance(b, this.link);
        break;
      case 'aws_autoscaling_group':
        compute.autoscalingGroup(b, this.link, toAzList);
        break;
      case 'aws_lambda_function':
        compute.lambdaFunction(b, this.link);
        lambdaEnvironment(b, b.ri, this.dataLinks(b));
        break;
      case 'aws_backup_plan':
        buildBackupPlan(b, this.backupLinks);
        break;
      case 'aws_opensearch_domain':
      case 'aws_elasticsearch_domain':
        search.searchDomain(b, this.link);
        break;
      case 'aws_msk_cluster':
        search.mskCluster(b, { ...this.link, input: (from, ref) => this.refTarget(from, ref) });
        break;
      case 'aws_msk_serverless_cluster':
        search.mskServerlessCluster(b, this.link);
        break;
      case 'aws_elasticache_replication_group':
        cache.replicationGroup(b, this.cacheLink, toAzList);
        break;
      case 'aws_memorydb_cluster':
        cache.memoryDbCluster(b, this.cacheLink);
        break;
      case 'aws_elasticache_serverless_cache':
        cache.serverlessCache(b, this.cacheLink);
        break;
      case 'aws_elasticache_cluster':
        cache.cacheCluster(b, this.cacheLink, toAzList);
        break;
      case 'aws_route53_record':
        buildRecord(b, this.dnsLinks);
        break;
      case 'aws_route53_health_check':
        buildHealthCheck(b);
        break;
      case 'aws_efs_file_system':
        buildFileSystem(b);
        break;
      case 'aws_vpn_connection':
        buildVpnConnection(b);
        break;
      default:
        if (DOCDB_KINDS[b.ri.type]) buildDocDb(b, b.ri.type, this.docDbLink);
    }
    if (b.ri.type === 'aws_ecs_task_definition' || b.ri.type === 'aws_lambda_function') workloadMounts(b, this.efsLinks);
  }

  /** What src/sources/terraform/kinds/cache.ts needs of the normalizer. */
  private readonly cacheLink: cache.CacheLink<Builder> = {
    subnetGroup: (b, value, attribute, groupType) => {
      const id = this.dbSubnetGroupOf(b, value as Value, attribute, groupType, 'cache subnet group', this.literalOf(b, groupType));
      const group = id ? this.byId.get(id) : undefined;
      if (group) this.refs(b, group.value.subnet_ids, attribute, 'in-subnet', ['aws_subnet'], undefined, { via: group.id });
    },
    refs: (b, value, attribute, kind, types) => this.refs(b, value, attribute, kind, types),
    memberOf: (b, value, attribute) => this.refProp(b, value, attribute, 'member-of', ['aws_elasticache_replication_group'], this.literalOf(b, 'aws_elasticache_replication_group')),
  };

  /** What src/sources/terraform/kinds/docdb.ts needs of the normalizer. */
  private readonly docDbLink: DocDbLink<Builder> = {
    ref: (b, value, attribute, kind, type) => this.refProp(b, value, attribute, kind, [type], this.literalOf(b, type)),
    subnetGroup: (b, value, attribute, groupType) => {
      const id = this.dbSubnetGroupOf(b, value as Value, attribute, groupType, 'DocumentDB subnet group', this.literalOf(b, groupType));
      const group = id ? this.byId.get(id) : undefined;
      if (group) this.refs(b, group.value.subnet_ids, attribute, 'in-subnet', ['aws_subnet'], undefined, { via: group.id });
    },
    subnets: (b, value, attribute) => void this.refs(b, value, attribute, 'in-subnet', ['aws_subnet']),
    sourceMember: (b, value, attribute, type) => {
      if (!(value instanceof ResourceRef)) return;
      const target = this.refTarget(b, value);
      if (target?.type === type) this.edge(target.id, b.id, 'member-of', b, attribute);
    },
    azList: toAzList,
  };

  /** What src/sources/terraform/kinds/dns.ts needs of the normalizer. */
  private readonly dnsLinks: DnsLinks<Builder> = {
    healthCheck: (b, value) => this.refProp(b, value, 'health_check_id', 'health-checked-by', HEALTH_CHECK_TYPES),
    resourceKey: (b, ref) => this.refTarget(b, ref)?.id ?? `${b.ri.prefix}${ref.address}`,
  };

  /** What src/sources/terraform/kinds/efs.ts needs of the normalizer. */
  private readonly efsLinks: EfsLinks<Builder> = {
    refs: (b, value, attribute, kind, types) => this.refs(b, value, attribute, kind, types),
    input: (from, ref) => this.refTarget(from, ref),
    node: (from, value, types) => this.nodeOf(from, value, types),
    edge: (from, to, kind, at, attribute, data) => this.edge(from, to, kind, at, attribute, data),
    self: (ri) => new Builder(ri, 'storage.file-system'),
  };

  /** What src/sources/terraform/kinds/backup.ts needs of the normalizer. */
  private readonly backupLinks: BackupLinks<Builder> = {
    input: (from, ref) => this.refTarget(from, ref),
    plan: (from, value) => this.nodeOf(from, value, ['aws_backup_plan']),
  };

  /** What src/sources/terraform/kinds/lb.ts needs of the normalizer. */
  private readonly lbLinks: LbLinks<Builder> = {
    refs: (b, value, attribute, kind, types, literal, data) => this.refs(b, value, attribute, kind, types, literal, data),
    edge: (from, to, kind, at, attribute, data) => this.edge(from, to, kind, at, attribute, data),
    node: (from, value, types) => this.nodeOf(from, value, types, types === TARGET_GROUP_TYPES ? this.lbLinks.targetGroupLiteral(from) : undefined),
    input: (from, value, types) => {
      const target = value instanceof ResourceRef ? this.refTarget(from, value) : undefined;
      return target && types.includes(target.type) ? target : undefined;
    },
    builder: (ri) => this.builders.get(ri.id) ?? new Builder(ri, KIND_BY_TYPE[ri.type] ?? 'network.route-table'),
    targetGroupLiteral: (from) => (s) => {
      const name = targetGroupName(s);
      return this.literal(from.ri.prefix, 'aws_lb_target_group', name) ?? this.literal(from.ri.prefix, 'aws_alb_target_group', name);
    },
  };

  /** The aws_ecs_cluster_capacity_providers that lists a cluster's capacity providers, by cluster id. */
  private readonly capacityDeclaredIn = new Map<string, NormalizeInput>();

  /** What src/sources/terraform/kinds/ecs-scaling.ts needs of the normalizer. */
  private readonly scalingLinks: ScalingLinks<Builder> = {
    mentioned: (ri, attribute, type) => this.staticTargets(ri, attribute, type),
    literal: (from, type, s) => this.literal(from.ri.prefix, type, s),
    scalesService: (b, rid, attribute) => this.scalesService(b, rid, attribute, 'aws_ecs_service', (cluster, name) => this.byLiteral.get(`${b.ri.prefix}\0service\0${cluster}\0${name}`)),
    input: (id) => this.byId.get(id),
    ref: (from, ref) => this.byId.get(from.prefix + ref.address),
    isNode: (id) => this.builders.has(id),
    edge: (from, to, kind, at, attribute, data) => this.edge(from, to, kind, at, attribute, data),
    at: (ri) => new Builder(ri, 'ecs.cluster'),
  };

  /** db_subnet_group_name → the group's subnets, as in-subnet edges of the database. */
  private subnetGroupEdges(b: Builder): void {
    const g = emptyIsUnset(b.v.db_subnet_group_name);
    if (g === undefined || g === null) return;
    const id = this.dbSubnetGroupOf(b, g, 'db_subnet_group_name', 'aws_db_subnet_group', 'db subnet group', this.literalOf(b, 'aws_db_subnet_group'));
    const group = id ? this.byId.get(id) : undefined;
    if (!group) return;
    this.refs(b, group.value.subnet_ids, 'db_subnet_group_name', 'in-subnet', ['aws_subnet'], undefined, { via: group.id });
  }

  private ecsService(b: Builder): void {
    const v = b.v;
    b.prop('name', toStr(v.name), 'name');
    b.prop('launchType', toStr(v.launch_type), 'launch_type');
    b.prop('capacityProviderStrategy', strategyOf(v.capacity_provider_strategy), 'capacity_provider_strategy');
    b.prop('desiredCount', toNum(v.desired_count), 'desired_count');
    b.prop('schedulingStrategy', toStr(v.scheduling_strategy), 'scheduling_strategy');
    const ops = blockList(v.ordered_placement_strategy);
    b.prop(
      'placementStrategies',
      ops instanceof Unknown || ops === undefined ? ops : ops.map((p): PlacementStrategy => ({ type: toStr(p.type), field: toStr(p.field) })),
      'ordered_placement_strategy',
    );
    const cb = firstBlock(v.deployment_circuit_breaker);
    b.prop(
      'circuitBreaker',
      cb === undefined || cb instanceof Unknown ? cb : { enable: toBool(cb.enable), rollback: toBool(cb.rollback) },
      'deployment_circuit_breaker',
    );
    b.prop('healthCheckGracePeriodSeconds', toNum(v.health_check_grace_period_seconds), 'health_check_grace_period_seconds');
    const dc = firstBlock(v.deployment_controller);
    if (dc !== undefined) b.prop('deploymentController', dc instanceof Unknown ? dc : toStr(dc.type), 'deployment_controller');
    const lbs = blockList(v.load_balancer);
    b.prop('loadBalancerCount', lbs instanceof Unknown ? lbs : (lbs?.length ?? 0), 'load_balancer');
    serviceTargetGroups(b, this.lbLinks);

    const nc = firstBlock(v.network_configuration);
    if (nc instanceof Unknown) b.unresolve('in-subnet', 'network_configuration.subnets', nc.reason);
    else if (nc) this.refs(b, nc.subnets, 'network_configuration.subnets', 'in-subnet', ['aws_subnet']);

    if (v.cluster !== undefined && v.cluster !== null) {
      this.refs(b, v.cluster, 'cluster', 'in-cluster', ['aws_ecs_cluster'], this.literalOf(b, 'aws_ecs_cluster', true));
    }
    this.taskDefinitionOf(b);
  }

  /** task_definition: a reference, a family[:revision] or ARN, or an expression mentioning one task definition (`"${family}:${revision}"`). */
  private taskDefinitionOf(b: Builder): void {
    const td = b.v.task_definition;
    if (td === undefined || td === null) return;
    const family: LiteralMatch = (s) => this.literal(b.ri.prefix, 'aws_ecs_task_definition', lastSegment(s).replace(/:\d+$/, ''));
    if (td instanceof Unknown && !(td instanceof ResourceRef)) {
      const ids = this.staticTargets(b.ri, 'task_definition', 'aws_ecs_task_definition');
      if (ids.length === 1) {
        this.edge(b.id, ids[0], 'uses-task-definition', b, 'task_definition');
        return;
      }
    }
    this.refs(b, td, 'task_definition', 'uses-task-definition', ['aws_ecs_task_definition'], family);
  }

  private scalingTarget(b: Builder): void {
    const v = b.v;
    const ns = toStr(v.service_namespace);
    b.prop('serviceNamespace', ns, 'service_namespace');
    b.prop('scalableDimension', toStr(v.scalable_dimension), 'scalable_dimension');
    const rid = toStr(v.resource_id);
    b.prop('resourceId', rid, 'resource_id');
    b.prop('minCapacity', toNum(v.min_capacity), 'min_capacity');
    b.prop('maxCapacity', toNum(v.max_capacity), 'max_capacity');
    if (scalesAuroraReaders(ns, v.scalable_dimension)) {
      this.scalesAuroraCluster(b, rid);
      return;
    }
    if (!scalesEcs(ns, v.scalable_dimension)) {
      if (ns instanceof Unknown) b.unresolve('scales', 'service_namespace', ns.reason);
      return;
    }
    if (typeof rid === 'string') {
      this.scalesService(b, rid, 'resource_id', 'aws_ecs_service', (cluster, name) => this.byLiteral.get(`${b.ri.prefix}\0service\0${cluster}\0${name}`));
      return;
    }
    // Unknown resource_id (e.g. built from cluster ids): use the service it mentions.
    const ids = this.staticTargets(b.ri, 'resource_id', 'aws_ecs_service');
    if (ids.length === 1) this.edge(b.id, ids[0], 'scales', b, 'resource_id');
    else b.unresolve('scales', 'resource_id', rid instanceof Unknown ? rid.reason : 'resource_id is not set');
  }

  /** `resource_id = "cluster:${aws_rds_cluster.x.cluster_identifier}"` (or `.id`) → a scales edge to that cluster. */
  private scalesAuroraCluster(b: Builder, rid: string | Unknown | undefined): void {
    if (typeof rid === 'string') {
      this.scalesCluster(b, rid, 'resource_id', 'aws_rds_cluster', this.literalOf(b, 'aws_rds_cluster'));
      return;
    }
    // Unknown resource_id (the cluster's id is known only after apply): use the cluster it mentions.
    const ids = this.staticTargets(b.ri, 'resource_id', 'aws_rds_cluster');
    if (ids.length === 1) this.edge(b.id, ids[0], 'scales', b, 'resource_id');
    else b.unresolve('scales', 'resource_id', ids.length > 1 ? 'resource_id mentions several clusters' : rid instanceof Unknown ? rid.reason : 'resource_id is not set');
  }

  /** How a workload's connection values find the scanned databases and caches they name. */
  private dataLinks(b: Builder): DataLinkHost {
    return {
      target: (ref) => this.refTarget(b, ref),
      instance: (id) => this.byId.get(id),
      staticTargets: (attribute, type) => this.staticTargets(b.ri, attribute, type),
      byHost: (h) => this.dbByHost.get(`${b.ri.prefix}\0${h}`),
      byTableName: (n) => this.tableNamed(b.ri, n),
      replicaRegions: (id) => this.tableReplicaRegions(id),
      edge: (e) => this.edges.push(e),
    };
  }

  /**
   * The aws_dynamodb_table of this name in the workload's root module; of
   * several (a legacy global table's same-named tables, one per Region), the
   * one in the workload's Region, which its SDK calls by that name.
   */
  private tableNamed(ri: NormalizeInput, name: string): string | undefined {
    const list = this.tablesByName.get(`${ri.prefix}\0${name}`);
    if (!list?.length) return undefined;
    return (list.find((t) => ri.region !== undefined && t.region === ri.region) ?? list[0]).id;
  }

  /** Regions of a table's replicas: its replica blocks' and its aws_dynamodb_table_replica resources' (undefined: not known offline). */
  private tableReplicaRegions(id: string): (string | undefined)[] {
    const table = this.byId.get(id);
    if (!table) return [];
    const blocks = table.value.replica;
    const out: (string | undefined)[] = [];
    if (blocks instanceof Unknown) out.push(undefined);
    else if (Array.isArray(blocks)) for (const r of blocks) out.push(isObject(r) && typeof r.region_name === 'string' ? r.region_name : undefined);
    const builder = this.builders.get(id);
    if (!builder) return [...out, undefined];
    const host = this.dataLinks(builder);
    for (const ri of this.instances) if (ri.type === 'aws_dynamodb_table_replica' && ri.prefix === table.prefix && tableOfReplica(ri, host) === id) out.push(ri.region);
    return out;
  }

  /** Instances of `type` that an attribute's expression mentions, resolved within the resource's module instance. */
  private staticTargets(ri: NormalizeInput, attribute: string, type: string): string[] {
    const out = new Set<string>();
    const modulePrefix = ri.modulePath.length ? `${ri.modulePath.join('.')}.` : '';
    for (const t of ri.references(attribute)) {
      if (t.root !== type || typeof t.path[0] !== 'string') continue;
      const list = this.byBlock.get(`${ri.prefix}${modulePrefix}${type}.${t.path[0]}`);
      if (!list?.length) continue;
      const k = t.path[1];
      const expanded = list[0].key !== undefined;
      let hit: NormalizeInput | undefined;
      if (expanded && (typeof k === 'number' || typeof k === 'string')) hit = list.find((x) => x.key === k);
      else if (!expanded && list.length === 1) hit = list[0];
      else if (expanded && ri.key !== undefined) hit = list.find((x) => x.key === ri.key);
      if (hit) out.add(hit.id);
    }
    return [...out];
  }

  private routeTable(b: Builder): void {
    const v = b.v;
    const main = b.ri.type === 'aws_default_route_table' ? true : undefined;
    if (main !== undefined) b.prop('main', main);
    const list = blockList(v.route);
    if (list instanceof Unknown) {
      b.prop('routes', list, 'route');
      b.unresolve('routes-via', 'route', list.reason);
      return;
    }
    const routes: Route[] = [];
    (list ?? []).forEach((r, k) => {
      const attrPrefix = k === 0 ? 'route.' : `route[${k}].`;
      routes.push(this.route(b, b, r, attrPrefix));
    });
    b.prop('routes', routes, 'route');
  }

  /**
   * One route (an inline block or an aws_route) of `table`. NAT targets
   * become routes-via edges; `from` is where the attributes are written.
   */
  private route(table: Builder, from: Builder, r: ValueObject, attrPrefix: string, declaredBy?: string): Route {
    const destination = toStr(firstSet(r, ['cidr_block', 'destination_cidr_block', 'ipv6_cidr_block', 'destination_ipv6_cidr_block', 'destination_prefix_list_id']));
    const targetAttr = routeTargetAttribute(r, ROUTE_TARGETS);
    if (!targetAttr) return { destination, via: undefined, target: undefined };
    const [attr, kind] = targetAttr;
    const attribute = attrPrefix + attr;
    const data: Record<string, unknown> = { destination };
    if (declaredBy) data.declaredBy = declaredBy;
    const { via, target } = this.routeTarget(table, from, kind, r[attr], { attribute, unresolvedAttribute: attribute, data }, ROUTE_TYPES);
    return { destination, via, target };
  }

  /** Resources that only add facts to others. */
  private contribute(ri: NormalizeInput): void {
    const v = ri.value;
    // The contributor's own attributes give the locations.
    const self = new Builder(ri, 'network.route-table');
    const refTo = (val: Value | undefined, types: string[], literalType?: string): Builder | undefined =>
      this.nodeOf(self, val, types, literalType ? this.literalOf(self, literalType, true) : undefined);
    if ((BACKUP_CONTRIBUTORS as readonly string[]).includes(ri.type)) {
      contributeBackup(new Builder(ri, 'backup.plan'), this.backupLinks);
      return;
    }
    if ((EFS_CONTRIBUTORS as readonly string[]).includes(ri.type)) {
      contributeEfs(ri, this.efsLinks);
      return;
    }
    if ((LB_CONTRIBUTORS as readonly string[]).includes(ri.type)) {
      contributeLb(new Builder(ri, 'lb.target-group'), this.lbLinks);
      return;
    }
    switch (ri.type) {
      case 'aws_route': {
        const table = refTo(v.route_table_id, ['aws_route_table', 'aws_default_route_table']);
        if (!table) return;
        const route = this.route(table, self, v, '', ri.address);
        const routes = table.props.routes;
        if (Array.isArray(routes)) routes.push(route);
        else if (routes === undefined) table.props.routes = [route];
        return;
      }
      case 'aws_route_table_association': {
        const subnet = refTo(v.subnet_id, ['aws_subnet']);
        if (!subnet) return;
        const table = refTo(v.route_table_id, ['aws_route_table', 'aws_default_route_table']);
        this.usesRouteTable(subnet, table, self, ri.address, 'route_table_id', v.route_table_id);
        return;
      }
      case 'aws_main_route_table_association': {
        const table = refTo(v.route_table_id, ['aws_route_table']);
        if (table) table.prop('main', true, undefined);
        return;
      }
      case 'aws_ecs_cluster_capacity_providers': {
        const cluster = refTo(v.cluster_name, ['aws_ecs_cluster'], 'aws_ecs_cluster');
        if (!cluster) return;
        this.capacityDeclaredIn.set(cluster.id, ri);
        cluster.props.capacityProviders = toStrList(v.capacity_providers);
        cluster.origins.capacityProviders = { attribute: `${ri.address}.capacity_providers`, location: ri.locate('capacity_providers') };
        // No block: the cluster has no default strategy (services without one of their own use the launch type).
        cluster.props.defaultCapacityProviderStrategy = strategyOf(v.default_capacity_provider_strategy) ?? [];
        cluster.origins.defaultCapacityProviderStrategy = {
          attribute: `${ri.address}.default_capacity_provider_strategy`,
          location: ri.locate(v.default_capacity_provider_strategy !== undefined ? 'default_capacity_provider_strategy' : undefined),
        };
        return;
      }
      case 'aws_db_proxy_target': {
        const proxy = refTo(v.db_proxy_name, ['aws_db_proxy'], 'aws_db_proxy');
        if (!proxy) return;
        const target =
          v.db_cluster_identifier !== undefined
            ? refTo(v.db_cluster_identifier, ['aws_rds_cluster'], 'aws_rds_cluster')
            : refTo(v.db_instance_identifier, ['aws_db_instance'], 'aws_db_instance');
        if (target) this.edge(proxy.id, target.id, 'fronts', self, v.db_cluster_identifier !== undefined ? 'db_cluster_identifier' : 'db_instance_identifier', { declaredBy: ri.address });
        else proxy.unresolve('fronts', `${ri.address}.db_cluster_identifier`, 'the proxy target is not a database in the scanned configuration');
        return;
      }
      case 'aws_autoscaling_attachment':
      case 'aws_autoscaling_traffic_source_attachment':
        compute.attachment(ri, self, (val) => refTo(val, ['aws_autoscaling_group'], 'aws_autoscaling_group'), this.link);
        return;
      case 'aws_dynamodb_table_replica': {
        const table = refTo(v.global_table_arn, ['aws_dynamodb_table']);
        if (table) addTableReplica(table, ri.region, ri.address);
        return;
      }
      case 'aws_dynamodb_global_table': {
        // Legacy global tables name their tables by name (one same-named table per Region).
        const name = v.name;
        if (typeof name !== 'string') return;
        const tables = [...this.builders.values()].filter((t) => t.ri.type === 'aws_dynamodb_table' && t.ri.prefix === ri.prefix && t.v.name === name);
        addLegacyGlobalTable(tables.map((t) => ({ b: t, region: t.ri.region })), v, ri.address);
        return;
      }
    }
  }

  private finish(b: Builder): AnyResource {
    const ri = b.ri;
    // A group's tags are `tag` blocks, and the provider's default_tags do not apply to it.
    const tags = ri.type === 'aws_autoscaling_group' ? compute.groupTags(ri.value) : mergeTags(ri.type.startsWith('aws_') ? this.defaultTags(ri) : undefined, ri.value.tags);
    const suppressions = ri.suppressions(this.errors);
    const resource = resourceOf(b, {
      address: ri.address,
      name: resourceName(ri.value[NAME_ATTRIBUTE[ri.type] ?? 'name'], tags, ri.label + instanceKeySuffix(ri.key)),
      // maskSecrets copies own string keys only: the RESOURCE_ADDRESS marker stays behind.
      attributes: ri.type === 'aws_ecs_task_definition' ? taskDefinitionAttributes(ri.value) : maskSecrets(ri.value as Record<string, unknown>),
      tags,
      provenance: { source: 'terraform', location: ri.locate(), modulePath: ri.modulePath, ...(ri.region !== undefined ? { region: ri.region } : {}) },
    });
    return suppressions.length ? ({ inlineSuppressions: suppressions, ...resource } as AnyResource) : resource;
  }
}

/** `capacity_provider_strategy` / `default_capacity_provider_strategy` blocks. */
function strategyOf(value: Value | undefined): Maybe<CapacityProviderItem[]> {
  const cps = blockList(value);
  if (cps instanceof Unknown || cps === undefined) return cps;
  return cps.map((c): CapacityProviderItem => ({ provider: toStr(c.capacity_provider), weight: toNum(c.weight), base: toNum(c.base) }));
}

const ROUTE_TYPES: RouteTypes = { natGateway: 'aws_nat_gateway', internetGateway: 'aws_internet_gateway', targetNodesOnly: false };

const ROUTE_TARGETS: [string, string][] = [
  ['nat_gateway_id', 'nat-gateway'],
  ['transit_gateway_id', 'transit-gateway'],
  ['vpc_endpoint_id', 'vpc-endpoint'],
  ['gateway_id', 'gateway'],
  ['egress_only_gateway_id', 'other'],
  ['network_interface_id', 'other'],
  ['vpc_peering_connection_id', 'other'],
  ['carrier_gateway_id', 'other'],
  ['local_gateway_id', 'other'],
  ['core_network_arn', 'other'],
  ['instance_id', 'other'],
];

function mergeTags(defaults: Value | undefined, own: Value | undefined): Tags {
  if (own instanceof Unknown) return own;
  if (defaults instanceof Unknown) return defaults;
  const out: Record<string, string | Unknown> = {};
  for (const src of [defaults, own]) {
    if (!isObject(src)) continue;
    for (const [k, v] of Object.entries(src)) {
      if (v === null || v === undefined) continue;
      out[k] = tagValue(v) ?? JSON.stringify(v);
    }
  }
  return out;
}
