/**
 * `aws_ecs_task_definition` → an `ecs.task-definition` node, and the
 * databases its containers name → `connects-to` edges.
 *
 * `container_definitions` is JSON text: usually `jsonencode([...])` (whose
 * structure the evaluator keeps when values are known only after apply, see
 * EncodedJson), a heredoc, or a plan's string. A container names a database
 * when an environment value or a secret's `valueFrom` is a reference to it
 * (`aws_rds_cluster.orders.endpoint`, `aws_db_instance.legacy.address`,
 * `aws_rds_cluster.orders.master_user_secret[0].secret_arn`), or a literal
 * host name equal to a scanned database's known endpoint. A cache
 * (ElastiCache, MemoryDB) is named by a reference to one of its endpoint
 * attributes (`aws_elasticache_replication_group.sessions.primary_endpoint_address`),
 * or by its known endpoint host. References the
 * structure does not show (inside a template string, `templatefile()`
 * variables, a plan's unknown text) are found among the attribute's static
 * references, at the attribute.
 */
import type { Edge, SourceLocation } from '../../../graph/types.js';
import { maskSecrets, Unknown } from '../../../graph/values.js';
import { coercions, TERRAFORM_RULES, type SourceValue } from '../../common/coerce.js';
import { hostNamesIn, maskEnvironmentValues, readContainers, type ContainerReference } from '../../common/task-definition.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { EncodedJson, ResourceRef, type Value, type ValueObject } from '../expr/values.js';
import type { NormalizeInput } from '../input.js';

const C = coercions(TERRAFORM_RULES);

/** Resource types a container can connect to as its database. */
const DATABASE_TYPES: readonly string[] = ['aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_db_instance', 'aws_db_proxy', 'aws_rds_global_cluster', 'aws_docdb_cluster', 'aws_docdb_cluster_instance'];

/** Attributes of a database that hold its host names (known in plans of existing databases). */
const HOST_ATTRIBUTES = ['endpoint', 'reader_endpoint', 'address'];

/**
 * Cache types and the attributes that name their endpoints: a container
 * referencing one of these connects to the cache (its ARN or name alone does not).
 */
const CACHE_ENDPOINTS: Readonly<Record<string, readonly string[]>> = {
  aws_elasticache_replication_group: ['primary_endpoint_address', 'configuration_endpoint_address', 'reader_endpoint_address'],
  aws_elasticache_cluster: ['cache_nodes', 'cluster_address', 'configuration_endpoint'],
  aws_memorydb_cluster: ['cluster_endpoint'],
  aws_elasticache_serverless_cache: ['endpoint', 'reader_endpoint'],
};
const CACHE_TYPES = Object.keys(CACHE_ENDPOINTS);

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

/** What the normalizer gives the task definition builder. */
export interface TaskDefinitionHost {
  /** The instance a reference names, if scanned. */
  target(ref: ResourceRef): NormalizeInput | undefined;
  /** A scanned instance by graph id. */
  instance(id: string): NormalizeInput | undefined;
  /** Instances of `type` the attribute's expression mentions. */
  staticTargets(attribute: string, type: string): string[];
  /** The database known by this host name. */
  byHost(host: string): string | undefined;
  edge(e: Edge): void;
}

/** The JSON structure of `container_definitions`: parsed text, the structure behind unknown text, or Unknown. */
function containerStructure(v: Value | undefined): SourceValue | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof EncodedJson) return v.structure as SourceValue;
  if (v instanceof Unknown) return v;
  if (typeof v !== 'string') return v as SourceValue;
  try {
    return JSON.parse(v) as SourceValue;
  } catch (e) {
    return new Unknown(`container_definitions is not valid JSON: ${(e as Error).message}`);
  }
}

