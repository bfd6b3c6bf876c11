import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverTerraformFiles as discoverFiles } from '../../src/sources/terraform/files.js';

// Worker threads need the compiled worker script, so this test drives the
// build in dist/ (npm test builds first) and compares it with parsing on the
// main thread.
const dist = (await import(join(import.meta.dirname, '../../dist/src/sources/terraform/parse-pool.js'))) as typeof import('../../src/sources/terraform/parse-pool.js');

describe('parsing on worker threads', () => {
  it('gives exactly what parsing on the main thread gives, errors included, in input order', async () => {
    const root = join(import.meta.dirname, '../../fixtures/technova/terraform');
    const extra = mkdtempSync(join(tmpdir(), 'resilint-pool-'));
    writeFileSync(join(extra, 'broken.tf'), 'resource "aws_vpc" "x" {\n  cidr_block = \n}\n');
    writeFileSync(join(extra, 'nul.tf'), 'a\u0000b');
    const { files } = await discoverFiles([root, extra], root);
    expect(files.length).toBeGreaterThan(15);
    const inProcess = await dist.parseFiles(files, { root, maxFileBytes: 1 << 20, workers: 0 });
    const onWorkers = await dist.parseFiles(files, { root, maxFileBytes: 1 << 20, workers: 2 });
    expect(onWorkers).toEqual(inProcess);
    expect(onWorkers.map((f) => f.error?.kind).filter(Boolean).sort()).toEqual(['binary', 'parse']);
  });

  it('uses workers only when there are enough files to pay for them', () => {
    expect(dist.defaultWorkerCount(3)).toBe(0);
    expect(dist.defaultWorkerCount(dist.MIN_FILES_FOR_WORKERS)).toBeGreaterThanOrEqual(2);
  });
});

describe('parsing on worker threads, streamed', () => {
  it('reports every file once, with its index and the same result, as workers finish them', async () => {
    const root = join(import.meta.dirname, '../../fixtures/technova/terraform');
    const { files } = await discoverFiles([root], root);
    const seen = new Map<number, unknown>();
    const out = await dist.parseFiles(files, { root, maxFileBytes: 1 << 20, workers: 2 }, (i, f) => {
      expect(seen.has(i)).toBe(false);
      seen.set(i, f);
    });
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(files.map((_, i) => i));
    for (const [i, f] of seen) expect(f).toBe(out[i]);
  });
});
