/**
 * The gate, the screen and the auditor's report agree (issue 13, CLI/report
 * half). Spawns the built CLI (`npm run build` first) on small Terraform
 * roots written to temp dirs, some of them real git repositories.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

/** Each test spawns the CLI several times; on a loaded machine that takes a while. */
const SLOW = { timeout: 240_000 };
import { fingerprint } from '../../src/engine/evaluate.js';
import { escapeControl } from '../../src/util/text.js';

const PKG = join(import.meta.dirname, '../..');
const BIN = join(PKG, 'dist/src/cli/main.js');

/** A critical single-AZ database: db-multi-az fails at main.tf:1. */
const DB = `resource "aws_db_instance" "orders" {
  engine                  = "postgres"
  instance_class          = "db.r6g.large"
  multi_az                = false
  backup_retention_period = 7
  deletion_protection     = true
  tags = {
    tier = "critical"
  }
}
`;

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 200_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(): string {
  // Real path: git prints resolved paths, and the "no absolute path" checks compare against it.
  return realpathSync(mkdtempSync(join(tmpdir(), 'resilint-trust-')));
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' }).trim();
}

/** A repository with infra/main.tf (the database) committed. */
function repo(): string {
  const dir = tmp();
  mkdirSync(join(dir, 'infra'));
  writeFileSync(join(dir, 'infra/main.tf'), DB);
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'infra');
  return dir;
}

describe('errors: one line, located, no internals', SLOW, () => {
  it('--fail-on bogus is one line and exit 2', () => {
    const dir = tmp();
    const r = run(['scan', '--fail-on', 'bogus', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^resilint: option '--fail-on <severity>' argument 'bogus' is invalid\. Allowed choices are critical, high, medium, low, info, none\. \(see --help\)\n$/);
    expect(r.stdout).toBe('');
  });

  it('a missing --var-file or --cfn-param-file is a usage error (exit 2), not an input error', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'main.tf'), DB);
    const v = run(['scan', '.', '--var-file', 'prod.tfvars'], dir);
    expect(v.code).toBe(2);
    expect(v.stderr).toBe('resilint: --var-file prod.tfvars: file not found\n');
    const c = run(['scan', '.', '--cfn-param-file', 'params.json'], dir);
    expect(c.code).toBe(2);
    expect(c.stderr).toBe('resilint: --cfn-param-file params.json: file not found\n');
  });

  it('a rule-options error names its policy line and column', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'main.tf'), DB);
    writeFileSync(join(dir, 'policy.yaml'), 'version: 1\nrules:\n  region-failure-recovery:\n    options:\n      tiers: 5\n');
    const r = run(['scan', '.', '-p', 'policy.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('resilint: policy.yaml:5:7: rules.region-failure-recovery.options: /tiers must be array\n');
  });

  it('a baseline that is not JSON is located and its content never quoted', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'main.tf'), DB);
    writeFileSync(join(dir, 'baseline.json'), '{\n  "token": ghp_SECRET123\n}\n');
    const r = run(['scan', '.', '--baseline', 'baseline.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^resilint: baseline\.json:2:12: not valid JSON \([^)]*\)\n$/);
    expect(r.stderr).not.toContain('ghp_SECRET123');
  });
});

describe('control characters never reach the terminal or a report raw', SLOW, () => {
  it('a folder named with a newline and ESC appears escaped in text, Markdown, SARIF, JUnit, HTML and stderr', () => {
    const dir = tmp();
    const evil = 'db\n\u001b[2Jx';
    mkdirSync(join(dir, evil));
    writeFileSync(join(dir, evil, 'main.tf'), DB);
    const out = join(dir, 'out');
    const r = run(['scan', '.', '-f', 'text,markdown,sarif,junit,html,json', '-o', out], dir);
    expect(r.code).toBe(1);
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('db\n');
    }
    expect(r.stdout).toContain(`${escapeControl(evil)}/main.tf:1:1`);
    for (const ext of ['txt', 'md', 'sarif', 'xml', 'html']) {
      const report = readFileSync(join(out, `report.${ext}`), 'utf8');
      expect(report, ext).not.toContain('\u001b');
      expect(report, ext).not.toContain('db\n');
    }
    // JSON keeps the real name (JSON escapes it itself).
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.files).toEqual([`${evil}/main.tf`]);
  });
});

