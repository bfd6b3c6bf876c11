import { cp, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Unknown } from '../../src/graph/values.js';
import { scanTerraform, type TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { parseTerraformFile } from '../../src/sources/terraform/files.js';
import { FIXTURES, props, reasonOf } from './helpers.js';


describe('bad input never stops the scan', () => {
  let dir: string;
  let out: TerraformSourceOutput;
  const errorFor = (file: string) => out.errors.filter((e) => e.file === file);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-tf-bad-'));
    await cp(path.join(FIXTURES, 'bad'), dir, { recursive: true });
    await writeFile(path.join(dir, 'nul.tf'), Buffer.from('resource "aws_vpc" "x" {\n  cidr_block = "10.0.0.0/16"\u0000\n}\n', 'utf8'));
    await writeFile(path.join(dir, 'latin1.tf'), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nresource "aws_vpc" "y" {}\n')]));
    // 50 MB, sparse: reported from its size, never read.
    await writeFile(path.join(dir, 'huge.tf'), '');
    await truncate(path.join(dir, 'huge.tf'), 50 * 1024 * 1024);
    await symlink(path.join(dir, 'missing-target.tf'), path.join(dir, 'dangling.tf'));
    out = await scanTerraform({ root: dir, paths: [dir] });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the resources of every other file', () => {
    expect(out.resources.map((r) => r.id).sort()).toEqual(['aws_db_instance.cyc', 'aws_db_instance.fn', 'aws_db_instance.good']);
    expect(props(out, 'aws_db_instance.good')).toMatchObject({ identifier: 'good', multiAz: true });
  });

  it('syntax error → parse error with line, column and a one-line reason', () => {
    expect(errorFor('syntax.tf')).toEqual([{ file: 'syntax.tf', line: 3, column: 16, kind: 'parse', message: expect.stringMatching(/^Invalid expression: Expected the start of an expression/) }]);
    expect(errorFor('syntax.tf')[0].message).not.toContain('\n');
  });

  it('unknown function → function error at the attribute; the value is Unknown; the rest of the resource is read', () => {
    expect(errorFor('function.tf')).toEqual([{ file: 'function.tf', line: 3, column: 3, kind: 'function', message: expect.stringContaining('no_such_function') }]);
    const p = props(out, 'aws_db_instance.fn');
    expect(p.multiAz).toBeInstanceOf(Unknown);
    expect(p.engine).toBe('postgres');
  });

  it('reference cycle → cycle error naming the members at the first one; values Unknown', () => {
    expect(errorFor('cycle.tf')).toEqual([{ file: 'cycle.tf', line: 2, column: 3, kind: 'cycle', message: 'reference cycle: local.a → local.b → local.a' }]);
    const p = props(out, 'aws_db_instance.cyc');
    expect(reasonOf(p.identifier)).toContain('reference cycle');
    expect(p.engine).toBe('mysql');
  });

  it('missing local module directory → module error at the source attribute', () => {
    expect(errorFor('module.tf')).toEqual([{ file: 'module.tf', line: 2, column: 3, kind: 'module', message: expect.stringContaining('./does-not-exist') }]);
  });

  it('binary junk: NUL bytes and invalid UTF-8', () => {
    expect(errorFor('nul.tf')).toEqual([{ file: 'nul.tf', line: 2, column: 29, kind: 'binary', message: expect.stringContaining('NUL') }]);
    expect(errorFor('latin1.tf')).toEqual([{ file: 'latin1.tf', line: 1, column: 6, kind: 'encoding', message: expect.stringContaining('UTF-8') }]);
  });

  it('a 50 MB file is too large, reported without parsing', () => {
    expect(errorFor('huge.tf')).toEqual([{ file: 'huge.tf', line: 1, column: 1, kind: 'too-large', message: expect.stringContaining('50.0 MiB') }]);
  });

  it('an unreadable file → read error', () => {
    expect(errorFor('dangling.tf')).toEqual([{ file: 'dangling.tf', line: 1, column: 1, kind: 'read', message: expect.stringContaining('ENOENT') }]);
  });

  it('lists every file it looked at', () => {
    expect(out.files.sort()).toEqual(['cycle.tf', 'dangling.tf', 'function.tf', 'good.tf', 'huge.tf', 'latin1.tf', 'module.tf', 'nul.tf', 'syntax.tf']);
  });

  it('a path that cannot be read as a file → read error, never a crash', async () => {
    // (Permission bits cannot make a file unreadable for root, which CI runs as; the dangling link
    // above covers the failed open, this covers a .tf name that is not a regular file.)
    const f = path.join(dir, 'folder.tf');
    await mkdir(f, { recursive: true });
    const parsed = await parseTerraformFile(f, dir);
    expect(parsed.error).toEqual({ file: 'folder.tf', line: 1, column: 1, kind: 'read', message: expect.stringContaining('not a regular file') });
  });

  it('honours maxFileBytes', async () => {
    const parsed = await parseTerraformFile(path.join(dir, 'good.tf'), dir, 10);
    expect(parsed.error).toMatchObject({ file: 'good.tf', kind: 'too-large' });
  });
});
