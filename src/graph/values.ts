/**
 * Values that flow from sources to rules.
 *
 * A source that cannot resolve a value (an unset variable, a remote module,
 * an attribute known only after apply, a Ref to a parameter without default)
 * puts an `Unknown` in its place. Rules must treat it as "cannot tell": the
 * result is `unknown`, never `pass`.
 */
export class Unknown {
  readonly unknown = true as const;
  constructor(readonly reason: string) {}
  toJSON(): { unknown: true; reason: string } {
    return { unknown: true, reason: this.reason };
  }
  toString(): string {
    return `(unknown: ${this.reason})`;
  }
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** A normalized property: a value, `Unknown`, or `undefined` when the attribute is absent (the API default applies). */
export type Maybe<T> = T | Unknown | undefined;

/** First Unknown found anywhere inside a value (arrays and plain objects are searched). */
export function findUnknown(v: unknown, depth = 0): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (depth > 32 || v === null || typeof v !== 'object') return undefined;
  const items = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
  for (const item of items) {
    const u = findUnknown(item, depth + 1);
    if (u) return u;
  }
  return undefined;
}

const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|private[_-]?key|credential|api[_-]?key|access[_-]?key|auth[_-]?string)/i;

/** True for attribute names whose values must never reach a report. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export const MASK = '********';

/**
 * Copy of a value with every secret-named attribute replaced by a mask,
 * at any depth. Sources call this before a native attribute map enters the
 * graph, so no reporter can leak it.
 */
export function maskSecrets<T>(value: T, depth = 0): T {
  if (depth > 32 || value === null || typeof value !== 'object' || value instanceof Unknown) return value;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretKey(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? MASK : maskSecrets(v, depth + 1);
  }
  return out as T;
}
