/**
 * Values of a root module's input variables, in Terraform's order of
 * precedence (later wins): `default`, `TF_VAR_<name>` environment variables,
 * `terraform.tfvars(.json)`, `*.auto.tfvars(.json)` (alphabetical),
 * `--var-file`s in order, `--var`s.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { InputError } from '../../graph/types.js';
import { Unknown } from '../../graph/values.js';
import { parseJsonPositions } from '../common/json-positions.js';
import type { ModuleDir } from './config.js';
import { compileValue, evaluate, HclSyntaxError, parseExpression, references, type EvalIssue, type EvalScope } from './expr/index.js';
import type { Value } from './expr/values.js';
import { parseHcl, readSourceText, relativePath } from './files.js';
import { locate } from './locate.js';
import { declaredType } from './types.js';

const EMPTY_SCOPE: EvalScope = { lookup: () => undefined };

export interface VarFileValues {
  file: string;
  values: Map<string, Value>;
  /** Where each value is written (HCL files), for conversion errors. */
  positions: Map<string, { line: number; column: number }>;
  error?: InputError;
  errors: InputError[];
}

/** Parses each variable file once, however many root modules use it. */
export class VarFileCache {
  /** The files this cache was asked for, in the order asked (what `all()` lists). */
  private readonly cache = new Map<string, Promise<VarFileValues>>();

  constructor(
    private readonly root: string,
    private readonly maxFileBytes: number,
    /** Every read, shared with the views of this cache. */
    private readonly reads = new Map<string, Promise<VarFileValues>>(),
  ) {}

  get(absPath: string): Promise<VarFileValues> {
    let p = this.cache.get(absPath);
    if (!p) {
      p = this.reads.get(absPath);
      if (!p) {
        p = readVarFile(absPath, relativePath(this.root, absPath), this.maxFileBytes);
        this.reads.set(absPath, p);
      }
      this.cache.set(absPath, p);
    }
    return p;
  }

  /**
   * A cache that shares this one's reads but lists only the files asked of
   * it: work done ahead of time (early.ts) reads through a view, so `all()`
   * of this cache keeps the order in which the scan itself asks.
   */
  view(): VarFileCache {
    return new VarFileCache(this.root, this.maxFileBytes, this.reads);
  }

  /** Every variable file read so far (for the output's `files` and `errors`). */
  async all(): Promise<VarFileValues[]> {
    return Promise.all(this.cache.values());
  }
}

async function readVarFile(absPath: string, file: string, maxFileBytes: number): Promise<VarFileValues> {
  const out: VarFileValues = { file, values: new Map(), positions: new Map(), errors: [] };
  const read = await readSourceText(absPath, file, maxFileBytes);
  if ('error' in read) {
    out.error = read.error;
    return out;
  }
  if (absPath.endsWith('.json')) {
    try {
      const json = JSON.parse(read.text) as unknown;
      if (json && typeof json === 'object' && !Array.isArray(json)) {
        for (const [k, v] of Object.entries(json as Record<string, unknown>)) out.values.set(k, jsonValue(v));
        // Key positions, for type conversion errors (the text is valid JSON: parsed above).
        const top = parseJsonPositions(read.text);
        if (top.type === 'map') for (const e of top.entries) out.positions.set(e.key, { line: e.keyPos.line, column: e.keyPos.column });
      } else {
        out.error = { file, kind: 'parse', message: `${file}: a variables file must hold a JSON object` };
      }
    } catch (e) {
      out.error = { file, kind: 'parse', message: `${file}: ${(e as Error).message}` };
    }
    return out;
  }
  const parsed = await parseHcl(read.text, file);
  if ('error' in parsed) {
    out.error = parsed.error;
    return out;
  }
  const positions = locate(read.text).topAttributes;
  for (const [k, raw] of Object.entries(parsed.body)) {
    const pos = positions.get(k);
    const issues: EvalIssue[] = [];
    let v: Value;
    try {
      v = evaluate(compileValue(raw), EMPTY_SCOPE, issues);
    } catch (e) {
      v = new Unknown(`${k} in ${file} could not be read`);
      issues.push({ kind: 'type', message: (e as Error).message });
    }
    for (const issue of issues) {
      out.errors.push({ file, line: pos?.line, column: pos?.column, kind: issue.kind === 'function' ? 'function' : 'eval', message: `${k}: ${issue.message}` });
    }
    out.values.set(k, v);
    if (pos) out.positions.set(k, { line: pos.line, column: pos.column });
  }
  return out;
}

