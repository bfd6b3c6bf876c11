/**
 * readPlanJson against what it replaces (parseJsonPositions + JSON.parse):
 * the kept parts equal, the dropped parts dropped, positions equal, errors
 * equal.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getEntry, getValue, type TNode } from '../../src/sources/cloudformation/parse.js';
import { JsonSyntaxError, parseJsonPositions } from '../../src/sources/common/json-positions.js';
import { readPlanJson } from '../../src/sources/plan/read-plan.js';
import { PACKAGE_ROOT } from '../../src/util/package.js';

const TECHNOVA_PLAN = path.join(PACKAGE_ROOT, 'fixtures/technova/plan/plan.json');

const PLAN = `{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_subnet.a[0]",
          "mode": "managed",
          "type": "aws_subnet",
          "name": "a",
          "index": 0,
          "values": { "cidr_block": "10.0.0.0/24", "tags": { "Name": "a\\u00e9" }, "ingress": [ { "from_port": 443 } ] }
        }
      ],
      "child_modules": [ { "address": "module.m", "resources": [] } ]
    }
  },
  "resource_changes": [
    { "address": "aws_subnet.a[0]", "change": { "actions": ["create"], "before": null, "after": { "big": "x" }, "after_unknown": { "id": true }, "before_sensitive": false, "after_sensitive": {} } }
  ],
  "prior_state": { "format_version": "1.0", "values": { "root_module": { "resources": [
    { "address": "data.aws_availability_zones.az", "mode": "data", "type": "aws_availability_zones", "name": "az", "values": { "names": ["eu-west-1a"] } },
    { "address": "aws_subnet.old", "mode": "managed", "type": "aws_subnet", "name": "old", "values": { "cidr_block": "10.9.0.0/24" } }
  ] } } },
  "configuration": { "root_module": { "resources": [ { "address": "aws_subnet.a", "expressions": { "vpc_id": { "references": ["aws_vpc.main.id"] } } } ] } },
  "__proto__": { "polluted": true }
}
`;

function positionsOf(node: TNode | undefined): unknown {
  if (!node) return undefined;
  if (node.type === 'map') return { pos: node.pos, entries: node.entries.map((e) => ({ key: e.key, keyPos: e.keyPos, value: positionsOf(e.value) })) };
  if (node.type === 'seq') return { pos: node.pos, items: node.items.map(positionsOf) };
  return { pos: node.pos };
}

function errorOf(f: () => unknown): { message: string; line?: number; column?: number } | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return { message: (e as Error).message, ...(e instanceof JsonSyntaxError ? { line: e.line, column: e.column } : {}) };
  }
}

describe('readPlanJson', () => {
  it('keeps planned_values, configuration and the rest as JSON.parse gives them; drops before/after and other prior-state resources', () => {
    const full = JSON.parse(PLAN) as Record<string, unknown>;
    const { value } = readPlanJson(PLAN);
    const v = value as typeof full & { resource_changes: { change: Record<string, unknown> }[]; prior_state: { values: { root_module: { resources: { address: string }[] } } } };
    expect(v.planned_values).toEqual(full.planned_values);
    expect(v.configuration).toEqual(full.configuration);
    expect(v.format_version).toBe('1.2');
    expect(v.resource_changes[0].change).toEqual({ actions: ['create'], after_unknown: { id: true }, after_sensitive: {} });
    expect(v.prior_state.values.root_module.resources.map((r) => r.address)).toEqual(['data.aws_availability_zones.az']);
    // An own property named __proto__, as JSON.parse makes it; the prototype untouched.
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
  });

  it('positions the skeleton as the full scanner does, and expands a resource\'s values from the text', () => {
    const full = parseJsonPositions(PLAN);
    const { positions, expand } = readPlanJson(PLAN);
    expect(getEntry(positions, 'format_version')?.value.pos).toEqual(getEntry(full, 'format_version')?.value.pos);
    const resources = (n: TNode | undefined): TNode | undefined => getValue(getValue(getValue(n, 'planned_values'), 'root_module'), 'resources');
    const [mine, theirs] = [resources(positions), resources(full)];
    expect(mine?.pos).toEqual({ line: 5, column: 20 });
    expect(mine?.pos).toEqual(theirs?.pos);
    const r = mine?.type === 'seq' ? mine.items[0] : undefined;
    const t = theirs?.type === 'seq' ? theirs.items[0] : undefined;
    expect(r?.pos).toEqual(t?.pos);
    expect(getEntry(r, 'address')?.keyPos).toEqual({ line: 7, column: 11 });
    expect(positionsOf(expand(getValue(r, 'values')))).toEqual(positionsOf(getValue(t, 'values')));
    const kids = (n: TNode | undefined): TNode | undefined => getValue(getValue(getValue(n, 'planned_values'), 'root_module'), 'child_modules');
    expect(positionsOf(kids(positions))).toEqual(positionsOf(kids(full)));
  });

  it('keeps the real technova plan\'s planned_values, configuration and variables as JSON.parse gives them', () => {
    const text = readFileSync(TECHNOVA_PLAN, 'utf8');
    const full = JSON.parse(text) as Record<string, unknown>;
    const { value } = readPlanJson(text);
    const v = value as Record<string, unknown>;
    expect(v.planned_values).toEqual(full.planned_values);
    expect(v.configuration).toEqual(full.configuration);
    expect(v.variables).toEqual(full.variables);
  });

  it.each([
    ['a missing comma', '{"format_version": "1.2" "planned_values": {}}'],
    ['a bad token deep in before (skipped, still checked)', '{"format_version": "1.2", "resource_changes": [{"change": {"before": {"a": tru}}}]}'],
    ['an unterminated string', '{"format_version": "1.2", "planned_values": {"x": "abc\n"}}'],
    ['text after the value', '{"format_version": "1.2"} x'],
    ['nesting over 512', `{"resource_changes": [{"change": {"before": ${'['.repeat(600)}${']'.repeat(600)}}}]}`],
    ['a raw tab in a string (only JSON.parse rejects it)', '{"format_version": "1.2", "prior_state": {"values": {"root_module": {"resources": [{"mode": "managed", "type": "t", "values": {"a": "x\ty"}}]}}}}'],
  ])('fails as before on %s', (_name, text) => {
    const before = errorOf(() => {
      parseJsonPositions(text);
      JSON.parse(text);
    });
    expect(before).toBeDefined();
    expect(errorOf(() => readPlanJson(text))).toEqual(before);
  });
});
