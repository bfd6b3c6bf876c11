/**
 * `Fn::ForEach` of the `AWS::LanguageExtensions` transform, expanded on the
 * positioned tree before evaluation, per stack (the collection may come from
 * a parameter, so two stacks of one template can expand differently).
 *
 *     'Fn::ForEach::LoopName':
 *       - Identifier
 *       - Collection            # a list, or a Ref to a CommaDelimitedList / List<…> parameter
 *       - 'Key${Identifier}':   # OutputKey: ${Identifier}, or &{Identifier} (non-alphanumerics removed)
 *           OutputValue         # Ref Identifier and ${Identifier} in Fn::Sub are the item
 *
 * A loop may stand in Resources, Outputs and Conditions and inside a
 * resource's properties, and loops nest (up to 5 deep, as CloudFormation
 * allows). Expanded entries keep the positions of the loop's fragment, so a
 * resource made by a loop points at the lines of its ForEach block.
 *
 * A collection that cannot be known offline (a parameter without value)
 * makes the loop's entries unknowable: at section level they are reported
 * as not assessed (and references to names the loop could create are
 * unknown, not errors); inside properties the containing value is Unknown.
 */
import type { MapEntry, MapNode, Pos, ScalarNode, TNode } from './parse.js';
import { getEntry } from './parse.js';
import { type Evaluated, NO_VALUE } from './values.js';
import { Unknown } from '../../graph/values.js';
import { appendAll } from '../../util/array.js';

export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';
export const FOREACH_PREFIX = 'Fn::ForEach::';
/** CloudFormation accepts up to 5 nested loops. */
export const MAX_LOOP_DEPTH = 5;

/** What expansion needs from the stack. */
export interface LoopHost {
  /** Evaluate a (substituted) collection node. */
  evaluate(node: TNode): Evaluated;
  error(pos: Pos, message: string): void;
}

/** A loop whose collection is unknown: which keys it could create. */
export interface UnknownLoop {
  loop: string;
  pos: Pos;
  reason: string;
  /** Keys the loop could create (identifiers as wildcards). */
  patterns: RegExp[];
}

export interface Expansion {
  entries: MapEntry[];
  unknown: UnknownLoop[];
}

type Vars = ReadonlyMap<string, string>;

const alnum = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '');

/** Replace `${X}` and `&{X}` of the loop variables in a key or a Fn::Sub template (`${!X}` stays literal). */
function substText(s: string, vars: Vars, except?: ReadonlySet<string>): string {
  if (!s.includes('{')) return s;
  return s.replace(/([$&])\{([^}!]*)\}/g, (whole, sigil: string, name: string) => {
    const v = vars.get(name.trim());
    if (v === undefined || except?.has(name.trim())) return whole;
    return sigil === '&' ? alnum(v) : v;
  });
}

