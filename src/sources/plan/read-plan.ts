/**
 * Plan JSON text → the parts of the plan the plan source reads, and the
 * positions it reports, in one pass (what `parseJsonPositions` and
 * `JSON.parse` gave together, without holding a whole tree of either).
 *
 * A plan made by `terraform show -json` holds every attribute of every
 * instance up to four times (`planned_values`, `resource_changes[].change`
 * `before` and `after`, `prior_state`); only `planned_values` is evaluated.
 * So this reader checks the syntax of everything and keeps:
 * - `planned_values` whole, with a positioned skeleton down to each planned
 *   resource (its `address` key and its `values`); the positions inside
 *   `values` are read again from the text on demand (`expand`), only for
 *   plans whose locations point at the plan itself;
 * - `resource_changes` without `before`, `after` and `before_sensitive`;
 * - `prior_state` reduced to its `aws_availability_zones` data sources;
 * - everything else as JSON.parse gives it.
 * A part not shaped as Terraform writes it is kept whole, so the plan
 * source reports it exactly as before.
 *
 * Errors are those of the positions scanner (JsonSyntaxError with line and
 * column); a raw control character in a string, which only JSON.parse
 * rejects, gets JSON.parse's own error.
 *
 * No maintained streaming JSON parser is installed, and none gives line and
 * column per key, so this extends our own scanner.
 */
import type { MapEntry, Pos, TNode } from '../common/tree.js';
import { forgetLastMatch, MAX_DEPTH, parseJsonPositionsAt, Scanner, type TextMark } from '../common/json-positions.js';

export interface ReadPlan {
  /** The plan with only the parts above (or, when the text is not an object, its whole value). */
  value: unknown;
  /**
   * Positions: the top-level keys (values positioned, not descended) and the
   * `planned_values` skeleton. Nodes not descended have no entries or items.
   */
  positions: TNode;
  /** The full positioned tree of a skeleton node that was not descended (a resource's `values`); other nodes as they are. */
  expand(node: TNode | undefined): TNode | undefined;
}

export function readPlanJson(text: string): ReadPlan {
  const reader = new PlanReader(text);
  let read: { value: unknown; positions: TNode };
  try {
    read = reader.read();
  } finally {
    forgetLastMatch();
  }
  const marks = reader.marks;
  return {
    ...read,
    expand: (node) => {
      const at = node && marks.get(node);
      if (!at) return node;
      try {
        return parseJsonPositionsAt(text, at);
      } finally {
        forgetLastMatch();
      }
    },
  };
}

type Level = 'tree' | 'resources' | 'resource';

/** Keys of a planned module (and of `planned_values`) whose positions are reported. */
const TREE_KEYS = new Set(['root_module', 'resources', 'child_modules']);
/** Keys of a planned resource whose positions are reported. */
const RESOURCE_KEYS = new Set(['address', 'values']);
/** Parts of a resource change the plan source does not read. */
const CHANGE_SKIPPED = new Set(['before', 'after', 'before_sensitive']);

function isAzDataSource(r: Record<string, unknown>): boolean {
  return r.mode === 'data' && r.type === 'aws_availability_zones';
}

class PlanReader extends Scanner {
  /** Skeleton nodes not descended → where their value starts. */
  readonly marks = new WeakMap<TNode, TextMark>();

  read(): { value: unknown; positions: TNode } {
    this.space();
    const pos = this.pos();
    let value: unknown;
    let positions: TNode;
    if (this.s.charCodeAt(this.i) === 123) {
      const entries: MapEntry[] = [];
      value = this.objectOf(1, (key, keyPos) => {
        const at = this.pos();
        const v = key === 'planned_values' ? this.positioned(1, 'tree') : undefined;
        if (v) {
          entries.push({ key, keyPos, value: v[1] });
          return v[0];
        }
        entries.push({ key, keyPos, value: this.stub(at) });
        if (key === 'resource_changes') return this.arrayOf(2, (d) => this.objectOrPlain(d, (k, _p, dd) => (k === 'change' ? this.objectOrPlain(dd, (ck, _cp, cd) => (CHANGE_SKIPPED.has(ck) ? this.skip(cd) : this.plain(cd))) : this.plain(dd))));
        if (key === 'prior_state') return this.objectOrPlain(1, (k, _p, d) => (k === 'values' ? this.objectOrPlain(d, (vk, _vp, dd) => (vk === 'root_module' ? this.priorModule(dd) : this.skip(dd))) : this.skip(d)));
        return this.plain(1);
      });
      positions = { type: 'map', entries, pos };
    } else {
      value = this.plain(0);
      positions = { type: 'scalar', value: null, pos };
    }
    this.space();
    if (this.i < this.s.length) this.fail('unexpected text after the JSON value');
    // What JSON.parse rejects and the scanner accepts (a raw control character in a string, a second byte-order mark): its own error.
    if (this.controlInString || this.s.charCodeAt(0) === 0xfeff) JSON.parse(this.s);
    return { value, positions };
  }

  /** A node for a value not descended: its position and type only. */
  private stub(pos: Pos): TNode {
    const c = this.s.charCodeAt(this.i);
    if (c === 123) return { type: 'map', entries: [], pos };
    if (c === 91) return { type: 'seq', items: [], pos };
    return { type: 'scalar', value: null, pos };
  }

