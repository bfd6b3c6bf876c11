/**
 * The databases and caches a workload's configuration names → `connects-to`
 * edges, for every Terraform workload that writes connection values: an ECS
 * task definition's containers (ecs-task-definition.ts), a Lambda function's
 * environment variables (lambda-environment.ts).
 *
 * A value names a database when it is a reference to it
 * (`aws_rds_cluster.orders.endpoint`, `aws_db_instance.legacy.address`,
 * `aws_rds_cluster.orders.master_user_secret[0].secret_arn`), or a literal
 * host name equal to a scanned database's known endpoint. A cache
 * (ElastiCache, MemoryDB) is named by a reference to one of its endpoint
 * attributes (`aws_elasticache_replication_group.sessions.primary_endpoint_address`),
 * or by its known endpoint host. A DynamoDB table is named by a reference
 * to its name, id or ARN (or to those of an aws_dynamodb_table_replica of
 * it: the same table), by its literal name, or by its ARN (table-names.ts).
 * References the structure does not show
 * (inside a template string, `templatefile()` variables, a plan's unknown
 * value) are found among the attribute's static references, at the attribute.
 */
import type { Edge, SourceLocation } from '../../../graph/types.js';
import { Unknown } from '../../../graph/values.js';
import type { DataReference } from '../../common/data-references.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { tableNameIn } from '../../common/table-names.js';
import { hostNamesIn } from '../../common/task-definition.js';
import { ResourceRef } from '../expr/values.js';
import type { NormalizeInput } from '../input.js';

/** Resource types a workload can connect to as its database. */
const DATABASE_TYPES: readonly string[] = ['aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_db_instance', 'aws_db_proxy', 'aws_rds_global_cluster', 'aws_docdb_cluster', 'aws_docdb_cluster_instance'];

/** Attributes of a database that hold its host names (known in plans of existing databases). */
const HOST_ATTRIBUTES = ['endpoint', 'reader_endpoint', 'address'];

/**
 * Cache types and the attributes that name their endpoints: a workload
 * referencing one of these connects to the cache (its ARN or name alone does not).
 */
const CACHE_ENDPOINTS: Readonly<Record<string, readonly string[]>> = {
  aws_elasticache_replication_group: ['primary_endpoint_address', 'configuration_endpoint_address', 'reader_endpoint_address'],
  aws_elasticache_cluster: ['cache_nodes', 'cluster_address', 'configuration_endpoint'],
  aws_memorydb_cluster: ['cluster_endpoint'],
  aws_elasticache_serverless_cache: ['endpoint', 'reader_endpoint'],
};
const CACHE_TYPES = Object.keys(CACHE_ENDPOINTS);

/** A DynamoDB table is named by its name, id (the name) or ARN; its `stream_arn` is read by an event source mapping instead. */
const TABLE_TYPE = 'aws_dynamodb_table';
const TABLE_ATTRIBUTES = ['name', 'id', 'arn'];
/** Another Region's replica of a table: named like the table (its `arn`, `id`), it is the same table to a workload. */
const REPLICA_TYPE = 'aws_dynamodb_table_replica';

