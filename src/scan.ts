import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { applyBaseline, BaselineError, parseBaseline } from './engine/baseline.js';
import { evaluateRules } from './engine/evaluate.js';
import type { ScanResult } from './engine/result.js';
import type { Rule } from './engine/rule.js';
import { summarize } from './engine/summary.js';
import { applySuppressions } from './engine/suppress.js';
import { GraphBuilder, type ResourceGraph } from './graph/graph.js';
import type { InputError } from './graph/types.js';
import { defaultPolicy } from './policy/defaults.js';
import { loadPolicy } from './policy/load.js';
import { assignTiers } from './policy/tiers.js';
import type { Policy } from './policy/types.js';
import { scanTerraform } from './sources/terraform/index.js';
import type { SourceOutput } from './sources/types.js';
import { VERSION } from './util/package.js';

export interface ScanOptions {
  /** Files or directories to scan. */
  paths: string[];
  /**
   * Directory every reported location is relative to. Default: the current
   * directory when every path is inside it (so SARIF paths are
   * repository-relative in CI), else the paths' common parent.
   */
  root?: string;
  /** Policy file (YAML/JSON); ignored when `policy` is given. */
  policyFile?: string;
  policy?: Policy;
  /** Terraform `-var k=v`. */
  vars?: Record<string, string>;
  /** Terraform `-var-file`. */
  varFiles?: string[];
  /** Baseline file: failing results listed there are marked 'unchanged', others 'new'. */
  baselineFile?: string;
  /** Worker threads for parsing Terraform (0 = main thread only). Default: one per core for large inputs. */
  parseWorkers?: number;
  /** Rules to run; default: every built-in rule. */
  rules?: readonly Rule[];
  /** Clock, for reproducible reports in tests. */
  now?: () => Date;
}

/** Error in the scan request itself (a path that does not exist): the CLI exits 2. */
export class ScanUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScanUsageError';
  }
}

function commonParent(paths: string[]): string {
  let common = paths[0];
  for (const p of paths.slice(1)) {
    while (p !== common && !p.startsWith(common.endsWith(sep) ? common : common + sep)) common = dirname(common);
  }
  return common;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function defaultRoot(paths: string[]): Promise<string> {
  const cwd = process.cwd();
  if (paths.every((p) => isInside(p, cwd))) return cwd;
  const dirs = await Promise.all(paths.map(async (p) => ((await stat(p)).isDirectory() ? p : dirname(p))));
  return commonParent(dirs);
}

/** Library entry: sources → graph → tiers → rules → result. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  if (options.paths.length === 0) throw new ScanUsageError('no path to scan');
  const paths = options.paths.map((p) => resolve(p));
  for (const p of paths) {
    try {
      await stat(p);
    } catch {
      throw new ScanUsageError(`path not found: ${p}`);
    }
  }
  const root = options.root ? resolve(options.root) : await defaultRoot(paths);
  const policy = options.policy ?? (options.policyFile ? await loadPolicy(options.policyFile) : defaultPolicy());
  const baseline = options.baselineFile ? parseBaseline(await readBaseline(options.baselineFile), options.baselineFile) : undefined;

  const outputs: SourceOutput[] = [
    await scanTerraform({
      root,
      paths,
      vars: options.vars,
      varFiles: options.varFiles?.map((f) => resolve(f)),
      parseWorkers: options.parseWorkers,
    }),
  ];

  const builder = new GraphBuilder();
  const errors: InputError[] = [];
  for (const out of outputs) {
    for (const r of out.resources) builder.addResource(r);
    for (const e of out.edges) builder.addEdge(e);
    errors.push(...out.errors);
  }
  const graph: ResourceGraph = builder.build();
  const coverage = outputs.flatMap((o) => o.coverage);
  const tiers = assignTiers(graph, policy);
  const ruleSet = options.rules ?? builtinRules;
  const { findings, rules } = evaluateRules({ graph, policy, rules: ruleSet, tiers });
  const warnings = applySuppressions(findings, {
    graph,
    policySuppressions: policy.suppressions,
    policySource: policy.source,
    today: startedAt.slice(0, 10),
  });
  for (const id of Object.keys(policy.rules)) {
    if (!ruleSet.some((r) => r.id === id)) warnings.push({ code: 'unknown-rule', message: `${policy.source}: rules.${id} names no rule`, file: policy.source });
  }
  if (baseline) applyBaseline(findings, baseline);

  return {
    schemaVersion: '1.0',
    tool: { name: 'resilint', version: VERSION },
    startedAt,
    finishedAt: now().toISOString(),
    targets: options.paths,
    root,
    sources: [...new Set(outputs.filter((o) => o.files.length > 0 || o.resources.length > 0).map((o) => o.source))],
    files: outputs.flatMap((o) => o.files).sort(),
    policy: { source: policy.source, defaultTier: policy.defaultTier, tiers: Object.keys(policy.tiers) },
    rules,
    findings: sortFindings(findings),
    errors: errors.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0)),
    coverage,
    warnings,
    summary: summarize(graph, findings, errors, coverage),
  };
}

async function readBaseline(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`${file}: cannot read baseline (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Deterministic order: by file, line, rule. Live results (no file) by ARN. */
function sortFindings<T extends { ruleId: string; resource: { id: string }; location?: { file: string; line: number } }>(findings: T[]): T[] {
  return findings.sort(
    (a, b) =>
      (a.location?.file ?? '\uffff').localeCompare(b.location?.file ?? '\uffff') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      a.resource.id.localeCompare(b.resource.id) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
