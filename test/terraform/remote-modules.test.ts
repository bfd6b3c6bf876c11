/**
 * `--download-external-modules` end to end against real servers on loopback:
 * a Terraform module registry (Node http speaking the registry protocol and
 * serving archives) and a git smart-HTTP server (the real `git http-backend`).
 */
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { scan } from '../../src/scan.js';
import { scanTerraform, type ModuleDownloadOptions, type TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { cacheKey, packageDir } from '../../src/sources/terraform/remote/cache.js';
import { ModuleFetcher } from '../../src/sources/terraform/remote/fetcher.js';
import { gitHttpHandler, listen, makeGitRepo, tarGz, zip, type Loopback } from '../support/module-servers.js';
import { props, resource } from './helpers.js';

let tmp: string;
let registry: Loopback;
let git: Loopback;
let hang: Loopback;
const registryLog: { path: string; auth?: string }[] = [];
const gitLog: string[] = [];
let gitAuthSeen = false;
const archives = new Map<string, Buffer>();

/** acme/<name>/aws on the test registry: versions and what each download points at. */
const MODULES: Record<string, { versions: string[]; status?: number; location?: (v: string) => string; json?: boolean }> = {
  rds: { versions: ['1.3.0', '1.4.2', '1.5.0-rc1', '2.0.0'], location: (v) => `/archives/rds-${v}.tar.gz//*` },
  broken: { versions: [], status: 500 },
  corrupt: { versions: ['1.0.0'], location: () => '/archives/corrupt.tar.gz' },
  evil: { versions: ['1.0.0'], location: () => '/archives/evil.tar.gz' },
  vpc: { versions: ['5.0.0'], json: true, location: () => './../../../../../../archives/vpc.zip' },
};

function registryHandler(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  registryLog.push({ path: url.pathname, auth: req.headers.authorization });
  const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  if (url.pathname === '/.well-known/terraform.json') return send(200, { 'modules.v1': '/v1/modules/' });
  const archive = /^\/archives\/(.+)$/.exec(url.pathname);
  if (archive) {
    const data = archives.get(archive[1]);
    if (!data) return send(404, { errors: ['not found'] });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) });
    return void res.end(data);
  }
  const m = /^\/v1\/modules\/acme\/([^/]+)\/aws\/(?:versions|([^/]+)\/download)$/.exec(url.pathname);
  const mod = m && MODULES[m[1]];
  if (!m || !mod) return send(404, { errors: ['Not Found'] });
  if (mod.status) return send(mod.status, { errors: ['internal error'] });
  if (!m[2]) return send(200, { modules: [{ versions: mod.versions.map((version) => ({ version })) }] });
  if (!mod.versions.includes(m[2])) return send(404, { errors: ['no such version'] });
  const location = mod.location!(m[2]);
  if (mod.json) return send(200, { location });
  send(204, undefined, { 'x-terraform-get': location });
}

const RDS_MAIN = (gitUrl: string) => `variable "identifier" {
  type = string
}

variable "multi_az" {
  type    = bool
  default = true
}

resource "aws_db_instance" "this" {
  identifier              = var.identifier
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  multi_az                = var.multi_az
  backup_retention_period = module.parameters.retention
}

module "parameters" {
  source = "./modules/parameters"
}

module "db_subnets" {
  source = "git::${gitUrl}/network.git//modules/subnets?ref=v1.2.0"

  name_prefix = var.identifier
  azs         = ["ap-northeast-1a"]
}

output "multi_az" {
  value = aws_db_instance.this.multi_az
}
`;

const SUBNETS_MAIN = `variable "name_prefix" {
  type = string
}

variable "azs" {
  type = list(string)
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = "vpc-0abc"
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = var.azs[count.index]

  tags = {
    Name = "\${var.name_prefix}-private-\${count.index}"
  }
}
`;

