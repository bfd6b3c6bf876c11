import type { InputLimits } from '../sources/common/limits.js';
import type { SourceLocation } from '../graph/types.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Numbers one tier must meet (docs/requirements.md gives the built-in values). */
export interface TierRequirements {
  /** Availability target in percent, e.g. 99.99. */
  availability: number;
  rtoMinutes: number;
  rpoMinutes: number;
  ecs: {
    /** ECS-MIN: minimum running tasks (auto scaling min, else desired count). */
    minTasks: number;
    /** ECS-AZ: AZs the service's subnets must span (1 = no spread required). */
    minAzs: number;
    /** ECS-SPOT: whether Fargate Spot may carry the service's tasks. Unset in a new tier: allowed only when minAzs < 2. */
    allowSpot?: boolean;
    /** ECS-HEALTH: a container or target group health check is required. Unset in a new tier: when minAzs ≥ 2. */
    healthCheck?: boolean;
    /** ECS-HEALTH: the longest health check interval in seconds allowed. Unset: no limit. */
    healthCheckMaxIntervalSeconds?: number;
    /** ECS-DEPLOY: deployment circuit breaker with rollback required. Unset in a new tier: when minAzs ≥ 2. */
    circuitBreaker?: boolean;
    /** ECS-SCALE: an Application Auto Scaling target with at least one scaling policy required. Unset in a new tier: not required. */
    autoScaling?: boolean;
    /** ECS-CLUSTER: AZs a cluster's EC2 capacity (Auto Scaling groups behind its capacity providers) must span. Unset in a new tier: minAzs. */
    clusterMinAzs?: number;
  };
  db: {
    /** DB-MULTIAZ: Multi-AZ required. */
    multiAz: boolean;
    /** DB-MULTIAZ: AZs an Aurora cluster's instances must cover. */
    minAzs: number;
    /** DB-REPLICAS: Aurora readers (members beyond the writer). */
    minReplicas: number;
    /** DB-BACKUP: automated backup retention in days. */
    backupRetentionDays: number;
    /** DB-DELETE: deletion protection required. */
    deletionProtection: boolean;
    /** DB-SERVERLESS: smallest Aurora Serverless v2 minimum capacity (ACU) allowed, auto-pause aside. Unset in a new tier: no lower bound. */
    serverlessMinAcu?: number;
    /** DB-SERVERLESS: largest Aurora Serverless v2 maximum capacity (ACU) allowed. Unset in a new tier: no upper bound. */
    serverlessMaxAcu?: number;
    /** DB-SERVERLESS: whether a minimum of 0 ACU (auto-pause) is allowed. Unset in a new tier: allowed. */
    serverlessAutoPause?: boolean;
    /** DB-PROXY: an RDS Proxy must front the database. Unset in a new tier: not required. */
    proxy?: boolean;
    /** DB-GLOBAL: a secondary in the DR Region (Aurora Global Database member or cross-Region read replica). Unset in a new tier: not required. */
    globalSecondary?: boolean;
    /** DB-SNAPSHOT: a snapshot (manual or AWS Backup) no older than this many days. Unset in a new tier: not required. */
    snapshotMaxAgeDays?: number;
    /** backup.plan: an AWS Backup plan selecting the database copies its backups to the DR Region. Unset in a new tier: not required. */
    crossRegionBackupCopy?: boolean;
  };
  /** DynamoDB tables (DDB-*). Optional: unset in a new tier, nothing is required of its tables. */
  table?: {
    /** DDB-PITR: point-in-time recovery on. */
    pointInTimeRecovery?: boolean;
    /** DDB-GLOBAL: a global table replica in the DR Region (`region.drRegion`; else any other Region). */
    globalReplica?: boolean;
    /** DDB-DELETE: deletion protection on. */
    deletionProtection?: boolean;
  };
  /**
   * CACHE-*: ElastiCache replication groups and clusters, MemoryDB, Serverless caches.
   * Optional in a new tier: derived from its `db` numbers (src/policy/cache.ts).
   */
  cache?: CacheRequirements;
  /** Amazon EFS file systems (EFS-*). Optional in a new tier: derived from its `ecs` and `db` numbers (src/policy/file-system.ts). */
  fileSystem?: FileSystemRequirements;
  network: {
    /** NET-NAT: one NAT gateway per AZ, each AZ routing through its own. */
    natPerAz: boolean;
    /** NET-LB: AZs a load balancer must be enabled in. Unset in a new tier: 2. */
    lbMinAzs?: number;
    /** NET-LB: cross-zone load balancing must be on. Unset in a new tier: required. */
    lbCrossZone?: boolean;
    /** NET-LB: target groups must health-check their targets. Unset in a new tier: required. */
    lbHealthCheck?: boolean;
    /** NET-TGW: AZs a Transit Gateway VPC attachment's subnets must span. Unset in a new tier: 2. */
    tgwMinAzs?: number;
    /** NET-VPN: Site-to-Site VPN connections each AWS-side gateway (VGW / TGW) must have. Unset in a new tier: 2. */
    vpnMinConnections?: number;
    /** NET-VPN: tunnels (2 per connection; live, only those UP) each AWS-side gateway must have. Unset in a new tier: 4. */
    vpnMinTunnels?: number;
    /** NET-DNS: Route 53 failover records must be health-checked (or an alias evaluating its target's health). Unset in a new tier: required. */
    dnsHealthCheck?: boolean;
    /** NET-DNS: the longest Route 53 health check request interval, seconds. Unset in a new tier: 30. */
    dnsMaxIntervalSeconds?: number;
    /** NET-DNS: the most consecutive failures before a Route 53 health check fails over. Unset in a new tier: 3. */
    dnsMaxFailureThreshold?: number;
  };
  /**
   * COMPUTE-*: EC2 instances, Auto Scaling groups, Lambda functions in a VPC.
   * Optional in a new tier: derived from its `ecs` numbers (src/policy/compute.ts).
   */
  compute?: ComputeRequirements;
  /**
   * SEARCH-*: OpenSearch / Elasticsearch domains. Optional in a new tier:
   * derived from its `ecs` numbers (src/policy/search.ts).
   */
  search?: Partial<SearchRequirements>;
  /**
   * STREAM-*: Amazon MSK clusters. Optional in a new tier: derived from its
   * `ecs` numbers (src/policy/search.ts).
   */
  stream?: Partial<StreamRequirements>;
  /**
   * T-DR: recovery targets when a whole Region is lost (disaster recovery).
   * `rtoMinutes` / `rpoMinutes` above are the targets for an AZ-level disruption.
   * Optional in a new tier: the catalogue's T-DR values (4 h, 1 h) apply.
   */
  region?: {
    rtoMinutes: number;
    rpoMinutes: number;
    /** DB-GLOBAL: the Region secondaries must be in; else the policy's top-level `drRegion`; else any other Region. */
    drRegion?: string;
  };
}

