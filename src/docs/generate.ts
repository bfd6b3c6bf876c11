/**
 * `resilint docs`: writes (or with `check`, compares) the rule pages and the
 * README rule table. Built-in rules by default; with a policy or plugins, the
 * pages of their rules (plugin and declarative), so a platform team documents
 * its own rules the way resilint documents its own.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtinRules } from '../../rules/index.js';
import type { Rule } from '../engine/rule.js';
import { defaultPolicy } from '../policy/defaults.js';
import { loadPolicy } from '../policy/load.js';
import { loadPlugins } from '../plugins/load.js';
import { declarativeRule } from '../plugins/declarative.js';
import type { PluginSetting, Policy } from '../policy/types.js';
import { resolve } from 'node:path';
import { README_END, README_START, rulePage, withReadmeTable } from './rule-page.js';
import { ResilintError } from '../errors.js';

export interface DocsOptions {
  /** Folder of the pages (`docs/rules`). */
  outDir: string;
  /** README to update between the markers (built-in rules only). */
  readme?: string;
  policyFile?: string;
  plugins?: string[];
  cwd?: string;
  /** Compare instead of writing: the stale files are returned. */
  check?: boolean;
}

export interface DocFile {
  path: string;
  text: string;
}

/** Every file the docs consist of, with its expected content. */
export async function docFiles(options: DocsOptions): Promise<DocFile[]> {
  const custom = Boolean(options.policyFile || options.plugins?.length);
  const policy: Policy = options.policyFile ? await loadPolicy(options.policyFile) : defaultPolicy();
  const entries: { rule: Rule; origin: string }[] = [];
  if (!custom) {
    for (const rule of builtinRules) entries.push({ rule, origin: 'built-in' });
  } else {
    const settings: PluginSetting[] = [...(policy.plugins ?? []), ...(options.plugins ?? []).map((spec) => ({ spec, baseDir: resolve(options.cwd ?? process.cwd()) }))];
    const loaded = await loadPlugins(settings, new Map(builtinRules.map((r) => [r.id, 'a built-in rule'])));
    for (const p of loaded) for (const rule of p.rules) entries.push({ rule, origin: `plugin \`${p.spec}\`` });
    for (const s of policy.customRules ?? []) entries.push({ rule: declarativeRule(s, policy.source), origin: `declarative rule in \`${policy.source}\`` });
  }
  const files = entries.map(({ rule, origin }) => ({ path: join(options.outDir, `${rule.id}.md`), text: rulePage(rule, { policy, origin }) }));
  if (options.readme && !custom) {
    const text = withReadmeTable(await readFile(options.readme, 'utf8'), builtinRules);
    if (text === undefined) throw new ResilintError(`${options.readme}: no rules table markers (${README_START} … ${README_END})`);
    files.push({ path: options.readme, text });
  }
  return files;
}

async function current(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes the files that changed (or, with `check`, only lists them); returns the stale ones. */
export async function generateDocs(options: DocsOptions): Promise<{ files: DocFile[]; stale: string[] }> {
  const files = await docFiles(options);
  const stale: string[] = [];
  for (const f of files) {
    if ((await current(f.path)) === f.text) continue;
    stale.push(f.path);
    if (!options.check) {
      await mkdir(join(f.path, '..'), { recursive: true });
      await writeFile(f.path, f.text);
    }
  }
  return { files, stale };
}
