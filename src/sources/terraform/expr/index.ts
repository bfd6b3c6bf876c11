/**
 * The HCL / Terraform expression language: compile what hcl2json returns,
 * list static references, evaluate with Terraform's semantics and honest
 * unknowns. See docs/architecture.md ("Three-valued results").
 */
import { Unknown } from '../../../graph/values.js';
import { FALSE_LITERAL, NULL_LITERAL, TRUE_LITERAL, literal, type Node } from './ast.js';
import { evaluateNode, type EvalIssue, type EvalScope } from './evaluate.js';
import { FUNCTIONS, NOT_EVALUATED, SPECIAL_FORMS } from './functions.js';
import { HclSyntaxError, lineColumn } from './lexer.js';
import { Parser } from './parser.js';
import { collectReferences, type Traversal } from './references.js';
import type { Value } from './values.js';

export type { Value, ValueObject } from './values.js';
export { ResourceRef, RESOURCE_ADDRESS } from './values.js';
export { Unknown, isUnknown } from '../../../graph/values.js';
export { HclSyntaxError } from './lexer.js';
export type { EvalScope, EvalIssue } from './evaluate.js';
export type { Traversal } from './references.js';

/** An AST node; opaque to callers. */
export interface Expr {
  readonly type: string;
}

// ------------------------------------------------------------------ compile

/**
 * Parsed templates by source text (nodes are immutable, so sharing is safe).
 * Two generations bound the memory: when the young one is full it becomes
 * the old one and the previous old one is dropped; a hit in the old one is
 * promoted. Unlike evicting single Map entries, this stays O(1).
 */
let young = new Map<string, Node>();
let old = new Map<string, Node>();
const GENERATION_SIZE = 25_000;

function guard<T>(src: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof HclSyntaxError) throw e;
    // Stack exhaustion or a defect: still a syntax error for the caller.
    const { line, column } = lineColumn(src, 0);
    throw new HclSyntaxError(`cannot parse expression: ${e instanceof Error ? e.message : String(e)}`, 0, line, column);
  }
}

function remember(s: string, node: Node): void {
  if (young.size >= GENERATION_SIZE) {
    old = young;
    young = new Map();
  }
  young.set(s, node);
}

function compileString(s: string): Node {
  // Fast path: no interpolation or directive introducer, so the text is the value.
  if (s.indexOf('${') < 0 && s.indexOf('%{') < 0) return literal(s);
  let node = young.get(s);
  if (node) return node;
  node = old.get(s);
  if (!node) node = guard(s, () => new Parser(s).parseWholeTemplate());
  remember(s, node);
  return node;
}

function compileRaw(raw: unknown, depth: number): Node {
  if (raw === null || raw === undefined) return NULL_LITERAL;
  switch (typeof raw) {
    case 'string':
      return compileString(raw);
    case 'number':
      return literal(raw);
    case 'boolean':
      return raw ? TRUE_LITERAL : FALSE_LITERAL;
  }
  if (depth > 200) throw new HclSyntaxError('value is nested too deeply', 0, 1, 1);
  if (Array.isArray(raw)) return { type: 'tuple', items: raw.map((v) => compileRaw(v, depth + 1)) };
  if (typeof raw === 'object' && !(raw instanceof Unknown)) {
    const keys: Node[] = [];
    const values: Node[] = [];
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      keys.push(compileString(k));
      values.push(compileRaw(v, depth + 1));
    }
    return { type: 'object', keys, values };
  }
  throw new HclSyntaxError(`cannot compile a value of type ${raw instanceof Unknown ? 'Unknown' : typeof raw}`, 0, 1, 1);
}

/** Compile a value as hcl2json returns it: string (template / "${expr}" / literal), number, boolean, null,
 *  array (→ tuple), object (→ object; keys may be templates). A string that is exactly one "${...}"
 *  interpolation compiles to that expression itself (type-preserving: "${3}" is the number 3, "${var.l}" the list).
 *  Throws HclSyntaxError on syntax errors. Never throws anything else. */
export function compileValue(raw: unknown): Expr {
  return compileRaw(raw, 0);
}

/** Parse a bare expression (no ${ }), e.g. a `--var` value or a tfvars value text. Throws HclSyntaxError. */
export function parseExpression(source: string): Expr {
  if (typeof source !== 'string') throw new HclSyntaxError('expression source must be a string', 0, 1, 1);
  return guard(source, () => new Parser(source).parseWholeExpression());
}

// --------------------------------------------------------------- references

/** Static reference found in an expression: `var.x` → {root:'var', path:['x']};
 *  `aws_subnet.private[0].id` → {root:'aws_subnet', path:['private', 0, 'id']};
 *  the path stops at the first splat or non-literal index (`aws_subnet.private[*].id` → path ['private']).
 *  For-expression iterator names and their sub-paths are NOT references. `count.index`, `each.key`, `self.x` ARE returned.
 *  Each distinct traversal is listed once, in source order. */
export function references(expr: Expr): Traversal[] {
  return collectReferences(expr as Node);
}

// --------------------------------------------------------------- evaluation

/** Evaluate. Never throws on user input: an error makes (that part of) the value Unknown with the reason,
 *  and pushes an EvalIssue (unless inside try()/can(), which swallow them). */
export function evaluate(expr: Expr, scope: EvalScope, issues?: EvalIssue[]): Value {
  return evaluateNode(expr as Node, scope, issues);
}

/** Names of all supported functions (for docs and tests), sorted. Includes the ones that are recognised
 *  but always Unknown (file(), timestamp(), yamlencode(), ...). */
export const FUNCTION_NAMES: readonly string[] = Object.freeze(
  [...FUNCTIONS.keys(), ...NOT_EVALUATED.keys(), ...SPECIAL_FORMS].sort(),
);
