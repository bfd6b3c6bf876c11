/**
 * Test kit for rules, in the spirit of ESLint's RuleTester and Checkov's
 * labelled fixtures:
 *
 * - `graph()` builds a small ResourceGraph in a few typed lines: resources
 *   with props, prop origins (file + line), tags, edges and unresolved
 *   references.
 * - `runRule(rule, graph, policy?)` attaches tiers and runs the real engine
 *   (`assignTiers` + `evaluateRules`), so locations, severities, messages and
 *   de-duplication are the ones users will see.
 * - `ruleTester.run(rule, { pass, fail, unknown, notApplicable })` turns
 *   labelled cases into vitest tests. Every case lists the exact findings it
 *   expects (address, status, message id, location); the tester rejects empty
 *   lists, duplicate case names and mislabelled cases, and checks that every
 *   message id of the rule is produced by some case with every placeholder
 *   filled.
 *
 * Exported from the package (`import { RuleTester } from 'resilint'`) so that
 * plugin authors test their rules the way the built-in ones are tested. It
 * does not depend on a test framework: like ESLint's RuleTester it uses the
 * global `describe`/`it` (mocha, jest, vitest with `globals`), or the ones
 * given to `RuleTester.setFramework({ describe, it })`, and throws
 * `AssertionError`s.
 */
import { TIER_UNDECIDED_MESSAGE } from '../engine/undecided-tier.js';
import { INTERNAL_ERROR_MESSAGE_ID } from '../engine/evaluate.js';
import { AssertionError, deepStrictEqual } from 'node:assert';
import { buildDependencies } from '../analysis/dependencies.js';
import { simulateFailures } from '../analysis/failure.js';
import { evaluateRules } from '../engine/evaluate.js';
import type { Evidence, Finding, Status } from '../engine/result.js';
import type { Rule } from '../engine/rule.js';
import { ResourceGraph } from '../graph/graph.js';
import type {
  AnyResource,
  Edge,
  EdgeKind,
  PropOrigin,
  PropsByKind,
  Provenance,
  Resource,
  ResourceKind,
  UnresolvedReference,
} from '../graph/types.js';
import type { Unknown } from '../graph/values.js';
import { defaultPolicy } from '../policy/defaults.js';
import { assignTiers } from '../policy/tiers.js';
import type { Policy, Severity, TierAssignmentRule } from '../policy/types.js';

/** Message ids the engine itself gives a rule's result (a tier that cannot be decided, a rule that threw). */
const ENGINE_MESSAGE_IDS: ReadonlySet<string> = new Set([TIER_UNDECIDED_MESSAGE, INTERNAL_ERROR_MESSAGE_ID]);

// ---------------------------------------------------------------------------
// Graph builder

const DEFAULT_TYPE: Record<ResourceKind, string> = {
  'db.instance': 'aws_db_instance',
  'db.cluster': 'aws_rds_cluster',
  'db.global-cluster': 'aws_rds_global_cluster',
  'db.subnet-group': 'aws_db_subnet_group',
  'db.proxy': 'aws_db_proxy',
  'db.table': 'aws_dynamodb_table',
  'cache.replication-group': 'aws_elasticache_replication_group',
  'cache.cluster': 'aws_elasticache_cluster',
  'storage.file-system': 'aws_efs_file_system',
  'ecs.cluster': 'aws_ecs_cluster',
  'ecs.service': 'aws_ecs_service',
  'ecs.task': 'AWS::ECS::Task',
  'ecs.task-definition': 'aws_ecs_task_definition',
  'autoscaling.target': 'aws_appautoscaling_target',
  'autoscaling.policy': 'aws_appautoscaling_policy',
  'network.vpc': 'aws_vpc',
  'network.subnet': 'aws_subnet',
  'network.nat-gateway': 'aws_nat_gateway',
  'network.route-table': 'aws_route_table',
  'network.tgw-attachment': 'aws_ec2_transit_gateway_vpc_attachment',
  'network.vpn-connection': 'aws_vpn_connection',
  'dns.record': 'aws_route53_record',
  'dns.health-check': 'aws_route53_health_check',
  'lb.load-balancer': 'aws_lb',
  'lb.target-group': 'aws_lb_target_group',
  'backup.plan': 'aws_backup_plan',
  'compute.instance': 'aws_instance',
  'compute.autoscaling-group': 'aws_autoscaling_group',
  function: 'aws_lambda_function',
  'search.domain': 'aws_opensearch_domain',
  'stream.cluster': 'aws_msk_cluster',
  account: 'AWS::Organizations::Account',
  region: 'AWS::Region',
};

