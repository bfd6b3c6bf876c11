import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { docFiles } from '../../src/docs/generate.js';
import { PACKAGE_ROOT } from '../../src/util/package.js';

/** Like typescript-eslint's docs test: the generated docs in the repository equal what the metadata generates now. */
describe('rule docs are up to date (fix: npm run docs)', async () => {
  const files = await docFiles({ outDir: join(PACKAGE_ROOT, 'docs', 'rules'), readme: join(PACKAGE_ROOT, 'README.md') });

  it('has one page per built-in rule and the README table', () => {
    expect(files.map((f) => f.path.slice(PACKAGE_ROOT.length + 1)).sort()).toEqual([...builtinRules.map((r) => `docs/rules/${r.id}.md`), 'README.md'].sort());
  });

  it.each(files.map((f) => [f.path.slice(PACKAGE_ROOT.length + 1), f] as const))('%s', (_, f) => {
    let onDisk = '';
    try {
      onDisk = readFileSync(f.path, 'utf8');
    } catch {
      // missing: compared as empty, so the failure shows the whole expected page
    }
    expect(onDisk, `${f.path} is stale: run npm run docs`).toBe(f.text);
  });

  it("every rule's docsUrl is its page", () => {
    for (const r of builtinRules) expect(r.meta.docsUrl).toBe(`https://github.com/resilint/resilint/blob/main/docs/rules/${r.id}.md`);
  });
});
