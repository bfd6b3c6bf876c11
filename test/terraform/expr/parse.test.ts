import { describe, expect, it } from 'vitest';
import { compileValue, HclSyntaxError, parseExpression } from '../../../src/sources/terraform/expr/index.js';
import { ev, run, runValue } from './helpers.js';

function syntaxError(f: () => unknown): HclSyntaxError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HclSyntaxError);
    return e as HclSyntaxError;
  }
  throw new Error('expected a syntax error');
}

describe('literals', () => {
  it('numbers, including exponents and fractions', () => {
    expect(ev('42')).toBe(42);
    expect(ev('1.5')).toBe(1.5);
    expect(ev('1e3')).toBe(1000);
    expect(ev('2.5E-1')).toBe(0.25);
    expect(ev('-7')).toBe(-7);
  });

  it('true, false, null', () => {
    expect(ev('true')).toBe(true);
    expect(ev('false')).toBe(false);
    expect(ev('null')).toBe(null);
  });

  it('strings with escapes', () => {
    expect(ev('"a\\nb\\tc\\r"')).toBe('a\nb\tc\r');
    expect(ev('"say \\"hi\\" \\\\o/"')).toBe('say "hi" \\o/');
    expect(ev('"caf\\u00e9 \\U0001F600"')).toBe('café 😀');
    expect(ev('""')).toBe('');
  });

  it('tuples with trailing commas, newlines and comments', () => {
    expect(ev('[]')).toEqual([]);
    expect(ev('[1, "a", true, null,]')).toEqual([1, 'a', true, null]);
    expect(ev('[\n  1, # one\n  2, // two\n  /* three */ 3\n]')).toEqual([1, 2, 3]);
    expect(ev('[[1, 2], [3]]')).toEqual([[1, 2], [3]]);
  });

  it('objects with = or :, commas or newlines, quoted and computed keys', () => {
    expect(ev('{}')).toEqual({});
    expect(ev('{ a = 1, b = "x" }')).toEqual({ a: 1, b: 'x' });
    expect(ev('{\n  a = 1\n  "b-c" : 2\n  (var.s) = 3\n  "${local.env}-x" = 4\n}')).toEqual({ a: 1, 'b-c': 2, hello: 3, 'prod-x': 4 });
    expect(ev('{ a = { b = [1, { c = 2 }] } }')).toEqual({ a: { b: [1, { c: 2 }] } });
  });

  it('a bare identifier key is a literal name, not a variable', () => {
    expect(ev('{ var = 1, local = 2 }')).toEqual({ var: 1, local: 2 });
  });

  it('a multi-line object value that continues with an operator on the next line', () => {
    expect(ev('{\n  a = var.n\n    + 1\n  b = var.t\n    ? "yes"\n    : "no"\n}')).toEqual({ a: 4, b: 'yes' });
  });

  it('a newline ends an object item before a negative number or a parenthesised key', () => {
    expect(ev('{\n  a = 1\n  (var.s) = -2\n}')).toEqual({ a: 1, hello: -2 });
  });

  it('identifiers may contain dashes (HCL), so a-b is one name', () => {
    expect(ev('{ a-b = 1 }')).toEqual({ 'a-b': 1 });
    const r = run('var.n-1');
    expect(r.issues).toEqual([{ kind: 'reference', message: "var has no attribute 'n-1'" }]);
  });

  it('heredocs inside expressions, plain and indented', () => {
    expect(ev('upper(<<EOT\nhi ${var.s}\nEOT\n)')).toBe('HI HELLO\n');
    expect(ev('<<-EOT\n    indented\n      more\n    EOT')).toBe('indented\n  more\n');
    // The closing marker's indentation does not count; blank lines do not either.
    expect(ev('{ x = <<-EOT\n      a\n    EOT\n  y = 1 }')).toEqual({ x: 'a\n', y: 1 });
    expect(ev('<<-EOT\n    a\n\n      b\n    EOT')).toBe('a\n\n  b\n');
  });
});