export function buildTaskDefinition(b: NodeBuilder, ri: NormalizeInput, host: TaskDefinitionHost): void {
  const v = ri.value;
  b.prop('family', C.toStr(v.family), 'family');
  const { containers, references } = readContainers(containerStructure(v.container_definitions), 'camel', C, 'container_definitions');
  b.prop('containers', containers, 'container_definitions');

  const linked = new Set<string>();
  const at = (r: ContainerReference): SourceLocation => {
    // The variable's name after its container's; the name alone when the container's is computed (`name = each.key`).
    const variable = typeof r.variable === 'string' ? `"${r.variable}"` : undefined;
    const container = typeof r.container === 'string' ? `"${r.container}"` : undefined;
    const found = (variable && container && ri.findText?.([container, variable], 'container_definitions')) || (variable && ri.findText?.([variable], 'container_definitions'));
    return found || ri.locate('container_definitions');
  };
  const add = (to: string, attribute: string, location: SourceLocation, data: Record<string, unknown>) => {
    linked.add(to);
    host.edge({ from: b.id, to, kind: 'connects-to', attribute, location, data });
  };
  const facts = (r: ContainerReference): Record<string, unknown> => {
    const d: Record<string, unknown> = { via: r.via };
    if (typeof r.container === 'string') d.container = r.container;
    if (typeof r.variable === 'string') d.variable = r.variable;
    return d;
  };

  // Targets the structure shows by reference (a cache's ARN is one and is not a connection), and values
  // known only after apply whose reference may be among the attribute's static ones (a template string).
  const seen = new Set<string>();
  const pending: { path: string; reason: string }[] = [];
  for (const r of references) {
    const value = r.value;
    if (value instanceof ResourceRef) {
      const t = host.target(value);
      if (t) seen.add(t.id);
      if (t && (DATABASE_TYPES.includes(t.type) || namesCacheEndpoint(t.type, value.attribute))) add(t.id, r.path, at(r), { ...facts(r), reference: `${value.address}.${value.attribute}` });
      else if (!t) b.unresolve('connects-to', r.path, `${value.address} is not in the scanned configuration: it may be a database or cache`);
      // A reference to a queue, a bucket, a secret of its own, a cache's ARN: not a connection to a data store.
    } else if (value instanceof Unknown) {
      pending.push({ path: r.path, reason: value.reason });
    } else if (typeof value === 'string') {
      for (const h of hostNamesIn(value)) {
        const id = host.byHost(h);
        if (id) add(id, r.path, at(r), { ...facts(r), host: h });
      }
    }
  }

  // References the structure does not show: inside template strings, templatefile() variables, a plan's unknown text.
  let statics = 0;
  // A cache mentioned inside the text is taken as its endpoint (the text is a host or URL template).
  for (const type of [...DATABASE_TYPES, ...CACHE_TYPES]) {
    for (const id of host.staticTargets('container_definitions', type)) {
      statics++;
      if (linked.has(id) || seen.has(id)) continue;
      const t = host.instance(id);
      const text = t ? t.address.replace(/\[.*$/, '') : undefined;
      const location = (text && ri.findText?.([text], 'container_definitions')) || ri.locate('container_definitions');
      add(id, 'container_definitions', location, { via: 'reference', reference: t?.address ?? id });
    }
  }
  // A value built from a linked data store's attribute (`redis://${aws_elasticache_cluster.x.cache_nodes[0].address}`) is that link, not a gap.
  const linkedAddresses = [...linked].map((id) => host.instance(id)?.address.replace(/\[.*$/, '')).filter((a): a is string => a !== undefined);
  for (const p of pending) if (!linkedAddresses.some((a) => p.reason.startsWith(`${a}.`) || p.reason.startsWith(`${a}[`))) b.unresolve('connects-to', p.path, p.reason);
  if (containers instanceof Unknown && statics === 0) b.unresolve('connects-to', 'container_definitions', containers.reason);
}

/** The evidence copy of a task definition's attributes: secrets masked, including secret-named environment values inside the JSON text. */
export function taskDefinitionAttributes(value: ValueObject): Record<string, unknown> {
  const out = maskSecrets(value as Record<string, unknown>);
  const cd = value.container_definitions;
  if (typeof cd === 'string') {
    try {
      out.container_definitions = JSON.stringify(maskEnvironmentValues(JSON.parse(cd)));
    } catch {
      // Not JSON: kept as written (reported as an unknown prop).
    }
  } else if (cd instanceof EncodedJson) {
    out.container_definitions = maskEnvironmentValues(cd.structure);
  }
  return out;
}
