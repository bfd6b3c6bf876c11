/**
 * AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable → db.table.
 *
 * A GlobalTable lists one replica per Region, the stack's own among them,
 * each with its own point-in-time recovery and deletion protection: the
 * table's settings are those of the stack Region's replica. When the stack
 * Region is not known, a setting all replicas agree on is the table's, and
 * one they differ on is unknown; the replica list then keeps every Region
 * (`replicasIncludeOwn`).
 */
import type { TableReplica } from '../../../graph/types.js';
import { Unknown, type Maybe } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { isObject, type Value } from '../values.js';

const { toStr, toBool } = coercions(CLOUDFORMATION_RULES);

type Get = (path: string) => Value | undefined;

const PITR = 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled';

export function buildDynamoTable(b: NodeBuilder, get: Get): void {
  b.prop('name', toStr(get('TableName')), 'TableName');
  b.prop('pointInTimeRecovery', toBool(get(PITR)), PITR);
  b.prop('deletionProtection', toBool(get('DeletionProtectionEnabled')), 'DeletionProtectionEnabled');
  // A plain table has no replicas in the template (one made global outside CloudFormation is not seen).
  b.prop('replicas', [], undefined);
}

export function buildDynamoGlobalTable(b: NodeBuilder, get: Get, stackRegion: string | undefined, address: string): void {
  b.prop('name', toStr(get('TableName')), 'TableName');
  const list = get('Replicas');
  if (list instanceof Unknown || !Array.isArray(list)) {
    const why = list instanceof Unknown ? list : new Unknown(list === undefined ? 'Replicas is not set' : 'Replicas is not a list');
    b.prop('pointInTimeRecovery', why, 'Replicas');
    b.prop('deletionProtection', why, 'Replicas');
    b.prop('replicas', why, 'Replicas');
    return;
  }
  const items = list.map((item, i) => ({ item, i, region: isObject(item) ? toStr(item.Region) : item instanceof Unknown ? item : new Unknown(`Replicas[${i}] is not a mapping`) }));
  const own = stackRegion === undefined ? undefined : items.find((x) => x.region === stackRegion);
  const setting = (name: 'pointInTimeRecovery' | 'deletionProtection', path: string): void => {
    const of = (x: (typeof items)[number]): Maybe<boolean> => (x.item instanceof Unknown ? x.item : isObject(x.item) ? toBool(at(x.item, path)) : undefined);
    if (own) {
      b.prop(name, of(own), `Replicas.${own.i}.${path}`);
      return;
    }
    if (stackRegion !== undefined) {
      b.prop(name, new Unknown(`no replica in the stack's Region ${stackRegion} (CloudFormation requires one)`), 'Replicas');
      return;
    }
    const values = items.map(of);
    const first = values[0];
    const unknown = values.find((v): v is Unknown => v instanceof Unknown);
    if (unknown) b.prop(name, unknown, 'Replicas');
    else if (values.every((v) => v === first)) b.prop(name, first, items.length ? `Replicas.0.${path}` : 'Replicas');
    else b.prop(name, new Unknown(`the replicas differ on ${path} and the stack's Region (which replica is this table) is not known offline`), 'Replicas');
  };
  setting('pointInTimeRecovery', PITR);
  setting('deletionProtection', 'DeletionProtectionEnabled');
  const replicas: TableReplica[] = items.filter((x) => x !== own).map((x) => ({ region: x.region, declaredBy: `${address}.Replicas[${x.i}]` }));
  b.prop('replicas', replicas, 'Replicas');
  if (stackRegion === undefined) b.prop('replicasIncludeOwn', true, undefined);
}

function at(v: Value, path: string): Value | undefined {
  let cur: Value | undefined = v;
  for (const seg of path.split('.')) {
    if (cur instanceof Unknown) return cur;
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/**
 * Where a GlobalTable's tags are: each replica has its own `Tags`. The
 * stack Region's replica gives the table's; with the Region unknown, tags
 * every replica agrees on, else unknown (a tier is never guessed).
 */
export function globalTableTagSource(props: Value | undefined, stackRegion: string | undefined): Value {
  const list = isObject(props) ? props.Replicas : props;
  if (list instanceof Unknown) return { Tags: list };
  if (!Array.isArray(list)) return {};
  const replicas = list.filter(isObject);
  const own = stackRegion === undefined ? undefined : replicas.find((x) => x.Region === stackRegion);
  if (own) return own;
  if (replicas.length === 0) return {};
  const first = JSON.stringify(replicas[0].Tags ?? null);
  if (replicas.every((x) => JSON.stringify(x.Tags ?? null) === first)) return replicas[0];
  return { Tags: new Unknown("the replicas' Tags differ and the stack's Region (which replica is this table) is not known offline") };
}