function namesTable(type: string, attribute: string): boolean {
  const head = attribute.split(/[.[]/)[0];
  return (type === TABLE_TYPE || type === REPLICA_TYPE) && TABLE_ATTRIBUTES.includes(head);
}

/** Is the referenced attribute (`cache_nodes[0].address`, `cluster_endpoint[0].address`) one of the cache's endpoints? */
function namesCacheEndpoint(type: string, attribute: string): boolean {
  const head = attribute.split(/[.[]/)[0];
  return CACHE_ENDPOINTS[type]?.includes(head) ?? false;
}

/** The host names a scanned database or cache is known by (`endpoint` may carry `:port`). */
export function databaseHosts(ri: NormalizeInput): string[] {
  const out: string[] = [];
  const push = (v: unknown) => {
    if (typeof v === 'string' && v) out.push(v.replace(/:\d+$/, '').toLowerCase());
  };
  if (DATABASE_TYPES.includes(ri.type)) for (const a of HOST_ATTRIBUTES) push(ri.value[a]);
  for (const a of CACHE_ENDPOINTS[ri.type] ?? []) {
    const v = ri.value[a];
    // A string (replication group), or a list of endpoint blocks ({address, port}: cache nodes, MemoryDB, Serverless).
    if (Array.isArray(v)) for (const x of v) push((x as Record<string, unknown> | null)?.address);
    else push(v);
  }
  return out;
}

/** Does an unknown value's reason start with an attribute of `address` (`aws_db_instance.x.address is known only after apply`)? */
function startsWithAddress(reason: string, address: string): boolean {
  return reason.startsWith(`${address}.`) || reason.startsWith(`${address}[`);
}

/** `module.a.aws_rds_cluster.x[0].endpoint is known only after apply` → the address and attribute it starts with. */
const REASON_ADDRESS = /^((?:module\.[\w-]+(?:\[[^\]]+\])?\.)*([a-z][a-z0-9_]*)\.([\w-]+)(?:\[[^\]]+\])?)\.([\w.[\]"-]+) is known only after apply/;

/** The scanned database or cache endpoint whose attribute an unknown value's reason names, if any. */
function namedByReason(reason: string, ri: NormalizeInput, host: DataLinkHost): { id: string; reference: string } | undefined {
  const m = REASON_ADDRESS.exec(reason);
  if (!m) return undefined;
  const [, address, type, , attribute] = m;
  if (!DATABASE_TYPES.includes(type) && !namesCacheEndpoint(type, attribute) && !namesTable(type, attribute)) return undefined;
  const t = host.instance(ri.prefix + address);
  if (!t || t.type !== type) return undefined;
  const id = t.type === REPLICA_TYPE ? tableOfReplica(t, host) : t.id;
  return id ? { id, reference: `${address}.${attribute}` } : undefined;
}

/** The scanned aws_dynamodb_table whose replica `replica` is (exported for the replica Regions of a table) (its `global_table_arn`: a reference, an ARN, or known only after apply). */
export function tableOfReplica(replica: NormalizeInput, host: DataLinkHost): string | undefined {
  const arn = replica.value.global_table_arn;
  let t: NormalizeInput | undefined;
  if (arn instanceof ResourceRef) t = host.target(arn);
  else if (arn instanceof Unknown) {
    const m = REASON_ADDRESS.exec(arn.reason);
    if (m && m[2] === TABLE_TYPE) t = host.instance(replica.prefix + m[1]);
  } else if (typeof arn === 'string') {
    const named = tableNameIn(arn);
    const id = named ? host.byTableName(named.name) : undefined;
    return id;
  }
  return t?.type === TABLE_TYPE ? t.id : undefined;
}

/**
 * The scanned table a literal names (its name, or its ARN in a Region where
 * the table is: its own, one of its replicas', or one not known offline).
 */
function tableByLiteral(value: string, host: DataLinkHost): { id: string; name: string } | undefined {
  const named = tableNameIn(value);
  const id = named ? host.byTableName(named.name) : undefined;
  if (!named || !id) return undefined;
  if (named.region !== undefined) {
    const t = host.instance(id);
    const regions = [t?.region, ...host.replicaRegions(id)];
    if (!regions.includes(undefined) && !regions.includes(named.region)) return undefined;
  }
  return { id, name: named.name };
}

/** What the normalizer gives a workload's data-store linking. */
export interface DataLinkHost {
  /** The instance a reference names, if scanned. */
  target(ref: ResourceRef): NormalizeInput | undefined;
  /** A scanned instance by graph id. */
  instance(id: string): NormalizeInput | undefined;
  /** Instances of `type` the attribute's expression mentions. */
  staticTargets(attribute: string, type: string): string[];
  /** The database known by this host name. */
  byHost(host: string): string | undefined;
  /** The aws_dynamodb_table of this name (in the workload's root module). */
  byTableName(name: string): string | undefined;
  /** Regions of a table's replicas as far as known (undefined: one whose Region is not known offline). */
  replicaRegions(id: string): (string | undefined)[];
  edge(e: Edge): void;
}

export interface DataLinkSite {
  /** The top-level attribute (or block) holding the references: its static references, its location. */
  attribute: string;
  /** Where one reference is written. */
  at(r: DataReference): SourceLocation;
  /**
   * Why what the attribute names cannot be read (its structure is unknown):
   * a gap unless its static references show a data store.
   */
  unreadable?: string;
}

/** Link the data stores the references name; unresolve what may be one but cannot be told. */
export function linkDataStores(b: NodeBuilder, ri: NormalizeInput, host: DataLinkHost, references: readonly DataReference[], site: DataLinkSite): void {
  const linked = new Set<string>();
  const add = (to: string, attribute: string, location: SourceLocation, data: Record<string, unknown>) => {
    linked.add(to);
    host.edge({ from: b.id, to, kind: 'connects-to', attribute, location, data });
  };
  const facts = (r: DataReference): Record<string, unknown> => {
    const d: Record<string, unknown> = { via: r.via };
    if (typeof r.container === 'string') d.container = r.container;
    if (typeof r.variable === 'string') d.variable = r.variable;
    return d;
  };

  // Targets the structure shows by reference (a cache's ARN is one and is not a connection), and values
  // known only after apply whose reference may be among the attribute's static ones (a template string).
  const seen = new Set<string>();
  const pending: { r: DataReference; reason: string }[] = [];
  for (const r of references) {
    const value = r.value;
    if (value instanceof ResourceRef) {
      const t = host.target(value);
      if (t) seen.add(t.id);
      const to = t && namesTable(t.type, value.attribute) ? (t.type === REPLICA_TYPE ? tableOfReplica(t, host) : t.id) : undefined;
      if (t && (DATABASE_TYPES.includes(t.type) || namesCacheEndpoint(t.type, value.attribute))) add(t.id, r.path, site.at(r), { ...facts(r), reference: `${value.address}.${value.attribute}` });
      else if (to) add(to, r.path, site.at(r), { ...facts(r), reference: `${value.address}.${value.attribute}` });
      else if (t?.type === REPLICA_TYPE && namesTable(t.type, value.attribute)) b.unresolve('connects-to', r.path, `the table ${value.address} replicates is not in the scanned configuration`);
      else if (!t) b.unresolve('connects-to', r.path, `${value.address} is not in the scanned configuration: it may be a database or cache`);
      // A reference to a queue, a bucket, a secret of its own, a cache's ARN, a table's stream: not a connection to a data store.
    } else if (value instanceof Unknown) {
      pending.push({ r, reason: value.reason });
    } else if (typeof value === 'string') {
      for (const h of hostNamesIn(value)) {
        const id = host.byHost(h);
        if (id) add(id, r.path, site.at(r), { ...facts(r), host: h });
      }
      const table = tableByLiteral(value, host);
      if (table) add(table.id, r.path, site.at(r), { ...facts(r), table: table.name });
    }
  }

  // References the structure does not show: inside template strings, templatefile() variables, a plan's unknown value.
  let statics = 0;
  // A cache mentioned inside the text is taken as its endpoint (the text is a host or URL template).
  for (const type of [...DATABASE_TYPES, ...CACHE_TYPES, TABLE_TYPE, REPLICA_TYPE]) {
    for (const mentioned of host.staticTargets(site.attribute, type)) {
      statics++;
      // A table's replica mentioned is its table (the text written is the replica's address).
      const m = host.instance(mentioned);
      const id = type === REPLICA_TYPE ? (m ? tableOfReplica(m, host) : undefined) : mentioned;
      if (id === undefined) {
        b.unresolve('connects-to', site.attribute, `the table ${m?.address ?? mentioned} replicates is not in the scanned configuration`);
        continue;
      }
      if (linked.has(id) || seen.has(id) || seen.has(mentioned)) continue;
      const text = m ? m.address.replace(/\[.*$/, '') : undefined;
      // The value known only after apply because of this data store (`postgres://${aws_db_instance.x.address}:5432`) is its variable.
      const owner = text ? pending.find((p) => startsWithAddress(p.reason, text)) : undefined;
      if (owner) {
        add(id, owner.r.path, site.at(owner.r), { ...facts(owner.r), reference: m!.address });
        continue;
      }
      const location = (text && ri.findText?.([text], site.attribute)) || ri.locate(site.attribute);
      add(id, site.attribute, location, { via: 'reference', reference: m?.address ?? id });
    }
  }
  // A value built from a linked data store's attribute (`redis://${aws_elasticache_cluster.x.cache_nodes[0].address}`) is that link, not a gap.
  const linkedAddresses = [...linked].map((id) => host.instance(id)?.address.replace(/\[.*$/, '')).filter((a): a is string => a !== undefined);
  for (const p of pending) {
    if (linkedAddresses.some((a) => startsWithAddress(p.reason, a))) continue;
    // Passed in from elsewhere (a module input map): the reason names the data store that makes it unknown.
    const named = namedByReason(p.reason, ri, host);
    if (named) add(named.id, p.r.path, site.at(p.r), { ...facts(p.r), reference: named.reference });
    else b.unresolve('connects-to', p.r.path, p.reason);
  }
  if (site.unreadable !== undefined && statics === 0) b.unresolve('connects-to', site.attribute, site.unreadable);
}
