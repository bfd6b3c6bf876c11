/**
 * Module source addresses that are not local paths, read the way Terraform
 * (and go-getter beneath it) reads them: registry addresses
 * (`[host/]namespace/name/system[//subdir]`), `git::` URLs and the
 * `github.com/…` / `git@…` shorthands, and HTTP(S) archives. Anything else
 * (`s3::`, `gcs::`, `hg::`, bitbucket) is named as unsupported so the caller
 * can say so.
 */

export const DEFAULT_REGISTRY_HOST = 'registry.terraform.io';

export type ModuleSource =
  | { kind: 'registry'; host: string; namespace: string; name: string; system: string; subdir?: string }
  | { kind: 'git'; url: string; ref?: string; subdir?: string }
  | { kind: 'http'; url: string; archive?: ArchiveKind; subdir?: string }
  | { kind: 'unsupported'; reason: string };

export type ArchiveKind = 'tar.gz' | 'tar' | 'zip';

const LABEL = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;
const SYSTEM = /^[0-9a-z]{1,64}$/;
const HOST = /^(?:[0-9A-Za-z](?:[0-9A-Za-z-]{0,62}[0-9A-Za-z])?\.)+[0-9A-Za-z](?:[0-9A-Za-z-]{0,62}[0-9A-Za-z])?(?::\d{1,5})?$|^localhost(?::\d{1,5})?$/;
/** Hosts go-getter reads as VCS shorthands, never registries. */
const VCS_HOSTS = new Set(['github.com', 'bitbucket.org', 'gitlab.com']);

/**
 * go-getter's `//` separator: the part after it (up to the query) is a
 * directory inside the downloaded package. The `//` of `scheme://` does not count.
 */
export function splitSubdir(src: string): { base: string; subdir?: string } {
  const scheme = src.indexOf('://');
  const from = scheme >= 0 ? scheme + 3 : 0;
  const at = src.indexOf('//', from);
  if (at < 0) return { base: src };
  const query = src.indexOf('?', at);
  const subdir = src.slice(at + 2, query < 0 ? undefined : query);
  const base = src.slice(0, at) + (query < 0 ? '' : src.slice(query));
  return { base, subdir: subdir.replace(/\/+$/, '') || undefined };
}

function archiveOf(pathname: string): ArchiveKind | undefined {
  if (/\.(tar\.gz|tgz)$/i.test(pathname)) return 'tar.gz';
  if (/\.tar$/i.test(pathname)) return 'tar';
  if (/\.zip$/i.test(pathname)) return 'zip';
  return undefined;
}

function archiveParam(value: string | null): ArchiveKind | 'bad' | undefined {
  if (value === null) return undefined;
  const v = value.toLowerCase();
  if (v === 'tar.gz' || v === 'tgz') return 'tar.gz';
  if (v === 'tar' || v === 'zip') return v;
  return 'bad';
}

function parseGitUrl(url: string, subdir: string | undefined): ModuleSource {
  // scp-like `git@host:org/repo.git` has no scheme; its query is ours to read.
  const q = url.indexOf('?');
  const base = q < 0 ? url : url.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const ref = params.get('ref') ?? undefined;
  params.delete('ref');
  params.delete('depth');
  const rest = params.toString();
  return { kind: 'git', url: rest ? `${base}?${rest}` : base, ref, subdir };
}

function parseHttpUrl(raw: string, subdir: string | undefined): ModuleSource {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { kind: 'unsupported', reason: `"${raw}" is not a valid URL` };
  }
  const param = archiveParam(u.searchParams.get('archive'));
  if (param === 'bad') return { kind: 'unsupported', reason: `archive format "${u.searchParams.get('archive')}" is not supported (tar.gz, tgz, tar, zip)` };
  u.searchParams.delete('archive');
  return { kind: 'http', url: u.toString(), archive: param ?? archiveOf(u.pathname), subdir };
}

