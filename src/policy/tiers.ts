import picomatch from 'picomatch';
import { RE2JS } from 're2js';
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource } from '../graph/types.js';
import { isUnknown } from '../graph/values.js';
import type { DeepPartial, Policy, ResourceMatch, TierAssignment, TierRequirements } from './types.js';

type Matcher = (input: string) => boolean;
const matcherCache = new Map<string, Matcher>();

/** Glob matcher where `*` also crosses `.` and `/` boundaries only via `**`; addresses and names are matched whole. */
export function glob(pattern: string): Matcher {
  let m = matcherCache.get(pattern);
  if (!m) {
    m = linearGlob(pattern);
    matcherCache.set(pattern, m);
  }
  return m;
}

const GLOB_OPTIONS = { dot: true, nobrace: false, noextglob: true } as const;
/** picomatch's guards against `.` / `..` segments and empty input, which RE2 (no lookaround) cannot express. */
const LOOKAROUND = [/\(\?!\(\?:\^\|\\\/\)\\\.\{1,2\}\(\?:\\\/\|\$\)\)/g, /\(\?!\\\.\{1,2\}\(\?:\\\/\|\$\)\)/g, /\(\?=\.\)/g];
const DOT_SEGMENT = /(^|\/)\.{1,2}(\/|$)/;

/**
 * picomatch's semantics, matched in linear time: its regular expression runs
 * on RE2, since a glob with many stars against a long address backtracks
 * exponentially in JavaScript's engine. The lookarounds picomatch adds only
 * concern empty input and `.` / `..` path segments: such input (never
 * long, never attacker-sized in practice) goes to picomatch itself.
 */
function linearGlob(pattern: string): Matcher {
  const slow = picomatch(pattern, GLOB_OPTIONS);
  let source = picomatch.makeRe(pattern, GLOB_OPTIONS).source;
  for (const re of LOOKAROUND) source = source.replace(re, '');
  if (/\(\?[=!<]/.test(source)) return slow;
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(source);
  } catch {
    return slow;
  }
  return (input: string) => (input === '' || DOT_SEGMENT.test(input) ? slow(input) : re2.matcher(input).matches());
}

/** `key=value-glob` against a tag map (resource or account tags). */
function tagSpecMatches(tags: AnyResource['tags'] | Record<string, string> | undefined, spec: string): boolean {
  if (!tags || isUnknown(tags)) return false;
  const eq = spec.indexOf('=');
  const value = tags[spec.slice(0, eq)];
  return typeof value === 'string' && glob(spec.slice(eq + 1))(value);
}

/** True when every field of the match selects the resource. */
export function resourceMatches(r: AnyResource, m: ResourceMatch): boolean {
  const p = r.provenance;
  if (m.address !== undefined && !glob(m.address)(r.address) && !glob(m.address)(r.id)) return false;
  if (m.name !== undefined && !glob(m.name)(r.name)) return false;
  if (m.type !== undefined && !glob(m.type)(r.type)) return false;
  if (m.kind !== undefined && !glob(m.kind)(r.kind)) return false;
  if (m.file !== undefined && !(p.location && glob(m.file)(p.location.file))) return false;
  if (m.tag !== undefined && !tagSpecMatches(r.tags, m.tag)) return false;
  if (m.account !== undefined && !(p.accountId && glob(m.account)(p.accountId))) return false;
  if (m.accountName !== undefined && !(p.accountName && glob(m.accountName)(p.accountName))) return false;
  if (m.region !== undefined && !(p.region && glob(m.region)(p.region))) return false;
  if (m.arn !== undefined && !(p.arn && glob(m.arn)(p.arn))) return false;
  if (m.ou !== undefined && !ouMatches(p, m.ou)) return false;
  return true;
}

export function mergeRequirements(base: TierRequirements, over: DeepPartial<TierRequirements> | undefined): TierRequirements {
  if (!over) return base;
  return {
    ...base,
    ...stripObjects(over),
    ecs: { ...base.ecs, ...over.ecs },
    db: { ...base.db, ...over.db },
    network: { ...base.network, ...over.network },
    ...(base.compute || over.compute ? { compute: { ...base.compute, ...over.compute } } : {}),
    ...(base.region || over.region ? { region: { ...base.region, ...over.region } } : {}),
    ...(base.table || over.table ? { table: { ...base.table, ...over.table } } : {}),
    ...(base.cache || over.cache ? { cache: { ...base.cache, ...over.cache } } : {}),
    ...(base.fileSystem || over.fileSystem ? { fileSystem: { ...base.fileSystem, ...over.fileSystem } } : {}),
  } as TierRequirements;
}

function stripObjects<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v !== 'object') (out as Record<string, unknown>)[k] = v;
  return out;
}

function describeMatch(m: ResourceMatch): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * T-MAP: a resource's tier comes, in this order, from a policy assignment,
 * a tier tag, its account (live resources), or the default tier. Every
 * assignment records where it came from.
 */
