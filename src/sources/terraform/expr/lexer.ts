/**
 * Single-pass, on-demand tokenizer for HCL native expressions. It keeps one
 * token of lookahead in fields (no token objects) so the parser can switch
 * to template scanning right after an opening quote or a closing brace.
 */

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset into the source string that was compiled. */
    readonly offset: number,
    /** 1-based line within that string. */
    readonly line: number,
    /** 1-based column within that line. */
    readonly column: number,
  ) {
    super(message);
    this.name = 'HclSyntaxError';
  }
}

/** Token kinds. Plain numbers (not a TS enum) so every transpiler treats them alike. */
export const T = {
  EOF: 0,
  IDENT: 1,
  NUMBER: 2,
  OQUOTE: 3,
  HEREDOC: 4,
  PLUS: 5,
  MINUS: 6,
  STAR: 7,
  SLASH: 8,
  PERCENT: 9,
  AND: 10,
  OR: 11,
  BANG: 12,
  EQ: 13,
  NE: 14,
  LT: 15,
  GT: 16,
  LE: 17,
  GE: 18,
  ASSIGN: 19,
  ARROW: 20,
  COLON: 21,
  DCOLON: 22,
  QUESTION: 23,
  DOT: 24,
  ELLIPSIS: 25,
  COMMA: 26,
  LPAREN: 27,
  RPAREN: 28,
  LBRACK: 29,
  RBRACK: 30,
  LBRACE: 31,
  RBRACE: 32,
  TILDE: 33,
} as const;

export const TOKEN_TEXT: readonly string[] = [
  'end of expression', 'identifier', 'number', '"', '<<', '+', '-', '*', '/', '%', '&&', '||', '!', '==', '!=', '<', '>',
  '<=', '>=', '=', '=>', ':', '::', '?', '.', '...', ',', '(', ')', '[', ']', '{', '}', '~',
];

