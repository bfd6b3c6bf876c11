/**
 * Recursive-descent parser for HCL native expressions and templates
 * (hashicorp/hcl hclsyntax/spec.md), hand-written for a single pass.
 *
 * Two entry points: a whole string as an expression (tfvars values, `--var`),
 * or a whole string as a standalone template (what hcl2json gives for every
 * string: `"${var.x}"`, `"web-${var.env}"`). In standalone templates the
 * backslash escapes have already been decoded by hcl2json, so only `$${` and
 * `%%{` are escapes; quoted strings nested inside `${ }` are source text and
 * get the full escape treatment.
 */
import {
  EMPTY_STRING,
  FALSE_LITERAL,
  NULL_LITERAL,
  SPLAT_ITEM,
  TRUE_LITERAL,
  literal,
  type BinaryOp,
  type Node,
  type TemplateNode,
} from './ast.js';
import { numToString } from './convert.js';
import { Scanner, T, TOKEN_TEXT, isDigit } from './lexer.js';

const STANDALONE = 0;
const QUOTED = 1;
const HEREDOC = 2;

/** Deep enough for any real configuration, shallow enough to stay clear of the JS stack limit. */
const MAX_DEPTH = 400;

const PREC: number[] = new Array(40).fill(0);
PREC[T.OR] = 1;
PREC[T.AND] = 2;
PREC[T.EQ] = PREC[T.NE] = 3;
PREC[T.LT] = PREC[T.GT] = PREC[T.LE] = PREC[T.GE] = 4;
PREC[T.PLUS] = PREC[T.MINUS] = 5;
PREC[T.STAR] = PREC[T.SLASH] = PREC[T.PERCENT] = 6;

const OP: BinaryOp[] = [];
OP[T.OR] = '||';
OP[T.AND] = '&&';
OP[T.EQ] = '==';
OP[T.NE] = '!=';
OP[T.LT] = '<';
OP[T.GT] = '>';
OP[T.LE] = '<=';
OP[T.GE] = '>=';
OP[T.PLUS] = '+';
OP[T.MINUS] = '-';
OP[T.STAR] = '*';
OP[T.SLASH] = '/';
OP[T.PERCENT] = '%';

type TerminatorKind = 'end' | 'else' | 'endif' | 'endfor';
interface Terminator {
  kind: TerminatorKind;
  offset: number;
}

export class Parser extends Scanner {
  /**
   * Newlines end an item (object constructor bodies). Only tokens that could
   * start the next item (`-`, `[`, `(`) are affected; other operators may
   * continue on the next line, which HCL would reject and hcl2json already has.
   */
  private nlStop = false;
  private depth = 0;
  /** A `~}` asked to strip leading whitespace from the next template literal. */
  private stripNext = false;

  /** The whole source as one expression. */
  parseWholeExpression(): Node {
    this.advance();
    const e = this.parseExpr();
    if (!this.at(T.EOF)) this.fail(`unexpected ${this.describeTok()} after the expression`);
    return e;
  }

  /** The whole source as a standalone template; a lone `${expr}` unwraps to expr. */
  parseWholeTemplate(): Node {
    const parts: Node[] = [];
    const t = this.templateSeq(STANDALONE, this.end, -1, parts, 0);
    if (t.kind !== 'end') this.fail(`unexpected %{${t.kind}} without a matching opening directive`, t.offset);
    return finishTemplate(parts);
  }

  private describeTok(): string {
    if (this.at(T.IDENT)) return `'${this.tokText}'`;
    if (this.at(T.NUMBER)) return `number ${this.tokText}`;
    if (this.at(T.EOF)) return 'end of expression';
    return `'${TOKEN_TEXT[this.tok]}'`;
  }

  private expect(tok: number, what: string): void {
    if (this.tok !== tok) this.fail(`expected ${what}, found ${this.describeTok()}`);
  }

  // ------------------------------------------------------------ expressions

