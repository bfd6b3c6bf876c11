/**
 * `--download-external-modules`: fetch a remote module source into the
 * module cache and return the directory to load, or a failure that says
 * which module could not be read and why (the caller turns it into a
 * "not assessed" coverage entry, and a bad constraint into an input error).
 *
 * Registry sources follow Terraform's module registry protocol: service
 * discovery (`/.well-known/terraform.json` → `modules.v1`), the versions
 * list, the newest version matching the constraint, then the `download`
 * endpoint's `X-Terraform-Get` location, fetched like any other source.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { displaySource, parseModuleSource, redactUrl, type ModuleSource } from './address.js';
import { ArchiveError, extractArchive, sniffArchive } from './archive.js';
import { cacheKey, defaultModuleCacheDir, LockError, packageDir, populate, readMeta, readResolution, writeResolution, type PackageMeta } from './cache.js';
import { GitError, gitFetch } from './git.js';
import { FetchError, httpGet, tokenFromEnv, type HttpContext } from './http.js';
import { ConstraintError, newestMatching, parseConstraint } from './version.js';

export interface ModuleDownloadOptions {
  /** Default: defaultModuleCacheDir() (`$XDG_CACHE_HOME/resilint/modules`). */
  cacheDir?: string;
  /** Registry host → base URL its service discovery is read from (`--registry-host`; see parseRegistryHost). */
  registryHosts?: Record<string, string>;
  /** Per HTTP request or git command. Default 30 s. */
  requestTimeoutMs?: number;
  /** All downloads of one scan together. Default 5 min. */
  budgetMs?: number;
  /** Levels of remote modules inside downloaded modules. Default 8. */
  maxDepth?: number;
  /** Largest response body (archive) read. Default 100 MiB. */
  maxDownloadBytes?: number;
  /** Largest extracted archive. Default 500 MiB. */
  maxExtractedBytes?: number;
  /** Most entries in an archive. Default 20,000. */
  maxFiles?: number;
  /** How long a registry constraint stays resolved to the version found. Default 24 h. */
  resolutionTtlMs?: number;
  /** Environment for `TF_TOKEN_<host>`. Default process.env. */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Called before every HTTP request and git fetch (tests count them). */
  onRequest?: (url: string) => void;
}

export interface FetchedModule {
  /** The module's directory. */
  dir: string;
  /** The downloaded package it is part of (local sources inside it must stay inside it). */
  packageRoot: string;
  /** Registry version selected. */
  version?: string;
}

export type FailureCode =
  | 'module-source-unsupported'
  | 'module-bad-version-constraint'
  | 'module-not-found'
  | 'module-no-matching-version'
  | 'module-download-failed'
  | 'module-download-timeout'
  | 'module-archive-invalid';

export interface FetchFailure {
  code: FailureCode;
  reason: string;
  /** The `module` block attribute the failure is about. */
  attribute: 'source' | 'version';
}

class Failure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}

const MAX_GET_HOPS = 3;

export class ModuleFetcher {
  readonly cacheDir: string;
  private readonly o: Required<Omit<ModuleDownloadOptions, 'cacheDir' | 'onRequest' | 'registryHosts'>> & Pick<ModuleDownloadOptions, 'onRequest'>;
  private readonly hosts: Map<string, string>;
  private readonly budget = new AbortController();
  private budgetTimer?: NodeJS.Timeout;
  private readonly discovery = new Map<string, Promise<string>>();
  private readonly inflight = new Map<string, Promise<FetchedModule>>();

  constructor(options: ModuleDownloadOptions = {}) {
    this.cacheDir = path.resolve(options.cacheDir ?? defaultModuleCacheDir(options.env ?? process.env));
    this.hosts = new Map(Object.entries(options.registryHosts ?? {}).map(([h, u]) => [h.toLowerCase(), u.replace(/\/+$/, '')]));
    this.o = {
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      budgetMs: options.budgetMs ?? 300_000,
      maxDepth: options.maxDepth ?? 8,
      maxDownloadBytes: options.maxDownloadBytes ?? 100 * 1024 * 1024,
      maxExtractedBytes: options.maxExtractedBytes ?? 500 * 1024 * 1024,
      maxFiles: options.maxFiles ?? 20_000,
      resolutionTtlMs: options.resolutionTtlMs ?? 24 * 3600_000,
      env: options.env ?? process.env,
      now: options.now ?? (() => new Date()),
      onRequest: options.onRequest,
    };
  }

  get maxDepth(): number {
    return this.o.maxDepth;
  }

  /** Stop the budget timer (the scan is over). */
  close(): void {
    if (this.budgetTimer) clearTimeout(this.budgetTimer);
  }

