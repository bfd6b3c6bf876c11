import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { loadSchema } from '../util/package.js';
import { defaultPolicy } from './defaults.js';
import { mergeRequirements } from './tiers.js';
import type { DeepPartial, Policy, TierRequirements } from './types.js';

/** A policy file that cannot be used. The CLI prints `message` as one line and exits 2. */
export class PolicyError extends Error {
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
  dependencies?: Policy['dependencies'];
  inheritance?: Policy['inheritance'];
  recovery?: Policy['recovery'];
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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new PolicyError(`${displayName}: cannot read policy file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, displayName);
  }
  return parsePolicy(text, displayName);
}

function withLine<T extends object>(entry: T, pos: { line?: number; column?: number }): T & { declaredAt?: { line: number; column: number } } {
  return pos.line !== undefined ? { ...entry, declaredAt: { line: pos.line, column: pos.column ?? 1 } } : entry;
}

export function parsePolicy(text: string, file: string): Policy {
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
  const raw = (doc.toJS() ?? {}) as RawPolicy;
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
    const e = validate.errors![0];
    let path = pointerPath(e.instancePath);
    let message = e.message ?? 'invalid';
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      path = [...path, extra];
      message = `unknown key '${extra}'`;
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
    // Each entry keeps its line: a selector that matches nothing is reported there.
    dependencies: (raw.dependencies ?? []).map((d, i) => withLine(d, at(['dependencies', i]))),
    inheritance: (raw.inheritance ?? []).map((d, i) => withLine(d, at(['inheritance', i]))),
    // Each overridden figure keeps its line: the simulation cites it as the figure's source.
    ...(raw.recovery
      ? { recovery: Object.fromEntries(Object.entries(raw.recovery).map(([id, o]) => [id, withLine(o, keyAt(['recovery'], id))])) }
      : {}),
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
  return policy;
}
