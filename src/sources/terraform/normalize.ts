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
import { parseIgnoreComment } from '../../engine/suppress.js';
import type {
  AnyResource,
  CapacityProviderItem,
  Edge,
  EdgeKind,
  InlineSuppression,
  InputError,
  PlacementStrategy,
  PropOrigin,
  ResourceKind,
  Route,
  SourceLocation,
  UnresolvedReference,
} from '../../graph/types.js';
import { maskSecrets, Unknown, type Maybe } from '../../graph/values.js';
import { location, type Decl } from './config.js';
import { attributeReferences } from './compile.js';
import { instanceKeySuffix, type ResourceInstance } from './evaluate.js';
import { ResourceRef, type Value, type ValueObject } from './expr/values.js';

export interface NormalizeResult {
  resources: AnyResource[];
  edges: Edge[];
  /** Resource types that are not part of the graph yet, with how many instances were skipped. */
  ignored: Record<string, number>;
  /** Malformed `resilint:ignore` comments. */
  errors: InputError[];
}

export type DefaultTagsFn = (ri: ResourceInstance) => Value | undefined;

const KIND_BY_TYPE: Record<string, ResourceKind> = {
  aws_db_instance: 'db.instance',
  aws_rds_cluster_instance: 'db.instance',
  aws_rds_cluster: 'db.cluster',
  aws_rds_global_cluster: 'db.global-cluster',
  aws_db_subnet_group: 'db.subnet-group',
  aws_db_proxy: 'db.proxy',
  aws_ecs_cluster: 'ecs.cluster',
  aws_ecs_service: 'ecs.service',
  aws_appautoscaling_target: 'autoscaling.target',
  aws_vpc: 'network.vpc',
  aws_subnet: 'network.subnet',
  aws_nat_gateway: 'network.nat-gateway',
  aws_route_table: 'network.route-table',
  aws_default_route_table: 'network.route-table',
};

/** Types that only contribute to other resources (not graph nodes themselves). */
const CONTRIBUTORS = new Set([
  'aws_route',
  'aws_route_table_association',
  'aws_main_route_table_association',
  'aws_ecs_cluster_capacity_providers',
  'aws_db_proxy_target',
]);

/** Which attribute names the resource's short name. */
const NAME_ATTRIBUTE: Record<string, string> = {
  aws_db_instance: 'identifier',
  aws_rds_cluster_instance: 'identifier',
  aws_rds_cluster: 'cluster_identifier',
  aws_rds_global_cluster: 'global_cluster_identifier',
};

function isObject(v: Value | undefined): v is ValueObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

// ------------------------------------------------------------------ conversions

function toStr(v: Value | undefined): Maybe<string> {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown || typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return new Unknown(`expected a string, got ${Array.isArray(v) ? 'a list' : 'an object'}`);
}

function toNum(v: Value | undefined): Maybe<number> {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown || typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return new Unknown(`expected a number, got ${JSON.stringify(v)}`);
}

function toBool(v: Value | undefined): Maybe<boolean> {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown || typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return new Unknown(`expected a bool, got ${JSON.stringify(v)}`);
}

function toStrList(v: Value | undefined): Maybe<string[]> {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (!Array.isArray(v)) return new Unknown('expected a list of strings');
  const out: string[] = [];
  for (const item of v) {
    const s = toStr(item);
    if (s instanceof Unknown) return s;
    if (s !== undefined) out.push(s);
  }
  return out;
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

function blockList(v: Value | undefined): ValueObject[] | Unknown | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  const list = Array.isArray(v) ? v : [v];
  const out: ValueObject[] = [];
  for (const item of list) {
    if (item instanceof Unknown) return item;
    if (isObject(item)) out.push(item);
  }
  return out;
}

function field<T>(obj: ValueObject | Unknown | undefined, key: string, conv: (v: Value | undefined) => Maybe<T>): Maybe<T> {
  if (obj === undefined) return undefined;
  if (obj instanceof Unknown) return obj;
  return conv(obj[key]);
}

