/**
 * Declarations compiled into expressions once (per declaration, shared by
 * every instance and every root module that uses the directory), with the
 * attribute paths used for locations and the static references used for
 * ordering.
 */
import { compileValue, references, type Expr, type Traversal } from './expr/index.js';
import type { Decl } from './config.js';
import type { Value, ValueObject } from './expr/values.js';

export interface CompiledAttr {
  name: string;
  /** Attribute path for locations: `multi_az`, `network_configuration.subnets`, `ingress[1].from_port`. */
  path: string;
  /** Absent when compiling failed (then `error` says why and the value is Unknown) or the value is constant. */
  expr?: Expr;
  /** The value, when the attribute is a literal (no interpolation anywhere): no compiling, no evaluating. Shared: never mutate. */
  constant?: Value;
  error?: string;
  /** Static references of `expr`, collected on first use (attributeReferences). Shared: never mutate. */
  refs?: readonly Traversal[];
}

export interface CompiledDynamic {
  /** Name of the generated blocks. */
  name: string;
  path: string;
  forEach?: CompiledAttr;
  iterator: string;
  content?: CompiledBody;
}

export interface CompiledBody {
  attrs: CompiledAttr[];
  blocks: { name: string; items: CompiledBody[] }[];
  dynamics: CompiledDynamic[];
}

export interface CompiledDecl {
  body: CompiledBody;
  count?: CompiledAttr;
  forEach?: CompiledAttr;
  /** Every traversal in the expressions that matter for values (not lifecycle, depends_on, provider…). */
  refs: Traversal[];
  /** Top-level attributes by name (module call arguments, output value, variable default…). */
  byName: Map<string, CompiledAttr>;
  /** Static references of nested blocks by name, collected on first use (attributeReferences). Shared: never mutate. */
  blockRefs?: Map<string, readonly Traversal[]>;
}

/** Keys that are not values of a resource / data source. */
const RESOURCE_META = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection']);
const MODULE_META = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** hcl2json writes nested blocks as arrays of objects; so are list-of-object attributes, which compile the same either way. */
function looksLikeBlocks(v: unknown): v is Record<string, unknown>[] {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (const item of v) {
    if (!isPlainObject(item)) return false;
    for (const k of Object.keys(item)) if (k.includes('${')) return false;
  }
  return true;
}

/** A literal as hcl2json returns it, with no `${` / `%{` in any string or key, as a Value; else undefined. */
function constantOf(raw: unknown, depth = 0): Value | undefined {
  if (raw === null) return null;
  switch (typeof raw) {
    case 'string':
      return raw.includes('${') || raw.includes('%{') ? undefined : raw;
    case 'number':
    case 'boolean':
      return raw;
    case 'object': {
      if (depth > 64) return undefined;
      if (Array.isArray(raw)) {
        const out: Value[] = [];
        for (const item of raw) {
          const v = constantOf(item, depth + 1);
          if (v === undefined) return undefined;
          out.push(v);
        }
        return out;
      }
      const out: ValueObject = {};
      for (const [k, item] of Object.entries(raw as Record<string, unknown>)) {
        if (k.includes('${') || k.includes('%{')) return undefined;
        const v = constantOf(item, depth + 1);
        if (v === undefined) return undefined;
        out[k] = v;
      }
      return out;
    }
  }
  return undefined;
}

function compileAttr(name: string, path: string, raw: unknown): CompiledAttr {
  const constant = constantOf(raw);
  if (constant !== undefined) return { name, path, constant };
  try {
    return { name, path, expr: compileValue(raw) };
  } catch (e) {
    return { name, path, error: (e as Error)?.message ?? String(e) };
  }
}

function compileBody(body: Record<string, unknown>, prefix: string, skip: Set<string> | undefined): CompiledBody {
  const out: CompiledBody = { attrs: [], blocks: [], dynamics: [] };
  for (const [key, raw] of Object.entries(body)) {
    if (skip?.has(key)) continue;
    const path = prefix + key;
    if (key === 'dynamic' && isPlainObject(raw)) {
      for (const [label, specs] of Object.entries(raw)) {
        const list = Array.isArray(specs) ? specs : [specs];
        list.forEach((spec, k) => {
          if (!isPlainObject(spec)) return;
          const dpath = `${prefix}dynamic.${label}${k ? `[${k}]` : ''}`;
          const iterator = typeof spec.iterator === 'string' ? stripInterp(spec.iterator) : label;
          const contentRaw = Array.isArray(spec.content) ? spec.content[0] : spec.content;
          out.dynamics.push({
            name: label,
            path: dpath,
            iterator,
            forEach: spec.for_each !== undefined ? compileAttr('for_each', `${dpath}.for_each`, spec.for_each) : undefined,
            content: isPlainObject(contentRaw) ? compileBody(contentRaw, `${dpath}.content.`, undefined) : undefined,
          });
        });
      }
      continue;
    }
    if (looksLikeBlocks(raw)) {
      out.blocks.push({
        name: key,
        items: raw.map((item, k) => compileBody(item, k === 0 ? `${path}.` : `${path}[${k}].`, undefined)),
      });
      continue;
    }
    out.attrs.push(compileAttr(key, path, raw));
  }
  return out;
}

