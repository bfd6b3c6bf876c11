import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InputError, CoverageGap } from '../../src/graph/types.js';
import { parseText } from '../../src/sources/cloudformation/parse.js';
import { Stack, type StackEnv } from '../../src/sources/cloudformation/stack.js';
import { buildTemplate, isTemplateTree } from '../../src/sources/cloudformation/template.js';
import type { Value } from '../../src/sources/cloudformation/values.js';

export const FIXTURES = path.resolve('test/fixtures/cloudformation');

export function fixture(rel: string): string {
  return path.join(FIXTURES, rel);
}

/**
 * 1-based line and column of the n-th occurrence of `needle` in a fixture,
 * found by plain text search (independent of the parser under test).
 */
export function posOf(rel: string, needle: string, nth = 1): { line: number; column: number } {
  const text = readFileSync(fixture(rel), 'utf8');
  let at = -1;
  for (let k = 0; k < nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} (#${nth}) not in ${rel}`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

export interface Evaluated {
  stack: Stack;
  errors: InputError[];
  coverage: CoverageGap[];
  /** Evaluate an output by name. */
  out(name: string): Value | undefined;
}

/** Evaluate a template given as text (as a root stack named `t`). */
export function evaluateTemplate(text: string, opts: { region?: string; accountId?: string; params?: Record<string, Value>; availabilityZones?: Record<string, string[]>; file?: string } = {}): Evaluated {
  const errors: InputError[] = [];
  const coverage: CoverageGap[] = [];
  const file = opts.file ?? 't.yaml';
  const parsed = parseText(text, file);
  errors.push(...parsed.errors);
  if (!isTemplateTree(parsed.root)) throw new Error(`not a template: ${JSON.stringify(parsed.errors)}`);
  const template = buildTemplate(`/virtual/${file}`, file, parsed.root);
  errors.push(...template.errors);
  const env: StackEnv = {
    region: opts.region,
    accountId: opts.accountId,
    availabilityZones: opts.availabilityZones,
    templates: new Map(),
    rel: (abs) => abs,
    error: (e) => errors.push(e),
    gap: (g) => coverage.push(g),
  };
  const stack = new Stack({ env, template, name: 't', address: 't', rootFile: file, path: [], ancestors: [], inputs: new Map(Object.entries(opts.params ?? {})) });
  return { stack, errors, coverage, out: (name) => stack.output(name) };
}

/** JSON form of a value (Unknown → {unknown, reason}). */
export function plain(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}