  /** The value at `i` as JSON.parse gives it. */
  private plain(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const c = this.s.charCodeAt(this.i);
    if (c === 123) return this.objectOf(depth + 1, (_k, _p, d) => this.plain(d));
    if (c === 91) return this.arrayOf(depth + 1, (d) => this.plain(d));
    if (c === 34) return this.string();
    return this.literal();
  }

  /** Past the value at `i`, its syntax checked; undefined (the key is left out). */
  private skip(depth: number): undefined {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const c = this.s.charCodeAt(this.i);
    if (c === 123) this.objectOf(depth + 1, (_k, _p, d) => this.skip(d));
    else if (c === 91) this.arrayOf(depth + 1, (d) => this.skip(d));
    else if (c === 34) this.skipString();
    else this.literal();
    return undefined;
  }

  /** An object read by `member` (undefined leaves the key out), else the plain value. */
  private objectOrPlain(depth: number, member: (key: string, keyPos: Pos, depth: number) => unknown): unknown {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    return this.s.charCodeAt(this.i) === 123 ? this.objectOf(depth + 1, member) : this.plain(depth);
  }

  /** At `{`: an object of the members read by `member` at `depth` (their values' depth); duplicate keys as JSON.parse does them (the last wins). */
  private objectOf(depth: number, member: (key: string, keyPos: Pos, depth: number) => unknown): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    this.i++;
    this.space();
    if (this.s.charCodeAt(this.i) === 125) {
      this.i++;
      return o;
    }
    for (;;) {
      this.space();
      if (this.s.charCodeAt(this.i) !== 34) this.fail('expected a string key');
      const keyPos = this.pos();
      const key = this.string();
      this.space();
      if (this.s.charCodeAt(this.i) !== 58) this.fail("expected ':' after a key");
      this.i++;
      this.space();
      const v = member(key, keyPos, depth);
      if (v !== undefined) {
        // An own property, as JSON.parse makes it (never the prototype).
        if (key === '__proto__') Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
        else o[key] = v;
      } else if (Object.hasOwn(o, key)) delete o[key];
      this.space();
      const c = this.s.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        continue;
      }
      if (c === 125) {
        this.i++;
        return o;
      }
      this.fail("expected ',' or '}'");
    }
  }

  /** At `[`, or else the plain value: the items read by `item` at `depth`, undefined ones dropped. */
  private arrayOf(depth: number, item: (depth: number) => unknown): unknown {
    if (this.s.charCodeAt(this.i) !== 91) return this.plain(depth - 1);
    if (depth > MAX_DEPTH + 1) this.fail('nested too deeply');
    const a: unknown[] = [];
    this.i++;
    this.space();
    if (this.s.charCodeAt(this.i) === 93) {
      this.i++;
      return a;
    }
    for (;;) {
      this.space();
      const v = item(depth);
      if (v !== undefined) a.push(v);
      this.space();
      const c = this.s.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        continue;
      }
      if (c === 93) {
        this.i++;
        return a;
      }
      this.fail("expected ',' or ']'");
    }
  }

  /**
   * A module of `prior_state`: only its `aws_availability_zones` data
   * sources (their names are read during plan) and its child modules.
   * Another shape is kept whole.
   */
  private priorModule(depth: number): unknown {
    return this.objectOrPlain(depth, (key, _p, d) => {
      if (key === 'child_modules') return this.arrayOf(d + 1, (dd) => this.priorModule(dd));
      if (key === 'address') return this.plain(d);
      if (key !== 'resources') return this.skip(d);
      return this.arrayOf(d + 1, (dd) => {
        if (this.s.charCodeAt(this.i) !== 123) return this.plain(dd);
        const seen: Record<string, unknown> = {};
        const r = this.objectOf(dd + 1, (rk, _rp, rd) => {
          // Terraform writes mode and type before values: the values of other resources are not built.
          if (rk === 'values' && seen.mode !== undefined && seen.type !== undefined && !isAzDataSource(seen)) return this.skip(rd);
          const v = this.plain(rd);
          if (rk === 'mode' || rk === 'type') seen[rk] = v;
          return v;
        });
        return isAzDataSource(r) ? r : undefined;
      });
    });
  }

  /** The value at `i` with its positioned skeleton (see ReadPlan.positions). */
  private positioned(depth: number, level: Level): [unknown, TNode] {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const pos = this.pos();
    const c = this.s.charCodeAt(this.i);
    if (c === 123) {
      const entries: MapEntry[] = [];
      const value = this.objectOf(depth + 1, (key, keyPos, d) => {
        const keep = level === 'resource' ? RESOURCE_KEYS.has(key) : TREE_KEYS.has(key);
        if (level !== 'resource' && keep) {
          const [v, node] = this.positioned(d, key === 'resources' ? 'resources' : 'tree');
          entries.push({ key, keyPos, value: node });
          return v;
        }
        if (keep) {
          const at = this.mark();
          const node = this.stub(this.pos());
          if (node.type !== 'scalar') this.marks.set(node, at);
          entries.push({ key, keyPos, value: node });
        } else if (level !== 'resource') {
          entries.push({ key, keyPos, value: this.stub(this.pos()) });
        }
        return this.plain(d);
      });
      return [value, { type: 'map', entries, pos }];
    }
    if (c === 91) {
      const items: TNode[] = [];
      const value = this.arrayOf(depth + 1, (d) => {
        const [v, node] = this.positioned(d, level === 'resources' ? 'resource' : 'tree');
        items.push(node);
        return v;
      });
      return [value, { type: 'seq', items, pos }];
    }
    return [this.plain(depth), { type: 'scalar', value: null, pos }];
  }
}
