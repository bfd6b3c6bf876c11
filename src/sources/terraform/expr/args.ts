/**
 * Argument conversion for functions, following Terraform's automatic
 * conversions (a number where a string is expected becomes its decimal text,
 * "5" where a number is expected becomes 5). Each helper throws
 * UnknownResult for an unknown value and FunctionError for a wrong type.
 */
import { Unknown } from '../../../graph/values.js';
import { isObject, primitiveToString, toBoolValue, toNumberValue, typeName } from './convert.js';
import { typeError, unknownResult } from './errors.js';
import type { Value, ValueObject } from './values.js';

export function argString(v: Value, what: string): string {
  if (typeof v === 'string') return v;
  if (v instanceof Unknown) unknownResult(v);
  const s = primitiveToString(v);
  if (s !== undefined) return s;
  return typeError(`${what} must be a string, not ${typeName(v)}`);
}

export function argNumber(v: Value, what: string): number {
  if (typeof v === 'number') return v;
  if (v instanceof Unknown) unknownResult(v);
  const n = toNumberValue(v);
  if (n !== undefined) return n;
  return typeError(`${what} must be a number, not ${typeof v === 'string' ? JSON.stringify(v) : typeName(v)}`);
}

export function argInteger(v: Value, what: string): number {
  const n = argNumber(v, what);
  if (!Number.isInteger(n)) typeError(`${what} must be a whole number, not ${n}`);
  return n;
}

export function argBool(v: Value, what: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v instanceof Unknown) unknownResult(v);
  const b = toBoolValue(v);
  if (b !== undefined) return b;
  return typeError(`${what} must be a bool, not ${typeName(v)}`);
}

/** A list, tuple or set (all arrays). Elements are returned as they are, unknown ones included. */
export function argList(v: Value, what: string): Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Unknown) unknownResult(v);
  return typeError(`${what} must be a list, not ${typeName(v)}`);
}

export function argObject(v: Value, what: string): ValueObject {
  if (isObject(v)) return v;
  if (v instanceof Unknown) unknownResult(v);
  return typeError(`${what} must be a map or object, not ${typeName(v)}`);
}

/** A list whose elements must all be known strings (numbers and bools convert). */
export function argStringList(v: Value, what: string): string[] {
  const list = argList(v, what);
  const out = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (e === null) typeError(`${what} must not contain null (element ${i})`);
    out[i] = argString(e, `element ${i} of ${what}`);
  }
  return out;
}