function rootConfig(dir: string, text: string): Promise<void> {
  return mkdir(dir, { recursive: true }).then(() => writeFile(path.join(dir, 'main.tf'), text));
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'resilint-remote-'));
  await mkdir(path.join(tmp, 'git'));
  git = await listen(
    gitHttpHandler(path.join(tmp, 'git'), (p) => {
      gitLog.push(p);
    }),
  );
  git.server.on('request', (req: IncomingMessage) => {
    if (req.headers.authorization) gitAuthSeen = true;
  });
  registry = await listen(registryHandler);
  // Accepts connections, never answers.
  hang = await listen(() => {});

  makeGitRepo(
    path.join(tmp, 'git'),
    'network',
    {
      'modules/subnets/main.tf': SUBNETS_MAIN,
      'modules/subnets/outputs.tf': 'output "ids" {\n  value = aws_subnet.private[*].id\n}\n',
      'modules/endpoints/main.tf': 'variable "vpc_id" {\n  type = string\n}\n\noutput "vpc_id" {\n  value = var.vpc_id\n}\n',
      'README.md': '# network modules\n',
    },
    'v1.2.0',
    path.join(tmp, 'work-network'),
  );

  const rds = (v: string) =>
    tarGz([
      { name: `acme-terraform-aws-rds-${v}/`, type: 'dir' },
      { name: `acme-terraform-aws-rds-${v}/main.tf`, data: RDS_MAIN(git.url) },
      { name: `acme-terraform-aws-rds-${v}/modules/parameters/main.tf`, data: 'output "retention" {\n  value = 7\n}\n' },
      { name: `acme-terraform-aws-rds-${v}/README.md`, data: `# rds ${v}\n` },
    ]);
  for (const v of MODULES.rds.versions) archives.set(`rds-${v}.tar.gz`, rds(v));
  archives.set('corrupt.tar.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('definitely not deflate data')]));
  archives.set('evil.tar.gz', tarGz([{ name: 'main.tf', data: 'resource "aws_db_instance" "x" {\n}\n' }, { name: '../../escaped.tf', data: '# outside\n' }]));
  archives.set(
    'vpc.zip',
    zip([
      { name: 'main.tf', data: 'resource "aws_db_instance" "replica" {\n  identifier = "vpc-db"\n  multi_az   = true\n}\n' },
      { name: 'README.md', data: '# vpc\n' },
      { name: 'docs/README.md', type: 'symlink', target: '../README.md' },
    ]),
  );
  archives.set('standalone.zip', zip([{ name: 'db/main.tf', data: 'resource "aws_db_instance" "this" {\n  identifier = "standalone"\n  multi_az   = false\n}\n' }]));
});

afterAll(async () => {
  await Promise.all([registry?.close(), git?.close(), hang?.close()]);
  await rm(tmp, { recursive: true, force: true });
});

function options(cacheDir: string, extra: Partial<ModuleDownloadOptions> = {}): ModuleDownloadOptions {
  return {
    cacheDir,
    registryHosts: { 'registry.acme.test': registry.url, 'stuck.acme.test': hang.url },
    requestTimeoutMs: 15_000,
    budgetMs: 60_000,
    env: {},
    ...extra,
  };
}

