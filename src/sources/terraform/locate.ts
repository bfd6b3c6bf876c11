/**
 * Source positions for HCL files.
 *
 * hcl2json returns values without positions, so this module makes one linear
 * pass over the text and records where every top-level block starts, where
 * each attribute and nested block inside it is written, and every comment.
 * It understands just enough HCL to never lose its place: quoted strings with
 * escapes and `${…}` / `%{…}` templates (nested), heredocs (`<<EOF`,
 * `<<-EOF`), comments (`#`, `//`, `/* *\/`), brackets inside expressions, and
 * nested / one-line blocks. It never throws; on text it does not understand
 * it skips a character and goes on (hcl2json reports the syntax error).
 */

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface CommentInfo {
  line: number;
  column: number;
  endLine: number;
  /** Comment text including its marker (`# …`, `// …`, `/* … *\/`). */
  text: string;
}

export interface BlockInfo {
  /** `resource`, `data`, `module`, `variable`, `locals`, `output`, `provider`, `terraform`, … */
  type: string;
  labels: string[];
  /** Position of the block type keyword. */
  line: number;
  column: number;
  /** Line of the closing brace. */
  endLine: number;
  /**
   * Position of every attribute name and nested block header inside the block,
   * keyed by path: `multi_az`, `network_configuration.subnets`,
   * `ingress[1].from_port` (the first of repeated blocks is reachable both as
   * `ingress.x` and `ingress[0].x`), `tags.tier` for keys of an object written
   * directly as an attribute value, `dynamic.setting.content.name` (and, as an
   * alias, `setting.name`) inside dynamic blocks.
   */
  attributes: Map<string, Position>;
  /** Comments inside the block, and the run of comment lines directly above its header. */
  comments: CommentInfo[];
}

export interface FileLocations {
  blocks: BlockInfo[];
  /** Attributes written at the top level (tfvars files). */
  topAttributes: Map<string, Position>;
  /** Every comment in the file, in order. */
  comments: CommentInfo[];
}

/** Key for finding a top-level block: `resource aws_db_instance main`, `module db`, `locals`. */
export function blockKey(type: string, labels: readonly string[]): string {
  return labels.length ? `${type} ${labels.join(' ')}` : type;
}

const MAX_PREFIXES = 8;
const TOP_PREFIXES: readonly string[] = [''];

interface Frame {
  /** Path prefixes (ending with '.') that attributes of this body are recorded under. */
  prefixes: string[];
  /** Occurrence counter per nested block name. */
  counts: Map<string, number>;
  /** Label of the enclosing `dynamic` block when this frame is that block's body. */
  dynamicLabel?: string;
  /** Prefixes of the body that contains the dynamic block (for `content` aliases). */
  parentPrefixes?: string[];
}

const CH_NL = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_TAB = 9;
const CH_QUOTE = 34;
const CH_HASH = 35;
const CH_DOLLAR = 36;
const CH_PERCENT = 37;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_STAR = 42;
const CH_SLASH = 47;
const CH_COLON = 58;
const CH_LT = 60;
const CH_EQ = 61;
const CH_LBRACKET = 91;
const CH_BACKSLASH = 92;
const CH_RBRACKET = 93;
const CH_LBRACE = 123;
const CH_RBRACE = 125;
const CH_COMMA = 44;
const CH_MINUS = 45;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === CH_MINUS;
}

/** Scan HCL text once and return block, attribute and comment positions. */
export function locate(src: string): FileLocations {
  return new Locator(src).run();
}

class Locator {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private readonly n: number;
  private readonly blocks: BlockInfo[] = [];
  private readonly comments: CommentInfo[] = [];
  private readonly topAttributes = new Map<string, Position>();
  /** Block currently being scanned (comments go there). */
  private current: BlockInfo | undefined;
  /** Index in `comments` of the first comment after the last top-level block. */
  private pendingFrom = 0;

  constructor(private readonly src: string) {
    this.n = src.length;
  }

