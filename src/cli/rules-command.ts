/**
 * `resilint rules`: the rules (built-in, and with --policy / --plugin the
 * plugin and declarative rules the policy loads) and, for every requirement
 * ID of the catalogue, the rules that check it or why none does.
 */
import { builtinRules } from '../../rules/index.js';
import type { Rule } from '../engine/rule.js';
import { ruleSet } from '../plugins/rules.js';
import { defaultPolicy } from '../policy/defaults.js';
import { requirementCoverage, renderCoverage } from '../policy/coverage.js';
import { loadPolicy } from '../policy/load.js';

export interface RulesFlags {
  json?: boolean;
  policy?: string;
  plugin: string[];
}

/** The scan's rule set: built-in rules, then the policy's plugins, --plugin modules and the policy's declarative rules. */
export async function rulesOf(flags: Pick<RulesFlags, 'policy' | 'plugin'>, cwd = process.cwd()): Promise<Rule[]> {
  const policy = flags.policy ? await loadPolicy(flags.policy) : defaultPolicy();
  return ruleSet(policy, { base: builtinRules, plugins: flags.plugin, cwd });
}

export function renderRules(rules: readonly Rule[], asJson: boolean): string {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  const coverage = requirementCoverage(rules);
  if (asJson) {
    const list = sorted.map((r) => ({ id: r.id, ...r.meta, appliesTo: r.appliesTo, options: r.options }));
    return JSON.stringify({ rules: list, requirements: coverage }, null, 2) + '\n';
  }
  const lines: string[] = [];
  for (const r of sorted) {
    const sev = typeof r.meta.severity === 'string' ? r.meta.severity : Object.entries(r.meta.severity).map(([t, s]) => `${t}:${s}`).join(' ');
    lines.push(`${r.id}  [${r.meta.requirements.join(', ')}]  ${r.meta.title}`);
    lines.push(`    applies to: ${r.appliesTo.join(', ')}   severity: ${sev}`);
    lines.push(`    ${r.meta.rationale}`);
    lines.push('');
  }
  lines.push('Requirements (docs/requirements.md) and the rules that check them:');
  lines.push('');
  return lines.join('\n') + renderCoverage(coverage);
}
