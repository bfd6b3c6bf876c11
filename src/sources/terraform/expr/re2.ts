/**
 * Terraform's regular expressions are Go RE2, matched in linear time. re2js
 * (a port of RE2) gives both the syntax (`(?P<name>`, `\\A`, `\\z`, `\\Q…\\E`,
 * POSIX classes, `(?U)`) and the guarantee: a pattern from the input can
 * never backtrack catastrophically. The wrapper below offers the small part
 * of the RegExp interface the functions use (`exec` with `lastIndex`).
 * Go's replacement templates (`$1`, `${name}`) are expanded here too, and
 * Go's rule that an empty match right after a previous match is skipped.
 */
import { RE2JS } from 're2js';
import { fail } from './errors.js';

/** One match, shaped like RegExp's (`[0]` whole match, `[k]` groups, `index`, `groups`). */
type GoMatch = RegExpExecArray;

export class GoRegExp {
  lastIndex = 0;
  /** Indices are UTF-16 code units, as in JavaScript strings. */
  readonly unicode = true;
  private readonly names: string[];
  constructor(
    private readonly re: RE2JS,
    readonly global: boolean,
  ) {
    this.names = Object.keys(re.namedGroups());
  }

  exec(str: string): GoMatch | null {
    const from = this.global ? this.lastIndex : 0;
    if (from > str.length) {
      this.lastIndex = 0;
      return null;
    }
    const m = this.re.matcher(str);
    if (!m.find(from)) {
      this.lastIndex = 0;
      return null;
    }
    const out: string[] = [];
    for (let g = 0; g <= m.groupCount(); g++) out.push(m.group(g) ?? (undefined as unknown as string));
    const result = Object.assign(out, { index: m.start(), input: str, groups: undefined as Record<string, string> | undefined }) as unknown as GoMatch;
    if (this.names.length > 0) {
      const groups: Record<string, string> = {};
      for (const name of this.names) groups[name] = m.group(name) ?? (undefined as unknown as string);
      result.groups = groups;
    }
    if (this.global) this.lastIndex = m.end();
    return result;
  }
}

const cache = new Map<string, GoRegExp>();
const CACHE_LIMIT = 500;

/** Compile a Go regular expression (cached). */
export function goRegExp(pattern: string, global: boolean): GoRegExp {
  const key = (global ? 'g' : '-') + pattern;
  let re = cache.get(key);
  if (re) {
    re.lastIndex = 0;
    return re;
  }
  try {
    re = new GoRegExp(RE2JS.compile(pattern), global);
  } catch (e) {
    const why = typeof (e as { getDescription?: () => string }).getDescription === 'function' ? (e as { getDescription: () => string }).getDescription() : 'syntax error';
    fail(`invalid regular expression ${JSON.stringify(pattern)}: ${why}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, re);
  return re;
}

/** All matches with Go's semantics (an empty match adjacent to the previous match is skipped). */
export function allMatches(re: GoRegExp, str: string): RegExpExecArray[] {
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

export function replaceAll(re: GoRegExp, str: string, template: string): string {
  let out = '';
  let last = 0;
  for (const m of allMatches(re, str)) {
    out += str.slice(last, m.index) + expandTemplate(template, m);
    last = m.index + m[0].length;
  }
  return out + str.slice(last);
}