describe('operators and precedence', () => {
  it('arithmetic', () => {
    expect(ev('1 + 2')).toBe(3);
    expect(ev('5 - 7')).toBe(-2);
    expect(ev('3 * 4')).toBe(12);
    expect(ev('10 / 4')).toBe(2.5);
    expect(ev('10 % 4')).toBe(2);
    expect(ev('-var.n')).toBe(-3);
    expect(ev('- - 2')).toBe(2);
  });

  it('* / % bind tighter than + -, left to right within a level', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('8 / 4 * 2')).toBe(4);
    expect(ev('10 - 3 - 2')).toBe(5);
    expect(ev('7 % 4 * 2')).toBe(6);
    expect(ev('1 + 10 % 4')).toBe(3);
  });

  it('comparisons bind looser than arithmetic', () => {
    expect(ev('1 + 1 > 1')).toBe(true);
    expect(ev('2 >= 2')).toBe(true);
    expect(ev('2 < 1')).toBe(false);
    expect(ev('2 <= 1 + 1')).toBe(true);
  });

  it('== and != bind looser than comparisons', () => {
    expect(ev('1 < 2 == true')).toBe(true);
    expect(ev('1 + 1 == 2')).toBe(true);
    expect(ev('"a" != "b"')).toBe(true);
  });

  it('&& binds tighter than ||; ! binds tightest', () => {
    expect(ev('true || false && false')).toBe(true);
    expect(ev('(true || false) && false')).toBe(false);
    expect(ev('!false && true')).toBe(true);
    expect(ev('!(1 == 1)')).toBe(false);
    expect(ev('1 == 1 && 2 == 2')).toBe(true);
  });

  it('the conditional has the lowest precedence and nests to the right', () => {
    expect(ev('var.n > 2 ? "big" : "small"')).toBe('big');
    expect(ev('1 + 1 == 3 ? 1 : 2 + 2')).toBe(4);
    expect(ev('false ? 1 : true ? 2 : 3')).toBe(2);
    expect(ev('true || false ? "a" : "b"')).toBe('a');
  });

  it('unary minus applies to the whole term, including attribute access', () => {
    expect(ev('-var.l[2] + 1')).toBe(-2);
  });
});

describe('compileValue', () => {
  it('literal JSON values and literal strings', () => {
    expect(runValue(3).value).toBe(3);
    expect(runValue(true).value).toBe(true);
    expect(runValue(null).value).toBe(null);
    expect(runValue('plain text').value).toBe('plain text');
    expect(runValue('').value).toBe('');
    expect(runValue('100% $5 {x}').value).toBe('100% $5 {x}');
  });

  it('a lone interpolation keeps the type of its expression', () => {
    expect(runValue('${3}').value).toBe(3);
    expect(runValue('${var.l}').value).toEqual([1, 2, 3]);
    expect(runValue('${var.t}').value).toBe(true);
    expect(runValue('${"${var.t}"}').value).toBe(true);
    expect(runValue('${ var.m }').value).toEqual({ b: 2, a: 1, c: 3 });
  });

  it('text around an interpolation makes a string', () => {
    expect(runValue('n=${var.n}').value).toBe('n=3');
    expect(runValue('${var.n}${var.t}').value).toBe('3true');
  });

  it('arrays become tuples and objects become objects; object keys may be templates', () => {
    expect(runValue(['${var.n}', 'a', 1, ['${var.s}']]).value).toEqual([3, 'a', 1, ['hello']]);
    expect(runValue({ '${var.s}': '${var.n}', plain: 'x', '${(local.env)}': true }).value).toEqual({ hello: 3, plain: 'x', prod: true });
  });

  it('multi-line expressions from hcl2json, with comments', () => {
    expect(runValue('${concat(\n    [1], # comment\n    [2],\n  )}').value).toEqual([1, 2]);
    expect(runValue('${merge(var.m, {\n    Name = "x"\n  })}').value).toEqual({ a: 1, b: 2, c: 3, Name: 'x' });
  });

  it('returns the same cached node for the same string', () => {
    const a = compileValue('${var.n + 1}');
    const b = compileValue('${var.n + 1}');
    expect(a).toBe(b);
    expect(compileValue('${var.n + 2}')).not.toBe(a);
  });

  it('values hcl2json never produces still compile', () => {
    expect(runValue(undefined).value).toBe(null);
    expect(() => compileValue(Symbol('x'))).toThrow(HclSyntaxError);
    expect(() => compileValue(() => 1)).toThrow(HclSyntaxError);
  });
});