  run(): FileLocations {
    const src = this.src;
    while (this.i < this.n) {
      this.skipSpaceAndComments(true);
      if (this.i >= this.n) break;
      const c = src.charCodeAt(this.i);
      if (isIdentStart(c)) {
        const pos = this.pos();
        const type = this.readIdent();
        this.skipInlineSpace();
        if (src.charCodeAt(this.i) === CH_EQ && src.charCodeAt(this.i + 1) !== CH_EQ) {
          // Top-level attribute (tfvars).
          if (!this.topAttributes.has(type)) this.topAttributes.set(type, pos);
          this.i++;
          this.skipExpression(TOP_PREFIXES, type, this.topAttributes);
          continue;
        }
        const labels = this.readLabels();
        if (src.charCodeAt(this.i) !== CH_LBRACE) {
          this.skipLine();
          continue;
        }
        this.i++;
        const block: BlockInfo = { type, labels, line: pos.line, column: pos.column, endLine: pos.line, attributes: new Map(), comments: [] };
        this.attachLeadingComments(block);
        this.blocks.push(block);
        this.current = block;
        this.scanBody(block);
        block.endLine = this.line;
        this.current = undefined;
        this.pendingFrom = this.comments.length;
      } else {
        this.i++;
      }
    }
    return { blocks: this.blocks, topAttributes: this.topAttributes, comments: this.comments };
  }

