import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { FORMATS, isFormat, renderReport, REPORTERS, type Format } from '../../reporters/index.js';
import { renderJsonChunks } from '../../reporters/json.js';
import { builtinRegistries } from '../registries.js';
import { bugLocation, EXIT_BUG, EXIT_USAGE, errorLine, ResilintError } from '../errors.js';
import type { ScanResult } from '../engine/result.js';
import { SEVERITIES, type Severity } from '../policy/types.js';
import { scan, type ScanOptions } from '../scan.js';
import { analyze } from '../scan.js';
import { graphView } from '../analysis/graph-view.js';
import { findDomain, renderWhatIf, whatIf } from './what-if.js';
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from '../../reporters/graph.js';
import { iamPolicies } from '../sources/aws/actions.js';
import type { OrgScanOptions } from '../sources/aws/index.js';
import type { ProgressRenderer } from '../sources/aws/progress.js';
import { createBaseline } from '../engine/baseline.js';
import { gateOutcome } from '../engine/gate.js';
import { BUGS_URL, VERSION } from '../util/package.js';
import { escapeControl } from '../util/text.js';
import type { Warning } from '../engine/result.js';
import { parseShard, type Shard } from '../sources/aws/shard.js';
import { addReportCommands } from './report-commands.js';
import { renderRules, rulesOf, type RulesFlags } from './rules-command.js';
import { OutputPathError, prepareOutput, writeReport } from './output.js';
import { addModuleOptions, moduleDownloadOptions, normalizeModuleArgv, type ModuleFlags } from './module-options.js';

/** Exit codes (README, "Exit codes"); 70 is a bug in resilint (main.ts). */
export const EXIT = { clean: 0, failures: 1, usage: EXIT_USAGE, incomplete: 3, bug: EXIT_BUG } as const;

/** What the CLI touches of the process, so tests can run it in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** ANSI colours for text output on stdout. */
  color: boolean;
  cwd?: string;
  /** Where `--org` progress goes: a bar when it is a terminal, else plain lines. Default: plain lines on `stderr`. */
  progress?: { stream: NodeJS.WritableStream; isTTY: boolean };
}

class UsageError extends ResilintError {}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parseVars(list: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects NAME=VALUE, got '${item}'`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function parseFormats(value: string): Format[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--format needs at least one format');
  for (const n of names) if (!isFormat(n)) throw new UsageError(`unknown format '${n}' (available: ${FORMATS.join(', ')})`);
  return [...new Set(names)] as Format[];
}

/**
 * 3 when the scan is incomplete; else 1 when a failing result (with
 * `failOnUnknown`, also an unknown one) that is neither suppressed nor
 * baselined is at or above the threshold; else 0.
 */
export function exitCodeFor(result: ScanResult, failOn: Severity | 'none', failOnUnknown = false): number {
  return gateOutcome(result, { failOn, failOnUnknown }).exitCode;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

interface ScanFlags extends ModuleFlags {
  format: Format[];
  output?: string;
  policy?: string;
  var: string[];
  varFile: string[];
  cfnParam: string[];
  cfnParamFile: string[];
  plugin: string[];
  region?: string;
  failOn: Severity | 'none';
  failOnUnknown?: boolean;
  root?: string;
  baseline?: string;
  verbose?: boolean;
  quiet?: boolean;
  // --org and its options
  org?: boolean;
  roleName?: string;
  externalId?: string;
  sessionName?: string;
  duration?: number;
  regions?: string[];
  accounts?: string[];
  ou?: string[];
  accountTag: string[];
  excludeAccounts?: string[];
  concurrency?: number;
  profile?: string;
  source?: 'api' | 'config';
  configAggregator?: string;
  configRegion?: string;
  accountTags?: boolean;
  shard?: Shard;
  requestTimeout?: number;
  maxAttempts?: number;
  regionTimeouts?: number;
}

function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseShardFlag(value: string): Shard {
  const s = parseShard(value);
  if (typeof s === 'string') throw new UsageError(s);
  return s;
}

function parsePositiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} expects a positive whole number, got '${value}'`);
    return n;
  };
}

