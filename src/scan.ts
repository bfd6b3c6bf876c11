import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { applyBaseline, BaselineError, parseBaseline } from './engine/baseline.js';
import { evaluateRules } from './engine/evaluate.js';
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
import { scanCloudFormation } from './sources/cloudformation/index.js';
import { discoverFiles } from './sources/discover.js';
import { scanTerraformPlan } from './sources/plan/index.js';
import { scanTerraform, type ModuleDownloadOptions } from './sources/terraform/index.js';
import { defaultModuleCacheDir } from './sources/terraform/remote/cache.js';
import type { OrgScanOptions } from './sources/aws/index.js';
import type { SourceOutput } from './sources/types.js';
import { VERSION } from './util/package.js';

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
  /** Rules to run; default: every built-in rule. */
  rules?: readonly Rule[];
  /** Clock, for reproducible reports in tests. */
  now?: () => Date;
}

/** Files any source may read: Terraform, plan JSON, CloudFormation templates. */
const INPUT_FILE = /\.(tf|json|ya?ml|template)$/i;

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
  const a = await analyze(options, async () => (options.baselineFile ? parseBaseline(await readBaseline(options.baselineFile), options.baselineFile) : undefined));
  const { graph, policy, tiers, failures, warnings, errors, coverage, outputs, organization, root } = a;
  const baseline = a.baseline;
  const ruleSet = options.rules ?? builtinRules;
  const { findings, rules } = evaluateRules({ graph, policy, rules: ruleSet, tiers, failures });
  warnings.push(...applySuppressions(findings, {
    graph,
    policySuppressions: policy.suppressions,
    policySource: policy.source,
    today: a.startedAt.slice(0, 10),
  }));
  for (const id of Object.keys(policy.rules)) {
    if (!ruleSet.some((r) => r.id === id)) warnings.push({ code: 'unknown-rule', message: `${policy.source}: rules.${id} names no rule`, file: policy.source });
  }
  if (baseline) applyBaseline(findings, baseline);

  return {
    schemaVersion: '1.0',
    tool: { name: 'resilint', version: VERSION },
    startedAt: a.startedAt,
    finishedAt: now().toISOString(),
    targets: organization ? [...options.paths, 'aws-organization'] : options.paths,
    root,
    ...(organization ? { organization } : {}),
    sources: [...new Set(outputs.filter((o) => o.files.length > 0 || o.resources.length > 0).map((o) => o.source))],
    files: outputs.flatMap((o) => o.files).sort(),
    policy: { source: policy.source, defaultTier: policy.defaultTier, tiers: Object.keys(policy.tiers) },
    rules,
    findings: sortFindings(findings),
    errors: errors.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0)),
    coverage,
    warnings,
    summary: summarize(graph, findings, errors, coverage),
    failureDomains: failures,
  };
}

/**
 * Sources → graph → dependencies → effective tiers, without rules (what
 * `resilint graph` shows). `afterPolicy` runs once the policy is loaded and
 * before any source is read (the scan reads its baseline there, so that a bad
 * baseline fails before a long scan).
 */
export async function analyze<B = undefined>(options: ScanOptions, afterPolicy?: () => Promise<B>): Promise<Analysis & { baseline?: B }> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  if (options.paths.length === 0 && !options.organization) throw new ScanUsageError('no path to scan (give paths, or --org for the live AWS Organization)');
  const paths = options.paths.map((p) => resolve(p));
  for (const p of paths) {
    try {
      await stat(p);
    } catch {
      throw new ScanUsageError(`path not found: ${p}`);
    }
  }
  const root = options.root ? resolve(options.root) : paths.length ? await defaultRoot(paths) : process.cwd();
  const policy = options.policy ?? (options.policyFile ? await loadPolicy(options.policyFile) : defaultPolicy());
  const baseline = afterPolicy ? await afterPolicy() : undefined;
  // One walk for every source; templates and plans are recognised by content.
  const discovery = await discoverFiles(paths, root, (name) => INPUT_FILE.test(name));
  // A module cache inside the scanned tree holds downloaded modules, not inputs of their own.
  const cacheDir = options.downloadModules ? resolve(options.downloadModules.cacheDir ?? defaultModuleCacheDir(options.downloadModules.env)) : undefined;
  const inputs = cacheDir ? discovery.files.filter((f) => !isInside(f, cacheDir)) : discovery.files;
  const tfFiles = inputs.filter((f) => f.endsWith('.tf'));
  const dataFiles = inputs.filter((f) => !f.endsWith('.tf'));
  const outputs: SourceOutput[] = [
    await scanTerraform({
      root,
      paths,
      files: tfFiles,
      vars: options.vars,
      varFiles: options.varFiles?.map((f) => resolve(f)),
      parseWorkers: options.parseWorkers,
      downloadModules: options.downloadModules,
      region: options.region,
      availabilityZones: policy.availabilityZones,
    }),
    await scanTerraformPlan({ root, files: dataFiles.filter((f) => f.endsWith('.json')) }),
    await scanCloudFormation({
      root,
      files: dataFiles,
      parameters: options.cfnParameters,
      parameterFiles: options.cfnParameterFiles?.map((f) => resolve(f)),
      region: options.region,
      accountId: options.accountId,
      availabilityZones: policy.availabilityZones,
    }),
  ];
  let organization: OrganizationRun | undefined;
  if (options.organization) {
    // Loaded here so that IaC scans never pay for the AWS SDK.
    const { scanOrganizationDetailed } = await import('./sources/aws/index.js');
    const d = await scanOrganizationDetailed(options.organization);
    outputs.push(d.output);
    organization = {
      source: options.organization.source ?? 'api',
      callerAccountId: d.callerAccountId,
      regions: [...new Set(options.organization.regions)],
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
    errors.push(...out.errors);
    for (const file of shadowed) {
      warnings.push({ code: 'duplicate-resource', message: `${file}: resources already read from another source with the same address were kept from that source`, file });
    }
  }
  const graph: ResourceGraph = builder.build();
  const coverage = outputs.flatMap((o) => o.coverage);
  // Analysis: what depends on what, then each resource's tier raised to that of its hard dependents.
  const { dependencies, tiers, failures } = analyzeGraph(graph, policy);
  coverage.push(...undecidedAccountGaps(graph, tiers, coverage));
  warnings.push(...dependencies.warnings);
  return { startedAt, root, policy, graph, dependencies, tiers, failures, outputs, errors, warnings, coverage, ...(organization ? { organization } : {}), ...(baseline !== undefined ? { baseline } : {}) };
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
