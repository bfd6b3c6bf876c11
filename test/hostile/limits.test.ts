import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/load.js';
import { scan } from '../../src/scan.js';
import { TF_NEIGHBOUR } from '../support/hostile-cases.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-limits-'));
  await writeFile(path.join(dir, 'neighbour.tf'), TF_NEIGHBOUR);
  await writeFile(
    path.join(dir, 'main.tf'),
    ['resource "aws_s3_bucket" "logs" {', '  count  = 5', '  bucket = "logs-${count.index}"', '}', '', 'locals {', '  pairs = setproduct(range(10), range(10))', '}', ''].join('\n'),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('limits from the policy file', () => {
  it('are validated: a limit must be a whole number of at least 1, and a name the schema knows', () => {
    expect(parsePolicy('limits:\n  maxInstances: 3\n', 'p.yaml').limits).toEqual({ maxInstances: 3 });
    expect(() => parsePolicy('limits:\n  maxInstances: 0\n', 'p.yaml')).toThrow(/p\.yaml:2/);
    expect(() => parsePolicy('limits:\n  maxBananas: 3\n', 'p.yaml')).toThrow(/p\.yaml:2/);
  });

  it('apply to the scan: the resource over the limit is an error at its count, its neighbours are still assessed', async () => {
    const result = await scan({ paths: [dir], root: dir, policy: parsePolicy('limits:\n  maxInstances: 3\n  maxCollectionSize: 50\n', 'policy.yaml') });
    expect(result.errors).toEqual([
      { file: 'main.tf', line: 2, column: 3, kind: 'limit', message: expect.stringContaining('count = 5 is over the limit of 3 (maxInstances') },
      { file: 'main.tf', line: 7, column: 3, kind: 'function', message: expect.stringContaining('maxCollectionSize') },
    ]);
    const db = result.findings.find((f) => f.ruleId === 'db-multi-az' && f.resource.address === 'aws_db_instance.orders');
    // At its multi_az = false.
    expect([db?.status, db?.location?.line]).toEqual(['fail', 4]);
  });

  it('the defaults let real sizes through', async () => {
    const result = await scan({ paths: [dir], root: dir });
    expect(result.errors).toEqual([]);
  });
});