  private parseExpr(): Node {
    if (++this.depth > MAX_DEPTH) this.fail('expression is nested too deeply');
    let e = this.parseBinary(1);
    if (this.at(T.QUESTION)) {
      this.advance();
      const whenTrue = this.parseExpr();
      this.expect(T.COLON, "':' in the conditional expression");
      this.advance();
      const whenFalse = this.parseExpr();
      e = { type: 'conditional', condition: e, whenTrue, whenFalse };
    }
    this.depth--;
    return e;
  }

  /** An expression in a context where newlines are insignificant (brackets, parentheses, interpolations). */
  private parseNested(): Node {
    const saved = this.nlStop;
    this.nlStop = false;
    const e = this.parseExpr();
    this.nlStop = saved;
    return e;
  }

  private parseBinary(minPrec: number): Node {
    let left = this.parseUnary();
    // A chain `a + b + c …` nests to the left: each operator is a level for every later walk of the tree.
    const base = this.depth;
    try {
      for (;;) {
        const t = this.tok;
        const p = PREC[t];
        if (p === 0 || p < minPrec) return left;
        if (t === T.MINUS && this.nlStop && this.tokNl) return left;
        if (++this.depth > MAX_DEPTH) this.fail(`expression has more than ${MAX_DEPTH} nested operations`);
        this.advance();
        const right = this.parseBinary(p + 1);
        left = { type: 'binary', op: OP[t], left, right };
      }
    } finally {
      this.depth = base;
    }
  }

  private parseUnary(): Node {
    const t = this.tok;
    if (t === T.MINUS || t === T.BANG) {
      this.advance();
      if (++this.depth > MAX_DEPTH) this.fail('expression is nested too deeply');
      const operand = this.parseUnary();
      this.depth--;
      if (t === T.MINUS) {
        if (operand.type === 'literal' && typeof operand.value === 'number') return literal(-operand.value);
        return { type: 'unary', op: '-', operand };
      }
      return { type: 'unary', op: '!', operand };
    }
    return this.parsePostfix(this.parsePrimary(), false);
  }

  /**
   * Attribute access, index and splat operators after a term. `attrOnly`:
   * the body of a legacy `.*` splat, which takes only `.name` steps.
   */
  private parsePostfix(base: Node, attrOnly: boolean): Node {
    for (;;) {
      const t = this.tok;
      if (t === T.DOT) {
        const saved = attrOnly ? this.save() : undefined;
        this.advance();
        if (this.at(T.IDENT)) {
          base = { type: 'getattr', object: base, name: this.tokText };
          this.advance();
        } else if (this.at(T.NUMBER)) {
          // Legacy index `foo.0`.
          const text = this.tokText;
          for (let i = 0; i < text.length; i++) {
            if (!isDigit(text.charCodeAt(i))) this.fail(`invalid legacy index '.${text}'; use [${text.split('.')[0]}]`);
          }
          base = { type: 'index', object: base, key: literal(Number(text)) };
          this.advance();
        } else if (this.at(T.STAR)) {
          if (saved) {
            // `.*` ends the attribute-only body; the outer loop starts a new splat.
            this.restore(saved);
            return base;
          }
          this.advance();
          const body = this.parsePostfix(SPLAT_ITEM, true);
          base = { type: 'splat', source: base, body };
        } else {
          this.fail(`expected an attribute name after '.', found ${this.describeTok()}`);
        }
      } else if (t === T.LBRACK && !(this.nlStop && this.tokNl)) {
        if (attrOnly) return base;
        this.advance();
        if (this.at(T.STAR)) {
          this.advance();
          this.expect(T.RBRACK, "']' after '[*'");
          this.advance();
          const body = this.parsePostfix(SPLAT_ITEM, false);
          return { type: 'splat', source: base, body };
        }
        const key = this.parseNested();
        this.expect(T.RBRACK, "']' to close the index");
        this.advance();
        base = { type: 'index', object: base, key };
      } else {
        return base;
      }
    }
  }

