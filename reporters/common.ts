/** Small pieces every reporter needs, so that they say things the same way. */
import type { Finding, OrganizationRun, ScanResult } from '../src/engine/result.js';
import { SymbolicAz } from '../src/graph/az.js';

/** An Unknown after JSON: `{ unknown: true, reason }`. */
export interface UnknownValue {
  unknown: true;
  reason: string;
}

export function isUnknownValue(v: unknown): v is UnknownValue {
  return typeof v === 'object' && v !== null && (v as { unknown?: unknown }).unknown === true && typeof (v as { reason?: unknown }).reason === 'string';
}

/**
 * An AZ known only as "element i of AZ list L" (`SymbolicAz`, in memory or
 * after JSON: `{unknown, reason, az: {list, index}}`): its readable label,
 * e.g. `AZ #1 of data.aws_availability_zones.available`, else undefined.
 * It is an identity, not a value that is missing, so reports show the label
 * and never "unknown (…)".
 */
export function symbolicAzLabel(v: unknown): string | undefined {
  if (v instanceof SymbolicAz) return v.label;
  if (!isUnknownValue(v)) return undefined;
  const az = (v as { az?: unknown }).az;
  if (typeof az !== 'object' || az === null) return undefined;
  const { list, index } = az as { list?: unknown; index?: unknown };
  // The label is the reason by construction (src/graph/az.ts).
  return typeof list === 'string' && Number.isInteger(index) ? v.reason : undefined;
}

/** A copy of a value with every symbolic AZ replaced by its label; other values (and other unknowns) as they are. */
export function readableValue(v: unknown, depth = 0): unknown {
  const label = symbolicAzLabel(v);
  if (label !== undefined) return label;
  if (depth > 16 || v === null || typeof v !== 'object' || isUnknownValue(v)) return v;
  if (Array.isArray(v)) return v.map((x) => readableValue(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, readableValue(x, depth + 1)]));
}

/**
 * The first Unknown's reason anywhere in a value (evidence may nest them).
 * Symbolic AZs are skipped: "AZ #1 of L" names an AZ; it is not why a result
 * could not be decided.
 */
export function unknownReasonIn(v: unknown, depth = 0): string | undefined {
  if (symbolicAzLabel(v) !== undefined) return undefined;
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

/** An evidence value as text: strings as they are, symbolic AZs by label, unknowns with their reason, the rest as JSON. */
export function showValue(v: unknown): string {
  const label = symbolicAzLabel(v);
  if (label !== undefined) return label;
  if (isUnknownValue(v)) return `(unknown: ${v.reason})`;
  if (typeof v === 'string') return v;
  // The replacer sees values after toJSON, so in-memory and parsed symbolic AZs look alike here.
  return JSON.stringify(v, (_k, x: unknown) => symbolicAzLabel(x) ?? x) ?? String(v);
}

// ---------------------------------------------------------------------------
// Unknown results, grouped by why

/** Unknown results of one rule that share a (normalised) reason. */
export interface UnknownReasonGroup {
  ruleId: string;
  /** The reason with resource-specific parts replaced (`<resource>`, `<arn>`, `[…]`). */
  reason: string;
  count: number;
}

export interface UnknownSummary {
  /** Unknown results that are not suppressed: what is still undecided. */
  open: number;
  /** Unknown results dismissed by a suppression. */
  suppressed: number;
  /** Of the open ones, those already in the baseline (with --baseline). */
  baselined: number;
  /** Groups of the open unknowns, most frequent first. */
  groups: UnknownReasonGroup[];
}

const ARN = /\barn:aws[\w-]*:[^\s,;()"'`]+/g;
// Terraform addresses: optional module path, optional data., a provider-prefixed type, a name, an optional index.
const TF_ADDRESS = /\b(?:module\.[\w-]+(?:\[[^\]\s]*\])?\.)*(?:data\.)?[a-z][a-z0-9]*_[\w-]+\.[\w-]+(?:\[[^\]\s]*\])?/g;
const REASON_MAX = 160;

/**
 * A reason with what is specific to one resource taken out, so that "the
 * same problem" groups: the resource's own address, name and ARN, other
 * resources' addresses and ARNs. What the user has to act on stays (variable
 * and parameter names, AZ list labels, what is missing). Parts joined by "; "
 * are deduplicated after normalising, and a long reason is clipped in the
 * middle.
 */
