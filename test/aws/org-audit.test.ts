/**
 * The nightly audit's verdicts on a live organisation (moto_server, through
 * the loopback fault proxy where moto cannot produce the fault):
 *
 * - account tags that cannot be read (ListTagsForResource denied) or are not
 *   fetched: a high-tier database is judged at every tier it could have,
 *   never passed at the default tier, and the account gets a coverage entry;
 * - `accountTiers` naming an OU by its name;
 * - `summary.byAccount` lists every scanned account, also those with no result;
 * - `--output` is checked before the scan (parents created, an unusable path
 *   refused in a second), and a report that cannot be written where asked is
 *   written somewhere safe, and the run says where;
 * - `--shard K/N` + `resilint merge` give the unsharded report, and
 *   `resilint diff` tells two nights apart.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { Finding, ScanResult } from '../../src/engine/result.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/types.js';
import { scan } from '../../src/scan.js';
import type { OrgScanOptions } from '../../src/sources/aws/index.js';
import { FaultProxy, freezeTaskStates, seedOrganization, seedWorkload, startMoto, useAwsEnv, type MotoServer, type SeededOrg } from './moto.js';

const R1 = 'ap-northeast-1';

let moto: MotoServer;
let proxy: FaultProxy;
let restoreEnv: () => void;
let org: SeededOrg;

/** critical by account tag (technova-*-prod-app carry availability-tier=critical), high by OU *name*. */
const policy = (): Policy => ({
  ...defaultPolicy(),
  accountTiers: [
    { tag: 'availability-tier=critical', tier: 'critical' },
    { ou: 'technova-finance', tier: 'high' },
  ],
});

const ACCOUNTS = ['technova-sales-prod-app', 'technova-finance-staging-db', 'technova-sales-dev-batch'];

function options(extra: Partial<OrgScanOptions> = {}): OrgScanOptions {
  return { regions: [R1], accounts: ACCOUNTS, concurrency: 4, requestTimeoutMs: 15_000, connectionTimeoutMs: 15_000, clientConfig: { endpoint: proxy.endpoint }, ...extra };
}

async function audit(extra: Partial<OrgScanOptions> = {}): Promise<ScanResult> {
  return scan({ paths: [], organization: options(extra), policy: policy() });
}

const dbResult = (r: ScanResult, ruleId: string, dbId: string): Finding => {
  const f = r.findings.filter((x) => x.ruleId === ruleId && x.resource.arn?.endsWith(`:db:${dbId}`));
  expect(f, r.findings.map((x) => `${x.ruleId} ${x.resource.address} ${x.status}`).join('\n')).toHaveLength(1);
  return f[0];
};

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  await freezeTaskStates(moto.endpoint);
  org = await seedOrganization(moto.endpoint);
  // A critical account's service asking for 2 tasks over 2 AZs, whose 2 running tasks are both in 1a; and its database kept 1 day, single-AZ: passes at medium, fails at critical.
  await seedWorkload(moto.endpoint, org.byName('technova-sales-prod-app').id, R1, {
    azs: ['ap-northeast-1a', 'ap-northeast-1c'],
    nat: 'none',
    clusterName: 'shop',
    services: [{ name: 'web', desired: 2, taskAzs: [0, 0], spread: true }],
    databases: [{ kind: 'instance', id: 'orders', multiAz: false, az: 'ap-northeast-1a', backup: 1, deletionProtection: true }],
  });
  // A finance database kept 3 days: passes at medium, fails at high (its OU, named in the policy).
  await seedWorkload(moto.endpoint, org.byName('technova-finance-staging-db').id, R1, {
    azs: ['ap-northeast-1a', 'ap-northeast-1c'],
    nat: 'none',
    databases: [{ kind: 'instance', id: 'ledger', multiAz: true, az: 'ap-northeast-1a', backup: 3, deletionProtection: true }],
  });
  proxy = await FaultProxy.start(moto.endpoint);
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await proxy?.stop();
  await moto?.stop();
});