  private parsePrimary(): Node {
    switch (this.tok) {
      case T.NUMBER: {
        const n = Number(this.tokText);
        this.advance();
        return literal(n);
      }
      case T.IDENT: {
        let name = this.tokText;
        this.advance();
        if (this.at(T.DCOLON)) {
          // provider::aws::arn_parse(...)
          while (this.at(T.DCOLON)) {
            this.advance();
            this.expect(T.IDENT, "a name after '::'");
            name += `::${this.tokText}`;
            this.advance();
          }
          this.expect(T.LPAREN, `'(' to call ${name}`);
        }
        if (this.at(T.LPAREN) && !(this.nlStop && this.tokNl)) return this.parseCall(name);
        if (name === 'true') return TRUE_LITERAL;
        if (name === 'false') return FALSE_LITERAL;
        if (name === 'null') return NULL_LITERAL;
        return { type: 'variable', name };
      }
      case T.LPAREN: {
        this.advance();
        const e = this.parseNested();
        this.expect(T.RPAREN, "')'");
        this.advance();
        return e;
      }
      case T.LBRACK:
        return this.parseTuple();
      case T.LBRACE:
        return this.parseObject();
      case T.OQUOTE:
        return this.parseQuoted();
      case T.HEREDOC:
        return this.parseHeredoc();
      default:
        return this.fail(`expected an expression, found ${this.describeTok()}`);
    }
  }

  private parseCall(name: string): Node {
    this.advance();
    const saved = this.nlStop;
    this.nlStop = false;
    const args: Node[] = [];
    let expandFinal = false;
    while (!this.at(T.RPAREN)) {
      args.push(this.parseExpr());
      if (this.at(T.ELLIPSIS)) {
        expandFinal = true;
        this.advance();
        if (this.at(T.COMMA)) this.advance();
        this.expect(T.RPAREN, `')' after '...' in the call to ${name}`);
        break;
      }
      if (this.at(T.COMMA)) this.advance();
      else this.expect(T.RPAREN, `',' or ')' in the arguments of ${name}`);
    }
    this.nlStop = saved;
    this.advance();
    return { type: 'call', name, args, expandFinal };
  }

  private parseTuple(): Node {
    this.advance();
    const saved = this.nlStop;
    this.nlStop = false;
    let node: Node;
    if (this.at(T.IDENT) && this.textIs('for')) {
      this.advance();
      node = this.parseFor(false);
      this.expect(T.RBRACK, "']' to close the for expression");
    } else {
      const items: Node[] = [];
      while (!this.at(T.RBRACK)) {
        items.push(this.parseExpr());
        if (this.at(T.COMMA)) this.advance();
        else this.expect(T.RBRACK, "',' or ']' in the list");
      }
      node = { type: 'tuple', items };
    }
    this.nlStop = saved;
    this.advance();
    return node;
  }

  private parseObject(): Node {
    const open = this.tokStart;
    this.advance();
    const saved = this.nlStop;
    if (this.at(T.IDENT) && this.textIs('for')) {
      const st = this.save();
      this.advance();
      if (this.at(T.IDENT)) {
        this.nlStop = false;
        const node = this.parseFor(true);
        this.expect(T.RBRACE, "'}' to close the for expression");
        this.nlStop = saved;
        this.advance();
        return node;
      }
      this.restore(st);
    }
    this.nlStop = true;
    const keys: Node[] = [];
    const values: Node[] = [];
    while (!this.at(T.RBRACE)) {
      if (this.at(T.EOF)) this.fail("unclosed '{'", open);
      let key: Node | undefined;
      if (this.at(T.IDENT)) {
        // A bare identifier key is a literal name, not a variable.
        const st = this.save();
        const name = this.tokText;
        this.advance();
        if (this.at(T.ASSIGN) || this.at(T.COLON)) key = literal(name);
        else this.restore(st);
      }
      key ??= this.parseExpr();
      if (!this.at(T.ASSIGN) && !this.at(T.COLON)) this.fail(`expected '=' or ':' after the object key, found ${this.describeTok()}`);
      this.advance();
      const value = this.parseExpr();
      keys.push(key);
      values.push(value);
      if (this.at(T.COMMA)) this.advance();
      else if (!this.at(T.RBRACE) && !this.tokNl) this.fail(`expected ',' or a newline between object items, found ${this.describeTok()}`);
    }
    this.nlStop = saved;
    this.advance();
    return { type: 'object', keys, values };
  }

