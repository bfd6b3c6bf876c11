/**
 * `resilint scan --org` end to end: the built CLI in its own process, the
 * real SDK over real HTTP to moto_server through the loopback fault proxy
 * (which refuses AssumeRole for one account), the example organisation's
 * sales OU, and the reports it writes. Also `resilint iam-policy` and the
 * usage errors of the org flags.
 *
 * The CLI runs with async spawn, not spawnSync: the proxy lives in this
 * process and must keep answering while the CLI waits for it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/result.js';
import { isReadOnlyOperation } from '../../src/sources/aws/actions.js';
import { assertReport, assertSarif } from '../support/schemas.js';
import { FaultProxy, freezeTaskStates, seedOrganization, seedWorkload, startMoto, useAwsEnv, type MotoServer, type SeededOrg, type SeededWorkload } from './moto.js';

const BIN = join(import.meta.dirname, '../../dist/src/cli/main.js');
const R1 = 'ap-northeast-1';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function withoutForceColor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _ignored, ...rest } = env;
  return rest;
}

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...withoutForceColor(process.env), NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let moto: MotoServer;
let proxy: FaultProxy;
let restoreEnv: () => void;
let org: SeededOrg;
let app: SeededWorkload;
let db: SeededWorkload;
let out: string;
let run: Run;
let report: ScanResult;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  await freezeTaskStates(moto.endpoint);
  org = await seedOrganization(moto.endpoint);
  app = await seedWorkload(moto.endpoint, org.byName('technova-sales-prod-app').id, R1, {
    azs: ['ap-northeast-1a', 'ap-northeast-1c'],
    nat: 'single', // defect: one NAT gateway for two AZs
    clusterName: 'sales',
    services: [
      { name: 'order-api', desired: 2, taskAzs: [0, 1], spread: true, circuitBreaker: true, scaling: { min: 2, max: 6 } },
      { name: 'cart', desired: 1, taskAzs: [0] }, // defect: one task
    ],
  });
  db = await seedWorkload(moto.endpoint, org.byName('technova-sales-prod-db').id, R1, {
    azs: ['ap-northeast-1a', 'ap-northeast-1c'],
    nat: 'none',
    databases: [{ kind: 'instance', id: 'legacy', multiAz: false, az: 'ap-northeast-1a', backup: 0, deletionProtection: false }], // defects: single AZ, no backups
  });
  proxy = await FaultProxy.start(moto.endpoint);
  proxy.setPlan({ denyAssumeRole: new Set([org.byName('technova-sales-dev-app').id]) });

  const dir = mkdtempSync(join(tmpdir(), 'resilint-cli-org-'));
  out = join(dir, 'report');
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, 'accountTiers:\n  - accountName: "*-prod-*"\n    tier: critical\n');
  run = await cli(
    ['scan', '--org', '--regions', R1, '--ou', 'technova-sales', '--policy', policy, '--concurrency', '6', '--format', 'json,sarif,html,text', '--output', out],
    { AWS_ENDPOINT_URL: proxy.endpoint },
  );
  report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ScanResult;
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await proxy?.stop();
  await moto?.stop();
});

describe('resilint scan --org', () => {
  it('exits 3 (coverage incomplete) and names the account it could not enter, in every report', () => {
    expect(run.code, run.stderr).toBe(3);
    const denied = org.byName('technova-sales-dev-app');
    expect(report.organization).toMatchObject({ source: 'api', regions: [R1], accountsSelected: 24, accountsNotAssessed: [denied.id] });
    expect(report.coverage).toEqual([expect.objectContaining({ accountId: denied.id, accountName: denied.name, service: 'sts:AssumeRole', errorCode: 'AccessDenied' })]);
    expect(report.summary.complete).toBe(false);
    expect(report.summary.byAccount[denied.id]).toMatchObject({ notAssessed: 1, pass: 0, fail: 0, unknown: 0 });
    // text on stdout
    expect(run.stdout).toContain('NOT ASSESSED');
    expect(run.stdout).toContain(denied.name);
    expect(run.stdout).toMatch(/AWS Organization \(role in each account, caller \d{12}\): 24 accounts, 1 not assessed × 1 Region \(ap-northeast-1\)/);
    // HTML and SARIF
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(denied.name);
    expect(html).toContain('id="meta-organization"');
    const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8'));
    assertSarif(sarif);
    expect(JSON.stringify(sarif.runs[0].invocations ?? sarif.runs[0])).toContain(denied.id);
  });

  it('writes a JSON report the schema describes, with the seeded defects by account, Region and ARN', () => {
    assertReport(report);
    const find = (rule: string, arn: string) => report.findings.find((f) => f.ruleId === rule && f.resource.id === arn);
    const cart = find('ecs-min-tasks-per-az', app.services.cart.arn)!;
    expect(cart).toMatchObject({ status: 'fail', resource: { accountId: app.accountId, accountName: 'technova-sales-prod-app', region: R1, tier: 'critical', tierSource: 'account' } });
    expect(find('ecs-min-tasks-per-az', app.services['order-api'].arn)?.status).toBe('pass');
    const legacy = `arn:aws:rds:${R1}:${db.accountId}:db:legacy`;
    expect(find('db-multi-az', legacy)).toMatchObject({ status: 'fail', resource: { accountName: 'technova-sales-prod-db', region: R1 } });
    expect(find('db-backup-retention', legacy)?.status).toBe('fail');
    const nat = `arn:aws:ec2:${R1}:${app.accountId}:natgateway/${app.natGateways[0].id}`;
    expect(find('nat-gateway-per-az', nat)?.status).toBe('fail');
    // Nothing from the account that could not be entered is reported as compliant.
    const denied = org.byName('technova-sales-dev-app').id;
    expect(report.findings.filter((f) => f.resource.accountId === denied && f.status === 'pass')).toEqual([]);
  });

  it('prints progress on stderr as plain lines when stderr is not a terminal', () => {
    expect(run.stderr).toMatch(/^resilint: accounts 24\/24 \(100%\), 1 error — done$/m);
    expect(run.stderr).toContain(`wrote ${join(out, 'report.json')}`);
  });
});

describe('usage', () => {
  it('org flags without --org, and an empty --regions, exit 2 with one line', async () => {
    const stray = await cli(['scan', 'fixtures/technova/terraform', '--regions', R1]);
    expect(stray.code).toBe(2);
    expect(stray.stderr.trim()).toBe('resilint: --regions needs --org');
    // No --regions is every enabled Region; an empty list is a mistake.
    const noRegion = await cli(['scan', '--org', '--regions', ' , ']);
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr.trim()).toBe('resilint: --regions needs at least one Region (leave it out to scan every Region enabled for each account)');
    // The timeout, attempts and breaker options are the live scan's.
    const strayTimeout = await cli(['scan', 'fixtures/technova/terraform', '--max-attempts', '2', '--request-timeout', '5']);
    expect(strayTimeout.code).toBe(2);
    expect(strayTimeout.stderr.trim()).toBe('resilint: --request-timeout, --max-attempts need --org');
    const zero = await cli(['scan', '--org', '--region-timeouts', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("--region-timeouts expects a positive whole number, got '0'");
  });

  it('caller credentials the endpoint refuses: exit 2, one line, no stack trace', async () => {
    const bad = await cli(['scan', '--org', '--regions', R1], { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^resilint: --org: the caller's credentials were not accepted \(sts:GetCallerIdentity: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);
});

describe('resilint iam-policy', () => {
  it('prints the read-only policies; --part prints one document', async () => {
    const all = await cli(['iam-policy', '--role-name', 'ResilintAudit', '--caller-account', '111111111111', '--external-id', 'nightly']);
    expect(all.code).toBe(0);
    const p = JSON.parse(all.stdout);
    const actions: string[] = p.scanningRole.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions.length).toBeGreaterThan(10);
    for (const a of actions) expect(isReadOnlyOperation(a.split(':')[0], a.split(':')[1]), a).toBe(true);
    expect(p.scanningRoleTrust.Statement[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Condition: { StringEquals: { 'sts:ExternalId': 'nightly' } } });
    expect(JSON.stringify(p.caller)).toContain('arn:aws:iam::*:role/ResilintAudit');
    const trust = await cli(['iam-policy', '--part', 'trust']);
    expect(JSON.parse(trust.stdout)).toMatchObject({ Version: '2012-10-17', Statement: [{ Action: 'sts:AssumeRole' }] });
    const bad = await cli(['iam-policy', '--caller-account', 'abc']);
    expect(bad.code).toBe(2);
  });
});
