import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { REQUIREMENTS } from '../../src/policy/catalogue.js';
import { PACKAGE_ROOT } from '../../src/util/package.js';

/** Requirement IDs written in docs/requirements.md: section headings, bullets (`- DB-PITR:`, `- A / B:`) and table rows. */
function documentedIds(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const heading = /^## ([A-Z][A-Z-]*) — /.exec(line);
    if (heading) found.push(heading[1]);
    const bullet = /^(?:- )?([A-Z]+(?:-[A-Z]+)+)(?: \/ ([A-Z]+(?:-[A-Z]+)+))?:/.exec(line);
    if (bullet) found.push(...[bullet[1], bullet[2]].filter((x): x is string => Boolean(x)));
    const row = /^\| ([A-Z]+(?:-[A-Z]+)+) \|/.exec(line);
    if (row) found.push(row[1]);
  }
  return found;
}

describe('the requirement catalogue (src/policy/catalogue.ts)', () => {
  const doc = readFileSync(join(PACKAGE_ROOT, 'docs', 'requirements.md'), 'utf8');

  it('lists exactly the IDs of docs/requirements.md, in its order, each once', () => {
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(documentedIds(doc));
  });

  it('gives each ID its section and a title found in the document', () => {
    for (const r of REQUIREMENTS) {
      expect(r.id === r.section || r.id.startsWith(`${r.section}-`), r.id).toBe(true);
      expect(doc.replace(/\s+/g, ' '), r.id).toContain(r.title.replace(/ …$/, '').split(':')[0].replace(/ tier$/, ''));
    }
  });

  it('has every requirement a built-in rule cites', () => {
    const known = new Set(REQUIREMENTS.map((r) => r.id));
    for (const rule of builtinRules) for (const id of rule.meta.requirements) expect(known.has(id), `${rule.id} cites ${id}`).toBe(true);
  });
});
