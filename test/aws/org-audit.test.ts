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
 *   written somewhere safe, and the run says where.
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
import { FaultProxy, seedOrganization, seedWorkload, startMoto, useAwsEnv, type MotoServer, type SeededOrg } from './moto.js';

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
  org = await seedOrganization(moto.endpoint);
  // A critical account's database kept 1 day, single-AZ: passes at medium, fails at critical.
  await seedWorkload(moto.endpoint, org.byName('technova-sales-prod-app').id, R1, {
    azs: ['ap-northeast-1a', 'ap-northeast-1c'],
    nat: 'none',
    databases: [{ kind: 'instance', id: 'orders', multiAz: false, az: 'ap-northeast-1a', backup: 1, deletionProtection: true }],
  });
  // A finance database kept 3 days: passes at medium, fails at high (its OU, named in the policy).
  await seedWorkload(moto.endpoint, org.byName('technova-finance-staging-db').id, R1, {
    azs: ['ap-northeast-1a', 'ap-northeast-1c'],
    nat: 'none',
    databases: [{ kind: 'instance', id: 'ledger', multiAz: true, az: 'ap-northeast-1a', backup: 3, deletionProtection: true }],
  });
  proxy = await FaultProxy.start(moto.endpoint);
}, 180_000);

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
  }, 120_000);

  it('judges the tagged account at its tier', () => {
    expect(dbResult(r, 'db-backup-retention', 'orders')).toMatchObject({ status: 'fail', resource: { tier: 'critical', tierSource: 'account' } });
    expect(dbResult(r, 'db-multi-az', 'orders').status).toBe('fail');
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
  }, 240_000);

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
  }, 120_000);

  it('refuses an unusable path in one line before sending a single request', async () => {
    const blocker = join(tmp, 'not-a-dir');
    writeFileSync(blocker, 'x');
    proxy.resetCounters();
    const r = await cli(['--format', 'json', '--output', join(blocker, 'org.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^resilint: --output ${blocker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/org.json: cannot create directory .* \\(EEXIST|ENOTDIR\\)\\n$`));
    expect(proxy.counters.requests).toBe(0);
  }, 60_000);

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
  }, 120_000);
});
