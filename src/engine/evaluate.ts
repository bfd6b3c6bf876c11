import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { ResilintError } from '../errors.js';
import type { FailureDomainsResult } from '../analysis/failure-types.js';
import type { ResourceGraph } from '../graph/graph.js';
import type { AnyResource, InputError, PropOrigin } from '../graph/types.js';
import type { Policy, TierAssignment } from '../policy/types.js';
import type { Evidence, Finding, FindingResource, RuleRun, Status } from './result.js';
import { formatMessage, severityFor, type At, type Rule, type RuleContext } from './rule.js';
import { combineTierRuns } from './undecided-tier.js';

/** A configuration problem found before any rule ran (bad rule options in the policy). */
export class RuleConfigError extends ResilintError {
  constructor(message: string) {
    super(message);
    this.name = 'RuleConfigError';
  }
}

/** Stable identity of a finding: rule id + resource identity (ARN, or IaC address with root), never file or line. */
export function fingerprint(ruleId: string, resourceIdentity: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${resourceIdentity}`).digest('hex').slice(0, 32);
}

export function resourceIdentity(r: AnyResource): string {
  return r.provenance.arn ?? r.id;
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validators = new WeakMap<object, ValidateFunction>();

/** Rule options: the policy's `rules.<id>.options` over the schema defaults, validated. */
export function ruleOptions(rule: Rule, policy: Policy): unknown {
  let validate = validators.get(rule.options);
  if (!validate) {
    validate = ajv.compile(rule.options);
    validators.set(rule.options, validate);
  }
  const options = structuredClone(policy.rules[rule.id]?.options ?? {});
  if (!validate(options)) {
    const first = (validate.errors ?? [])[0];
    const detail = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    // Located at the offending key in the policy file (else its nearest parent that is written there).
    let pointer = `/rules/${rule.id.replace(/~/g, '~0').replace(/\//g, '~1')}/options${first?.instancePath ?? ''}`;
    let pos = policy.rulePositions?.[pointer];
    while (!pos && pointer.lastIndexOf('/') > 0) {
      pointer = pointer.slice(0, pointer.lastIndexOf('/'));
      pos = policy.rulePositions?.[pointer];
    }
    const at = pos ? `:${pos.line}:${pos.column}` : policy.source === 'built-in' ? '' : ':1:1';
    throw new RuleConfigError(`${policy.source}${at}: rules.${rule.id}.options: ${detail}`);
  }
  return options;
}

export interface EvaluateOptions {
  graph: ResourceGraph;
  policy: Policy;
  rules: readonly Rule[];
  tiers: Map<string, TierAssignment>;
  /** The failure simulation, computed once before the rules (rules read it, never re-run it). */
  failures?: FailureDomainsResult;
}

export interface Evaluation {
  findings: Finding[];
  rules: RuleRun[];
  /** A rule that threw on a resource (kind 'rule'): that result is unknown and the scan incomplete (exit 3). */
  errors: InputError[];
}

/** The message id of the unknown result that stands for a rule's exception on one resource. */
export const INTERNAL_ERROR_MESSAGE_ID = 'internal-error';

function findingResource(r: AnyResource, t: TierAssignment): FindingResource {
  const p = r.provenance;
  const out: FindingResource = {
    id: r.id,
    address: r.address,
    kind: r.kind,
    type: r.type,
    name: r.name,
    source: p.source,
    tier: t.tier,
    tierSource: t.source,
    tierDetail: t.detail,
  };
  if (t.inheritedFrom) out.tierPath = t.inheritedFrom;
  if (p.modulePath && p.modulePath.length > 0) out.modulePath = p.modulePath;
  if (p.arn) out.arn = p.arn;
  if (p.accountId) out.accountId = p.accountId;
  if (p.accountName) out.accountName = p.accountName;
  if (p.region) out.region = p.region;
  return out;
}

/** Where a prop was read from (native attribute and position); undefined when the source did not say. */
function originOf(r: AnyResource, prop: string | undefined): PropOrigin | undefined {
  return prop ? (r.propOrigins as Record<string, PropOrigin | undefined>)[prop] : undefined;
}

function ruleRun(rule: Rule): RuleRun {
  const m = rule.meta;
  const run: RuleRun = {
    id: rule.id,
    title: m.title,
    requirements: m.requirements,
    severity: m.severity,
    rationale: m.rationale,
    remediation: m.remediation,
    appliesTo: [...rule.appliesTo],
    evaluated: 0,
    pass: 0,
    fail: 0,
    unknown: 0,
  };
  if (m.docsUrl) run.docsUrl = m.docsUrl;
  if (m.tags) run.tags = m.tags;
  return run;
}

/**
 * Run every enabled rule on every resource of the kinds it applies to.
 * Rules are pure; this is the only place that turns their verdicts into
 * findings (severity, message, location, fingerprint).
 */
export function evaluateRules({ graph, policy, rules, tiers, failures }: EvaluateOptions): Evaluation {
  const findings: Finding[] = [];
  const runs: RuleRun[] = [];
  const errors: InputError[] = [];
  const tierOf = (r: AnyResource): TierAssignment => tiers.get(r.id)!;

  for (const rule of rules) {
    const setting = policy.rules[rule.id];
    if (setting?.enabled === false) continue;
    const options = ruleOptions(rule, policy);
    const run = ruleRun(rule);
    runs.push(run);

    for (const kind of rule.appliesTo) {
      for (const resource of graph.ofKind(kind) as AnyResource[]) {
        const checkAt = (tier: TierAssignment, sink: Finding[]): Finding[] => {
          const tierOfHere = (r: AnyResource): TierAssignment => (r === resource ? tier : tierOf(r));
          const report = (status: Status) => (messageId: string, data: Record<string, unknown> = {}, at: At = {}) => {
            const subject = at.resource ?? resource;
            const subjectTier = at.resource ? tierOfHere(at.resource) : tier;
            const template = (rule.meta.messages as Record<string, string>)[messageId];
            if (template === undefined) throw new Error(`rule ${rule.id} reported unknown message id '${messageId}'`);
            const locSubject = at.locationOf?.resource ?? subject;
            const locProp = at.locationOf ? at.locationOf.prop : at.prop;
            const origin = originOf(locSubject, locProp);
            const attribute = origin?.attribute;
            const evidence: Evidence | undefined = at.evidence
              ? { ...(attribute ? { attribute } : {}), ...at.evidence }
              : attribute
                ? { attribute }
                : undefined;
            const finding: Finding = {
              ruleId: rule.id,
              status,
              severity: severityFor(rule, subjectTier.tier, setting?.severity as never),
              messageId,
              message: formatMessage(template, { name: subject.name, address: subject.address, tier: subjectTier.tier, ...data }),
              requirements: rule.meta.requirements,
              fingerprint: fingerprint(rule.id, resourceIdentity(subject)),
              resource: findingResource(subject, subjectTier),
            };
            // The attribute's line, else the header of the resource it belongs to, else the subject's header.
            const location = at.location ?? origin?.location ?? locSubject.provenance.location ?? subject.provenance.location;
            if (location) finding.location = location;
            if (evidence) finding.evidence = evidence;
            if (at.flow && at.flow.steps.length > 0) finding.dependencyPath = at.flow;
            sink.push(finding);
          };
          const ctx: RuleContext<unknown, string> = {
            graph,
            ...(failures ? { failures } : {}),
            tier,
            options,
            tierOf: tierOfHere,
            pass: report('pass'),
            fail: report('fail'),
            unknown: report('unknown'),
          };
          const before = sink.length;
          try {
            rule.check(resource, ctx);
          } catch (e) {
            // One rule's exception costs one result, not the scan: what it reported before throwing is dropped
            // (half a check is no verdict), the result is unknown with the reason, and the scan is incomplete.
            sink.length = before;
            const reason = `internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
            const location = resource.provenance.location;
            sink.push({
              ruleId: rule.id,
              status: 'unknown',
              severity: severityFor(rule, tier.tier, setting?.severity as never),
              messageId: INTERNAL_ERROR_MESSAGE_ID,
              message: `${rule.id} could not check ${resource.address}: ${reason}`,
              requirements: rule.meta.requirements,
              fingerprint: fingerprint(rule.id, resourceIdentity(resource)),
              resource: findingResource(resource, tier),
              ...(location ? { location } : {}),
            });
            const error = {
              file: location?.file ?? resourceIdentity(resource),
              ...(location ? { line: location.line, ...(location.column ? { column: location.column } : {}) } : {}),
              kind: 'rule',
              message: `rule ${rule.id} failed on ${resource.address}: ${reason}`,
            };
            // Once per rule and resource, however many tiers it was run at.
            if (!errors.some((x) => x.message === error.message)) errors.push(error);
          }
          return sink;
        };
        const own = tierOf(resource);
        // A tier that cannot be decided: one run per tier it could have, combined (undecided-tier.ts).
        const variants = own.undecided && own.possible && own.possible.length > 1 ? own.possible : undefined;
        if (variants) {
          const runs = variants.map((t) => ({ tier: t, findings: checkAt({ ...own, tier: t, requirements: policy.tiers[t] }, []) }));
          findings.push(...combineTierRuns(runs, own.undecided!));
        } else checkAt(own, findings);
      }
    }
  }
  const kept = dedupe(findings);
  const byId = new Map(runs.map((r) => [r.id, r]));
  for (const f of kept) {
    const run = byId.get(f.ruleId)!;
    run[f.status]++;
    run.evaluated++;
  }
  return { findings: kept, rules: runs, errors };
}

/**
 * A rule may reach the same subject from several resources (a NAT gateway
 * seen from each subnet): keep one finding per (rule, subject), the worst.
 */
function dedupe(findings: Finding[]): Finding[] {
  const rank: Record<Status, number> = { fail: 2, unknown: 1, pass: 0 };
  const byKey = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.resource.id}`;
    const prev = byKey.get(key);
    if (!prev || rank[f.status] > rank[prev.status]) byKey.set(key, f);
  }
  return [...byKey.values()];
}
