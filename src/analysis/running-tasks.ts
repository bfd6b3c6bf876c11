/**
 * ECS-AZ on a live service: the tasks actually running, and the AZs they run
 * in. The configuration (desired count, subnets) says what the service asks
 * for; the running tasks say what it has tonight — two tasks both in 1a, or
 * none at all, do not survive the loss of an AZ whatever was asked for.
 */
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource } from '../graph/types.js';
import { isUnknown } from '../graph/values.js';
import { azIdentityOf, countDistinctAzs, isAzIdentity } from './az.js';

export interface RunningTasks {
  /** Tasks whose last status is RUNNING. */
  running: number;
  /** Distinct AZs of the running tasks, as bounds (AZ IDs where known). */
  min: number;
  max: number;
  azs: string[];
  /** Why min and max differ (a task whose AZ cannot be told). */
  doubts: string[];
}

/**
 * The running tasks of a live service; undefined for IaC (nothing runs yet);
 * `{ reason }` when they could not be read (ecs:ListTasks / DescribeTasks failed).
 */
export function runningTasksOf(service: Resource<'ecs.service'>, graph: ResourceGraph): RunningTasks | { reason: string } | undefined {
  if (service.provenance.source !== 'aws') return undefined;
  const missing = service.unresolved.find((u) => u.edge === 'runs-in');
  if (missing) return { reason: `its running tasks could not be read: ${missing.reason}` };
  const tasks = graph.sources(service, 'runs-in', 'ecs.task');
  const unknownStatus = tasks.filter((t) => isUnknown(t.props.lastStatus));
  if (unknownStatus.length > 0) return { reason: `the status of ${unknownStatus.length} task(s) is unknown` };
  const running = tasks.filter((t) => t.props.lastStatus === 'RUNNING');
  const azs = running.map((t) => azIdentityOf(t as AnyResource));
  const doubts: string[] = [];
  running.forEach((t, i) => {
    if (!isAzIdentity(azs[i])) doubts.push(`AZ of task ${t.name}: ${isUnknown(azs[i]) ? azs[i].reason : 'not reported'}`);
  });
  const d = countDistinctAzs(azs);
  return { running: running.length, min: d.min, max: d.max, azs: d.labels, doubts: [...doubts, ...d.reasons] };
}
