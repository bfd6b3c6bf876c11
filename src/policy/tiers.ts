import picomatch from 'picomatch';
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
    m = picomatch(pattern, { dot: true, nobrace: false, noextglob: true });
    matcherCache.set(pattern, m);
  }
  return m;
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
  if (m.ou !== undefined && !(p.ouPath ?? []).some(glob(m.ou))) return false;
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
    ...(base.region || over.region ? { region: { ...base.region, ...over.region } } : {}),
    ...(base.table || over.table ? { table: { ...base.table, ...over.table } } : {}),
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
  return undecided ? { ...found, undecided } : found;
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

function accountOrDefault(r: AnyResource, policy: Policy): TierAssignment {
  const tiers = policy.tiers;
  const p = r.provenance;
  if (p.accountId || p.accountName) {
    for (const [i, a] of policy.accountTiers.entries()) {
      const ok =
        (a.accountName === undefined || (p.accountName !== undefined && glob(a.accountName)(p.accountName))) &&
        (a.accountId === undefined || (p.accountId !== undefined && glob(a.accountId)(p.accountId))) &&
        (a.tag === undefined || tagSpecMatches(p.accountTags, a.tag)) &&
        (a.ou === undefined || (p.ouPath ?? []).includes(a.ou));
      if (ok) {
        return { tier: a.tier, source: 'account', detail: `policy accountTiers[${i}] (account ${p.accountName ?? p.accountId})`, requirements: tiers[a.tier] };
      }
    }
  }
  return { tier: policy.defaultTier, source: 'default', detail: `defaultTier ${policy.defaultTier}`, requirements: tiers[policy.defaultTier] };
}


/** Tier of every resource in the graph. */
export function assignTiers(graph: ResourceGraph, policy: Policy): Map<string, TierAssignment> {
  const out = new Map<string, TierAssignment>();
  for (const r of graph.resources()) out.set(r.id, tierFor(r, policy));
  return out;
}
