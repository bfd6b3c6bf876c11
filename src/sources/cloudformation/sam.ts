/**
 * AWS SAM (`Transform: AWS::Serverless-2016-10-31`), read in-house for the
 * resources that matter for availability, the way the SAM transform expands
 * them:
 *
 * - `AWS::Serverless::Function` → the `AWS::Lambda::Function` it becomes
 *   (kind `function`): the same property names (`VpcConfig`, `Environment`,
 *   `FileSystemConfigs`, `ReservedConcurrentExecutions`, …); `Tags` is a
 *   plain map (read as such); `DeadLetterQueue: {Type, TargetArn}` becomes
 *   `DeadLetterConfig: {TargetArn}`.
 * - `AWS::Serverless::SimpleTable` → the `AWS::DynamoDB::Table` it becomes
 *   (kind `db.table`): `TableName`, `Tags` (a map), `SSESpecification`,
 *   `PointInTimeRecoverySpecification` (passed through by the transform);
 *   what SimpleTable cannot express (deletion protection, replicas) is the
 *   DynamoDB default, as on the table SAM creates.
 * - `Globals` (Function, SimpleTable) are merged into each resource's
 *   Properties on the positioned tree, before evaluation, with SAM's rules:
 *   a value the resource writes wins; maps are merged key by key (the
 *   resource's key wins, recursively); lists are additive (the Globals
 *   items first); an intrinsic function counts as a plain value (the
 *   resource's wins, never merged). Inherited values keep the positions
 *   where Globals writes them.
 *
 * Other SAM types (Api, HttpApi, StateMachine, LayerVersion, Application,
 * Connector, GraphQLApi, …) and the resources SAM generates beside them are
 * not read: they are named in the template's coverage gap.
 */
import type { InputError } from '../../graph/types.js';
import { Unknown } from '../../graph/values.js';
import { getEntry, type MapEntry, type MapNode, type TNode } from './parse.js';
import type { ResourceDecl } from './template.js';
import { isObject, type ValueObject } from './values.js';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
export const SAM_FUNCTION = 'AWS::Serverless::Function';
export const SAM_SIMPLE_TABLE = 'AWS::Serverless::SimpleTable';

/** SAM types read as the CloudFormation resource they expand to. */
const READ: ReadonlySet<string> = new Set([SAM_FUNCTION, SAM_SIMPLE_TABLE]);

/** The Globals section each read type inherits from. */
const GLOBALS_SECTION: Record<string, string> = { [SAM_FUNCTION]: 'Function', [SAM_SIMPLE_TABLE]: 'SimpleTable' };

/** An intrinsic function written as a one-key mapping (`Ref`, `Fn::…`, `Condition`): SAM merges it as a plain value. */
function isIntrinsic(node: MapNode): boolean {
  if (node.entries.length !== 1) return false;
  const k = node.entries[0].key;
  return k === 'Ref' || k === 'Condition' || k.startsWith('Fn::');
}

/** SAM's merge of a Globals value under the resource's own. */
export function mergeGlobal(global: TNode, local: TNode): TNode {
  if (global.type === 'map' && local.type === 'map' && !isIntrinsic(global) && !isIntrinsic(local)) {
    const entries: MapEntry[] = global.entries.filter((g) => !getEntry(local, g.key));
    for (const l of local.entries) {
      const g = getEntry(global, l.key);
      entries.push(g ? { ...l, value: mergeGlobal(g.value, l.value) } : l);
    }
    return { ...local, entries };
  }
  if (global.type === 'seq' && local.type === 'seq') return { ...local, items: [...global.items, ...local.items] };
  return local;
}

/**
 * Apply `Globals` to the SAM resources read (in place: each decl's
 * `properties` becomes the merged tree). Structural problems of the section
 * go to `errors` (the transform would reject the template).
 */
export function applySamGlobals(root: MapNode, resources: Map<string, ResourceDecl>, file: string, errors: InputError[]): void {
  const globals = getEntry(root, 'Globals');
  if (!globals) return;
  if (globals.value.type !== 'map') {
    if (!(globals.value.type === 'scalar' && globals.value.value === null)) {
      errors.push({ file, line: globals.keyPos.line, column: globals.keyPos.column, kind: 'template', message: 'Globals must be a mapping (of Function, Api, SimpleTable, …)' });
    }
    return;
  }
  for (const decl of resources.values()) {
    const section = decl.type ? GLOBALS_SECTION[decl.type] : undefined;
    const g = section ? getEntry(globals.value, section) : undefined;
    if (!g) continue;
    if (g.value.type !== 'map') {
      if (!(g.value.type === 'scalar' && g.value.value === null)) {
        errors.push({ file, line: g.keyPos.line, column: g.keyPos.column, kind: 'template', message: `Globals.${section} must be a mapping of properties` });
      }
      continue;
    }
    // A resource without Properties inherits all of them (positions stay those of Globals).
    decl.properties = decl.properties ? (mergeGlobal(g.value, decl.properties) as MapNode) : g.value;
  }
}

/** Does this transform list include SAM? */
export function usesSam(transforms: readonly string[]): boolean {
  return transforms.includes(SAM_TRANSFORM);
}

/** SAM resource types of a template that are not read, with counts (for the coverage gap). */
export function samNotRead(resources: Iterable<ResourceDecl>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of resources) if (d.type?.startsWith('AWS::Serverless::') && !READ.has(d.type)) out[d.type] = (out[d.type] ?? 0) + 1;
  return out;
}

/**
 * An `AWS::Serverless::Function`'s evaluated Properties in the shape of the
 * `AWS::Lambda::Function` the transform writes: `DeadLetterQueue: {Type,
 * TargetArn}` → `DeadLetterConfig: {TargetArn}`. SAM-only properties
 * (Events, Policies, CodeUri, AutoPublishAlias, …) stay, as attributes.
 */
export function lambdaShape(props: ValueObject | Unknown): ValueObject | Unknown {
  if (props instanceof Unknown || props.DeadLetterQueue === undefined) return props;
  const { DeadLetterQueue: dlq, ...rest } = props;
  if (dlq instanceof Unknown) return { ...rest, DeadLetterConfig: dlq };
  if (!isObject(dlq)) return props;
  return { ...rest, DeadLetterConfig: dlq.TargetArn === undefined ? {} : { TargetArn: dlq.TargetArn } };
}

/**
 * A logical id the SAM transform generates (not declared in the template):
 * `<Function>Role`, `<Function>Alias<name>`, `<Api><Stage>Stage`, the
 * implicit `ServerlessRestApi` / `ServerlessHttpApi` and theirs, and `Ref
 * <Function>.Alias` / `.Version`. Returns why a reference to it is unknown,
 * or undefined when SAM would not make it (a reference error as usual).
 */
export function samGenerated(name: string, resources: ReadonlyMap<string, ResourceDecl>): string | undefined {
  if (/^Serverless(Rest|Http)Api/.test(name)) return `${name} is the API the SAM transform generates for Api/HttpApi events: not known offline`;
  for (const d of resources.values()) {
    if (!d.type?.startsWith('AWS::Serverless::') || name === d.logicalId || !name.startsWith(d.logicalId)) continue;
    return `${name} is generated by the SAM transform from ${d.logicalId} (${d.type}): not known offline`;
  }
  return undefined;
}
