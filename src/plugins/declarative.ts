/**
 * Declarative rules written in the policy file (`customRules:`): a kind, a
 * selector, per-tier conditions on normalized properties and a message. Each
 * becomes an ordinary Rule, so it gets everything a built-in rule gets
 * (severity per tier, suppressions, baselines, SARIF metadata, docs).
 *
 * A value the source could not resolve makes the result unknown, never pass;
 * a resource whose tier cannot be decided passes only when it would pass at
 * every tier the rule names.
 */
import { isUnknown, Unknown } from '../graph/values.js';
import type { AnyResource, ResourceKind } from '../graph/types.js';
import { resourceMatches } from '../policy/tiers.js';
import type { CustomRuleCondition, CustomRuleSetting } from '../policy/types.js';
import type { Rule, RuleContext } from '../engine/rule.js';

/** What one condition says about one value. */
type Verdict = { status: 'pass' } | { status: 'fail'; actual: string } | { status: 'unknown'; reason: string };

/** `a.b.c` of the resource's props; Unknown when a step is unknown, undefined when a step is absent. */
function readProperty(resource: AnyResource, path: string): unknown {
  let v: unknown = resource.props;
  for (const step of path.split('.')) {
    if (isUnknown(v)) return v;
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[step];
  }
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'not set';
  if (isUnknown(v)) return String(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Plain-data equality (numbers, strings, booleans, lists and maps of them). */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The first Unknown anywhere in a value: a list with one unknown element cannot be compared either. */
function unknownIn(v: unknown): Unknown | undefined {
  if (isUnknown(v)) return v;
  if (Array.isArray(v)) for (const x of v) if (unknownIn(x)) return unknownIn(x);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const x of Object.values(v)) if (unknownIn(x)) return unknownIn(x);
  return undefined;
}

export function judge(value: unknown, c: CustomRuleCondition): Verdict {
  const u = unknownIn(value);
  if (c.exists !== undefined) {
    // An unknown value still exists; only its content is unknown.
    const present = value !== undefined && value !== null;
    if (present !== c.exists) return { status: 'fail', actual: present ? show(value) : 'not set' };
  }
  const compares = c.equals !== undefined || c.in !== undefined || c.min !== undefined || c.max !== undefined;
  if (!compares) return { status: 'pass' };
  if (u) return { status: 'unknown', reason: u.reason };
  // Absent: the AWS default applies, which a declarative rule cannot know; it does not meet a stated value.
  if (value === undefined || value === null) return { status: 'fail', actual: 'not set' };
  if (c.equals !== undefined && !equal(value, c.equals)) return { status: 'fail', actual: show(value) };
  if (c.in !== undefined && !c.in.some((x) => equal(value, x))) return { status: 'fail', actual: show(value) };
  if (c.min !== undefined || c.max !== undefined) {
    const n = Array.isArray(value) ? value.length : value;
    if (typeof n !== 'number') return { status: 'fail', actual: `${show(value)} (not a number)` };
    if (c.min !== undefined && n < c.min) return { status: 'fail', actual: show(n) };
    if (c.max !== undefined && n > c.max) return { status: 'fail', actual: show(n) };
  }
  return { status: 'pass' };
}

/** The condition as words: "multiAz equals true", "instanceCount ≥ 2". */
export function expectation(c: CustomRuleCondition): string {
  const parts: string[] = [];
  if (c.exists === true) parts.push('is set');
  if (c.exists === false) parts.push('is not set');
  if (c.equals !== undefined) parts.push(`equals ${show(c.equals)}`);
  if (c.in !== undefined) parts.push(`is one of ${c.in.map(show).join(', ')}`);
  if (c.min !== undefined) parts.push(`≥ ${c.min}`);
  if (c.max !== undefined) parts.push(`≤ ${c.max}`);
  return `${c.property} ${parts.join(' and ')}`;
}

interface TierVerdict {
  status: 'pass' | 'fail' | 'unknown';
  condition?: CustomRuleCondition;
  detail?: string;
}

/** All conditions of one tier: the first failing one decides; else the first unknown one; else pass. */
function judgeTier(resource: AnyResource, conditions: readonly CustomRuleCondition[]): TierVerdict {
  let unknown: TierVerdict | undefined;
  for (const c of conditions) {
    const v = judge(readProperty(resource, c.property), c);
    if (v.status === 'fail') return { status: 'fail', condition: c, detail: v.actual };
    if (v.status === 'unknown') unknown ??= { status: 'unknown', condition: c, detail: v.reason };
  }
  return unknown ?? { status: 'pass' };
}

function conditionsFor(setting: CustomRuleSetting, tier: string): readonly CustomRuleCondition[] | undefined {
  return setting.tiers[tier] ?? setting.tiers.default;
}

type Messages = 'pass' | 'fail' | 'unknown';

/** The Rule a `customRules:` entry stands for. */
export function declarativeRule(setting: CustomRuleSetting, policySource: string): Rule {
  const where = setting.declaredAt ? `${policySource}:${setting.declaredAt.line}` : policySource;
  const messages: Record<Messages, string> = {
    pass: `{{address}} meets ${escapeTemplate(setting.title)} at tier {{tier}} ({{expected}})`,
    fail: setting.message,
    unknown: '{{address}}: {{property}} cannot be determined ({{reason}}), so whether {{expected}} cannot be told',
  };
  const rule: Rule = {
    id: setting.id,
    meta: {
      title: setting.title,
      severity: setting.severity ?? 'medium',
      requirements: setting.requirements ?? [],
      rationale: setting.rationale ?? `Declared in the policy file (${where}).`,
      remediation: setting.remediation ?? {},
      messages,
      ...(setting.docsUrl ? { docsUrl: setting.docsUrl } : {}),
      tags: ['custom', 'declarative'],
    },
    options: { type: 'object', additionalProperties: false, properties: {} },
    appliesTo: [setting.kind as ResourceKind],
    check(resource: AnyResource, ctx: RuleContext<unknown, string>) {
      if (setting.match && !resourceMatches(resource, setting.match)) return;
      const tier = ctx.tier.tier;
      const conditions = conditionsFor(setting, tier);
      if (!conditions) return; // this tier is not judged by the rule
      const v = judgeTier(resource, conditions);
      const data = (c: CustomRuleCondition | undefined, detail?: string) => ({
        property: c?.property ?? '',
        expected: c ? expectation(c) : conditions.map(expectation).join('; '),
        actual: detail ?? '',
        reason: detail ?? '',
      });
      const prop = (c: CustomRuleCondition | undefined) => c?.property.split('.')[0];
      if (v.status === 'fail') return ctx.fail('fail', data(v.condition, v.detail), { prop: prop(v.condition), evidence: { expected: expectation(v.condition!), actual: v.detail } });
      if (v.status === 'unknown') return ctx.unknown('unknown', data(v.condition, v.detail), { prop: prop(v.condition), evidence: { expected: expectation(v.condition!), actual: 'unknown' } });
      // A tier that cannot be decided is handled by the engine for every rule: it runs the rule at each tier the
      // resource could have and passes only if every run passes (src/engine/undecided-tier.ts).
      // A pass points at the first property it read, as a failure would.
      return ctx.pass('pass', data(undefined), { prop: prop(conditions[0]) });
    },
  };
  return rule;
}

/** A title used inside a message template must not open placeholders of its own. */
function escapeTemplate(text: string): string {
  return text.replace(/\{\{/g, '{ {');
}