describe('downloading remote modules', () => {
  let root: string;
  let cache: string;
  let first: TerraformSourceOutput;
  let requests: string[];

  beforeAll(async () => {
    root = path.join(tmp, 'app');
    cache = path.join(tmp, 'cache');
    await rootConfig(
      root,
      `module "orders_db" {
  source  = "registry.acme.test/acme/rds/aws"
  version = "~> 1.4"

  identifier = "orders"
  multi_az   = false
}

module "network" {
  source = "git::${git.url}/network.git//modules/subnets?ref=v1.2.0"

  name_prefix = "app"
  azs         = ["ap-northeast-1a", "ap-northeast-1c"]
}

module "endpoints" {
  source = "git::${git.url}/network.git//modules/endpoints?ref=v1.2.0"

  vpc_id = "vpc-0abc"
}

module "standalone" {
  source = "${registry.url}/archives/standalone.zip//db"
}

module "vpc" {
  source  = "registry.acme.test/acme/vpc/aws"
  version = "5.0.0"
}

resource "aws_db_instance" "uses_module_output" {
  identifier = "reporting"
  multi_az   = module.orders_db.multi_az
}
`,
    );
    requests = [];
    first = await scanTerraform({ root, paths: [root], downloadModules: options(cache, { onRequest: (u) => requests.push(u) }) });
  });

  it('resolves the registry constraint to the newest matching release (not a pre-release, not the next major) and scans the module with its inputs', () => {
    expect(first.errors).toEqual([]);
    expect(first.coverage).toEqual([]);
    expect(registryLog.some((r) => r.path === '/v1/modules/acme/rds/aws/1.4.2/download')).toBe(true);
    expect(registryLog.some((r) => /\/(1\.5\.0-rc1|2\.0\.0)\/download$/.test(r.path))).toBe(false);
    const db = resource(first, 'module.orders_db.aws_db_instance.this');
    expect(db.props).toMatchObject({ identifier: 'orders', multiAz: false, engine: 'postgres', backupRetentionDays: 7 });
    // `//*` selected the tarball's single top directory; locations point into the cache.
    expect(db.provenance.location).toMatchObject({ line: 10, column: 1 });
    expect(db.provenance.location!.file).toMatch(/^\.\.\/cache\/registry\.acme\.test_acme_rds_aws_1\.4\.2-[0-9a-f]{16}\/acme-terraform-aws-rds-1\.4\.2\/main\.tf$/);
    expect(props(first, 'aws_db_instance.uses_module_output').multiAz).toBe(false);
  });

  it('fetches a git source at its ref with a //subdir, and a nested git module inside the downloaded registry module', () => {
    expect(first.resources.filter((r) => r.type === 'aws_subnet').map((r) => [r.id, (r.props as { availabilityZone?: string }).availabilityZone]).sort()).toEqual([
      ['module.network.aws_subnet.private[0]', 'ap-northeast-1a'],
      ['module.network.aws_subnet.private[1]', 'ap-northeast-1c'],
      ['module.orders_db.module.db_subnets.aws_subnet.private[0]', 'ap-northeast-1a'],
    ]);
    const nested = resource(first, 'module.orders_db.module.db_subnets.aws_subnet.private[0]');
    expect(nested.provenance.location).toMatchObject({ line: 9, column: 1 });
    expect(nested.provenance.location!.file).toMatch(/^\.\.\/cache\/127\.0\.0\.1_\d+_network\.git_v1\.2\.0-[0-9a-f]{16}\/modules\/subnets\/main\.tf$/);
    // One package for the three calls of that repository and ref (two directories of it), downloaded at once.
    expect(requests.filter((u) => u.endsWith('/network.git'))).toHaveLength(1);
    expect(gitLog.length).toBeGreaterThan(0);
  });

  it('extracts zip archives (a direct URL with //subdir, and a relative location returned in the JSON body of the download endpoint)', () => {
    expect(resource(first, 'module.standalone.aws_db_instance.this').props).toMatchObject({ identifier: 'standalone', multiAz: false });
    expect(resource(first, 'module.vpc.aws_db_instance.replica').props).toMatchObject({ identifier: 'vpc-db', multiAz: true });
  });

  it('reuses the cache: a second scan makes no request at all and gives the same resources', async () => {
    const before = { registry: registryLog.length, git: gitLog.length };
    const again: string[] = [];
    const second = await scanTerraform({ root, paths: [root], downloadModules: options(cache, { onRequest: (u) => again.push(u) }) });
    expect(again).toEqual([]);
    expect({ registry: registryLog.length, git: gitLog.length }).toEqual(before);
    expect(second.resources.map((r) => r.id).sort()).toEqual(first.resources.map((r) => r.id).sort());
    expect(second.coverage).toEqual([]);
  });

  it('limits how deep downloaded modules may nest', async () => {
    const out = await scanTerraform({ root, paths: [root], downloadModules: options(cache, { maxDepth: 1 }) });
    expect(out.coverage).toEqual([
      {
        scope: 'module.orders_db.module.db_subnets',
        errorCode: 'module-download-depth',
        message: expect.stringMatching(/^module module\.orders_db\.module\.db_subnets \(\.\.\/cache\/.*\/main\.tf:23, source "git::http:\/\/127\.0\.0\.1:\d+\/network\.git\/\/modules\/subnets\?ref=v1\.2\.0"\) is 2 downloaded modules deep, over the limit of 1; not downloaded\. Its resources and outputs are unknown\.$/),
      },
    ]);
    expect(out.resources.some((r) => r.id === 'module.orders_db.aws_db_instance.this')).toBe(true);
  });

  it('without the option, the same modules stay not assessed (modules.json behaviour unchanged)', async () => {
    const out = await scanTerraform({ root, paths: [root] });
    expect(out.coverage.map((c) => [c.scope, c.errorCode])).toEqual([
      ['module.endpoints', 'module-unavailable'],
      ['module.network', 'module-unavailable'],
      ['module.orders_db', 'module-unavailable'],
      ['module.standalone', 'module-unavailable'],
      ['module.vpc', 'module-unavailable'],
    ]);
  });

  it('gives the rules the downloaded resources: db-multi-az fails inside the registry module, at its line in the cache', async () => {
    const policyFile = path.join(tmp, 'critical.yaml');
    await writeFile(policyFile, 'version: 1\ndefaultTier: critical\n');
    const result = await scan({ paths: [root], root: tmp, policyFile, downloadModules: options(cache) });
    const f = result.findings.find((x) => x.ruleId === 'db-multi-az' && x.resource.address === 'module.orders_db.aws_db_instance.this');
    // At the module's multi_az line, inside the cached package (relative to the report root).
    expect(f).toMatchObject({ status: 'fail', location: { line: 14, column: 3 } });
    expect(f!.location!.file).toMatch(/^cache\/registry\.acme\.test_acme_rds_aws_1\.4\.2-[0-9a-f]{16}\/acme-terraform-aws-rds-1\.4\.2\/main\.tf$/);
    expect(result.coverage).toEqual([]);
    expect(result.summary.complete).toBe(true);
  });
});

