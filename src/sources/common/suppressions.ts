/**
 * Inline suppression comments, as every text source reads them:
 * `# resilint:ignore <rule-id> reason="…" until=YYYY-MM-DD owner=…` (in any
 * comment syntax the format has: Terraform `#`, `//` and block comments). The
 * source attaches the parsed suppressions to its resources; applying them to
 * results is the engine's (src/engine/suppress.ts).
 */
import type { InlineSuppression, SourceLocation } from '../../graph/types.js';

const IGNORE = /resilint:ignore\s+([^\s"]+)((?:\s+[a-z]+=(?:"(?:[^"\\]|\\.)*"|\S+))*)/i;
const PAIR = /([a-z]+)=("(?:[^"\\]|\\.)*"|\S+)/gi;

/**
 * Parse one comment's text: `resilint:ignore <rule-id> reason="…" until=YYYY-MM-DD owner=…`.
 * Returns undefined when the comment is not a resilint directive.
 */
export function parseIgnoreComment(text: string, location?: SourceLocation): InlineSuppression | { error: string } | undefined {
  const m = IGNORE.exec(text);
  if (!m) return text.includes('resilint:ignore') ? { error: 'resilint:ignore needs a rule id' } : undefined;
  const out: InlineSuppression = { ruleId: m[1] };
  for (const [, key, raw] of (m[2] ?? '').matchAll(PAIR)) {
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    const k = key.toLowerCase();
    if (k === 'reason') out.reason = value;
    else if (k === 'until' || k === 'expires') out.until = value;
    else if (k === 'owner') out.owner = value;
    else return { error: `unknown resilint:ignore option '${key}'` };
  }
  if (out.until !== undefined && !isSuppressionDate(out.until)) return { error: `until=${out.until} is not a date (YYYY-MM-DD)` };
  if (location) out.location = location;
  return out;
}

/** `YYYY-MM-DD` naming a real day (the form every source accepts for `until=`). */
function isSuppressionDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}
