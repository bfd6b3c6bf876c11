/**
 * What the Terraform (HCL and plan) and CloudFormation normalizers share:
 * building a node's props with where each is written, turning references
 * into edges or `unresolved` entries, and assembling the graph resource.
 *
 * A source says what a reference names (`refTarget`), how to match literal
 * names (a callback per call: the sources index names differently), and how
 * its messages call the scan ("the scanned configuration" / "the scanned
 * templates"). Everything else about a resource type stays in the source.
 */
import type { AnyResource, Edge, EdgeKind, PropOrigin, Provenance, ResourceKind, SourceLocation, UnresolvedReference } from '../../graph/types.js';
import { Unknown, type Maybe } from '../../graph/values.js';
import { ResourceRef } from './reference.js';
import { items, lastSegment, type SourceObject, type SourceValue } from './coerce.js';

export type Tags = Record<string, string | Unknown> | Unknown;

/** A graph node being built: props with their origins, and the references that did not resolve. */
export abstract class NodeBuilder {
  readonly props: Record<string, unknown> = {};
  readonly origins: Record<string, PropOrigin> = {};
  readonly unresolved: UnresolvedReference[] = [];

  constructor(
    /** Graph id. */
    readonly id: string,
    /** Native type (`aws_subnet`, `AWS::EC2::Subnet`). */
    readonly type: string,
    readonly kind: ResourceKind,
  ) {}

  /** Where an attribute path is written; the resource's header without one (or when it is not written). */
  abstract loc(attribute?: string): SourceLocation;

  prop(name: string, value: unknown, attribute?: string): void {
    this.props[name] = value;
    if (attribute !== undefined) this.origins[name] = { attribute, location: this.loc(attribute) };
  }

  unresolve(edge: EdgeKind, attribute: string, reason: string): void {
    if (this.unresolved.some((u) => u.edge === edge && u.attribute === attribute && u.reason === reason)) return;
    this.unresolved.push({ edge, attribute, reason });
  }
}

/** What a reference names: a resource of the scan (a node or not). */
export interface RefTarget {
  id: string;
  type: string;
}

/** Matches a literal id or name to a node id. */
export type LiteralMatch = (s: string) => string | undefined;

/** Edges and the nodes they link; a source's normalizer extends it. */
export abstract class Linker<B extends NodeBuilder> {
  readonly edges: Edge[] = [];
  /** Nodes by graph id. */
  protected readonly builders = new Map<string, B>();

  constructor(
    /** What messages call the scan: "… is not in the scanned configuration". */
    protected readonly scanned: 'configuration' | 'templates',
    private readonly toStr: (v: SourceValue | undefined) => Maybe<string>,
  ) {}

  /** The resource a reference written in `from` names, if it is in the scan. */
  protected abstract refTarget(from: B, ref: ResourceRef): RefTarget | undefined;

  /** An edge written in `at`'s declaration (its `attribute` gives the location). */
  protected edge(from: string, to: string, kind: EdgeKind, at: NodeBuilder, attribute: string, data?: Record<string, unknown>): void {
    const e: Edge = { from, to, kind, attribute };
    if (data) e.data = data;
    e.location = at.loc(attribute);
    this.edges.push(e);
  }

  /**
   * Turn the references in `value` into `kind` edges from `b` to nodes of
   * `types`. Literal strings are matched with `literal` when given.
   * Whatever does not resolve becomes `unresolved`. Returns the target ids.
   */
  protected refs(b: B, value: SourceValue | undefined, attribute: string, kind: EdgeKind, types: readonly string[], literal?: LiteralMatch, data?: Record<string, unknown>): string[] {
    const out: string[] = [];
    if (value instanceof Unknown && !(value instanceof ResourceRef)) {
      b.unresolve(kind, attribute, value.reason);
      return out;
    }
    for (const item of items(value)) {
      const id = this.resolveOne(b, item, attribute, kind, types, literal);
      if (id) {
        this.edge(b.id, id, kind, b, attribute, data);
        out.push(id);
      }
    }
    return out;
  }

  /** Resolve one item to a node id of one of `types`, or record why not on `b`. */
  protected resolveOne(b: B, item: SourceValue, attribute: string, kind: EdgeKind, types: readonly string[], literal?: LiteralMatch): string | undefined {
    if (item instanceof ResourceRef) {
      const target = this.refTarget(b, item);
      if (target && types.includes(target.type)) return target.id;
      b.unresolve(kind, attribute, target ? `${item.address} is a ${target.type}, not ${types.join(' or ')}` : this.notScanned(item));
      return undefined;
    }
    if (item instanceof Unknown) {
      b.unresolve(kind, attribute, item.reason);
      return undefined;
    }
    if (typeof item === 'string') {
      const id = literal?.(item);
      if (id) return id;
      b.unresolve(kind, attribute, this.literalId(item, 'a resource'));
      return undefined;
    }
    b.unresolve(kind, attribute, `${attribute} is not a reference`);
    return undefined;
  }