export interface ComputeRequirements {
  /** COMPUTE-ASG / COMPUTE-LAMBDA / COMPUTE-INSTANCE: AZs a group's subnets, a function's subnets, a workload's instances must span. */
  minAzs: number;
  /** COMPUTE-ASG: an Auto Scaling group's minimum size (and never below the number of AZs it uses when minAzs ≥ 2). */
  minInstances: number;
  /** COMPUTE-INSTANCE: whether a standalone instance (not in an Auto Scaling group) may serve this tier. */
  allowStandalone: boolean;
  /** COMPUTE-ASG: a group behind a load balancer uses the ELB health check. */
  elbHealthCheck: boolean;
}

export interface SearchRequirements {
  /** SEARCH-AZ: AZs a domain's data nodes must span (zone awareness with this many AZs; 1 = not required). */
  minAzs: number;
  /** SEARCH-MASTER: dedicated master nodes required (0 = not required; AWS recommends 3). */
  dedicatedMasters: number;
}

export interface StreamRequirements {
  /** STREAM-AZ: AZs a cluster's brokers (client subnets) must span (1 = not required). */
  minAzs: number;
  /** STREAM-RF: smallest `default.replication.factor` allowed (0 = not checked). */
  replicationFactor: number;
  /** STREAM-RF: smallest `min.insync.replicas` allowed (0 = not checked). */
  minInsyncReplicas: number;
}