  private startBudget(): void {
    if (this.budgetTimer || this.budget.signal.aborted) return;
    this.budgetTimer = setTimeout(() => this.budget.abort(), this.o.budgetMs);
    this.budgetTimer.unref();
  }

  private get http(): HttpContext {
    return {
      requestTimeoutMs: this.o.requestTimeoutMs,
      budget: this.budget.signal,
      tokenFor: (host) => this.tokenFor(host),
      onRequest: this.o.onRequest,
    };
  }

  /** A token goes only to its own registry host (or to the loopback URL that host is mapped to). */
  private tokenFor(urlHost: string): string | undefined {
    for (const [name, base] of this.hosts) if (new URL(base).host === urlHost) return tokenFromEnv(this.o.env, name);
    return tokenFromEnv(this.o.env, urlHost);
  }

  /** Fetch (or find in the cache) the module `source` with the registry `version` constraint. Never throws. */
  async fetch(source: string, version?: string): Promise<FetchedModule | FetchFailure> {
    const parsed = parseModuleSource(source);
    if (parsed.kind === 'unsupported') return { code: 'module-source-unsupported', reason: parsed.reason, attribute: 'source' };
    let constraint;
    if (parsed.kind === 'registry') {
      try {
        constraint = parseConstraint(version ?? '');
      } catch (e) {
        return { code: 'module-bad-version-constraint', reason: (e as ConstraintError).message, attribute: 'version' };
      }
    }
    const key = `${source}\0${version ?? ''}`;
    let p = this.inflight.get(key);
    if (!p) {
      this.startBudget();
      p = parsed.kind === 'registry' ? this.fetchRegistry(parsed, constraint!) : this.fetchDirect(parsed);
      this.inflight.set(key, p);
    }
    try {
      return await p;
    } catch (e) {
      return { ...asFailure(e), attribute: 'source' };
    }
  }

  private lock() {
    return { signal: this.budget.signal, staleMs: 10 * 60_000, now: () => this.o.now().getTime() };
  }

  private async fetchRegistry(s: Extract<ModuleSource, { kind: 'registry' }>, constraint: ReturnType<typeof parseConstraint>): Promise<FetchedModule> {
    const addr = `${s.host}/${s.namespace}/${s.name}/${s.system}`;
    const resKey = cacheKey('resolution', addr, constraint.text.replace(/\s+/g, ''));
    const now = this.o.now();
    const known = await readResolution(this.cacheDir, resKey);
    let version: string | undefined;
    if (known && now.getTime() - Date.parse(known.resolvedAt) < this.o.resolutionTtlMs && (await readMeta(this.registryDir(addr, known.version)))) {
      version = known.version;
    } else {
      const base = await this.modulesBase(s.host);
      const versionsUrl = new URL(`${enc(s.namespace)}/${enc(s.name)}/${enc(s.system)}/versions`, base).toString();
      const res = await this.get(versionsUrl, 4 * 1024 * 1024, 'application/json');
      if (res.status === 404) throw new Failure('module-not-found', `registry ${s.host} has no module ${s.namespace}/${s.name}/${s.system} (HTTP 404)`);
      if (res.status !== 200) throw new Failure('module-download-failed', `registry ${s.host} answered HTTP ${res.status} for the versions of ${s.namespace}/${s.name}/${s.system}`);
      const available = versionsOf(res.body);
      if (!available) throw new Failure('module-download-failed', `registry ${s.host} sent an unreadable versions list for ${s.namespace}/${s.name}/${s.system}`);
      version = newestMatching(available, constraint);
      if (!version) {
        const shown = available.slice().reverse().slice(0, 8).join(', ');
        throw new Failure(
          'module-no-matching-version',
          constraint.conditions.length
            ? `no version of ${addr} matches "${constraint.text}" (available: ${shown || 'none'})`
            : `${addr} has no release version (available: ${shown || 'none'})`,
        );
      }
      await writeResolution(this.cacheDir, resKey, { version, resolvedAt: now.toISOString() });
    }
    const dir = this.registryDir(addr, version);
    const meta =
      (await readMeta(dir)) ??
      (await this.populate(dir, { source: addr, version, fetchedAt: now.toISOString() }, async (tmp) => {
        const base = await this.modulesBase(s.host);
        const url = new URL(`${enc(s.namespace)}/${enc(s.name)}/${enc(s.system)}/${enc(version!)}/download`, base).toString();
        const res = await this.get(url, 1024 * 1024, 'application/json');
        if (res.status === 404) throw new Failure('module-not-found', `registry ${s.host} has no download for ${addr} ${version} (HTTP 404)`);
        if (res.status !== 200 && res.status !== 204) throw new Failure('module-download-failed', `registry ${s.host} answered HTTP ${res.status} for the download of ${addr} ${version}`);
        const location = res.headers.get('x-terraform-get') ?? locationOf(res.body);
        if (!location) throw new Failure('module-download-failed', `registry ${s.host} gave no X-Terraform-Get location for ${addr} ${version}`);
        const target = isRelative(location) ? parseModuleSource(new URL(location, url).toString()) : parseModuleSource(location);
        if (target.kind === 'registry' || target.kind === 'unsupported') {
          throw new Failure('module-source-unsupported', `registry ${s.host} points ${addr} ${version} at "${redactUrl(location)}", which cannot be downloaded${target.kind === 'unsupported' ? `: ${target.reason}` : ''}`);
        }
        return this.fill(target, tmp, 0);
      }));
    const root = path.join(dir, meta.subdir ?? '');
    return { dir: await resolveSubdir(root, s.subdir), packageRoot: dir, version };
  }

