/**
 * End to end through the built CLI: fixtures/plugin-example installed as an
 * npm package next to a project (node_modules/resilint-plugin-example, with
 * node_modules/resilint being this package, so `import … from 'resilint'`
 * goes through package.json `exports` as it does for a real plugin), loaded
 * by the project's policy, with a declarative rule beside it; its results in
 * every report format; its docs pages; and the failures a plugin can cause.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/util/package.js';

const FIXTURE = join(PACKAGE_ROOT, 'fixtures', 'plugin-example');
const BIN = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');

let dir: string;
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', RESILINT_DEBUG: '', ...env } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'resilint-plugin-e2e-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(PACKAGE_ROOT, join(dir, 'node_modules', 'resilint'), 'dir');
  cpSync(FIXTURE, join(dir, 'node_modules', 'resilint-plugin-example'), { recursive: true, filter: (src) => !src.includes(`${FIXTURE}/project`) && !src.includes(`${FIXTURE}/docs`) });
  cpSync(join(FIXTURE, 'project'), join(dir, 'project'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface JsonFinding {
  ruleId: string;
  status: string;
  messageId: string;
  message: string;
  severity: string;
  resource: { address: string };
  location?: { file: string; line: number };
}

describe('a plugin package and a declarative rule loaded by the policy', () => {
  let findings: JsonFinding[];
  let out: string;
  let status: number | null;

  beforeAll(() => {
    out = join(dir, 'report');
    const r = run(['scan', 'project', '--policy', 'project/resilint.yaml', '--format', 'json,sarif,html,markdown,junit,text', '--output', out, '--quiet']);
    status = r.status;
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    findings = (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { findings: JsonFinding[] }).findings;
  });

  it('judges with the plugin rule and the declarative rule, at the attribute lines', () => {
    const mine = findings
      .filter((f) => f.ruleId.startsWith('example/'))
      .map((f) => `${f.ruleId} ${f.resource.address} ${f.status} ${f.severity} ${f.location?.file}:${f.location?.line}`)
      .sort();
    expect(mine).toEqual([
      'example/db-deletion-protection aws_db_instance.ledger fail high project/main.tf:72',
      'example/db-deletion-protection aws_db_instance.orders pass high project/main.tf:59',
      'example/ecs-deployment-rollback aws_ecs_service.billing fail medium project/main.tf:26',
      'example/ecs-deployment-rollback aws_ecs_service.checkout pass high project/main.tf:16',
      'example/ecs-deployment-rollback aws_ecs_service.reports unknown high project/main.tf:43',
    ]);
    const ledger = findings.find((f) => f.ruleId === 'example/db-deletion-protection' && f.status === 'fail')!;
    expect(ledger.message).toBe('ledger can be deleted by accident: deletion_protection is false, tier critical needs deletionProtection equals true');
    expect(findings.find((f) => f.resource.address === 'aws_ecs_service.reports' && f.ruleId.startsWith('example/'))!.message).toMatch(/^reports: cannot tell whether a failed deployment rolls back: .*reports_rollback/);
    // Built-in rules ran too, and a failing result makes exit 1.
    expect(findings.some((f) => f.ruleId === 'db-multi-az')).toBe(true);
    expect(status).toBe(1);
  });

  it('shows them in SARIF with their metadata and help page', () => {
    const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as {
      runs: { tool: { driver: { rules: { id: string; helpUri?: string; shortDescription: { text: string }; properties?: { tags?: string[] } }[] } }; results: { ruleId: string; level: string }[] }[];
    };
    const rules = sarif.runs[0].tool.driver.rules;
    const plugin = rules.find((r) => r.id === 'example/ecs-deployment-rollback')!;
    expect(plugin.shortDescription.text).toBe('ECS services of critical and high workloads roll back a failed deployment');
    expect(rules.find((r) => r.id === 'example/db-deletion-protection')).toBeDefined();
    expect(rules.find((r) => r.id === 'db-multi-az')!.helpUri).toBe('https://github.com/resilint/resilint/blob/main/docs/rules/db-multi-az.md');
    expect(sarif.runs[0].results.filter((r) => r.ruleId.startsWith('example/')).length).toBeGreaterThanOrEqual(2);
  });

  it('names them in HTML, Markdown, JUnit and text', () => {
    for (const file of ['report.html', 'report.md', 'report.xml', 'report.txt']) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(text, file).toContain('example/ecs-deployment-rollback');
      expect(text, file).toContain('example/db-deletion-protection');
      expect(text, file).toContain('ledger');
    }
  });

  it('generates their docs pages, equal to the ones in the fixture', () => {
    const r = run(['docs', '--policy', 'project/resilint.yaml', '--output', 'docs']);
    expect(r.status, r.stderr).toBe(0);
    for (const page of ['example/ecs-deployment-rollback.md', 'example/db-deletion-protection.md']) {
      const generated = readFileSync(join(dir, 'docs', page), 'utf8').replaceAll('project/resilint.yaml', 'resilint.yaml');
      expect(generated, page).toBe(readFileSync(join(FIXTURE, 'docs', page), 'utf8'));
    }
  });
});

describe('plugins that fail', () => {
  it('exits 2 naming the plugin and its policy line when it cannot be loaded', () => {
    writeFileSync(join(dir, 'project', 'bad.yaml'), 'plugins:\n  - resilint-plugin-missing\n');
    const r = run(['scan', 'project', '--policy', 'project/bad.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^resilint: project\/bad\.yaml:2:5: plugin 'resilint-plugin-missing': not found \(no package 'resilint-plugin-missing' in node_modules from .*\)$/);
  });

  it('exits 2 when --plugin exports something that is not a rule', () => {
    writeFileSync(join(dir, 'not-a-rule.mjs'), 'export default { id: "x" };\n');
    const r = run(['scan', 'project', '--plugin', './not-a-rule.mjs']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("resilint: plugin './not-a-rule.mjs': default export is not a rule: check is not a function; appliesTo is not a non-empty list of kinds; meta is missing; options is not a JSON Schema object");
  });

  it('a rule that throws on one resource: an unknown result with the reason, the rest of the report, exit 3', () => {
    writeFileSync(
      join(dir, 'throws.mjs'),
      `import { defineRule } from 'resilint';
export default defineRule({
  id: 'example/throws',
  meta: { title: 'Throws on the ledger', severity: 'high', requirements: [], rationale: 'test', remediation: {}, messages: { ok: '{{name}} ok' } },
  options: { type: 'object', properties: {}, additionalProperties: false },
  appliesTo: ['db.instance'],
  check(db, ctx) {
    if (db.name === 'ledger') throw new RangeError('boom');
    ctx.pass('ok');
  },
});
`,
    );
    const r = run(['scan', 'project', '--plugin', './throws.mjs', '--format', 'json']);
    expect(r.status).toBe(3);
    const result = JSON.parse(r.stdout) as { findings: JsonFinding[]; errors: { file: string; line: number; kind: string; message: string }[] };
    const mine = result.findings.filter((f) => f.ruleId === 'example/throws').map((f) => `${f.resource.address} ${f.status} ${f.message}`).sort();
    expect(mine).toEqual(['aws_db_instance.ledger unknown example/throws could not check aws_db_instance.ledger: internal error: boom', 'aws_db_instance.orders pass orders ok']);
    expect(result.errors).toContainEqual({ file: 'project/main.tf', line: 66, column: 1, kind: 'rule', message: 'rule example/throws failed on aws_db_instance.ledger: internal error: boom' });
    expect(result.findings.some((f) => f.ruleId === 'db-multi-az')).toBe(true);
  });
});