/** Options every command that scans shares. */
function addInputOptions(cmd: Command): Command {
  cmd
    .argument('[paths...]', 'files or directories to scan (Terraform, plan JSON, CloudFormation)')
    .option('-p, --policy <file>', 'policy file (YAML or JSON)')
    .option('--plugin <module>', "rule plugin: a package name or a path relative to the current directory, added to the policy's plugins (repeatable)", collect, [])
    .option('--var <name=value>', 'Terraform variable (repeatable)', collect, [])
    .option('--var-file <file>', 'Terraform variables file (repeatable)', collect, [])
    .option('--cfn-param <key=value>', 'CloudFormation parameter (repeatable)', collect, [])
    .option('--cfn-param-file <file>', 'CloudFormation parameters file (repeatable)', collect, [])
    .option('--region <region>', 'AWS Region for AWS::Region in templates and for Terraform aws providers that set none; AZ lists then resolve to its AZ names (default: unknown)')
    .option('--root <dir>', 'directory that reported file paths are relative to (default: the current directory)');
  addOrgOptions(cmd);
  cmd.optionsGroup('Remote module options:');
  addModuleOptions(cmd);
  return cmd.optionsGroup('Options:');
}

const ORG_ONLY: (keyof ScanFlags)[] = ['roleName', 'externalId', 'sessionName', 'duration', 'regions', 'accounts', 'ou', 'excludeAccounts', 'concurrency', 'profile', 'source', 'configAggregator', 'configRegion', 'requestTimeout', 'maxAttempts', 'regionTimeouts'];

/** `--org`: the live AWS Organization, read-only (README, "Nightly org-wide audit"). */
function addOrgOptions(cmd: Command): Command {
  // Every option after this heading is listed under it in --help, apart from the file/IaC options.
  cmd.optionsGroup('AWS Organization options (live scan, read-only):');
  return cmd
    .option('--org', 'scan the live AWS Organization: every selected account × Region, read-only')
    .option('--regions <list>', 'with --org: Regions to scan, comma-separated (default: every Region enabled for each account; those not enabled are reported)', parseList)
    .option('--role-name <name>', 'with --org: role assumed in every member account (default: OrganizationAccountAccessRole)')
    .option('--external-id <id>', 'with --org: ExternalId for AssumeRole')
    .option('--session-name <name>', 'with --org: role session name, seen in CloudTrail (default: resilint)')
    .option('--duration <seconds>', 'with --org: AssumeRole session duration, 900–43200 (default: 3600; refreshed before expiry)', parsePositiveInt('--duration'))
    .option('--accounts <list>', 'with --org: account ids or name globs to scan (default: all)', parseList)
    .option('--ou <list>', 'with --org: OU ids or names; accounts anywhere below them', parseList)
    .option('--account-tag <key=value>', 'with --org: account tag filter, value may be a glob (repeatable; same key: any of, different keys: all of)', collect, [])
    .option('--exclude-accounts <list>', 'with --org: account ids or name globs to leave out', parseList)
    .option('--concurrency <n>', 'with --org: AWS requests in flight at once (default: 8)', parsePositiveInt('--concurrency'))
    .option('--profile <name>', "with --org: the caller's AWS profile (default: the SDK's credential chain)")
    .addOption(new Option('--source <source>', "with --org: 'api' assumes a role in every account; 'config' reads one AWS Config aggregator").choices(['api', 'config']))
    .option('--config-aggregator <name>', 'with --source config: the aggregator name')
    .option('--config-region <region>', 'with --source config: the aggregator Region (default: AWS_REGION)')
    .option('--no-account-tags', 'with --org: do not read account tags (one Organizations call per account)')
    .option('--request-timeout <seconds>', 'with --org: deadline of one AWS request attempt (default: 20)', parsePositiveInt('--request-timeout'))
    .option('--max-attempts <n>', 'with --org: attempts per AWS call, retries included (default: 5)', parsePositiveInt('--max-attempts'))
    .option('--region-timeouts <n>', 'with --org: after n timed-out requests in a row, stop that account × Region; after n such in a Region, stop the Region; stopped ones are reported not assessed (default: 3)', parsePositiveInt('--region-timeouts'))
    .option('--shard <K/N>', 'with --org: scan only shard K of N (a stable partition by account id); combine the reports with `resilint merge`', parseShardFlag);
}

