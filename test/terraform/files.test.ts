import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverTerraformFiles as discoverFiles, parseErrorFromMessage, parseTerraformFile } from '../../src/sources/terraform/files.js';

describe('discovery and per-file parsing', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-tf-files-'));
    for (const f of ['main.tf', 'sub/a.tf', 'sub/deeper/b.tf', '.hidden/c.tf', '.terraform/modules/x/d.tf', 'notes.txt', 'x.tfvars', 'e.tf.json']) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await writeFile(path.join(dir, f), 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16" # main\n}\n');
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds .tf files, skipping hidden directories and .terraform', async () => {
    const d = await discoverFiles([dir], dir);
    expect(d.errors).toEqual([]);
    expect(d.files.map((f) => path.relative(dir, f).split(path.sep).join('/'))).toEqual(['main.tf', 'sub/a.tf', 'sub/deeper/b.tf']);
  });

  it('takes explicit .tf files, ignores other explicit files, reports missing paths', async () => {
    const d = await discoverFiles([path.join(dir, 'sub/a.tf'), path.join(dir, 'notes.txt'), path.join(dir, 'nope')], dir);
    expect(d.files).toEqual([path.join(dir, 'sub/a.tf')]);
    expect(d.errors).toEqual([{ file: 'nope', kind: 'read', message: expect.stringContaining('ENOENT') }]);
  });

  it('parseTerraformFile returns a structured-clone-able result (ready for worker threads)', async () => {
    const parsed = await parseTerraformFile(path.join(dir, 'sub/a.tf'), dir);
    expect(parsed.error).toBeUndefined();
    expect(parsed.file).toBe('sub/a.tf');
    expect(parsed.body).toEqual({ resource: { aws_vpc: { v: [{ cidr_block: '10.0.0.0/16' }] } } });
    expect(parsed.locations?.blocks[0]).toMatchObject({ type: 'resource', labels: ['aws_vpc', 'v'], line: 1, column: 1, endLine: 3 });
    const clone = structuredClone(parsed);
    expect(clone.locations?.blocks[0].attributes.get('cidr_block')).toEqual({ line: 2, column: 3 });
    expect(clone.locations?.comments).toEqual([{ line: 2, column: 30, endLine: 2, text: '# main' }]);
  });
});

describe('hcl2json error messages', () => {
  it('takes the first diagnostic, its position and a one-line reason', () => {
    const msg =
      'parse config: [main.tf:6,27-7,1: Invalid single-argument block definition; An argument definition on the same line as its containing block creates a single-line block definition. main.tf:26,18-32: Argument definition required; A single-line block definition can contain only a single argument.]';
    expect(parseErrorFromMessage('envs/prod/main.tf', 'main.tf', msg)).toEqual({
      file: 'envs/prod/main.tf',
      line: 6,
      column: 27,
      kind: 'parse',
      message: 'Invalid single-argument block definition: An argument definition on the same line as its containing block creates a single-line block definition.',
    });
    expect(parseErrorFromMessage('a.tf', 'a.tf', 'something else\nentirely')).toEqual({ file: 'a.tf', kind: 'parse', message: 'cannot parse a.tf: something else entirely' });
  });
});
