import type { ResourceGraph } from '../graph/graph.js';
import type { SourceLocation } from '../graph/types.js';
import { glob, resourceMatches } from '../policy/tiers.js';
import type { PolicySuppression } from '../policy/types.js';
import type { Finding, Warning } from './result.js';

/** Expired when the scan day is after `until` (the suppression holds through its last day). */
function expired(until: string | undefined, today: string): boolean {
  return until !== undefined && today > until;
}

function where(loc: SourceLocation | undefined): string | undefined {
  return loc ? `${loc.file}:${loc.line}` : undefined;
}

export interface SuppressOptions {
  graph: ResourceGraph;
  policySuppressions: readonly PolicySuppression[];
  policySource: string;
  /** YYYY-MM-DD of the scan (UTC). */
  today: string;
}

/**
 * Mark findings that an inline comment or a policy entry suppresses. An
 * expired suppression no longer applies and produces a warning; a
 * suppression without a reason is applied but warned about.
 */
export function applySuppressions(findings: Finding[], opts: SuppressOptions): Warning[] {
  const warnings: Warning[] = [];
  const warned = new Set<string>();
  const warnOnce = (w: Warning) => {
    const key = `${w.code}\u0000${w.message}`;
    if (!warned.has(key)) {
      warned.add(key);
      warnings.push(w);
    }
  };

  for (const f of findings) {
    if (f.status === 'pass') continue;
    const resource = opts.graph.get(f.resource.id);
    if (!resource) continue;
    for (const s of resource.inlineSuppressions ?? []) {
      if (!glob(s.ruleId)(f.ruleId)) continue;
      if (expired(s.until, opts.today)) {
        warnOnce({
          code: 'suppression-expired',
          message: `inline suppression of ${s.ruleId} on ${f.resource.address} expired on ${s.until}; the result counts again`,
          ...(s.location ? { file: s.location.file, line: s.location.line } : {}),
        });
        continue;
      }
      f.suppression = { kind: 'inline', justification: s.reason ?? '(no reason given)' };
      if (s.owner) f.suppression.owner = s.owner;
      if (s.until) f.suppression.expires = s.until;
      const at = where(s.location);
      if (at) f.suppression.declaredAt = at;
      if (!s.reason) warnOnce({ code: 'suppression-without-reason', message: `inline suppression of ${s.ruleId} on ${f.resource.address} gives no reason`, ...(s.location ? { file: s.location.file, line: s.location.line } : {}) });
      break;
    }
    if (f.suppression) continue;
    for (const [i, s] of opts.policySuppressions.entries()) {
      if (s.rule !== undefined && !glob(s.rule)(f.ruleId)) continue;
      if (s.resource !== undefined && !glob(s.resource)(f.resource.address) && !glob(s.resource)(f.resource.id)) continue;
      if (s.match !== undefined && !resourceMatches(resource, s.match)) continue;
      if (s.account !== undefined && !(f.resource.accountId && glob(s.account)(f.resource.accountId)) && !(f.resource.accountName && glob(s.account)(f.resource.accountName))) continue;
      if (s.tag !== undefined && !resourceMatches(resource, { tag: s.tag })) continue;
      const declaredAt = `${opts.policySource} suppressions[${i}]`;
      if (expired(s.expires, opts.today)) {
        warnOnce({ code: 'suppression-expired', message: `${declaredAt} (${s.reason}) expired on ${s.expires}; its results count again`, file: opts.policySource });
        continue;
      }
      f.suppression = { kind: 'policy', justification: s.reason, owner: s.owner, declaredAt };
      if (s.expires) f.suppression.expires = s.expires;
      break;
    }
  }
  return warnings;
}
