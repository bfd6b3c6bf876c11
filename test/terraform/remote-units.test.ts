/** The pieces of remote module download that need no server: constraints, source addresses, archive safety. */
import { lstat, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModuleSource, redactUrl, splitSubdir } from '../../src/sources/terraform/remote/address.js';
import { ArchiveError, extractArchive, sniffArchive } from '../../src/sources/terraform/remote/archive.js';
import { parseRegistryHost, tokenFromEnv } from '../../src/sources/terraform/remote/http.js';
import { newestMatching, parseConstraint } from '../../src/sources/terraform/remote/version.js';
import { tar, tarGz, zip } from '../support/module-servers.js';

describe('version constraints (Terraform syntax)', () => {
  const available = ['1.0.0', '1.2.0', '1.2.9', '1.3.0', '1.10.1', '2.0.0-beta1', '2.0.0', '2.1.0', '3.0.0-rc.1', 'v2.2.0', 'not-a-version'];
  it.each([
    ['', 'v2.2.0'],
    ['1.2.0', '1.2.0'],
    ['= 1.2.9', '1.2.9'],
    ['~> 1.2', '1.10.1'],
    ['~> 1.2.0', '1.2.9'],
    ['~> 1', '1.10.1'],
    ['~> 2.0', 'v2.2.0'],
    ['>= 1.2, < 2.0', '1.10.1'],
    ['>= 1.0.0, != 2.1.0, < 2.2', '2.0.0'],
    ['> 2.1.0', 'v2.2.0'],
    ['<= 1.2', '1.2.0'],
    ['< 1.0.0', undefined],
    ['2.0.0-beta1', '2.0.0-beta1'],
    ['>= 3.0.0-rc.1', undefined],
    ['~> 3.0', undefined],
  ])('%j → %s', (c, expected) => {
    expect(newestMatching(available, parseConstraint(c))).toBe(expected);
  });

  it('a pre-release is chosen only by an exact condition naming it', () => {
    expect(newestMatching(['1.0.0', '1.1.0-alpha'], parseConstraint('>= 1.0'))).toBe('1.0.0');
    expect(newestMatching(['1.0.0', '1.1.0-alpha'], parseConstraint('1.1.0-alpha'))).toBe('1.1.0-alpha');
  });

  it.each(['>= banana', '~>', '1.2.x', '>> 1.0', '1.0,,2.0'])('rejects %j', (c) => {
    expect(() => parseConstraint(c)).toThrow(/invalid version constraint/);
  });
});

describe('module source addresses', () => {
  it.each([
    ['terraform-aws-modules/vpc/aws', { kind: 'registry', host: 'registry.terraform.io', namespace: 'terraform-aws-modules', name: 'vpc', system: 'aws' }],
    ['terraform-aws-modules/iam/aws//modules/iam-assumable-role', { kind: 'registry', name: 'iam', subdir: 'modules/iam-assumable-role' }],
    ['app.terraform.io/example-corp/k8s-cluster/azurerm', { kind: 'registry', host: 'app.terraform.io', namespace: 'example-corp' }],
    ['localhost:8443/acme/db/aws', { kind: 'registry', host: 'localhost:8443' }],
    ['git::https://example.com/network.git//modules/vpc?ref=v1.2.0', { kind: 'git', url: 'https://example.com/network.git', ref: 'v1.2.0', subdir: 'modules/vpc' }],
    ['git::ssh://git@example.com/network.git?ref=main&depth=1', { kind: 'git', url: 'ssh://git@example.com/network.git', ref: 'main' }],
    ['git@github.com:acme/terraform-modules.git//rds?ref=v3', { kind: 'git', url: 'ssh://git@github.com/acme/terraform-modules.git', ref: 'v3', subdir: 'rds' }],
    ['github.com/hashicorp/example?ref=v1.0.0', { kind: 'git', url: 'https://github.com/hashicorp/example.git', ref: 'v1.0.0' }],
    ['github.com/hashicorp/example//sub', { kind: 'git', url: 'https://github.com/hashicorp/example.git', subdir: 'sub' }],
    ['https://example.com/vpc-module.zip', { kind: 'http', url: 'https://example.com/vpc-module.zip', archive: 'zip' }],
    ['https://example.com/vpc-module?archive=tgz', { kind: 'http', url: 'https://example.com/vpc-module', archive: 'tar.gz' }],
    ['https://api.github.com/repos/acme/rds/tarball/v1.0.0//*?archive=tar.gz', { kind: 'http', url: 'https://api.github.com/repos/acme/rds/tarball/v1.0.0', archive: 'tar.gz', subdir: '*' }],
    ['https://example.com/modules/network.git?ref=v2', { kind: 'git', url: 'https://example.com/modules/network.git', ref: 'v2' }],
    ['s3::https://s3-eu-west-1.amazonaws.com/bucket/vpc.zip', { kind: 'unsupported' }],
    ['hg::http://example.com/vpc.hg', { kind: 'unsupported' }],
    ['bitbucket.org/acme/vpc', { kind: 'unsupported' }],
    ['github.com/acme', { kind: 'unsupported' }],
  ])('%s', (source, expected) => {
    expect(parseModuleSource(source)).toMatchObject(expected);
  });

  it('masks credentials in URLs, also inside messages', () => {
    expect(redactUrl('git::https://ghp_abc123@github.com/acme/x.git')).toBe('git::https://***@github.com/acme/x.git');
    expect(redactUrl("fatal: unable to access 'https://deploy:pw@example.com/x.git/'")).toBe("fatal: unable to access 'https://***@example.com/x.git/'");
    expect(redactUrl('ssh://git@example.com/x.git')).toBe('ssh://git@example.com/x.git');
    expect(redactUrl('ssh://git:pw@example.com/x.git')).toBe('ssh://git:***@example.com/x.git');
  });

  it('splits go-getter subdirectories without touching scheme slashes', () => {
    expect(splitSubdir('https://example.com/a.tgz//x/y?archive=tgz')).toEqual({ base: 'https://example.com/a.tgz?archive=tgz', subdir: 'x/y' });
    expect(splitSubdir('https://example.com/a.tgz')).toEqual({ base: 'https://example.com/a.tgz' });
  });
});

