/**
 * The Terraform plan source: `terraform show -json <planfile>` output →
 * normalized resources, edges, locations and errors.
 *
 * Values come from `planned_values` (root module and child modules);
 * attributes marked in `resource_changes[].change.after_unknown` are
 * Unknown, or, when the plan's `configuration` says which resources their
 * expression references, references to those instances (so a service's
 * subnets, known only after apply, still become edges). Resources whose
 * only action is `delete` are not evaluated; replacements are.
 *
 * Normalization is the Terraform source's own (`normalize()` over
 * `NormalizeInput`s), so a plan and its HCL give the same kinds, props,
 * edges and verdicts. Locations point at the `.tf` files when they are next
 * to the plan (the Terraform source's parser and locator), else at the
 * resource's entry in the plan JSON.
 *
 * Identity: graph ids are `<root module dir>:<address>` like the Terraform
 * source's (so an HCL scan and a plan scan of the same root have the same
 * fingerprints), or `<plan file>:<address>` when several plans share a
 * directory. Addresses are Terraform's (`module.legacy.aws_db_instance.this`,
 * `aws_subnet.private["ap-northeast-1a"]`).
 */
import path from 'node:path';
import type { AnyResource, CoverageGap, Edge, InputError } from '../../graph/types.js';
import { azAt } from '../../graph/az.js';
import { MASK, Unknown } from '../../graph/values.js';
import { getEntry, getValue, type TNode } from '../common/tree.js';
import { readCandidate, relativePath } from '../common/candidate.js';
import { isObject } from '../common/coerce.js';
import { DEFAULT_LIMITS, resolveLimits, type InputLimits } from '../common/limits.js';
import { ResourceRef } from '../common/reference.js';
import { declaredInput, DeclSuppressions, normalize, type CommentInfo, type NormalizeInput, type ParsedFile, type Position, type Value, type ValueObject } from '../terraform/index.js';
import type { SourceOutput } from '../types.js';
import { moduleSegments, syntheticDecl, TfDecls, type DeclSink } from './decls.js';
import { fillFromHcl } from './hcl.js';
import { forgetLastMatch, JsonSyntaxError } from '../common/json-positions.js';
import { readPlanJson, type ReadPlan } from './read-plan.js';
import { resolveReferences, type ConfigExpression, type ConfigModule, type ConfigResource, type InstanceIndex, type RefScope } from './references.js';
import { appendAll } from '../../util/array.js';

export interface TerraformPlanSourceOptions {
  /** Absolute; locations are relative to it with '/' separators. */
  root: string;
  /** Absolute paths of candidate `.json` files; plans are recognised by content. */
  files: string[];
  /** Plans larger than this are reported, not parsed. Default 128 MiB (DEFAULT_MAX_PLAN_BYTES). */
  maxFileBytes?: number;
  /** Input limits (docs/limits.md). */
  limits?: InputLimits;
  /** `.tf` files larger than this are not parsed for locations. Default 10 MiB. */
  maxTfFileBytes?: number;
  /**
   * When the `.tf` files are next to a plan, resolve the references the plan
   * leaves open (an instance picked by a local) by evaluating them with the
   * plan's variables (see hcl.ts). Default true.
   */
  resolveFromHcl?: boolean;
  /**
   * The Terraform source's output for the same root, when the caller has it
   * (scan() scanning a directory with both `.tf` files and a plan): used for
   * resolveFromHcl instead of evaluating the HCL again. It must have been
   * evaluated with the plan's variable values to be equivalent.
   */
  terraform?: { resources: AnyResource[]; edges: Edge[] };
}

export interface TerraformPlanSourceOutput extends SourceOutput {
  /** Candidate files that are not plan JSON (relative). */
  notPlans: string[];
  /** Plans read: where their locations point (`tf`: the `.tf` files next to them; `plan`: the plan JSON). */
  plans: { file: string; formatVersion: string; terraformVersion?: string; locations: 'tf' | 'plan' }[];
  /** Resources the plan deletes (or forgets): not evaluated. */
  notEvaluated: { address: string; file: string; actions: string[] }[];
  /** Resource types that are not graph nodes yet, with how many instances were skipped. */
  ignoredResourceTypes: Record<string, number>;
  /** Comments of the `.tf` files read for locations (for inline suppressions), per file. */
  comments: Record<string, CommentInfo[]>;
}

