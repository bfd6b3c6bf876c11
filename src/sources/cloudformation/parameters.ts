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
import { RE2JS } from 're2js';
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

/**
 * Why CloudFormation would reject `value` for a parameter declared as
 * `decl` (the plain `Parameters.<name>` mapping), or undefined when it would
 * accept it or when that cannot be told offline (AWS-specific and SSM types
 * are checked against the account). The checks are CloudFormation's:
 * `Type` String / Number / List<Number> / CommaDelimitedList, `AllowedValues`
 * (each element of a list), `AllowedPattern` (the whole value; RE2, linear
 * time), `MinLength`/`MaxLength` (strings) and `MinValue`/`MaxValue` (numbers).
 */
export function parameterValueProblem(decl: unknown, value: string): string | undefined {
  if (!decl || typeof decl !== 'object' || Array.isArray(decl)) return undefined;
  const d = decl as Record<string, unknown>;
  const type = typeof d.Type === 'string' ? d.Type : 'String';
  const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));
  const allowed = Array.isArray(d.AllowedValues) ? d.AllowedValues.map((v) => String(v)) : undefined;
  const num = (k: string): number | undefined => (d[k] !== undefined && isNumber(String(d[k])) ? Number(d[k]) : undefined);
  const show = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
  if (type === 'Number') {
    if (!isNumber(value)) return `${show(value)} is not a number (Type Number)`;
  } else if (type === 'List<Number>') {
    const bad = value.split(',').find((x) => !isNumber(x));
    if (bad !== undefined) return `${show(bad)} is not a number (Type List<Number>)`;
  } else if (type !== 'String' && type !== 'CommaDelimitedList') {
    return undefined;
  }
  const items = type === 'String' || type === 'Number' ? [value] : value.split(',').map((x) => x.trim());
  for (const item of items) {
    if (allowed && !allowed.includes(item)) return `${show(item)} is not one of AllowedValues (${allowed.map((v) => JSON.stringify(v)).join(', ')})`;
  }
  if (type === 'String') {
    const min = num('MinLength');
    const max = num('MaxLength');
    if (min !== undefined && value.length < min) return `${show(value)} is shorter than MinLength ${min}`;
    if (max !== undefined && value.length > max) return `${show(value)} is longer than MaxLength ${max}`;
    if (typeof d.AllowedPattern === 'string') {
      let ok: boolean | undefined;
      try {
        ok = RE2JS.matches(d.AllowedPattern, value);
      } catch {
        ok = undefined; // a pattern RE2 cannot compile (Java-only syntax): not checked here
      }
      if (ok === false) return `${show(value)} does not match AllowedPattern ${JSON.stringify(d.AllowedPattern)}`;
    }
  }
  if (type === 'Number' || type === 'List<Number>') {
    const min = num('MinValue');
    const max = num('MaxValue');
    for (const item of type === 'Number' ? [value] : value.split(',')) {
      if (min !== undefined && Number(item) < min) return `${show(item)} is below MinValue ${min}`;
      if (max !== undefined && Number(item) > max) return `${show(item)} is above MaxValue ${max}`;
    }
  }
  return undefined;
}