export interface CacheRequirements {
  /** CACHE-MULTIAZ: automatic failover and Multi-AZ on. */
  multiAz: boolean;
  /** CACHE-NODES: nodes every shard must have (primary + replicas). */
  minNodesPerShard: number;
  /** CACHE-NODES: AZs every shard's nodes (a Memcached cluster's nodes) must span. */
  minAzs: number;
  /** CACHE-SPOF: whether a single-node cache (or a shard without a replica) may serve this tier. */
  allowSingleNode: boolean;
  /** CACHE-SNAPSHOT: days of automatic snapshots kept (0: not required). */
  snapshotRetentionDays: number;
}

export interface FileSystemRequirements {
  /** EFS-ONEZONE: whether One Zone storage (one AZ, lost with it) may hold this tier's files. */
  allowOneZone: boolean;
  /** EFS-MOUNT: AZs with a mount target when no workload mounting the file system is known (else every AZ the workloads run in). */
  minAzs: number;
  /** EFS-BACKUP: automatic backups (the EFS backup policy, or an AWS Backup plan selecting the file system). */
  backups: boolean;
}

/** Policy `recovery.<behaviour>`: a figure of the recovery table replaced (src/analysis/recovery.ts). */
export interface RecoveryOverrideSetting {
  rtoSeconds?: number;
  rpoSeconds?: number;
  /** Where the figure comes from (a measurement, a runbook). */
  source?: string;
  declaredAt?: { line: number; column: number };
}

export type DeepPartial<T> = { [K in keyof T]?: NonNullable<T[K]> extends object ? DeepPartial<NonNullable<T[K]>> : T[K] };

/** Selects resources. Every given field must match; patterns are globs (`*`, `?`, `**`). */
export interface ResourceMatch {
  address?: string;
  name?: string;
  type?: string;
  kind?: string;
  file?: string;
  /** `key=value` glob on a tag. */
  tag?: string;
  account?: string;
  accountName?: string;
  region?: string;
  /** Glob on the resource's ARN (live resources). */
  arn?: string;
  /** Glob on an OU id anywhere on the account's path from the root (live resources). */
  ou?: string;
}

/** How much one resource needs another: a hard dependency makes it unavailable when the other is. */
export type DependencyStrength = 'hard' | 'soft';

/** Policy `dependencies[]`: what configuration cannot show (cross-account calls, shared services). */
export interface DeclaredDependency {
  from: ResourceMatch;
  to: ResourceMatch;
  kind: DependencyStrength;
  reason?: string;
  /** Where the entry is written in the policy file (absent for policies built in code). */
  declaredAt?: { line: number; column: number };
}

/** Policy `inheritance[]`: resources that keep their own tier (they neither receive nor pass on inherited tiers). */
export interface InheritanceSetting {
  match: ResourceMatch;
  enabled: boolean;
  reason?: string;
  declaredAt?: { line: number; column: number };
}

export interface TierAssignmentRule {
  match: ResourceMatch;
  tier: string;
  /** Stricter or looser numbers for just these resources (e.g. the auth service: 3 tasks, 3 AZs). */
  requirements?: DeepPartial<TierRequirements>;
  /** Why: shown in the report next to the tier. */
  reason?: string;
}

export interface AccountTierRule {
  /** Glob on the account name (`*-prod-*`), account id, `key=value` tag, or OU id. */
  accountName?: string;
  accountId?: string;
  tag?: string;
  ou?: string;
  tier: string;
}

export interface RuleSetting {
  enabled?: boolean;
  /** One severity for every tier, or one per tier. */
  severity?: Severity | Record<string, Severity>;
  options?: Record<string, unknown>;
}

/** A policy-file suppression: at least one selector, always a reason and an owner. */
export interface PolicySuppression {
  /** Rule id glob. */
  rule?: string;
  /** Address / ARN glob. */
  resource?: string;
  /** Account id or account name glob (live resources). */
  account?: string;
  /** `key=value-glob` on a resource tag. */
  tag?: string;
  /** Any resource selector, as in assignments. */
  match?: ResourceMatch;
  reason: string;
  owner: string;
  /** YYYY-MM-DD; after that day the suppression no longer applies. */
  expires?: string;
}

/** One condition of a declarative rule on a normalized property (`multiAz`, `circuitBreaker.rollback`). */
export interface CustomRuleCondition {
  property: string;
  equals?: unknown;
  in?: unknown[];
  /** Lower bound of a number (or of a list's length). */
  min?: number;
  max?: number;
  exists?: boolean;
}

