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
import type { SourceLocation } from '../../../graph/types.js';
import { Unknown } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions, type SourceValue } from '../../common/coerce.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { readContainers } from '../../common/task-definition.js';
import { linkDataReference, linkUnreadable, type DataLinkHost } from './data-links.js';
import type { Pos, TNode } from '../parse.js';
import type { Value } from '../values.js';

const C = coercions(CLOUDFORMATION_RULES);

/** The task definition node being built, as the normalizer's builder offers it. */
export interface TaskDefinitionBuilder extends NodeBuilder {
  get(path: string): Value | undefined;
  /** Position of a path of keys and list indexes in the resource's Properties (the deepest written). */
  locAt(path: readonly (string | number)[]): SourceLocation;
}

/** `ContainerDefinitions[0].Environment[1].Value` → ['ContainerDefinitions', 0, 'Environment', 1, 'Name'] (the variable's line). */
function namePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([A-Za-z]+)|\[(\d+)\]/g)) out.push(m[1] ?? Number(m[2]));
  out[out.length - 1] = 'Name';
  return out;
}

export function buildTaskDefinition(b: TaskDefinitionBuilder, host: DataLinkHost): void {
  b.prop('family', C.toStr(b.get('Family')), 'Family');
  const { containers, references } = readContainers(b.get('ContainerDefinitions') as SourceValue | undefined, 'pascal', C, 'ContainerDefinitions');
  b.prop('containers', containers, 'ContainerDefinitions');
  if (containers instanceof Unknown) {
    linkUnreadable(b, host, 'ContainerDefinitions', containers);
    return;
  }
  for (const r of references) linkDataReference(b, host, r, b.locAt(namePath(r.path)));
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
