import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { REQUIREMENTS } from '../../src/policy/catalogue.js';
import { requirementCoverage } from '../../src/policy/coverage.js';
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

  it('has, for every ID, a built-in rule citing it or the reason none does, never both', () => {
    const cited = new Set(builtinRules.flatMap((r) => r.meta.requirements));
    for (const r of REQUIREMENTS) {
      if (cited.has(r.id)) expect(r.notChecked, `${r.id} is checked by a rule now: drop its notChecked reason in src/policy/catalogue.ts`).toBeUndefined();
      else expect(r.notChecked?.reason, `${r.id}: no rule cites it; give the reason in src/policy/catalogue.ts (notChecked)`).toMatch(/\w/);
    }
  });
});

describe('requirementCoverage', () => {
  const rule = (id: string, requirements: string[]) => ({ id, meta: { requirements } }) as unknown as Parameters<typeof requirementCoverage>[0][number];

  it('derives "checked by" from rule metadata, sorted, and keeps the reason only where no rule cites the ID', () => {
    const cov = requirementCoverage([rule('z-rule', ['DB-MULTIAZ']), rule('a-rule', ['DB-MULTIAZ', 'DB-MULTIAZ'])]);
    expect(cov.map((c) => c.id)).toEqual(REQUIREMENTS.map((r) => r.id));
    expect(cov.find((c) => c.id === 'DB-MULTIAZ')).toMatchObject({ checkedBy: ['a-rule', 'z-rule'] });
    expect(cov.find((c) => c.id === 'DB-MULTIAZ')?.notChecked).toBeUndefined();
    expect(cov.find((c) => c.id === 'T-MAP')).toMatchObject({ checkedBy: [], notChecked: { kind: 'not-a-check' } });
    // A checked ID whose part no rule can check keeps saying so.
    expect(cov.find((c) => c.id === 'DB-GLOBAL')?.partlyNotChecked?.[0]).toMatch(/^replication lag.*live metric/);
  });

  it('lists an ID a plugin cites that the catalogue lacks, after the catalogue', () => {
    const cov = requirementCoverage([rule('acme/tls', ['ACME-TLS'])]);
    expect(cov.at(-1)).toEqual({ id: 'ACME-TLS', section: 'ACME', title: '(not in the catalogue)', checkedBy: ['acme/tls'], outsideCatalogue: true });
  });

  it('a catalogue ID without rule or reason still says it is not checked', () => {
    const cov = requirementCoverage([]);
    expect(cov.find((c) => c.id === 'DB-MULTIAZ')).toMatchObject({ checkedBy: [], notChecked: { kind: 'not-built', reason: 'no rule cites it and the catalogue gives no reason' } });
  });
});
