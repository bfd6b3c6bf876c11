/** Small pieces every reporter needs, so that they say things the same way. */
import type { Finding, OrganizationRun } from '../src/engine/result.js';

/** An Unknown after JSON: `{ unknown: true, reason }`. */
export interface UnknownValue {
  unknown: true;
  reason: string;
}

export function isUnknownValue(v: unknown): v is UnknownValue {
  return typeof v === 'object' && v !== null && (v as { unknown?: unknown }).unknown === true && typeof (v as { reason?: unknown }).reason === 'string';
}

/** The first Unknown's reason anywhere in a value (evidence may nest them). */
export function unknownReasonIn(v: unknown, depth = 0): string | undefined {
  if (isUnknownValue(v)) return v.reason;
  if (depth > 8 || v === null || typeof v !== 'object') return undefined;
  for (const item of Array.isArray(v) ? v : Object.values(v)) {
    const r = unknownReasonIn(item, depth + 1);
    if (r) return r;
  }
  return undefined;
}

/** Why a result is unknown, when its evidence says. */
export function unknownReason(f: Finding): string | undefined {
  return unknownReasonIn(f.evidence);
}

/** An evidence value as text: strings as they are, unknowns with their reason, the rest as JSON. */
export function showValue(v: unknown): string {
  if (isUnknownValue(v)) return `(unknown: ${v.reason})`;
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}

/**
 * Where a finding is: `file:line[:column]` for IaC, `account (id) / region / ARN`
 * for live resources, else the address.
 */
export function where(f: Finding, opts: { column?: boolean } = {}): string {
  if (f.location) return `${f.location.file}:${f.location.line}${opts.column ? `:${f.location.column}` : ''}`;
  const r = f.resource;
  const account = r.accountName && r.accountId ? `${r.accountName} (${r.accountId})` : (r.accountName ?? r.accountId);
  const parts = [account, r.region, r.arn && r.arn !== r.address ? r.arn : undefined].filter(Boolean);
  return parts.length ? parts.join(' / ') : r.address;
}

/**
 * One line on what an organisation scan covered:
 * "AWS Organization (role in each account): 124 accounts × 2 Regions (ap-northeast-1, ap-northeast-3), 3 accounts not assessed; 3,904 API calls, 41 retried".
 */
export function describeOrganization(o: OrganizationRun): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const how = o.source === 'config' ? 'AWS Config aggregator' : 'role in each account';
  const notAssessed = o.accountsNotAssessed.length ? `, ${n(o.accountsNotAssessed.length)} not assessed` : '';
  return (
    `AWS Organization (${how}, caller ${o.callerAccountId}): ${n(o.accountsSelected)} account${o.accountsSelected === 1 ? '' : 's'}${notAssessed} × ` +
    `${o.regions.length} Region${o.regions.length === 1 ? '' : 's'} (${o.regions.join(', ')}); ${n(o.apiCalls)} API calls, ${n(o.retries)} retried`
  );
}
