/**
 * The rule set of a scan: the built-in rules, then the policy's plugins, then
 * `--plugin` ones, then the policy's declarative rules. One rule id, one rule.
 */
import { resolve } from 'node:path';
import type { Rule } from '../engine/rule.js';
import { ResilintError } from '../errors.js';
import type { PluginSetting, Policy } from '../policy/types.js';
import { declarativeRule } from './declarative.js';
import { loadPlugins } from './load.js';

export interface RuleSetOptions {
  /** Rules compiled in (default: the built-in ones). */
  base: readonly Rule[];
  /** `--plugin` specs: package names or paths relative to `cwd`. */
  plugins?: readonly string[];
  cwd?: string;
}

export async function ruleSet(policy: Policy, { base, plugins = [], cwd = process.cwd() }: RuleSetOptions): Promise<Rule[]> {
  const taken = new Map(base.map((r) => [r.id, 'a built-in rule']));
  const settings: PluginSetting[] = [...(policy.plugins ?? []), ...plugins.map((spec) => ({ spec, baseDir: resolve(cwd) }))];
  const loaded = await loadPlugins(settings, taken);
  const rules = [...base, ...loaded.flatMap((p) => p.rules)];
  const owners = new Map(rules.map((r) => [r.id, taken.get(r.id) ?? `plugin '${loaded.find((p) => p.rules.includes(r))!.spec}'`]));
  for (const setting of policy.customRules ?? []) {
    const at = setting.declaredAt ? `${policy.source}:${setting.declaredAt.line}:${setting.declaredAt.column}: ` : `${policy.source}: `;
    const owner = owners.get(setting.id);
    if (owner) throw new ResilintError(`${at}customRules: rule id '${setting.id}' is already defined by ${owner}`);
    rules.push(declarativeRule(setting, policy.source));
  }
  return rules;
}