/** See DEFAULT_LIMITS.maxPlanBytes: about 4.6 MiB of memory per MiB of plan, so a scan stays within 1 GiB. */
export const DEFAULT_MAX_PLAN_BYTES = DEFAULT_LIMITS.maxPlanBytes;
const PLAN_LIMIT = {
  name: 'maxPlanBytes',
  hint: '; to scan it, raise limits.maxPlanBytes in the policy file (about 5 MiB of memory per MiB of plan; see docs/limits.md)',
};
const DEFAULT_MAX_TF_BYTES = 10 * 1024 * 1024;

/** Attributes that hold lists of references (the others hold one). */
const LIST_ATTRIBUTES = new Set([
  'subnets',
  'subnet_ids',
  'vpc_subnet_ids',
  'security_groups',
  'vpc_security_group_ids',
  'availability_zones',
  'capacity_providers',
  'route_table_ids',
  'vpc_zone_identifier',
  'target_group_arns',
  // aws_msk_cluster broker_node_group_info.
  'client_subnets',
]);

/** Cheap pre-filter: the keys every plan representation starts with. */
export function looksLikeTerraformPlan(text: string): boolean {
  const yes = /"format_version"\s*:/.test(text) && /"(planned_values|resource_changes|terraform_version)"\s*:/.test(text);
  forgetLastMatch();
  return yes;
}

interface PlanJson {
  format_version?: unknown;
  variables?: Record<string, { value?: unknown }>;
  terraform_version?: unknown;
  planned_values?: { root_module?: PlannedModule };
  resource_changes?: ResourceChange[];
  configuration?: { root_module?: ConfigModule; provider_config?: Record<string, { name?: string; expressions?: Record<string, unknown> }> };
  /** The state the plan was made from, with the data sources read during plan. */
  prior_state?: { values?: { root_module?: PlannedModule } };
  errored?: unknown;
  complete?: unknown;
}

interface PlannedModule {
  address?: string;
  resources?: PlannedResource[];
  child_modules?: PlannedModule[];
}

interface PlannedResource {
  address: string;
  mode?: string;
  type: string;
  name: string;
  index?: string | number;
  values?: Record<string, unknown>;
  sensitive_values?: unknown;
}

interface ResourceChange {
  address: string;
  module_address?: string;
  mode?: string;
  type?: string;
  name?: string;
  deposed?: string;
  change?: { actions?: string[]; after_unknown?: unknown; after_sensitive?: unknown };
}

/** A JSON value's type, for messages. */
function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `the ${typeof v} ${String(v)}`;
}

function isPlanObject(v: unknown): v is PlanJson {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as PlanJson;
  // Any format_version (a number is reported by scanPlan, not dropped as "not a plan").
  return o.format_version !== undefined && ('planned_values' in o || 'resource_changes' in o);
}

/** Is this text a Terraform plan in its JSON representation? */
export function isTerraformPlan(text: string): boolean {
  if (!looksLikeTerraformPlan(text)) return false;
  try {
    return isPlanObject(JSON.parse(text));
  } catch {
    return false;
  }
}

function isExpression(v: unknown): v is ConfigExpression {
  return isObject(v) && ('references' in v || 'constant_value' in v);
}

/** The configuration expression that decides the value at `p` (a block attribute, or a whole attribute written as an expression). */
function expressionAt(expressions: Record<string, unknown> | undefined, p: (string | number)[]): ConfigExpression | undefined {
  let cur: unknown = expressions;
  for (const seg of p) {
    if (isExpression(cur)) return cur;
    if (typeof seg === 'number') {
      if (Array.isArray(cur)) cur = cur[seg] ?? cur[0];
      continue;
    }
    if (Array.isArray(cur)) cur = cur[0];
    cur = isObject(cur) ? cur[seg] : undefined;
  }
  return isExpression(cur) ? cur : undefined;
}

function formatPath(p: (string | number)[]): string {
  return p.map((s, k) => (typeof s === 'number' ? `[${s}]` : k === 0 ? s : `.${s}`)).join('');
}

