/**
 * Escaping for the HTML report. Every user-controlled string (resource names,
 * tags, messages, file names, policy text) reaches the page either through
 * `html` below, which escapes every interpolation unless it is already `Raw`
 * markup, or through the JSON data block, which `jsonForScript` makes
 * impossible to break out of.
 */

/** Markup that is already safe (built by `html` or a trusted constant). */
export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function raw(markup: string): Raw {
  return new Raw(markup);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch]);
}

type Part = Raw | string | number | boolean | null | undefined | readonly Part[];

function part(value: Part): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Raw) return value.value;
  if (Array.isArray(value)) return value.map(part).join('');
  return escapeHtml(String(value));
}

/** Tagged template: interpolations are escaped; `Raw` values and arrays of them are inserted as markup. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Raw {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new Raw(out);
}

const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&`,
 * U+2028 and U+2029 become `\uXXXX` escapes (they only ever occur inside
 * JSON strings, where the escape means the same character), so no value can
 * close the element or open a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => SCRIPT_ESCAPES[ch]);
}