function orgOptions(flags: ScanFlags, onProgress: OrgScanOptions['onProgress']): OrgScanOptions | undefined {
  if (!flags.org) {
    const stray = ORG_ONLY.filter((k) => flags[k] !== undefined);
    if (flags.accountTag.length) stray.push('accountTag');
    if (stray.length) throw new UsageError(`${stray.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} ${stray.length === 1 ? 'needs' : 'need'} --org`);
    return undefined;
  }
  // No --regions: every Region enabled for each account (src/sources/aws/regions.ts).
  if (flags.regions?.length === 0) throw new UsageError('--regions needs at least one Region (leave it out to scan every Region enabled for each account)');
  return {
    regions: flags.regions,
    roleName: flags.roleName,
    externalId: flags.externalId,
    sessionName: flags.sessionName,
    durationSeconds: flags.duration,
    accounts: flags.accounts,
    ou: flags.ou,
    accountTags: flags.accountTag.length ? flags.accountTag : undefined,
    excludeAccounts: flags.excludeAccounts,
    concurrency: flags.concurrency,
    profile: flags.profile,
    source: flags.source,
    configAggregator: flags.configAggregator,
    configRegion: flags.configRegion,
    fetchAccountTags: flags.accountTags,
    requestTimeoutMs: flags.requestTimeout !== undefined ? flags.requestTimeout * 1000 : undefined,
    connectionTimeoutMs: flags.requestTimeout !== undefined ? Math.min(5_000, flags.requestTimeout * 1000) : undefined,
    maxAttempts: flags.maxAttempts,
    regionTimeouts: flags.regionTimeouts,
    ...(flags.shard ? { shard: flags.shard } : {}),
    onProgress,
  };
}

function scanOptions(paths: string[], flags: ScanFlags, onProgress?: OrgScanOptions['onProgress']): ScanOptions {
  return {
    // No path: the current directory, unless the scan is of the live organisation alone.
    paths: paths.length === 0 && !flags.org ? ['.'] : paths,
    env: process.env,
    organization: orgOptions(flags, onProgress),
    root: flags.root,
    policyFile: flags.policy,
    vars: parseVars(flags.var, '--var'),
    varFiles: flags.varFile,
    cfnParameters: parseVars(flags.cfnParam, '--cfn-param'),
    cfnParameterFiles: flags.cfnParamFile,
    region: flags.region,
    baselineFile: flags.baseline,
    plugins: flags.plugin,
    downloadModules: moduleDownloadOptions(flags),
    sources: builtinRegistries.sources,
    rules: builtinRegistries.rules,
  };
}

/** Runs the scan, with `--org` progress on stderr (a bar on a terminal, plain lines in CI). */
async function scanWithProgress(paths: string[], flags: ScanFlags, io: CliIO): Promise<ScanResult> {
  let renderer: ProgressRenderer | undefined;
  const onProgress: OrgScanOptions['onProgress'] = (p) => renderer?.update(p);
  const options = scanOptions(paths, flags, onProgress);
  if (options.organization) {
    const { createProgressRenderer } = await import('../sources/aws/progress.js');
    const target = io.progress ?? { stream: { write: (t: string) => (io.stderr(t), true) } as unknown as NodeJS.WritableStream, isTTY: false };
    renderer = createProgressRenderer(target);
  }
  try {
    return await scan(options);
  } finally {
    renderer?.stop();
  }
}

