/**
 * The CLI flags of `--download-external-modules` (README, "Remote modules"),
 * kept apart from run.ts: the options, and their translation into
 * ScanOptions.downloadModules.
 */
import type { Command } from 'commander';
import { ScanUsageError } from '../scan.js';
import type { ModuleDownloadOptions } from '../sources/terraform/index.js';
import { parseRegistryHost } from '../sources/terraform/remote/http.js';

export interface ModuleFlags {
  downloadExternalModules?: boolean;
  moduleCache?: string;
  registryHost: string[];
  moduleTimeout?: number;
  moduleBudget?: number;
}

function seconds(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new ScanUsageError(`${flag} expects a positive number of seconds, got '${value}'`);
    return n;
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Checkov spells the flag with a value (`--download-external-modules true`);
 * accept that spelling too, without making the flag swallow the path that
 * usually follows it: an explicit true/false right after it (or `=true`) is
 * folded into the flag before the arguments are parsed.
 */
export function normalizeModuleArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const eq = /^--download-external-modules=(.*)$/.exec(a);
    const value = eq ? eq[1] : a === '--download-external-modules' && /^(true|false)$/i.test(argv[i + 1] ?? '') ? argv[++i] : undefined;
    if (value === undefined) {
      out.push(a);
      continue;
    }
    if (/^(true|1|yes)$/i.test(value)) out.push('--download-external-modules');
    else if (!/^(false|0|no)$/i.test(value)) throw new ScanUsageError(`--download-external-modules takes no value or true/false, got '${value}'`);
  }
  return out;
}

export function addModuleOptions(cmd: Command): Command {
  return cmd
    .option('--download-external-modules', 'download remote Terraform modules (registry, git::, http archives) that terraform init has not installed, and scan them')
    .option('--module-cache <dir>', 'with --download-external-modules: cache directory (default: $XDG_CACHE_HOME/resilint/modules)')
    .option('--registry-host <host=url>', 'with --download-external-modules: read registry HOST from URL (https, or http to a loopback address) (repeatable)', collect, [])
    .option('--module-timeout <seconds>', 'with --download-external-modules: timeout of each request or git fetch (default: 30)', seconds('--module-timeout'))
    .option('--module-budget <seconds>', 'with --download-external-modules: time for all downloads of the scan together (default: 300)', seconds('--module-budget'));
}

export function moduleDownloadOptions(flags: ModuleFlags): ModuleDownloadOptions | undefined {
  if (!flags.downloadExternalModules) {
    const stray = [flags.moduleCache !== undefined && '--module-cache', flags.registryHost.length > 0 && '--registry-host', flags.moduleTimeout !== undefined && '--module-timeout', flags.moduleBudget !== undefined && '--module-budget'].filter(Boolean);
    if (stray.length) throw new ScanUsageError(`${stray.join(', ')} ${stray.length === 1 ? 'needs' : 'need'} --download-external-modules`);
    return undefined;
  }
  const registryHosts: Record<string, string> = {};
  for (const spec of flags.registryHost) {
    try {
      const { host, baseUrl } = parseRegistryHost(spec);
      registryHosts[host] = baseUrl;
    } catch (e) {
      throw new ScanUsageError((e as Error).message);
    }
  }
  return {
    cacheDir: flags.moduleCache,
    registryHosts,
    requestTimeoutMs: flags.moduleTimeout !== undefined ? flags.moduleTimeout * 1000 : undefined,
    budgetMs: flags.moduleBudget !== undefined ? flags.moduleBudget * 1000 : undefined,
  };
}
