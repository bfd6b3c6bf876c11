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

export const MAX_DEPTH = 512;

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Drops V8's record of the last regular expression match (RegExp.input,
 * RegExp.lastMatch), which holds the string last searched: after a large text
 * is scanned, that record alone would keep the text alive for the rest of the
 * process.
 */
export function forgetLastMatch(): void {
  /(?:)/.exec('');
}

export function parseJsonPositions(text: string): TNode {
  try {
    return new Scanner(text).document();
  } finally {
    forgetLastMatch();
  }
}

/** Where a value starts in a text: its offset, and the line and the offset of that line's start. */
export interface TextMark {
  offset: number;
  line: number;
  lineStart: number;
}

/** The positioned tree of the one JSON value at `at` (already checked by a full pass: nothing after it is read). */
export function parseJsonPositionsAt(text: string, at: TextMark): TNode {
  const s = new Scanner(text);
  s.seek(at);
  return s.valueHere();
}

export class Scanner {
  protected i = 0;
  protected line = 1;
  protected lineStart = 0;
  /** A raw control character (other than a line feed) was seen inside a string: JSON.parse rejects it, this scanner does not. */
  protected controlInString = false;

  constructor(protected readonly s: string) {
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  seek(at: TextMark): void {
    this.i = at.offset;
    this.line = at.line;
    this.lineStart = at.lineStart;
  }

  valueHere(): TNode {
    return this.value(0);
  }

  protected mark(): TextMark {
    return { offset: this.i, line: this.line, lineStart: this.lineStart };
  }

  document(): TNode {
    this.space();
    const v = this.value(0);
    this.space();
    if (this.i < this.s.length) this.fail('unexpected text after the JSON value');
    return v;
  }

  protected pos(): Pos {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  protected fail(message: string): never {
    const p = this.pos();
    throw new JsonSyntaxError(message, p.line, p.column);
  }

  protected space(): void {
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

  protected value(depth: number): TNode {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const pos = this.pos();
    const c = this.s.charCodeAt(this.i);
    if (c === 123) return this.object(pos, depth);
    if (c === 91) return this.array(pos, depth);
    if (c === 34) return { type: 'scalar', value: this.string(), pos };
    return { type: 'scalar', value: this.literal(), pos };
  }

  /** At anything but a string, an object or an array: a number, true, false or null. */
  protected literal(): number | boolean | null {
    // Sticky, on the text itself: no 64-character slice per literal (a slice keeps the text alive; see string()).
    LITERAL.lastIndex = this.i;
    const m = LITERAL.exec(this.s);
    if (!m) this.fail(this.i >= this.s.length ? 'unexpected end of the text' : `unexpected character ${JSON.stringify(this.s[this.i])}`);
    this.i += m[0].length;
    const t = m[0];
    return t === 'true' ? true : t === 'false' ? false : t === 'null' ? null : Number(t);
  }

  protected object(pos: Pos, depth: number): TNode {
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

  protected array(pos: Pos, depth: number): TNode {
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

  /**
   * At `"`: the decoded string. Never a slice of the text: V8 makes a slice
   * of 13 characters or more a view that keeps the whole text alive, so one
   * kept address would hold a 250 MiB plan for the rest of the scan.
   */
  protected string(): string {
    const start = this.i + 1;
    const escaped = this.skipString();
    const raw = this.s.slice(start, this.i - 1);
    // A raw control character is left for the caller's JSON.parse to report (the text is rejected, nothing is kept).
    if (!escaped && (raw.length < 13 || this.controlInString)) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      this.fail('invalid escape in a string');
    }
  }

  /** At `"`: past the closing `"`; whether the string has escapes. */
  protected skipString(): boolean {
    const s = this.s;
    this.i++;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c < 32 || Number.isNaN(c)) {
        if (c === 10 || Number.isNaN(c)) this.fail('unterminated string');
        this.controlInString = true;
      }
      if (c === 92) {
        escaped = true;
        this.i += 2;
        continue;
      }
      if (c === 34) break;
      this.i++;
    }
    this.i++;
    return escaped;
  }
}
