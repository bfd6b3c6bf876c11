import { expect } from 'vitest';
import {
  compileValue,
  evaluate,
  parseExpression,
  RESOURCE_ADDRESS,
  ResourceRef,
  Unknown,
  type EvalIssue,
  type EvalScope,
  type Value,
  type ValueObject,
} from '../../../src/sources/terraform/expr/index.js';

export const subnetA: ValueObject = { [RESOURCE_ADDRESS]: 'aws_subnet.a', cidr_block: '10.0.1.0/24', tags: { Tier: 'private' } };
export const private0: ValueObject = { [RESOURCE_ADDRESS]: 'aws_subnet.private[0]', availability_zone: 'eu-west-1a' };
export const private1: ValueObject = { [RESOURCE_ADDRESS]: 'aws_subnet.private[1]', availability_zone: 'eu-west-1b' };
export const instance: ValueObject = { [RESOURCE_ADDRESS]: 'aws_instance.web', ami: 'ami-1' };

/** A variable with no value. */
export const noValue = new Unknown('var.size has no value');

export const ROOTS: Record<string, Value> = {
  var: {
    n: 3,
    s: 'hello',
    l: [1, 2, 3],
    strs: ['b', 'a'],
    m: { b: 2, a: 1, c: 3 },
    t: true,
    f: false,
    nothing: null,
    size: noValue,
    objs: [
      { id: 'x', ips: ['10.0.0.1', '10.0.0.2'], tags: { Name: 'first' } },
      { id: 'y', ips: ['10.0.0.3'], tags: { Name: 'second' } },
    ],
    one: { id: 'solo' },
    nested: { a: { b: { c: 'deep' } } },
  },
  local: { env: 'prod', subnet: subnetA },
  aws_subnet: { a: subnetA, private: [private0, private1] },
  aws_instance: { web: instance },
  count: { index: 1 },
  each: { key: 'blue', value: { weight: 10 } },
};

export const scope: EvalScope = { lookup: (root) => ROOTS[root] };

export interface Result {
  value: Value;
  issues: EvalIssue[];
}

/** Evaluate a bare expression (HCL source). */
export function run(source: string, s: EvalScope = scope): Result {
  const issues: EvalIssue[] = [];
  const value = evaluate(parseExpression(source), s, issues);
  return { value, issues };
}

/** Evaluate a value as hcl2json returns it. */
export function runValue(raw: unknown, s: EvalScope = scope): Result {
  const issues: EvalIssue[] = [];
  const value = evaluate(compileValue(raw), s, issues);
  return { value, issues };
}

/** Value of a bare expression that must evaluate without issues. */
export function ev(source: string, s: EvalScope = scope): Value {
  const { value, issues } = run(source, s);
  expect(issues, `issues of ${source}`).toEqual([]);
  return value;
}

/** Asserts a plain Unknown (not a ResourceRef) and returns its reason. */
export function expectPlainUnknown(v: Value): string {
  expect(v).toBeInstanceOf(Unknown);
  expect(v).not.toBeInstanceOf(ResourceRef);
  return (v as Unknown).reason;
}

export function expectRef(v: Value, address: string, attribute: string): void {
  expect(v).toBeInstanceOf(ResourceRef);
  expect((v as ResourceRef).address).toBe(address);
  expect((v as ResourceRef).attribute).toBe(attribute);
}