export function normaliseReason(text: string, f?: Finding): string {
  let s = text.replace(/\s+/g, ' ').trim();
  if (f) {
    const own = [...new Set([f.resource.arn, f.resource.address, f.resource.id, f.resource.name])]
      .filter((x): x is string => Boolean(x))
      .sort((a, b) => b.length - a.length);
    for (const x of own) {
      // Messages start with "<name>: "; elsewhere only qualified identities are replaced, so that a
      // plain name such as "app" or "Service" cannot eat a word of the reason.
      if (s.startsWith(`${x}: `)) s = `<resource>: ${s.slice(x.length + 2)}`;
      if (/[.:/]/.test(x)) s = s.split(x).join('<resource>');
    }
  }
  // AZ list labels such as data.aws_availability_zones.available name what to resolve; keep them.
  s = s.replace(ARN, '<arn>').replace(TF_ADDRESS, (m) => (/^(?:module\.[^.]+\.)*data\.aws_availability_zones\./.test(m) ? m : '<resource>'));
  s = s.replace(/^<resource>: /, '');
  const parts = [...new Set(s.split('; ').map((p) => p.trim()).filter(Boolean))];
  s = parts.join('; ');
  // Clipped in the middle: the rule's wording comes first, the cause (a variable, a parameter) usually last.
  const chars = [...s];
  if (chars.length <= REASON_MAX) return s;
  const head = Math.floor(REASON_MAX * 0.4);
  return `${chars.slice(0, head).join('').trimEnd()} … ${chars.slice(chars.length - (REASON_MAX - head - 3)).join('').trimStart()}`;
}

/** Why one unknown result is unknown, normalised for grouping: its evidence's reason, else its message. */
export function unknownGroupReason(f: Finding): string {
  return normaliseReason(unknownReason(f) ?? f.message, f);
}

/** The unknown results: how many are open (not suppressed) and why, grouped by rule and normalised reason. */
export function summarizeUnknowns(findings: readonly Finding[]): UnknownSummary {
  const groups = new Map<string, UnknownReasonGroup>();
  let open = 0;
  let suppressed = 0;
  let baselined = 0;
  for (const f of findings) {
    if (f.status !== 'unknown') continue;
    if (f.suppression) {
      suppressed++;
      continue;
    }
    open++;
    if (f.baselineState === 'unchanged') baselined++;
    const reason = unknownGroupReason(f);
    const key = `${f.ruleId}\u0000${reason}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { ruleId: f.ruleId, reason, count: 1 });
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId) || a.reason.localeCompare(b.reason));
  return { open, suppressed, baselined, groups: sorted };
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

/**
 * The gate's outcome in one sentence that agrees with the exit code, naming what it let through:
 * "Gate passed (exit 0, --fail-on low) — 6 failing results are baselined". Undefined without a gate (library use).
 */
export function gateSentence(result: ScanResult): string | undefined {
  const g = result.gate;
  if (!g) return undefined;
  const n = (x: number, one: string) => `${x} ${one}${x === 1 ? '' : 's'}`;
  const flags = `--fail-on ${g.failOn}${g.failOnUnknown ? ', --fail-on-unknown' : ''}`;
  const head = g.exitCode === 0 ? 'Gate passed' : g.exitCode === 1 ? 'Gate failed' : 'Gate not decided: scan incomplete';
  const parts: string[] = [];
  const threshold = g.failOn === 'none' ? '' : ` at or above ${g.failOn}`;
  if (g.atThreshold.fail) parts.push(`${n(g.atThreshold.fail, 'failing result')}${threshold}`);
  if (g.atThreshold.unknown && g.failOnUnknown) parts.push(`${n(g.atThreshold.unknown, 'unknown result')}${threshold}`);
  const d = g.dismissed;
  if (d?.baselined.fail) parts.push(`${n(d.baselined.fail, 'failing result')} ${d.baselined.fail === 1 ? 'is' : 'are'} baselined`);
  if (d?.suppressed.fail) parts.push(`${n(d.suppressed.fail, 'failing result')} ${d.suppressed.fail === 1 ? 'is' : 'are'} suppressed`);
  if (!parts.length) parts.push(g.failOn === 'none' ? 'results never fail this gate' : `no failing result${threshold}`);
  return `${head} (exit ${g.exitCode}, ${flags}) — ${parts.join(', ')}`;
}
