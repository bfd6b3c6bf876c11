/**
 * Terraform type constraints: parsing type expressions and converting values
 * the way Terraform converts input variables.
 */
import { describe, expect, it } from 'vitest';
import { azAt, SymbolicAz } from '../../src/graph/az.js';
import { Unknown } from '../../src/graph/values.js';
import { ResourceRef, RESOURCE_ADDRESS, type Value } from '../../src/sources/terraform/expr/values.js';
import { convertValue, parseTypeConstraint, typeString, TypeExprError, type TfType } from '../../src/sources/terraform/types.js';

const T = (src: string): TfType => parseTypeConstraint(`\${${src}}`);

function ok(v: Value, type: string): Value {
  const r = convertValue(v, T(type));
  if ('error' in r) throw new Error(`unexpected conversion error: ${r.error}`);
  return r.value;
}

function err(v: Value, type: string): string {
  const r = convertValue(v, T(type));
  if (!('error' in r)) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('type expressions', () => {
  it('reads every constructor, nested at any depth', () => {
    for (const src of [
      'string',
      'number',
      'bool',
      'any',
      'list(string)',
      'set(number)',
      'map(bool)',
      'tuple([string, number, bool])',
      'object({a = string, b = list(number)})',
      'map(object({a = optional(string), b = optional(set(string))}))',
      'list(object({a = optional(list(object({b = optional(number)})))}))',
    ]) {
      expect(typeString(T(src))).toBe(src);
    }
  });

  it('reads legacy forms: bare collection keywords, quoted types', () => {
    expect(typeString(T('list'))).toBe('list(any)');
    expect(typeString(T('map'))).toBe('map(any)');
    expect(typeString(parseTypeConstraint('string'))).toBe('string');
    expect(typeString(parseTypeConstraint('list'))).toBe('list(any)');
    expect(typeString(parseTypeConstraint(undefined))).toBe('any');
  });

  it('keeps the converted default of optional(T, default)', () => {
    const t = T('object({ n = optional(number, "3"), l = optional(list(object({ b = optional(number, 3) })), [{}]) })');
    if (t.kind !== 'object') throw new Error('object expected');
    expect(t.attributes.get('n')).toEqual({ type: { kind: 'number' }, optional: true, default: 3 });
    expect(t.attributes.get('l')?.default).toEqual([{ b: 3 }]);
  });

  it('rejects invalid type expressions with a reason', () => {
    expect(() => T('strin')).toThrow(/"strin" is not a valid type/);
    expect(() => T('optional(string)')).toThrow(/only for an attribute of object/);
    expect(() => T('tuple(string)')).toThrow(/tuple\(…\) needs a list/);
    expect(() => T('object(string)')).toThrow(/object\(…\) needs an object/);
    expect(() => T('list(string, number)')).toThrow(/exactly one argument/);
    expect(() => T('object({ a = optional(number, "x") })')).toThrow(/default of optional\(…\) does not fit its type: a number is required/);
    expect(() => T('object({ a = optional(number, var.x) })')).toThrow(/must be a constant/);
    expect(() => T('"string"')).toThrow(TypeExprError);
    expect(() => parseTypeConstraint('strings')).toThrow(TypeExprError);
  });
});

describe('conversion', () => {
  it('converts primitives per Terraform: numeric strings, "true"/"false", numbers and bools to strings', () => {
    expect(ok('3', 'number')).toBe(3);
    expect(ok('-1.5e2', 'number')).toBe(-150);
    expect(ok('true', 'bool')).toBe(true);
    expect(ok('false', 'bool')).toBe(false);
    expect(ok(3, 'string')).toBe('3');
    expect(ok(0.5, 'string')).toBe('0.5');
    expect(ok(true, 'string')).toBe('true');
    expect(ok('x', 'any')).toBe('x');
  });

  it('refuses what does not convert, naming the path inside the value', () => {
    expect(err('three', 'number')).toBe('a number is required, not the string "three"');
    expect(err('yes', 'bool')).toBe('a bool is required, not the string "yes"');
    expect(err('True', 'bool')).toBe('a bool is required, not the string "True"');
    expect(err(1, 'bool')).toBe('a bool is required, not number');
    expect(err(['a'], 'string')).toBe('a string is required, not list');
    expect(err({ a: 1 }, 'list(number)')).toBe('a list is required, not object');
    expect(err(['a'], 'map(string)')).toBe('a map is required, not list');
    expect(err({ web: { port: 'x' } }, 'map(object({ port = number }))')).toBe('["web"].port: a number is required, not the string "x"');
    expect(err([1, 2], 'tuple([number])')).toBe('a tuple of 1 elements is required, not 2');
    expect(err({ a: 1 }, 'object({ a = number, b = string })')).toBe('attribute "b" is required');
    expect(err([{ a: [{ b: 'x' }] }], 'list(object({ a = optional(list(object({ b = optional(number, 3) }))) }))')).toBe('[0].a[0].b: a number is required, not the string "x"');
  });

  it('fills optional attributes with their default or null, at any depth, and drops extra attributes', () => {
    const type = 'list(object({ name = string, a = optional(list(object({ b = optional(number, 3), c = optional(string) }))), d = optional(object({ e = optional(bool, true) }), {}) }))';
    expect(ok([{ name: 'x', a: [{}, { b: '5', c: 1 }], extra: 'dropped' }, { name: 'y' }], type)).toEqual([
      { name: 'x', a: [{ b: 3, c: null }, { b: 5, c: '1' }], d: { e: true } },
      { name: 'y', a: null, d: { e: true } },
    ]);
  });

  it('an optional attribute set to null takes its default, like an omitted one', () => {
    expect(ok({ a: null }, 'object({ a = optional(number, 7), b = optional(string) })')).toEqual({ a: 7, b: null });
    // A required attribute may be null (null is a value of every type).
    expect(ok({ a: null }, 'object({ a = number })')).toEqual({ a: null });
  });

  it('deduplicates sets, converts maps element-wise, lists and tuples item-wise', () => {
    expect(ok(['b', 'a', 'b'], 'set(string)')).toEqual(['a', 'b']);
    expect(ok([1, '1', 2], 'set(number)')).toEqual([1, 2]);
    expect(ok({ a: '1', b: 2 }, 'map(number)')).toEqual({ a: 1, b: 2 });
    expect(ok({ a: 'x', b: 2 }, 'map(any)')).toEqual({ a: 'x', b: '2' });
    expect(ok([1, 'a'], 'list(any)')).toEqual(['1', 'a']);
    expect(ok(['1', 2, true], 'tuple([number, string, bool])')).toEqual([1, '2', true]);
    expect(ok(['1', '2'], 'list(number)')).toEqual([1, 2]);
  });

  it('keeps null and unknown values, and Unknown subclasses inside collections, untouched', () => {
    const u = new Unknown('variable x has no value');
    const ref = new ResourceRef('aws_subnet.a', 'id');
    const az = azAt({ key: 'data.aws_availability_zones.available.names', label: 'data.aws_availability_zones.available.names', distinct: true }, 1);
    expect(ok(null, 'number')).toBeNull();
    expect(ok(u, 'map(object({ a = string }))')).toBe(u);
    const out = ok({ a: { subnet: ref, az, n: u } }, 'map(object({ subnet = string, az = string, n = optional(number, 2) }))') as Record<string, Record<string, Value>>;
    expect(out.a.subnet).toBe(ref);
    expect(out.a.az).toBe(az);
    expect(out.a.az).toBeInstanceOf(SymbolicAz);
    expect(out.a.n).toBe(u);
    expect(ok([ref, ref], 'set(string)')).toEqual([ref, ref]);
  });

  it('a resource instance object converts to an object type: attributes it does not write are known after apply', () => {
    const inst = { name: 'db', [RESOURCE_ADDRESS]: 'aws_db_instance.main' };
    const out = ok(inst, 'object({ name = string, arn = string })') as Record<string, Value>;
    expect(out.name).toBe('db');
    expect(out.arn).toEqual(new ResourceRef('aws_db_instance.main', 'arn'));
  });
});