describe('with account tags read', () => {
  let r: ScanResult;
  beforeAll(async () => {
    proxy.setPlan({});
    r = await audit();
  }, 600_000);

  it('judges the tagged account at its tier', () => {
    expect(dbResult(r, 'db-backup-retention', 'orders')).toMatchObject({ status: 'fail', resource: { tier: 'critical', tierSource: 'account' } });
    expect(dbResult(r, 'db-multi-az', 'orders').status).toBe('fail');
  });

  it('judges a live service by its running tasks: both in one AZ fail, whatever the configuration asks for', () => {
    const f = r.findings.filter((x) => x.ruleId === 'ecs-min-tasks-per-az' && x.resource.kind === 'ecs.service');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ status: 'fail', resource: { name: 'web', tier: 'critical' } });
    expect(f[0].message).toMatch(/: its running tasks are in 1 AZ\(s\) \(ap-northeast-1a \(apne1-az\d\)\) < 2 required$/);
  });

  it('matches accountTiers by OU name', () => {
    expect(dbResult(r, 'db-backup-retention', 'ledger')).toMatchObject({ status: 'fail', resource: { tier: 'high', tierSource: 'account', tierDetail: 'policy accountTiers[1] (account technova-finance-staging-db)' } });
  });

  it('lists every scanned account in summary.byAccount, with zero counts where nothing was found', () => {
    const quiet = org.byName('technova-sales-dev-batch').id;
    expect(Object.keys(r.summary.byAccount).sort()).toEqual(ACCOUNTS.map((n) => org.byName(n).id).sort());
    expect(r.summary.byAccount[quiet]).toEqual({ accountName: 'technova-sales-dev-batch', pass: 0, fail: 0, unknown: 0, notAssessed: 0 });
    expect(r.coverage).toEqual([]);
  });
});

describe('account tags that cannot be read', () => {
  let denied: ScanResult;
  let skipped: ScanResult;
  beforeAll(async () => {
    proxy.setPlan({
      failWith: (q) => (q.action === 'ListTagsForResource' && q.service === 'organizations' ? { status: 400, code: 'AccessDeniedException', message: 'You don’t have permissions to access this resource.' } : undefined),
    });
    denied = await audit();
    proxy.setPlan({});
    skipped = await audit({ fetchAccountTags: false });
  }, 600_000);

  it('never pass a database that fails at the tier its account may have', () => {
    for (const r of [denied, skipped]) {
      const backup = dbResult(r, 'db-backup-retention', 'orders');
      expect(backup).toMatchObject({ status: 'unknown', messageId: 'tier-undecided' });
      expect(backup.message).toContain('passes at medium, fails at critical');
      // Its Multi-AZ failure does not disappear either: at best it cannot be determined.
      expect(dbResult(r, 'db-multi-az', 'orders').status).toBe('unknown');
    }
  });

  it('still fails what fails at every tier it could have, and still decides accounts matched before any tag entry', () => {
    // ledger's account is matched by OU only after the tag entry: undecided between high and critical, fails at both.
    for (const r of [denied, skipped]) expect(dbResult(r, 'db-backup-retention', 'ledger').status).toBe('fail');
  });

  it('records a coverage entry per account whose tier could not be decided', () => {
    const ids = ACCOUNTS.map((n) => org.byName(n).id).sort();
    expect(denied.coverage.filter((g) => g.service === 'organizations:ListTagsForResource').map((g) => `${g.accountId} ${g.errorCode}`).sort()).toEqual(ids.map((id) => `${id} AccessDeniedException`));
    const skippedGaps = skipped.coverage.map((g) => `${g.accountId} ${g.errorCode}`).sort();
    // Every account with resources whose tier depends on its tags (the quiet one has its default VPC).
    expect(skippedGaps).toEqual(ids.map((id) => `${id} TierUndecided`));
    expect(skipped.coverage[0].message).toMatch(/^account tags were not read: the tier of its \d+ resource\(s\) cannot be decided between /);
    expect(skipped.summary.complete).toBe(false);
  });
});