  /** After `for`; stops at the closing bracket without consuming it. */
  private parseFor(isObject: boolean): Node {
    this.expect(T.IDENT, "an iterator name after 'for'");
    let keyVar: string | null = null;
    let valueVar = this.tokText;
    this.advance();
    if (this.at(T.COMMA)) {
      this.advance();
      this.expect(T.IDENT, "a second iterator name after ','");
      keyVar = valueVar;
      valueVar = this.tokText;
      this.advance();
    }
    if (!(this.at(T.IDENT) && this.textIs('in'))) this.fail(`expected 'in' in the for expression, found ${this.describeTok()}`);
    this.advance();
    const collection = this.parseExpr();
    this.expect(T.COLON, "':' after the for expression's collection");
    this.advance();
    let keyExpr: Node | null = null;
    if (isObject) {
      keyExpr = this.parseExpr();
      this.expect(T.ARROW, "'=>' in the object for expression");
      this.advance();
    }
    const valueExpr = this.parseExpr();
    let group = false;
    if (isObject && this.at(T.ELLIPSIS)) {
      group = true;
      this.advance();
    }
    let condition: Node | null = null;
    if (this.at(T.IDENT) && this.textIs('if')) {
      this.advance();
      condition = this.parseExpr();
    }
    return { type: 'for', keyVar, valueVar, collection, keyExpr, valueExpr, condition, group };
  }

  // -------------------------------------------------------------- templates

  private parseQuoted(): Node {
    const open = this.tokStart;
    this.pos = this.tokEnd;
    this.stripNext = false;
    const parts: Node[] = [];
    const t = this.templateSeq(QUOTED, this.end, -1, parts, open);
    if (t.kind !== 'end') this.fail(`unexpected %{${t.kind}} without a matching opening directive`, t.offset);
    this.advance();
    return finishTemplate(parts);
  }

  private parseHeredoc(): Node {
    const src = this.src;
    const end = this.end;
    const open = this.tokStart;
    let i = this.tokEnd;
    let indented = false;
    if (src.charCodeAt(i) === 45) {
      indented = true;
      i++;
    }
    const idStart = i;
    while (i < end && /[A-Za-z0-9_-]/.test(src[i])) i++;
    if (i === idStart) this.fail("expected a heredoc marker after '<<'", open);
    const marker = src.slice(idStart, i);
    if (src.charCodeAt(i) === 13) i++;
    if (src.charCodeAt(i) !== 10) this.fail(`the heredoc marker ${marker} must be followed by a newline`, idStart);
    const contentStart = i + 1;
    let contentEnd = -1;
    let after = -1;
    let lineStart = contentStart;
    while (lineStart <= end) {
      let lineEnd = src.indexOf('\n', lineStart);
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      let a = lineStart;
      while (a < lineEnd && (src.charCodeAt(a) === 32 || src.charCodeAt(a) === 9)) a++;
      let b = lineEnd;
      if (b > a && src.charCodeAt(b - 1) === 13) b--;
      if (b - a === marker.length && src.startsWith(marker, a)) {
        contentEnd = lineStart;
        after = b;
        break;
      }
      if (lineEnd >= end) break;
      lineStart = lineEnd + 1;
    }
    if (contentEnd < 0) this.fail(`unterminated heredoc: no line with only ${marker}`, open);
    let dedent = -1;
    if (indented) {
      dedent = Infinity;
      for (const line of src.slice(contentStart, contentEnd).split('\n')) {
        if (line.trim() === '') continue;
        let n = 0;
        while (n < line.length && (line.charCodeAt(n) === 32 || line.charCodeAt(n) === 9)) n++;
        dedent = Math.min(dedent, n);
      }
      if (dedent === Infinity) dedent = 0;
    }
    this.pos = dedent > 0 ? skipIndent(src, contentStart, contentEnd, dedent) : contentStart;
    this.stripNext = false;
    const parts: Node[] = [];
    const t = this.templateSeq(HEREDOC, contentEnd, dedent, parts, open);
    if (t.kind !== 'end') this.fail(`unexpected %{${t.kind}} without a matching opening directive`, t.offset);
    this.pos = after;
    this.advance();
    return finishTemplate(parts);
  }

