/**
 * Rule plugins: an ES module whose default export is a rule made with
 * `defineRule` (or an array of them), named in the policy's `plugins:` (a
 * package name or a path relative to the policy file) or with `--plugin`
 * (relative to the current directory). A plugin that cannot be found, throws
 * while loading, or exports something that is not a rule is a PluginError
 * naming it (exit 2): nothing is scanned with half a rule set.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { EXIT_USAGE, ResilintError } from '../errors.js';
import { RESOURCE_KINDS, type ResourceKind } from '../graph/types.js';
import { SEVERITIES } from '../policy/types.js';
import type { Rule } from '../engine/rule.js';
import type { PluginSetting } from '../policy/types.js';

export class PluginError extends ResilintError {
  constructor(
    message: string,
    readonly plugin: string,
  ) {
    super(message, EXIT_USAGE);
    this.name = 'PluginError';
  }
}

/** Rule ids: lower-case words joined by '-', optionally under one 'scope/' (plugin rules: `acme/cache-reader`). */
export const RULE_ID = /^[a-z0-9]+([-.][a-z0-9]+)*(\/[a-z0-9]+([-.][a-z0-9]+)*)?$/;

export interface LoadedPlugin {
  /** As written (package name or path). */
  spec: string;
  /** The module file that was imported. */
  file: string;
  rules: Rule[];
}

function isPath(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec);
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The entry file of a package directory: `exports` ('.' → import/node/default), else `main`, else index.js. */
function packageEntry(dir: string, subpath: string): string | undefined {
  const pkg = readJson(join(dir, 'package.json')) ?? {};
  const pick = (target: unknown): string | undefined => {
    if (typeof target === 'string') return target;
    if (Array.isArray(target)) return target.map(pick).find(Boolean);
    if (target && typeof target === 'object') {
      const t = target as Record<string, unknown>;
      for (const cond of ['import', 'node', 'default']) if (t[cond] !== undefined) return pick(t[cond]);
    }
    return undefined;
  };
  const exp = pkg.exports;
  let rel: string | undefined;
  if (exp !== undefined) {
    const map = typeof exp === 'object' && exp !== null && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith('.')) ? (exp as Record<string, unknown>) : { '.': exp };
    rel = pick(map[subpath]);
    if (!rel) return undefined;
  } else if (subpath !== '.') {
    rel = subpath;
  } else {
    rel = typeof pkg.main === 'string' ? pkg.main : 'index.js';
  }
  const file = join(dir, rel);
  if (existsSync(file) && statSync(file).isFile()) return file;
  if (existsSync(`${file}.js`)) return `${file}.js`;
  if (existsSync(join(file, 'index.js'))) return join(file, 'index.js');
  return undefined;
}