/** Policy `customRules[]`: a declarative rule (src/plugins/declarative.ts). */
export interface CustomRuleSetting {
  id: string;
  title: string;
  kind: string;
  match?: ResourceMatch;
  /** Conditions per tier name; `default` for tiers not listed. A tier with neither is not judged. */
  tiers: Record<string, CustomRuleCondition[]>;
  /** The failing result's message; `{{address}}`, `{{name}}`, `{{tier}}`, `{{property}}`, `{{expected}}`, `{{actual}}`. */
  message: string;
  severity?: Severity | ({ default: Severity } & Record<string, Severity>);
  requirements?: string[];
  rationale?: string;
  remediation?: { terraform?: string; cloudformation?: string; console?: string; cli?: string };
  docsUrl?: string;
  declaredAt?: { line: number; column: number };
}

/** Policy `plugins[]`: a package name or a path relative to the policy file. */
export interface PluginSetting {
  spec: string;
  /** Directory relative paths and package names are resolved from (the policy file's). */
  baseDir: string;
  declaredAt?: { file: string; line: number; column: number };
}

export interface Policy {
  version: 1;
  /** Where it came from: 'built-in' or the policy file path. */
  source: string;
  defaultTier: string;
  /** Tag keys read for a resource's tier, in order. */
  tagKeys: string[];
  tiers: Record<string, TierRequirements>;
  assignments: TierAssignmentRule[];
  accountTiers: AccountTierRule[];
  rules: Record<string, RuleSetting>;
  /** Line and column of every key under `rules` in the policy file, by JSON pointer (`/rules/<id>/options/minTasks`), for errors found later. */
  rulePositions?: Record<string, { line: number; column: number }>;
  suppressions: PolicySuppression[];
  /**
   * AZ names per Region (`eu-west-1: [eu-west-1a, eu-west-1b]`), over the
   * built-in table: what an AZ list of a known Region (a Terraform
   * `aws_availability_zones` data source) resolves to. Unset: the table only.
   */
  availabilityZones?: Record<string, string[]>;
  /** Input limits over the defaults (src/sources/common/limits.ts, docs/limits.md). */
  limits?: Partial<InputLimits>;
  dependencies: DeclaredDependency[];
  inheritance: InheritanceSetting[];
  /** Figures of the recovery table replaced by the policy, by behaviour id. */
  recovery?: Record<string, RecoveryOverrideSetting>;
  /**
   * T-DR / DB-GLOBAL: the disaster-recovery Region (`ap-northeast-3`). Copied
   * into every tier's `region.drRegion` that does not set its own.
   */
  drRegion?: string;
  /** Rule plugins to load (policy `plugins:`). */
  plugins?: PluginSetting[];
  /** Declarative rules (policy `customRules:`). */
  customRules?: CustomRuleSetting[];
}

/** Where a resource's tier came from (T-MAP). */
export type TierSource = 'policy' | 'tag' | 'account' | 'default' | 'inherited';

/** One hop of an inherited tier's path: the resource that depends on the next one, and why. */
export interface InheritanceHop {
  /** Graph id and address of the resource. */
  id: string;
  address: string;
  /** Edge to the next hop (`in-subnet`, `uses-route-table`, `routes-via`, `declared`, …); absent on the last hop. */
  relation?: string;
  /** Where that edge is written (the reference in an IaC file), when the source says. */
  location?: SourceLocation;
}

export interface TierAssignment {
  tier: string;
  source: TierSource;
  /** Human detail: the policy entry, the tag `tier=critical`, the account rule, or "defaultTier". */
  detail: string;
  requirements: TierRequirements;
  /**
   * Source 'inherited': the workload the tier comes from first, then every
   * resource on the hard-dependency path down to this one (excluded).
   */
  inheritedFrom?: InheritanceHop[];
  /**
   * The tier shown is a floor: the resource's own tier tag is unknown, or so
   * is that of something depending on it through hard edges. Never lower
   * than what it inherits; the reason says which.
   */
  undecided?: string;
  /** With `undecided`: 'account' when the account's tier could not be decided (its tags were not read). */
  undecidedScope?: 'account';
  /**
   * With `undecided`: every tier the resource could have, least strict first
   * (rules are run at each; see src/engine/undecided-tier.ts).
   */
  possible?: string[];
}
