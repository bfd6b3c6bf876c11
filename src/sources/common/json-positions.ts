/**
 * JSON text → the positioned tree of `./tree.ts` (maps,
 * sequences, scalars, each with line and column), in one linear pass.
 *
 * Plans get large (tens of MiB for big estates); the YAML parser keeps every
 * token and takes about a second per MiB, this takes a few milliseconds.
 * Values are read with JSON.parse separately; this pass is only for
 * positions, so scalars keep their raw text for numbers and are otherwise
 * decoded only as far as a key needs.
 */
import type { MapEntry, Pos, TNode } from './tree.js';

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const MAX_DEPTH = 512;

export function parseJsonPositions(text: string): TNode {
  return new Scanner(text).document();
}

class Scanner {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly s: string) {
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  document(): TNode {
    this.space();
    const v = this.value(0);
    this.space();
    if (this.i < this.s.length) this.fail('unexpected text after the JSON value');
    return v;
  }

  private pos(): Pos {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private fail(message: string): never {
    const p = this.pos();
    throw new JsonSyntaxError(message, p.line, p.column);
  }

  private space(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 13) this.i++;
      else if (c === 10) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else return;
    }
  }

  private value(depth: number): TNode {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const pos = this.pos();
    const c = this.s.charCodeAt(this.i);
    if (c === 123) return this.object(pos, depth);
    if (c === 91) return this.array(pos, depth);
    if (c === 34) return { type: 'scalar', value: this.string(), pos };
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 64));
    if (!m) this.fail(this.i >= this.s.length ? 'unexpected end of the text' : `unexpected character ${JSON.stringify(this.s[this.i])}`);
    this.i += m[0].length;
    const t = m[0];
    return { type: 'scalar', value: t === 'true' ? true : t === 'false' ? false : t === 'null' ? null : Number(t), pos };
  }

  private object(pos: Pos, depth: number): TNode {
    this.i++;
    const entries: MapEntry[] = [];
    this.space();
    if (this.s.charCodeAt(this.i) === 125) {
      this.i++;
      return { type: 'map', entries, pos };
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
      entries.push({ key, keyPos, value: this.value(depth + 1) });
      this.space();
      const c = this.s.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        continue;
      }
      if (c === 125) {
        this.i++;
        return { type: 'map', entries, pos };
      }
      this.fail("expected ',' or '}'");
    }
  }

  private array(pos: Pos, depth: number): TNode {
    this.i++;
    const items: TNode[] = [];
    this.space();
    if (this.s.charCodeAt(this.i) === 93) {
      this.i++;
      return { type: 'seq', items, pos };
    }
    for (;;) {
      this.space();
      items.push(this.value(depth + 1));
      this.space();
      const c = this.s.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        continue;
      }
      if (c === 93) {
        this.i++;
        return { type: 'seq', items, pos };
      }
      this.fail("expected ',' or ']'");
    }
  }

  /** At `"`: the decoded string. */
  private string(): string {
    const s = this.s;
    const start = ++this.i;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (Number.isNaN(c) || c === 10) this.fail('unterminated string');
      if (c === 92) {
        escaped = true;
        this.i += 2;
        continue;
      }
      if (c === 34) break;
      this.i++;
    }
    const raw = s.slice(start, this.i);
    this.i++;
    if (!escaped) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      this.fail('invalid escape in a string');
    }
  }
}