/** A package name, looked up in node_modules from `baseDir` upwards (as Node does for imports). */
function resolvePackage(spec: string, baseDir: string): string | undefined {
  const parts = spec.split('/');
  const nameLength = spec.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join('/')}` : '.';
  for (let d = resolve(baseDir); ; d = dirname(d)) {
    const dir = join(d, 'node_modules', name);
    if (existsSync(join(dir, 'package.json')) || existsSync(dir)) return packageEntry(dir, subpath);
    if (dirname(d) === d) return undefined;
  }
}

export function resolvePlugin(spec: string, baseDir: string): string | undefined {
  if (!isPath(spec)) return resolvePackage(spec, baseDir);
  const path = resolve(baseDir, spec);
  if (existsSync(path) && statSync(path).isDirectory()) return packageEntry(path, '.');
  return existsSync(path) ? path : undefined;
}

const ajv = new Ajv({ strict: false });

/** What is wrong with a value that should be a rule; empty when it is one. */
export function ruleProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [`is ${value === null ? 'null' : typeof value}, not a rule made with defineRule`];
  const r = value as Partial<Rule>;
  const problems: string[] = [];
  if (typeof r.id !== 'string' || !RULE_ID.test(r.id)) problems.push(`id ${JSON.stringify(r.id)} is not a rule id (lower-case words joined by '-', optionally 'scope/')`);
  if (typeof r.check !== 'function') problems.push('check is not a function');
  if (!Array.isArray(r.appliesTo) || r.appliesTo.length === 0) problems.push('appliesTo is not a non-empty list of kinds');
  else for (const k of r.appliesTo) if (!RESOURCE_KINDS.includes(k as ResourceKind)) problems.push(`appliesTo names unknown kind '${String(k)}'`);
  const m = r.meta;
  if (!m || typeof m !== 'object') problems.push('meta is missing');
  else {
    if (typeof m.title !== 'string' || !m.title) problems.push('meta.title is missing');
    if (typeof m.rationale !== 'string') problems.push('meta.rationale is missing');
    if (!Array.isArray(m.requirements) || m.requirements.some((x) => typeof x !== 'string')) problems.push('meta.requirements is not a list of strings');
    if (!m.remediation || typeof m.remediation !== 'object') problems.push('meta.remediation is missing');
    const sevs = typeof m.severity === 'string' ? [m.severity] : m.severity && typeof m.severity === 'object' ? Object.values(m.severity) : [undefined];
    if (typeof m.severity === 'object' && m.severity && !('default' in m.severity)) problems.push("meta.severity per tier needs 'default'");
    for (const s of sevs) if (!SEVERITIES.includes(s as never)) problems.push(`meta.severity ${JSON.stringify(s)} is not one of ${SEVERITIES.join(', ')}`);
    if (!m.messages || typeof m.messages !== 'object' || Object.keys(m.messages).length === 0 || Object.values(m.messages).some((x) => typeof x !== 'string')) {
      problems.push('meta.messages is not a map of message templates');
    }
  }
  if (!r.options || typeof r.options !== 'object') problems.push('options is not a JSON Schema object');
  else {
    try {
      ajv.compile(r.options);
    } catch (e) {
      problems.push(`options is not a valid JSON Schema (${(e as Error).message})`);
    }
  }
  return problems;
}

function where(p: PluginSetting): string {
  return p.declaredAt ? `${p.declaredAt.file}:${p.declaredAt.line}:${p.declaredAt.column}: ` : '';
}

/** Imports one plugin and checks that it exports rules. */
export async function loadPlugin(p: PluginSetting): Promise<LoadedPlugin> {
  const file = resolvePlugin(p.spec, p.baseDir);
  if (!file) {
    throw new PluginError(`${where(p)}plugin '${p.spec}': not found (${isPath(p.spec) ? `no file ${resolve(p.baseDir, p.spec)}` : `no package '${p.spec}' in node_modules from ${p.baseDir}`})`, p.spec);
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new PluginError(`${where(p)}plugin '${p.spec}': failed to load: ${detail}`, p.spec);
  }
  if (mod.default === undefined) throw new PluginError(`${where(p)}plugin '${p.spec}': has no default export (export default a rule or an array of rules)`, p.spec);
  const exported = Array.isArray(mod.default) ? (mod.default as unknown[]) : [mod.default];
  if (exported.length === 0) throw new PluginError(`${where(p)}plugin '${p.spec}': exports an empty list of rules`, p.spec);
  exported.forEach((value, i) => {
    const problems = ruleProblems(value);
    if (problems.length) {
      const label = Array.isArray(mod.default) ? `default export [${i}]` : 'default export';
      throw new PluginError(`${where(p)}plugin '${p.spec}': ${label} is not a rule: ${problems.join('; ')}`, p.spec);
    }
  });
  return { spec: p.spec, file, rules: exported as Rule[] };
}

/** Loads every plugin in order; rule ids must be unique across built-in, plugin and declarative rules. */
export async function loadPlugins(plugins: readonly PluginSetting[], taken: ReadonlyMap<string, string>): Promise<LoadedPlugin[]> {
  const owners = new Map(taken);
  const out: LoadedPlugin[] = [];
  for (const p of plugins) {
    const loaded = await loadPlugin(p);
    for (const r of loaded.rules) {
      const owner = owners.get(r.id);
      if (owner) throw new PluginError(`${where(p)}plugin '${p.spec}': rule id '${r.id}' is already defined by ${owner}`, p.spec);
      owners.set(r.id, `plugin '${p.spec}'`);
    }
    out.push(loaded);
  }
  return out;
}