describe('the gate and the screen agree', SLOW, () => {
  it('baselined results are listed apart, not counted as failed, and the gate outcome is stated (text and HTML)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'main.tf'), DB);
    expect(run(['baseline', 'create', '-o', 'base.json', '.'], dir).code).toBe(0);
    const r = run(['scan', '.', '--baseline', 'base.json'], dir);
    expect(r.code).toBe(0);
    // db-multi-az, region-failure-recovery, db-global-secondary, backup-cross-region-copy and db-proxy fail on the critical single-AZ database.
    expect(r.stdout).toContain(' BASELINED  5 failing, already in the baseline');
    expect(r.stdout).toMatch(/^ {2}~ db-multi-az {2}aws_db_instance\.orders/m);
    expect(r.stdout).not.toMatch(/^ {2}✗ /m);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed, \d+ unknown, 5 baselined/m);
    expect(r.stdout).toContain('Gate passed (exit 0) — 5 failing results are baselined');
    const h = run(['scan', '.', '--baseline', 'base.json', '-f', 'html'], dir);
    expect(h.stdout).toContain('<h1 id="overview-h">Gate passed — 5 failing results are baselined</h1>');
    expect(h.stdout).not.toMatch(/Not compliant/);
  });

  it('suppressed results are listed apart with their reason; failures state the failed gate', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'main.tf'), `# resilint:ignore db-multi-az reason="migration in Q3" until=2999-01-01\n${DB}`);
    const r = run(['scan', '.'], dir);
    expect(r.stdout).toContain(' SUPPRESSED  1');
    expect(r.stdout).toContain('fails; suppressed — inline: migration in Q3, until 2999-01-01 (main.tf:1)');
    expect(r.stdout).toMatch(/^\d+ passed, 4 failed \([^)]*\), \d+ unknown, 1 suppressed/m);
    expect(r.stdout).toMatch(/^Gate failed \(exit 1\) — 4 failing results at or above low — 1 failing result is suppressed$/m);
    const f = run(['scan', '.', '--fail-on', 'high'], tmpWith(DB));
    expect(f.code).toBe(1);
    expect(f.stdout).toMatch(/^Gate failed \(exit 1\) — 4 failing results at or above high$/m);
  });

  it('warnings (unknown rule in a resilint:ignore, bad until= date, unknown rule in the policy) go to stderr and the text output, located; a bad date is not an input error', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'main.tf'), `# resilint:ignore db-multi-azz reason="typo"\n${DB.replace('  engine ', '  # resilint:ignore db-multi-az until=2026-13-45\n  engine ')}`);
    writeFileSync(join(dir, 'policy.yaml'), 'version: 1\nrules:\n  no-such-rule:\n    enabled: false\n');
    const r = run(['scan', '.', '-p', 'policy.yaml'], dir);
    // The failure still counts (neither suppression applies), and nothing was left unassessed.
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('INPUT ERRORS');
    expect(r.stderr).toContain("resilint: warning: main.tf:1:1: resilint:ignore names no rule 'db-multi-azz' (see resilint rules); it suppresses nothing\n");
    expect(r.stderr).toMatch(/resilint: warning: main\.tf:3:\d+: until=2026-13-45 is not a date \(YYYY-MM-DD\); the suppression does not apply\n/);
    expect(r.stderr).toContain('resilint: warning: policy.yaml: rules.no-such-rule names no rule\n');
    expect(r.stdout).toContain(' WARNINGS  3');
    expect(r.stdout).toMatch(/main\.tf:1:\d+ {2}unknown-rule/);
  });
});

function tmpWith(tf: string): string {
  const dir = tmp();
  writeFileSync(join(dir, 'main.tf'), tf);
  return dir;
}

