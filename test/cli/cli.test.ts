import { spawnSync } from 'node:child_process';
import { builtinRules } from '../../rules/index.js';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';

const PKG = join(import.meta.dirname, '../..');
const EXAMPLE = join(PKG, 'fixtures/technova/terraform');
/** One NAT gateway (tier critical) for private subnets whose AZs come from a variable without value: one unknown result, severity high, at main.tf:35. */
const NAT_UNKNOWN = join(PKG, 'test/fixtures/gate/nat-unknown');

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'resilint-cli-'));
}

describe('resilint scan', () => {
  it('writes one format to stdout and exits 1 on failing results', async () => {
    const r = await cli('scan', EXAMPLE, '--format', 'json', '--root', EXAMPLE);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.byStatus.fail).toBeGreaterThan(0);
    expect(report.findings.find((f: { ruleId: string; status: string }) => f.ruleId === 'db-multi-az' && f.status === 'fail').resource.address).toBe('aws_rds_cluster.inventory');
    expect(r.stderr).toBe('');
  });

  it('--fail-on sets the threshold: the example fails at critical (its shared NAT gateway is a single point of failure of critical services), not with none', async () => {
    expect((await cli('scan', EXAMPLE, '--fail-on', 'high', '-f', 'json')).code).toBe(1);
    const critical = await cli('scan', EXAMPLE, '--fail-on', 'critical', '-f', 'json');
    expect(critical.code).toBe(1);
    const atCritical = JSON.parse(critical.stdout).findings.filter((f: { status: string; severity: string }) => f.status === 'fail' && f.severity === 'critical');
    expect(atCritical.map((f: { ruleId: string; resource: { address: string } }) => `${f.ruleId} ${f.resource.address}`)).toEqual(['single-point-of-failure aws_nat_gateway.this["ap-northeast-1a"]']);
    expect((await cli('scan', EXAMPLE, '--fail-on', 'none', '-f', 'json')).code).toBe(0);
  });

  it('writes several formats into a directory and prints the summary', async () => {
    const out = join(tmp(), 'report');
    const r = await cli('scan', EXAMPLE, '--format', 'json,sarif,markdown,junit,text', '--output', out);
    expect(r.code).toBe(1);
    for (const f of ['report.json', 'report.sarif', 'report.md', 'report.xml', 'report.txt']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(r.stdout).toMatch(/\d+ passed, \d+ failed/);
    expect(r.stderr).toContain(`wrote ${join(out, 'report.json')}`);
  });

  it('writes one format to a file', async () => {
    const file = join(tmp(), 'out.sarif');
    expect((await cli('scan', EXAMPLE, '-f', 'sarif', '-o', file, '-q')).code).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe('2.1.0');
  });

  it('exits 2 with one line on usage errors', async () => {
    const several = await cli('scan', EXAMPLE, '--format', 'json,text');
    expect(several).toMatchObject({ code: 2, stderr: 'resilint: several formats need --output DIR\n' });
    const unknown = await cli('scan', EXAMPLE, '--format', 'pdf');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown format 'pdf'");
    const missing = await cli('scan', '/nonexistent/dir');
    expect(missing).toMatchObject({ code: 2, stderr: 'resilint: path not found: /nonexistent/dir\n' });
    const badVar = await cli('scan', EXAMPLE, '--var', 'novalue');
    expect(badVar.stderr).toContain("--var expects NAME=VALUE, got 'novalue'");
    expect((await cli('scan', EXAMPLE, '--fail-on', 'urgent')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('exits 2 on a bad policy file, naming the file, line and key', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'policy.yaml'), 'tiers:\n  critical:\n    db:\n      backupRetentionDays: "a week"\n');
    const r = await cli('scan', EXAMPLE, '--policy', join(dir, 'policy.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('resilint: policy.yaml:4:28: tiers.critical.db.backupRetentionDays: must be integer\n');
  });

  it('a policy file changes the verdicts', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'policy.yaml'), 'tiers:\n  critical:\n    db: { backupRetentionDays: 3 }\n');
    const r = await cli('scan', EXAMPLE, '-f', 'json', '--policy', join(dir, 'policy.yaml'));
    const report = JSON.parse(r.stdout);
    const f = report.findings.find((x: { ruleId: string; resource: { address: string } }) => x.ruleId === 'db-backup-retention' && x.resource.address === 'aws_rds_cluster.inventory');
    expect(f.status).toBe('pass');
    // Outside the scan root and given absolute: its base name (reports carry no absolute local path).
    expect(report.policy.source).toBe('policy.yaml');
  });

  it('exits 3 when a file does not parse, and still scans the others', async () => {
    const dir = tmp();
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(join(dir, 'broken.tf'), 'resource "aws_db_instance" "x" {\n  multi_az = \n}\n');
    const r = await cli('scan', dir, '-f', 'json', '--root', dir);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'broken.tf', line: 2, kind: 'parse' })]);
    expect(report.summary.complete).toBe(false);
    expect(report.findings.some((f: { resource: { address: string } }) => f.resource.address === 'aws_rds_cluster.inventory')).toBe(true);
  });

  it('baseline create, then --baseline fails only on new results', async () => {
    const dir = tmp();
    cpSync(EXAMPLE, join(dir, 'infra'), { recursive: true });
    const baseline = join(dir, 'baseline.json');
    const created = await cli('baseline', 'create', join(dir, 'infra'), '-o', baseline);
    expect(created.code).toBe(0);
    expect(JSON.parse(readFileSync(baseline, 'utf8')).results.length).toBeGreaterThan(0);

    expect((await cli('scan', join(dir, 'infra'), '-f', 'json', '--baseline', baseline)).code).toBe(0);

    // Move a failing resource to another file: still baselined.
    const aurora = readFileSync(join(dir, 'infra/aurora.tf'), 'utf8');
    writeFileSync(join(dir, 'infra/aurora.tf'), '\n\n\n# moved down\n' + aurora);
    expect((await cli('scan', join(dir, 'infra'), '-f', 'json', '--baseline', baseline)).code).toBe(0);

    // A new failure: exit 1, and only it is 'new'.
    writeFileSync(join(dir, 'infra/new.tf'), 'resource "aws_db_instance" "fresh" {\n  multi_az = false\n  backup_retention_period = 0\n  tags = { tier = "critical" }\n}\n');
    const r = await cli('scan', join(dir, 'infra'), '-f', 'json', '--baseline', baseline, '--root', join(dir, 'infra'));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const news = report.findings.filter((f: { baselineState?: string }) => f.baselineState === 'new');
    expect(news.map((f: { ruleId: string; resource: { address: string } }) => `${f.ruleId} ${f.resource.address}`).sort()).toEqual([
      'az-failure-tolerance aws_db_instance.fresh',
      'backup-cross-region-copy aws_db_instance.fresh',
      'db-backup-retention aws_db_instance.fresh',
      'db-deletion-protection aws_db_instance.fresh',
      'db-global-secondary aws_db_instance.fresh',
      'db-multi-az aws_db_instance.fresh',
      'db-proxy aws_db_instance.fresh',
      'db-snapshot aws_db_instance.fresh',
      'region-failure-recovery aws_db_instance.fresh',
    ]);
    expect(report.summary.baselined).toBeGreaterThan(0);
  });

  describe('--fail-on-unknown', () => {
    const json = (stdout: string) =>
      JSON.parse(stdout) as { findings: { ruleId: string; status: string; severity: string; resource: { address: string }; location: { file: string; line: number }; suppression?: unknown; baselineState?: string }[]; gate: unknown };

    it('without it, an unknown result does not fail the gate, and the report says what it would do', async () => {
      const r = await cli('scan', NAT_UNKNOWN, '-f', 'json', '--root', NAT_UNKNOWN, '--fail-on', 'high');
      expect(r.code).toBe(0);
      const report = json(r.stdout);
      expect(report.findings.map((f) => [f.ruleId, f.resource.address, f.status, f.severity, f.location.file, f.location.line])).toEqual([
        ['nat-gateway-per-az', 'aws_nat_gateway.main', 'unknown', 'high', 'main.tf', 35],
      ]);
      expect(report.gate).toMatchObject({ failOn: 'high', failOnUnknown: false, exitCode: 0, atThreshold: { fail: 0, unknown: 1 } });
    });

    it('exits 1 when an unknown result is at or above --fail-on', async () => {
      for (const failOn of ['high', 'low', 'info']) {
        const r = await cli('scan', NAT_UNKNOWN, '-f', 'json', '--fail-on', failOn, '--fail-on-unknown');
        expect(r.code, failOn).toBe(1);
        expect(json(r.stdout).gate).toMatchObject({ failOn, failOnUnknown: true, exitCode: 1, atThreshold: { fail: 0, unknown: 1 } });
      }
      // The default threshold is low.
      expect((await cli('scan', NAT_UNKNOWN, '-f', 'json', '--fail-on-unknown')).code).toBe(1);
    });

    it('exits 0 when the unknown result is below --fail-on, or with --fail-on none', async () => {
      const r = await cli('scan', NAT_UNKNOWN, '-f', 'json', '--fail-on', 'critical', '--fail-on-unknown');
      expect(r.code).toBe(0);
      expect(json(r.stdout).gate).toMatchObject({ failOn: 'critical', failOnUnknown: true, exitCode: 0, atThreshold: { fail: 0, unknown: 0 } });
      expect((await cli('scan', NAT_UNKNOWN, '-f', 'json', '--fail-on', 'none', '--fail-on-unknown')).code).toBe(0);
    });

    it('a suppressed unknown result does not count', async () => {
      const dir = tmp();
      cpSync(NAT_UNKNOWN, dir, { recursive: true });
      const main = readFileSync(join(dir, 'main.tf'), 'utf8');
      writeFileSync(
        join(dir, 'main.tf'),
        main.replace('resource "aws_nat_gateway" "main" {', '# resilint:ignore nat-gateway-per-az reason="private subnet AZs come from the landing zone; NAT per AZ tracked in NET-123"\nresource "aws_nat_gateway" "main" {'),
      );
      const r = await cli('scan', dir, '-f', 'json', '--root', dir, '--fail-on-unknown');
      expect(r.code).toBe(0);
      const report = json(r.stdout);
      expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'nat-gateway-per-az', status: 'unknown', suppression: expect.objectContaining({ kind: 'inline' }) })]);
      expect(report.gate).toMatchObject({ failOn: 'low', failOnUnknown: true, exitCode: 0, atThreshold: { fail: 0, unknown: 0 } });
    });

    it('an input error still gives 3, which wins over the unknown result', async () => {
      const dir = tmp();
      cpSync(NAT_UNKNOWN, dir, { recursive: true });
      writeFileSync(join(dir, 'broken.tf'), 'resource "aws_db_instance" "x" {\n  multi_az = \n}\n');
      const r = await cli('scan', dir, '-f', 'json', '--root', dir, '--fail-on-unknown');
      expect(r.code).toBe(3);
      const report = json(r.stdout) as ReturnType<typeof json> & { errors: unknown[] };
      expect(report.errors).toEqual([expect.objectContaining({ file: 'broken.tf', line: 2, kind: 'parse' })]);
      expect(report.findings.map((f) => [f.resource.address, f.status])).toEqual([['aws_nat_gateway.main', 'unknown']]);
      expect(report.gate).toMatchObject({ failOn: 'low', failOnUnknown: true, exitCode: 3, atThreshold: { fail: 0, unknown: 1 } });
    });

    it('a baselined unknown result does not count; a new one does', async () => {
      const dir = tmp();
      cpSync(NAT_UNKNOWN, join(dir, 'infra'), { recursive: true });
      const baseline = join(dir, 'baseline.json');
      const created = await cli('baseline', 'create', join(dir, 'infra'), '-o', baseline);
      expect(created).toMatchObject({ code: 0, stderr: `wrote ${baseline}: 0 failing and 1 unknown result(s)\n` });
      expect(JSON.parse(readFileSync(baseline, 'utf8')).results).toEqual([expect.objectContaining({ ruleId: 'nat-gateway-per-az', file: 'main.tf', status: 'unknown' })]);

      const same = await cli('scan', join(dir, 'infra'), '-f', 'json', '--baseline', baseline, '--fail-on-unknown');
      expect(same.code).toBe(0);
      expect(json(same.stdout).gate).toMatchObject({ failOn: 'low', failOnUnknown: true, exitCode: 0, atThreshold: { fail: 0, unknown: 0 } });

      // A second NAT gateway, in a subnet whose AZ comes from a variable without value: its unknown result is new
      // and fails the gate.
      const main = readFileSync(join(dir, 'infra/main.tf'), 'utf8');
      const nat = main.slice(main.indexOf('resource "aws_nat_gateway" "main"'), main.indexOf('resource "aws_route_table"'));
      writeFileSync(
        join(dir, 'infra/second.tf'),
        nat.replace('"main"', '"second"').replace('aws_subnet.public.id', 'aws_subnet.second.id') +
          'variable "second_az" {\n  type = string\n}\n\nresource "aws_subnet" "second" {\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = "10.0.1.0/24"\n  availability_zone = var.second_az\n}\n',
      );
      const r = await cli('scan', join(dir, 'infra'), '-f', 'json', '--baseline', baseline, '--fail-on-unknown', '--root', join(dir, 'infra'));
      expect(r.code).toBe(1);
      const report = json(r.stdout);
      expect(report.findings.map((f) => [f.resource.address, f.status, f.baselineState, f.location.file, f.location.line])).toEqual([
        ['aws_nat_gateway.main', 'unknown', 'unchanged', 'main.tf', 35],
        ['aws_nat_gateway.second', 'unknown', 'new', 'second.tf', 1],
      ]);
    });

    it('failing results still fail without it, and the text summary leads with the unknown result', async () => {
      expect((await cli('scan', EXAMPLE, '-f', 'json', '--fail-on-unknown', '--fail-on', 'high')).code).toBe(1);
      const r = await cli('scan', NAT_UNKNOWN, '--fail-on', 'high');
      const lines = r.stdout.split('\n');
      expect(lines[1]).toBe('NOT DETERMINED — no failing results, but 1 result could not be determined · gate: exit 0 (--fail-on high)');
      expect(lines[2]).toBe('? 1 result could not be determined — neither pass nor fail; 1 at or above high would fail with --fail-on-unknown. Top reasons:');
      expect(lines[3]).toMatch(/^ {2}1× nat-gateway-per-az: cannot tell whether it serves subnets in other AZs: /);
    });
  });

  it('rejects a baseline that is not one', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'b.json'), '{"version": 9}');
    const r = await cli('scan', EXAMPLE, '--baseline', join(dir, 'b.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^resilint: .*b\.json: /);
  });
});