describe('failures are visible, located, and cost nothing else', () => {
  let root: string;
  let out: TerraformSourceOutput;

  beforeAll(async () => {
    root = path.join(tmp, 'failing');
    await rootConfig(
      root,
      `module "missing" {
  source  = "registry.acme.test/acme/missing/aws"
  version = "1.0.0"
}

module "bad_constraint" {
  source  = "registry.acme.test/acme/rds/aws"
  version = ">= banana"
}

module "too_new" {
  source  = "registry.acme.test/acme/rds/aws"
  version = "~> 3.0"
}

module "server_error" {
  source = "registry.acme.test/acme/broken/aws"
}

module "corrupt" {
  source = "registry.acme.test/acme/corrupt/aws"
}

module "traversal" {
  source = "registry.acme.test/acme/evil/aws"
}

module "stuck" {
  source  = "stuck.acme.test/acme/rds/aws"
  version = "1.0.0"
}

module "no_such_ref" {
  source = "git::${git.url}/network.git//modules/subnets?ref=v9.9.9"
}

module "over_ssh" {
  source = "git::ssh://git@127.0.0.1:1/network.git?ref=v1.2.0"
}

module "bucket" {
  source = "s3::https://s3-eu-west-1.amazonaws.com/examplecorp-terraform-modules/vpc.zip"
}

resource "aws_db_instance" "still_scanned" {
  identifier = "still-scanned"
  multi_az   = true
}
`,
    );
    // Low enough for the server that never answers; git on a loaded machine still gets its answer.
    out = await scanTerraform({ root, paths: [root], downloadModules: options(path.join(tmp, 'cache-failing'), { requestTimeoutMs: 2_500 }) });
  });

  const entry = (name: string) => out.coverage.find((c) => c.scope === `module.${name}`);

  it('scans everything else', () => {
    expect(resource(out, 'aws_db_instance.still_scanned').props).toMatchObject({ multiAz: true });
    expect(out.resources.map((r) => r.id)).toEqual(['aws_db_instance.still_scanned']);
    // Module calls are read in name order.
    expect(out.coverage.map((c) => c.scope)).toEqual([
      'module.bad_constraint',
      'module.bucket',
      'module.corrupt',
      'module.missing',
      'module.no_such_ref',
      'module.over_ssh',
      'module.server_error',
      'module.stuck',
      'module.too_new',
      'module.traversal',
    ]);
  });

  it('a module the registry does not have (404)', () => {
    expect(entry('missing')).toEqual({
      scope: 'module.missing',
      errorCode: 'module-not-found',
      message:
        'module module.missing (main.tf:2, source "registry.acme.test/acme/missing/aws" version "1.0.0") could not be downloaded: registry registry.acme.test has no module acme/missing/aws (HTTP 404). Its resources and outputs are unknown.',
    });
  });

  it('a bad version constraint: an input error at the version line, and not assessed', () => {
    expect(out.errors).toEqual([
      { file: 'main.tf', line: 8, column: 3, kind: 'module', message: 'module "bad_constraint": invalid version constraint ">= banana": cannot read ">= banana"' },
    ]);
    expect(entry('bad_constraint')).toMatchObject({ errorCode: 'module-bad-version-constraint', message: expect.stringContaining('(main.tf:7, source "registry.acme.test/acme/rds/aws" version ">= banana")') });
  });

  it('no version matching the constraint names what is available', () => {
    expect(entry('too_new')).toEqual({
      scope: 'module.too_new',
      errorCode: 'module-no-matching-version',
      message:
        'module module.too_new (main.tf:12, source "registry.acme.test/acme/rds/aws" version "~> 3.0") could not be downloaded: no version of registry.acme.test/acme/rds/aws matches "~> 3.0" (available: 2.0.0, 1.5.0-rc1, 1.4.2, 1.3.0). Its resources and outputs are unknown.',
    });
  });

  it('a registry answering 500', () => {
    expect(entry('server_error')).toMatchObject({ errorCode: 'module-download-failed', message: expect.stringContaining('registry registry.acme.test answered HTTP 500 for the versions of acme/broken/aws') });
  });

  it('a corrupt archive and an archive with an entry outside its directory', () => {
    expect(entry('corrupt')).toMatchObject({ errorCode: 'module-archive-invalid', message: expect.stringMatching(/archives\/corrupt\.tar\.gz: corrupt gzip data/) });
    expect(entry('traversal')).toMatchObject({ errorCode: 'module-archive-invalid', message: expect.stringContaining('entry "../../escaped.tf" points outside the archive') });
  });

  it('a server that never answers times out per request', () => {
    expect(entry('stuck')).toEqual({
      scope: 'module.stuck',
      errorCode: 'module-download-timeout',
      message: `module module.stuck (main.tf:29, source "stuck.acme.test/acme/rds/aws" version "1.0.0") could not be downloaded: ${hang.url}/.well-known/terraform.json: no answer within 2500 ms. Its resources and outputs are unknown.`,
    });
  });

  it('a git ref that does not exist, and an ssh source that cannot connect', () => {
    expect(entry('no_such_ref')).toMatchObject({ errorCode: 'module-download-failed', message: expect.stringContaining("couldn't find remote ref v9.9.9") });
    expect(entry('over_ssh')).toMatchObject({ errorCode: 'module-download-failed', message: expect.stringContaining('ssh://git@127.0.0.1:1/network.git') });
  });

  it('an unsupported getter says so', () => {
    expect(entry('bucket')).toMatchObject({ errorCode: 'module-source-unsupported', message: expect.stringContaining('"s3::" sources are not supported for download') });
  });

  it('leaves no partial package and no lock in the cache', async () => {
    const names = await readdir(path.join(tmp, 'cache-failing'));
    expect(names.filter((n) => /\.(lock|tmp-.*)$/.test(n) || n.includes('.tmp-'))).toEqual([]);
    expect(names.filter((n) => n !== 'resolutions')).toEqual([]);
  });
});