export function tierFor(r: AnyResource, policy: Policy): TierAssignment {
  const tiers = policy.tiers;
  for (const [i, a] of policy.assignments.entries()) {
    if (resourceMatches(r, a.match)) {
      return {
        tier: a.tier,
        source: 'policy',
        detail: `policy assignments[${i}] (${describeMatch(a.match)})${a.reason ? `: ${a.reason}` : ''}`,
        requirements: mergeRequirements(tiers[a.tier], a.requirements),
      };
    }
  }
  if (!isUnknown(r.tags)) {
    for (const key of policy.tagKeys) {
      const v = r.tags[key];
      if (typeof v === 'string' && tiers[v.toLowerCase()]) {
        const tier = v.toLowerCase();
        return { tier, source: 'tag', detail: `tag ${key}=${v}`, requirements: tiers[tier] };
      }
    }
  }
  const undecided = undecidedTag(r, policy);
  const found = accountOrDefault(r, policy);
  // An unreadable tier tag could name any tier (or none, leaving the account / default tier).
  return undecided ? { ...found, undecided, possible: tierRanking(policy).reverse() } : found;
}

/** Tier names from the strictest: by availability target, then in the policy's order. */
export function tierRanking(policy: Policy): string[] {
  const names = Object.keys(policy.tiers);
  return names
    .map((name, i) => ({ name, i, availability: policy.tiers[name].availability }))
    .sort((a, b) => b.availability - a.availability || a.i - b.i)
    .map((t) => t.name);
}

/** The tiers of `names` ordered from the least strict to the strictest, without repeats. */
export function leastStrictFirst(policy: Policy, names: Iterable<string>): string[] {
  const wanted = new Set(names);
  return tierRanking(policy).reverse().filter((t) => wanted.has(t));
}

/** Why the resource's tier tag cannot be read (tags or a tier tag's value unknown), or undefined. */
function undecidedTag(r: AnyResource, policy: Policy): string | undefined {
  if (isUnknown(r.tags)) return `its tags: ${r.tags.reason}`;
  for (const key of policy.tagKeys) {
    const v = r.tags[key];
    if (isUnknown(v)) return `tag ${key}: ${v.reason}`;
  }
  return undefined;
}

/** Whether an OU rule names one of the account's OUs: by id, or by name (glob). */
function ouMatches(p: AnyResource['provenance'], ou: string): boolean {
  // Not `.some(glob(ou))`: picomatch reads a second argument (the index) as `returnObject`, which is truthy.
  const named = glob(ou);
  return (p.ouPath ?? []).includes(ou) || (p.ouNames ?? []).some((n) => named(n));
}

/**
 * The first `accountTiers` entry matching the resource's account, else the
 * default tier. An entry on an account tag of a live account whose tags were
 * not read (denied, or not fetched) may or may not match: the tier is then
 * undecided between every tier such entries (and what follows them) give.
 */
function accountOrDefault(r: AnyResource, policy: Policy): TierAssignment {
  const tiers = policy.tiers;
  const p = r.provenance;
  const tagsUnread = p.source === 'aws' && p.accountId !== undefined && p.accountTags === undefined;
  const maybe: { i: number; tier: string }[] = [];
  if (p.accountId || p.accountName) {
    for (const [i, a] of policy.accountTiers.entries()) {
      const ok =
        (a.accountName === undefined || (p.accountName !== undefined && glob(a.accountName)(p.accountName))) &&
        (a.accountId === undefined || (p.accountId !== undefined && glob(a.accountId)(p.accountId))) &&
        (a.ou === undefined || ouMatches(p, a.ou));
      if (!ok) continue;
      if (a.tag !== undefined && tagsUnread) {
        maybe.push({ i, tier: a.tier });
        continue;
      }
      if (a.tag === undefined || tagSpecMatches(p.accountTags, a.tag)) {
        const found: TierAssignment = { tier: a.tier, source: 'account', detail: `policy accountTiers[${i}] (account ${p.accountName ?? p.accountId})`, requirements: tiers[a.tier] };
        return maybe.length ? undecidedAccount(policy, found, maybe, p) : found;
      }
    }
  }
  const found: TierAssignment = { tier: policy.defaultTier, source: 'default', detail: `defaultTier ${policy.defaultTier}`, requirements: tiers[policy.defaultTier] };
  return maybe.length ? undecidedAccount(policy, found, maybe, p) : found;
}

/** The tier when account-tag entries could not be checked: shown at the least strict possibility, every possibility listed. */
function undecidedAccount(policy: Policy, found: TierAssignment, maybe: { i: number; tier: string }[], p: AnyResource['provenance']): TierAssignment {
  const possible = leastStrictFirst(policy, [found.tier, ...maybe.map((m) => m.tier)]);
  if (possible.length < 2) return found;
  const floor = possible[0];
  const entries = maybe.map((m) => `accountTiers[${m.i}]`).join(', ');
  const undecided = `the tags of account ${p.accountName ?? p.accountId} were not read, so ${entries} may apply`;
  return {
    tier: floor,
    source: found.source,
    detail: `${found.detail}; tier undecided between ${possible.join(', ')} (${undecided})`,
    requirements: policy.tiers[floor],
    undecided,
    undecidedScope: 'account',
    possible,
  };
}

/** Tier of every resource in the graph. */
export function assignTiers(graph: ResourceGraph, policy: Policy): Map<string, TierAssignment> {
  const out = new Map<string, TierAssignment>();
  for (const r of graph.resources()) out.set(r.id, tierFor(r, policy));
  return out;
}