  /** Push a literal part (after any pending strip); true when something was pushed. */
  private flushLiteral(parts: Node[], text: string): boolean {
    if (this.stripNext) {
      text = text.trimStart();
      this.stripNext = false;
    }
    if (text === '') return false;
    parts.push(literal(text));
    return true;
  }

  /**
   * Scan template content from `pos` up to `limit` (or the closing quote),
   * appending parts. Returns at the end, or at an else/endif/endfor directive
   * (for the enclosing directive to handle), with `pos` just after it.
   */
  private templateSeq(mode: number, limit: number, dedent: number, parts: Node[], open: number): Terminator {
    const src = this.src;
    let i = this.pos;
    let seg = i;
    let lit = '';
    for (;;) {
      if (i >= limit) {
        if (mode === QUOTED) this.fail('unterminated string: missing closing quote', open);
        this.flushLiteral(parts, lit + src.slice(seg, i));
        this.pos = i;
        return { kind: 'end', offset: i };
      }
      const c = src.charCodeAt(i);
      if (c === 36 || c === 37) {
        // $ or %
        const n = i + 1 < limit ? src.charCodeAt(i + 1) : -1;
        if (n === 123) {
          const pushed = this.flushLiteral(parts, lit + src.slice(seg, i));
          lit = '';
          i += 2;
          if (i < limit && src.charCodeAt(i) === 126) {
            i++;
            if (pushed) trimLastEnd(parts);
          }
          this.pos = i;
          if (c === 36) {
            this.advance();
            parts.push(this.parseNested());
            this.closeSequence('${');
          } else {
            const t = this.directive(mode, limit, dedent, parts, open);
            if (t) return t;
          }
          i = seg = this.pos;
          continue;
        }
        if (n === c && i + 2 < limit && src.charCodeAt(i + 2) === 123) {
          // $${ and %%{ are literal ${ and %{.
          lit += src.slice(seg, i) + (c === 36 ? '${' : '%{');
          i += 3;
          seg = i;
          continue;
        }
        i++;
        continue;
      }
      if (mode === QUOTED) {
        if (c === 34) {
          this.flushLiteral(parts, lit + src.slice(seg, i));
          this.pos = i + 1;
          return { kind: 'end', offset: i };
        }
        if (c === 92) {
          lit += src.slice(seg, i);
          i = this.escape(i, limit);
          lit += this.escaped;
          seg = i;
          continue;
        }
      }
      if (c === 10 && dedent > 0) {
        i++;
        lit += src.slice(seg, i);
        i = seg = skipIndent(src, i, limit, dedent);
        continue;
      }
      i++;
    }
  }

  private escaped = '';

