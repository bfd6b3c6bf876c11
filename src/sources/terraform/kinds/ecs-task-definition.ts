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
 * host name equal to a scanned database's known endpoint. References the
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

/** The host names a scanned database is known by (`endpoint` may carry `:port`). */
export function databaseHosts(ri: NormalizeInput): string[] {
  if (!DATABASE_TYPES.includes(ri.type)) return [];
  const out: string[] = [];
  for (const a of HOST_ATTRIBUTES) {
    const v = ri.value[a];
    if (typeof v === 'string' && v) out.push(v.replace(/:\d+$/, '').toLowerCase());
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

  for (const r of references) {
    const value = r.value;
    if (value instanceof ResourceRef) {
      const t = host.target(value);
      if (t && DATABASE_TYPES.includes(t.type)) add(t.id, r.path, at(r), { ...facts(r), reference: `${value.address}.${value.attribute}` });
      else if (!t) b.unresolve('connects-to', r.path, `${value.address} is not in the scanned configuration: it may be a database`);
      // A reference to a queue, a bucket, a secret of its own: not a database.
    } else if (value instanceof Unknown) {
      b.unresolve('connects-to', r.path, value.reason);
    } else if (typeof value === 'string') {
      for (const h of hostNamesIn(value)) {
        const id = host.byHost(h);
        if (id) add(id, r.path, at(r), { ...facts(r), host: h });
      }
    }
  }

  // References the structure does not show: inside template strings, templatefile() variables, a plan's unknown text.
  let statics = 0;
  for (const type of DATABASE_TYPES) {
    for (const id of host.staticTargets('container_definitions', type)) {
      statics++;
      if (linked.has(id)) continue;
      const t = host.instance(id);
      const text = t ? t.address.replace(/\[.*$/, '') : undefined;
      const location = (text && ri.findText?.([text], 'container_definitions')) || ri.locate('container_definitions');
      add(id, 'container_definitions', location, { via: 'reference', reference: t?.address ?? id });
    }
  }
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