/** `file:line:col: ` of a located message, '' without a file. */
function place(x: { file?: string; line?: number; column?: number }): string {
  return x.file ? `${x.file}${x.line ? `:${x.line}${x.column ? `:${x.column}` : ''}` : ''}: ` : '';
}

/** Warnings on stderr, one line each, located, control characters escaped (they also appear in every report). */
function printWarnings(warnings: readonly Warning[], io: CliIO): void {
  for (const w of warnings) {
    // Most messages already start with their place; do not say it twice.
    const at = place(w);
    const text = w.file && w.message.startsWith(`${w.file}:`) ? w.message : `${at}${w.message}`;
    io.stderr(`resilint: warning: ${escapeControl(text)}\n`);
  }
}

async function runScan(paths: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  if (!flags.output && flags.format.length > 1) throw new UsageError('several formats need --output DIR');
  // Before the scan: a bad output path must not cost a whole scan.
  const plan = flags.output ? await prepareOutput(flags.output, flags.format.length) : undefined;
  const result = await scanWithProgress(paths, flags, io);
  printWarnings(result.warnings, io);
  // Decided before rendering, so that every report states the same outcome as the exit code.
  result.gate = gateOutcome(result, { failOn: flags.failOn, failOnUnknown: Boolean(flags.failOnUnknown) });
  const formats = flags.format;
  if (!plan) {
    const format = formats[0];
    if (format === 'json') for (const piece of renderJsonChunks(result)) io.stdout(piece);
    else io.stdout(renderReport(result, format, { color: format === 'text' && io.color, verbose: flags.verbose }));
    return result.gate.exitCode;
  }
  const fallback: { dir?: string } = {};
  let lost = false;
  for (const format of formats) {
    const file = plan.asDir ? join(plan.path, `report.${REPORTERS[format].extension}`) : plan.path;
    const reportLink = formats.includes('html') && format !== 'html' ? 'report.html' : undefined;
    // JSON in pieces: the report of a large plan is hundreds of MB as one string.
    const content = format === 'json' ? () => renderJsonChunks(result) : renderReport(result, format, { color: false, verbose: flags.verbose, reportLink });
    const w = await writeReport(file, content, fallback);
    if (w.failure) {
      lost = true;
      io.stderr(`resilint: could not write ${escapeControl(w.wanted)} (${escapeControl(w.failure)}); the report was written to ${escapeControl(w.file)} instead\n`);
    } else io.stderr(`wrote ${escapeControl(w.file)}\n`);
  }
  if (!flags.quiet) io.stdout(renderReport(result, 'text', { color: io.color, verbose: flags.verbose }));
  // A report that is not where it was asked for: the run is not clean, whatever the results.
  return lost ? Math.max(result.gate.exitCode, EXIT.incomplete) : result.gate.exitCode;
}

// ----- resilint graph: resources, dependency edges and effective tiers (no rules) -----

interface GraphFlags extends ScanFlags {
  graphFormat: GraphFormat;
}

/** Prints the graph; input errors go to stderr one per line and make the exit code 3, as for scan. */
async function runGraph(paths: string[], flags: GraphFlags, io: CliIO): Promise<number> {
  const a = await analyze(scanOptions(paths, flags));
  const view = graphView({
    version: VERSION,
    root: a.root,
    policySource: a.policy.source,
    graph: a.graph,
    dependencies: a.dependencies,
    tiers: a.tiers,
    errors: a.errors,
    warnings: a.warnings,
  });
  const text = renderGraph(view, flags.graphFormat);
  if (flags.output) {
    await writeFile(flags.output, text);
    io.stderr(`wrote ${escapeControl(flags.output)}\n`);
  } else {
    io.stdout(text);
  }
  for (const e of a.errors) io.stderr(escapeControl(`${place(e)}${e.message}`) + '\n');
  printWarnings(a.warnings, io);
  return a.errors.length > 0 || a.coverage.length > 0 ? EXIT.incomplete : EXIT.clean;
}

