/**
 * What losing one failure domain (an AZ, a Region) does to each workload,
 * and how long until it is back: the data the failure simulation produces
 * and the reports show (JSON `failureDomains`, the HTML "Failure domains"
 * section, the Markdown matrix, `resilint what-if`).
 *
 * Honest by construction: an estimate without a documented figure has no
 * `seconds` and its verdict is `unknown`, never `met`.
 */
import type { SourceLocation } from '../graph/types.js';

export type FailureDomainKind = 'az' | 'region';

export interface FailureDomain {
  /** Stable id: `az:<region>:<az id or name>`, `az:?:<symbolic label>`, `region:<region>`. */
  id: string;
  kind: FailureDomainKind;
  /** Region of the domain, when known. */
  region?: string;
  /** As a reader knows it: `ap-northeast-1a`, `apne1-az1`, `AZ #1 of data.aws_availability_zones.available`, `ap-northeast-1`. */
  label: string;
  /** AZ ID (`apne1-az1`) when known: live resources are compared by AZ ID across accounts. */
  azId?: string;
  /** AZ names that stand for this domain (per account on live scans: `{ '111111111111': 'ap-northeast-1a' }`). */
  azNames?: Record<string, string>;
  /**
   * How AZs were matched into this domain: by AZ ID (live), by AZ name only
   * (IaC: the same name may be another physical AZ in another account), as a
   * symbolic AZ (element i of an AZ list), or a whole Region.
   */
  comparedBy: 'az-id' | 'az-name' | 'symbolic' | 'region';
}

/** A workload's state after a domain fails. */
export type WorkloadState = 'unaffected' | 'degraded' | 'down' | 'unknown';

export type TargetVerdict = 'met' | 'breached' | 'unknown';

/** One recovery figure with the behaviour it comes from and its source. */
export interface RecoveryFigure {
  /** Seconds; absent when no documented figure applies (then the verdict is unknown). */
  seconds?: number;
  /** Id of the recovery behaviour in the table (`rds-multi-az-failover`, `ecs-reschedule`, `pitr-restore`, …) or `none`. */
  behaviour: string;
  /** Where the figure comes from: an AWS documentation URL, or `policy <file>:<line>` when overridden. */
  source: string;
  note?: string;
}

/** One step of the path from a workload to what failed (the dependency chain). */
export interface ImpactStep {
  /** Graph id. */
  id: string;
  address: string;
  /** Dependency relation from the previous step (`in-subnet`, `uses-route-table`, `routes-via`, `member-of`, `declared`, …). */
  relation?: string;
  location?: SourceLocation;
  arn?: string;
}

export interface WorkloadImpact {
  /** Graph id of the workload (ECS service, database, load balancer, …). */
  workload: string;
  /** FailureDomain.id */
  domain: string;
  state: WorkloadState;
  /** Capacity that survives against the tier's minimum (tasks, DB instances that can take writes, …); bounds when not exact. */
  capacity?: { unit: string; before: number | [number, number]; after: number | [number, number]; required: number };
  /** Why this state, one sentence each. */
  reasons: string[];
  /** The chain that makes it fail, when a dependency (not the workload itself) is what is lost. */
  path?: ImpactStep[];
  rto: RecoveryFigure;
  rpo: RecoveryFigure;
  /** The tier's targets, when the policy gives them. */
  target: { tier: string; rtoSeconds?: number; rpoSeconds?: number };
  rtoVerdict: TargetVerdict;
  rpoVerdict: TargetVerdict;
  /** Region domains: the DR approach the estimate rests on. */
  drApproach?: DrApproach;
}

export interface WorkloadSummary {
  id: string;
  address: string;
  kind: string;
  tier: string;
  /** Worst state over all domains of each kind. */
  worstAz?: { domain: string; state: WorkloadState; rtoVerdict: TargetVerdict; rpoVerdict: TargetVerdict };
  region?: { domain: string; state: WorkloadState; rtoVerdict: TargetVerdict; rpoVerdict: TargetVerdict; drApproach: DrApproach };
}

/** The DR approach found for a workload against the loss of its Region. */
export type DrApproach = 'none' | 'backup-copy' | 'pilot-light' | 'warm-standby' | 'active-active' | 'unknown';

/** A figure of the recovery table as used by this scan (built-in or policy override). */
export interface RecoveryAssumption {
  behaviour: string;
  title: string;
  rtoSeconds?: number;
  rpoSeconds?: number;
  source: string;
}

/** A workload that depends on a SPOF candidate, with the dependency path from it. */
export interface SpofWorkloadRef {
  workload: string;
  address: string;
  tier: string;
  path?: ImpactStep[];
  /** Why it cannot be told whether the resource is single for this workload. */
  reason?: string;
}

/** A resource that fails on its own (NAT gateway, DB instance, proxy) and the workloads that need it, with their tiers. */
export interface SinglePointOfFailure {
  resource: string;
  address: string;
  kind: string;
  /** Workloads its loss alone takes down. */
  single: SpofWorkloadRef[];
  /** Workloads that need it but have an alternative. */
  redundant: SpofWorkloadRef[];
  /** Workloads for which it cannot be told (an unresolved subnet, member or route). */
  unknown: SpofWorkloadRef[];
}

export interface FailureDomainsResult {
  domains: FailureDomain[];
  workloads: WorkloadSummary[];
  impacts: WorkloadImpact[];
  /** The recovery table as applied, so a reader can check every figure's source. */
  assumptions: RecoveryAssumption[];
  /** What could not be simulated and why (unknown AZs, unknown dependencies). */
  notes: string[];
  /** Single points of failure of the workloads, with each workload's tier (rule single-point-of-failure judges critical and high by default). */
  singlePoints?: SinglePointOfFailure[];
}
