/**
 * Which rules check each requirement of the catalogue, derived from the
 * rules' own metadata (`meta.requirements`), never from a hand list: a
 * rule added by anyone (built-in, plugin, declarative) shows up here by
 * citing its IDs. An ID no rule cites shows the catalogue's reason why.
 */
import type { Rule } from '../engine/rule.js';
import { REQUIREMENTS, type NotChecked } from './catalogue.js';

export interface RequirementCoverage {
  id: string;
  section: string;
  title: string;
  /** Rule ids citing this requirement, sorted. */
  checkedBy: string[];
  /** Why no rule checks it; only when `checkedBy` is empty. */
  notChecked?: NotChecked;
  /** Parts no rule checks, and why. */
  partlyNotChecked?: string[];
  /** True for an ID a rule cites that the catalogue does not have (a plugin's own requirement). */
  outsideCatalogue?: boolean;
}

export function requirementCoverage(rules: readonly Pick<Rule, 'id' | 'meta'>[]): RequirementCoverage[] {
  const by = new Map<string, string[]>();
  for (const r of rules) {
    for (const id of new Set(r.meta.requirements)) {
      const list = by.get(id);
      if (list) list.push(r.id);
      else by.set(id, [r.id]);
    }
  }
  const out: RequirementCoverage[] = REQUIREMENTS.map((req) => {
    const checkedBy = [...(by.get(req.id) ?? [])].sort();
    return {
      id: req.id,
      section: req.section,
      title: req.title,
      checkedBy,
      ...(checkedBy.length === 0 ? { notChecked: req.notChecked ?? { kind: 'not-built' as const, reason: 'no rule cites it and the catalogue gives no reason' } } : {}),
      ...(req.partlyNotChecked ? { partlyNotChecked: [...req.partlyNotChecked] } : {}),
    };
  });
  const known = new Set(REQUIREMENTS.map((r) => r.id));
  for (const id of [...by.keys()].filter((id) => !known.has(id)).sort()) {
    out.push({ id, section: id.split('-')[0], title: '(not in the catalogue)', checkedBy: [...(by.get(id) ?? [])].sort(), outsideCatalogue: true });
  }
  return out;
}

/** Plain text: one line per requirement, then its unchecked parts indented. */
export function renderCoverage(coverage: readonly RequirementCoverage[]): string {
  const width = Math.max(...coverage.map((c) => c.id.length));
  const lines: string[] = [];
  for (const c of coverage) {
    const what = c.checkedBy.length > 0 ? `checked by ${c.checkedBy.join(', ')}` : `not checked (${c.notChecked?.kind}): ${c.notChecked?.reason}`;
    lines.push(`${c.id.padEnd(width)}  ${what}${c.outsideCatalogue ? '  [not in the catalogue]' : ''}`);
    for (const p of c.partlyNotChecked ?? []) lines.push(`${' '.repeat(width)}    not checked: ${p}`);
  }
  return lines.join('\n') + '\n';
}