/** Set `v` at `p` inside `root`, creating containers on the way. */
function setAt(root: ValueObject, p: (string | number)[], v: Value): void {
  let cur: Value = root;
  for (let k = 0; k < p.length - 1; k++) {
    const seg = p[k];
    const next = p[k + 1];
    const container = cur as Record<string | number, Value>;
    let child = container[seg as never] as Value | undefined;
    if (child === undefined || child === null || typeof child !== 'object' || child instanceof Unknown) {
      child = typeof next === 'number' ? [] : {};
      container[seg as never] = child as never;
    }
    cur = child;
  }
  (cur as Record<string | number, Value>)[p[p.length - 1] as never] = v as never;
}

/** Replace values marked `true` in a sensitivity mask (`sensitive_values` / `after_sensitive`). */
function maskSensitive(values: ValueObject, mask: unknown, p: (string | number)[] = []): void {
  if (mask === true) {
    if (p.length > 0) setAt(values, p, MASK);
    return;
  }
  if (Array.isArray(mask)) mask.forEach((m, k) => maskSensitive(values, m, [...p, k]));
  else if (isObject(mask)) for (const [k, m] of Object.entries(mask)) maskSensitive(values, m, [...p, k]);
}

/** Every path marked `true` in `after_unknown`. */
function unknownPaths(mask: unknown, p: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (mask === true) {
    if (p.length > 0) out.push(p);
  } else if (Array.isArray(mask)) mask.forEach((m, k) => unknownPaths(m, [...p, k], out));
  else if (isObject(mask)) for (const [k, m] of Object.entries(mask)) unknownPaths(m, [...p, k], out);
  return out;
}

/** Attribute positions of a `values` object, keyed like the Terraform locator (`a.b`, `blk.x`, `blk[1].x`). */
function attributePositions(node: TNode | undefined, prefix: string, out: Map<string, Position>, depth = 0): void {
  if (!node || node.type !== 'map' || depth > 6) return;
  for (const e of node.entries) {
    const key = prefix + e.key;
    if (!out.has(key)) out.set(key, { line: e.keyPos.line, column: e.keyPos.column });
    if (e.value.type === 'seq') {
      e.value.items.forEach((item, i) => {
        if (item.type !== 'map') return;
        const at = `${key}[${i}]`;
        if (!out.has(at)) out.set(at, { line: item.pos.line, column: item.pos.column });
        attributePositions(item, `${at}.`, out, depth + 1);
        if (i === 0) attributePositions(item, `${key}.`, out, depth + 1);
      });
    } else if (e.value.type === 'map') {
      attributePositions(e.value, `${key}.`, out, depth + 1);
    }
  }
}

/**
 * The attribute positions of a planned resource's `values`, read from the
 * plan text on the first look-up. Most instances are never located by
 * attribute (only findings and a few origins are), and a positioned tree per
 * instance of a large plan held all at once costs hundreds of MiB.
 */
class LazyPositions extends Map<string, Position> {
  private source: { read: ReadPlan; node: TNode | undefined } | undefined;

  constructor(read: ReadPlan, node: TNode | undefined) {
    super();
    this.source = { read, node };
  }

  private fill(): void {
    const s = this.source;
    if (!s) return;
    this.source = undefined;
    attributePositions(s.read.expand(s.node), '', this);
  }

  override get(key: string): Position | undefined {
    this.fill();
    return super.get(key);
  }

  override has(key: string): boolean {
    this.fill();
    return super.has(key);
  }

  override get size(): number {
    this.fill();
    return super.size;
  }

  override forEach(fn: (value: Position, key: string, map: Map<string, Position>) => void, thisArg?: unknown): void {
    this.fill();
    super.forEach(fn, thisArg);
  }

  override entries(): MapIterator<[string, Position]> {
    this.fill();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.fill();
    return super.keys();
  }

  override values(): MapIterator<Position> {
    this.fill();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[string, Position]> {
    return this.entries();
  }
}

/** Configuration references of top-level attributes as HCL template strings (what the Terraform source's declarations hold). */
function referenceBody(cfg: ConfigResource | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(cfg?.expressions ?? {})) {
    // A nested block (`environment { variables = … }`): the references of its attributes, as the block's.
    const all = isExpression(e) ? (e.references ?? []) : blockReferences(e, 0);
    if (!all.length) continue;
    const refs = all.filter((r) => /^[A-Za-z_][\w-]*\.[A-Za-z_]/.test(r) && !r.startsWith('var.') && !r.startsWith('local.'));
    if (refs.length) body[k] = refs.map((r) => `\${${r}}`).join(' ');
  }
  return body;
}