  /** Decode the escape at `i` into `escaped`; returns the offset after it. */
  private escape(i: number, limit: number): number {
    const src = this.src;
    const c = i + 1 < limit ? src[i + 1] : '';
    switch (c) {
      case 'n':
        this.escaped = '\n';
        return i + 2;
      case 'r':
        this.escaped = '\r';
        return i + 2;
      case 't':
        this.escaped = '\t';
        return i + 2;
      case '"':
        this.escaped = '"';
        return i + 2;
      case '\\':
        this.escaped = '\\';
        return i + 2;
      case 'u':
      case 'U': {
        const len = c === 'u' ? 4 : 8;
        const hex = src.slice(i + 2, i + 2 + len);
        if (hex.length !== len || i + 2 + len > limit || !/^[0-9A-Fa-f]+$/.test(hex)) {
          this.fail(`invalid escape \\${c}: expected ${len} hexadecimal digits`, i);
        }
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) this.fail(`invalid escape \\${c}${hex}: not a Unicode character`, i);
        this.escaped = String.fromCodePoint(cp);
        return i + 2 + len;
      }
      default:
        return this.fail(`invalid escape sequence \\${c}; use \\\\ for a literal backslash`, i);
    }
  }

  /** Optional `~` then the `}` closing an interpolation or directive; template scanning resumes after it. */
  private closeSequence(what: string): void {
    let strip = false;
    if (this.at(T.TILDE)) {
      strip = true;
      this.advance();
    }
    if (!this.at(T.RBRACE)) this.fail(`expected '}' to close '${what}', found ${this.describeTok()}`);
    this.pos = this.tokEnd;
    this.stripNext = strip;
  }

  /** A `%{ ... }` directive starting at `pos` (after `%{` and any `~`). Returns a terminator for else/endif/endfor. */
  private directive(mode: number, limit: number, dedent: number, parts: Node[], open: number): Terminator | undefined {
    this.advance();
    if (!this.at(T.IDENT)) this.fail(`expected if, for, else, endif or endfor after '%{', found ${this.describeTok()}`);
    const kw = this.tokText;
    const at = this.tokStart;
    switch (kw) {
      case 'if': {
        this.advance();
        const condition = this.parseNested();
        this.closeSequence('%{if');
        const thenParts: Node[] = [];
        const elseParts: Node[] = [];
        let t = this.templateSeq(mode, limit, dedent, thenParts, open);
        if (t.kind === 'else') t = this.templateSeq(mode, limit, dedent, elseParts, open);
        if (t.kind !== 'endif') this.fail(t.kind === 'end' ? '%{if} without a matching %{endif}' : `unexpected %{${t.kind}} inside %{if}`, t.kind === 'end' ? at : t.offset);
        parts.push({ type: 'template-if', condition, whenTrue: templateNode(thenParts), whenFalse: templateNode(elseParts) });
        return undefined;
      }
      case 'for': {
        this.advance();
        this.expect(T.IDENT, "an iterator name after 'for'");
        let keyVar: string | null = null;
        let valueVar = this.tokText;
        this.advance();
        if (this.at(T.COMMA)) {
          this.advance();
          this.expect(T.IDENT, "a second iterator name after ','");
          keyVar = valueVar;
          valueVar = this.tokText;
          this.advance();
        }
        if (!(this.at(T.IDENT) && this.textIs('in'))) this.fail(`expected 'in' in the for directive, found ${this.describeTok()}`);
        this.advance();
        const collection = this.parseNested();
        this.closeSequence('%{for');
        const body: Node[] = [];
        const t = this.templateSeq(mode, limit, dedent, body, open);
        if (t.kind !== 'endfor') this.fail(t.kind === 'end' ? '%{for} without a matching %{endfor}' : `unexpected %{${t.kind}} inside %{for}`, t.kind === 'end' ? at : t.offset);
        parts.push({ type: 'template-for', keyVar, valueVar, collection, body: templateNode(body) });
        return undefined;
      }
      case 'else':
      case 'endif':
      case 'endfor':
        this.advance();
        this.closeSequence(`%{${kw}`);
        return { kind: kw, offset: at };
      default:
        return this.fail(`unknown template directive '${kw}'; expected if, for, else, endif or endfor`, at);
    }
  }
}

function skipIndent(src: string, i: number, limit: number, n: number): number {
  const stop = Math.min(limit, i + n);
  while (i < stop && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
  return i;
}

function trimLastEnd(parts: Node[]): void {
  const last = parts[parts.length - 1];
  if (last.type !== 'literal' || typeof last.value !== 'string') return;
  const t = last.value.trimEnd();
  if (t === '') parts.pop();
  else parts[parts.length - 1] = literal(t);
}

function templateNode(parts: Node[]): TemplateNode {
  return { type: 'template', parts };
}

/** Unwrap a lone interpolation (type-preserving) and fold constant templates into one string. */
export function finishTemplate(parts: Node[]): Node {
  if (parts.length === 0) return EMPTY_STRING;
  if (parts.length === 1 && parts[0].type !== 'template-if' && parts[0].type !== 'template-for') return parts[0];
  let text = '';
  for (const p of parts) {
    if (p.type !== 'literal' || p.value === null) return templateNode(parts);
    text += typeof p.value === 'string' ? p.value : typeof p.value === 'number' ? numToString(p.value) : String(p.value);
  }
  return literal(text);
}
