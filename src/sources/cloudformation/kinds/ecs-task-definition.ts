/**
 * `AWS::ECS::TaskDefinition` → an `ecs.task-definition` node, and the
 * databases its containers name → `connects-to` edges.
 *
 * A container names a database when an `Environment` value or a secret's
 * `ValueFrom` is `!GetAtt Db.Endpoint.Address`, `!Ref Db`,
 * `!GetAtt Db.MasterUserSecret.SecretArn`, or a `!Sub` / `!Join` built from
 * one (`postgres://${Db.Endpoint.Address}:5432/app`). A cache is named by a
 * `!GetAtt` of one of its endpoints (`Sessions.PrimaryEndPoint.Address`,
 * `Ledger.ClusterEndpoint.Address`). The edge is at the variable's `Name`
 * in the template.
 */
import type { Edge, SourceLocation } from '../../../graph/types.js';
import { Unknown } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions, type SourceValue } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { readContainers, type ContainerReference } from '../../common/task-definition.js';
import type { Pos, TNode } from '../parse.js';
import { ComputedUnknown, StackRef, type Value } from '../values.js';

const C = coercions(CLOUDFORMATION_RULES);

/** Resource types a container can connect to as its database. */
const DATABASE_TYPES: readonly string[] = ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::RDS::DBProxy', 'AWS::RDS::GlobalCluster', 'AWS::DocDB::DBCluster', 'AWS::DocDB::DBInstance'];

/** Cache types and the `!GetAtt` attributes (first segment) that name their endpoints; `Ref` gives a name, not an endpoint. */
const CACHE_ENDPOINTS: Readonly<Record<string, readonly string[]>> = {
  'AWS::ElastiCache::ReplicationGroup': ['PrimaryEndPoint', 'ConfigurationEndPoint', 'ReaderEndPoint', 'ReadEndPoint'],
  'AWS::ElastiCache::CacheCluster': ['RedisEndpoint', 'ConfigurationEndpoint'],
  'AWS::MemoryDB::Cluster': ['ClusterEndpoint'],
  'AWS::ElastiCache::ServerlessCache': ['Endpoint', 'ReaderEndpoint'],
};

/** Does the reference name a data store a container connects to: any reference to a database, an endpoint of a cache? */
function namesDataStore(type: string, ref: StackRef): boolean {
  if (DATABASE_TYPES.includes(type)) return true;
  return CACHE_ENDPOINTS[type]?.includes(ref.attribute.split('.')[0]) ?? false;
}

/** The task definition node being built, as the normalizer's builder offers it. */
export interface TaskDefinitionBuilder extends NodeBuilder {
  get(path: string): Value | undefined;
  /** Position of a path of keys and list indexes in the resource's Properties (the deepest written). */
  locAt(path: readonly (string | number)[]): SourceLocation;
}

export interface TaskDefinitionHost {
  /** Whether a reference names a graph node (and of which type). */
  nodeType(ref: StackRef): string | undefined;
  edge(e: Edge): void;
}

/** `ContainerDefinitions[0].Environment[1].Value` → ['ContainerDefinitions', 0, 'Environment', 1, 'Name'] (the variable's line). */
function namePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([A-Za-z]+)|\[(\d+)\]/g)) out.push(m[1] ?? Number(m[2]));
  out[out.length - 1] = 'Name';
  return out;
}

export function buildTaskDefinition(b: TaskDefinitionBuilder, host: TaskDefinitionHost): void {
  b.prop('family', C.toStr(b.get('Family')), 'Family');
  const { containers, references } = readContainers(b.get('ContainerDefinitions') as SourceValue | undefined, 'pascal', C, 'ContainerDefinitions');
  b.prop('containers', containers, 'ContainerDefinitions');
  if (containers instanceof Unknown) {
    const refs = containers instanceof ComputedUnknown ? containers.refs.filter((r) => namesDataStore(host.nodeType(r) ?? '', r)) : [];
    for (const r of refs) host.edge({ from: b.id, to: r.targetId, kind: 'connects-to', attribute: 'ContainerDefinitions', location: b.loc('ContainerDefinitions'), data: { via: 'reference', reference: `${r.address}.${r.attribute}` } });
    if (refs.length === 0) b.unresolve('connects-to', 'ContainerDefinitions', containers.reason);
    return;
  }
  for (const r of references) link(b, host, r);
}

function link(b: TaskDefinitionBuilder, host: TaskDefinitionHost, r: ContainerReference): void {
  const v = r.value;
  const facts: Record<string, unknown> = { via: r.via };
  if (typeof r.container === 'string') facts.container = r.container;
  if (typeof r.variable === 'string') facts.variable = r.variable;
  const refs = v instanceof StackRef ? [v] : v instanceof ComputedUnknown ? v.refs : [];
  let linked = false;
  for (const ref of refs) {
    const type = host.nodeType(ref);
    if (!type || !namesDataStore(type, ref)) continue;
    linked = true;
    host.edge({ from: b.id, to: ref.targetId, kind: 'connects-to', attribute: r.path, location: b.locAt(namePath(r.path)), data: { ...facts, reference: ref.attribute === 'Ref' ? `Ref ${ref.address}` : `${ref.address}.${ref.attribute}` } });
  }
  // Unknown without a database among its references: a parameter without value, a dynamic reference, an import.
  if (!linked && v instanceof Unknown && refs.length === 0) b.unresolve('connects-to', r.path, v.reason);
}

/** The position of a path of keys and indexes in a template tree: the deepest part written. */
export function positionAt(root: TNode | undefined, start: Pos, path: readonly (string | number)[]): Pos {
  let pos = start;
  let node = root;
  for (const seg of path) {
    if (!node) break;
    if (typeof seg === 'number') {
      if (node.type !== 'seq' || !node.items[seg]) break;
      node = node.items[seg];
      pos = node.pos;
    } else {
      if (node.type !== 'map') break;
      const e = node.entries.find((x) => x.key === seg);
      if (!e) break;
      pos = e.keyPos;
      node = e.value;
    }
  }
  return pos;
}