/** References of the attribute expressions inside a nested block's configuration (a list of bodies). */
function blockReferences(v: unknown, depth: number): string[] {
  if (depth > 16) return [];
  if (isExpression(v)) return v.references ?? [];
  if (Array.isArray(v)) return v.flatMap((x) => blockReferences(x, depth + 1));
  if (isObject(v)) return Object.values(v).flatMap((x) => blockReferences(x, depth + 1));
  return [];
}

interface PlanContext {
  root: string;
  abs: string;
  file: string;
  prefix: string;
  maxTfBytes: number;
  limits: InputLimits;
  out: TerraformPlanSourceOutput;
  sink: DeclSink;
  suppressions: DeclSuppressions;
}

async function scanPlan(read: ReadPlan, plan: PlanJson, ctx: PlanContext): Promise<NormalizeInput[]> {
  const { out, file, limits } = ctx;
  const positions = read.positions;
  const formatVersion = String(plan.format_version);
  const major = typeof plan.format_version === 'string' ? /^(\d+)\./.exec(formatVersion)?.[1] : undefined;
  if (major !== '0' && major !== '1') {
    const e = getEntry(positions, 'format_version');
    out.errors.push({
      file,
      ...(e ? { line: e.value.pos.line, column: e.value.pos.column } : { line: 1, column: 1 }),
      kind: 'format',
      message:
        typeof plan.format_version === 'string'
          ? `plan format_version ${JSON.stringify(formatVersion)} is not supported (this version of resilint reads 0.x and 1.x); no resource of this plan was assessed`
          : `plan format_version must be a string such as "1.2", not ${describeJson(plan.format_version)}; no resource of this plan was assessed`,
    });
    return [];
  }
  if (plan.errored === true) {
    out.coverage.push({ scope: file, errorCode: 'plan-errored', message: `${file}: terraform plan failed (errored: true); the planned values are partial` });
  } else if (plan.complete === false) {
    out.coverage.push({ scope: file, errorCode: 'plan-incomplete', message: `${file}: the plan is incomplete (complete: false, deferred changes); some resources may be missing` });
  }

  const config = plan.configuration?.root_module;
  const decls = await TfDecls.load(ctx.abs, ctx.root, config, ctx.maxTfBytes, ctx.sink);
  out.plans.push({ file, formatVersion, ...(typeof plan.terraform_version === 'string' ? { terraformVersion: plan.terraform_version } : {}), locations: decls.found ? 'tf' : 'plan' });

  const changes = new Map<string, ResourceChange>();
  for (const rc of plan.resource_changes ?? []) {
    if (rc.deposed || rc.mode === 'data') continue;
    changes.set(rc.address, rc);
    const actions = rc.change?.actions ?? [];
    if (actions.length > 0 && actions.every((a) => a === 'delete' || a === 'forget')) out.notEvaluated.push({ address: rc.address, file, actions });
  }

  // Collect managed instances with their position nodes.
  interface Entry {
    r: PlannedResource;
    moduleAddress: string;
    /** Address of the block (without instance key). */
    block: string;
    node?: TNode;
  }
  const entries: Entry[] = [];
  // Iterative (the nesting is the input's), each misshapen part an error at its place, never skipped in silence.
  const at = (node: TNode | undefined): { line: number; column: number } => (node ? { line: node.pos.line, column: node.pos.column } : { line: 1, column: 1 });
  const shapeError = (node: TNode | undefined, message: string): void => {
    out.errors.push({ file, ...at(node), kind: 'format', message });
  };
  const stack: { m: unknown; node: TNode | undefined; moduleAddress: string; depth: number }[] = [];
  const pv = plan.planned_values as unknown;
  const pvNode = getValue(positions, 'planned_values');
  if (pv !== undefined && !isObject(pv)) shapeError(pvNode, `planned_values must be an object, not ${describeJson(pv)}; no resource of this plan was assessed`);
  else if (pv !== undefined) stack.push({ m: (pv as { root_module?: unknown }).root_module, node: getValue(pvNode, 'root_module'), moduleAddress: '', depth: 0 });
  while (stack.length > 0) {
    const { m, node, moduleAddress, depth } = stack.pop()!;
    if (m === undefined || m === null) continue;
    const where = moduleAddress || 'the root module';
    if (!isObject(m)) {
      shapeError(node, `${where}: a planned module must be an object, not ${describeJson(m)}; its resources were not assessed`);
      continue;
    }
    if (depth > limits.maxModuleDepth) {
      shapeError(node, `${where}: modules nested ${depth} deep, over the limit of ${limits.maxModuleDepth} (maxModuleDepth); its resources were not assessed`);
      continue;
    }
    const pm = m as PlannedModule;
    const rnodes = getValue(node, 'resources');
    const resources = pm.resources as unknown;
    if (resources !== undefined && !Array.isArray(resources)) shapeError(rnodes ?? node, `${where}: "resources" must be an array, not ${describeJson(resources)}; they were not assessed`);
    else {
      (resources ?? []).forEach((r: unknown, k: number) => {
        const rnode = rnodes?.type === 'seq' ? rnodes.items[k] : undefined;
        if (!isObject(r) || typeof r.address !== 'string' || typeof r.type !== 'string' || typeof r.name !== 'string') {
          shapeError(rnode ?? rnodes ?? node, `${where}: resource ${k} has no string address, type and name; not assessed`);
          return;
        }
        const pr = r as unknown as PlannedResource;
        if (pr.mode !== undefined && pr.mode !== 'managed') return;
        if (pr.values !== undefined && pr.values !== null && !isObject(pr.values)) {
          shapeError(getValue(rnode, 'values') ?? rnode, `${pr.address}: "values" must be an object, not ${describeJson(pr.values)}; the resource was not assessed`);
          return;
        }
        const block = `${moduleAddress ? `${moduleAddress}.` : ''}${pr.type}.${pr.name}`;
        entries.push({ r: pr, moduleAddress, block, node: rnode });
      });
    }
    const cnodes = getValue(node, 'child_modules');
    const children = pm.child_modules as unknown;
    if (children !== undefined && !Array.isArray(children)) {
      shapeError(cnodes ?? node, `${where}: "child_modules" must be an array, not ${describeJson(children)}; the modules in it were not assessed`);
      continue;
    }
    const kids = (children ?? []) as unknown[];
    for (let k = kids.length - 1; k >= 0; k--) {
      const c = kids[k];
      const addr = isObject(c) && typeof c.address === 'string' ? c.address : moduleAddress;
      stack.push({ m: c, node: cnodes?.type === 'seq' ? cnodes.items[k] : undefined, moduleAddress: addr, depth: depth + 1 });
    }
  }

  const blocks = new Map<string, { address: string; key?: string | number }[]>();
  const knownIds = new Map<string, string>();
  for (const { r, block } of entries) {
    let list = blocks.get(block);
    if (!list) blocks.set(block, (list = []));
    list.push({ address: r.address, key: r.index });
    for (const k of ['id', 'arn']) {
      const v = r.values?.[k];
      if (typeof v === 'string' && v.length > 3 && !knownIds.has(v)) knownIds.set(v, r.address);
    }
  }
  const index: InstanceIndex = { get: (b) => blocks.get(b) };
  const azNames = dataAzNames(plan.prior_state?.values?.root_module);

  const configFor = (moduleAddress: string): { scope: RefScope } => {
    let scope: RefScope = { moduleAddress: '', config };
    for (const seg of moduleSegments(moduleAddress)) {
      const child = scope.config?.module_calls?.[seg.name]?.module;
      scope = {
        moduleAddress: `${scope.moduleAddress ? `${scope.moduleAddress}.` : ''}${seg.text}`,
        config: child,
        parent: { scope, callName: seg.name, callKey: seg.key },
      };
    }
    return { scope };
  };

  const planFile: ParsedFile = { path: ctx.abs, file, dir: path.dirname(ctx.abs) };
  const instances: NormalizeInput[] = [];
  for (const { r, moduleAddress, block, node } of entries) {
    const rc = changes.get(r.address);
    const actions = rc?.change?.actions ?? [];
    if (actions.length > 0 && actions.every((a) => a === 'delete' || a === 'forget')) continue;
    // The plan's own tree, read for this scan alone (readPlanJson): changed in place, not copied.
    const values = (r.values ?? {}) as ValueObject;
    maskSensitive(values, r.sensitive_values ?? rc?.change?.after_sensitive);

    const { scope: moduleScope } = configFor(moduleAddress);
    const cfgRes = moduleScope.config?.resources?.find((c) => c.address === `${r.type}.${r.name}` && (c.mode ?? 'managed') === 'managed');
    const scope: RefScope = { ...moduleScope, selfKey: r.index, forEach: cfgRes?.for_each_expression };
    for (const p of unknownPaths(rc?.change?.after_unknown)) {
      const where = `${r.address}.${formatPath(p)}`;
      // Not written in the configuration: the provider computes it (an optional attribute left unset),
      // which is what the Terraform source reports as absent. Keep it absent so both sources agree.
      if (cfgRes && typeof p[0] === 'string' && !(p[0] in (cfgRes.expressions ?? {}))) continue;
      const expr = expressionAt(cfgRes?.expressions, p);
      let v: Value = new Unknown(`${where} is known only after apply`);
      const az = p.length === 1 && p[0] === 'availability_zone' ? azFromDataSource(expr, moduleAddress, r.index, azNames, ctx.prefix) : undefined;
      if (az !== undefined) {
        v = az;
      } else if (expr?.references?.length) {
        const res = resolveReferences(expr, scope, index);
        const refs = [...res.targets].map(([address, attribute]) => new ResourceRef(address, attribute));
        const last = [...p].reverse().find((s): s is string => typeof s === 'string') ?? '';
        const listValued = LIST_ATTRIBUTES.has(last) && typeof p[p.length - 1] === 'string';
        if (res.doubts.length > 0 || refs.length === 0) {
          v = new Unknown(`${where} is known only after apply${res.doubts.length ? ` (${res.doubts.join('; ')})` : ''}`);
        } else if (listValued) {
          v = refs;
        } else if (refs.length === 1) {
          v = refs[0];
        } else {
          v = new Unknown(`${where} is known only after apply (one of ${refs.map((x) => x.address).join(', ')})`);
        }
      }
      setAt(values, p, v);
    }
    replaceKnownIds(values, knownIds, r.address, 0);

    const tfDecl = decls.find(moduleAddress, r.type, r.name);
    let decl = tfDecl;
    if (!decl) {
      const attrs = new LazyPositions(read, getValue(node, 'values'));
      const addressKey = getEntry(node, 'address');
      const header = addressKey ? { line: addressKey.keyPos.line, column: addressKey.keyPos.column } : node ? { line: node.pos.line, column: node.pos.column } : { line: 1, column: 1 };
      decl = syntheticDecl({ file: planFile, type: r.type, name: r.name, header, attributes: attrs, body: referenceBody(cfgRes) });
    }
    instances.push(
      declaredInput(
        {
          id: ctx.prefix + r.address,
          address: r.address,
          blockAddress: block,
          type: r.type,
          label: r.name,
          key: r.index,
          prefix: ctx.prefix,
          modulePath: moduleSegments(moduleAddress).map((s) => s.text),
          ...regionField(values, cfgRes, plan.configuration?.provider_config, plan.variables),
          value: values,
        },
        decl,
        decls.moduleCalls(moduleAddress),
        ctx.suppressions,
      ),
    );
  }
  return instances;
}

