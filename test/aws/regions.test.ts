/**
 * Fault 5: without --regions, every account is scanned in every Region
 * enabled for it, and the Regions not enabled are reported in coverage.
 *
 * moto has no account:ListRegions (it answers 404): the collector falls back
 * to ec2:DescribeRegions, which moto answers with every Region enabled. Real
 * accounts have opt-in Regions that are not enabled: the loopback proxy
 * gives this account such an answer (`rewrite`), with the opt-in statuses
 * AWS sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanOrganizationDetailed, type OrgScanOptions } from '../../src/sources/aws/index.js';
import { iamPolicy } from '../../src/sources/aws/index.js';
import { FaultProxy, freezeTaskStates, seedOrganization, seedWorkload, startMoto, useAwsEnv, type MotoServer, type SeededOrg } from './moto.js';

const R1 = 'ap-northeast-1';
const R3 = 'ap-northeast-3';
// ap-east-1 (Hong Kong) is an opt-in Region every service moto emulates knows; me-central-1 is only listed, never called.
const OPTED_IN = 'ap-east-1';
const NOT_OPTED_IN = 'me-central-1';

let moto: MotoServer;
let proxy: FaultProxy;
let restoreEnv: () => void;
let org: SeededOrg;
const ACCOUNT = 'technova-sales-prod-app';

/** What ec2:DescribeRegions (AllRegions) answers for an account with one opt-in Region enabled and one not. */
function describeRegionsXml(): string {
  const item = (name: string, status: string) =>
    `<item><regionName>${name}</regionName><regionEndpoint>ec2.${name}.amazonaws.com</regionEndpoint><optInStatus>${status}</optInStatus></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?><DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>4b7a3ff0-0c1e-4d6f-9d55-2f8e2c7a1a10</requestId><regionInfo>${[
    item(R1, 'opt-in-not-required'),
    item(R3, 'opt-in-not-required'),
    item(OPTED_IN, 'opted-in'),
    item(NOT_OPTED_IN, 'not-opted-in'),
  ].join('')}</regionInfo></DescribeRegionsResponse>`;
}

function options(extra: Partial<OrgScanOptions> = {}): OrgScanOptions {
  return {
    accounts: [ACCOUNT],
    fetchAccountTags: false,
    concurrency: 6,
    requestTimeoutMs: 10_000,
    clientConfig: { endpoint: proxy.endpoint },
    ...extra,
  };
}

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  await freezeTaskStates(moto.endpoint);
  org = await seedOrganization(moto.endpoint);
  await seedWorkload(moto.endpoint, org.byName(ACCOUNT).id, OPTED_IN, {
    azs: [`${OPTED_IN}a`, `${OPTED_IN}b`],
    nat: 'single',
    clusterName: 'gulf',
    services: [{ name: 'orders', desired: 2, taskAzs: [0, 1], spread: true }],
  });
  proxy = await FaultProxy.start(moto.endpoint);
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await proxy?.stop();
  await moto?.stop();
});

describe('every enabled Region by default', () => {
  it('lists the Regions from inside the account, scans the enabled ones and reports the others', async () => {
    proxy.resetCounters();
    proxy.setPlan({ rewrite: (r) => (r.service === 'ec2' && r.action === 'DescribeRegions' ? describeRegionsXml() : undefined) });
    const d = await scanOrganizationDetailed(options());
    proxy.setPlan({});
    const id = org.byName(ACCOUNT).id;
    // account:ListRegions was tried first (moto lacks it), then ec2:DescribeRegions answered.
    expect(proxy.counters.byAction.get('ec2:DescribeRegions')).toBe(1);
    expect([...proxy.counters.byAction.keys()].some((k) => k.startsWith('account:'))).toBe(true);
    expect(d.regionsScanned).toEqual([R1, R3, OPTED_IN].sort());
    expect(d.units).toBe(3);
    expect(d.output.coverage).toEqual([
      {
        accountId: id,
        accountName: ACCOUNT,
        service: 'ec2:DescribeRegions',
        errorCode: 'RegionNotEnabled',
        message: `Regions not enabled for the account, not scanned (no resource can run there until enabled): ${NOT_OPTED_IN}`,
      },
    ]);
    // The workload in the opted-in Region was found: it would have been silently absent with the old AWS_REGION default.
    const svc = d.output.resources.find((r) => r.kind === 'ecs.service' && r.name === 'orders');
    expect(svc?.provenance).toMatchObject({ accountId: id, region: OPTED_IN });
    expect(d.output.resources.some((r) => r.provenance.region === NOT_OPTED_IN)).toBe(false);
  }, 180_000);

  it('when the Regions cannot be listed, scans the home Region and says every other Region was not assessed', async () => {
    proxy.resetCounters();
    proxy.setPlan({
      failWith: (r) => (r.service === 'ec2' && r.action === 'DescribeRegions' ? { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' } : undefined),
    });
    const d = await scanOrganizationDetailed(options());
    proxy.setPlan({});
    expect(d.regionsScanned).toEqual([R1]);
    expect(d.output.coverage).toHaveLength(1);
    const [gap] = d.output.coverage;
    expect(gap).toMatchObject({ accountId: org.byName(ACCOUNT).id, service: 'ec2:DescribeRegions', errorCode: 'UnauthorizedOperation' });
    expect(gap.region).toBeUndefined();
    expect(gap.message).toMatch(/^the Regions enabled for the account could not be listed \(account:ListRegions: .+; ec2:DescribeRegions: UnauthorizedOperation: .+\): only ap-northeast-1 scanned, every other Region not assessed$/);
  }, 180_000);

  it('--regions narrows: exactly those Regions, no Region listing call', async () => {
    proxy.resetCounters();
    const d = await scanOrganizationDetailed(options({ regions: [R3] }));
    expect(d.regionsScanned).toEqual([R3]);
    expect(proxy.counters.byAction.get('ec2:DescribeRegions')).toBeUndefined();
    expect([...proxy.counters.byAction.keys()].some((k) => k.startsWith('account:'))).toBe(false);
    expect(d.output.coverage).toEqual([]);
  }, 180_000);
});

describe('the scanning role may list Regions', () => {
  it('has account:ListRegions and ec2:DescribeRegions, both reads', () => {
    const actions = iamPolicy().scanningRole.Statement.flatMap((s) => s.Action as string[]);
    expect(actions).toContain('account:ListRegions');
    expect(actions).toContain('ec2:DescribeRegions');
  });
});
