/**
 * `aws_ecs_task_definition` → an `ecs.task-definition` node, and the
 * databases its containers name → `connects-to` edges.
 *
 * `container_definitions` is JSON text: usually `jsonencode([...])` (whose
 * structure the evaluator keeps when values are known only after apply, see
 * EncodedJson), a heredoc, or a plan's string. What its environment values
 * and secrets name is linked by data-links.ts.
 */
import type { SourceLocation } from '../../../graph/types.js';
import { maskSecrets, Unknown } from '../../../graph/values.js';
import { coercions, TERRAFORM_RULES, type SourceValue } from '../../common/coerce.js';
import type { DataReference } from '../../common/data-references.js';
import { maskEnvironmentValues, readContainers } from '../../common/task-definition.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { EncodedJson, type Value, type ValueObject } from '../expr/values.js';
import { linkDataStores, type DataLinkHost } from './data-links.js';
import type { NormalizeInput } from '../input.js';

const C = coercions(TERRAFORM_RULES);

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

export function buildTaskDefinition(b: NodeBuilder, ri: NormalizeInput, host: DataLinkHost): void {
  const v = ri.value;
  b.prop('family', C.toStr(v.family), 'family');
  const { containers, references } = readContainers(containerStructure(v.container_definitions), 'camel', C, 'container_definitions');
  b.prop('containers', containers, 'container_definitions');

  const at = (r: DataReference): SourceLocation => {
    // The variable's name after its container's; the name alone when the container's is computed (`name = each.key`).
    const variable = typeof r.variable === 'string' ? `"${r.variable}"` : undefined;
    const container = typeof r.container === 'string' ? `"${r.container}"` : undefined;
    const found = (variable && container && ri.findText?.([container, variable], 'container_definitions')) || (variable && ri.findText?.([variable], 'container_definitions'));
    return found || ri.locate('container_definitions');
  };
  linkDataStores(b, ri, host, references, { attribute: 'container_definitions', at, unreadable: containers instanceof Unknown ? containers.reason : undefined });
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
