/**
 * Control characters in text that came from input (file names, addresses,
 * tag values, messages quoting them) must never reach a terminal or a report
 * raw: a newline forges a line of output, ESC drives the terminal, and bidi
 * overrides reorder what a reviewer reads. They are written as visible
 * escapes instead (`\n`, `\x1b`, `\u202e`).
 */

// C0, DEL, C1, the line/paragraph separators and the bidi embedding, override and isolate controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** True when the text holds a character `escapeControl` rewrites. */
export function hasControl(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}

/** The text with every control character written as a visible escape; other text unchanged. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A copy of a value in which every string (keys too) is `escapeControl`led.
 * Objects that serialise themselves (`toJSON`, e.g. unknown values) are
 * replaced by what they serialise to, as every report sees them after JSON;
 * parts without control characters are shared, not copied.
 */
export function escapeControlDeep<T>(value: T): T {
  return deep(value, 0) as T;
}

function deep(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return hasControl(v) ? escapeControl(v) : v;
  if (v === null || typeof v !== 'object' || depth > 64) return v;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function' && !(v instanceof Date)) {
    const j = (v as { toJSON: () => unknown }).toJSON();
    const out = deep(j, depth + 1);
    // Unchanged: keep the instance, so reporters that recognise it in memory still do.
    return out === j ? v : out;
  }
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((x) => {
      const y = deep(x, depth + 1);
      if (y !== x) changed = true;
      return y;
    });
    return changed ? out : v;
  }
  if (v instanceof Map || v instanceof Set) return v;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const key = hasControl(k) ? escapeControl(k) : k;
    const y = deep(x, depth + 1);
    if (y !== x || key !== k) changed = true;
    out[key] = y;
  }
  if (!changed) return v;
  // Keep a class instance's prototype (the reporters test some with instanceof).
  return Object.getPrototypeOf(v) === Object.prototype ? out : Object.assign(Object.create(Object.getPrototypeOf(v) as object) as object, out);
}