describe('registry host mapping and tokens', () => {
  it('maps a host to https anywhere or plain http on loopback only', () => {
    expect(parseRegistryHost('registry.acme.test=http://127.0.0.1:8080/')).toEqual({ host: 'registry.acme.test', baseUrl: 'http://127.0.0.1:8080' });
    expect(parseRegistryHost('Mirror.Example.com=https://mirror.internal/tf')).toEqual({ host: 'mirror.example.com', baseUrl: 'https://mirror.internal/tf' });
    expect(() => parseRegistryHost('registry.terraform.io=http://10.0.0.5:8080')).toThrow('plain http is allowed only to a loopback address');
    expect(() => parseRegistryHost('x=https://user:pw@mirror.internal')).toThrow('TF_TOKEN_');
    expect(() => parseRegistryHost('no-equals')).toThrow('HOST=URL');
  });

  it("reads TF_TOKEN_<host> with Terraform's encoding (dots as _, hyphens as __)", () => {
    const env = { TF_TOKEN_app_terraform_io: 'a', TF_TOKEN_my__registry_example_com: 'b' };
    expect(tokenFromEnv(env, 'app.terraform.io')).toBe('a');
    expect(tokenFromEnv(env, 'my-registry.example.com')).toBe('b');
    expect(tokenFromEnv(env, 'registry.terraform.io')).toBeUndefined();
  });
});

describe('archive extraction', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-archive-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const limits = { maxExtractedBytes: 1024 * 1024, maxFiles: 100 };
  let n = 0;
  const target = () => path.join(dir, `t${n++}`, 'pkg');

  it('extracts tar.gz and zip, keeping links that stay inside', async () => {
    const t = target();
    await extractArchive(tarGz([{ name: 'a/main.tf', data: 'x' }, { name: 'a/link.md', type: 'symlink', target: 'main.tf' }]), 'tar.gz', t, limits);
    expect(await readFile(path.join(t, 'a/main.tf'), 'utf8')).toBe('x');
    expect(await readlink(path.join(t, 'a/link.md'))).toBe('main.tf');
    const z = target();
    await extractArchive(zip([{ name: 'm/', type: 'dir' }, { name: 'm/main.tf', data: 'resource "x" "y" {}\n' }]), 'zip', z, limits);
    expect(await readFile(path.join(z, 'm/main.tf'), 'utf8')).toBe('resource "x" "y" {}\n');
    expect((await lstat(path.join(z, 'm/main.tf'))).mode & 0o111).toBe(0);
  });

  it.each([
    ['a parent-directory entry', tar([{ name: '../evil.tf', data: 'x' }]), 'tar' as const, 'entry "../evil.tf" points outside the archive'],
    ['an absolute entry', tar([{ name: '/etc/evil.tf', data: 'x' }]), 'tar' as const, 'entry "/etc/evil.tf" has an absolute path'],
    ['a symlink pointing outside', tar([{ name: 'l', type: 'symlink', target: '../../etc' }]), 'tar' as const, 'symbolic link pointing outside the archive'],
    ['an absolute symlink', zip([{ name: 'l', type: 'symlink', target: '/etc/passwd' }]), 'zip' as const, 'symbolic link pointing outside the archive'],
    ['a zip entry escaping', zip([{ name: 'a/../../x.tf', data: 'x' }]), 'zip' as const, 'points outside the archive'],
    ['too many entries', tar(Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.tf`, data: '' }))), 'tar' as const, 'more than 100 entries'],
    ['too many bytes', tar([{ name: 'big.tf', data: 'x'.repeat(1024 * 1024 + 1) }]), 'tar' as const, 'expands to more than 1048576 bytes'],
    ['a gzip bomb', gzipSync(Buffer.alloc(8 * 1024 * 1024)), 'tar.gz' as const, 'expands to more than'],
    ['corrupt gzip', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), 'tar.gz' as const, 'corrupt gzip data'],
    ['a bad tar checksum', Buffer.concat([Buffer.from('garbage'.padEnd(512, 'x')), Buffer.alloc(1024)]), 'tar' as const, 'corrupt tar header'],
    ['a truncated zip', zip([{ name: 'a.tf', data: 'x' }]).subarray(0, 40), 'zip' as const, 'corrupt zip archive'],
  ])('refuses %s, writing nothing outside', async (_what, buf, kind, message) => {
    const t = target();
    const err = await extractArchive(buf, kind, t, limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect((err as Error).message).toContain(message);
    await expect(lstat(path.join(t, '..', 'evil.tf'))).rejects.toThrow();
    await expect(lstat(path.join(t, '..', '..', 'evil.tf'))).rejects.toThrow();
  });

  it('recognises archives by their first bytes', () => {
    expect(sniffArchive(tarGz([{ name: 'a', data: '' }]))).toBe('tar.gz');
    expect(sniffArchive(zip([{ name: 'a', data: '' }]))).toBe('zip');
    expect(sniffArchive(tar([{ name: 'a', data: '' }]))).toBe('tar');
    expect(sniffArchive(Buffer.from('<html>'))).toBeUndefined();
  });
});
