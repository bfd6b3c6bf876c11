import { readTextFileSync } from '../sources/common/read.js';
import { DEFAULT_LIMITS } from '../sources/common/limits.js';
import { yamlMarks } from '../sources/cloudformation/parse.js';
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { ResilintError } from '../errors.js';
import { loadSchema } from '../util/package.js';
import { DR_REGION_TARGETS, defaultPolicy } from './defaults.js';
import { mergeRequirements } from './tiers.js';
import { RESOURCE_KINDS, type ResourceKind } from '../graph/types.js';
import type { CustomRuleSetting, DeepPartial, Policy, TierRequirements } from './types.js';

/** A policy file that cannot be used. The CLI prints `message` as one line and exits 2. */
export class PolicyError extends ResilintError {
  constructor(
    message: string,
    readonly file: string,
    readonly key?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

interface RawPolicy {
  version?: 1;
  extends?: 'builtin' | 'none';
  defaultTier?: string;
  tagKeys?: string[];
  tiers?: Record<string, DeepPartial<TierRequirements>>;
  assignments?: Policy['assignments'];
  accountTiers?: Policy['accountTiers'];
  rules?: Policy['rules'];
  suppressions?: Policy['suppressions'];
  availabilityZones?: Policy['availabilityZones'];
  limits?: Policy['limits'];
  dependencies?: Policy['dependencies'];
  inheritance?: Policy['inheritance'];
  recovery?: Policy['recovery'];
  drRegion?: string;
  plugins?: string[];
  customRules?: CustomRuleSetting[];
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validatePolicy(): ReturnType<Ajv['compile']> {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(loadSchema('policy.schema.json'));
  return validator;
}

/** `/tiers/critical/ecs/minTasks` → ['tiers','critical','ecs','minTasks'] (numbers for sequence indexes). */
function pointerPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function keyLabel(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/**
 * Read and validate a policy file (YAML or JSON). Errors name the file, the
 * key and its line; what the file does not set keeps the built-in default.
 */
export async function loadPolicy(file: string, displayName = file): Promise<Policy> {
  const r = readTextFileSync(file, displayName);
  if ('error' in r) {
    const msg = r.error.message.replace(/^cannot read (.*?): /, '');
    throw new PolicyError(`${displayName}:${r.error.line ?? 1}:${r.error.column ?? 1}: cannot read policy file: ${msg.startsWith(displayName) ? msg.slice(displayName.length).trim() : msg}`, displayName, undefined, r.error.line ?? 1, r.error.column ?? 1);
  }
  return parsePolicy(r.text, displayName, dirname(resolve(file)));
}

function withLine<T extends object>(entry: T, pos: { line?: number; column?: number }): T & { declaredAt?: { line: number; column: number } } {
  return pos.line !== undefined ? { ...entry, declaredAt: { line: pos.line, column: pos.column ?? 1 } } : entry;
}

/** `baseDir`: where the policy's relative plugin paths start (default: the folder of `file`). */
export function parsePolicy(text: string, file: string, baseDir = dirname(resolve(file))): Policy {
  // Anchors and aliases are counted before parsing (a billion-laughs policy must not exhaust memory).
  const marks = yamlMarks(text, DEFAULT_LIMITS);
  if (marks) throw new PolicyError(`${file}:${marks.at.line}:${marks.at.column}: ${marks.message}`, file, undefined, marks.at.line, marks.at.column);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = lines.linePos(err.pos[0]);
    throw new PolicyError(
      `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML/JSON: ${err.message.split('\n')[0]}`,
      file,
      undefined,
      pos?.line,
      pos?.col,
    );
  }
  let raw: RawPolicy;
  try {
    raw = (doc.toJS({ maxAliasCount: 1000 }) ?? {}) as RawPolicy;
  } catch {
    // The yaml package refuses alias expansion past maxAliasCount (a resource-exhaustion guard).
    throw new PolicyError(`${file}:1:1: aliases expand too much (more than 1,000 alias expansions)`, file, undefined, 1, 1);
  }
  const at = (path: (string | number)[]): { line?: number; column?: number } => {
    // A missing key points at its nearest existing parent.
    let node: unknown;
    for (let n = path.length; node === undefined && n >= 0; n--) {
      node = n > 0 ? doc.getIn(path.slice(0, n), true) : doc.contents;
    }
    const range = (node as Node | undefined)?.range;
    if (!range) return {};
    const pos = lines.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  };
  /** Position of a mapping key (`recovery:\n  pitr-restore:` → the line of `pitr-restore`). */
  const keyAt = (parent: (string | number)[], key: string): { line?: number; column?: number } => {
    const map = doc.getIn(parent, true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined;
    const pair = map?.items?.find((p) => p.key?.value === key);
    if (!pair?.key?.range) return at([...parent, key]);
    const pos = lines.linePos(pair.key.range[0]);
    return { line: pos.line, column: pos.col };
  };
  const fail = (path: (string | number)[], message: string): never => {
    const key = keyLabel(path);
    const { line, column } = at(path);
    throw new PolicyError(`${file}${line ? `:${line}:${column}` : ''}: ${key || '(top level)'}: ${message}`, file, key, line, column);
  };

  if (typeof raw !== 'object' || Array.isArray(raw) || raw === null) fail([], 'a policy file must be a mapping');
  const validate = validatePolicy();
  if (!validate(raw)) {
    // A condition with none of its tests fails every branch of its anyOf: say that, not "must have 'equals'".
    // A misspelt key is the better message than the anyOf that follows from it.
    const errs = validate.errors!;
    const anyOf = errs.find((x) => x.keyword === 'anyOf' && x.instancePath.startsWith('/customRules/'));
    const e = (anyOf && errs.find((x) => x.keyword === 'additionalProperties' && x.instancePath === anyOf.instancePath)) ?? anyOf ?? errs[0];
    let path = pointerPath(e.instancePath);
    let message = e.message ?? 'invalid';
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      path = [...path, extra];
      message = `unknown key '${extra}'`;
    } else if (e.keyword === 'anyOf' && path[0] === 'customRules') {
      message = 'a condition needs at least one of equals, in, min, max, exists';
    } else if (e.keyword === 'enum' || e.keyword === 'const') {
      const allowed = (e.params as { allowedValues?: unknown[]; allowedValue?: unknown }).allowedValues ?? [(e.params as { allowedValue: unknown }).allowedValue];
      message = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    fail(path, message);
  }

  const base = raw.extends === 'none' ? { ...defaultPolicy(), tiers: {} } : defaultPolicy();
  const tiers: Record<string, TierRequirements> = { ...base.tiers };
  for (const [name, partial] of Object.entries(raw.tiers ?? {})) {
    const existing = tiers[name];
    if (existing) {
      tiers[name] = mergeRequirements(existing, partial);
    } else {
      const full = partial as TierRequirements;
      const missing = ['availability', 'rtoMinutes', 'rpoMinutes', 'ecs', 'db', 'network'].filter((k) => !(k in full));
      if (missing.length) fail(['tiers', name], `new tier '${name}' must define ${missing.join(', ')}`);
      tiers[name] = full;
    }
  }
  // The top-level DR Region is every tier's unless the tier names its own: rules read it from the tier.
  if (raw.drRegion !== undefined) {
    for (const t of Object.values(tiers)) if (t.region?.drRegion === undefined) t.region = { ...DR_REGION_TARGETS, ...t.region, drRegion: raw.drRegion };
  }
  const policy: Policy = {
    version: 1,
    source: file,
    defaultTier: raw.defaultTier ?? base.defaultTier,
    tagKeys: raw.tagKeys ?? base.tagKeys,
    tiers,
    assignments: raw.assignments ?? [],
    accountTiers: raw.accountTiers ?? [],
    rules: raw.rules ?? {},
    suppressions: raw.suppressions ?? [],
    ...(raw.availabilityZones ? { availabilityZones: raw.availabilityZones } : {}),
    ...(raw.limits ? { limits: raw.limits } : {}),
    // Each entry keeps its line: a selector that matches nothing is reported there.
    dependencies: (raw.dependencies ?? []).map((d, i) => withLine(d, at(['dependencies', i]))),
    inheritance: (raw.inheritance ?? []).map((d, i) => withLine(d, at(['inheritance', i]))),
    // Each overridden figure keeps its line: the simulation cites it as the figure's source.
    ...(raw.recovery
      ? { recovery: Object.fromEntries(Object.entries(raw.recovery).map(([id, o]) => [id, withLine(o, keyAt(['recovery'], id))])) }
      : {}),
    ...(raw.drRegion !== undefined ? { drRegion: raw.drRegion } : {}),
    // Plugins resolve from the policy file's folder; each keeps its line for load errors.
    ...(raw.plugins
      ? {
          plugins: raw.plugins.map((spec, i) => {
            const { line, column } = at(['plugins', i]);
            return { spec, baseDir, ...(line !== undefined ? { declaredAt: { file, line, column: column ?? 1 } } : {}) };
          }),
        }
      : {}),
    ...(raw.customRules ? { customRules: raw.customRules.map((r, i) => withLine(r, at(['customRules', i]))) } : {}),
  };
  if (raw.rules) {
    const positions: Record<string, { line: number; column: number }> = {};
    const walk = (path: (string | number)[], v: unknown): void => {
      const pos = path.length > 1 && typeof path[path.length - 1] === 'string' ? keyAt(path.slice(0, -1), path[path.length - 1] as string) : at(path);
      if (pos.line !== undefined) positions['/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')] = { line: pos.line, column: pos.column ?? 1 };
      if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk([...path, Array.isArray(v) ? Number(k) : k], x);
    };
    walk(['rules'], raw.rules);
    policy.rulePositions = positions;
  }
  const known = (tier: string, path: (string | number)[]) => {
    if (!policy.tiers[tier]) fail(path, `unknown tier '${tier}' (defined: ${Object.keys(policy.tiers).join(', ')})`);
  };
  if (Object.keys(policy.tiers).length === 0) fail(['tiers'], 'no tiers defined');
  known(policy.defaultTier, raw.defaultTier ? ['defaultTier'] : ['tiers']);
  policy.assignments.forEach((a, i) => known(a.tier, ['assignments', i, 'tier']));
  policy.accountTiers.forEach((a, i) => known(a.tier, ['accountTiers', i, 'tier']));
  const customIds = new Set<string>();
  (policy.customRules ?? []).forEach((r, i) => {
    if (customIds.has(r.id)) fail(['customRules', i, 'id'], `rule id '${r.id}' is declared twice`);
    customIds.add(r.id);
    if (!RESOURCE_KINDS.includes(r.kind as ResourceKind)) fail(['customRules', i, 'kind'], `unknown kind '${r.kind}' (known: ${RESOURCE_KINDS.join(', ')})`);
    for (const t of Object.keys(r.tiers)) if (t !== 'default') known(t, ['customRules', i, 'tiers', t]);
    if (typeof r.severity === 'object') for (const t of Object.keys(r.severity)) if (t !== 'default') known(t, ['customRules', i, 'severity', t]);
  });
  return policy;
}