type PropName<K extends ResourceKind> = keyof PropsByKind[K] & string;

export interface ResourceSpec<K extends ResourceKind> {
  /** Normalized props; what is not given is absent (the AWS default applies). */
  props?: Partial<PropsByKind[K]>;
  /** File of the header and of every prop origin. Default `main.tf`. */
  file?: string;
  /** Line of the resource header. Default: the next free block of 20 lines. */
  line?: number;
  /** Line of a prop's attribute. Props given without a line get header + 1, + 2, … in order. */
  lines?: Partial<Record<PropName<K>, number>>;
  /** Native attribute name of a prop. Default: its Terraform name (`multiAz` → `multi_az`, `backupRetentionDays` → `backup_retention_period`). */
  attributes?: Partial<Record<PropName<K>, string>>;
  tags?: Record<string, string | Unknown> | Unknown;
  /** Short name. Default: the last segment of the address. */
  name?: string;
  type?: string;
  unresolved?: UnresolvedReference[];
  /** Live resource: no file location at all (ARN-identified). */
  live?: boolean;
  provenance?: Partial<Provenance>;
}

/** Terraform attribute names that are not the prop name in snake_case. */
const TERRAFORM_ATTRIBUTE: Record<string, string> = {
  backupRetentionDays: 'backup_retention_period',
  schedulingStrategy: 'scheduling_strategy',
  healthCheckGracePeriodSeconds: 'health_check_grace_period_seconds',
  cidr: 'cidr_block',
  circuitBreaker: 'deployment_circuit_breaker',
  placementStrategies: 'ordered_placement_strategy',
};

