/**
 * The databases and caches a CloudFormation workload names → `connects-to`
 * edges: an ECS task definition's container environment and secrets
 * (ecs-task-definition.ts), a Lambda function's `Environment.Variables`
 * (lambda-environment.ts).
 *
 * A value names a database when it is `!GetAtt Db.Endpoint.Address`,
 * `!Ref Db`, `!GetAtt Db.MasterUserSecret.SecretArn`, or a `!Sub` / `!Join`
 * built from one (`postgres://${Db.Endpoint.Address}:5432/app`). A cache is
 * named by a `!GetAtt` of one of its endpoints (`Sessions.PrimaryEndPoint.Address`,
 * `Ledger.ClusterEndpoint.Address`). A DynamoDB table (or global table) is
 * named by `!Ref T`, `!GetAtt T.Arn`, or a `!Sub` built from them
 * (`arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${T}`),
 * or by its literal `TableName` or ARN when the scan has a table of that name
 * (an ARN of another Region than the stack's, when both are known, names none).
 */
import type { Edge, SourceLocation } from '../../../graph/types.js';
import { Unknown } from '../../../graph/values.js';
import type { DataReference } from '../../common/data-references.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { tableNameIn, type TableName } from '../../common/table-names.js';
import { SAM_SIMPLE_TABLE } from '../sam.js';
import { ComputedUnknown, StackRef } from '../values.js';

/** Resource types a workload can connect to as its database. */
const DATABASE_TYPES: readonly string[] = ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::RDS::DBProxy', 'AWS::RDS::GlobalCluster', 'AWS::DocDB::DBCluster', 'AWS::DocDB::DBInstance'];

/** Cache types and the `!GetAtt` attributes (first segment) that name their endpoints; `Ref` gives a name, not an endpoint. */
const CACHE_ENDPOINTS: Readonly<Record<string, readonly string[]>> = {
  'AWS::ElastiCache::ReplicationGroup': ['PrimaryEndPoint', 'ConfigurationEndPoint', 'ReaderEndPoint', 'ReadEndPoint'],
  'AWS::ElastiCache::CacheCluster': ['RedisEndpoint', 'ConfigurationEndpoint'],
  'AWS::MemoryDB::Cluster': ['ClusterEndpoint'],
  'AWS::ElastiCache::ServerlessCache': ['Endpoint', 'ReaderEndpoint'],
};

/**
 * DynamoDB tables: `Ref` gives the table name, `!GetAtt T.Arn` its ARN (a
 * `!Sub "arn:…:table/${T}"` is built from the `Ref`); `StreamArn` is read by
 * an event source mapping, not named for requests.
 */
const TABLE_TYPES: readonly string[] = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', SAM_SIMPLE_TABLE];
const TABLE_ATTRIBUTES = ['Ref', 'Arn'];

/** Does the reference name a data store a workload connects to: any reference to a database, an endpoint of a cache, a table's name or ARN? */
export function namesDataStore(type: string, ref: StackRef): boolean {
  if (DATABASE_TYPES.includes(type)) return true;
  if (TABLE_TYPES.includes(type)) return TABLE_ATTRIBUTES.includes(ref.attribute);
  return CACHE_ENDPOINTS[type]?.includes(ref.attribute.split('.')[0]) ?? false;
}

export interface DataLinkHost {
  /** Whether a reference names a graph node (and of which type). */
  nodeType(ref: StackRef): string | undefined;
  /** The scanned table a literal table name (or ARN) written in workload `fromId` names: same root template first, else the only one; undefined if none. */
  tableNamed(name: TableName, fromId: string): string | undefined;
  edge(e: Edge): void;
}

/** Link the data stores one written value names, at `location`; unresolve it when it is unknown without any reference. */
export function linkDataReference(b: NodeBuilder, host: DataLinkHost, r: DataReference, location: SourceLocation): void {
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
    host.edge({ from: b.id, to: ref.targetId, kind: 'connects-to', attribute: r.path, location, data: { ...facts, reference: ref.attribute === 'Ref' ? `Ref ${ref.address}` : `${ref.address}.${ref.attribute}` } });
  }
  // A literal table name or ARN (`TABLE: checkout-orders`): the stack's table of that name, if scanned.
  const named = typeof v === 'string' ? tableNameIn(v) : undefined;
  const table = named ? host.tableNamed(named, b.id) : undefined;
  if (table !== undefined) host.edge({ from: b.id, to: table, kind: 'connects-to', attribute: r.path, location, data: { ...facts, reference: `table ${named!.name}` } });
  // Unknown without a database among its references: a parameter without value, a dynamic reference, an import.
  if (!linked && v instanceof Unknown && refs.length === 0) b.unresolve('connects-to', r.path, v.reason);
}

/**
 * A whole attribute whose structure is unknown (a `!If`, a parameter): the
 * data stores among its references, at the attribute, else one gap.
 */
export function linkUnreadable(b: NodeBuilder, host: DataLinkHost, attribute: string, value: Unknown): void {
  const refs = value instanceof ComputedUnknown ? value.refs.filter((r) => namesDataStore(host.nodeType(r) ?? '', r)) : [];
  for (const r of refs) host.edge({ from: b.id, to: r.targetId, kind: 'connects-to', attribute, location: b.loc(attribute), data: { via: 'reference', reference: `${r.address}.${r.attribute}` } });
  if (refs.length === 0) b.unresolve('connects-to', attribute, value.reason);
}
