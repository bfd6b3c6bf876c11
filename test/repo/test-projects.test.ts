/**
 * A test that starts something outside the test process (a moto server,
 * headless Chromium, the built CLI, a child process) is slow on a busy
 * 2-core machine: it belongs to the integration project, whose limits are
 * meant for that (vitest.config.ts). In the unit project, with its 30 s
 * limit, it would fail under load — a flaky test blocks every landing.
 * Integration tests inherit those limits: an explicit timeout below them on
 * a hook or a test would undo them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTEGRATION } from '../../vitest.config.js';

const ROOT = join(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.name.endsWith('.test.ts') ? [relative(ROOT, p).split('\\').join('/')] : [];
  });
}

/** What makes a test an integration test: it starts a process, a browser or a moto server. */
const OUTSIDE = /startMoto\(|from 'playwright-core'|from 'node:child_process'/;
const SELF = 'test/repo/test-projects.test.ts';

/** Unit tests that use child_process for something instant, and why that is not an outside process worth the limits. */
const INSTANT: Readonly<Record<string, string>> = {
  'test/hostile/read.test.ts': 'runs mkfifo once to make a FIFO',
};

function isIntegration(file: string): boolean {
  return INTEGRATION.some((pattern) => (pattern.includes('*') ? new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace('*', '[^/]*')}$`).test(file) : pattern === file));
}

describe('vitest projects', () => {
  const files = testFiles(join(ROOT, 'test'));

  it('finds the test files', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('test/repo/test-projects.test.ts');
  });

  it('puts every test that starts a process, a browser or moto in the integration project', () => {
    const outside = files.filter((f) => f !== SELF && OUTSIDE.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(outside.length).toBeGreaterThan(20);
    expect(outside.filter((f) => !isIntegration(f) && !INSTANT[f])).toEqual([]);
  });

  it('lets integration tests keep the project limits (no explicit timeout below them)', () => {
    const low: string[] = [];
    for (const f of files.filter(isIntegration)) {
      const lines = readFileSync(join(ROOT, f), 'utf8').split('\n');
      lines.forEach((l, i) => {
        // `}, 60_000);` closing a hook or a test
        const m = /^\s*\}\)?, (\d[\d_]*)\);\s*$/.exec(l);
        if (m && Number(m[1].replace(/_/g, '')) < 180_000) low.push(`${f}:${i + 1}`);
      });
    }
    expect(low).toEqual([]);
  });
});
