import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Unknown } from '../../src/graph/values.js';
import { scanTerraform, type TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { FIXTURES, props, reasonOf, resource, scanFixture } from './helpers.js';

describe('local modules', () => {
  let out: TerraformSourceOutput;
  beforeAll(async () => {
    out = await scanFixture('modules');
  });

  it('treats a directory used as a local module source as a child, not a root', () => {
    expect(out.rootModules).toEqual(['.']);
    expect(out.errors).toEqual([]);
  });

  it('loads a local module with its inputs; addresses carry the module path; locations point into the module file', () => {
    expect(resource(out, 'module.db.aws_db_instance.this')).toMatchObject({
      kind: 'db.instance',
      address: 'module.db.aws_db_instance.this',
      name: 'orders',
      props: { identifier: 'orders', multiAz: false, engine: 'postgres' },
      propOrigins: { multiAz: { attribute: 'multi_az', location: { file: 'modules/db/main.tf', line: 10, column: 3 } } },
      provenance: { location: { file: 'modules/db/main.tf', line: 7, column: 1 }, modulePath: ['module.db'] },
    });
  });

  it('expands module count and for_each into instance addresses', () => {
    const ids = out.resources.map((r) => r.id).sort();
    expect(ids).toEqual([
      'aws_db_instance.uses_output',
      'module.byname["a"].aws_db_instance.this',
      'module.byname["b"].aws_db_instance.this',
      'module.db.aws_db_instance.this',
      'module.replicas[0].aws_db_instance.this',
      'module.replicas[1].aws_db_instance.this',
    ]);
    expect(props(out, 'module.replicas[1].aws_db_instance.this')).toMatchObject({ identifier: 'replica-1', multiAz: true });
    expect(props(out, 'module.byname["b"].aws_db_instance.this')).toMatchObject({ identifier: 'b', multiAz: false });
    expect(resource(out, 'module.byname["a"].aws_db_instance.this').provenance.modulePath).toEqual(['module.byname["a"]']);
  });

  it('reads module outputs; a remote module without modules.json is a coverage gap with unknown outputs', () => {
    const p = props(out, 'aws_db_instance.uses_output');
    expect(p.identifier).toBe('orders-copy');
    expect(p.engine).toBe('replica-1');
    expect(p.multiAz).toBeInstanceOf(Unknown);
    expect(reasonOf(p.multiAz)).toContain('module "remote"');
    expect(out.coverage).toEqual([
      { scope: 'module.remote', errorCode: 'module-unavailable', message: expect.stringContaining('terraform init') },
    ]);
  });
});

describe('remote modules via .terraform/modules/modules.json', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-tf-remote-'));
    await cp(path.join(FIXTURES, 'modules'), dir, { recursive: true });
    const installed = path.join(dir, '.terraform/modules/remote');
    await mkdir(installed, { recursive: true });
    await writeFile(
      path.join(installed, 'main.tf'),
      'variable "multi_az" {\n  default = true\n}\n\nresource "aws_db_instance" "this" {\n  identifier = "remote-db"\n  multi_az   = var.multi_az\n}\n\noutput "multi_az" {\n  value = aws_db_instance.this.multi_az\n}\n',
    );
    await writeFile(
      path.join(dir, '.terraform/modules/modules.json'),
      JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'remote', Source: 'registry.terraform.io/terraform-aws-modules/rds/aws', Version: '6.0.0', Dir: '.terraform/modules/remote' }] }),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the installed module: resources, outputs and locations inside .terraform', async () => {
    const out = await scanTerraform({ root: dir, paths: [dir] });
    expect(out.coverage).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(resource(out, 'module.remote.aws_db_instance.this')).toMatchObject({
      props: { identifier: 'remote-db', multiAz: true },
      provenance: { location: { file: '.terraform/modules/remote/main.tf', line: 5, column: 1 } },
    });
    expect(props(out, 'aws_db_instance.uses_output').multiAz).toBe(true);
    // Hidden directories are not scanned as roots.
    expect(out.rootModules).toEqual(['.']);
  });
});

describe('several root modules', () => {
  it('prefixes ids with the root module directory; a shared module outside the scanned path is loaded on demand', async () => {
    const out = await scanFixture('multiroot');
    expect(out.rootModules.sort()).toEqual(['envs/dev', 'envs/prod']);
    expect(out.resources.map((r) => [r.id, r.address, (r.props as { availabilityZone?: unknown }).availabilityZone]).sort()).toEqual([
      ['envs/dev:module.net.aws_subnet.this', 'module.net.aws_subnet.this', 'ap-northeast-1c'],
      ['envs/prod:module.net.aws_subnet.this', 'module.net.aws_subnet.this', 'ap-northeast-1a'],
    ]);

    const root = path.join(FIXTURES, 'multiroot');
    const prodOnly = await scanTerraform({ root, paths: [path.join(root, 'envs/prod')] });
    expect(prodOnly.resources.map((r) => r.id)).toEqual(['envs/prod:module.net.aws_subnet.this']);
    expect(prodOnly.resources[0].provenance.location).toEqual({ file: 'modules/net/main.tf', line: 3, column: 1 });
    expect(prodOnly.files.sort()).toEqual(['envs/prod/main.tf', 'modules/net/main.tf']);
  });
});
