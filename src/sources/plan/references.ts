/**
 * Values known only after apply, traced back to the resources they come
 * from through the plan's `configuration` section.
 *
 * `terraform show -json` omits unknown values (they are marked in
 * `after_unknown`) but lists, for each attribute's expression, the
 * references it makes: `subnets = values(aws_subnet.private)[*].id` →
 * `["aws_subnet.private"]`. This module turns those into the instances
 * they name, following `var.x` into the module call and `module.m.out`
 * into the module's output, so an unknown id can still become a graph edge.
 *
 * It resolves only what the references decide: a block named with its
 * instance key, a block with one instance, every instance of a block the
 * expression names without any other input (a splat), or the instance with
 * the same key as the resource being read (`aws_x.y[each.key]`). Anything
 * that depends on a local, a variable or a data source to pick an instance
 * stays Unknown with that reason.
 */

import { instanceKeySuffix } from '../terraform/index.js';

/** Expression entry of the plan's configuration: `{references}` / `{constant_value}`, or nested blocks. */
export interface ConfigExpression {
  references?: string[];
  constant_value?: unknown;
}

export interface ConfigResource {
  address: string;
  mode?: string;
  type?: string;
  name?: string;
  expressions?: Record<string, unknown>;
  count_expression?: ConfigExpression;
  for_each_expression?: ConfigExpression;
  /** Key of its provider configuration in the configuration's `provider_config`. */
  provider_config_key?: string;
}

export interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, { source?: string; expressions?: Record<string, ConfigExpression>; module?: ConfigModule; count_expression?: ConfigExpression; for_each_expression?: ConfigExpression }>;
  outputs?: Record<string, { expression?: ConfigExpression }>;
}

export interface InstanceIndex {
  /** Block address (`module.db.aws_subnet.private`) → instances (address and key). */
  get(block: string): { address: string; key?: string | number }[] | undefined;
}

/** A module instance as references see it. */
export interface RefScope {
  /** `''`, `module.legacy`, `module.db[0]`. */
  moduleAddress: string;
  config: ConfigModule | undefined;
  parent?: { scope: RefScope; callName: string; callKey?: string | number };
  /** Key of the resource instance being read (each.key / count.index). */
  selfKey?: string | number;
  /** for_each expression of the resource being read (for each.value). */
  forEach?: ConfigExpression;
}

export interface Resolution {
  /** Instance address → attribute read (`id`, `arn`, `name`). */
  targets: Map<string, string>;
  /** Why the targets are not certain (an empty list means they are). */
  doubts: string[];
}

type ParsedRef =
  | { kind: 'resource'; type: string; name: string; key?: string | number; attribute?: string }
  | { kind: 'module'; name: string; key?: string | number; output?: string }
  | { kind: 'var'; name: string }
  | { kind: 'each.key' | 'each.value' | 'count.index' }
  | { kind: 'local' | 'data' | 'other'; text: string };

const IDENT = /^[A-Za-z_][\w-]*/;

/** `aws_subnet.private["a"].id` → parts; keys in brackets are JSON strings or numbers. */
export function parseReference(ref: string): ParsedRef {
  /** Parts, with whether each was an index in brackets. */
  const parts: { v: string | number; index: boolean }[] = [];
  let rest = ref;
  while (rest.length) {
    if (rest.startsWith('.')) rest = rest.slice(1);
    if (rest.startsWith('[')) {
      const m = /^\[("(?:[^"\\]|\\.)*"|\d+)\]/.exec(rest);
      if (!m) return { kind: 'other', text: ref };
      parts.push({ v: m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : Number(m[1]), index: true });
      rest = rest.slice(m[0].length);
      continue;
    }
    const m = IDENT.exec(rest);
    if (!m) return { kind: 'other', text: ref };
    parts.push({ v: m[0], index: false });
    rest = rest.slice(m[0].length);
  }
  const name = (k: number): string | undefined => (parts[k] && !parts[k].index ? (parts[k].v as string) : undefined);
  const a = name(0);
  const b = name(1);
  if (a === 'var' && b) return { kind: 'var', name: b };
  if (a === 'local') return { kind: 'local', text: ref };
  if (a === 'data') return { kind: 'data', text: ref };
  if (a === 'each') return b === 'key' ? { kind: 'each.key' } : b === 'value' ? { kind: 'each.value' } : { kind: 'other', text: ref };
  if (a === 'count') return { kind: 'count.index' };
  if (a === 'path' || a === 'terraform' || a === 'self') return { kind: 'other', text: ref };
  if (!a || !b) return { kind: 'other', text: ref };
  const keyed = parts[2]?.index === true;
  const key = keyed ? parts[2].v : undefined;
  const after = name(keyed ? 3 : 2);
  if (a === 'module') return { kind: 'module', name: b, key, output: after };
  return { kind: 'resource', type: a, name: b, key, attribute: after };
}

const MAX_DEPTH = 16;

