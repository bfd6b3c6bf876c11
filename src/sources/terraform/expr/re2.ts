/**
 * Terraform's regular expressions are Go RE2. Most of the syntax is the same
 * in JavaScript; this translates the differences that occur in practice:
 * leading flag groups `(?i)`, `(?P<name>`, `\A`, `\z`, `\pL`, `\Q…\E` and
 * POSIX classes `[[:alpha:]]`. Go's replacement templates (`$1`, `${name}`)
 * are expanded here too, and Go's rule that an empty match right after a
 * previous match is skipped.
 */
import { fail } from './errors.js';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 500;

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function translate(pattern: string): { source: string; flags: string } {
  let flags = '';
  let src = pattern;
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(src);
    if (!m) break;
    for (const f of m[1]) {
      if (f === 'U') fail('the ungreedy flag (?U) is not supported');
      if (!flags.includes(f)) flags += f;
    }
    src = src.slice(m[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) fail('invalid regular expression: trailing backslash');
      if (!inClass && n === 'A') {
        out += '(?<![\\s\\S])';
      } else if (!inClass && n === 'z') {
        out += '(?![\\s\\S])';
      } else if ((n === 'p' || n === 'P') && src[i + 2] !== '{' && i + 2 < src.length) {
        out += `\\${n}{${src[i + 2]}}`;
        i++;
      } else if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        out += escapeLiteral(end < 0 ? src.slice(i + 2) : src.slice(i + 2, end));
        i = end < 0 ? src.length : end + 1;
        continue;
      } else {
        out += c + n;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        const cls = end > 0 ? POSIX[src.slice(i + 2, end)] : undefined;
        if (cls !== undefined) {
          out += cls;
          i = end + 1;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    out += c;
  }
  return { source: out, flags };
}

/** Compile a Go regular expression (cached). */
export function goRegExp(pattern: string, global: boolean): RegExp {
  const key = (global ? 'g' : '-') + pattern;
  let re = cache.get(key);
  if (re) {
    re.lastIndex = 0;
    return re;
  }
  const { source, flags } = translate(pattern);
  const f = flags + (global ? 'g' : '');
  try {
    re = new RegExp(source, `${f}u`);
  } catch {
    try {
      re = new RegExp(source, f);
    } catch (e) {
      fail(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, re);
  return re;
}

/** All matches with Go's semantics (an empty match adjacent to the previous match is skipped). */
export function allMatches(re: RegExp, str: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  let prevEnd = -1;
  for (;;) {
    const m = re.exec(str);
    if (!m) break;
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      re.lastIndex = m.index + (re.unicode && (str.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
      if (m.index === prevEnd) {
        if (m.index >= str.length) break;
        continue;
      }
    }
    out.push(m);
    prevEnd = end;
    if (m.index >= str.length) break;
  }
  return out;
}

/** Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
export function expandTemplate(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string | undefined;
    let next = i + 1;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close < 0 ? '' : template.slice(i + 2, close);
      if (/^[A-Za-z0-9_]+$/.test(inner)) {
        name = inner;
        next = close + 1;
      }
    } else {
      const mm = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (mm) {
        name = mm[0];
        next = i + 1 + mm[0].length;
      }
    }
    if (name === undefined) {
      out += '$';
      continue;
    }
    out += (/^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name]) ?? '';
    i = next - 1;
  }
  return out;
}

export function replaceAll(re: RegExp, str: string, template: string): string {
  let out = '';
  let last = 0;
  for (const m of allMatches(re, str)) {
    out += str.slice(last, m.index) + expandTemplate(template, m);
    last = m.index + m[0].length;
  }
  return out + str.slice(last);
}