  /** A single reference attribute: the target's graph id when it resolves, else the literal / Unknown as written. */
  protected refProp(b: B, value: SourceValue | undefined, attribute: string, kind: EdgeKind, types: readonly string[], literal?: LiteralMatch): Maybe<string> {
    if (value === undefined || value === null) return undefined;
    const ids = this.refs(b, value, attribute, kind, types, literal);
    if (ids.length) return ids[0];
    return this.toStr(value);
  }

  /** The node of one of `types` that a contributor's reference (or, with `literal`, literal name) names. */
  protected nodeOf(from: B, value: SourceValue | undefined, types: readonly string[], literal?: LiteralMatch): B | undefined {
    let id: string | undefined;
    if (value instanceof ResourceRef) id = this.refTarget(from, value)?.id;
    else if (typeof value === 'string' && literal) id = literal(value);
    const b = id ? this.builders.get(id) : undefined;
    return b && types.includes(b.type) ? b : undefined;
  }

  /**
   * A scaling target's literal `service/<cluster>/<service>` resource id →
   * a scales edge to that service (`service` finds it by cluster and service
   * name), or why not.
   */
  protected scalesService(b: B, rid: string, attribute: string, serviceType: string, service: (cluster: string, name: string) => string | undefined): void {
    const m = /^service\/([^/]+)\/([^/]+)$/.exec(rid);
    const id = m ? service(m[1], m[2]) : undefined;
    if (id) this.edge(b.id, id, 'scales', b, attribute);
    else b.unresolve('scales', attribute, m ? `no ${serviceType} "${m[2]}" in cluster "${m[1]}" in the scanned ${this.scanned}` : `${attribute} "${rid}" is not service/<cluster>/<service>`);
  }

  /**
   * An Aurora scaling target's literal `cluster:<identifier>` resource id →
   * a scales edge to that cluster (`cluster` finds it by identifier), or why not.
   */
  protected scalesCluster(b: B, rid: string, attribute: string, clusterType: string, cluster: LiteralMatch): void {
    const name = auroraClusterOfResourceId(rid);
    const id = name ? cluster(name) : undefined;
    if (id) this.edge(b.id, id, 'scales', b, attribute);
    else b.unresolve('scales', attribute, name ? `no ${clusterType} "${name}" in the scanned ${this.scanned}` : `${attribute} "${rid}" is not cluster:<cluster identifier>`);
  }

  /**
   * Where one route goes, from its target attribute (`kind` from the
   * source's table of target attributes, `value` as written): `via` (a
   * gateway is an internet gateway or other) and `target`. A NAT gateway
   * target becomes a routes-via edge of `table` written in `from` at
   * `attribute`; when it does not resolve, the table gets an unresolved
   * entry at `unresolvedAttribute` (how the source names the route).
   */
  protected routeTarget(
    table: B,
    from: B,
    kind: string,
    value: SourceValue | undefined,
    at: { attribute: string; unresolvedAttribute: string; data: Record<string, unknown> },
    types: RouteTypes,
  ): { via: Maybe<string>; target: Maybe<string> } {
    let via: Maybe<string> = kind;
    let target: Maybe<string>;
    if (value instanceof ResourceRef) {
      const t = this.refTarget(table, value);
      target = t && (!types.targetNodesOnly || this.builders.has(t.id)) ? t.id : value;
      if (kind === 'gateway') via = t?.type === types.internetGateway ? 'internet-gateway' : t ? 'other' : new Unknown(this.notScanned(value));
      if (kind === 'nat-gateway') {
        if (t?.type === types.natGateway) this.edge(table.id, t.id, 'routes-via', from, at.attribute, at.data);
        else table.unresolve('routes-via', at.unresolvedAttribute, t ? `${value.address} is a ${t.type}, not a NAT gateway` : this.notScanned(value));
      }
    } else if (value instanceof Unknown) {
      target = value;
      if (kind === 'gateway') via = value;
      if (kind === 'nat-gateway') table.unresolve('routes-via', at.unresolvedAttribute, value.reason);
    } else if (typeof value === 'string') {
      target = value;
      if (kind === 'gateway') via = value.startsWith('igw-') ? 'internet-gateway' : 'other';
      if (kind === 'nat-gateway') table.unresolve('routes-via', at.unresolvedAttribute, this.literalId(value, 'a NAT gateway'));
    }
    return { via, target };
  }