function addGraphCommand(cmd: Command, io: CliIO, done: (code: number) => void): void {
  addInputOptions(cmd.command('graph').description('Print the resources, their dependency edges (hard/soft, with provenance) and effective tiers, as DOT for Graphviz or JSON'))
    .addOption(new Option('-f, --format <format>', 'dot (Graphviz) or json').choices([...GRAPH_FORMATS]).default('dot'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (paths: string[], flags: ScanFlags & { format: GraphFormat | Format[] }) => {
      done(await runGraph(paths, { ...flags, graphFormat: flags.format as GraphFormat }, io));
    });
}

// ----- resilint what-if: the failure simulation of one AZ or Region -----

interface WhatIfFlags extends ScanFlags {
  az?: string;
  whatIfFormat: 'text' | 'json';
}

async function runWhatIf(paths: string[], flags: WhatIfFlags, io: CliIO): Promise<number> {
  // With --az, --region keeps its scan meaning (the Region of templates); alone, it is also the Region to fail.
  if (!flags.az && !flags.region) throw new UsageError('what-if needs --az <name|id> or --region <region>');
  const a = await analyze(scanOptions(paths, flags));
  const found = findDomain(a.failures, flags.az ? { az: flags.az } : { region: flags.region });
  if (!found) {
    const known = a.failures.domains.filter((d) => d.kind === (flags.az ? 'az' : 'region')).map((d) => d.label);
    throw new UsageError(`no ${flags.az ? `AZ '${flags.az}'` : `Region '${flags.region}'`} in the scan (known: ${known.join(', ') || 'none'})`);
  }
  io.stdout(renderWhatIf(whatIf(a.failures, found.domain, found.note), flags.whatIfFormat));
  for (const e of a.errors) io.stderr(escapeControl(`${place(e)}${e.message}`) + '\n');
  return a.errors.length > 0 || a.coverage.length > 0 ? EXIT.incomplete : EXIT.clean;
}

function addWhatIfCommand(cmd: Command, io: CliIO, done: (code: number) => void): void {
  addInputOptions(cmd.command('what-if').description('Simulate the loss of one AZ (--az) or, with --region alone, of that Region: what breaks, for how long, and through which dependencies'))
    .option('--az <name|id>', 'the AZ to fail: a name (ap-northeast-1a), an AZ ID (apne1-az1) or a symbolic AZ label (AZ #1 of …)')
    .addOption(new Option('-f, --format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], flags: ScanFlags & { az?: string; format: 'text' | 'json' | Format[] }) => {
      done(await runWhatIf(paths, { ...flags, whatIfFormat: flags.format as 'text' | 'json' }, io));
    });
}

/** Commander's error text as one line: `resilint: <what>; see --help`. */
function oneLineUsage(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return `resilint: ${escapeControl(first.replace(/^error:\s*/, '').trim())} (see --help)\n`;
}

const EXIT_CODES_HELP = `
Exit codes:
  0  no failing result at or above --fail-on (suppressed and baselined ones do not count)
  1  a failing result at or above --fail-on (with --fail-on-unknown, also an unknown one)
  2  usage error: bad option or value, missing file, invalid policy, baseline or rule options
  3  scan incomplete: an input could not be read or a part of the estate could not be assessed
     (wins over 1: the gate cannot vouch for what it did not read)`;

const ROOT_HELP = `${EXIT_CODES_HELP}

Examples:
  resilint scan                                   scan the current directory
  resilint scan infra/ --policy resilint.yaml     Terraform and CloudFormation under infra/
  resilint scan --format sarif,html --output out/ infra/
  resilint baseline create -o .resilint-baseline.json infra/
  resilint scan --baseline .resilint-baseline.json infra/
  resilint scan --org --regions ap-northeast-1 --role-name ResilintAudit
  resilint iam-policy --part trust --role-name ResilintAudit --caller-account 111122223333 --external-id audit-7

Run 'resilint <command> --help' for a command's options.`;

const SCAN_HELP = `${EXIT_CODES_HELP}

Examples:
  resilint scan                                    the current directory, built-in policy
  resilint scan infra/ -p resilint.yaml --fail-on high
  resilint scan infra/ --var-file prod.tfvars --var env=prod
  resilint scan stacks/ --cfn-param Environment=prod --region ap-northeast-1
  resilint scan infra/ --baseline .resilint-baseline.json --format text,sarif --output out/
  resilint scan --org --regions ap-northeast-1,ap-northeast-3 --role-name ResilintAudit --external-id audit-7

Terraform variables are read as Terraform reads them: TF_VAR_<name> from the
environment, then terraform.tfvars, *.auto.tfvars, --var-file and --var.`;

function program(io: CliIO, done: (code: number) => void): Command {
  const cmd = new Command('resilint')
    .description('Availability policy-as-code scanner for AWS infrastructure')
    .version(VERSION)
    .exitOverride()
    // A usage mistake is one line and a pointer to --help, not the whole help text.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(oneLineUsage(text)) })
    .addHelpText('after', ROOT_HELP);

  addInputOptions(cmd.command('scan').description('Scan Terraform (HCL and plan JSON), CloudFormation, or the live AWS Organization (--org) against the availability policy'))
    .option('-f, --format <formats>', `output format(s), comma-separated: ${FORMATS.join(', ')}`, parseFormats, ['text'] as Format[])
    .option('-o, --output <path>', 'write to this file (one format) or directory (several formats); without it one format goes to stdout')
    .option('--baseline <file>', 'fail only on results not in this baseline (see `resilint baseline create`)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a failing result has this severity or higher').choices([...SEVERITIES, 'none']).default('low'),
    )
    .option('--fail-on-unknown', 'also exit 1 when a result that could not be determined has the --fail-on severity or higher')
    .option('-v, --verbose', 'list passing results in text output')
    .option('-q, --quiet', 'with --output: do not print the summary')
    .addHelpText('after', SCAN_HELP)
    .action(async (paths: string[], flags: ScanFlags) => done(await runScan(paths, flags, io)));

  addInputOptions(
    cmd
      .command('baseline')
      .description('Manage baselines of accepted findings')
      .command('create')
      .description("Write the current failing and unknown results' fingerprints to a baseline file"),
  )
    .requiredOption('-o, --output <file>', 'baseline file to write')
    .action(async (paths: string[], flags: ScanFlags & { output: string }) => {
      const result = await scanWithProgress(paths, flags, io);
      printWarnings(result.warnings, io);
      const baseline = createBaseline(result);
      await writeFile(flags.output, JSON.stringify(baseline, null, 2) + '\n');
      const unknowns = baseline.results.filter((r) => r.status === 'unknown').length;
      io.stderr(`wrote ${escapeControl(flags.output)}: ${baseline.results.length - unknowns} failing and ${unknowns} unknown result(s)\n`);
      done(result.summary.complete ? EXIT.clean : EXIT.incomplete);
    });

  cmd
    .command('iam-policy')
    .description('Print the minimal read-only IAM policies for --org: the scanning role in each member account, its trust policy, and the caller')
    .option('--role-name <name>', 'name of the scanning role (default: OrganizationAccountAccessRole)')
    .option('--caller-account <id>', "the caller's account id, for the trust policy (default: a placeholder)")
    .option('--external-id <id>', "ExternalId the caller will pass; added to the trust policy's condition")
    .addOption(new Option('--part <part>', 'print one policy document only (for aws iam put-role-policy / create-role)').choices(['scanning-role', 'trust', 'caller']))
    .action((flags: { roleName?: string; callerAccount?: string; externalId?: string; part?: 'scanning-role' | 'trust' | 'caller' }) => {
      if (flags.callerAccount !== undefined && !/^\d{12}$/.test(flags.callerAccount)) throw new UsageError(`--caller-account expects a 12-digit account id, got '${flags.callerAccount}'`);
      const p = iamPolicies({ roleName: flags.roleName, callerAccountId: flags.callerAccount, externalId: flags.externalId });
      const doc = flags.part === 'scanning-role' ? p.scanningRole : flags.part === 'trust' ? p.scanningRoleTrust : flags.part === 'caller' ? p.caller : p;
      io.stdout(JSON.stringify(doc, null, 2) + '\n');
      done(EXIT.clean);
    });

  addGraphCommand(cmd, io, done);
  addWhatIfCommand(cmd, io, done);
  addReportCommands(cmd, io, done);

  cmd
    .command('docs')
    .description('Write one Markdown page per rule (docs/rules/<id>.md) and the README rule table from the rules\' metadata; with --policy or --plugin, the pages of those rules')
    .option('-p, --policy <file>', 'policy file whose plugins and customRules to document')
    .option('--plugin <module>', 'rule plugin to document (repeatable)', collect, [])
    .option('-o, --output <dir>', 'folder of the pages', 'docs/rules')
    .option('--readme <file>', 'also update the rule table between the markers of this README (built-in rules)')
    .option('--check', 'write nothing; exit 1 when a page or the table is stale')
    .action(async (flags: { policy?: string; plugin: string[]; output: string; readme?: string; check?: boolean }) => {
      const { generateDocs } = await import('../docs/generate.js');
      const { files, stale } = await generateDocs({ outDir: flags.output, readme: flags.readme, policyFile: flags.policy, plugins: flags.plugin, check: flags.check });
      for (const f of stale) io.stderr(`${flags.check ? 'stale' : 'wrote'} ${f}\n`);
      io.stderr(`${files.length} file(s), ${stale.length} ${flags.check ? 'stale (run npm run docs)' : 'updated'}\n`);
      done(flags.check && stale.length > 0 ? EXIT.failures : EXIT.clean);
    });

  cmd
    .command('rules')
    .description('List the rules with their metadata, and every requirement ID of the catalogue with the rules that check it or why none does')
    .option('--json', 'print JSON: { rules, requirements }')
    .option('-p, --policy <file>', 'also list the plugin and declarative rules this policy loads')
    .option('--plugin <module>', 'also list the rules of this plugin (repeatable)', collect, [])
    .action(async (flags: RulesFlags) => {
      io.stdout(renderRules(await rulesOf(flags), Boolean(flags.json)));
      done(EXIT.clean);
    });
  return cmd;
}