/** The instances an expression's references name (see the module comment). */
export function resolveReferences(expr: ConfigExpression | undefined, scope: RefScope, index: InstanceIndex, depth = 0): Resolution {
  const out: Resolution = { targets: new Map(), doubts: [] };
  if (!expr?.references || depth > MAX_DEPTH) {
    if (depth > MAX_DEPTH) out.doubts.push('references nest too deeply');
    return out;
  }
  const prefix = scope.moduleAddress ? `${scope.moduleAddress}.` : '';
  /** Block → keys named explicitly (empty: named without a key). */
  const blocks = new Map<string, { keys: Set<string | number>; attribute?: string }>();
  const selectors: string[] = [];
  let selfKeyUsed = false;
  const addBlock = (block: string, key: string | number | undefined, attribute: string | undefined) => {
    let b = blocks.get(block);
    if (!b) blocks.set(block, (b = { keys: new Set() }));
    if (key !== undefined) b.keys.add(key);
    if (attribute && !b.attribute) b.attribute = attribute;
  };
  const merge = (r: Resolution) => {
    for (const [k, v] of r.targets) if (!out.targets.has(k)) out.targets.set(k, v);
    out.doubts.push(...r.doubts);
  };

  for (const ref of expr.references) {
    const p = parseReference(ref);
    switch (p.kind) {
      case 'resource':
        addBlock(`${prefix}${p.type}.${p.name}`, p.key, p.attribute);
        break;
      case 'var': {
        const call = scope.parent;
        const callExpr = call?.scope.config?.module_calls?.[call.callName]?.expressions?.[p.name];
        if (!call || !callExpr) {
          selectors.push(ref);
          break;
        }
        const r = resolveReferences(callExpr, { ...call.scope, selfKey: call.callKey }, index, depth + 1);
        if (r.targets.size === 0 && r.doubts.length === 0) selectors.push(ref);
        else merge(r);
        break;
      }
      case 'module': {
        const call = scope.config?.module_calls?.[p.name];
        const child = call?.module;
        if (!p.output || !child) {
          selectors.push(ref);
          break;
        }
        const outExpr = child.outputs?.[p.output]?.expression;
        const expanded = call.count_expression !== undefined || call.for_each_expression !== undefined;
        if (expanded && p.key === undefined) {
          out.doubts.push(`${ref}: module.${p.name} has several instances`);
          break;
        }
        const childScope: RefScope = {
          moduleAddress: `${prefix}module.${p.name}${instanceKeySuffix(p.key)}`,
          config: child,
          parent: { scope, callName: p.name, callKey: p.key },
        };
        merge(resolveReferences(outExpr, childScope, index, depth + 1));
        break;
      }
      case 'each.key':
      case 'count.index':
        selfKeyUsed = true;
        break;
      case 'each.value': {
        if (!scope.forEach || scope.selfKey === undefined) {
          selectors.push(ref);
          break;
        }
        // for_each over a resource's instances: each.value is the instance with this key.
        const r = resolveReferences(scope.forEach, { ...scope, forEach: undefined, selfKey: undefined }, index, depth + 1);
        const hit = [...r.targets.keys()].find((a) => a.endsWith(instanceKeySuffix(scope.selfKey)));
        if (hit && r.doubts.length === 0) out.targets.set(hit, 'id');
        else out.doubts.push(`${ref}: cannot tell which value of the for_each it is`);
        break;
      }
      case 'data':
        out.doubts.push(`${ref} is read at plan time`);
        break;
      case 'local':
      case 'other':
        selectors.push(p.text);
        break;
    }
  }

  for (const [block, b] of blocks) {
    const instances = index.get(block);
    const attribute = b.attribute ?? 'id';
    if (!instances || instances.length === 0) {
      out.doubts.push(`${block} is not in the plan`);
      continue;
    }
    if (b.keys.size > 0) {
      for (const k of b.keys) {
        const hit = instances.find((i) => i.key === k);
        if (hit) out.targets.set(hit.address, attribute);
        else out.doubts.push(`${block}${instanceKeySuffix(k)} is not in the plan`);
      }
      continue;
    }
    if (instances.length === 1) {
      // Whatever selects it, only this instance exists.
      out.targets.set(instances[0].address, attribute);
      continue;
    }
    if (selfKeyUsed && selectors.length === 0 && scope.selfKey !== undefined) {
      const hit = instances.find((i) => i.key === scope.selfKey);
      if (hit) {
        out.targets.set(hit.address, attribute);
        continue;
      }
    }
    if (selectors.length === 0 && !selfKeyUsed) {
      // Named as a whole with nothing to pick one: every instance (values(x)[*].id, x[*].id).
      for (const i of instances) out.targets.set(i.address, attribute);
      continue;
    }
    const by = [...(selfKeyUsed ? ['each.key/count.index'] : []), ...selectors];
    out.doubts.push(`which instance of ${block} is used depends on ${by.join(', ')}`);
  }
  return out;
}
