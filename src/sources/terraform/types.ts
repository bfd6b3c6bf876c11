/**
 * Terraform's type constraints for input variables: the type expression
 * (`map(object({ x = optional(string, "a") }))`) and the conversion Terraform
 * applies to a variable's value before anything reads it — primitive
 * string/number/bool conversions, optional attributes filled with their
 * default or null, extra object attributes dropped, sets deduplicated.
 * Unknown values (and their subclasses: resource references, symbolic AZs)
 * pass through unchanged, wherever they sit in a collection.
 */
import { Unknown } from '../../graph/values.js';
import type { Node } from './expr/ast.js';
import { compileValue, evaluate, HclSyntaxError, type EvalIssue, type Expr } from './expr/index.js';
import { hasOwn, isObject, numToString, parseNumber, setOwn, toSetList, typeName, unifyPrimitives } from './expr/convert.js';
import { RESOURCE_ADDRESS, ResourceRef, type Value, type ValueObject } from './expr/values.js';

export type TfType =
  | { kind: 'string' | 'number' | 'bool' | 'any' }
  | { kind: 'list' | 'set' | 'map'; element: TfType }
  | { kind: 'tuple'; elements: TfType[] }
  | { kind: 'object'; attributes: Map<string, ObjectAttribute> };

export interface ObjectAttribute {
  type: TfType;
  optional: boolean;
  /** `optional(T, default)`: the default, already converted to T. */
  default?: Value;
}

export const ANY: TfType = { kind: 'any' };

export class TypeExprError extends Error {}

const EMPTY_SCOPE = { lookup: (): undefined => undefined };

/**
 * The type constraint of a variable's `type` argument as hcl2json returns it
 * (`"${list(string)}"`); `any` when absent. Quoted legacy types (`"string"`,
 * `"list"`, `"map"`) are read as Terraform 0.11 meant them. Throws
 * TypeExprError on an invalid type expression.
 */
export function parseTypeConstraint(raw: unknown): TfType {
  if (raw === undefined || raw === null) return ANY;
  if (typeof raw !== 'string') throw new TypeExprError('a type constraint is required here, not a literal value');
  if (!raw.includes('${')) {
    switch (raw) {
      case 'string':
        return { kind: 'string' };
      case 'list':
        return { kind: 'list', element: ANY };
      case 'map':
        return { kind: 'map', element: ANY };
    }
    throw new TypeExprError(`invalid type constraint "${raw}"`);
  }
  let expr: Expr;
  try {
    expr = compileValue(raw);
  } catch (e) {
    throw new TypeExprError(e instanceof HclSyntaxError ? e.message : String(e));
  }
  return typeOf(expr as Node, false);
}

function typeOf(node: Node, inObjectAttr: boolean): TfType {
  if (node.type === 'variable') {
    switch (node.name) {
      case 'string':
      case 'number':
      case 'bool':
      case 'any':
        return { kind: node.name };
      case 'list':
      case 'set':
      case 'map':
        // A bare collection keyword is the legacy shorthand for `list(any)`.
        return { kind: node.name, element: ANY };
    }
    throw new TypeExprError(`the keyword "${node.name}" is not a valid type`);
  }
  if (node.type !== 'call') throw new TypeExprError('a type constraint is required here (string, number, bool, list(…), object({…}), …)');
  const args = node.args;
  const one = (): Node => {
    if (args.length !== 1) throw new TypeExprError(`${node.name}(…) takes exactly one argument`);
    return args[0];
  };
  switch (node.name) {
    case 'list':
    case 'set':
    case 'map':
      return { kind: node.name, element: typeOf(one(), false) };
    case 'tuple': {
      const a = one();
      if (a.type !== 'tuple') throw new TypeExprError('tuple(…) needs a list of element types: tuple([string, number])');
      return { kind: 'tuple', elements: a.items.map((n) => typeOf(n, false)) };
    }
    case 'object': {
      const a = one();
      if (a.type !== 'object') throw new TypeExprError('object(…) needs an object of attribute types: object({ name = string })');
      const attributes = new Map<string, ObjectAttribute>();
      a.keys.forEach((k, i) => {
        const name = k.type === 'literal' && typeof k.value === 'string' ? k.value : k.type === 'variable' ? k.name : undefined;
        if (name === undefined) throw new TypeExprError('object type attribute names must be plain names');
        attributes.set(name, attributeOf(a.values[i]));
      });
      return { kind: 'object', attributes };
    }
    case 'optional':
      throw new TypeExprError(inObjectAttr ? 'optional(…) takes a type and an optional default' : 'optional(…) is allowed only for an attribute of object(…)');
  }
  throw new TypeExprError(`"${node.name}" is not a type constructor`);
}