const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isAsciiIdContinue(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** 1-based line and column of an offset. */
export function lineColumn(src: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, src.length);
  for (let i = 0; i < end; i++) {
    if (src.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export interface ScannerState {
  pos: number;
  tok: number;
  tokStart: number;
  tokEnd: number;
  tokNl: boolean;
  tokText: string;
}

export class Scanner {
  /** Next unread character. */
  pos: number;
  /** Current lookahead token. */
  tok: number = T.EOF;
  tokStart = 0;
  tokEnd = 0;
  /** A newline (or line comment) came between the previous token and this one. */
  tokNl = false;
  /** Identifier name or number text. */
  tokText = '';

  constructor(
    readonly src: string,
    start = 0,
    readonly end = src.length,
  ) {
    this.pos = start;
  }

  fail(message: string, offset: number = this.tokStart): never {
    const { line, column } = lineColumn(this.src, offset);
    throw new HclSyntaxError(message, offset, line, column);
  }

  /** Current token test (a method, so the compiler does not narrow `tok` across advance()). */
  at(t: number): boolean {
    return this.tok === t;
  }

  textIs(s: string): boolean {
    return this.tokText === s;
  }

  save(): ScannerState {
    return { pos: this.pos, tok: this.tok, tokStart: this.tokStart, tokEnd: this.tokEnd, tokNl: this.tokNl, tokText: this.tokText };
  }

  restore(s: ScannerState): void {
    this.pos = s.pos;
    this.tok = s.tok;
    this.tokStart = s.tokStart;
    this.tokEnd = s.tokEnd;
    this.tokNl = s.tokNl;
    this.tokText = s.tokText;
  }

  /** Lex the next token starting at `pos`. */
  advance(): void {
    const src = this.src;
    const end = this.end;
    let i = this.pos;
    let nl = false;
    // Whitespace, newlines and comments.
    for (;;) {
      if (i >= end) break;
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) {
        i++;
      } else if (c === 10) {
        nl = true;
        i++;
      } else if (c === 35 || (c === 47 && src.charCodeAt(i + 1) === 47 && i + 1 < end)) {
        // # or // line comment: equivalent to a newline.
        while (i < end && src.charCodeAt(i) !== 10) i++;
        nl = true;
      } else if (c === 47 && i + 1 < end && src.charCodeAt(i + 1) === 42) {
        const close = src.indexOf('*/', i + 2);
        if (close < 0 || close + 2 > end) this.fail('unterminated /* comment', i);
        for (let j = i; j < close; j++) if (src.charCodeAt(j) === 10) nl = true;
        i = close + 2;
      } else {
        break;
      }
    }
    this.tokNl = nl;
    this.tokStart = i;
    if (i >= end) {
      this.tok = T.EOF;
      this.tokEnd = i;
      this.pos = i;
      return;
    }
    const c = src.charCodeAt(i);
    const n = i + 1 < end ? src.charCodeAt(i + 1) : -1;
    let kind: number;
    let len = 1;
    switch (c) {
      case 43: kind = T.PLUS; break;
      case 45: kind = T.MINUS; break;
      case 42: kind = T.STAR; break;
      case 47: kind = T.SLASH; break;
      case 37: kind = T.PERCENT; break;
      case 40: kind = T.LPAREN; break;
      case 41: kind = T.RPAREN; break;
      case 91: kind = T.LBRACK; break;
      case 93: kind = T.RBRACK; break;
      case 123: kind = T.LBRACE; break;
      case 125: kind = T.RBRACE; break;
      case 44: kind = T.COMMA; break;
      case 63: kind = T.QUESTION; break;
      case 126: kind = T.TILDE; break;
      case 34: kind = T.OQUOTE; break;
      case 38: // &
        if (n !== 38) this.fail("unexpected '&' (did you mean '&&'?)", i);
        kind = T.AND;
        len = 2;
        break;
      case 124: // |
        if (n !== 124) this.fail("unexpected '|' (did you mean '||'?)", i);
        kind = T.OR;
        len = 2;
        break;
      case 33: // !
        if (n === 61) {
          kind = T.NE;
          len = 2;
        } else kind = T.BANG;
        break;
      case 61: // =
        if (n === 61) {
          kind = T.EQ;
          len = 2;
        } else if (n === 62) {
          kind = T.ARROW;
          len = 2;
        } else kind = T.ASSIGN;
        break;
      case 60: // <
        if (n === 61) {
          kind = T.LE;
          len = 2;
        } else if (n === 60) {
          kind = T.HEREDOC;
          len = 2;
        } else kind = T.LT;
        break;
      case 62: // >
        if (n === 61) {
          kind = T.GE;
          len = 2;
        } else kind = T.GT;
        break;
      case 58: // :
        if (n === 58) {
          kind = T.DCOLON;
          len = 2;
        } else kind = T.COLON;
        break;
      case 46: // .
        if (n === 46 && i + 2 < end && src.charCodeAt(i + 2) === 46) {
          kind = T.ELLIPSIS;
          len = 3;
        } else kind = T.DOT;
        break;
      default:
        if (isDigit(c)) {
          this.lexNumber(i);
          return;
        }
        if (isAsciiIdStart(c) || (c >= 128 && this.isIdStartAt(i))) {
          this.lexIdent(i);
          return;
        }
        this.fail(`unexpected character ${JSON.stringify(String.fromCodePoint(src.codePointAt(i)!))}`, i);
    }
    this.tok = kind;
    this.tokEnd = this.pos = i + len;
  }

  private isIdStartAt(i: number): boolean {
    return ID_START.test(String.fromCodePoint(this.src.codePointAt(i)!));
  }

  private lexIdent(start: number): void {
    const src = this.src;
    const end = this.end;
    let i = start;
    for (;;) {
      if (i >= end) break;
      const c = src.charCodeAt(i);
      if (isAsciiIdContinue(c)) {
        i++;
      } else if (c >= 128) {
        const cp = src.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        if (!ID_CONTINUE.test(ch)) break;
        i += ch.length;
      } else break;
    }
    this.tok = T.IDENT;
    this.tokText = src.slice(start, i);
    this.tokEnd = this.pos = i;
  }

  private lexNumber(start: number): void {
    const src = this.src;
    const end = this.end;
    let i = start;
    while (i < end && isDigit(src.charCodeAt(i))) i++;
    if (i + 1 < end && src.charCodeAt(i) === 46 && isDigit(src.charCodeAt(i + 1))) {
      i += 2;
      while (i < end && isDigit(src.charCodeAt(i))) i++;
    }
    const e = src.charCodeAt(i);
    if (i < end && (e === 101 || e === 69)) {
      let j = i + 1;
      const s = src.charCodeAt(j);
      if (s === 43 || s === 45) j++;
      if (j < end && isDigit(src.charCodeAt(j))) {
        i = j;
        while (i < end && isDigit(src.charCodeAt(i))) i++;
      }
    }
    this.tok = T.NUMBER;
    this.tokText = src.slice(start, i);
    this.tokEnd = this.pos = i;
  }
}
