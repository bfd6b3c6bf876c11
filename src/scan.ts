import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ResilintError } from './errors.js';
import { builtinRules } from '../rules/index.js';
import { applyBaseline, BaselineError, parseBaseline } from './engine/baseline.js';
import { evaluateRules, fingerprint, resourceIdentity } from './engine/evaluate.js';
import { displayPath, gitRevision, sha256File, type Provenance } from './engine/provenance.js';
import type { OrganizationRun, ScanResult, Warning } from './engine/result.js';
import type { Rule } from './engine/rule.js';
import { summarize } from './engine/summary.js';
import { applySuppressions } from './engine/suppress.js';
import { undecidedAccountGaps } from './engine/undecided-tier.js';
import { GraphBuilder, type ResourceGraph } from './graph/graph.js';
import type { CoverageGap, InputError } from './graph/types.js';
import { defaultPolicy } from './policy/defaults.js';
import { loadPolicy } from './policy/load.js';
import type { DependencyModel } from './analysis/dependencies.js';
import { analyzeGraph } from './analysis/index.js';
import type { FailureDomainsResult } from './analysis/failure-types.js';
import type { Policy, TierAssignment } from './policy/types.js';
import { discoverFiles } from './sources/discover.js';
import { readTextFileSync } from './sources/common/read.js';
import { resolveLimits, type InputLimits } from './sources/common/limits.js';
import type { ModuleDownloadOptions } from './sources/terraform/index.js';
import { defaultModuleCacheDir } from './sources/terraform/remote/cache.js';
import type { OrgScanOptions } from './sources/aws/index.js';
import { builtinSources, sourceProblems } from './sources/registry.js';
import type { Source, SourceOutput } from './sources/types.js';
import { VERSION } from './util/package.js';
import { appendAll } from './util/array.js';
import { ruleSet } from './plugins/rules.js';
import { glob } from './policy/tiers.js';
import type { AnyResource } from './graph/types.js';