function attributeOf(node: Node): ObjectAttribute {
  if (node.type !== 'call' || node.name !== 'optional') return { type: typeOf(node, true), optional: false };
  if (node.args.length < 1 || node.args.length > 2) throw new TypeExprError('optional(…) takes a type and an optional default');
  const type = typeOf(node.args[0], true);
  if (node.args.length === 1) return { type, optional: true };
  const issues: EvalIssue[] = [];
  const raw = evaluate(node.args[1] as Expr, EMPTY_SCOPE, issues);
  if (issues.length) throw new TypeExprError(`the default of optional(…) must be a constant: ${issues[0].message}`);
  const converted = convertValue(raw, type);
  if ('error' in converted) throw new TypeExprError(`the default of optional(…) does not fit its type: ${converted.error}`);
  return { type, optional: true, default: converted.value };
}

/** `map(object({ x = optional(string, "a") }))`, for messages. */
export function typeString(t: TfType): string {
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'any':
      return t.kind;
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${typeString(t.element)})`;
    case 'tuple':
      return `tuple([${t.elements.map(typeString).join(', ')}])`;
    case 'object':
      return `object({${[...t.attributes].map(([k, a]) => `${k} = ${a.optional ? `optional(${typeString(a.type)})` : typeString(a.type)}`).join(', ')}})`;
  }
}

const typeCache = new WeakMap<object, TfType | TypeExprError>();

/** parseTypeConstraint, once per declaration body. */
export function declaredType(body: Record<string, unknown>): TfType | TypeExprError {
  let t = typeCache.get(body);
  if (!t) {
    try {
      t = parseTypeConstraint(body.type);
    } catch (e) {
      t = e instanceof TypeExprError ? e : new TypeExprError(String(e));
    }
    typeCache.set(body, t);
  }
  return t;
}

export type Conversion = { value: Value } | { error: string };

/**
 * Convert a value to a type as Terraform does for input variables. The
 * error names the path inside the value (`["web"].port: a number is required`).
 */
export function convertValue(v: Value, type: TfType): Conversion {
  try {
    return { value: convert(v, type, '') };
  } catch (e) {
    if (e instanceof ConversionError) return { error: e.message };
    throw e;
  }
}

class ConversionError extends Error {}

function fail(path: string, message: string): never {
  throw new ConversionError(path ? `${path}: ${message}` : message);
}

function convert(v: Value, type: TfType, path: string): Value {
  // null is a value of every type; unknowns keep their identity.
  if (v === null || v instanceof Unknown) return v;
  switch (type.kind) {
    case 'any':
      return v;
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return numToString(v);
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      return fail(path, `a string is required, not ${typeName(v)}`);
    case 'number': {
      if (typeof v === 'number') return v;
      if (typeof v === 'string') {
        const n = parseNumber(v);
        if (n !== undefined) return n;
        return fail(path, `a number is required, not the string ${JSON.stringify(v)}`);
      }
      return fail(path, `a number is required, not ${typeName(v)}`);
    }
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 'true') return true;
      if (v === 'false') return false;
      if (typeof v === 'string') return fail(path, `a bool is required, not the string ${JSON.stringify(v)}`);
      return fail(path, `a bool is required, not ${typeName(v)}`);
    case 'list':
    case 'set': {
      if (!Array.isArray(v)) return fail(path, `a ${type.kind} is required, not ${typeName(v)}`);
      let items = v.map((x, i) => convert(x, type.element, `${path}[${i}]`));
      if (type.element.kind === 'any') items = unifyPrimitives(items);
      return type.kind === 'set' ? toSetList(items) : items;
    }
    case 'tuple': {
      if (!Array.isArray(v)) return fail(path, `a tuple is required, not ${typeName(v)}`);
      if (v.length !== type.elements.length) return fail(path, `a tuple of ${type.elements.length} elements is required, not ${v.length}`);
      return v.map((x, i) => convert(x, type.elements[i], `${path}[${i}]`));
    }
    case 'map': {
      if (!isObject(v)) return fail(path, `a map is required, not ${typeName(v)}`);
      const out: ValueObject = {};
      const keys = Object.keys(v);
      for (const k of keys) setOwn(out, k, convert(v[k], type.element, `${path}[${JSON.stringify(k)}]`));
      if (type.element.kind === 'any') {
        const unified = unifyPrimitives(keys.map((k) => out[k]));
        keys.forEach((k, i) => setOwn(out, k, unified[i]));
      }
      return out;
    }
    case 'object': {
      if (!isObject(v)) return fail(path, `an object is required, not ${typeName(v)}`);
      const address = v[RESOURCE_ADDRESS];
      const out: ValueObject = {};
      for (const [name, attr] of type.attributes) {
        const sub = `${path}.${name}`;
        let x: Value | undefined = hasOwn(v, name) ? v[name] : undefined;
        // A resource instance object has every attribute; those not written are known after apply.
        if (x === undefined && address !== undefined) x = new ResourceRef(address, name);
        if (x === undefined && !attr.optional) fail(path, `attribute "${name}" is required`);
        // An optional attribute that is omitted or null takes its default (Terraform applies defaults to nulls).
        if ((x === undefined || x === null) && attr.optional) x = attr.default ?? null;
        setOwn(out, name, convert(x ?? null, attr.type, sub));
      }
      if (address !== undefined) out[RESOURCE_ADDRESS] = address;
      return out;
    }
  }
}