  private pos(): Position {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  /** Comments since the previous block that end on the line(s) directly above the header. */
  private attachLeadingComments(block: BlockInfo): void {
    let expected = block.line - 1;
    let k = this.comments.length - 1;
    const lead: CommentInfo[] = [];
    while (k >= this.pendingFrom) {
      const c = this.comments[k];
      if (c.endLine !== expected) break;
      lead.push(c);
      expected = c.line - 1;
      k--;
    }
    lead.reverse();
    block.comments.push(...lead);
  }

  private recordComment(start: number, startLine: number, column: number): void {
    const c: CommentInfo = { line: startLine, column, endLine: this.line, text: this.src.slice(start, this.i) };
    this.comments.push(c);
    if (this.current) this.current.comments.push(c);
  }

  /** At `#`, `//` or `/*`? Consume and record it. */
  private tryComment(): boolean {
    const src = this.src;
    const c = src.charCodeAt(this.i);
    const start = this.i;
    const startLine = this.line;
    const column = start - this.lineStart + 1;
    if (c === CH_HASH || (c === CH_SLASH && src.charCodeAt(this.i + 1) === CH_SLASH)) {
      let j = src.indexOf('\n', this.i);
      if (j < 0) j = this.n;
      this.i = j;
      // Keep a trailing \r out of the text.
      const end = j > start && src.charCodeAt(j - 1) === CH_CR ? j - 1 : j;
      const comment: CommentInfo = { line: startLine, column, endLine: startLine, text: src.slice(start, end) };
      this.comments.push(comment);
      if (this.current) this.current.comments.push(comment);
      return true;
    }
    if (c === CH_SLASH && src.charCodeAt(this.i + 1) === CH_STAR) {
      let j = this.i + 2;
      for (; j < this.n; j++) {
        const d = src.charCodeAt(j);
        if (d === CH_NL) this.newline(j);
        else if (d === CH_STAR && src.charCodeAt(j + 1) === CH_SLASH) {
          j += 2;
          break;
        }
      }
      this.i = Math.min(j, this.n);
      this.recordComment(start, startLine, column);
      return true;
    }
    return false;
  }

  private skipSpaceAndComments(newlines: boolean): void {
    const src = this.src;
    while (this.i < this.n) {
      const c = src.charCodeAt(this.i);
      if (c === CH_SPACE || c === CH_TAB || c === CH_CR) this.i++;
      else if (c === CH_NL) {
        if (!newlines) return;
        this.newline(this.i);
        this.i++;
      } else if (c === 0xfeff) this.i++;
      else if (!this.tryComment()) return;
    }
  }

  private skipInlineSpace(): void {
    const src = this.src;
    while (this.i < this.n) {
      const c = src.charCodeAt(this.i);
      if (c === CH_SPACE || c === CH_TAB || c === CH_CR) this.i++;
      else if ((c === CH_SLASH && src.charCodeAt(this.i + 1) === CH_STAR)) this.tryComment();
      else return;
    }
  }

  private skipLine(): void {
    let j = this.src.indexOf('\n', this.i);
    if (j < 0) j = this.n;
    this.i = j;
  }

  private readIdent(): string {
    const start = this.i;
    const src = this.src;
    while (this.i < this.n && isIdentChar(src.charCodeAt(this.i))) this.i++;
    return src.slice(start, this.i);
  }

  /** Block labels: quoted strings or bare identifiers, up to `{` (or anything else). */
  private readLabels(): string[] {
    const labels: string[] = [];
    const src = this.src;
    for (;;) {
      this.skipInlineSpace();
      const c = src.charCodeAt(this.i);
      if (c === CH_QUOTE) {
        const start = this.i + 1;
        this.skipQuoted();
        labels.push(unescapeLabel(src.slice(start, Math.max(start, this.i - 1))));
      } else if (isIdentStart(c)) {
        labels.push(this.readIdent());
      } else {
        return labels;
      }
    }
  }

  /** Scan a block body after its `{`, through the matching `}`. Iterative over nesting. */
  private scanBody(block: BlockInfo): void {
    const src = this.src;
    const attrs = block.attributes;
    const stack: Frame[] = [{ prefixes: [''], counts: new Map() }];
    while (stack.length) {
      const frame = stack[stack.length - 1];
      this.skipSpaceAndComments(true);
      if (this.i >= this.n) return;
      const c = src.charCodeAt(this.i);
      if (c === CH_RBRACE) {
        this.i++;
        stack.pop();
        continue;
      }
      if (!isIdentStart(c)) {
        // Not valid here; skip to the end of the line without losing brace balance.
        if (c === CH_QUOTE) this.skipQuoted();
        else this.i++;
        continue;
      }
      const pos = this.pos();
      const name = this.readIdent();
      this.skipInlineSpace();
      const d = src.charCodeAt(this.i);
      if ((d === CH_EQ && src.charCodeAt(this.i + 1) !== CH_EQ) || d === CH_COLON) {
        this.i++;
        const prefixes = frame.prefixes;
        for (let k = 0; k < prefixes.length; k++) {
          const p = prefixes[k] + name;
          if (!attrs.has(p)) attrs.set(p, pos);
        }
        this.skipExpression(prefixes, name, attrs);
        continue;
      }
      const labels = this.readLabels();
      if (src.charCodeAt(this.i) !== CH_LBRACE) {
        this.skipLine();
        continue;
      }
      this.i++;
      const isDynamic = name === 'dynamic' && labels.length > 0;
      const segName = isDynamic ? `dynamic.${labels[0]}` : name;
      const k = frame.counts.get(segName) ?? 0;
      frame.counts.set(segName, k + 1);
      let prefixes: string[] = [];
      for (const p of frame.prefixes) {
        prefixes.push(`${p}${segName}[${k}].`);
        if (k === 0) prefixes.push(`${p}${segName}.`);
      }
      if (prefixes.length > MAX_PREFIXES) prefixes = prefixes.slice(0, MAX_PREFIXES);
      for (const p of prefixes) {
        const key = p.slice(0, -1);
        if (!attrs.has(key)) attrs.set(key, pos);
      }
      const child: Frame = { prefixes, counts: new Map() };
      if (isDynamic) {
        child.dynamicLabel = labels[0];
        child.parentPrefixes = frame.prefixes;
        // The generated blocks are found under their own name too.
        for (const p of frame.prefixes) if (!attrs.has(p + labels[0])) attrs.set(p + labels[0], pos);
      } else if (name === 'content' && frame.dynamicLabel && frame.parentPrefixes) {
        for (const p of frame.parentPrefixes) {
          if (child.prefixes.length < MAX_PREFIXES) child.prefixes.push(`${p}${frame.dynamicLabel}.`);
        }
      }
      stack.push(child);
    }
  }

  /**
   * Skip an attribute's expression: up to a newline outside brackets, or a `}`
   * that closes the enclosing block (one-line blocks). When the value is an
   * object constructor, the keys at its first level are recorded as
   * `<prefix><name>.<key>`.
   */
  private skipExpression(prefixes: readonly string[], name: string, attrs: Map<string, Position>): void {
    const src = this.src;
    this.skipInlineSpace();
    const objectValue = src.charCodeAt(this.i) === CH_LBRACE;
    let depth = 0;
    let expectKey = false;
    while (this.i < this.n) {
      const c = src.charCodeAt(this.i);
      if (c === CH_NL) {
        if (depth === 0) return;
        this.newline(this.i);
        this.i++;
        if (depth === 1 && objectValue) expectKey = true;
        continue;
      }
      if (c === CH_SPACE || c === CH_TAB || c === CH_CR) {
        this.i++;
        continue;
      }
      if (expectKey && depth === 1) {
        expectKey = false;
        if (isIdentStart(c) || c === CH_QUOTE) {
          const pos = this.pos();
          let key: string | undefined;
          if (c === CH_QUOTE) {
            const start = this.i + 1;
            this.skipQuoted();
            key = unescapeLabel(src.slice(start, Math.max(start, this.i - 1)));
          } else {
            key = this.readIdent();
          }
          this.skipInlineSpace();
          const d = src.charCodeAt(this.i);
          if ((d === CH_EQ && src.charCodeAt(this.i + 1) !== CH_EQ) || d === CH_COLON) {
            for (const p of prefixes) {
              const path = `${p}${name}.${key}`;
              if (!attrs.has(path)) attrs.set(path, pos);
            }
          }
          continue;
        }
      }
      switch (c) {
        case CH_QUOTE:
          this.skipQuoted();
          break;
        case CH_LBRACE:
          depth++;
          this.i++;
          if (depth === 1 && objectValue) expectKey = true;
          break;
        case CH_LPAREN:
        case CH_LBRACKET:
          depth++;
          this.i++;
          break;
        case CH_RBRACE:
          if (depth === 0) return;
          depth--;
          this.i++;
          break;
        case CH_RPAREN:
        case CH_RBRACKET:
          if (depth > 0) depth--;
          this.i++;
          break;
        case CH_COMMA:
          this.i++;
          if (depth === 1 && objectValue) expectKey = true;
          break;
        case CH_LT:
          if (src.charCodeAt(this.i + 1) === CH_LT && this.tryHeredoc()) break;
          this.i++;
          break;
        case CH_HASH:
        case CH_SLASH:
          if (!this.tryComment()) this.i++;
          break;
        default:
          this.i++;
      }
    }
  }

  /** At `"`: skip the quoted template including `${…}` / `%{…}` parts. Stops before a raw newline (unterminated). */
  private skipQuoted(): void {
    const src = this.src;
    this.i++;
    while (this.i < this.n) {
      const c = src.charCodeAt(this.i);
      if (c === CH_BACKSLASH) {
        this.i += 2;
      } else if (c === CH_QUOTE) {
        this.i++;
        return;
      } else if (c === CH_NL) {
        return;
      } else if ((c === CH_DOLLAR || c === CH_PERCENT) && src.charCodeAt(this.i + 1) === c && src.charCodeAt(this.i + 2) === CH_LBRACE) {
        this.i += 3; // `$${` / `%%{` are literal
      } else if ((c === CH_DOLLAR || c === CH_PERCENT) && src.charCodeAt(this.i + 1) === CH_LBRACE) {
        this.i += 2;
        this.skipInterpolation();
      } else {
        this.i++;
      }
    }
  }

  /** After `${`: skip to the matching `}` (strings nest; newlines allowed). */
  private skipInterpolation(): void {
    const src = this.src;
    let depth = 1;
    while (this.i < this.n) {
      const c = src.charCodeAt(this.i);
      if (c === CH_NL) {
        this.newline(this.i);
        this.i++;
      } else if (c === CH_QUOTE) {
        this.skipQuoted();
      } else if (c === CH_LBRACE) {
        depth++;
        this.i++;
      } else if (c === CH_RBRACE) {
        this.i++;
        if (--depth === 0) return;
      } else if (c === CH_LT && src.charCodeAt(this.i + 1) === CH_LT && this.tryHeredoc()) {
        // skipped
      } else {
        this.i++;
      }
    }
  }

  /** At `<<`: a heredoc if followed by an optional `-`, an identifier and a newline. Skips through the closing marker line. */
  private tryHeredoc(): boolean {
    const src = this.src;
    let j = this.i + 2;
    if (src.charCodeAt(j) === CH_MINUS) j++;
    const start = j;
    while (j < this.n && isIdentChar(src.charCodeAt(j))) j++;
    if (j === start) return false;
    const marker = src.slice(start, j);
    if (src.charCodeAt(j) === CH_CR) j++;
    if (src.charCodeAt(j) !== CH_NL) return false;
    // Line by line until a line whose trimmed text is the marker.
    this.newline(j);
    let lineBegin = j + 1;
    while (lineBegin < this.n) {
      let end = src.indexOf('\n', lineBegin);
      if (end < 0) end = this.n;
      if (src.slice(lineBegin, end).trim() === marker) {
        this.i = end; // the newline after the marker ends the attribute
        return true;
      }
      if (end >= this.n) break;
      this.newline(end);
      lineBegin = end + 1;
    }
    this.i = this.n;
    return true;
  }
}

function unescapeLabel(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}

/** Comments that apply to a line: on it, or in the unbroken run of comment lines directly above it. */
export function commentsFor(comments: readonly CommentInfo[], line: number): CommentInfo[] {
  const out: CommentInfo[] = [];
  let expected = line - 1;
  for (let k = comments.length - 1; k >= 0; k--) {
    const c = comments[k];
    if (c.line > line) continue;
    if (c.line === line) out.push(c);
    else if (c.endLine === expected) {
      out.push(c);
      expected = c.line - 1;
    } else break;
  }
  return out.reverse();
}
