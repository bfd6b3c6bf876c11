import type { JSONSchemaType } from 'ajv';
import type { FailureDomainsResult, ImpactStep } from '../analysis/failure-types.js';
import { SymbolicAz } from '../graph/az.js';
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, Resource, ResourceKind, SourceLocation } from '../graph/types.js';
import type { Severity, TierAssignment } from '../policy/types.js';
import type { Evidence } from './result.js';

/** Severity of a failing result: one for all tiers, or per tier with a `default`. */
export type SeverityByTier = Severity | ({ default: Severity } & Record<string, Severity>);

export interface RuleMeta<M extends string> {
  title: string;
  severity: SeverityByTier;
  /** Requirement IDs from docs/requirements.md that this rule enforces. */
  requirements: string[];
  rationale: string;
  remediation: { terraform?: string; cloudformation?: string; console?: string; cli?: string };
  /** Message templates keyed by id; `{{name}}` is replaced with data.name. */
  messages: Record<M, string>;
  /** The rule's documentation page (built-in rules: docs/rules/<id>.md, set by rules/index.ts). */
  docsUrl?: string;
  /** Further reading (AWS documentation) listed on the rule's page. */
  references?: string[];
  /**
   * The per-tier numbers of the policy the rule reads (`db.backupRetentionDays`,
   * `ecs.minTasks`): its documentation page shows their value in every tier.
   */
  tierSettings?: string[];
  tags?: string[];
}

/** Where a result points and what it shows. */
export interface At {
  /** A normalized property of the resource (`multiAz`): located through `propOrigins`. */
  prop?: string;
  /** Report on another resource than the one being checked (e.g. the NAT gateway). */
  resource?: AnyResource;
  /**
   * Point at another resource's attribute while the result stays on the
   * subject (a service whose minimum comes from its scaling target's
   * `min_capacity`; a cluster whose member pins the wrong AZ).
   */
  locationOf?: { resource: AnyResource; prop?: string };
  /** An explicit position, e.g. `edge.location` of the reference that created an edge. */
  location?: SourceLocation;
  evidence?: Evidence;
  /** A dependency path to show with the result (SARIF codeFlow): from a workload to the judged resource. */
  flow?: { message: string; steps: ImpactStep[] };
}

export interface RuleContext<O, M extends string> {
  readonly graph: ResourceGraph;
  /** The failure simulation of the scan (absent when a caller evaluates rules without it). */
  readonly failures?: FailureDomainsResult;
  /** Tier of the resource being checked, with the numbers it must meet. */
  readonly tier: TierAssignment;
  readonly options: O;
  /** Tier of any other resource in the graph. */
  tierOf(resource: AnyResource): TierAssignment;
  pass(messageId: M, data?: Record<string, unknown>, at?: At): void;
  fail(messageId: M, data?: Record<string, unknown>, at?: At): void;
  unknown(messageId: M, data?: Record<string, unknown>, at?: At): void;
}

export interface RuleDefinition<O, M extends string, K extends ResourceKind> {
  /** Equals the file name under rules/. */
  id: string;
  meta: RuleMeta<M>;
  /** JSON Schema of the options; every property has a description and a default. */
  options: JSONSchemaType<O>;
  appliesTo: readonly K[];
  /** Pure: reads the resource and the graph, reports through ctx. No result = not applicable. */
  check(resource: Resource<K>, ctx: RuleContext<O, M>): void;
}

/** A rule as the engine holds it (options and kinds erased). */
export interface Rule {
  id: string;
  meta: RuleMeta<string>;
  options: object;
  appliesTo: readonly ResourceKind[];
  check(resource: AnyResource, ctx: RuleContext<any, string>): void;
}

export function defineRule<O, M extends string, K extends ResourceKind>(def: RuleDefinition<O, M, K>): Rule {
  return def as unknown as Rule;
}

export function severityFor(rule: Rule, tier: string, override?: SeverityByTier): Severity {
  const s = override ?? rule.meta.severity;
  if (typeof s === 'string') return s;
  return s[tier] ?? s.default;
}

/** A message value as text: a symbolic AZ by its label ("AZ #1 of …"), not as "(unknown: …)". */
function messageText(v: unknown): string {
  return v instanceof SymbolicAz ? v.label : String(v);
}

/** Fill `{{key}}` placeholders; arrays are joined with ", ". */
export function formatMessage(template: string, data: Record<string, unknown> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const v = data[key];
    if (v === undefined) return `{{${key}}}`;
    return Array.isArray(v) ? v.map(messageText).join(', ') : messageText(v);
  });
}

/** Options of rules that judge workloads of some tiers only. */
export interface TierListOptions {
  tiers: string[];
}

/** The options schema of a rule that takes the list of tiers it judges (`defaults`, each rule saying why in `description`). */
export function tierListOption(defaults: string[], description: string): JSONSchemaType<TierListOptions> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: { tiers: { type: 'array', items: { type: 'string' }, default: defaults, description } },
    required: ['tiers'],
  };
}