  private registryDir(addr: string, version: string): string {
    return packageDir(this.cacheDir, `${addr}@${version}`, cacheKey('registry', addr, version));
  }

  private async fetchDirect(s: Extract<ModuleSource, { kind: 'git' | 'http' }>): Promise<FetchedModule> {
    const pkgSource = s.kind === 'git' ? `git::${s.url}` : s.url;
    const ref = s.kind === 'git' ? s.ref : s.archive;
    const dir = packageDir(this.cacheDir, `${pkgSource}${ref ? `@${ref}` : ''}`, cacheKey(s.kind, s.url, ref ?? ''));
    const pkg: ModuleSource = { ...s, subdir: undefined };
    const meta =
      (await readMeta(dir)) ?? (await this.populate(dir, { source: redactUrl(pkgSource), ref: s.kind === 'git' ? s.ref : undefined, fetchedAt: this.o.now().toISOString() }, (tmp) => this.fill(pkg, tmp, 0)));
    const root = path.join(dir, meta.subdir ?? '');
    return { dir: await resolveSubdir(root, s.subdir), packageRoot: dir };
  }

  private async populate(dir: string, meta: PackageMeta, fill: (tmp: string) => Promise<string | undefined>): Promise<PackageMeta> {
    try {
      return await populate(dir, meta, fill, this.lock());
    } catch (e) {
      if (e instanceof LockError) throw new Failure('module-download-timeout', e.message);
      throw e;
    }
  }

  /** Write the package of a git or http source into `tmp`; returns the module's directory inside it, if the location named one. */
  private async fill(s: ModuleSource, tmp: string, hops: number): Promise<string | undefined> {
    if (s.kind === 'git') {
      await gitFetch({ timeoutMs: this.o.requestTimeoutMs, budget: this.budget.signal, onRequest: this.o.onRequest }, s.url, s.ref, tmp);
      return s.subdir ? await relSubdir(tmp, s.subdir) : undefined;
    }
    if (s.kind !== 'http') throw new Failure('module-source-unsupported', `"${displaySource(s)}" cannot be downloaded here`);
    let url = s.url;
    if (!s.archive) {
      // go-getter asks a plain URL where the module is (`?terraform-get=1` → X-Terraform-Get).
      const u = new URL(url);
      u.searchParams.set('terraform-get', '1');
      url = u.toString();
    }
    const res = await this.get(url, this.o.maxDownloadBytes);
    if (res.status === 404) throw new Failure('module-not-found', `${redactUrl(s.url)}: HTTP 404`);
    if (res.status < 200 || res.status >= 300) throw new Failure('module-download-failed', `${redactUrl(s.url)}: HTTP ${res.status}`);
    let kind = s.archive;
    if (!kind) {
      const get = res.headers.get('x-terraform-get');
      if (get) {
        if (hops >= MAX_GET_HOPS) throw new Failure('module-download-failed', `${redactUrl(s.url)}: too many X-Terraform-Get redirections`);
        const next = parseModuleSource(isRelative(get) ? new URL(get, url).toString() : get);
        if (next.kind === 'registry' || next.kind === 'unsupported') throw new Failure('module-source-unsupported', `${redactUrl(s.url)} points at "${redactUrl(get)}", which cannot be downloaded`);
        const inner = await this.fill(next, tmp, hops + 1);
        return joinSubdir(inner, s.subdir ? await relSubdir(path.join(tmp, inner ?? ''), s.subdir) : undefined);
      }
      kind = sniffArchive(res.body);
      if (!kind) throw new Failure('module-archive-invalid', `${redactUrl(s.url)}: neither an archive (tar.gz, tar, zip) nor an X-Terraform-Get location`);
    }
    try {
      await extractArchive(res.body, kind, tmp, { maxExtractedBytes: this.o.maxExtractedBytes, maxFiles: this.o.maxFiles });
    } catch (e) {
      if (e instanceof ArchiveError) throw new Failure('module-archive-invalid', `${redactUrl(s.url)}: ${e.message}`);
      throw new Failure('module-archive-invalid', `${redactUrl(s.url)}: cannot extract (${(e as Error).message})`);
    }
    return s.subdir ? await relSubdir(tmp, s.subdir) : undefined;
  }