/** `"${each}"` → `each` (iterator names come through hcl2json as expressions). */
function stripInterp(s: string): string {
  const m = /^\$\{\s*([A-Za-z_][\w-]*)\s*\}$/.exec(s);
  return m ? m[1] : s;
}

function collectRefs(body: CompiledBody, out: Traversal[]): void {
  for (const a of body.attrs) if (a.expr) out.push(...references(a.expr));
  for (const b of body.blocks) for (const item of b.items) collectRefs(item, out);
  for (const d of body.dynamics) {
    if (d.forEach?.expr) out.push(...references(d.forEach.expr));
    if (d.content) collectRefs(d.content, out);
  }
}

export function compileDecl(decl: Decl): CompiledDecl {
  if (decl.compiled) return decl.compiled as CompiledDecl;
  let body: CompiledBody;
  switch (decl.kind) {
    case 'resource':
    case 'data':
      body = compileBody(decl.body, '', RESOURCE_META);
      break;
    case 'provider':
      body = compileBody(decl.body, '', undefined);
      break;
    case 'module':
      body = compileFlat(decl.body, (k) => !MODULE_META.has(k));
      break;
    case 'output':
      body = compileFlat(decl.body, (k) => k === 'value');
      break;
    case 'variable':
      body = compileFlat(decl.body, (k) => k === 'default');
      break;
    case 'local':
      body = compileFlat(decl.body, () => true);
      break;
  }
  const compiled: CompiledDecl = { body, refs: [], byName: new Map() };
  for (const a of body.attrs) compiled.byName.set(a.name, a);
  if (decl.kind === 'resource' || decl.kind === 'data' || decl.kind === 'module') {
    if (decl.body.count !== undefined) compiled.count = compileAttr('count', 'count', decl.body.count);
    if (decl.body.for_each !== undefined) compiled.forEach = compileAttr('for_each', 'for_each', decl.body.for_each);
  }
  if (decl.kind !== 'variable') {
    collectRefs(body, compiled.refs);
    if (compiled.count?.expr) compiled.refs.push(...references(compiled.count.expr));
    if (compiled.forEach?.expr) compiled.refs.push(...references(compiled.forEach.expr));
  }
  decl.compiled = compiled;
  return compiled;
}

/** Arguments that are plain values (module inputs, locals, outputs): a list of objects is a value, not blocks. */
function compileFlat(body: Record<string, unknown>, include: (key: string) => boolean): CompiledBody {
  const out: CompiledBody = { attrs: [], blocks: [], dynamics: [] };
  for (const [key, raw] of Object.entries(body)) {
    if (include(key)) out.attrs.push(compileAttr(key, key, raw));
  }
  return out;
}

/** Static references of a nested block's attributes, its written and its `dynamic` blocks of that name (`environment { variables = … }`). */
function blockReferences(body: CompiledBody, name: string): Traversal[] {
  const out: Traversal[] = [];
  for (const b of body.blocks) if (b.name === name) for (const item of b.items) collectRefs(item, out);
  for (const d of body.dynamics) {
    if (d.name !== name) continue;
    if (d.forEach?.expr) out.push(...references(d.forEach.expr));
    if (d.content) collectRefs(d.content, out);
  }
  return out;
}

/** Static references of one top-level attribute (or nested block) of a declaration. */
export function attributeReferences(decl: Decl, name: string): readonly Traversal[] {
  const compiled = compileDecl(decl);
  const a = compiled.byName.get(name);
  // Every instance of a counted or for_each resource asks for the same declaration's references: collected once.
  if (!a) {
    compiled.blockRefs ??= new Map();
    let refs = compiled.blockRefs.get(name);
    if (!refs) compiled.blockRefs.set(name, (refs = blockReferences(compiled.body, name)));
    return refs;
  }
  if (!a.expr) return [];
  a.refs ??= references(a.expr);
  return a.refs;
}
