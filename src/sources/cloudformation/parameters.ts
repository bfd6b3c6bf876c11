/**
 * Parameter files, in the three shapes people keep next to templates:
 *
 * - the AWS CLI's `[{"ParameterKey": "K", "ParameterValue": "V"}, …]`
 *   (`UsePreviousValue: true` → unknown: the deployed value is not known);
 * - CodePipeline's template configuration `{"Parameters": {"K": "V"}}`;
 * - a plain `{"K": "V"}` map.
 *
 * JSON or YAML. Values are strings as CloudFormation receives them (lists as
 * comma-separated strings).
 */
import type { InputError } from '../../graph/types.js';
import { Unknown } from '../../graph/values.js';
import { parseText, toPlain, type TNode } from './parse.js';
import type { Value } from './values.js';

export interface ParameterFileValues {
  values: Map<string, Value>;
  errors: InputError[];
}

function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(',');
  return undefined;
}

export function readParameterFile(text: string, file: string): ParameterFileValues {
  const values = new Map<string, Value>();
  const errors: InputError[] = [];
  const parsed = parseText(text, file);
  if (!parsed.root) return { values, errors: parsed.errors };
  errors.push(...parsed.errors);
  const bad = (node: TNode, message: string) => errors.push({ file, line: node.pos.line, column: node.pos.column, kind: 'parameter', message });
  let root: TNode = parsed.root;

  if (root.type === 'seq') {
    for (const item of root.items) {
      const p = toPlain(item) as Record<string, unknown> | null;
      if (!p || typeof p !== 'object' || Array.isArray(p) || typeof p.ParameterKey !== 'string') {
        bad(item, 'each entry must be {ParameterKey, ParameterValue}');
        continue;
      }
      if (p.UsePreviousValue === true || p.UsePreviousValue === 'true') {
        values.set(p.ParameterKey, new Unknown(`parameter ${p.ParameterKey} keeps its previous (deployed) value`));
        continue;
      }
      const v = asString(p.ParameterValue);
      if (v === undefined) bad(item, `ParameterValue of ${p.ParameterKey} must be a string`);
      else values.set(p.ParameterKey, v);
    }
    return { values, errors };
  }
  if (root.type === 'map') {
    const params = root.entries.find((e) => e.key === 'Parameters');
    if (params && params.value.type === 'map') root = params.value;
    if (root.type === 'map') {
      for (const e of root.entries) {
        const v = asString(toPlain(e.value));
        if (v === undefined) bad(e.value, `the value of ${e.key} must be a string`);
        else values.set(e.key, v);
      }
      return { values, errors };
    }
  }
  bad(parsed.root, 'a parameter file is a list of {ParameterKey, ParameterValue}, {Parameters: {…}} or a {key: value} mapping');
  return { values, errors };
}