  /**
   * The DB subnet group of `groupType` a database names (`value` at
   * `attribute`: a reference, or a name matched by `literal`), or undefined
   * after recording why not. `what` is how messages call a group.
   */
  protected dbSubnetGroupOf(b: B, value: SourceValue, attribute: string, groupType: string, what: string, literal: LiteralMatch): string | undefined {
    if (value instanceof ResourceRef) {
      const target = this.refTarget(b, value);
      if (target?.type === groupType) return target.id;
      b.unresolve('in-subnet', attribute, `${value.address} is not a ${what} in the scanned ${this.scanned}`);
    } else if (typeof value === 'string') {
      const id = literal(value);
      if (id) return id;
      b.unresolve('in-subnet', attribute, `${what} "${value}" is not in the scanned ${this.scanned}`);
    } else {
      b.unresolve('in-subnet', attribute, value instanceof Unknown ? value.reason : `${attribute} is not a string`);
    }
    return undefined;
  }

  /**
   * A route table association written in `association` (at `address`): the
   * subnet uses the table, or, when its reference (`value`, at `attribute`)
   * does not name one, an unresolved entry of the subnet says why.
   */
  protected usesRouteTable(subnet: B, table: B | undefined, association: B, address: string, attribute: string, value: SourceValue | undefined): void {
    if (table) {
      this.edge(subnet.id, table.id, 'uses-route-table', association, attribute, { declaredBy: address });
      return;
    }
    const reason = value instanceof Unknown ? value.reason : typeof value === 'string' ? this.literalId(value, 'a route table') : `${attribute} is not set`;
    subnet.unresolve('uses-route-table', `${address}.${attribute}`, reason);
  }

  protected notScanned(ref: ResourceRef): string {
    return `${ref.address} is not in the scanned ${this.scanned}`;
  }

  /** A literal id where a reference to `what` (in the scan) is needed. */
  protected literalId(s: string, what: string): string {
    return `"${s}" is a literal id, not ${what} in the scanned ${this.scanned}`;
  }
}

/** What a source calls the resources a route can go through. */
export interface RouteTypes {
  natGateway: string;
  internetGateway: string;
  /**
   * Whether a referenced target that is not a graph node keeps its
   * reference as `target` (CloudFormation) instead of giving its id (the
   * Terraform source gives the id of any resource of the scan).
   */
  targetNodesOnly: boolean;
}

/** The first of `targets` (`[attribute, kind]`, in order of precedence) a route sets. */
export function routeTargetAttribute(route: SourceObject, targets: readonly (readonly [string, string])[]): readonly [string, string] | undefined {
  return targets.find(([attr]) => route[attr] !== undefined && route[attr] !== null && route[attr] !== '');
}

/** Is this scaling target an ECS service's (namespace `ecs`, or an `ecs:` dimension)? */
export function scalesEcs(namespace: Maybe<string>, dimension: unknown): boolean {
  return namespace === 'ecs' || (typeof dimension === 'string' && dimension.startsWith('ecs:'));
}

/** Is this scaling target an Aurora cluster's reader count (namespace `rds`, or an `rds:cluster:` dimension)? */
export function scalesAuroraReaders(namespace: Maybe<string>, dimension: unknown): boolean {
  return namespace === 'rds' || (typeof dimension === 'string' && dimension.startsWith('rds:cluster:'));
}

/** The cluster identifier in an Aurora scaling target's literal resource id `cluster:<identifier>`. */
export function auroraClusterOfResourceId(rid: string): string | undefined {
  return /^cluster:([^/:]+)$/.exec(rid)?.[1];
}

/**
 * Name of the ECS cluster a service runs in, when it can be told: `default`
 * when none is set, the last segment of a literal name or ARN, or the name
 * of the referenced cluster (`referencedName`).
 */
export function ecsClusterName(cluster: SourceValue | undefined, referencedName: (ref: ResourceRef) => SourceValue | undefined): string | undefined {
  if (cluster === undefined || cluster === null) return 'default';
  if (typeof cluster === 'string') return lastSegment(cluster);
  if (cluster instanceof ResourceRef) {
    const name = referencedName(cluster);
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

/** A tag value as the graph keeps it (string or Unknown); undefined for null, lists and mappings. */
export function tagValue(v: SourceValue | undefined): string | Unknown | undefined {
  if (v instanceof Unknown || typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A resource's short name: its name attribute, else its Name tag, else `fallback` (block label, logical id). */
export function resourceName(named: SourceValue | undefined, tags: Tags, fallback: string): string {
  if (typeof named === 'string' && named) return named;
  if (!(tags instanceof Unknown) && typeof tags.Name === 'string' && tags.Name) return tags.Name;
  return fallback;
}

/** The graph resource of a built node (keys in the order every source writes them). */
export function resourceOf(
  b: NodeBuilder,
  r: { address: string; name: string; attributes: Record<string, unknown>; tags: Tags; provenance: Provenance },
): AnyResource {
  return {
    id: b.id,
    kind: b.kind,
    type: b.type,
    address: r.address,
    name: r.name,
    props: b.props,
    propOrigins: b.origins,
    attributes: r.attributes,
    tags: r.tags,
    provenance: r.provenance,
    unresolved: b.unresolved,
  } as unknown as AnyResource;
}
