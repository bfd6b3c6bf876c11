/**
 * Amazon EFS file systems as the rules and the failure simulation read them:
 * whether the storage is One Zone, the AZs of its mount targets (its
 * in-subnet edges), and the workloads that mount it with the AZs they run
 * in (ECS services through their task definition's volumes, Lambda
 * functions through an access point). Every AZ comparison goes through
 * src/analysis/az.ts.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import type { Unknown } from '../graph/values.js';
import { azIdentityOf, azLabel, compareAz, isAzIdentity } from './az.js';
import { subnetAzs, type AzReading } from './compute.js';

export type Storage = { oneZone: true; az: unknown; label: string } | { oneZone: false } | { unknown: string };

/** One Zone (with its AZ), Regional, or why it cannot be told. */
export function storageOf(fs: Resource<'storage.file-system'>): Storage {
  const az = azIdentityOf(fs as AnyResource);
  if (az === undefined) return { oneZone: false };
  if (isAzIdentity(az)) return { oneZone: true, az, label: azLabel(az) };
  return { unknown: `whether it is One Zone (availability zone name): ${(az as Unknown).reason}` };
}

/** The AZs of its mount targets. */
export function mountTargetAzs(fs: Resource<'storage.file-system'>, graph: ResourceGraph): AzReading {
  return subnetAzs(fs as AnyResource, graph, 'no mount target in the scan');
}

export interface Mounter {
  /** The workload (an ECS service or a Lambda function). */
  workload: AnyResource;
  /** The task definition it mounts through (ECS). */
  via?: AnyResource;
  azs: AzReading;
}

/** Workloads that mount the file system, each with the AZs of its subnets. */
export function mountersOf(fs: Resource<'storage.file-system'>, graph: ResourceGraph): Mounter[] {
  const out: Mounter[] = [];
  for (const e of graph.incoming(fs.id, 'mounts')) {
    const from = graph.get(e.from);
    if (!from) continue;
    if (from.kind === 'function') out.push({ workload: from, azs: subnetAzs(from, graph, 'no subnets (not attached to a VPC)') });
    else if (from.kind === 'ecs.task-definition') {
      for (const u of graph.incoming(from.id, 'uses-task-definition')) {
        const service = graph.get(u.from);
        if (service) out.push({ workload: service, via: from, azs: subnetAzs(service, graph, 'no subnets in the scan') });
      }
    }
  }
  const seen = new Set<string>();
  return out.filter((m) => !seen.has(m.workload.id) && seen.add(m.workload.id)).sort((a, b) => a.workload.address.localeCompare(b.workload.address));
}

export interface Coverage {
  /** Workload AZs with no mount target (labels), each with the workloads running there. */
  missing: { az: string; workloads: string[] }[];
  /** Why some AZs cannot be matched. */
  doubts: string[];
}

/** Which AZs of the mounting workloads have no mount target. */
export function coverage(mounters: readonly Mounter[], targets: readonly unknown[]): Coverage {
  const missing = new Map<string, Set<string>>();
  const doubts: string[] = [];
  for (const m of mounters) {
    if ('reason' in m.azs) {
      doubts.push(`AZs of ${m.workload.address}: ${m.azs.reason}`);
      continue;
    }
    doubts.push(...m.azs.doubts.map((d) => `${m.workload.address}: ${d}`));
    for (const az of m.azs.identities) {
      const cmp = targets.map((t) => compareAz(az, t));
      if (cmp.includes('same')) continue;
      if (cmp.every((c) => c === 'different')) {
        const label = azLabel(az);
        const set = missing.get(label) ?? new Set<string>();
        set.add(m.workload.address);
        missing.set(label, set);
      } else doubts.push(`cannot tell whether ${azLabel(az)} (${m.workload.address}) has a mount target`);
    }
  }
  return { missing: [...missing].map(([az, w]) => ({ az, workloads: [...w].sort() })).sort((a, b) => a.az.localeCompare(b.az)), doubts: [...new Set(doubts)] };
}