describe('--output on a nightly run (the CLI, in process)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'resilint-org-output-'));
  const cli = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['scan', '--org', '--regions', R1, '--accounts', ACCOUNTS.join(','), '--concurrency', '4', '--fail-on', 'none', '-q', ...args], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      color: false,
    });
    return { code, stdout, stderr };
  };
  let restore: () => void;
  beforeAll(() => {
    proxy.setPlan({});
    restore = useAwsEnv(proxy.endpoint, R1);
  });
  afterAll(() => restore?.());

  it('creates missing parent directories (checked before the scan)', async () => {
    const file = join(tmp, 'nightly', '2026-12-07', 'org.json');
    const r = await cli(['--format', 'json', '--output', file]);
    expect(r.stderr).toContain(`wrote ${file}`);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8')) as ScanResult;
    expect(Object.keys(report.summary.byAccount)).toHaveLength(ACCOUNTS.length);
  }, 180_000);

  it('refuses an unusable path in one line before sending a single request', async () => {
    const blocker = join(tmp, 'not-a-dir');
    writeFileSync(blocker, 'x');
    proxy.resetCounters();
    const r = await cli(['--format', 'json', '--output', join(blocker, 'org.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^resilint: --output ${blocker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/org.json: cannot create directory .* \\(EEXIST|ENOTDIR\\)\\n$`));
    expect(proxy.counters.requests).toBe(0);
  }, 180_000);

  it('writes a report it cannot put where asked to a safe place, says where, and exits 3', async () => {
    const dir = join(tmp, 'reports');
    // The directory is writable, but report.sarif is taken by a directory: only that write fails, after the scan.
    mkdirSync(join(dir, 'report.sarif'), { recursive: true });
    const r = await cli(['--format', 'json,sarif', '--output', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`wrote ${join(dir, 'report.json')}`);
    const m = /resilint: could not write (\S+) \(EISDIR\); the report was written to (\S+) instead/.exec(r.stderr);
    expect(m?.[1]).toBe(join(dir, 'report.sarif'));
    expect(m![2].startsWith(join(tmpdir(), 'resilint-report-'))).toBe(true);
    expect(existsSync(m![2])).toBe(true);
    expect(JSON.parse(readFileSync(m![2], 'utf8')).version).toBe('2.1.0');
  }, 180_000);
});

describe('sharded runs, merge and diff (the CLI, in process)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'resilint-org-shards-'));
  const SHARDED = 'technova-sales-prod-*,technova-sales-staging-*,technova-finance-staging-db';
  const cli = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
    return { code, stdout, stderr };
  };
  const scanTo = (file: string, extra: string[] = []) =>
    cli(['scan', '--org', '--regions', R1, '--accounts', SHARDED, '--concurrency', '4', '--fail-on', 'none', '-q', '--format', 'json', '--output', file, ...extra]);
  /** What may differ between one run and shards merged: when it ran and what it cost (calls, retries, time). */
  const comparable = (text: string) => {
    const r = JSON.parse(text) as ScanResult;
    const { startedAt: _s, finishedAt: _f, organization, ...rest } = r;
    const { apiCalls: _a, retries: _r, durationMs: _d, ...org } = organization!;
    return JSON.stringify({ ...rest, organization: org }, null, 2);
  };
  let restore: () => void;
  let denied: string;
  beforeAll(() => {
    denied = org.byName('technova-sales-staging-api').id;
    // A coverage gap that must land in exactly one shard and survive the merge.
    proxy.setPlan({ denyAssumeRole: new Set([denied]) });
    restore = useAwsEnv(proxy.endpoint, R1);
  });
  afterAll(() => {
    restore?.();
    proxy.setPlan({});
  });

  it('three shards merged equal the unsharded run, byte for byte apart from timestamps and run costs', async () => {
    const whole = join(tmp, 'whole.json');
    // Exit 3: the denied account is not assessed.
    expect((await scanTo(whole)).code).toBe(3);
    const shards = [1, 2, 3].map((k) => join(tmp, `shard-${k}.json`));
    const codes: number[] = [];
    for (const [i, file] of shards.entries()) codes.push((await scanTo(file, ['--shard', `${i + 1}/3`])).code);
    expect(codes.filter((c) => c === 3)).toHaveLength(1);
    const parts = shards.map((f) => JSON.parse(readFileSync(f, 'utf8')) as ScanResult);
    // A partition: every account in exactly one shard, each shard with its own coverage.
    const ids = parts.map((p) => Object.keys(p.summary.byAccount));
    expect(ids.flat().sort()).toEqual(Object.keys((JSON.parse(readFileSync(whole, 'utf8')) as ScanResult).summary.byAccount).sort());
    expect(new Set(ids.flat()).size).toBe(ids.flat().length);
    expect(parts.filter((p) => p.coverage.some((g) => g.accountId === denied))).toHaveLength(1);
    const merged = join(tmp, 'merged.json');
    const m = await cli(['merge', ...shards, '--fail-on', 'none', '--output', merged]);
    expect(m.stderr).toBe(`wrote ${merged}\n`);
    expect(m.code).toBe(3);
    expect(comparable(readFileSync(merged, 'utf8'))).toBe(comparable(readFileSync(whole, 'utf8')));
  }, 300_000);

  it('refuses reports of different policies unless --force', async () => {
    const a = JSON.parse(readFileSync(join(tmp, 'shard-1.json'), 'utf8')) as ScanResult;
    const other = join(tmp, 'other-policy.json');
    writeFileSync(other, JSON.stringify({ ...a, policy: { ...a.policy, source: 'strict.yaml', defaultTier: 'high' } }));
    const r = await cli(['merge', join(tmp, 'shard-2.json'), other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^resilint: .*other-policy\.json was produced with another policy .*; merge anyway with --force\n$/);
    expect((await cli(['merge', join(tmp, 'shard-2.json'), other, '--force', '--fail-on', 'none', '--output', join(tmp, 'forced.json')])).stderr).toBe(`wrote ${join(tmp, 'forced.json')}\n`);
  });

  it('diff: a database fixed overnight, a new failure, and an account no longer assessed', async () => {
    const yesterday = JSON.parse(readFileSync(join(tmp, 'whole.json'), 'utf8')) as ScanResult;
    const failing = yesterday.findings.filter((f) => f.status === 'fail');
    expect(failing.length).toBeGreaterThan(1);
    const [fixed, broken] = [failing[0], yesterday.findings.find((f) => f.status === 'pass')!];
    const today: ScanResult = {
      ...yesterday,
      findings: yesterday.findings.map((f) => (f === fixed ? { ...f, status: 'pass' as const } : f === broken ? { ...f, status: 'fail' as const } : f)),
      coverage: [...yesterday.coverage, { accountId: org.byName('technova-sales-prod-app').id, region: R1, errorCode: 'TimeoutError', message: 'Region not assessed' }],
    };
    const todayFile = join(tmp, 'today.json');
    writeFileSync(todayFile, JSON.stringify(today));
    const text = await cli(['diff', join(tmp, 'whole.json'), todayFile]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`New failing: 1\n  ${broken.severity.toUpperCase()} ${broken.ruleId} ${broken.resource.address}`);
    expect(text.stdout).toContain(`Fixed: 1\n  ${fixed.ruleId} ${fixed.resource.address}`);
    expect(text.stdout).toContain(`Still failing: ${failing.length - 1}\n`);
    expect(text.stdout).toContain('Coverage: 1 newly not assessed, 0 assessed again');
    const json = await cli(['diff', join(tmp, 'whole.json'), todayFile, '--format', 'json', '--fail-on-new']);
    expect(json.code).toBe(1);
    const d = JSON.parse(json.stdout) as { newFailing: { fingerprint: string; before: string }[]; fixed: { fingerprint: string }[]; coverage: { added: unknown[] } };
    expect(d.newFailing).toEqual([expect.objectContaining({ fingerprint: broken.fingerprint, before: 'pass' })]);
    expect(d.fixed.map((e) => e.fingerprint)).toEqual([fixed.fingerprint]);
    expect(d.coverage.added).toHaveLength(1);
    const bad = join(tmp, 'not-a-report.json');
    writeFileSync(bad, '{"hello": 1}');
    expect(await cli(['diff', bad, todayFile])).toMatchObject({ code: 2, stderr: `resilint: ${bad}: not a resilint JSON report (write one with --format json)\n` });
  });
});
