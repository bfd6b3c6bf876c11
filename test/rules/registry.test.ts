import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { ruleOptions } from '../../src/engine/evaluate.js';
import type { Rule } from '../../src/engine/rule.js';
import { RESOURCE_KINDS } from '../../src/graph/types.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { SEVERITIES } from '../../src/policy/types.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rulesDir = join(root, 'rules');
const ruleFiles = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'index.ts')
  .sort();

/**
 * Requirement IDs of docs/requirements.md (bullets, table rows and section headings). The last test
 * checks the list against the catalogue, so a requirement added there must be added here (and cited).
 */
const REQUIREMENT_IDS = [
  'T', 'T-CRIT', 'T-HIGH', 'T-MED', 'T-MAP', 'T-DR',
  'ECS', 'ECS-MIN', 'ECS-AZ', 'ECS-SPREAD', 'ECS-SPOT', 'ECS-HEALTH', 'ECS-DEPLOY', 'ECS-SCALE', 'ECS-CLUSTER',
  'DB', 'DB-MULTIAZ', 'DB-REPLICAS', 'DB-BACKUP', 'DB-PITR', 'DB-GLOBAL', 'DB-DELETE', 'DB-SERVERLESS', 'DB-PROXY', 'DB-SNAPSHOT',
  'DDB-PITR', 'DDB-GLOBAL', 'DDB-DELETE',
  'NET', 'NET-NAT', 'NET-IGW', 'NET-VPN', 'NET-TGW', 'NET-LB', 'NET-DNS',
  'SPOF', 'SPOF-DEP',
  'DR', 'ORG',
];

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z])/).filter((s) => s.trim().length > 0);
}

interface OptionSchema {
  type?: string;
  additionalProperties?: boolean;
  properties?: Record<string, { description?: string; default?: unknown }>;
}

describe('rules/index.ts registry', () => {
  it('lists rules sorted by id, without duplicates', () => {
    const ids = builtinRules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists every rule file under rules/ and nothing else', () => {
    expect(builtinRules.map((r) => `${r.id}.ts`)).toEqual(ruleFiles);
  });

  it.each(ruleFiles)('%s: default export is the registered rule and its id equals the file name', async (file) => {
    const mod = (await import(pathToFileURL(join(rulesDir, file)).href)) as { default?: Rule };
    expect(mod.default, `${file} must default-export a rule`).toBeDefined();
    expect(mod.default!.id).toBe(basename(file, '.ts'));
    expect(builtinRules).toContain(mod.default);
  });
});

describe.each(builtinRules.map((r) => [r.id, r] as const))('%s metadata', (id, rule) => {
  it('has a title, a valid severity and known requirement IDs', () => {
    expect(rule.meta.title.trim().length).toBeGreaterThan(10);
    const severity = rule.meta.severity;
    if (typeof severity === 'string') {
      expect(SEVERITIES).toContain(severity);
    } else {
      expect(SEVERITIES).toContain(severity.default);
      const tiers = Object.keys(defaultPolicy().tiers);
      for (const [tierName, s] of Object.entries(severity)) {
        expect(['default', ...tiers]).toContain(tierName);
        expect(SEVERITIES).toContain(s);
      }
    }
    expect(rule.meta.requirements.length).toBeGreaterThanOrEqual(1);
    expect(new Set(rule.meta.requirements).size).toBe(rule.meta.requirements.length);
    for (const req of rule.meta.requirements) expect(REQUIREMENT_IDS, `${id} cites ${req}`).toContain(req);
  });

  it('has a 2–4 sentence rationale citing its requirements, and remediation for Terraform, CloudFormation and console/CLI', () => {
    const n = sentences(rule.meta.rationale).length;
    expect(n, rule.meta.rationale).toBeGreaterThanOrEqual(2);
    expect(n, rule.meta.rationale).toBeLessThanOrEqual(4);
    expect(rule.meta.requirements.some((req) => rule.meta.rationale.includes(req))).toBe(true);
    expect(rule.meta.remediation.terraform?.trim()).toBeTruthy();
    expect(rule.meta.remediation.cloudformation?.trim()).toBeTruthy();
    expect((rule.meta.remediation.console ?? rule.meta.remediation.cli ?? '').trim()).toBeTruthy();
    if (rule.meta.docsUrl !== undefined) expect(rule.meta.docsUrl).toMatch(/^https:\/\//);
  });

  it('has well-formed message templates that name the resource', () => {
    const messages = Object.entries(rule.meta.messages);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const [messageId, template] of messages) {
      expect(messageId).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(template.trim().length, messageId).toBeGreaterThan(0);
      // Every `{{` opens a placeholder that closes: a typo such as `{{ name}` would reach users verbatim.
      const stripped = template.replace(PLACEHOLDER, '');
      expect(stripped, `${messageId}: malformed placeholder`).not.toMatch(/\{\{|\}\}/);
      const keys = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
      expect(keys.includes('name') || keys.includes('address'), `${messageId} must name the resource`).toBe(true);
    }
    // That each placeholder is filled with data is checked where the data exists: the RuleTester fails on any
    // `{{…}}` left in a produced message and requires every message id to be produced by some case.
  });

  it('declares options with a description and a default for every property', () => {
    const schema = rule.options as OptionSchema;
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    const properties = Object.entries(schema.properties ?? {});
    for (const [name, property] of properties) {
      expect(property.description?.trim().length ?? 0, `option ${name} needs a description`).toBeGreaterThan(20);
      expect(property.default, `option ${name} needs a default`).not.toBeUndefined();
      const check = new Ajv({ strict: false }).compile(property);
      expect(check(property.default), `default of option ${name} must satisfy its own schema`).toBe(true);
    }
    // The engine fills every default when the policy sets nothing.
    const filled = ruleOptions(rule, defaultPolicy()) as Record<string, unknown>;
    expect(filled).toEqual(Object.fromEntries(properties.map(([name, p]) => [name, p.default])));
  });

  it('applies to known resource kinds and has a test file', () => {
    expect(rule.appliesTo.length).toBeGreaterThanOrEqual(1);
    for (const kind of rule.appliesTo) expect(RESOURCE_KINDS).toContain(kind);
    expect(existsSync(join(root, 'test', 'rules', `${id}.test.ts`)), `test/rules/${id}.test.ts`).toBe(true);
  });
});

describe('embedded requirement IDs', () => {
  const catalogue = join(root, 'docs', 'requirements.md');
  it('match docs/requirements.md', () => {
    const text = readFileSync(catalogue, 'utf8');
    const found = new Set<string>();
    for (const line of text.split('\n')) {
      const heading = /^## ([A-Z][A-Z-]*) — /.exec(line);
      if (heading) found.add(heading[1]);
      const bullet = /^(?:- )?([A-Z]+(?:-[A-Z]+)+)(?: \/ ([A-Z]+(?:-[A-Z]+)+))?:/.exec(line);
      if (bullet) [bullet[1], bullet[2]].filter(Boolean).forEach((idx) => found.add(idx!));
      const row = /^\| ([A-Z]+(?:-[A-Z]+)+) \|/.exec(line);
      if (row) found.add(row[1]);
    }
    expect([...found].sort()).toEqual([...REQUIREMENT_IDS].sort());
  });
});