/** A value's items for edge resolution: lists are flattened one level, null dropped. */
function items(v: Value | undefined): Value[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((x) => (Array.isArray(x) ? x : [x])).filter((x) => x !== null);
  return [v];
}

function lastSegment(s: string): string {
  const k = s.lastIndexOf('/');
  return k >= 0 ? s.slice(k + 1) : s;
}

// ------------------------------------------------------------------ builder

class Builder {
  readonly props: Record<string, unknown> = {};
  readonly origins: Record<string, PropOrigin> = {};
  readonly unresolved: UnresolvedReference[] = [];

  constructor(
    readonly ri: ResourceInstance,
    readonly kind: ResourceKind,
  ) {}

  get v(): ValueObject {
    return this.ri.value;
  }

  loc(attribute: string): SourceLocation {
    return location(this.ri.decl, attribute);
  }

  prop(name: string, value: unknown, attribute?: string): void {
    this.props[name] = value;
    if (attribute !== undefined) this.origins[name] = { attribute, location: this.loc(attribute) };
  }

  unresolve(edge: EdgeKind, attribute: string, reason: string): void {
    if (this.unresolved.some((u) => u.edge === edge && u.attribute === attribute && u.reason === reason)) return;
    this.unresolved.push({ edge, attribute, reason });
  }
}

// ------------------------------------------------------------------ normalizer

export function normalize(instances: ResourceInstance[], defaultTags: DefaultTagsFn): NormalizeResult {
  return new Normalizer(instances, defaultTags).run();
}

class Normalizer {
  private readonly byId = new Map<string, ResourceInstance>();
  private readonly byBlock = new Map<string, ResourceInstance[]>();
  /** `${prefix}\0${type}\0${literal}` → instance id, for matching literal identifiers and names. */
  private readonly byLiteral = new Map<string, string>();
  private readonly builders = new Map<string, Builder>();
  private readonly edges: Edge[] = [];
  private readonly ignored: Record<string, number> = {};
  private readonly errors: InputError[] = [];
  private readonly suppressionsByDecl = new Map<Decl, InlineSuppression[]>();