/**
 * The Region of a planned aws resource: its own planned `region` (AWS
 * provider 6), else the `region` of the provider configuration its
 * configuration names: a constant, or a root module variable (`region =
 * var.region` in a root provider block), whose value the plan records. A key
 * the plan does not list (a configuration passed through a module's
 * `providers`), a region computed from anything else, or a configuration
 * without one (the environment's Region at plan time) says nothing: unset,
 * never guessed.
 */
function regionField(
  values: ValueObject,
  cfgRes: ConfigResource | undefined,
  providers: NonNullable<PlanJson['configuration']>['provider_config'],
  variables: PlanJson['variables'],
): { region?: string } {
  const own = values.region;
  if (typeof own === 'string' && own !== '') return { region: own };
  if (own !== undefined && own !== null) return {};
  const key = cfgRes?.provider_config_key;
  const p = key !== undefined ? providers?.[key] : undefined;
  if (!p || (p.name !== undefined && p.name !== 'aws')) return {};
  const region = p.expressions?.region;
  const expr = region && typeof region === 'object' && !Array.isArray(region) ? (region as { constant_value?: unknown; references?: unknown }) : undefined;
  let value = expr?.constant_value;
  // Only a root provider block reads root variables (a module's keys are `module.x:aws`).
  const refs = expr?.references;
  if (value === undefined && !key!.includes(':') && Array.isArray(refs) && refs.length === 1 && typeof refs[0] === 'string' && refs[0].startsWith('var.')) {
    value = variables?.[refs[0].slice(4)]?.value;
  }
  return typeof value === 'string' && value !== '' ? { region: value } : {};
}

