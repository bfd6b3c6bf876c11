/**
 * Which Regions to scan in an account: by default every Region enabled for
 * it, asked from inside the account with the scanning role.
 *
 * account:ListRegions gives each Region's opt status (ENABLED,
 * ENABLED_BY_DEFAULT, DISABLED, ENABLING, DISABLING); where it is denied or
 * unavailable (moto does not answer it), ec2:DescribeRegions with
 * AllRegions gives the same facts as OptInStatus (opt-in-not-required,
 * opted-in, not-opted-in). Regions that are enabling or disabling are not
 * usable yet or any more: they are reported, not scanned. When neither call
 * answers, the account's Regions are unknown: the caller says so in coverage
 * and scans only the Regions it knows it must.
 */
import { paginateListRegions } from '@aws-sdk/client-account';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ClientFactory } from './clients.js';
import { classifyError } from './errors.js';

export interface AccountRegions {
  /** Regions enabled for the account, sorted. */
  enabled: string[];
  /** Regions the account cannot use (not opted in, being enabled or disabled), sorted. */
  notEnabled: string[];
  /** Which call answered. */
  via: 'account:ListRegions' | 'ec2:DescribeRegions';
}

export interface RegionsFailure {
  /** Each call tried, with why it failed. */
  failures: { action: string; code: string; message: string }[];
}

const ENABLED_STATUS = new Set(['ENABLED', 'ENABLED_BY_DEFAULT']);
const ENABLED_OPT_IN = new Set(['opt-in-not-required', 'opted-in']);

/**
 * @param apiRegion Region for the calls (the scan's home Region): ec2:DescribeRegions is Regional, and the Account API's
 *   endpoint is global (the SDK resolves it from any Region of the partition).
 */
export async function listAccountRegions(factory: ClientFactory, accountId: string, apiRegion: string, credentials: AwsCredentialIdentityProvider): Promise<AccountRegions | RegionsFailure> {
  const scope = { accountId, region: apiRegion, credentials };
  const failures: RegionsFailure['failures'] = [];
  try {
    const account = factory.client('account', scope);
    const enabled: string[] = [];
    const notEnabled: string[] = [];
    for await (const page of paginateListRegions({ client: account, pageSize: 50 }, {})) {
      for (const r of page.Regions ?? []) {
        if (!r.RegionName) continue;
        (ENABLED_STATUS.has(String(r.RegionOptStatus)) ? enabled : notEnabled).push(r.RegionName);
      }
    }
    if (enabled.length) return { enabled: enabled.sort(), notEnabled: notEnabled.sort(), via: 'account:ListRegions' };
    failures.push({ action: 'account:ListRegions', code: 'EmptyAnswer', message: 'no enabled Region listed' });
  } catch (e) {
    const c = classifyError(e);
    failures.push({ action: 'account:ListRegions', code: c.code, message: c.message });
  }
  try {
    const ec2 = factory.client('ec2', scope);
    // AllRegions: the ones not opted in are listed too, so that they can be reported as not scanned.
    const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    const enabled: string[] = [];
    const notEnabled: string[] = [];
    for (const r of out.Regions ?? []) {
      if (!r.RegionName) continue;
      // No status at all (older answers): DescribeRegions without AllRegions lists only usable Regions; with it, assume usable.
      (r.OptInStatus === undefined || ENABLED_OPT_IN.has(r.OptInStatus) ? enabled : notEnabled).push(r.RegionName);
    }
    if (enabled.length) return { enabled: enabled.sort(), notEnabled: notEnabled.sort(), via: 'ec2:DescribeRegions' };
    failures.push({ action: 'ec2:DescribeRegions', code: 'EmptyAnswer', message: 'no enabled Region listed' });
  } catch (e) {
    const c = classifyError(e);
    failures.push({ action: 'ec2:DescribeRegions', code: c.code, message: c.message });
  }
  return { failures };
}

export function isRegionsFailure(r: AccountRegions | RegionsFailure): r is RegionsFailure {
  return 'failures' in r;
}