  constructor(
    private readonly instances: ResourceInstance[],
    private readonly defaultTags: DefaultTagsFn,
  ) {}

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
    const resources: AnyResource[] = [];
    for (const b of this.builders.values()) this.guard(b.ri, () => resources.push(this.finish(b)));
    return { resources, edges: this.edges, ignored: this.ignored, errors: this.errors };
  }

  /** A defect in one resource's normalization costs that resource only, reported as an input error. */
  private guard(ri: ResourceInstance, f: () => void): void {
    try {
      f();
    } catch (e) {
      this.errors.push({ ...location(ri.decl), kind: 'internal', message: `cannot normalize ${ri.address}: ${(e as Error)?.message ?? String(e)}` });
    }
  }

  private index(ri: ResourceInstance): void {
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
    switch (ri.type) {
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
        lit('name');
        break;
    }
  }

  /** Services by cluster name and service name (after every cluster is indexed). */
  private indexService(ri: ResourceInstance): void {
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

  /** Name of the ECS cluster a service runs in, when it can be told. */
  private clusterName(ri: ResourceInstance): string | undefined {
    const c = ri.value.cluster;
    if (c === undefined || c === null) return 'default';
    if (typeof c === 'string') return lastSegment(c);
    if (c instanceof ResourceRef) {
      const target = this.byId.get(ri.prefix + c.address);
      const name = target?.type === 'aws_ecs_cluster' ? target.value.name : undefined;
      return typeof name === 'string' ? name : undefined;
    }
    return undefined;
  }

  /** An edge written in `at`'s declaration (its `attribute` gives the location). */
  private edge(from: string, to: string, kind: EdgeKind, at: ResourceInstance, attribute: string, data?: Record<string, unknown>): void {
    const e: Edge = { from, to, kind, attribute };
    if (data) e.data = data;
    e.location = location(at.decl, attribute);
    this.edges.push(e);
  }

  /**
   * Turn the references in `value` into `kind` edges from `b` to resources of
   * `types`. Literal strings are matched with `literal` (by identifier or
   * name) when given. Whatever does not resolve becomes `unresolved`.
   * Returns the target ids.
   */
  private refs(
    b: Builder,
    value: Value | undefined,
    attribute: string,
    kind: EdgeKind,
    types: readonly string[],
    literal?: (s: string) => string | undefined,
    data?: Record<string, unknown>,
  ): string[] {
    const out: string[] = [];
    if (value instanceof Unknown && !(value instanceof ResourceRef)) {
      b.unresolve(kind, attribute, value.reason);
      return out;
    }
    for (const item of items(value)) {
      const id = this.resolveOne(b, item, attribute, kind, types, literal);
      if (id) {
        this.edge(b.ri.id, id, kind, b.ri, attribute, data);
        out.push(id);
      }
    }
    return out;
  }

  private resolveOne(b: Builder, item: Value, attribute: string, kind: EdgeKind, types: readonly string[], literal?: (s: string) => string | undefined): string | undefined {
    if (item instanceof ResourceRef) {
      const id = b.ri.prefix + item.address;
      const target = this.byId.get(id);
      if (target && types.includes(target.type)) return id;
      b.unresolve(kind, attribute, target ? `${item.address} is a ${target.type}, not ${types.join(' or ')}` : `${item.address} is not in the scanned configuration`);
      return undefined;
    }
    if (item instanceof Unknown) {
      b.unresolve(kind, attribute, item.reason);
      return undefined;
    }
    if (typeof item === 'string') {
      const id = literal?.(item);
      if (id) return id;
      b.unresolve(kind, attribute, `"${item}" is a literal id, not a resource in the scanned configuration`);
      return undefined;
    }
    b.unresolve(kind, attribute, `${attribute} is not a reference`);
    return undefined;
  }

  /** The graph id a single reference attribute resolves to, or the literal / Unknown value as written. */
  private refProp(b: Builder, attribute: string, kind: EdgeKind, types: readonly string[], literalType: string | undefined): Maybe<string> {
    const v = b.v[attribute];
    if (v === undefined || v === null) return undefined;
    const lit = literalType ? (s: string) => this.literal(b.ri.prefix, literalType, s) : undefined;
    const ids = this.refs(b, v, attribute, kind, types, lit);
    if (ids.length) return ids[0];
    return toStr(v);
  }

  private build(b: Builder): void {
    const v = b.v;
    const P = b.ri.prefix;
    switch (b.ri.type) {
      case 'aws_db_instance':
        b.prop('identifier', toStr(v.identifier), 'identifier');
        b.prop('engine', toStr(v.engine), 'engine');
        b.prop('instanceClass', toStr(v.instance_class), 'instance_class');
        b.prop('multiAz', toBool(v.multi_az), 'multi_az');
        b.prop('availabilityZone', toStr(v.availability_zone), 'availability_zone');
        b.prop('backupRetentionDays', toNum(v.backup_retention_period), 'backup_retention_period');
        b.prop('deletionProtection', toBool(v.deletion_protection), 'deletion_protection');
        b.prop('clusterIdentifier', undefined);
        b.prop('replicateSourceDb', this.refProp(b, 'replicate_source_db', 'replica-of', ['aws_db_instance'], 'aws_db_instance'), 'replicate_source_db');
        this.subnetGroupEdges(b);
        break;
      case 'aws_rds_cluster_instance':
        b.prop('identifier', toStr(v.identifier), 'identifier');
        b.prop('engine', toStr(v.engine), 'engine');
        b.prop('instanceClass', toStr(v.instance_class), 'instance_class');
        b.prop('multiAz', undefined);
        b.prop('availabilityZone', toStr(v.availability_zone), 'availability_zone');
        b.prop('backupRetentionDays', undefined);
        b.prop('deletionProtection', undefined);
        b.prop('clusterIdentifier', this.refProp(b, 'cluster_identifier', 'member-of', ['aws_rds_cluster'], 'aws_rds_cluster'), 'cluster_identifier');
        b.prop('replicateSourceDb', undefined);
        b.prop('promotionTier', toNum(v.promotion_tier), 'promotion_tier');
        break;
      case 'aws_rds_cluster': {
        b.prop('identifier', toStr(v.cluster_identifier), 'cluster_identifier');
        b.prop('engine', toStr(v.engine), 'engine');
        b.prop('engineMode', toStr(v.engine_mode), 'engine_mode');
        b.prop('availabilityZones', toStrList(v.availability_zones), 'availability_zones');
        b.prop('backupRetentionDays', toNum(v.backup_retention_period), 'backup_retention_period');
        b.prop('deletionProtection', toBool(v.deletion_protection), 'deletion_protection');
        b.prop(
          'globalClusterIdentifier',
          this.refProp(b, 'global_cluster_identifier', 'member-of', ['aws_rds_global_cluster'], 'aws_rds_global_cluster'),
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
        // A global cluster created from an existing cluster names it here.
        const src = v.source_db_cluster_identifier;
        if (src instanceof ResourceRef) {
          const target = this.byId.get(P + src.address);
          if (target?.type === 'aws_rds_cluster') this.edge(target.id, b.ri.id, 'member-of', b.ri, 'source_db_cluster_identifier');
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
        break;
      case 'aws_ecs_service':
        this.ecsService(b);
        break;
      case 'aws_appautoscaling_target':
        this.scalingTarget(b);
        break;
      case 'aws_vpc':
        b.prop('cidr', toStr(v.cidr_block), 'cidr_block');
        break;
      case 'aws_subnet': {
        let az = toStr(v.availability_zone);
        let azAttr = 'availability_zone';
        if (az === undefined && v.availability_zone_id !== undefined && v.availability_zone_id !== null) {
          az = toStr(v.availability_zone_id);
          azAttr = 'availability_zone_id';
        }
        if (az === undefined) az = new Unknown('availability_zone is not set: AWS chooses the zone at apply');
        b.prop('availabilityZone', az, azAttr);
        b.prop('cidr', toStr(v.cidr_block), 'cidr_block');
        b.prop('mapPublicIpOnLaunch', toBool(v.map_public_ip_on_launch), 'map_public_ip_on_launch');
        if (v.vpc_id !== undefined) this.refs(b, v.vpc_id, 'vpc_id', 'in-vpc', ['aws_vpc']);
        break;
      }
      case 'aws_nat_gateway':
        b.prop('connectivityType', toStr(v.connectivity_type), 'connectivity_type');
        this.refs(b, v.subnet_id, 'subnet_id', 'in-subnet', ['aws_subnet']);
        break;
      case 'aws_route_table':
      case 'aws_default_route_table':
        this.routeTable(b);
        break;
    }
  }

  /** db_subnet_group_name → the group's subnets, as in-subnet edges of the database. */
  private subnetGroupEdges(b: Builder): void {
    const g = b.v.db_subnet_group_name;
    if (g === undefined || g === null) return;
    let group: ResourceInstance | undefined;
    if (g instanceof ResourceRef) {
      group = this.byId.get(b.ri.prefix + g.address);
      if (group?.type !== 'aws_db_subnet_group') {
        b.unresolve('in-subnet', 'db_subnet_group_name', `${g.address} is not a db subnet group in the scanned configuration`);
        return;
      }
    } else if (typeof g === 'string') {
      const id = this.literal(b.ri.prefix, 'aws_db_subnet_group', g);
      group = id ? this.byId.get(id) : undefined;
      if (!group) {
        b.unresolve('in-subnet', 'db_subnet_group_name', `db subnet group "${g}" is not in the scanned configuration`);
        return;
      }
    } else {
      b.unresolve('in-subnet', 'db_subnet_group_name', g instanceof Unknown ? g.reason : 'db_subnet_group_name is not a string');
      return;
    }
    this.refs(b, group.value.subnet_ids, 'db_subnet_group_name', 'in-subnet', ['aws_subnet'], undefined, { via: group.id });
  }

  private ecsService(b: Builder): void {
    const v = b.v;
    b.prop('name', toStr(v.name), 'name');
    b.prop('launchType', toStr(v.launch_type), 'launch_type');
    const cps = blockList(v.capacity_provider_strategy);
    b.prop(
      'capacityProviderStrategy',
      cps instanceof Unknown || cps === undefined
        ? cps
        : cps.map((c): CapacityProviderItem => ({ provider: toStr(c.capacity_provider), weight: toNum(c.weight), base: toNum(c.base) })),
      'capacity_provider_strategy',
    );
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
    const lbs = blockList(v.load_balancer);
    b.prop('loadBalancerCount', lbs instanceof Unknown ? lbs : (lbs?.length ?? 0), 'load_balancer');

    const nc = firstBlock(v.network_configuration);
    if (nc instanceof Unknown) b.unresolve('in-subnet', 'network_configuration.subnets', nc.reason);
    else if (nc) this.refs(b, nc.subnets, 'network_configuration.subnets', 'in-subnet', ['aws_subnet']);

    if (v.cluster !== undefined && v.cluster !== null) {
      this.refs(b, v.cluster, 'cluster', 'in-cluster', ['aws_ecs_cluster'], (s) => this.literal(b.ri.prefix, 'aws_ecs_cluster', lastSegment(s)));
    }
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
    const dim = v.scalable_dimension;
    const isEcs = ns === 'ecs' || (typeof dim === 'string' && dim.startsWith('ecs:'));
    if (!isEcs) {
      if (ns instanceof Unknown) b.unresolve('scales', 'service_namespace', ns.reason);
      return;
    }
    if (typeof rid === 'string') {
      const m = /^service\/([^/]+)\/([^/]+)$/.exec(rid);
      const id = m ? this.byLiteral.get(`${b.ri.prefix}\0service\0${m[1]}\0${m[2]}`) : undefined;
      if (id) this.edge(b.ri.id, id, 'scales', b.ri, 'resource_id');
      else b.unresolve('scales', 'resource_id', m ? `no aws_ecs_service "${m[2]}" in cluster "${m[1]}" in the scanned configuration` : `resource_id "${rid}" is not service/<cluster>/<service>`);
      return;
    }
    // Unknown resource_id (e.g. built from cluster ids): use the service it mentions.
    const ids = this.staticTargets(b.ri, 'resource_id', 'aws_ecs_service');
    if (ids.length === 1) this.edge(b.ri.id, ids[0], 'scales', b.ri, 'resource_id');
    else b.unresolve('scales', 'resource_id', rid instanceof Unknown ? rid.reason : 'resource_id is not set');
  }

  /** Instances of `type` that an attribute's expression mentions, resolved within the resource's module instance. */
  private staticTargets(ri: ResourceInstance, attribute: string, type: string): string[] {
    const out = new Set<string>();
    const modulePrefix = ri.module.address ? `${ri.module.address}.` : '';
    for (const t of attributeReferences(ri.decl, attribute)) {
      if (t.root !== type || typeof t.path[0] !== 'string') continue;
      const list = this.byBlock.get(`${ri.prefix}${modulePrefix}${type}.${t.path[0]}`);
      if (!list?.length) continue;
      const k = t.path[1];
      const expanded = list[0].key !== undefined;
      let hit: ResourceInstance | undefined;
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
    const targetAttr = ROUTE_TARGETS.find(([attr]) => r[attr] !== undefined && r[attr] !== null && r[attr] !== '');
    if (!targetAttr) return { destination, via: undefined, target: undefined };
    const [attr, kind] = targetAttr;
    const tv = r[attr];
    const attribute = attrPrefix + attr;
    let via: Maybe<string> = kind;
    let target: Maybe<string>;
    const data: Record<string, unknown> = { destination };
    if (declaredBy) data.declaredBy = declaredBy;
    if (tv instanceof ResourceRef) {
      const t = this.byId.get(table.ri.prefix + tv.address);
      target = t ? t.id : tv;
      if (kind === 'gateway') via = t?.type === 'aws_internet_gateway' ? 'internet-gateway' : t ? 'other' : new Unknown(`${tv.address} is not in the scanned configuration`);
      if (kind === 'nat-gateway') {
        if (t?.type === 'aws_nat_gateway') this.edge(table.ri.id, t.id, 'routes-via', from.ri, attribute, data);
        else table.unresolve('routes-via', attribute, t ? `${tv.address} is a ${t.type}, not a NAT gateway` : `${tv.address} is not in the scanned configuration`);
      }
    } else if (tv instanceof Unknown) {
      target = tv;
      if (kind === 'gateway') via = tv;
      if (kind === 'nat-gateway') table.unresolve('routes-via', attribute, tv.reason);
    } else if (typeof tv === 'string') {
      target = tv;
      if (kind === 'gateway') via = tv.startsWith('igw-') ? 'internet-gateway' : 'other';
      if (kind === 'nat-gateway') table.unresolve('routes-via', attribute, `"${tv}" is a literal id, not a NAT gateway in the scanned configuration`);
    }
    return { destination, via, target };
  }

  /** Resources that only add facts to others. */
  private contribute(ri: ResourceInstance): void {
    const v = ri.value;
    const P = ri.prefix;
    const refTo = (val: Value | undefined, types: string[], literalType?: string): Builder | undefined => {
      let id: string | undefined;
      if (val instanceof ResourceRef) id = P + val.address;
      else if (typeof val === 'string' && literalType) id = this.literal(P, literalType, lastSegment(val));
      const b = id ? this.builders.get(id) : undefined;
      return b && types.includes(b.ri.type) ? b : undefined;
    };
    switch (ri.type) {
      case 'aws_route': {
        const table = refTo(v.route_table_id, ['aws_route_table', 'aws_default_route_table']);
        if (!table) return;
        // The aws_route's own attributes give the locations.
        const route = this.route(table, new Builder(ri, 'network.route-table'), v, '', ri.address);
        const routes = table.props.routes;
        if (Array.isArray(routes)) routes.push(route);
        else if (routes === undefined) table.props.routes = [route];
        return;
      }
      case 'aws_route_table_association': {
        const subnet = refTo(v.subnet_id, ['aws_subnet']);
        if (!subnet) return;
        const table = refTo(v.route_table_id, ['aws_route_table', 'aws_default_route_table']);
        if (table) {
          this.edge(subnet.ri.id, table.ri.id, 'uses-route-table', ri, 'route_table_id', { declaredBy: ri.address });
        } else {
          const t = v.route_table_id;
          subnet.unresolve(
            'uses-route-table',
            `${ri.address}.route_table_id`,
            t instanceof Unknown ? t.reason : typeof t === 'string' ? `"${t}" is a literal id, not a route table in the scanned configuration` : 'route_table_id is not set',
          );
        }
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
        cluster.props.capacityProviders = toStrList(v.capacity_providers);
        cluster.origins.capacityProviders = { attribute: `${ri.address}.capacity_providers`, location: location(ri.decl, 'capacity_providers') };
        return;
      }
      case 'aws_db_proxy_target': {
        const proxy = refTo(v.db_proxy_name, ['aws_db_proxy'], 'aws_db_proxy');
        if (!proxy) return;
        const target =
          v.db_cluster_identifier !== undefined
            ? refTo(v.db_cluster_identifier, ['aws_rds_cluster'], 'aws_rds_cluster')
            : refTo(v.db_instance_identifier, ['aws_db_instance'], 'aws_db_instance');
        if (target) this.edge(proxy.ri.id, target.ri.id, 'fronts', ri, v.db_cluster_identifier !== undefined ? 'db_cluster_identifier' : 'db_instance_identifier', { declaredBy: ri.address });
        else proxy.unresolve('fronts', `${ri.address}.db_cluster_identifier`, 'the proxy target is not a database in the scanned configuration');
        return;
      }
    }
  }

  /**
   * `# resilint:ignore …` comments in a declaration or in the run of comment
   * lines directly above it (parsed once per declaration).
   */
  private declSuppressions(decl: Decl): InlineSuppression[] {
    let list = this.suppressionsByDecl.get(decl);
    if (list) return list;
    list = [];
    for (const c of decl.block?.comments ?? []) {
      if (!c.text.includes('resilint:ignore')) continue;
      const loc = { file: decl.file.file, line: c.line, column: c.column };
      const parsed = parseIgnoreComment(c.text, loc);
      if (!parsed) continue;
      if ('error' in parsed) this.errors.push({ ...loc, kind: 'suppression', message: parsed.error });
      else list.push(parsed);
    }
    this.suppressionsByDecl.set(decl, list);
    return list;
  }

  /** The resource's own suppressions, then those written on the module calls that contain it. */
  private suppressions(ri: ResourceInstance): InlineSuppression[] {
    const out = [...this.declSuppressions(ri.decl)];
    for (let m: ResourceInstance['module'] | undefined = ri.module; m; m = m.parent) {
      if (m.sm.call) out.push(...this.declSuppressions(m.sm.call));
    }
    return out;
  }

  private finish(b: Builder): AnyResource {
    const ri = b.ri;
    const tags = mergeTags(ri.type.startsWith('aws_') ? this.defaultTags(ri) : undefined, ri.value.tags);
    const suppressions = this.suppressions(ri);
    return {
      ...(suppressions.length ? { inlineSuppressions: suppressions } : {}),
      id: ri.id,
      kind: b.kind,
      type: ri.type,
      address: ri.address,
      name: resourceName(ri, tags),
      props: b.props,
      propOrigins: b.origins,
      // maskSecrets copies own string keys only: the RESOURCE_ADDRESS marker stays behind.
      attributes: maskSecrets(ri.value as Record<string, unknown>),
      tags,
      provenance: { source: 'terraform', location: location(ri.decl), modulePath: ri.module.segments },
      unresolved: b.unresolved,
    } as unknown as AnyResource;
  }
}

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

function firstSet(r: ValueObject, keys: string[]): Value | undefined {
  for (const k of keys) {
    const v = r[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function mergeTags(defaults: Value | undefined, own: Value | undefined): Record<string, string | Unknown> | Unknown {
  if (own instanceof Unknown) return own;
  if (defaults instanceof Unknown) return defaults;
  const out: Record<string, string | Unknown> = {};
  for (const src of [defaults, own]) {
    if (!isObject(src)) continue;
    for (const [k, v] of Object.entries(src)) {
      if (v === null || v === undefined) continue;
      if (v instanceof Unknown || typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
      else out[k] = JSON.stringify(v);
    }
  }
  return out;
}

function resourceName(ri: ResourceInstance, tags: Record<string, string | Unknown> | Unknown): string {
  const attr = NAME_ATTRIBUTE[ri.type] ?? 'name';
  const n = ri.value[attr];
  if (typeof n === 'string' && n) return n;
  if (!(tags instanceof Unknown) && typeof tags.Name === 'string' && tags.Name) return tags.Name;
  return ri.label + instanceKeySuffix(ri.key);
}