describe('syntax errors', () => {
  it('report offset, line and column of the offending token', () => {
    const e = syntaxError(() => parseExpression('1 +'));
    expect([e.offset, e.line, e.column]).toEqual([3, 1, 4]);
    expect(e.message).toBe('expected an expression, found end of expression');
  });

  it('on a later line of a multi-line expression', () => {
    const e = syntaxError(() => parseExpression('[\n  1,\n  2 3\n]'));
    expect([e.offset, e.line, e.column]).toEqual([11, 3, 5]);
    expect(e.message).toBe("expected ',' or ']' in the list, found number 3");
  });

  it('inside an interpolation of a compiled template', () => {
    const e = syntaxError(() => compileValue('${var.x +\n  }'));
    expect([e.offset, e.line, e.column]).toEqual([12, 2, 3]);
  });

  it('inside a key of a compiled object', () => {
    const e = syntaxError(() => compileValue({ ok: 1, '${var.': 2 }));
    expect([e.offset, e.line, e.column]).toEqual([6, 1, 7]);
  });

  it('unterminated strings point at the opening quote', () => {
    const e = syntaxError(() => parseExpression('x = "abc'.slice(4)));
    expect([e.offset, e.line, e.column]).toEqual([0, 1, 1]);
    expect(e.message).toBe('unterminated string: missing closing quote');
  });

  it('unclosed and unmatched template directives', () => {
    const e1 = syntaxError(() => compileValue('a %{if true}x'));
    expect(e1.message).toBe('%{if} without a matching %{endif}');
    expect([e1.offset, e1.column]).toEqual([4, 5]);
    const e2 = syntaxError(() => compileValue('x %{endfor}'));
    expect(e2.message).toBe('unexpected %{endfor} without a matching opening directive');
    expect(e2.offset).toBe(4);
    expect(syntaxError(() => compileValue('%{ while x }')).message).toBe("unknown template directive 'while'; expected if, for, else, endif or endfor");
  });

  it('invalid escapes, characters and operators', () => {
    const e1 = syntaxError(() => parseExpression('"a\\qb"'));
    expect([e1.offset, e1.message]).toEqual([2, 'invalid escape sequence \\q; use \\\\ for a literal backslash']);
    const e2 = syntaxError(() => parseExpression('a & b'));
    expect([e2.offset, e2.column]).toEqual([2, 3]);
    expect(syntaxError(() => parseExpression('1 @ 2')).message).toBe('unexpected character "@"');
  });

  it('missing pieces of for expressions, conditionals and calls', () => {
    expect(syntaxError(() => parseExpression('[for x var.l : x]')).message).toBe("expected 'in' in the for expression, found 'var'");
    expect(syntaxError(() => parseExpression('{for k, v in var.m : k v}')).message).toBe("expected '=>' in the object for expression, found 'v'");
    expect(syntaxError(() => parseExpression('true ? 1')).message).toBe("expected ':' in the conditional expression, found end of expression");
    expect(syntaxError(() => parseExpression('max(1, 2')).message).toBe("expected ',' or ')' in the arguments of max, found end of expression");
    expect(syntaxError(() => parseExpression('{ a = 1 b = 2 }')).message).toBe("expected ',' or a newline between object items, found 'b'");
    expect(syntaxError(() => parseExpression('var.l[0')).message).toBe("expected ']' to close the index, found end of expression");
  });

  it('trailing garbage after a complete expression', () => {
    const e = syntaxError(() => parseExpression('1 2'));
    expect([e.offset, e.message]).toEqual([2, 'unexpected number 2 after the expression']);
  });

  it('legacy index with a fraction is rejected as HCL does', () => {
    expect(syntaxError(() => parseExpression('var.l.0.1')).message).toBe("invalid legacy index '.0.1'; use [0]");
  });

  it('very deep nesting is a syntax error, not a crash', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(syntaxError(() => parseExpression(deep)).message).toBe('expression is nested too deeply');
  });

  it('unterminated heredoc and block comment', () => {
    expect(syntaxError(() => parseExpression('<<EOT\nabc\n')).message).toBe('unterminated heredoc: no line with only EOT');
    expect(syntaxError(() => parseExpression('1 /* never closed')).message).toBe('unterminated /* comment');
  });
});