/** Read a non-local module source address. */
export function parseModuleSource(source: string): ModuleSource {
  const forced = /^([a-z0-9]+)::(.*)$/.exec(source);
  const getter = forced?.[1];
  const { base, subdir } = splitSubdir(forced ? forced[2] : source);
  if (getter === 'git') return parseGitUrl(base, subdir);
  if (getter === 'http' || getter === 'https') return parseHttpUrl(base, subdir);
  if (getter) return { kind: 'unsupported', reason: `"${getter}::" sources are not supported for download (git::, http(s) archives and registries are)` };

  if (/^git@[^:]+:/.test(base)) return parseGitUrl(`ssh://${base.replace(':', '/')}`, subdir);
  if (/^https?:\/\//i.test(base)) {
    const u = parseHttpUrl(base, subdir);
    // `https://host/repo.git` is a git repository by go-getter's rules.
    if (u.kind === 'http' && !u.archive && /\.git$/i.test(new URL(u.url).pathname)) return parseGitUrl(base, subdir);
    return u;
  }
  if (/^(s3|gcs)[:.]|\.amazonaws\.com\//.test(base) || base.startsWith('storage.googleapis.com/')) {
    return { kind: 'unsupported', reason: 'S3 and GCS module sources are not supported for download' };
  }
  const parts = base.split('?')[0].split('/');
  if (parts[0] === 'github.com' && parts.length >= 3) {
    const q = base.indexOf('?');
    const repo = parts.slice(0, 3).join('/').replace(/\.git$/, '');
    return parseGitUrl(`https://${repo}.git${q < 0 ? '' : base.slice(q)}`, [parts.slice(3).join('/'), subdir].filter(Boolean).join('/') || undefined);
  }
  if (parts[0] === 'bitbucket.org') return { kind: 'unsupported', reason: 'bitbucket.org shorthand sources are not supported for download; use git::https://bitbucket.org/…' };

  if (!base.includes('?')) {
    const withHost = parts.length === 4 && HOST.test(parts[0]) && !VCS_HOSTS.has(parts[0].toLowerCase());
    const [host, ns, name, system] = withHost ? parts : [DEFAULT_REGISTRY_HOST, ...parts];
    if ((parts.length === 3 || withHost) && LABEL.test(ns) && LABEL.test(name) && SYSTEM.test(system)) {
      return { kind: 'registry', host: host.toLowerCase(), namespace: ns, name, system, subdir };
    }
  }
  return { kind: 'unsupported', reason: `cannot tell what kind of module source "${source}" is (registry address, git::, or an http(s) archive)` };
}

/**
 * A URL for messages: credentials in it never appear. Over http(s) any
 * user part may be a token (`https://<token>@host`); over ssh the user
 * (`git@`) is not a secret, a password is.
 */
export function redactUrl(url: string): string {
  return url.replace(/\b((?:[a-z0-9]+::)?([a-z+]+):\/\/)([^/@\s'"]*)@/gi, (_m, prefix: string, scheme: string, userinfo: string) => {
    if (/^https?$/i.test(scheme)) return `${prefix}***@`;
    const colon = userinfo.indexOf(':');
    return colon < 0 ? `${prefix}${userinfo}@` : `${prefix}${userinfo.slice(0, colon)}:***@`;
  });
}

export function displaySource(s: ModuleSource): string {
  switch (s.kind) {
    case 'registry':
      return `${s.host}/${s.namespace}/${s.name}/${s.system}${s.subdir ? `//${s.subdir}` : ''}`;
    case 'git':
      return `git::${redactUrl(s.url)}${s.subdir ? `//${s.subdir}` : ''}${s.ref ? `?ref=${s.ref}` : ''}`;
    case 'http':
      return `${redactUrl(s.url)}${s.subdir ? `//${s.subdir}` : ''}`;
    case 'unsupported':
      return '(unsupported)';
  }
}
