import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan, ScanUsageError } from '../../src/scan.js';
import { builtinSources } from '../../src/sources/registry.js';
import type { Source } from '../../src/sources/types.js';
import { inventorySource } from '../support/inventory-source/index.js';

// A new input format is one folder (test/support/inventory-source/) registered from the caller: scan() knows no format.
describe('source registry', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'resilint-sources-'));
    await mkdir(path.join(dir, 'inv'));
    await writeFile(
      path.join(dir, 'inv', 'prod.dbs'),
      [
        'orders engine=postgres multi_az=false',
        '# resilint:ignore db-multi-az reason="rebuilt from snapshots"',
        'reports engine=postgres multi_az=false',
        '  ledger engine=postgres multi_az=true',
        'this line = is not inventory',
        'legacy engine=mysql',
        '',
      ].join('\n'),
    );
    await writeFile(path.join(dir, 'inv', 'main.tf'), 'resource "aws_db_instance" "tf" {\n  engine   = "postgres"\n  multi_az = false\n}\n');
    await writeFile(path.join(dir, 'policy.yaml'), 'defaultTier: critical\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (sources: readonly Source[], paths = [path.join(dir, 'inv')]) =>
    scan({ paths, root: dir, sources, policyFile: path.join(dir, 'policy.yaml'), now: () => new Date('2026-12-07T00:00:00Z') });

  it('runs a source registered by the caller, with located results, errors and inline suppressions', async () => {
    const result = await run([inventorySource]);
    expect(result.sources).toEqual(['inventory']);
    expect(result.files).toEqual(['inv/prod.dbs']);
    const multiAz = result.findings.filter((f) => f.ruleId === 'db-multi-az').map((f) => ({ address: f.resource.address, status: f.status, line: f.location?.line, file: f.location?.file, suppressed: Boolean(f.suppression) }));
    expect(multiAz).toEqual([
      { address: 'inventory.orders', status: 'fail', file: 'inv/prod.dbs', line: 1, suppressed: false },
      { address: 'inventory.reports', status: 'fail', file: 'inv/prod.dbs', line: 3, suppressed: true },
      { address: 'inventory.ledger', status: 'pass', file: 'inv/prod.dbs', line: 4, suppressed: false },
      // multi_az not given is unknown with the source's reason, never a pass.
      { address: 'inventory.legacy', status: 'unknown', file: 'inv/prod.dbs', line: 6, suppressed: false },
    ]);
    expect(result.findings.find((f) => f.ruleId === 'db-multi-az' && f.resource.address === 'inventory.legacy')?.message).toContain('multi_az is not given');
    expect(result.errors).toEqual([{ file: 'inv/prod.dbs', line: 5, column: 1, kind: 'parse', message: 'expected `<name> key=value …`' }]);
    // The registry replaces the built-in sources: the .tf file next to it is not read.
    expect(result.findings.some((f) => f.resource.address === 'aws_db_instance.tf')).toBe(false);
  });

  it('runs registered sources next to the built-in ones, each on the files it accepts', async () => {
    const result = await run([...builtinSources, inventorySource]);
    expect(result.sources).toEqual(['terraform', 'inventory']);
    expect(result.files).toEqual(['inv/main.tf', 'inv/prod.dbs']);
    const tf = result.findings.find((f) => f.ruleId === 'db-multi-az' && f.resource.address === 'aws_db_instance.tf');
    expect(tf).toMatchObject({ status: 'fail', location: { file: 'inv/main.tf', line: 3 } });
  });

  it('names the registered sources when a path holds nothing any of them reads', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    await writeFile(path.join(empty, 'main.tf'), '# not inventory\n');
    const result = await run([inventorySource], [empty]);
    expect(result.errors).toEqual([{ file: 'empty', line: 1, column: 1, kind: 'no-input', message: 'empty: nothing resilint reads was found (no database inventory (.dbs))' }]);
  });

  it('words the no-input error of the built-in sources as before', async () => {
    const empty = path.join(dir, 'empty2');
    await mkdir(empty, { recursive: true });
    const result = await run(builtinSources, [empty]);
    expect(result.errors.map((e) => e.message)).toEqual(['empty2: nothing resilint reads was found (no Terraform .tf file, Terraform plan JSON or CloudFormation template)']);
  });

  it('refuses a source list reports could not tell apart (usage error, before any file is read)', async () => {
    await expect(run([inventorySource, inventorySource])).rejects.toThrow(ScanUsageError);
    await expect(run([inventorySource, inventorySource])).rejects.toThrow("source 'inventory' is registered twice");
    await expect(run([{ ...inventorySource, name: 'aws' }])).rejects.toThrow(/live AWS source/);
    await expect(run([{ ...inventorySource, name: 'My Format' }])).rejects.toThrow(/lower-case/);
  });
});