describe('baseline identity does not depend on the scan path or the working directory', SLOW, () => {
  it('scan infra/ from the repository and scan . inside infra/ give the same fingerprints; an old baseline still matches', () => {
    const dir = repo();
    const fromTop = JSON.parse(run(['scan', 'infra', '-f', 'json'], dir).stdout);
    const inside = JSON.parse(run(['scan', '.', '-f', 'json'], join(dir, 'infra')).stdout);
    const fp = (r: { findings: { ruleId: string; fingerprint: string }[] }) => r.findings.map((f) => `${f.ruleId} ${f.fingerprint}`).sort();
    expect(fp(inside)).toEqual(fp(fromTop));
    expect(fromTop.findings.find((f: { ruleId: string }) => f.ruleId === 'db-multi-az').fingerprint).toBe(fingerprint('db-multi-az', 'infra:aws_db_instance.orders'));

    expect(run(['baseline', 'create', '-o', '../base.json', '.'], join(dir, 'infra')).code).toBe(0);
    const again = run(['scan', 'infra', '--baseline', 'base.json'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('5 failing results are baselined');

    // A baseline written before identities were repository-relative: fingerprint of the scan-root-relative id.
    const legacy = { version: 1, tool: 'resilint', createdAt: '2026-01-01T00:00:00Z', results: [{ fingerprint: fingerprint('db-multi-az', 'aws_db_instance.orders'), ruleId: 'db-multi-az', resource: 'aws_db_instance.orders' }] };
    writeFileSync(join(dir, 'old.json'), JSON.stringify(legacy));
    const old = JSON.parse(run(['scan', '.', '-f', 'json', '--baseline', '../old.json'], join(dir, 'infra')).stdout);
    expect(old.findings.find((f: { ruleId: string }) => f.ruleId === 'db-multi-az').baselineState).toBe('unchanged');

    // Code scanning maps SARIF locations to the repository: scanned from infra/, they are still repository-relative.
    const sarif = JSON.parse(run(['scan', '.', '-f', 'sarif'], join(dir, 'infra')).stdout);
    const uris = sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri);
    expect(new Set(uris)).toEqual(new Set(['infra/main.tf']));
    expect(JSON.stringify(sarif)).not.toContain(dir);
  });
});

describe("the auditor's report can be traced", SLOW, () => {
  it('JSON provenance: version, git commit and dirty flag, SHA-256 of inputs, policy and baseline, effective tier numbers, gate; valid against the schema; no absolute path in any report', () => {
    const dir = repo();
    writeFileSync(join(dir, 'policy.yaml'), 'version: 1\ntiers:\n  critical:\n    db:\n      backupRetentionDays: 14\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'policy');
    const head = git(dir, 'rev-parse', 'HEAD');
    expect(run(['baseline', 'create', '-o', 'base.json', 'infra', '-p', 'policy.yaml'], dir).code).toBe(0);
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'baseline');
    const head2 = git(dir, 'rev-parse', 'HEAD');
    expect(head2).not.toBe(head);
    const out = join(dir, '..', `${dir.split('/').pop()}-out`);
    const r = run(['scan', 'infra', '-p', 'policy.yaml', '--baseline', 'base.json', '-f', 'json,html,markdown,sarif,junit,text', '-o', out, '--fail-on', 'high'], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const sha = (f: string) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(json.provenance.tool).toEqual({ name: 'resilint', version: json.tool.version, node: process.version });
    expect(json.provenance.git).toEqual({ commit: head2, dirty: false, root: '.' });
    expect(json.provenance.inputs).toEqual([{ file: 'infra/main.tf', sha256: sha('infra/main.tf') }]);
    expect(json.provenance.policy).toEqual({ file: 'policy.yaml', sha256: sha('policy.yaml') });
    expect(json.provenance.baseline).toEqual({ file: 'base.json', sha256: sha('base.json'), entries: expect.any(Number) });
    expect(json.provenance.tiers.critical.db.backupRetentionDays).toBe(14);
    expect(json.provenance.tiers.critical.db.multiAz).toBe(true);
    expect(json.gate).toMatchObject({ failOn: 'high', exitCode: 0, atThreshold: { fail: 0 }, dismissed: { suppressed: { fail: 0 } } });
    expect(json.gate.dismissed.baselined.fail).toBeGreaterThan(0);
    expect(json.root).toBe('.');
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(join(PKG, 'schemas/report.schema.json'), 'utf8')));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);

    for (const ext of ['json', 'html', 'md', 'sarif', 'xml', 'txt']) {
      const text = readFileSync(join(out, `report.${ext}`), 'utf8');
      expect(text, ext).not.toContain(dir);
      expect(text, ext).not.toContain(tmpdir());
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(head2);
    expect(html).toContain(sha('policy.yaml').slice(0, 12));
    expect(html).toMatch(/Gate passed \(exit 0, --fail-on high\) — \d failing results? (is|are) baselined/);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain(`Revision: \`${head2}\` (clean)`);
    expect(md).toContain(`\`infra/main.tf\` \`${sha('infra/main.tf')}\``);

    // An uncommitted change makes the tree dirty.
    writeFileSync(join(dir, 'infra/main.tf'), DB + '\n');
    const dirty = JSON.parse(run(['scan', 'infra', '-f', 'json', '--fail-on', 'none'], dir).stdout);
    expect(dirty.provenance.git.dirty).toBe(true);
  });

  it('outside a repository: no git block, root ".", inputs still hashed', () => {
    const dir = tmpWith(DB);
    const json = JSON.parse(run(['scan', '-f', 'json', '--fail-on', 'none'], dir).stdout);
    expect(json.provenance.git).toBeUndefined();
    expect(json.root).toBe('.');
    expect(json.targets).toEqual(['.']);
    expect(json.provenance.policy).toEqual({ builtin: true });
    expect(json.provenance.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('help', SLOW, () => {
  it('--help lists exit codes and examples, and groups the organisation options apart', () => {
    const r = run(['scan', '--help'], tmp());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes:\n  0  no failing result');
    expect(r.stdout).toContain('  3  scan incomplete');
    expect(r.stdout).toContain('Examples:\n  resilint scan ');
    const org = r.stdout.indexOf('AWS Organization options (live scan, read-only):');
    expect(org).toBeGreaterThan(0);
    expect(r.stdout.indexOf('--role-name')).toBeGreaterThan(org);
    expect(r.stdout.indexOf('--policy')).toBeLessThan(org);
    expect(r.stdout.indexOf('--fail-on')).toBeLessThan(org);
    expect(run(['--help'], tmp()).stdout).toContain('Exit codes:');
  });

  it('scan without a path scans the current directory', () => {
    const r = run(['scan', '-f', 'json'], tmpWith(DB));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files).toEqual(['main.tf']);
  });
});

/** The database's Multi-AZ comes from a variable. */
const DB_VAR = `variable "multi_az" {
  type    = bool
  default = true
}

${DB.replace('multi_az                = false', 'multi_az                = var.multi_az')}`;

function multiAzStatus(stdout: string): string {
  return JSON.parse(stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'db-multi-az').status;
}

describe('Terraform variables as Terraform reads them', SLOW, () => {
  it('TF_VAR_<name> sets a variable, below terraform.tfvars and --var (Terraform precedence)', () => {
    const dir = tmpWith(DB_VAR);
    expect(multiAzStatus(run(['scan', '-f', 'json'], dir).stdout)).toBe('pass');
    expect(multiAzStatus(run(['scan', '-f', 'json'], dir, { TF_VAR_multi_az: 'false' }).stdout)).toBe('fail');
    writeFileSync(join(dir, 'terraform.tfvars'), 'multi_az = true\n');
    expect(multiAzStatus(run(['scan', '-f', 'json'], dir, { TF_VAR_multi_az: 'false' }).stdout)).toBe('pass');
    expect(multiAzStatus(run(['scan', '-f', 'json', '--var', 'multi_az=false'], dir, { TF_VAR_multi_az: 'true' }).stdout)).toBe('fail');
  });

  it('a value for an undeclared variable warns, located (--var by name, --var-file by line), as Terraform does', () => {
    const dir = tmpWith(DB_VAR);
    writeFileSync(join(dir, 'prod.tfvars'), 'multi_az = false\nmulti_azz = true\n');
    const r = run(['scan', '--var', 'enviroment=prod', '--var-file', 'prod.tfvars', '-f', 'json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("resilint: warning: --var enviroment: value for undeclared variable 'enviroment': no scanned root module declares it; it is not used\n");
    expect(r.stderr).toContain("resilint: warning: prod.tfvars:2:1: value for undeclared variable 'multi_azz': no scanned root module declares it; it is not used\n");
    const json = JSON.parse(r.stdout);
    expect(json.warnings.filter((w: { code: string }) => w.code === 'undeclared-variable')).toHaveLength(2);
    expect(multiAzStatus(r.stdout)).toBe('fail');
  });
});

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, prod]
  DbClass:
    Type: String
    AllowedPattern: "db\\\\.[a-z0-9]+\\\\.[a-z0-9]+"
  Retention:
    Type: Number
    MinValue: 1
    MaxValue: 35
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: !Ref DbClass
      MultiAZ: false
      BackupRetentionPeriod: !Ref Retention
      Tags:
        - Key: tier
          Value: critical
`;

describe('CloudFormation parameters as CloudFormation validates them', SLOW, () => {
  it('an unknown --cfn-param name or a value outside the constraints is a usage error (exit 2) naming the declaration', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'db.yaml'), TEMPLATE);
    const ok = ['--cfn-param', 'Environment=prod', '--cfn-param', 'DbClass=db.r6g.large', '--cfn-param', 'Retention=7'];
    expect(run(['scan', '.', ...ok, '-f', 'json'], dir).code).toBe(1);
    const cases: [string[], string][] = [
      [['--cfn-param', 'Enviroment=prod'], "resilint: --cfn-param Enviroment: no scanned template declares parameter 'Enviroment'\n"],
      [['--cfn-param', 'Environment=staging'], 'resilint: --cfn-param Environment: "staging" is not one of AllowedValues ("dev", "prod") (declared at db.yaml:3:3)\n'],
      [['--cfn-param', 'DbClass=r6g.large'], 'resilint: --cfn-param DbClass: "r6g.large" does not match AllowedPattern "db\\\\.[a-z0-9]+\\\\.[a-z0-9]+" (declared at db.yaml:6:3)\n'],
      [['--cfn-param', 'Retention=90'], 'resilint: --cfn-param Retention: "90" is above MaxValue 35 (declared at db.yaml:9:3)\n'],
      [['--cfn-param', 'Retention=seven'], 'resilint: --cfn-param Retention: "seven" is not a number (Type Number) (declared at db.yaml:9:3)\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = run(['scan', '.', ...args], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(stderr);
    }
  });
});
