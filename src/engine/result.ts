import type { CoverageGap, InputError, ResourceKind, SourceKind, SourceLocation } from '../graph/types.js';
import type { InheritanceHop, Severity, TierSource } from '../policy/types.js';
import type { FailureDomainsResult, ImpactStep } from '../analysis/failure-types.js';
import type { GateOutcome } from './gate.js';
import type { Provenance } from './provenance.js';

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
  /** tierSource 'inherited': the workload the tier comes from, then each resource on the path down to this one. */
  tierPath?: InheritanceHop[];
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

/** Why a result is dismissed (SARIF `suppressions[]`): inline comment, policy entry, or baseline. */
export interface Suppression {
  kind: 'inline' | 'policy';
  justification: string;
  owner?: string;
  /** YYYY-MM-DD; after it the suppression no longer applies (and a warning says so). */
  expires?: string;
  /** Where it was declared: `file:line` or `policy.yaml suppressions[2]`. */
  declaredAt?: string;
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
  /** The dependency path behind the verdict (single-point-of-failure): from the workload to the judged resource. */
  dependencyPath?: { message: string; steps: ImpactStep[] };
  /** Present when the result is dismissed; it then counts toward neither --fail-on nor the failure totals' gate. */
  suppression?: Suppression;
  /** With --baseline, on failing and unknown results: 'unchanged' when the baseline already had this result with this status, else 'new'. */
  baselineState?: 'new' | 'unchanged';
}

export interface RuleRun {
  id: string;
  title: string;
  requirements: string[];
  /** Rule metadata, so that reporters need no rule registry. */
  severity: Severity | Record<string, Severity>;
  rationale: string;
  remediation: { terraform?: string; cloudformation?: string; console?: string; cli?: string };
  docsUrl?: string;
  tags?: string[];
  appliesTo: string[];
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
  /** Live scans: per account, results by status and how many parts could not be assessed. */
  byAccount: Record<string, AccountSummary>;
  /** Non-passing results dismissed by a suppression. */
  suppressed: number;
  /** Failing results already in the baseline (with --baseline). */
  baselined: number;
  inputErrors: number;
  coverageGaps: number;
  /** False when some input could not be parsed or some part of the estate could not be assessed. */
  complete: boolean;
}

export interface AccountSummary {
  accountName?: string;
  pass: number;
  fail: number;
  unknown: number;
  /** Coverage gaps (role not assumable, region or service not readable). */
  notAssessed: number;
}

export interface ScanResult {
  schemaVersion: '1.0';
  tool: { name: 'resilint'; version: string };
  startedAt: string;
  finishedAt: string;
  /** Scanned paths as given, and the root every location is relative to. */
  targets: string[];
  root: string;
  /** Set when the live AWS Organization was scanned (`--org`). */
  organization?: OrganizationRun;
  sources: SourceKind[];
  files: string[];
  policy: { source: string; defaultTier: string; tiers: string[] };
  /** What an auditor needs to trace the report: tool, git revision, input and policy digests, effective tier numbers. */
  provenance?: Provenance;
  rules: RuleRun[];
  findings: Finding[];
  errors: InputError[];
  coverage: CoverageGap[];
  /** Things the user should know that are not findings (an expired suppression, an unknown rule id in the policy). */
  warnings: Warning[];
  summary: Summary;
  /** The failure simulation: each AZ and Region lost in turn, what it does to each workload, and the recovery estimates. */
  failureDomains?: FailureDomainsResult;
  /** Set by `resilint scan`: the thresholds it was given (`--fail-on`, `--fail-on-unknown`) and the exit code they gave. */
  gate?: GateOutcome;
}

/** What an organisation scan covered and what it cost. */
export interface OrganizationRun {
  /** 'api': a role assumed in every account; 'config': one AWS Config aggregator. */
  source: 'api' | 'config';
  /** The account whose credentials ran the scan. */
  callerAccountId: string;
  regions: string[];
  /** Accounts selected (active or not). */
  accountsSelected: number;
  /** Selected accounts that could not be entered at all (role not assumable, suspended, not in the organisation). */
  accountsNotAssessed: string[];
  /** Account × Region units attempted (0 for the Config source). */
  units: number;
  /** API calls sent (retries not counted) and retries. */
  apiCalls: number;
  retries: number;
  durationMs: number;
}

export interface Warning {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}