describe('resilint rules', () => {
  it('lists every rule with its requirements', async () => {
    const r = await cli('rules');
    expect(r.code).toBe(0);
    for (const id of ['db-multi-az', 'db-backup-retention', 'ecs-min-tasks-per-az', 'nat-gateway-per-az']) expect(r.stdout).toContain(id);
    expect(r.stdout).toContain('[DB-MULTIAZ]');
    const json = JSON.parse((await cli('rules', '--json')).stdout).rules;
    // Every built-in rule, sorted by id (rules/index.ts is the list).
    expect(json.map((x: { id: string }) => x.id)).toEqual(builtinRules.map((r) => r.id).sort());
    expect(json[2]).toMatchObject({ requirements: expect.any(Array), rationale: expect.any(String), remediation: expect.any(Object) });
  });
});

describe('the installed binary', () => {
  const bin = join(PKG, 'dist/src/cli/main.js');
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } });

  it('sets the process exit code and honours NO_COLOR', () => {
    const coloured = run(['scan', EXAMPLE], { FORCE_COLOR: '1' });
    expect(coloured.status).toBe(1);
    expect(coloured.stdout).toMatch(/\u001b\[/);
    const plain = run(['scan', EXAMPLE], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(plain.status).toBe(1);
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    expect(plain.stdout).toContain('aws_rds_cluster.inventory');
  });

  it('--fail-on-unknown sets the exit code of the process', () => {
    expect(run(['scan', NAT_UNKNOWN, '--fail-on', 'high']).status).toBe(0);
    const gated = run(['scan', NAT_UNKNOWN, '--fail-on', 'high', '--fail-on-unknown']);
    expect(gated.status).toBe(1);
    expect(gated.stdout).toContain('NOT DETERMINED');
    expect(run(['scan', NAT_UNKNOWN, '--fail-on', 'critical', '--fail-on-unknown']).status).toBe(0);
  });

  it('prints no stack trace on bad input', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'junk.tf'), Buffer.from([0x00, 0xff, 0xfe, 0x12, 0x00, 0x41]));
    writeFileSync(join(dir, 'policy.yaml'), 'tiers: [\n');
    const bad = run(['scan', dir]);
    expect(bad.status).toBe(3);
    expect(bad.stdout + bad.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    const badPolicy = run(['scan', dir, '--policy', join(dir, 'policy.yaml')]);
    expect(badPolicy.status).toBe(2);
    expect(badPolicy.stderr.trim().split('\n')).toHaveLength(1);
  });
});