function keyPattern(key: string): RegExp {
  const parts = key.split(/[$&]\{[^}]*\}/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Every key a fragment could create, identifiers as wildcards (nested loops included). */
function fragmentPatterns(fragment: TNode | undefined, vars: Vars, out: RegExp[] = [], depth = 0): RegExp[] {
  if (fragment?.type !== 'map' || depth > MAX_LOOP_DEPTH) return out;
  for (const e of fragment.entries) {
    if (e.key.startsWith(FOREACH_PREFIX)) {
      if (e.value.type === 'seq') fragmentPatterns(e.value.items[2], vars, out, depth + 1);
    } else {
      out.push(keyPattern(substText(e.key, vars)));
    }
  }
  return out;
}

class Expander {
  readonly unknown: UnknownLoop[] = [];

  constructor(private readonly host: LoopHost) {}

  /** Entries of a mapping with its loops expanded (and the loop variables substituted in the values). */
  entries(entries: MapEntry[], vars: Vars, depth: number): MapEntry[] | Unknown {
    const out: MapEntry[] = [];
    for (const e of entries) {
      if (e.key.startsWith(FOREACH_PREFIX)) {
        const r = this.loop(e, vars, depth + 1);
        if (r instanceof Unknown) return r;
        appendAll(out, r);
      } else {
        out.push({ key: e.key, keyPos: e.keyPos, value: this.node(e.value, vars, depth) });
      }
    }
    return out;
  }

  /** A section's entries (Resources, Outputs, Conditions): a loop with an unknown collection is recorded, not fatal. */
  section(entries: MapEntry[]): MapEntry[] {
    const out: MapEntry[] = [];
    for (const e of entries) {
      if (!e.key.startsWith(FOREACH_PREFIX)) {
        out.push({ key: e.key, keyPos: e.keyPos, value: this.node(e.value, new Map(), 0) });
        continue;
      }
      const r = this.loop(e, new Map(), 1);
      if (r instanceof Unknown) {
        const fragment = e.value.type === 'seq' ? e.value.items[2] : undefined;
        this.unknown.push({ loop: e.key.slice(FOREACH_PREFIX.length), pos: e.keyPos, reason: r.reason, patterns: fragmentPatterns(fragment, new Map()) });
      } else {
        appendAll(out, r);
      }
    }
    return out;
  }

  /** One loop: its fragment once per item, or Unknown when the collection cannot be known. */
  private loop(e: MapEntry, vars: Vars, depth: number): MapEntry[] | Unknown {
    const name = e.key.slice(FOREACH_PREFIX.length);
    const bad = (pos: Pos, message: string): MapEntry[] => {
      this.host.error(pos, `${e.key}: ${message}`);
      return [];
    };
    if (depth > MAX_LOOP_DEPTH) return bad(e.keyPos, `loops nest deeper than ${MAX_LOOP_DEPTH} levels`);
    if (!/^[A-Za-z0-9]+$/.test(name)) return bad(e.keyPos, 'the loop name must be alphanumeric');
    const a = e.value;
    if (a.type !== 'seq' || a.items.length !== 3) return bad(e.keyPos, 'takes [Identifier, Collection, {OutputKey: OutputValue}]');
    const [idNode, collectionNode, fragment] = a.items;
    if (idNode.type !== 'scalar' || typeof idNode.value !== 'string' || !/^[A-Za-z0-9]+$/.test(idNode.value)) return bad(idNode.pos, 'the identifier must be an alphanumeric string');
    const id = idNode.value;
    if (vars.has(id)) return bad(idNode.pos, `the identifier ${id} is already used by an enclosing loop`);
    if (fragment.type !== 'map' || fragment.entries.length === 0) return bad(fragment.pos, 'the third argument must be a mapping of OutputKey: OutputValue');

    const collection = this.host.evaluate(this.node(collectionNode, vars, depth));
    if (collection === NO_VALUE) return bad(collectionNode.pos, 'the collection cannot be AWS::NoValue');
    if (collection instanceof Unknown) return new Unknown(`the collection of ${e.key} is unknown: ${collection.reason}`);
    if (!Array.isArray(collection)) return bad(collectionNode.pos, 'the collection must be a list or a Ref to a list parameter');
    const items: string[] = [];
    for (const item of collection) {
      if (item instanceof Unknown) return new Unknown(`an item of the collection of ${e.key} is unknown: ${item.reason}`);
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') items.push(String(item));
      else return bad(collectionNode.pos, 'the collection items must be strings');
    }
    for (const k of fragment.entries) {
      if (k.key.startsWith(FOREACH_PREFIX)) continue;
      if (!k.key.includes(`\${${id}}`) && !k.key.includes(`&{${id}}`)) return bad(k.keyPos, `the OutputKey ${k.key} must contain \${${id}} or &{${id}}`);
    }

    const out: MapEntry[] = [];
    for (const item of items) {
      const inner = new Map(vars).set(id, item);
      for (const k of fragment.entries) {
        if (k.key.startsWith(FOREACH_PREFIX)) {
          const r = this.loop(k, inner, depth + 1);
          if (r instanceof Unknown) return r;
          appendAll(out, r);
          continue;
        }
        out.push({ key: substText(k.key, inner), keyPos: k.keyPos, value: this.node(k.value, inner, depth) });
      }
    }
    return out;
  }

  /** A value with the loop variables substituted and the loops inside it expanded. */
  node(node: TNode, vars: Vars, depth: number): TNode {
    switch (node.type) {
      case 'scalar':
        return node;
      case 'seq':
        return { type: 'seq', items: node.items.map((i) => this.node(i, vars, depth)), pos: node.pos };
      case 'map': {
        if (node.entries.length === 1) {
          const e = node.entries[0];
          if (e.key === 'Ref' && e.value.type === 'scalar' && typeof e.value.value === 'string' && vars.has(e.value.value)) {
            return { type: 'scalar', value: vars.get(e.value.value)!, pos: node.pos } satisfies ScalarNode;
          }
          if (e.key === 'Fn::Sub' && vars.size > 0) return this.sub(node, e, vars, depth);
        }
        const entries = this.entries(node.entries, vars, depth);
        if (entries instanceof Unknown) return { type: 'scalar', value: null, pos: node.pos, invalid: entries.reason };
        return { type: 'map', entries, pos: node.pos, ...(node.fromTag ? { fromTag: true } : {}) };
      }
    }
  }

  /** `Fn::Sub` with loop variables: substituted; a template left without variables is just its string. */
  private sub(node: MapNode, e: MapEntry, vars: Vars, depth: number): TNode {
    const a = e.value;
    if (a.type === 'scalar' && typeof a.value === 'string') {
      const s = substText(a.value, vars);
      if (!s.includes('${')) return { type: 'scalar', value: s, pos: node.pos };
      return { ...node, entries: [{ ...e, value: { ...a, value: s } }] };
    }
    if (a.type === 'seq' && a.items.length === 2 && a.items[0].type === 'scalar' && typeof a.items[0].value === 'string') {
      const own = new Set((a.items[1].type === 'map' ? a.items[1].entries : []).map((x) => x.key));
      const t = { ...a.items[0], value: substText(a.items[0].value as string, vars, own) };
      return { ...node, entries: [{ ...e, value: { type: 'seq', items: [t, this.node(a.items[1], vars, depth)], pos: a.pos } }] };
    }
    return { ...node, entries: [{ ...e, value: this.node(a, vars, depth) }] };
  }
}

/** Expand the loops of one section (its entries as written). */
export function expandSection(section: TNode | undefined, host: LoopHost): Expansion {
  const x = new Expander(host);
  if (section?.type !== 'map') return { entries: [], unknown: [] };
  return { entries: x.section(section.entries), unknown: x.unknown };
}

/** Does the template declare the AWS::LanguageExtensions transform? And which other transforms. */
export function transforms(root: MapNode): { languageExtensions: boolean; others: string[] } {
  const v = getEntry(root, 'Transform')?.value;
  const names = !v ? [] : v.type === 'scalar' ? [String(v.value)] : v.type === 'seq' ? v.items.map((i) => (i.type === 'scalar' ? String(i.value) : 'a macro')) : ['a macro'];
  return { languageExtensions: names.includes(LANGUAGE_EXTENSIONS), others: names.filter((n) => n !== LANGUAGE_EXTENSIONS) };
}