export interface ScanOptions {
  /** Files or directories to scan (may be empty when `organization` is given). */
  paths: string[];
  /**
   * The live AWS Organization (`resilint scan --org`): accounts, OUs and tags
   * from Organizations, then ECS, RDS and the network of every selected
   * account × Region. The AWS SDK is loaded only when this is given.
   */
  organization?: OrgScanOptions;
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
  /** CloudFormation parameters (`--cfn-param Key=Value`), over template defaults and parameter files. */
  cfnParameters?: Record<string, string>;
  /** CloudFormation parameter files (CLI-style `[{ParameterKey, ParameterValue}]` or `{Key: Value}`). */
  cfnParameterFiles?: string[];
  /** Region for `AWS::Region` in templates and of Terraform aws providers that set none; unknown when absent. */
  region?: string;
  /** Account id for `AWS::AccountId` in templates; unknown when absent. */
  accountId?: string;
  /** Baseline file: failing results listed there are marked 'unchanged', others 'new'. */
  baselineFile?: string;
  /**
   * `--download-external-modules`: download remote Terraform modules that
   * `terraform init` has not installed (registry, git, http archives) into a
   * cache and scan them. Absent: such modules are not assessed.
   */
  downloadModules?: ModuleDownloadOptions;
  /** Worker threads for parsing Terraform (0 = main thread only). Default: one per core for large inputs. */
  parseWorkers?: number;
  /**
   * File sources (input formats) to run, in order; default: `builtinSources`
   * (Terraform, plan JSON, CloudFormation). A registered source's options go
   * in `sourceOptions[<its name>]`.
   */
  sources?: readonly Source[];
  /** Options of registered sources, by source name. */
  sourceOptions?: Readonly<Record<string, unknown>>;
  /** Rules to run; default: every built-in rule. The policy's plugins and declarative rules are added to them. */
  rules?: readonly Rule[];
  /** Input limits over the policy's `limits:` and the defaults (docs/limits.md). */
  limits?: Partial<InputLimits>;
  /** More rule plugins (`--plugin`): package names or paths relative to the current directory. */
  plugins?: string[];
  /** Clock, for reproducible reports in tests. */
  now?: () => Date;
  /**
   * Environment whose `TF_VAR_<name>` variables set Terraform root variables
   * as Terraform reads them (below tfvars files and --var). The CLI passes the
   * process environment; the library reads none unless given.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Error in the scan request itself (a path that does not exist): the CLI exits 2. */
export class ScanUsageError extends ResilintError {
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

/** Everything before the rules: the graph, its dependencies and every resource's effective tier. */
export interface Analysis {
  startedAt: string;
  root: string;
  policy: Policy;
  graph: ResourceGraph;
  dependencies: DependencyModel;
  /** Effective tier of every resource (own, or inherited along hard dependencies). */
  tiers: Map<string, TierAssignment>;
  /** What losing each AZ and Region does to each workload (the failure simulation). */
  failures: FailureDomainsResult;
  outputs: SourceOutput[];
  errors: InputError[];
  warnings: Warning[];
  coverage: CoverageGap[];
  organization?: OrganizationRun;
}

/** Library entry: sources → graph → analysis (dependencies, tiers) → rules → result. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const now = options.now ?? (() => new Date());
  // Plugins and the baseline are read before any source, so that a bad one fails before a long scan.
  const a = await analyze(options, async (policy, root) => ({
    // Started now: the git processes run while the sources parse.
    revision: gitRevision(root),
    rules: await ruleSet(policy, { base: options.rules ?? builtinRules, plugins: options.plugins }),
    baseline: options.baselineFile ? parseBaseline(await readBaseline(options.baselineFile), options.baselineFile) : undefined,
  }));
  const { graph, policy, tiers, failures, warnings, coverage, outputs, organization, root } = a;
  const { rules: rulesToRun, baseline, revision } = a.baseline!;
  // A malformed inline suppression (no rule id, a bad until= date) is a mistake in a comment, not unreadable
  // input: the suppression does not apply (the result counts) and a located warning says why.
  const errors = a.errors.filter((e) => e.kind !== 'suppression');
  for (const e of a.errors) {
    if (e.kind === 'suppression') warnings.push({ code: 'suppression-invalid', message: `${e.message}; the suppression does not apply`, file: e.file, ...(e.line ? { line: e.line } : {}), ...(e.column ? { column: e.column } : {}) });
  }
  warnings.push(...unknownInlineRules(graph.resources(), rulesToRun));
  const { findings, rules, errors: ruleErrors } = evaluateRules({ graph, policy, rules: rulesToRun, tiers, failures });
  errors.push(...ruleErrors);
  warnings.push(...applySuppressions(findings, {
    graph,
    policySuppressions: policy.suppressions,
    policySource: policy.source,
    today: a.startedAt.slice(0, 10),
  }));
  for (const id of Object.keys(policy.rules)) {
    if (!rulesToRun.some((r) => r.id === id)) warnings.push({ code: 'unknown-rule', message: `${policy.source}: rules.${id} names no rule`, file: policy.source });
  }
  const git = await revision;
  // Baseline identity: IaC resources by their repository-relative path (else relative to the scan root), so that
  // `scan infra/` and `cd infra && scan .` agree; the old, scan-root-relative fingerprint still matches old baselines.
  const legacy = new Map<string, string>();
  if (git && git.root !== '.') {
    for (const f of findings) {
      const r = graph.get(f.resource.id);
      if (!r || r.provenance.arn) continue;
      const id = rebaseId(r, git.root);
      if (id === r.id) continue;
      const old = f.fingerprint;
      f.fingerprint = fingerprint(f.ruleId, id);
      legacy.set(f.fingerprint, old);
    }
  }
  if (baseline) applyBaseline(findings, baseline, (f) => legacy.get(f.fingerprint));

  // A source's message may quote a path it read (an unreadable file, a module directory): never the absolute root.
  const unroot = (text: string): string => text.split(root + sep).join('').split(root).join('.');
  for (const x of [...errors, ...warnings, ...coverage]) x.message = unroot(x.message);
  const files = outputs.flatMap((o) => o.files).sort();
  const provenance: Provenance = {
    tool: { name: 'resilint', version: VERSION, node: process.version },
    ...(git ? { git: { ...(git.commit ? { commit: git.commit } : {}), dirty: git.dirty, root: git.root } } : {}),
    inputs: await Promise.all([...new Set(files)].map(async (file) => ({ file, ...withHash(await sha256File(resolve(root, file))) }))),
    policy: options.policyFile && !options.policy ? { file: policy.source, ...withHash(await sha256File(options.policyFile)) } : options.policy ? { file: policy.source } : { builtin: true },
    ...(options.baselineFile && baseline
      ? { baseline: { file: shownPath(root, options.baselineFile), ...withHash(await sha256File(options.baselineFile)), entries: baseline.results.length } }
      : {}),
    tiers: structuredClone(policy.tiers),
  };

  return {
    schemaVersion: '1.0',
    tool: { name: 'resilint', version: VERSION },
    startedAt: a.startedAt,
    finishedAt: now().toISOString(),
    targets: [...options.paths.map((p) => shownPath(root, p)), ...(organization ? ['aws-organization'] : [])],
    // Repository-relative where a repository is found: no absolute local path in any report.
    root: git ? git.root : '.',
    ...(organization ? { organization } : {}),
    sources: [...new Set(outputs.filter((o) => o.files.length > 0 || o.resources.length > 0).map((o) => o.source))],
    files,
    policy: { source: policy.source, defaultTier: policy.defaultTier, tiers: Object.keys(policy.tiers) },
    provenance,
    rules,
    findings: sortFindings(findings),
    errors: errors.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0)),
    coverage,
    warnings,
    summary: summarize(graph, findings, errors, coverage),
    failureDomains: failures,
  };
}

function withHash(sha256: string | undefined): { sha256?: string } {
  return sha256 ? { sha256 } : {};
}

/**
 * A resource's identity with its scan-root-relative path (`<dir>:<address>`
 * for Terraform and plans, `<template>#<address>` for CloudFormation) made
 * relative to the repository instead: `prefix` is the scan root's path in it.
 */
export function rebaseId(r: Pick<AnyResource, 'id' | 'provenance'>, prefix: string): string {
  const id = resourceIdentity(r as AnyResource);
  const source = r.provenance.source;
  if (prefix === '.' || (source !== 'cloudformation' && source !== 'terraform' && source !== 'terraform-plan')) return id;
  // Terraform and plan ids of the scan root's own module are the bare address (addresses have no ':' before a '[').
  const head = id.split('[')[0];
  if (source !== 'cloudformation' && !head.includes(':')) return `${prefix}:${id}`;
  return `${prefix}/${id}`;
}

/** Inline suppressions naming a rule that does not exist (a typo suppresses nothing): one located warning each. */
function unknownInlineRules(resources: Iterable<AnyResource>, rules: readonly { id: string }[]): Warning[] {
  const out: Warning[] = [];
  const seen = new Set<string>();
  for (const r of resources) {
    for (const s of r.inlineSuppressions ?? []) {
      const match = glob(s.ruleId);
      if (rules.some((rule) => match(rule.id))) continue;
      const at = s.location ? `${s.location.file}:${s.location.line}:${s.location.column}` : r.address;
      if (seen.has(`${at}\u0000${s.ruleId}`)) continue;
      seen.add(`${at}\u0000${s.ruleId}`);
      out.push({
        code: 'unknown-rule',
        message: `${at}: resilint:ignore names no rule '${s.ruleId}' (see resilint rules); it suppresses nothing`,
        ...(s.location ? { file: s.location.file, line: s.location.line, column: s.location.column } : {}),
      });
    }
  }
  return out;
}

/**
 * Sources → graph → dependencies → effective tiers, without rules (what
 * `resilint graph` shows). `afterPolicy` runs once the policy is loaded and
 * before any source is read (the scan reads its baseline there, so that a bad
 * baseline fails before a long scan).
 */
export async function analyze<B = undefined>(options: ScanOptions, afterPolicy?: (policy: Policy, root: string) => Promise<B>): Promise<Analysis & { baseline?: B }> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  if (options.paths.length === 0 && !options.organization) throw new ScanUsageError('no path to scan (give paths, or --org for the live AWS Organization)');
  const paths = options.paths.map((p) => resolve(p));
  for (const p of paths) {
    try {
      await stat(p);
    } catch {
      throw new ScanUsageError(`path not found: ${options.paths[paths.indexOf(p)]}`);
    }
  }
  await requireFiles('--var-file', options.varFiles);
  await requireFiles('--cfn-param-file', options.cfnParameterFiles);
  const root = options.root ? resolve(options.root) : paths.length ? await defaultRoot(paths) : process.cwd();
  // Shown relative to the root: reports never carry an absolute local path.
  const policy = options.policy ?? (options.policyFile ? await loadPolicy(options.policyFile, shownPath(root, options.policyFile)) : defaultPolicy());
  const baseline = afterPolicy ? await afterPolicy(policy, root) : undefined;
  const limits = resolveLimits({ ...policy.limits, ...options.limits });
  const sources = options.sources ?? builtinSources;
  const problems = sourceProblems(sources);
  if (problems.length) throw new ScanUsageError(problems.join('; '));
  // One walk for every source: a file is discovered when some source accepts it; contents are each source's business.
  const discovery = await discoverFiles(paths, root, (file) => sources.some((s) => s.accepts(file)));
  // A module cache inside the scanned tree holds downloaded modules, not inputs of their own.
  const cacheDir = options.downloadModules ? resolve(options.downloadModules.cacheDir ?? defaultModuleCacheDir(options.downloadModules.env)) : undefined;
  const inputs = cacheDir ? discovery.files.filter((f) => !isInside(f, cacheDir)) : discovery.files;
  const sourceOptions = {
    vars: options.vars,
    varFiles: options.varFiles?.map((f) => resolve(f)),
    env: options.env,
    parseWorkers: options.parseWorkers,
    downloadModules: options.downloadModules,
    cfnParameters: options.cfnParameters,
    cfnParameterFiles: options.cfnParameterFiles?.map((f) => resolve(f)),
    region: options.region,
    accountId: options.accountId,
    sourceOptions: options.sourceOptions,
  };
  const outputs: SourceOutput[] = [];
  for (const source of sources) {
    const files = inputs.filter((f) => source.accepts(f));
    outputs.push(await source.scan({ root, paths, files, limits, availabilityZones: policy.availabilityZones, options: sourceOptions }));
  }
  const usageProblems = outputs.flatMap((o) => o.usageProblems ?? []);
  if (usageProblems.length) {
    const [first, ...more] = usageProblems;
    throw new ScanUsageError(more.length ? `${first} (and ${more.length} more)` : first);
  }
  const noInput = noInputErrors(options.paths, paths, root, outputs, discovery.errors, sources);
  let organization: OrganizationRun | undefined;
  if (options.organization) {
    // Loaded here so that IaC scans never pay for the AWS SDK.
    const { scanOrganizationDetailed } = await import('./sources/aws/index.js');
    const d = await scanOrganizationDetailed(options.organization);
    outputs.push(d.output);
    organization = {
      source: options.organization.source ?? 'api',
      callerAccountId: d.callerAccountId,
      regions: options.organization.regions ? [...new Set(options.organization.regions)] : d.regionsScanned,
      accountsSelected: d.accountsSelected,
      accountsNotAssessed: d.accountsNotAssessed,
      units: d.units,
      apiCalls: d.stats.calls,
      retries: d.stats.retries,
      durationMs: d.durationMs,
    };
  }

