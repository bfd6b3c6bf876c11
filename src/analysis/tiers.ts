/**
 * Inherited tiers (SPOF-DEP): a resource is held to the highest tier of
 * everything that depends on it through hard edges, transitively. The one
 * NAT gateway every critical service routes through is judged as critical,
 * whatever its own tag says.
 *
 * Linear in resources + dependency edges: tiers are visited from the
 * strictest down, and each resource is settled the first time a walk
 * reaches it (breadth first, so the recorded path is a shortest one).
 * Later, lower tiers never revisit it, which also ends every cycle.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, SourceLocation } from '../graph/types.js';
import { resourceMatches, tierRanking } from '../policy/tiers.js';
import type { InheritanceHop, Policy, TierAssignment } from '../policy/types.js';
import type { DependencyModel } from './dependencies.js';

export { tierRanking };

/** Whether `r` takes part in inheritance: the first `inheritance[]` entry matching it decides; default yes. */
function inheritanceEnabled(r: AnyResource, policy: Policy): boolean {
  for (const s of policy.inheritance) if (resourceMatches(r, s.match)) return s.enabled;
  return true;
}

interface Settled {
  tier: string;
  /** Absent for a resource that keeps its own tier. */
  parent?: string;
  relation?: string;
  location?: SourceLocation;
}

/**
 * Effective tier of every resource: its own (`own`, from assignTiers) or,
 * when something that depends on it through hard edges carries a stricter
 * one, that tier with source 'inherited' and the path it came along.
 */
export function inheritTiers(graph: ResourceGraph, deps: DependencyModel, own: ReadonlyMap<string, TierAssignment>, policy: Policy): Map<string, TierAssignment> {
  const ranking = tierRanking(policy);
  const byTier = new Map<string, string[]>(ranking.map((t) => [t, []]));
  for (const [id, t] of own) byTier.get(t.tier)?.push(id);

  const enabled = new Map<string, boolean>();
  const canInherit = (id: string): boolean => {
    let e = enabled.get(id);
    if (e === undefined) {
      const r = graph.get(id);
      e = r ? inheritanceEnabled(r, policy) : false;
      enabled.set(id, e);
    }
    return e;
  };

  const settled = new Map<string, Settled>();
  const expandedGroups = new Set<number>();
  for (const tier of ranking) {
    const queue: string[] = [];
    for (const id of byTier.get(tier)!) {
      if (settled.has(id)) continue;
      settled.set(id, { tier });
      queue.push(id);
    }
    const reach = (from: string, to: string, relation: string, location?: SourceLocation) => {
      if (settled.has(to) || !own.has(to) || !canInherit(to)) return;
      settled.set(to, location ? { tier, parent: from, relation, location } : { tier, parent: from, relation });
      queue.push(to);
    };
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head];
      const s = settled.get(id)!;
      // A resource excluded from inheritance passes on its own tier only.
      if (s.parent !== undefined && !canInherit(id)) continue;
      for (const d of deps.dependenciesOf(id)) if (d.strength === 'hard') reach(id, d.to, d.relation, d.provenance.location);
      for (const g of deps.declaredFrom(id)) {
        if (g.strength !== 'hard' || expandedGroups.has(g.index)) continue;
        expandedGroups.add(g.index);
        for (const to of g.to) reach(id, to, `declared dependencies[${g.index}]`);
      }
    }
  }

  const doubts = undecidedDependents(graph, deps, own, canInherit);
  const strictest = ranking[0];
  const out = new Map<string, TierAssignment>();
  // What an undecided tier can still be once the floor it inherits is known: that floor or stricter.
  const atLeast = (floor: string, tiers: readonly string[] = [...ranking].reverse()) => {
    const rank = ranking.indexOf(floor);
    const out = tiers.filter((t) => ranking.indexOf(t) <= rank);
    return out.length > 1 ? { possible: out } : {};
  };
  for (const [id, mine] of own) {
    const s = settled.get(id);
    // A dependent whose tier cannot be decided may need more than this resource got: say so (unless it already has the strictest tier).
    const doubt = s?.tier !== strictest ? doubts.get(id) : undefined;
    if (!s || s.parent === undefined || s.tier === mine.tier) {
      let t = mine;
      if (mine.undecided && mine.undecidedScope === 'account') t = mine;
      else if (mine.undecided) t = { ...mine, detail: `${mine.detail} (own tier tag cannot be decided: ${mine.undecided}; nothing stricter depends on it)`, possible: undefined, ...(s ? atLeast(s.tier, mine.possible) : mine.possible ? { possible: mine.possible } : {}) };
      else if (doubt) t = { ...mine, undecided: doubt, detail: `${mine.detail}; ${doubt}`, ...atLeast(mine.tier) };
      out.set(id, t);
      continue;
    }
    const path = hopsTo(id, settled, graph);
    const origin = path[0];
    const via = path.slice(1).map((h) => h.address);
    const originTier = own.get(origin.id)!;
    let detail = `inherited from ${origin.address} (${originTier.detail})${via.length ? ` via ${via.join(' → ')}` : ''}; own: ${mine.tier} (${mine.detail})`;
    if (mine.undecided) detail += `; own tier tag cannot be decided: ${mine.undecided}`;
    else if (doubt) detail += `; ${doubt}`;
    const t: TierAssignment = { tier: s.tier, source: 'inherited', detail, requirements: policy.tiers[s.tier], inheritedFrom: path };
    if (mine.undecided ?? doubt) {
      t.undecided = mine.undecided ?? doubt;
      Object.assign(t, atLeast(s.tier, mine.possible));
    }
    out.set(id, t);
  }
  return out;
}

/**
 * Resources that something with an undecidable tier depends on through hard
 * edges (transitively): their tier is a floor. One walk from every
 * undecided resource; each resource is visited once.
 */
function undecidedDependents(graph: ResourceGraph, deps: DependencyModel, own: ReadonlyMap<string, TierAssignment>, canInherit: (id: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  const queue: [string, string][] = [];
  const expanded = new Set<number>();
  for (const [id, t] of own) if (t.undecided) queue.push([id, `the tier of ${graph.get(id)?.address ?? id}, which depends on it, cannot be decided (${t.undecided})`]);
  for (let head = 0; head < queue.length; head++) {
    const [id, why] = queue[head];
    const visit = (to: string) => {
      if (out.has(to) || own.get(to)?.undecided || !canInherit(to)) return;
      out.set(to, why);
      queue.push([to, why]);
    };
    for (const d of deps.dependenciesOf(id)) if (d.strength === 'hard') visit(d.to);
    for (const g of deps.declaredFrom(id)) {
      if (g.strength !== 'hard' || expanded.has(g.index)) continue;
      expanded.add(g.index);
      g.to.forEach(visit);
    }
  }
  return out;
}

/** The path from the workload the tier comes from down to `id` (excluded), each hop with the edge to the next. */
function hopsTo(id: string, settled: ReadonlyMap<string, Settled>, graph: ResourceGraph): InheritanceHop[] {
  const hops: InheritanceHop[] = [];
  let cur = settled.get(id)!;
  while (cur.parent !== undefined) {
    const parent = cur.parent;
    const hop: InheritanceHop = { id: parent, address: graph.get(parent)?.address ?? parent, relation: cur.relation! };
    if (cur.location) hop.location = cur.location;
    hops.push(hop);
    cur = settled.get(parent)!;
  }
  return hops.reverse();
}