function jsonValue(v: unknown): Value {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(jsonValue);
  if (typeof v === 'object') {
    const o: Record<string, Value> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = jsonValue(x);
    return o;
  }
  return null;
}

/** `terraform.tfvars(.json)` then `*.auto.tfvars(.json)` in the directory, alphabetically. */
export async function autoVarFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of ['terraform.tfvars', 'terraform.tfvars.json']) if (names.includes(n)) out.push(path.join(dir, n));
  const auto = names.filter((n) => n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')).sort();
  for (const n of auto) out.push(path.join(dir, n));
  return out;
}

/**
 * A `--var` value, as Terraform reads it: for a variable of a primitive type
 * (string, number, bool) the text itself, which type conversion then turns
 * into a number or bool (`--var count=3` is 3); for other declared types an
 * HCL expression. Without a type, a text that parses as a constant
 * expression is that value, else the plain string.
 */
export function cliVarValue(text: string, typeRaw: unknown): Value {
  const type = declaredType({ type: typeRaw });
  if (!(type instanceof Error) && (type.kind === 'string' || type.kind === 'number' || type.kind === 'bool')) return text;
  try {
    const expr = parseExpression(text);
    if (references(expr).length) return text;
    const issues: EvalIssue[] = [];
    const v = evaluate(expr, EMPTY_SCOPE, issues);
    if (issues.length || v instanceof Unknown) return text;
    return v;
  } catch (e) {
    if (e instanceof HclSyntaxError) return text;
    return text;
  }
}

export interface RootVarsOptions {
  vars?: Record<string, string>;
  varFiles?: string[];
  /** The environment: `TF_VAR_<name>` sets a declared variable (names are case-sensitive, as on Linux and macOS). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A value given for a variable that no scanned root module declares (Terraform warns: "Value for undeclared variable"). */
export interface UndeclaredVariable {
  name: string;
  /** '--var', or the --var-file (relative to the scan root) with the line of the assignment. */
  file: string;
  line?: number;
  column?: number;
}

/**
 * `--var`s and `--var-file` entries that no root module declares. Several
 * root modules may share one command line, so a name is undeclared only when
 * none of them declares it.
 */
export async function undeclaredVariables(declared: ReadonlySet<string>, options: RootVarsOptions, cache: VarFileCache): Promise<UndeclaredVariable[]> {
  const out: UndeclaredVariable[] = [];
  for (const f of options.varFiles ?? []) {
    const vf = await cache.get(f);
    for (const k of vf.values.keys()) if (!declared.has(k)) out.push({ name: k, file: vf.file, ...vf.positions.get(k) });
  }
  for (const k of Object.keys(options.vars ?? {})) if (!declared.has(k)) out.push({ name: k, file: '--var' });
  return out;
}

/** A value given to a root variable, and where it was given (for a conversion error). */
export interface RootVarValue {
  value: Value;
  origin: { file: string; line?: number; column?: number; label: string };
}

/** Values given to a root module's variables (defaults and type conversion are applied by the evaluator). */
export async function rootVariableValues(dir: ModuleDir, options: RootVarsOptions, cache: VarFileCache): Promise<Map<string, RootVarValue>> {
  const values = new Map<string, RootVarValue>();
  for (const [k, decl] of dir.variables) {
    const text = options.env?.[`TF_VAR_${k}`];
    // Read like --var (Terraform parses both the same way), below every file.
    if (text !== undefined) values.set(k, { value: cliVarValue(text, decl.body.type), origin: { file: `TF_VAR_${k}`, label: `TF_VAR_${k}=${text}` } });
  }
  const files = [...(await autoVarFiles(dir.dir)), ...(options.varFiles ?? [])];
  for (const f of files) {
    const vf = await cache.get(f);
    for (const [k, v] of vf.values) {
      if (dir.variables.has(k)) values.set(k, { value: v, origin: { file: vf.file, ...vf.positions.get(k), label: k } });
    }
  }
  for (const [k, text] of Object.entries(options.vars ?? {})) {
    const decl = dir.variables.get(k);
    if (decl) values.set(k, { value: cliVarValue(text, decl.body.type), origin: { file: '--var', label: `${k}=${text}` } });
  }
  return values;
}
