import type { CoverageGap, InputError, ResourceKind, SourceKind, SourceLocation } from '../graph/types.js';
import type { Severity, TierSource } from '../policy/types.js';

export type Status = 'pass' | 'fail' | 'unknown';
export const STATUSES: readonly Status[] = ['pass', 'fail', 'unknown'];

export interface FindingResource {
  id: string;
  address: string;
  kind: ResourceKind;
  type: string;
  name: string;
  source: SourceKind;
  tier: string;
  tierSource: TierSource;
  tierDetail: string;
  modulePath?: string[];
  arn?: string;
  accountId?: string;
  accountName?: string;
  region?: string;
}

/** What the rule looked at: the attribute, what the tier expects, what was found. */
export interface Evidence {
  attribute?: string;
  expected?: unknown;
  actual?: unknown;
  /** Other resources involved (cluster members, subnets, NAT gateways), by address. */
  related?: string[];
}

/** One (rule, resource) verdict. */
export interface Finding {
  ruleId: string;
  status: Status;
  severity: Severity;
  messageId: string;
  message: string;
  requirements: string[];
  /** Stable across line and file moves: hash of rule id and resource identity. */
  fingerprint: string;
  resource: FindingResource;
  location?: SourceLocation;
  evidence?: Evidence;
}

export interface RuleRun {
  id: string;
  title: string;
  requirements: string[];
  evaluated: number;
  pass: number;
  fail: number;
  unknown: number;
}

export interface Summary {
  resources: number;
  resourcesByKind: Record<string, number>;
  findings: number;
  byStatus: Record<Status, number>;
  /** Failing findings by severity. */
  failBySeverity: Record<Severity, number>;
  byTier: Record<string, Record<Status, number>>;
  byRequirement: Record<string, Record<Status, number>>;
  inputErrors: number;
  coverageGaps: number;
  /** False when some input could not be parsed or some part of the estate could not be assessed. */
  complete: boolean;
}

export interface ScanResult {
  schemaVersion: '1.0';
  tool: { name: 'resilint'; version: string };
  startedAt: string;
  finishedAt: string;
  /** Scanned paths as given, and the root every location is relative to. */
  targets: string[];
  root: string;
  sources: SourceKind[];
  files: string[];
  policy: { source: string; defaultTier: string; tiers: string[] };
  rules: RuleRun[];
  findings: Finding[];
  errors: InputError[];
  coverage: CoverageGap[];
  summary: Summary;
}
