/** jsonencode / jsondecode with Terraform's output: sorted keys, Go's HTML-safe escaping, plain decimal numbers. */
import { Unknown } from '../../../graph/values.js';
import { numToString, sortedKeys } from './convert.js';
import { fail, unknownResult } from './errors.js';
import type { Value, ValueObject } from './values.js';

const HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE_ALL = /[<>&\u2028\u2029]/g;

function quote(s: string): string {
  const q = JSON.stringify(s);
  return HTML_UNSAFE.test(q) ? q.replace(HTML_UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : q;
}

export function jsonEncode(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      if (!Number.isFinite(v)) fail(`cannot encode ${v} as JSON`);
      return numToString(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof Unknown) unknownResult(v);
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(',')}]`;
  const o = v as ValueObject;
  return `{${sortedKeys(o)
    .map((k) => `${quote(k)}:${jsonEncode(o[k])}`)
    .join(',')}}`;
}

export function jsonDecode(text: string): Value {
  try {
    return JSON.parse(text) as Value;
  } catch (e) {
    return fail(`invalid JSON: ${(e as Error).message}`);
  }
}