describe('budget, tokens and concurrent scans', () => {
  it('the overall budget stops a scan whose server never answers, whatever the per-request timeout', async () => {
    const root = path.join(tmp, 'budget');
    await rootConfig(root, 'module "a" {\n  source  = "stuck.acme.test/acme/rds/aws"\n  version = "1.0.0"\n}\n\nmodule "b" {\n  source  = "stuck.acme.test/acme/vpc/aws"\n  version = "1.0.0"\n}\n');
    const out = await scanTerraform({ root, paths: [root], downloadModules: options(path.join(tmp, 'cache-budget'), { requestTimeoutMs: 60_000, budgetMs: 300 }) });
    expect(out.coverage.map((c) => [c.scope, c.errorCode])).toEqual([
      ['module.a', 'module-download-timeout'],
      ['module.b', 'module-download-timeout'],
    ]);
    expect(out.coverage[0].message).toContain('the overall module download budget is spent');
  });

  it('a cache inside the scanned repository gives repository-relative locations and is never scanned as input of its own', async () => {
    const root = path.join(tmp, 'inrepo');
    await rootConfig(root, 'module "db" {\n  source     = "registry.acme.test/acme/rds/aws"\n  version    = "1.3.0"\n  identifier = "inrepo"\n}\n');
    const downloadModules = options(path.join(root, 'vendor-modules'));
    await scan({ paths: [root], root, downloadModules });
    // Second scan: the cache now holds .tf files under the scanned path.
    const result = await scan({ paths: [root], root, downloadModules });
    expect(result.errors).toEqual([]);
    // Only the module's instance: the cached module is not also a root module of its own.
    expect([...new Set(result.findings.map((f) => f.resource.id))]).toEqual(['module.db.aws_db_instance.this']);
    expect(result.findings.find((f) => f.ruleId === 'db-backup-retention')!.location!.file).toMatch(/^vendor-modules\/registry\.acme\.test_acme_rds_aws_1\.3\.0-[0-9a-f]{16}\/acme-terraform-aws-rds-1\.3\.0\/main\.tf$/);
  });

  it('a version constraint on a git source is an input error at its line (Terraform refuses it); the module is still scanned', async () => {
    const root = path.join(tmp, 'gitversion');
    await rootConfig(root, `module "net" {\n  source  = "git::${git.url}/network.git//modules/subnets?ref=v1.2.0"\n  version = "1.2.0"\n\n  name_prefix = "x"\n  azs         = ["ap-northeast-1a"]\n}\n`);
    const out = await scanTerraform({ root, paths: [root], downloadModules: options(path.join(tmp, 'cache')) });
    expect(out.errors).toEqual([
      {
        file: 'main.tf',
        line: 3,
        column: 3,
        kind: 'module',
        message: `module "net": a version constraint applies only to registry modules, not to "git::${git.url}/network.git//modules/subnets?ref=v1.2.0" (pin git sources with ?ref=)`,
      },
    ]);
    expect(out.resources.map((r) => r.id)).toEqual(['module.net.aws_subnet.private[0]']);
  });

  it('a registry host nobody listens on: connection refused, named', async () => {
    const gone = await listen(() => {});
    const url = gone.url;
    await gone.close();
    const root = path.join(tmp, 'refused');
    await rootConfig(root, 'module "db" {\n  source = "gone.acme.test/acme/rds/aws"\n}\n');
    const out = await scanTerraform({ root, paths: [root], downloadModules: options(path.join(tmp, 'cache-refused'), { registryHosts: { 'gone.acme.test': url } }) });
    expect(out.coverage).toEqual([
      {
        scope: 'module.db',
        errorCode: 'module-download-failed',
        message: `module module.db (main.tf:2, source "gone.acme.test/acme/rds/aws") could not be downloaded: ${url}/.well-known/terraform.json: connection refused (ECONNREFUSED). Its resources and outputs are unknown.`,
      },
    ]);
  });

  it('never prints credentials written in a source URL', async () => {
    const root = path.join(tmp, 'creds');
    await rootConfig(root, 'module "private" {\n  source = "git::http://deploy:s3cr3t-pass@127.0.0.1:1/x.git?ref=v1"\n}\n');
    const out = await scanTerraform({ root, paths: [root], downloadModules: options(path.join(tmp, 'cache-creds')) });
    expect(out.coverage).toHaveLength(1);
    expect(out.coverage[0].message).toContain('git::http://***@127.0.0.1:1/x.git?ref=v1');
    expect(JSON.stringify(out)).not.toContain('s3cr3t');
  });

  it('sends TF_TOKEN_<host> as a bearer token to that registry only, and never reports it', async () => {
    const root = path.join(tmp, 'token');
    await rootConfig(root, 'module "db" {\n  source     = "registry.acme.test/acme/rds/aws"\n  version    = "1.3.0"\n  identifier = "tok"\n}\n');
    const from = registryLog.length;
    const result = await scan({ paths: [root], root, downloadModules: options(path.join(tmp, 'cache-token'), { env: { TF_TOKEN_registry_acme_test: 'sekret-token-123' } }) });
    const seen = registryLog.slice(from);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.auth === 'Bearer sekret-token-123')).toBe(true);
    expect(gitAuthSeen).toBe(false);
    expect(JSON.stringify(result)).not.toContain('sekret');
    expect(result.coverage).toEqual([]);
  });

  it('a registry constraint is resolved again after a day (fake clock); the cached package is still reused', async () => {
    const cacheDir = path.join(tmp, 'cache-ttl');
    const day0 = new Date('2026-12-01T00:00:00Z');
    const first = new ModuleFetcher(options(cacheDir, { now: () => day0 }));
    expect(await first.fetch('registry.acme.test/acme/rds/aws', '~> 1.3.0')).toMatchObject({ version: '1.3.0' });
    first.close();
    const paths = (from: number) => registryLog.slice(from).map((r) => r.path);

    let from = registryLog.length;
    const sameDay = new ModuleFetcher(options(cacheDir, { now: () => new Date(day0.getTime() + 23 * 3600_000) }));
    expect(await sameDay.fetch('registry.acme.test/acme/rds/aws', '~> 1.3.0')).toMatchObject({ version: '1.3.0' });
    sameDay.close();
    expect(paths(from)).toEqual([]);

    from = registryLog.length;
    const nextDay = new ModuleFetcher(options(cacheDir, { now: () => new Date(day0.getTime() + 25 * 3600_000) }));
    expect(await nextDay.fetch('registry.acme.test/acme/rds/aws', '~> 1.3.0')).toMatchObject({ version: '1.3.0' });
    nextDay.close();
    expect(paths(from)).toEqual(['/.well-known/terraform.json', '/v1/modules/acme/rds/aws/versions']);
  });

  it("waits for another scan's lock within the budget, then says so; a lock left by a dead scan is taken over", async () => {
    const cacheDir = path.join(tmp, 'cache-lock');
    const addr = 'registry.acme.test/acme/rds/aws';
    const lock = `${packageDir(cacheDir, `${addr}@1.3.0`, cacheKey('registry', addr, '1.3.0'))}.lock`;
    await mkdir(lock, { recursive: true });

    const held = new ModuleFetcher(options(cacheDir, { budgetMs: 500 }));
    expect(await held.fetch(addr, '1.3.0')).toEqual({
      code: 'module-download-timeout',
      reason: expect.stringMatching(/^the module cache entry registry\.acme\.test_acme_rds_aws_1\.3\.0-[0-9a-f]{16}\.lock is locked by another scan$/),
      attribute: 'source',
    });
    held.close();

    // Eleven minutes later by the lock's clock, the same lock is stale.
    const old = new Date(Date.now() - 11 * 60_000);
    await utimes(lock, old, old);
    const later = new ModuleFetcher(options(cacheDir));
    expect(await later.fetch(addr, '1.3.0')).toMatchObject({ version: '1.3.0', dir: expect.stringMatching(/acme-terraform-aws-rds-1\.3\.0$/) });
    later.close();
    expect((await readdir(cacheDir)).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });

  it('two scans filling the same cache at once download the package once and both use it', async () => {
    const cacheDir = path.join(tmp, 'cache-shared');
    const a = new ModuleFetcher(options(cacheDir));
    const b = new ModuleFetcher(options(cacheDir));
    const from = registryLog.length;
    const [ra, rb] = await Promise.all([a.fetch('registry.acme.test/acme/rds/aws', '2.0.0'), b.fetch('registry.acme.test/acme/rds/aws', '2.0.0')]);
    a.close();
    b.close();
    expect(ra).toEqual(rb);
    expect('dir' in ra && ra.dir).toMatch(/acme-terraform-aws-rds-2\.0\.0$/);
    expect(registryLog.slice(from).filter((r) => r.path === '/archives/rds-2.0.0.tar.gz')).toHaveLength(1);
  });
});