  private async get(url: string, maxBytes: number, accept?: string) {
    return httpGet(this.http, url, maxBytes, accept);
  }

  /** Service discovery: the `modules.v1` base URL of a registry host. */
  private modulesBase(host: string): Promise<string> {
    let p = this.discovery.get(host);
    if (!p) {
      p = (async () => {
        const base = this.hosts.get(host) ?? `https://${host}`;
        const url = `${base}/.well-known/terraform.json`;
        const res = await this.get(url, 64 * 1024, 'application/json');
        if (res.status !== 200) throw new Failure('module-download-failed', `${host} service discovery answered HTTP ${res.status}`);
        let doc: unknown;
        try {
          doc = JSON.parse(res.body.toString('utf8'));
        } catch {
          throw new Failure('module-download-failed', `${host} service discovery did not return JSON`);
        }
        const v1 = (doc as Record<string, unknown> | null)?.['modules.v1'];
        if (typeof v1 !== 'string') throw new Failure('module-download-failed', `${host} is not a module registry (no modules.v1 in its service discovery)`);
        const resolved = new URL(v1, url);
        if (!resolved.pathname.endsWith('/')) resolved.pathname += '/';
        return resolved.toString();
      })();
      this.discovery.set(host, p);
    }
    return p;
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

function isRelative(location: string): boolean {
  return location.startsWith('/') || location.startsWith('./') || location.startsWith('../');
}

function versionsOf(body: Buffer): string[] | undefined {
  try {
    const doc = JSON.parse(body.toString('utf8')) as { modules?: { versions?: { version?: unknown }[] }[] };
    const list = doc.modules?.[0]?.versions;
    if (!Array.isArray(list)) return undefined;
    return list.map((v) => v?.version).filter((v): v is string => typeof v === 'string');
  } catch {
    return undefined;
  }
}

/** Newer registries may answer the download request with `{"location": …}` instead of the header. */
function locationOf(body: Buffer): string | undefined {
  try {
    const loc = (JSON.parse(body.toString('utf8')) as { location?: unknown }).location;
    return typeof loc === 'string' ? loc : undefined;
  } catch {
    return undefined;
  }
}

function joinSubdir(a: string | undefined, b: string | undefined): string | undefined {
  return [a, b].filter(Boolean).join('/') || undefined;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** `//subdir` inside a package, relative and with globs (`//*`, the one top directory of a GitHub tarball) expanded. */
async function relSubdir(root: string, subdir: string): Promise<string> {
  const parts: string[] = [];
  for (const seg of subdir.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw new Failure('module-source-unsupported', `subdirectory "${subdir}" leaves the downloaded package`);
    if (!/[*?]/.test(seg)) {
      parts.push(seg);
      continue;
    }
    const re = globToRegExp(seg);
    let names: string[] = [];
    try {
      names = (await readdir(path.join(root, ...parts), { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.') && re.test(e.name)).map((e) => e.name);
    } catch {
      // reported below
    }
    if (names.length !== 1) throw new Failure('module-not-found', `subdirectory pattern "${subdir}" matches ${names.length} directories in the downloaded package, not exactly one`);
    parts.push(names[0]);
  }
  const rel = parts.join('/');
  await mustBeDir(path.join(root, rel), subdir);
  return rel;
}

async function resolveSubdir(root: string, subdir: string | undefined): Promise<string> {
  if (!subdir) return root;
  return path.join(root, await relSubdir(root, subdir));
}

async function mustBeDir(p: string, subdir: string): Promise<void> {
  try {
    if ((await stat(p)).isDirectory()) return;
  } catch {
    // fall through
  }
  throw new Failure('module-not-found', `subdirectory "${subdir}" does not exist in the downloaded package`);
}

function asFailure(e: unknown): { code: FailureCode; reason: string } {
  if (e instanceof Failure) return { code: e.code, reason: e.message };
  if (e instanceof FetchError) {
    const code: FailureCode = e.code === 'timeout' || e.code === 'budget' ? 'module-download-timeout' : 'module-download-failed';
    return { code, reason: e.message };
  }
  if (e instanceof GitError) return { code: e.code === 'timeout' || e.code === 'budget' ? 'module-download-timeout' : 'module-download-failed', reason: e.message };
  return { code: 'module-download-failed', reason: String((e as Error)?.message ?? e) };
}

