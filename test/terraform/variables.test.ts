import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Unknown } from '../../src/graph/values.js';
import { cliVarValue } from '../../src/sources/terraform/variables.js';
import { scanTerraform } from '../../src/sources/terraform/index.js';
import { FIXTURES, props, reasonOf, resource, scanFixture } from './helpers.js';

describe('variables', () => {
  it('applies defaults < terraform.tfvars < *.auto.tfvars (alphabetical) < --var-file < --var', async () => {
    const out = await scanFixture('vars', {
      varFiles: [path.join(FIXTURES, 'vars/extra.tfvars')],
      vars: { d: 'cli-d', n: '3', list: '["x", "y"]', region: '1' },
    });
    expect(out.errors).toEqual([]);
    const p = props(out, 'aws_db_instance.db');
    expect(p.identifier).toBe('tfvars-a-auto-b-varfile-c-cli-d-default-e');
    expect(p.availabilityZone).toBe('auto-b');
    expect(p.backupRetentionDays).toBe(3);
    expect(p.engine).toBe('y');
    // A string-typed variable takes the -var text as is.
    expect(p.instanceClass).toBe('1');
    expect(out.files).toEqual(expect.arrayContaining(['main.tf', 'terraform.tfvars', 'a.auto.tfvars', 'b.auto.tfvars', 'extra.tfvars']));
  });

  it('without the var file and --var, the earlier sources win', async () => {
    const out = await scanFixture('vars');
    const p = props(out, 'aws_db_instance.db');
    expect(p.identifier).toBe('tfvars-a-auto-b-auto-c-tfvars-d-default-e');
  });

  it('a variable without a value is Unknown, with the reason, and propagates into props', async () => {
    const out = await scanFixture('vars');
    const p = props(out, 'aws_db_instance.db');
    expect(p.multiAz).toBeInstanceOf(Unknown);
    expect(reasonOf(p.multiAz)).toContain('variable unset has no value');
    expect(p.backupRetentionDays).toBeInstanceOf(Unknown);
    expect(resource(out, 'aws_db_instance.db').propOrigins).toMatchObject({
      multiAz: { attribute: 'multi_az', location: { file: 'main.tf', line: 31, column: 3 } },
    });
  });

  it('--var text: an HCL constant is its value, anything else the plain string', () => {
    expect(cliVarValue('3', undefined)).toBe(3);
    expect(cliVarValue('true', undefined)).toBe(true);
    expect(cliVarValue('["a", "b"]', undefined)).toEqual(['a', 'b']);
    expect(cliVarValue('{ a = 1 }', undefined)).toEqual({ a: 1 });
    expect(cliVarValue('ap-northeast-1', undefined)).toBe('ap-northeast-1');
    expect(cliVarValue('hello world', undefined)).toBe('hello world');
    expect(cliVarValue('3', '${string}')).toBe('3');
  });

  it('a broken tfvars file or a missing --var-file is an input error; the other values still apply', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-tf-vars-'));
    try {
      await cp(path.join(FIXTURES, 'vars'), dir, { recursive: true });
      await writeFile(path.join(dir, 'c.auto.tfvars'), 'order = "auto-c"\nbroken = \n');
      const out = await scanTerraform({ root: dir, paths: [dir], varFiles: [path.join(dir, 'missing.tfvars')] });
      expect(out.errors).toEqual([
        { file: 'c.auto.tfvars', line: 2, column: 10, kind: 'parse', message: expect.stringContaining('Invalid expression') },
        { file: 'missing.tfvars', line: 1, column: 1, kind: 'read', message: expect.stringContaining('ENOENT') },
      ]);
      expect(props(out, 'aws_db_instance.db').availabilityZone).toBe('auto-b');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