/**
 * Parse argv, run, and return the exit code. Known errors (ResilintError:
 * usage, policy, plugins, bad rule options, baseline, --org request) print
 * one line and give their exit code; anything else is a bug and is rethrown
 * (main.ts reports it and exits 70).
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.clean;
  try {
    await program(io, (c) => (code = c)).parseAsync(normalizeModuleArgv(argv), { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.clean : EXIT.usage;
    }
    // Every known error (usage, policy, plugin, rule options, baseline, --org request) carries its exit code.
    if (e instanceof ResilintError) {
      io.stderr(`${errorLine(e)}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

/**
 * What the CLI prints for a bug (exit 70): one line with the error and where
 * it was thrown, and how to report it; the stack only with RESILINT_DEBUG=1.
 */
export function bugReport(e: unknown, debug: boolean): string {
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  const where = bugLocation(e);
  const lines = [`resilint: internal error: ${message}${where ? ` (at ${where})` : ''}`];
  if (debug && e instanceof Error && e.stack) lines.push(e.stack);
  lines.push(
    `This is a bug in resilint ${VERSION}, not in your input. Please report it${BUGS_URL ? ` at ${BUGS_URL}` : ''} with the command you ran` +
      `${debug ? ' and the stack above' : ' and the output of the same command with RESILINT_DEBUG=1'}.`,
  );
  return lines.join('\n') + '\n';
}