/** `names` of every `aws_availability_zones` data source in the plan's prior state (read during plan), by address. */
function dataAzNames(root: PlannedModule | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (m: PlannedModule | undefined, depth: number): void => {
    if (!m || depth > 32) return;
    for (const r of m.resources ?? []) {
      const names = r.values?.names;
      if (r.mode === 'data' && r.type === 'aws_availability_zones' && Array.isArray(names) && names.every((n) => typeof n === 'string')) out.set(r.address, names as string[]);
    }
    for (const c of m.child_modules ?? []) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}

/**
 * An `availability_zone` known only after apply whose configuration takes it
 * from `data.aws_availability_zones.X.names` at a literal index or at
 * `count.index`: the name from the data source's values in the prior state
 * when the plan read it, else element i of that data source's list (a
 * symbolic AZ). `names[i]` fails past the end and `element()` wraps, and the
 * configuration's references do not say which was written, so an index is
 * taken modulo the length (the same for every index `names[i]` accepts).
 * Undefined when the expression is anything else.
 */
function azFromDataSource(expr: ConfigExpression | undefined, moduleAddress: string, key: string | number | undefined, names: Map<string, string[]>, prefix: string): Value | undefined {
  const refs = expr?.references ?? [];
  let source: string | undefined;
  let index: number | undefined;
  for (const ref of refs) {
    const m = /^data\.aws_availability_zones\.([A-Za-z_][\w-]*)\.names(?:\[(\d+)\])?$/.exec(ref);
    if (!m) continue;
    if (source !== undefined && source !== m[1]) return undefined; // several data sources: cannot tell which
    source = m[1];
    if (m[2] !== undefined) index = Number(m[2]);
  }
  if (source === undefined) return undefined;
  const others = refs.filter((r) => !r.startsWith(`data.aws_availability_zones.${source}`) && r !== 'count.index');
  if (others.length > 0) return undefined; // the index or the list depends on something else (a local, a variable)
  if (index === undefined) {
    if (!refs.includes('count.index') || typeof key !== 'number') return undefined;
    index = key;
  }
  const address = `${moduleAddress ? `${moduleAddress}.` : ''}data.aws_availability_zones.${source}`;
  const read = names.get(address);
  if (read && read.length > 0) return read[index % read.length];
  return azAt({ key: `plan:${prefix}${address}`, label: address, distinct: true }, index, true);
}

/** Known ids of other planned resources (update plans) become references to them. */
function replaceKnownIds(v: ValueObject | Value[], ids: Map<string, string>, self: string, depth: number): void {
  if (depth > 12) return;
  const entries: [string | number, Value][] = Array.isArray(v) ? v.map((x, k) => [k, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    if (depth === 0 && (k === 'id' || k === 'arn' || k === 'tags' || k === 'tags_all')) continue;
    if (typeof x === 'string') {
      const target = ids.get(x);
      if (target && target !== self) (v as Record<string | number, Value>)[k as never] = new ResourceRef(target, 'id') as never;
    } else if (x && typeof x === 'object' && !(x instanceof Unknown)) {
      replaceKnownIds(x as ValueObject, ids, self, depth + 1);
    }
  }
}

export async function scanTerraformPlan(options: TerraformPlanSourceOptions): Promise<TerraformPlanSourceOutput> {
  const root = path.resolve(options.root);
  const limits = options.limits ?? resolveLimits();
  const maxBytes = options.maxFileBytes ?? options.limits?.maxPlanBytes ?? DEFAULT_MAX_PLAN_BYTES;
  const errors: InputError[] = [];
  const coverage: CoverageGap[] = [];
  const out: TerraformPlanSourceOutput = {
    source: 'terraform-plan',
    resources: [],
    edges: [],
    errors,
    coverage,
    files: [],
    notPlans: [],
    plans: [],
    notEvaluated: [],
    ignoredResourceTypes: {},
    comments: {},
  };
  const sink: DeclSink = { files: new Set(), errors, comments: out.comments };

  // Read and recognise.
  const plans: { abs: string; file: string; read?: ReadPlan; plan: PlanJson }[] = [];
  for (const abs of [...new Set(options.files.map((f) => path.resolve(f)))]) {
    const file = relativePath(root, abs);
    const read = await readCandidate(abs, file, maxBytes, false, looksLikeTerraformPlan, PLAN_LIMIT);
    if ('notTemplate' in read) {
      out.notPlans.push(file);
      continue;
    }
    if ('error' in read) {
      errors.push(read.error);
      continue;
    }
    if (!looksLikeTerraformPlan(read.text)) {
      out.notPlans.push(file);
      continue;
    }
    let plan: unknown;
    let parsed: ReadPlan;
    try {
      parsed = readPlanJson(read.text);
      plan = parsed.value;
    } catch (e) {
      const msg = String((e as Error)?.message ?? e).replace(/\s+/g, ' ');
      const at = e instanceof JsonSyntaxError ? { line: e.line, column: e.column } : {};
      sink.files.add(file);
      errors.push({ file, ...at, kind: 'parse', message: `not valid JSON: ${msg}` });
      continue;
    }
    if (!isPlanObject(plan)) {
      out.notPlans.push(file);
      continue;
    }
    sink.files.add(file);
    plans.push({ abs, file, read: parsed, plan });
  }

  // Ids like the Terraform source's (root module dir), unless several plans share a directory.
  const perDir = new Map<string, number>();
  for (const p of plans) perDir.set(path.dirname(p.abs), (perDir.get(path.dirname(p.abs)) ?? 0) + 1);
  const instances: NormalizeInput[] = [];
  const suppressions = new DeclSuppressions();
  const withTf: { abs: string; prefix: string; variables: PlanJson['variables'] }[] = [];
  for (const p of plans) {
    const dir = path.dirname(p.abs);
    const dirRel = relativePath(root, dir) || '.';
    const prefix = (perDir.get(dir) ?? 0) > 1 ? `${p.file}:` : dirRel === '.' ? '' : `${dirRel}:`;
    try {
      const read = p.read!;
      p.read = undefined; // the text and positions of one plan at a time
      appendAll(instances, await scanPlan(read, p.plan, { root, abs: p.abs, file: p.file, prefix, maxTfBytes: options.maxTfFileBytes ?? options.limits?.maxFileBytes ?? DEFAULT_MAX_TF_BYTES, limits, out, sink, suppressions }));
      if (out.plans.at(-1)?.file === p.file && out.plans.at(-1)?.locations === 'tf') withTf.push({ abs: p.abs, prefix, variables: p.plan.variables });
    } catch (e) {
      // A plan shaped in a way this reader does not expect: report it, go on with the others.
      // The message of an internal TypeError means nothing to the user: say what is known.
      errors.push({ file: p.file, line: 1, column: 1, kind: 'format', message: `${p.file}: the plan is not shaped as Terraform writes it (${e instanceof RangeError ? 'nested too deeply' : 'unexpected value types'}); not assessed` });
    }
  }

  const normalized = normalize(instances, (ri) => ri.value.tags_all);
  out.resources = normalized.resources.map((r) => ({ ...r, provenance: { ...r.provenance, source: 'terraform-plan' } }) as AnyResource);
  out.edges = normalized.edges;
  out.ignoredResourceTypes = normalized.ignored;
  if (options.resolveFromHcl !== false) {
    for (const p of withTf) {
      const fill = await fillFromHcl({ root, planAbs: p.abs, prefix: p.prefix, variables: p.variables, resources: out.resources, terraform: options.terraform });
      appendAll(out.edges, fill.edges);
    }
  }
  out.files = [...sink.files].sort();
  errors.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return out;
}