  const builder = new GraphBuilder();
  const errors: InputError[] = [...discovery.errors];
  const warnings: Warning[] = [];
  for (const out of outputs) {
    const shadowed = new Set<string>();
    for (const r of out.resources) if (!builder.addResource(r)) shadowed.add(r.provenance.location?.file ?? r.id);
    for (const e of out.edges) builder.addEdge(e);
    appendAll(errors, out.errors);
    appendAll(warnings, out.warnings ?? []);
    for (const file of shadowed) {
      warnings.push({ code: 'duplicate-resource', message: `${file}: resources already read from another source with the same address were kept from that source`, file });
    }
  }
  appendAll(errors, noInput);
  const graph: ResourceGraph = builder.build();
  const coverage = outputs.flatMap((o) => o.coverage);
  // Analysis: what depends on what, then each resource's tier raised to that of its hard dependents.
  const { dependencies, tiers, failures } = analyzeGraph(graph, policy);
  coverage.push(...undecidedAccountGaps(graph, tiers, coverage));
  appendAll(warnings, dependencies.warnings);
  return { startedAt, root, policy, graph, dependencies, tiers, failures, outputs, errors, warnings, coverage, ...(organization ? { organization } : {}), ...(baseline !== undefined ? { baseline } : {}) };
}

/**
 * A path given to scan in which no source found anything it reads (nor any
 * error) is an input error: "0 files" must never pass the gate in silence.
 */
function noInputErrors(given: string[], paths: string[], root: string, outputs: SourceOutput[], discoveryErrors: InputError[], sources: readonly Source[]): InputError[] {
  const seen = [...outputs.flatMap((o) => o.files), ...outputs.flatMap((o) => o.errors.map((e) => e.file)), ...discoveryErrors.map((e) => e.file)].map((f) => resolve(root, f));
  const kinds = sources.map((s) => s.reads);
  const wanted = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}` : (kinds[0] ?? 'input of a registered source');
  const out: InputError[] = [];
  paths.forEach((p, k) => {
    if (seen.some((f) => isInside(f, p))) return;
    const rel = relative(root, p).split(sep).join('/') || '.';
    out.push({ file: rel, line: 1, column: 1, kind: 'no-input', message: `${given[k]}: nothing resilint reads was found (no ${wanted})` });
  });
  return out;
}

/**
 * A file named on the command line, as reports show it: relative to the root when inside it, else as given
 * when given relative, else its base name (its SHA-256 in the provenance identifies it).
 */
export function shownPath(root: string, file: string): string {
  if (isInside(resolve(file), root)) return displayPath(root, file);
  return isAbsolute(file) ? basename(file) : file.split(sep).join('/');
}

/** Files a flag names must exist and be regular files (a missing one is a mistake in the command: exit 2). */
async function requireFiles(flag: string, files: readonly string[] | undefined): Promise<void> {
  for (const f of files ?? []) {
    let st;
    try {
      st = await stat(f);
    } catch {
      throw new ScanUsageError(`${flag} ${f}: file not found`);
    }
    if (!st.isFile()) throw new ScanUsageError(`${flag} ${f}: ${st.isFIFO() ? 'a FIFO' : st.isDirectory() ? 'a directory' : 'a special file'}, not a regular file`);
  }
}

async function readBaseline(file: string): Promise<string> {
  const r = readTextFileSync(file, file);
  if ('error' in r) throw new BaselineError(`${r.error.message.startsWith(file) ? '' : `${file}: `}${r.error.message} (baseline)`);
  return r.text;
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