describe('resilint scan --download-external-modules', () => {
  async function cli(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
    return { code, stdout, stderr };
  }

  it('downloads with the flags, and exits 3 naming the module that could not be downloaded', async () => {
    const root = path.join(tmp, 'cli');
    await rootConfig(
      root,
      'module "db" {\n  source     = "registry.acme.test/acme/rds/aws"\n  version    = "~> 1.3.0"\n  identifier = "cli"\n}\n\nmodule "gone" {\n  source = "registry.acme.test/acme/missing/aws"\n}\n',
    );
    const cache = path.join(tmp, 'cache-cli');
    // Checkov's spelling, with a value, works too.
    const r = await cli('scan', root, '--root', root, '-f', 'json', '--download-external-modules', 'true', '--module-cache', cache, '--registry-host', `registry.acme.test=${registry.url}`, '--module-timeout', '10', '--module-budget', '60');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.coverage).toEqual([
      {
        scope: 'module.gone',
        errorCode: 'module-not-found',
        message: 'module module.gone (main.tf:8, source "registry.acme.test/acme/missing/aws") could not be downloaded: registry registry.acme.test has no module acme/missing/aws (HTTP 404). Its resources and outputs are unknown.',
      },
    ]);
    const db = report.findings.find((f: { ruleId: string; resource: { address: string } }) => f.ruleId === 'db-backup-retention' && f.resource.address === 'module.db.aws_db_instance.this');
    expect(db).toMatchObject({ status: 'pass' });
    expect(db.location.file).toMatch(/^\.\.\/cache-cli\/registry\.acme\.test_acme_rds_aws_1\.3\.0-[0-9a-f]{16}\/acme-terraform-aws-rds-1\.3\.0\/main\.tf$/);
  });

  it('refuses the module options without the flag, and plain http to a non-loopback registry', async () => {
    expect(await cli('scan', tmp, '--module-cache', '/tmp/x')).toMatchObject({ code: 2, stderr: 'resilint: --module-cache needs --download-external-modules\n' });
    expect(await cli('scan', tmp, '--download-external-modules', '--registry-host', 'registry.terraform.io=http://192.0.2.10:8080')).toMatchObject({
      code: 2,
      stderr: 'resilint: --registry-host registry.terraform.io: plain http is allowed only to a loopback address (127.0.0.1, ::1, localhost), got 192.0.2.10:8080\n',
    });
    expect(await cli('scan', tmp, '--download-external-modules=maybe')).toMatchObject({ code: 2, stderr: "resilint: --download-external-modules takes no value or true/false, got 'maybe'\n" });
    expect(await cli('scan', tmp, '--download-external-modules', 'false', '--module-budget', '5')).toMatchObject({ code: 2, stderr: 'resilint: --module-budget needs --download-external-modules\n' });
    expect(await cli('scan', tmp, '--download-external-modules', '--module-timeout', '0')).toMatchObject({ code: 2, stderr: "resilint: --module-timeout expects a positive number of seconds, got '0'\n" });
  });
});
