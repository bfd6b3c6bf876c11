/**
 * AWS Backup plans as the rules read them: how often a plan rule runs
 * (worst-case gap between two runs), which Region a copy goes to, and
 * whether a plan's selections pick a given resource — yes, no, or unknown
 * with the reason (a reference outside the scan, an unknown tag, an
 * identifier chosen at apply).
 */
import type { AnyResource, BackupSelection, BackupTagCondition, Resource } from '../graph/types.js';
import type { ResourceGraph } from '../graph/graph.js';
import { isUnknown, Unknown, type Maybe } from '../graph/values.js';

/** AWS Backup's schedule when a rule sets none: daily at 05:00 UTC (CreateBackupPlan, ScheduleExpression). */
export const DEFAULT_BACKUP_SCHEDULE = 'cron(0 5 ? * * *)';

const HOUR = 1;
const DAY = 24 * HOUR;

/**
 * The longest gap between two runs of a schedule, in hours: `rate(n unit)`
 * or a six-field AWS cron. Months are counted as 31 days (worst case);
 * a schedule that skips months or years is judged by its longest gap.
 */
export function scheduleGapHours(expr: Maybe<string>): number | Unknown {
  if (isUnknown(expr)) return expr;
  const s = (expr ?? DEFAULT_BACKUP_SCHEDULE).trim();
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(s);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2].toLowerCase();
    return unit.startsWith('minute') ? n / 60 : unit.startsWith('hour') ? n * HOUR : n * DAY;
  }
  const cron = /^cron\((.*)\)$/i.exec(s);
  if (!cron) return new Unknown(`schedule "${s}" is neither cron(…) nor rate(…)`);
  const f = cron[1].trim().split(/\s+/);
  if (f.length !== 6) return new Unknown(`schedule "${s}": an AWS cron expression has 6 fields`);
  const [, hours, dom, month, dow, year] = f;
  if (year !== '*') return new Unknown(`schedule "${s}" runs only in given years`);
  const dayGap = (): number | Unknown => {
    const anyDom = dom === '*' || dom === '?';
    const anyDow = dow === '*' || dow === '?';
    if (anyDom && anyDow) return 1;
    if (!anyDow) {
      const days = fieldValues(dow.replace(/#\d+|L$/g, ''), 1, 7, DOW_NAMES);
      if (isUnknown(days)) return new Unknown(`schedule "${s}": ${days.reason}`);
      // `2#1` (first Monday) or `6L` (last Friday) runs monthly.
      if (/#|L/.test(dow)) return 31 + 6;
      return circularGap(days, 7);
    }
    if (dom === 'L' || /^L-\d+$/.test(dom) || /W$/.test(dom)) return 31;
    const days = fieldValues(dom, 1, 31);
    if (isUnknown(days)) return new Unknown(`schedule "${s}": ${days.reason}`);
    // Days past the 28th are skipped in short months: count the worst month.
    return days.length === 1 ? 31 : Math.max(circularGap(days.filter((d) => d <= 28).length ? days.filter((d) => d <= 28) : days, 28), 1);
  };
  const dg = dayGap();
  if (isUnknown(dg)) return dg;
  let gap: number;
  if (dg === 1) {
    const hs = fieldValues(hours, 0, 23);
    if (isUnknown(hs)) return new Unknown(`schedule "${s}": ${hs.reason}`);
    gap = circularGap(hs, 24);
  } else gap = dg * DAY;
  if (month !== '*') {
    const ms = fieldValues(month, 1, 12, MONTH_NAMES);
    if (isUnknown(ms)) return new Unknown(`schedule "${s}": ${ms.reason}`);
    if (ms.length < 12) gap = Math.max(gap, circularGap(ms, 12) * 31 * DAY);
  }
  return gap;
}

const DOW_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** The values a cron field lists: `*`, `a`, `a,b`, `a-b`, `*\/n`, `a/n`, names. */
function fieldValues(field: string, min: number, max: number, names?: string[]): number[] | Unknown {
  const out = new Set<number>();
  const num = (t: string): number => {
    const i = names?.indexOf(t.toUpperCase()) ?? -1;
    return i >= 0 ? i + min : Number(t);
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else if (range.includes('-')) [lo, hi] = range.split('-').map(num) as [number, number];
    else {
      lo = num(range);
      hi = stepText === undefined ? lo : max;
    }
    if (![lo, hi, step].every(Number.isInteger) || step < 1 || lo < min || hi > max || lo > hi) return new Unknown(`cannot read the cron field "${field}"`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** The longest distance between consecutive values on a cycle of `period`. */
function circularGap(values: number[], period: number): number {
  if (values.length === 0) return period;
  let gap = values[0] + period - values[values.length - 1];
  for (let i = 1; i < values.length; i++) gap = Math.max(gap, values[i] - values[i - 1]);
  return gap;
}

/** The Region of an ARN (`arn:aws:backup:<region>:<account>:backup-vault:<name>`), or Unknown. */
export function arnRegion(arn: Maybe<string>): Maybe<string> {
  if (arn === undefined || isUnknown(arn)) return arn;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return new Unknown(`"${arn}" is not an ARN`);
  return parts[3] || new Unknown(`"${arn}" names no Region`);
}

// ------------------------------------------------------------------ selection

export type Selected = 'yes' | 'no' | Unknown;

/** The kinds AWS Backup protects among the graph's kinds, with their ARN resource part. */
function arnParts(r: AnyResource): { service: string; type: string; id: Maybe<string> } | undefined {
  if (r.kind === 'db.cluster') return { service: 'rds', type: 'cluster:', id: r.props.identifier };
  if (r.kind === 'db.instance') return { service: 'rds', type: 'db:', id: r.props.identifier };
  // EFS: arn:aws:elasticfilesystem:<region>:<account>:file-system/fs-…, the id chosen by AWS (live resources match by their ARN).
  if (r.kind === 'storage.file-system') return { service: 'elasticfilesystem', type: 'file-system/', id: new Unknown('the file system id is chosen by AWS at creation') };
  return undefined;
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/**
 * Whether an ARN pattern of a selection names `r`. A live resource is
 * matched by its ARN; an IaC one by the parts of its future ARN that are
 * known (service, Region, identifier); an account segment other than `*`
 * cannot be told offline.
 */
export function arnMatches(pattern: string, r: AnyResource): Selected {
  if (pattern === '*') return 'yes';
  if (r.provenance.arn) return glob(pattern).test(r.provenance.arn) ? 'yes' : 'no';
  const parts = arnParts(r);
  if (!parts) return 'no';
  const p = pattern.split(':');
  if (p.length < 6 || p[0] !== 'arn') return new Unknown(`selection entry "${pattern}" is not an ARN`);
  const resourcePart = p.slice(5).join(':');
  if (!glob(p[2]).test(parts.service)) return 'no';
  const doubts: string[] = [];
  const region = r.provenance.region;
  if (p[3] !== '*' && p[3] !== '') {
    if (region === undefined) doubts.push(`${r.address}: its Region is not known offline`);
    else if (!glob(p[3]).test(region)) return 'no';
  }
  if (p[4] !== '*' && p[4] !== '') doubts.push(`"${pattern}" names account ${p[4]}, and the account ${r.address} is deployed to is not known offline`);
  if (typeof parts.id === 'string') {
    if (!glob(resourcePart).test(parts.type + parts.id)) return 'no';
  } else if (resourcePart !== '*' && resourcePart !== `${parts.type}*`) {
    // The type is known even when the identifier is not: `cluster:*` never names an instance.
    if (!resourcePart.startsWith(parts.type) && !resourcePart.startsWith('*')) return 'no';
    doubts.push(`${r.address}: identifier ${parts.id ? parts.id.reason : 'not set'}`);
  }
  return doubts.length ? new Unknown(doubts.join('; ')) : 'yes';
}

const TAG_PREFIX = 'aws:ResourceTag/';

function tagMatches(c: BackupTagCondition, r: AnyResource): Selected {
  if (isUnknown(c.key)) return new Unknown(`a tag condition's key: ${c.key.reason}`);
  if (isUnknown(c.value)) return new Unknown(`the tag condition on "${c.key}": ${c.value.reason}`);
  if (c.key === undefined) return new Unknown('a tag condition has no key');
  const key = c.key.startsWith(TAG_PREFIX) ? c.key.slice(TAG_PREFIX.length) : c.key;
  if (isUnknown(r.tags)) return new Unknown(`${r.address}: tags ${r.tags.reason}`);
  const v = r.tags[key];
  if (isUnknown(v)) return new Unknown(`${r.address}: tag ${key} ${v.reason}`);
  const want = c.value ?? '';
  const positive = c.op === 'equals' || c.op === 'notEquals' ? v === want : v !== undefined && glob(want).test(v);
  const hit = c.op === 'equals' || c.op === 'like' ? positive : !positive;
  return hit ? 'yes' : 'no';
}

function any(results: Selected[]): Selected {
  if (results.includes('yes')) return 'yes';
  const u = results.filter(isUnknown);
  return u.length ? new Unknown(u.map((x) => x.reason).join('; ')) : 'no';
}

function all(results: Selected[]): Selected {
  if (results.includes('no')) return 'no';
  const u = results.filter(isUnknown);
  return u.length ? new Unknown(u.map((x) => x.reason).join('; ')) : 'yes';
}

/** Whether one selection picks `r` (AWS's reading: see BackupSelection in src/graph/types.ts). */
export function selectionPicks(sel: BackupSelection, r: AnyResource): Selected {
  if (!arnParts(r)) return 'no';
  const listed: Selected[] = [];
  if (sel.resourceIds.includes(r.id)) listed.push('yes');
  for (const p of sel.resourcePatterns) listed.push(arnMatches(p, r));
  for (const reason of sel.unknownResources) listed.push(new Unknown(`an entry of the resource list: ${reason}`));
  const anyOf = sel.anyOfTags;
  if (isUnknown(anyOf)) listed.push(new Unknown(`the selection's tags: ${anyOf.reason}`));
  else for (const c of anyOf ?? []) listed.push(tagMatches(c, r));
  const noList = sel.resourceIds.length + sel.resourcePatterns.length + sel.unknownResources.length === 0 && !isUnknown(anyOf) && (anyOf ?? []).length === 0;
  // Neither resources nor tags: AWS Backup selects every supported resource.
  const base: Selected = noList ? 'yes' : any(listed);
  const filters: Selected[] = [base];
  const allOf = sel.allOfTags;
  if (isUnknown(allOf)) filters.push(new Unknown(`the selection's conditions: ${allOf.reason}`));
  else for (const c of allOf ?? []) filters.push(tagMatches(c, r));
  const excluded: Selected[] = [];
  if (sel.notResourceIds.includes(r.id)) excluded.push('yes');
  for (const p of sel.notResourcePatterns) excluded.push(arnMatches(p, r));
  for (const reason of sel.unknownNotResources) excluded.push(new Unknown(`an entry of the excluded resources: ${reason}`));
  const ex = any(excluded);
  filters.push(ex === 'yes' ? 'no' : ex === 'no' ? 'yes' : new Unknown(`may be excluded: ${ex.reason}`));
  return all(filters);
}

export interface PlanSelection {
  plan: Resource<'backup.plan'>;
  selection?: BackupSelection;
  selected: Selected;
}

/** Every plan of the graph with whether it picks `r` (by its best selection). */
export function plansFor(r: AnyResource, graph: ResourceGraph): PlanSelection[] {
  const out: PlanSelection[] = [];
  for (const plan of graph.ofKind('backup.plan')) {
    if (!sameScope(plan, r)) continue;
    let best: PlanSelection = { plan, selected: 'no' };
    for (const sel of plan.props.selections) {
      const s = selectionPicks(sel, r);
      if (s === 'yes') {
        best = { plan, selection: sel, selected: s };
        break;
      }
      if (isUnknown(s) && best.selected === 'no') best = { plan, selection: sel, selected: s };
    }
    if (best.selected === 'no' && plan.props.selectionGaps?.length) best = { plan, selected: new Unknown(plan.props.selectionGaps.join('; ')) };
    out.push(best);
  }
  return out.sort((a, b) => a.plan.address.localeCompare(b.plan.address));
}

/** A plan backs up resources of its own Region (and, live, its own account): known to differ, it cannot pick `r`. */
export function sameScope(plan: AnyResource, r: AnyResource): boolean {
  const a = plan.provenance;
  const b = r.provenance;
  if (a.region !== undefined && b.region !== undefined && a.region !== b.region) return false;
  return a.accountId === undefined || b.accountId === undefined || a.accountId === b.accountId;
}

export interface BackupCopyFound {
  plan: Resource<'backup.plan'>;
  rule: string;
  /** The copy's Region. */
  region: string;
  /** Longest gap between two runs of the copying rule, in hours. */
  gapHours: number;
}

/**
 * The most frequent AWS Backup copy of `r` out of its Region (the "backup
 * copy" DR approach), or why it cannot be told, or undefined when no plan
 * known to select it copies elsewhere.
 */
export function crossRegionCopyOf(r: AnyResource, graph: ResourceGraph): { found?: BackupCopyFound; doubts: string[] } {
  const doubts: string[] = [];
  let found: BackupCopyFound | undefined;
  const home = r.provenance.region;
  for (const p of plansFor(r, graph)) {
    if (p.selected === 'no') continue;
    if (isUnknown(p.selected)) {
      doubts.push(`whether ${p.plan.address} selects it: ${p.selected.reason}`);
      continue;
    }
    const rules = p.plan.props.rules;
    if (isUnknown(rules)) {
      doubts.push(`${p.plan.address}'s rules: ${rules.reason}`);
      continue;
    }
    for (const rule of rules ?? []) {
      const copies = rule.copyActions;
      if (isUnknown(copies)) {
        doubts.push(`${p.plan.address}'s copy actions: ${copies.reason}`);
        continue;
      }
      for (const c of copies ?? []) {
        const to = c.region;
        if (to === undefined || isUnknown(to)) {
          doubts.push(`${p.plan.address} copies to a vault whose Region is unknown${to ? `: ${to.reason}` : ''}`);
          continue;
        }
        const from = p.plan.provenance.region ?? home;
        if (from === undefined) {
          doubts.push(`${p.plan.address} copies to ${to}, and the Region it backs up is not known offline`);
          continue;
        }
        if (to === from) continue;
        const gap = scheduleGapHours(rule.schedule);
        if (isUnknown(gap)) {
          doubts.push(`${p.plan.address}: ${gap.reason}`);
          continue;
        }
        if (!found || gap < found.gapHours) found = { plan: p.plan, rule: typeof rule.name === 'string' ? rule.name : '(unnamed)', region: to, gapHours: gap };
      }
    }
  }
  return { ...(found ? { found } : {}), doubts };
}