function attributeFor(prop: string): string {
  return TERRAFORM_ATTRIBUTE[prop] ?? prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Builds a ResourceGraph for one test. Resources can be changed until `build()`. */
export class GraphFixture {
  private readonly resources: AnyResource[] = [];
  private readonly edges: Edge[] = [];
  private nextLine = 1;

  add<K extends ResourceKind>(kind: K, address: string, spec: ResourceSpec<K> = {}): Resource<K> {
    if (this.resources.some((r) => r.id === address)) throw new Error(`graph fixture: duplicate resource ${address}`);
    const file = spec.file ?? 'main.tf';
    const line = spec.line ?? this.nextLine;
    this.nextLine = Math.max(this.nextLine, line) + 20;
    const props = { ...(spec.props ?? {}) } as PropsByKind[K];
    const origins: Record<string, PropOrigin> = {};
    let offset = 1;
    for (const [prop, value] of Object.entries(props as Record<string, unknown>)) {
      if (value === undefined) continue;
      const attribute = (spec.attributes as Record<string, string> | undefined)?.[prop] ?? attributeFor(prop);
      const propLine = (spec.lines as Record<string, number> | undefined)?.[prop] ?? line + offset;
      offset++;
      origins[prop] = spec.live ? { attribute } : { attribute, location: { file, line: propLine, column: 3 } };
    }
    const provenance: Provenance = spec.live
      ? { source: 'aws', arn: `arn:aws:test:::${address}`, ...spec.provenance }
      : { source: 'terraform', location: { file, line, column: 1 }, modulePath: [], ...spec.provenance };
    const resource = {
      id: address,
      kind,
      type: spec.type ?? DEFAULT_TYPE[kind],
      address,
      name: spec.name ?? address.split('.').pop()!,
      props,
      propOrigins: origins,
      attributes: {},
      tags: spec.tags ?? {},
      provenance,
      unresolved: [...(spec.unresolved ?? [])],
    } as unknown as Resource<K>;
    this.resources.push(resource as unknown as AnyResource);
    return resource;
  }

  /** `from --kind--> to`, e.g. `edge(service, 'in-subnet', subnet, { attribute: 'network_configuration.subnets' })`. */
  edge(from: AnyResource | Resource<ResourceKind> | string, kind: EdgeKind, to: AnyResource | Resource<ResourceKind> | string, extra: { attribute?: string; data?: Record<string, unknown> } = {}): this {
    const id = (r: { id: string } | string) => (typeof r === 'string' ? r : r.id);
    this.edges.push({ from: id(from), to: id(to), kind, ...extra });
    return this;
  }

  /** A reference the source could not resolve: `graph.targets(resource, edge)` becomes Unknown(reason). */
  unresolved(resource: Resource<ResourceKind>, edge: EdgeKind, attribute: string, reason: string): this {
    resource.unresolved.push({ edge, attribute, reason });
    return this;
  }

  build(): ResourceGraph {
    return new ResourceGraph(this.resources, this.edges);
  }
}

export function graph(): GraphFixture {
  return new GraphFixture();
}

// ---------------------------------------------------------------------------
// Running a rule

/** The built-in policy with extra assignments (tier per resource, optional requirement overrides) and rule options. */
export function policyWith(extra: { assignments?: TierAssignmentRule[]; rules?: Policy['rules']; defaultTier?: string } = {}): Policy {
  const p = defaultPolicy();
  if (extra.assignments) p.assignments = extra.assignments;
  if (extra.rules) p.rules = extra.rules;
  if (extra.defaultTier) p.defaultTier = extra.defaultTier;
  return p;
}

/** Tier tag shorthand for `ResourceSpec.tags`. */
export function tier(name: 'critical' | 'high' | 'medium' | (string & {})): Record<string, string> {
  return { tier: name };
}

/** Runs one rule through the real engine; findings sorted by address. */
export function runRule(rule: Rule, g: ResourceGraph, policy: Policy = defaultPolicy()): Finding[] {
  const tiers = assignTiers(g, policy);
  // The failure simulation runs once before the rules, as in a scan.
  const failures = simulateFailures({ graph: g, dependencies: buildDependencies(g, policy), tiers, policy });
  const { findings } = evaluateRules({ graph: g, policy, rules: [rule], tiers, failures });
  return [...findings].sort((a, b) => a.resource.address.localeCompare(b.resource.address));
}

// ---------------------------------------------------------------------------
// RuleTester

export interface ExpectedFinding {
  /** Address of the resource the finding is reported on. */
  address: string;
  status: Status;
  messageId: string;
  /** File and line the finding points at; `null` when it must have none (live resources). */
  location: { file: string; line: number } | null;
  /** Substrings or patterns the message must contain. */
  message?: string | RegExp | (string | RegExp)[];
  severity?: Severity;
  /** Matched with `toMatchObject`. */
  evidence?: Partial<Evidence>;
}

export interface RuleTestCase {
  name: string;
  graph: () => ResourceGraph;
  /** Default: the built-in policy. */
  policy?: Policy;
  /** Rule options (`rules.<id>.options` in the policy). */
  options?: Record<string, unknown>;
  /** Every finding the rule must produce, and no other. */
  findings: ExpectedFinding[];
}

export interface RuleTests {
  pass: RuleTestCase[];
  fail: RuleTestCase[];
  unknown: RuleTestCase[];
  /** Cases where the rule must stay silent (kind applies, requirement does not). */
  notApplicable?: RuleTestCase[];
}

/** Throws (so the test file fails to load) when the case lists do not say what the rule does. */
function validateTests(rule: Rule, tests: RuleTests): void {
  const problems: string[] = [];
  for (const group of ['pass', 'fail', 'unknown'] as const) {
    if (!tests[group] || tests[group].length === 0) problems.push(`'${group}' must list at least one case`);
  }
  const names = new Set<string>();
  const all: [keyof RuleTests, RuleTestCase][] = (Object.keys(tests) as (keyof RuleTests)[]).flatMap((g) => (tests[g] ?? []).map((c) => [g, c] as [keyof RuleTests, RuleTestCase]));
  for (const [group, c] of all) {
    if (names.has(c.name)) problems.push(`duplicate case name '${c.name}'`);
    names.add(c.name);
    const statuses = c.findings.map((f) => f.status);
    if (group === 'pass' && (statuses.length === 0 || statuses.some((s) => s !== 'pass'))) problems.push(`pass case '${c.name}' must expect only pass findings (at least one)`);
    if (group === 'fail' && !statuses.includes('fail')) problems.push(`fail case '${c.name}' must expect at least one fail finding`);
    if (group === 'unknown' && (!statuses.includes('unknown') || statuses.includes('fail'))) problems.push(`unknown case '${c.name}' must expect an unknown finding and no fail`);
    if (group === 'notApplicable' && statuses.length > 0) problems.push(`notApplicable case '${c.name}' must expect no findings`);
    for (const f of c.findings) {
      if (!(f.messageId in rule.meta.messages) && !ENGINE_MESSAGE_IDS.has(f.messageId)) problems.push(`case '${c.name}' expects message id '${f.messageId}' that ${rule.id} does not define`);
    }
    const addresses = c.findings.map((f) => f.address);
    if (new Set(addresses).size !== addresses.length) problems.push(`case '${c.name}' expects two findings on one resource (the engine keeps one per rule and resource)`);
  }
  if (problems.length) throw new Error(`RuleTester(${rule.id}):\n  ${problems.join('\n  ')}`);
}

function policyFor(rule: Rule, c: RuleTestCase): Policy {
  const policy = structuredClone(c.policy ?? defaultPolicy());
  if (c.options) policy.rules[rule.id] = { ...policy.rules[rule.id], options: c.options };
  return policy;
}

/** Fails with `where`, the expected and the actual value (node's assert shows the diff). */
function same(actual: unknown, expected: unknown, where: string): void {
  try {
    deepStrictEqual(actual, expected);
  } catch (e) {
    if (e instanceof AssertionError) e.message = `${where}\n${e.message}`;
    throw e;
  }
}

function check(ok: boolean, where: string, detail: string): void {
  if (!ok) throw new AssertionError({ message: `${where}: ${detail}` });
}

/** Every key of `expected` equals the same key of `actual` (recursively for objects). */
function matchesObject(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) {
    try {
      deepStrictEqual(actual, expected);
      return true;
    } catch {
      return false;
    }
  }
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([k, v]) => matchesObject((actual as Record<string, unknown>)[k], v));
}

