/**
 * An EFS file system in an AZ failure (src/analysis/failure.ts calls it
 * with what it needs of the simulation).
 *
 * - One Zone: its data is in one AZ; lost with that AZ (down until the AZ
 *   recovers or a backup is restored elsewhere).
 * - Regional: the data survives. Clients reach it through mount targets:
 *   when every mount target is in lost subnets, no client can mount it
 *   (down for its workloads); when some are, clients in that AZ lose theirs
 *   (degraded).
 */
import type { AnyResource, Resource } from '../graph/types.js';
import type { ImpactStep, RecoveryFigure, WorkloadState } from './failure-types.js';
import type { DependencyEdge } from './dependencies.js';
import type { RecoveryTable } from './recovery.js';
import { storageOf } from './file-system.js';

type Up = 'up' | 'down' | 'maybe';

export interface FileSystemContext {
  /** The domain's label (`ap-northeast-1a`). */
  label: string;
  /** Whether the resource itself sits in the domain (One Zone file systems are placed by their AZ). */
  ownHit(r: AnyResource): 'in' | 'out' | 'maybe' | undefined;
  /** Why its place is not known. */
  placeReason(r: AnyResource): string | undefined;
  /** The loss of a hard dependency other than those `skip` keeps. */
  dependencyLoss(w: AnyResource, skip: (e: DependencyEdge) => boolean): FileSystemEvaluated | undefined;
  /** The file system's dependency edges. */
  dependenciesOf(id: string): readonly DependencyEdge[];
  get(id: string): AnyResource | undefined;
  step(r: AnyResource, relation?: string): ImpactStep;
  table: RecoveryTable;
  notAffected(): RecoveryFigure;
}

export interface FileSystemEvaluated {
  state: WorkloadState;
  reasons: string[];
  rto: RecoveryFigure;
  rpo: RecoveryFigure;
  path?: ImpactStep[];
}

export function evaluateFileSystem(fs: Resource<'storage.file-system'>, c: FileSystemContext): FileSystemEvaluated {
  const w = fs as AnyResource;
  const lost = c.dependencyLoss(w, (e) => e.relation === 'in-subnet');
  if (lost) return lost;
  const storage = storageOf(fs);
  if ('unknown' in storage) return { state: 'unknown', reasons: [`cannot tell ${storage.unknown}`], rto: c.table.rto('efs-regional'), rpo: c.table.rpo('efs-regional'), path: [c.step(w)] };
  if (storage.oneZone) {
    const hit = c.ownHit(w);
    if (hit === 'out') return { state: 'unaffected', reasons: [`One Zone file system in ${storage.label}, not in ${c.label}`], rto: c.notAffected(), rpo: c.notAffected() };
    if (hit === 'in') {
      return {
        state: 'down',
        reasons: [`One Zone file system in ${c.label}: its only copy of the data is in that AZ`],
        rto: c.table.rto('efs-one-zone-az-loss'),
        rpo: c.table.rpo('efs-one-zone-az-loss'),
        path: [c.step(w)],
      };
    }
    return { state: 'unknown', reasons: [c.placeReason(w) ?? `cannot tell whether ${storage.label} is ${c.label}`], rto: c.table.rto('efs-one-zone-az-loss'), rpo: c.table.rpo('efs-one-zone-az-loss'), path: [c.step(w)] };
  }
  const targets = c.dependenciesOf(w.id).filter((e) => e.relation === 'in-subnet' && c.get(e.to)?.kind === 'network.subnet');
  const regional = { rto: c.table.rto('efs-regional'), rpo: c.table.rpo('efs-regional') };
  if (fs.unresolved.some((u) => u.edge === 'in-subnet')) return { state: 'unknown', reasons: ['Regional storage keeps the data, but where some of its mount targets are is not known'], ...regional, path: [c.step(w)] };
  if (targets.length === 0) return { state: 'unaffected', reasons: ['Regional storage keeps the data in several AZs (no mount target in the scan)'], ...regional };
  // A mount target is lost with its subnet's AZ, not with the subnet's egress (it serves NFS inside the VPC).
  const states = targets.map((e) => {
    const r = c.get(e.to)!;
    const hit = c.ownHit(r);
    const st: { s: Up; path?: ImpactStep[]; reason?: string } = hit === 'in' ? { s: 'down', path: [c.step(r)] } : hit === 'out' ? { s: 'up' } : { s: 'maybe', path: [c.step(r)], reason: c.placeReason(r) };
    return { e, r, st };
  });
  const down = states.filter((x) => x.st.s === 'down');
  const maybe = states.filter((x) => x.st.s === 'maybe');
  const up = states.filter((x) => x.st.s === 'up');
  if (down.length === 0 && maybe.length === 0) return { state: 'unaffected', reasons: [`Regional storage; none of its mount targets is in ${c.label}`], ...regional };
  const shown = (down.length ? down : maybe)[0];
  const path = [c.step(w), { ...c.step(shown.r), relation: 'in-subnet' }];
  const reasons = [`the data survives (Regional storage), but ${down.length} of ${states.length} mount target(s) are lost with ${c.label}`];
  if (up.length === 0 && maybe.length === 0) return { state: 'down', reasons: [...reasons, 'no mount target left: no client can mount it until the AZ recovers or a mount target is created in another AZ'], rto: c.table.rto('no-recovery', 'no mount target left in another AZ'), rpo: regional.rpo, path };
  if (up.length === 0) return { state: 'unknown', reasons: [...reasons, `cannot tell whether the mount targets in ${maybe.map((x) => x.r.address).join(', ')} survive`], ...regional, path };
  return { state: 'degraded', reasons: [...reasons, `clients in the other AZs keep theirs (${up.map((x) => x.r.address).join(', ')}); clients in AZs without one of their own lose it`], ...regional, path };
}
