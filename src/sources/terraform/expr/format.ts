/**
 * Terraform's format(): Go-style verbs (%v %#v %s %q %t %d %b %o %x %X %e %E
 * %f %F %g %G %%), flags (- + space 0 #), width, precision and explicit
 * argument indexes (%[2]s).
 */
import { argBool, argInteger, argNumber, argString } from './args.js';
import { deepUnknown, numToString, typeName } from './convert.js';
import { fail, typeError, unknownResult } from './errors.js';
import { jsonEncode } from './json.js';
import type { Value } from './values.js';

function runeLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function expParts(s: string): { mant: string; exp: number } {
  const e = s.indexOf('e');
  return { mant: s.slice(0, e), exp: Number(s.slice(e + 1)) };
}

function goExp(mant: string, exp: number, upper: boolean): string {
  const a = Math.abs(exp);
  return `${mant}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
}

/** Go's %e / %f / %g of a non-negative number. */
function formatFloat(n: number, verb: string, prec: number, sharp: boolean): string {
  const upper = verb === 'E' || verb === 'G';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : 'NaN';
  switch (verb) {
    case 'e':
    case 'E': {
      const { mant, exp } = expParts(n.toExponential(prec < 0 ? 6 : Math.min(prec, 100)));
      return goExp(mant, exp, upper);
    }
    case 'f':
    case 'F':
      return n >= 1e21 ? numToString(n) : n.toFixed(prec < 0 ? 6 : Math.min(prec, 100));
    default: {
      // %g: shortest representation, exponent form when exp < -4 or exp >= precision.
      const shortest = prec < 0;
      const p = prec === 0 ? 1 : prec;
      const { mant, exp } = expParts(shortest ? n.toExponential() : n.toExponential(Math.min(p - 1, 100)));
      let digits = mant.replace('.', '');
      if (!sharp) digits = digits.replace(/0+$/, '') || '0';
      let eprec = shortest ? 6 : p;
      if (!shortest && eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
      if (exp < -4 || exp >= eprec) {
        const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
        return goExp(m, exp, upper);
      }
      if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
      if (digits.length <= exp + 1) return digits + '0'.repeat(exp + 1 - digits.length);
      return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
    }
  }
}

function pad(s: string, width: number, left: boolean, zero: boolean, signLen: number): string {
  const len = runeLength(s);
  if (width <= len) return s;
  if (left) return s + ' '.repeat(width - len);
  if (zero) return s.slice(0, signLen) + '0'.repeat(width - len) + s.slice(signLen);
  return ' '.repeat(width - len) + s;
}

export function formatString(spec: string, args: Value[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  let usedIndex = false;
  const n = spec.length;
  while (i < n) {
    const pct = spec.indexOf('%', i);
    if (pct < 0) {
      out += spec.slice(i);
      break;
    }
    out += spec.slice(i, pct);
    i = pct + 1;
    if (i >= n) fail('the format string ends with an unfinished % sequence');
    if (spec[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    let minus = false;
    let plus = false;
    let space = false;
    let zero = false;
    let sharp = false;
    for (; i < n; i++) {
      const f = spec[i];
      if (f === '-') minus = true;
      else if (f === '+') plus = true;
      else if (f === ' ') space = true;
      else if (f === '0') zero = true;
      else if (f === '#') sharp = true;
      else break;
    }
    const argIndex = (): void => {
      if (spec[i] !== '[') return;
      const close = spec.indexOf(']', i);
      const idx = close < 0 ? NaN : Number(spec.slice(i + 1, close));
      if (!Number.isInteger(idx) || idx < 1) fail(`invalid argument index in the format string at offset ${i}`);
      argi = idx - 1;
      usedIndex = true;
      i = close + 1;
    };
    argIndex();
    let width = -1;
    while (i < n && spec[i] >= '0' && spec[i] <= '9') width = Math.max(width, 0) * 10 + Number(spec[i++]);
    let prec = -1;
    if (spec[i] === '.') {
      i++;
      prec = 0;
      while (i < n && spec[i] >= '0' && spec[i] <= '9') prec = prec * 10 + Number(spec[i++]);
    }
    argIndex();
    if (i >= n) fail('the format string ends with an unfinished % sequence');
    const verb = spec[i++];
    if (argi >= args.length) fail(`not enough arguments for the %${verb} verb`);
    const arg = args[argi++];
    const u = deepUnknown(arg);
    if (u) unknownResult(u);
    let s: string;
    let numeric = false;
    switch (verb) {
      case 'v':
        if (sharp) s = jsonEncode(arg);
        else if (arg === null) s = 'null';
        else if (typeof arg === 'object') s = jsonEncode(arg);
        else s = argString(arg, 'the %v argument');
        break;
      case 't':
        s = argBool(arg, 'the %t argument') ? 'true' : 'false';
        break;
      case 's':
        if (arg === null || typeof arg === 'object') typeError(`unsupported value for %s: ${typeName(arg)}`);
        s = argString(arg, 'the %s argument');
        if (prec >= 0) s = Array.from(s).slice(0, prec).join('');
        break;
      case 'q':
        if (arg === null || typeof arg === 'object') typeError(`unsupported value for %q: ${typeName(arg)}`);
        s = JSON.stringify(argString(arg, 'the %q argument'));
        break;
      case 'd':
      case 'b':
      case 'o':
      case 'x':
      case 'X': {
        if (arg === null || typeof arg === 'object') typeError(`unsupported value for %${verb}: ${typeName(arg)}`);
        const v = argInteger(arg, `the %${verb} argument`);
        const base = verb === 'd' ? 10 : verb === 'b' ? 2 : verb === 'o' ? 8 : 16;
        let digits = BigInt(Math.abs(v)).toString(base);
        if (verb === 'X') digits = digits.toUpperCase();
        if (prec >= 0 && digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
        if (sharp) digits = (verb === 'b' ? '0b' : verb === 'o' ? '0' : verb === 'x' ? '0x' : verb === 'X' ? '0X' : '') + digits;
        s = (v < 0 ? '-' : plus ? '+' : space ? ' ' : '') + digits;
        numeric = true;
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (arg === null || typeof arg === 'object') typeError(`unsupported value for %${verb}: ${typeName(arg)}`);
        const v = argNumber(arg, `the %${verb} argument`);
        s = (v < 0 || Object.is(v, -0) ? '-' : plus ? '+' : space ? ' ' : '') + formatFloat(Math.abs(v), verb, prec, sharp);
        numeric = true;
        break;
      }
      default:
        return fail(`unsupported format verb %${verb}`);
    }
    const signLen = numeric && /^[-+ ]/.test(s) ? 1 : 0;
    out += width >= 0 ? pad(s, width, minus, zero && numeric, signLen) : s;
  }
  if (!usedIndex && argi < args.length) fail(`too many arguments: ${args.length} given, ${argi} used by the format string`);
  return out;
}