function assertFinding(rule: Rule, actual: Finding | undefined, expected: ExpectedFinding): void {
  const where = `${rule.id} on ${expected.address}`;
  check(actual !== undefined, where, 'no finding');
  const f = actual!;
  same(f.ruleId, rule.id, where);
  same(f.resource.address, expected.address, where);
  same({ status: f.status, messageId: f.messageId }, { status: expected.status, messageId: expected.messageId }, `${where}: ${f.message}`);
  if (expected.location === null) same(f.location, undefined, where);
  else same(f.location && { file: f.location.file, line: f.location.line }, expected.location, where);
  check(!/\{\{\s*\w+\s*\}\}/.test(f.message), where, `unfilled placeholder in '${f.message}'`);
  const parts = expected.message === undefined ? [] : Array.isArray(expected.message) ? expected.message : [expected.message];
  for (const part of parts) {
    const ok = typeof part === 'string' ? f.message.includes(part) : part.test(f.message);
    check(ok, where, `message '${f.message}' does not contain ${String(part)}`);
  }
  if (expected.severity) same(f.severity, expected.severity, where);
  if (expected.evidence) check(matchesObject(f.evidence, expected.evidence), where, `evidence ${JSON.stringify(f.evidence)} does not match ${JSON.stringify(expected.evidence)}`);
  same(f.requirements, rule.meta.requirements, where);
}

type Block = (name: string, fn: () => void) => unknown;
/** The test framework's `describe` and `it`. */
export interface TestFramework {
  describe: Block;
  it: Block;
}

let framework: TestFramework | undefined;

function currentFramework(): TestFramework {
  if (framework) return framework;
  const g = globalThis as { describe?: Block; it?: Block };
  if (typeof g.describe === 'function' && typeof g.it === 'function') return { describe: g.describe, it: g.it };
  throw new Error('RuleTester: no describe/it: call RuleTester.setFramework({ describe, it }) with your test framework\'s, or enable its globals');
}

export const RuleTester = {
  /** Use this framework's `describe`/`it` (e.g. `import { describe, it } from 'vitest'`). */
  setFramework(f: TestFramework): void {
    framework = f;
  },
  run(rule: Rule, tests: RuleTests): void {
    validateTests(rule, tests);
    const { describe, it } = currentFramework();
    const produced = new Set<string>();
    describe(rule.id, () => {
      for (const group of ['pass', 'fail', 'unknown', 'notApplicable'] as const) {
        const cases = tests[group] ?? [];
        if (cases.length === 0) continue;
        describe(group, () => {
          for (const c of cases) {
            it(c.name, () => {
              const findings = runRule(rule, c.graph(), policyFor(rule, c));
              for (const f of findings) produced.add(f.messageId);
              const summary = (fs: { address?: string; resource?: { address: string }; status: Status }[]) =>
                fs.map((f) => `${f.address ?? f.resource!.address}: ${f.status}`).sort();
              same(summary(findings), summary(c.findings), findings.map((f) => f.message).join('\n'));
              for (const e of c.findings) assertFinding(rule, findings.find((f) => f.resource.address === e.address), e);
            });
          }
        });
      }
      // Runs after the cases above (test frameworks run a file's tests in order).
      it('produces every message id it defines', () => {
        const missing = Object.keys(rule.meta.messages).filter((id) => !produced.has(id));
        same(missing, [], 'message ids no case produced');
      });
    });
  },
};

/** The same tester under the name the repository's own tests use. */
export const ruleTester = RuleTester;
