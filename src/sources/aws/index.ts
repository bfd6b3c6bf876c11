/**
 * The live AWS Organizations source: the nightly org-wide audit.
 *
 * Organizations (accounts, OU paths, account tags) → select accounts → for
 * every account × Region, with bounded concurrency: assume the scanning role
 * (credentials cached per account, refreshed before expiry), collect EC2
 * network, ECS, Application Auto Scaling and RDS with paginated read-only
 * calls → normalize into the graph kinds the IaC sources use.
 *
 * What could not be assessed is never silently empty: a role that cannot be
 * assumed, a suspended account, a Region that times out, a denied API —
 * each is a CoverageGap naming account, Region and action, and the scan goes
 * on with the rest.
 */
import { EXIT_USAGE, ResilintError } from '../../errors.js';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit from 'p-limit';
import type { AnyResource, CoverageGap } from '../../graph/types.js';
import { emptyOutput, type SourceOutput } from '../types.js';
import { iamPolicies, type Family, type IamPolicies, type IamPolicyOptions } from './actions.js';
import { CallStats, ClientFactory } from './clients.js';
import { RegionBreakers } from './breaker.js';
import { collectUnit, shortCircuited, ZoneMappingCache } from './collect.js';
import { GlobalOnce } from './collect-route53.js';
import { isRegionsFailure, listAccountRegions } from './regions.js';
import { collectFromConfig } from './config-source.js';
import { CredentialCache, type TemporaryCredentials } from './credentials.js';
import { classifyError } from './errors.js';
import { normalizeUnits, partitionOf } from './normalize.js';
import { isActive, matchesTags, preselect, readAccountTags, readOrganization, unknownAccountIds, type AccountInfo, type OrganizationInfo } from './organization.js';
import type { OrgProgress } from './progress.js';
import { RateLimiters, type Rate } from './rate-limit.js';
import { emptyUnit, type UnitAccount, type UnitData } from './unit.js';
import { inShard, type Shard } from './shard.js';

export interface OrgScanOptions {
  /** Role assumed in every member account. Default 'OrganizationAccountAccessRole'. */
  roleName?: string;
  externalId?: string;
  /** RoleSessionName. Default 'resilint'. */
  sessionName?: string;
  /** AssumeRole DurationSeconds. Default 3600. */
  durationSeconds?: number;
  /**
   * Regions to scan in every account, e.g. ['ap-northeast-1', 'ap-northeast-3']. Default: every Region enabled for each
   * account (regions.ts; one account:ListRegions or ec2:DescribeRegions per account), those not enabled reported.
   */
  regions?: string[];
  /** Account ids or name globs to scan (default: every account). */
  accounts?: string[];
  /** OU ids or names; accounts anywhere below them are scanned. */
  ou?: string[];
  /** `key=value-glob` account tag filters; same key: any of, different keys: all of. */
  accountTags?: string[];
  /** Scan only the accounts of shard K of N (shard.ts); every shard is a complete report of its accounts. */
  shard?: Shard;
  /** Account ids or name globs to leave out. */
  excludeAccounts?: string[];
  /**
   * HTTP requests in flight at once over the whole scan. Twice as many
   * account × Region units are open at once; each runs its network, container
   * and database calls side by side within that request budget. Default 8.
   */
  concurrency?: number;
  /** Shared config/credentials profile for the caller. Default: the SDK's default chain. */
  profile?: string;
  /** 'api' (default): assume a role in every account. 'config': one AWS Config aggregator. */
  source?: 'api' | 'config';
  /** Aggregator name, for source 'config'. */
  configAggregator?: string;
  /** Region of the aggregator. Default: AWS_REGION, else the first of `regions`. */
  configRegion?: string;
  /** Region for STS calls. Default: AWS_REGION, else the first of `regions`. */
  stsRegion?: string;
  /** Read account tags (one Organizations call per account). Default true. */
  fetchAccountTags?: boolean;
  onProgress?: (p: OrgProgress) => void;

  // Tuning and test seams. Endpoints otherwise come from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, which the SDK honours.
  /** SDK attempts per call (standard retry mode: exponential backoff with jitter). Default 5. */
  maxAttempts?: number;
  /** Deadline of one HTTP attempt (ms). Default 20 000. */
  requestTimeoutMs?: number;
  /**
   * Circuit breakers (breaker.ts): this many consecutive timed-out requests in one account × Region stop that account ×
   * Region, and this many account × Regions of one Region stopped in a row stop the Region for every account; what they
   * stop is reported not assessed. Default 3; Infinity disables them.
   */
  regionTimeouts?: number;
  connectionTimeoutMs?: number;
  /** Client-side rate limits per family (defaults in rate-limit.ts). */
  rateLimits?: Partial<Record<Family, Rate>>;
  /** Replaces the SDK HTTP handler (fault injection). */
  requestHandler?: unknown;
  /** Merged into every client's configuration (`endpoint`, `credentials`, …). */
  clientConfig?: Record<string, unknown>;
  /** Per-family endpoint overrides. */
  endpoints?: Partial<Record<Family, string>>;
  /** Clock for credential expiry (ms since epoch). */
  now?: () => number;
  /** Refresh assumed credentials when less than this remains (ms). Default 5 minutes. */
  refreshMarginMs?: number;
}

/** A problem with the request itself (no regions, caller credentials rejected, organisation unreadable): the CLI exits 2. */
export class OrgScanError extends ResilintError {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message, EXIT_USAGE, '--org');
    this.name = 'OrgScanError';
  }
}

export interface OrgScanDetails {
  output: SourceOutput;
  stats: CallStats;
  /** AssumeRole calls per member account (refreshes included; the caller's own account needs none). */
  assumeRoleCalls: Map<string, number>;
  callerAccountId: string;
  accountsSelected: number;
  /** Selected accounts not entered at all: suspended or closed, not in the organisation, or the role could not be assumed. */
  accountsNotAssessed: string[];
  /** Account × Region units attempted. */
  units: number;
  /** Regions scanned in at least one account, sorted. */
  regionsScanned: string[];
  durationMs: number;
}

export type { OrgProgress, ProgressRenderer, ProgressRendererOptions } from './progress.js';
export { createProgressRenderer } from './progress.js';
export type { CoverageGap };

/** The minimal read-only IAM policies for `resilint iam-policy`. */
export function iamPolicy(options: IamPolicyOptions = {}): IamPolicies {
  return iamPolicies(options);
}

export async function scanOrganization(options: OrgScanOptions): Promise<SourceOutput> {
  return (await scanOrganizationDetailed(options)).output;
}

export async function scanOrganizationDetailed(options: OrgScanOptions): Promise<OrgScanDetails> {
  const started = Date.now();
  // undefined: every Region enabled for each account.
  const regions = options.regions && [...new Set(options.regions.map((r) => r.trim()).filter(Boolean))];
  if (regions?.length === 0) throw new OrgScanError('no Region to scan: give --regions, or leave it out for every enabled Region', 'usage');
  const source = options.source ?? 'api';
  if (source === 'config' && !options.configAggregator) throw new OrgScanError('--source config needs --config-aggregator', 'usage');
  // The aggregator's Region list is not the accounts' own: narrowing it silently to one Region would hide the rest.
  if (source === 'config' && !regions) throw new OrgScanError('--source config needs --regions (the Regions whose aggregated resources to read)', 'usage');
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
  // Checked here: AWS would refuse every AssumeRole, one coverage gap per account.
  if (options.sessionName !== undefined && !/^[\w+=,.@-]{2,64}$/.test(options.sessionName)) throw new OrgScanError(`invalid role session name '${options.sessionName}' (2–64 of A–Z a–z 0–9 + = , . @ _ -)`, 'usage');
  if (options.durationSeconds !== undefined && !(options.durationSeconds >= 900 && options.durationSeconds <= 43_200)) throw new OrgScanError(`role session duration must be 900–43200 seconds, got ${options.durationSeconds}`, 'usage');
  if (options.roleName !== undefined && !/^[\w+=,.@/-]{1,512}$/.test(options.roleName)) throw new OrgScanError(`invalid role name '${options.roleName}'`, 'usage');
  const regionTimeouts = options.regionTimeouts ?? 3;
  if (!(regionTimeouts >= 1)) throw new OrgScanError(`the Region breaker needs at least 1 timed-out request, got ${regionTimeouts}`, 'usage');
  const homeRegion = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || regions?.[0] || 'us-east-1';
  const stsRegion = options.stsRegion ?? homeRegion;
  const partition = partitionOf(stsRegion);
  const roleName = options.roleName ?? 'OrganizationAccountAccessRole';

  const stats = new CallStats();
  const familyConfig: Partial<Record<Family, Record<string, unknown>>> = {};
  for (const [f, endpoint] of Object.entries(options.endpoints ?? {})) familyConfig[f as Family] = { endpoint };
  const factory = new ClientFactory({
    limiters: new RateLimiters(options.rateLimits),
    stats,
    maxAttempts: options.maxAttempts,
    requestTimeoutMs: options.requestTimeoutMs,
    connectionTimeoutMs: options.connectionTimeoutMs,
    maxConcurrentRequests: concurrency,
    maxSockets: Math.max(64, concurrency * 4),
    requestHandler: options.requestHandler,
    // Credentials given here are the caller's (baseCredentials); every client gets its account's own.
    clientConfig: withoutCredentials(options.clientConfig),
    familyConfig,
    breakers: new RegionBreakers(regionTimeouts),
  });
  const gaps: CoverageGap[] = [];
  const limit = pLimit(concurrency);
  // Units open at once: twice the request slots, so that while some units wait for credentials or sit in a long
  // sequential chain, others have requests ready. Requests in flight stay bounded by `concurrency` (clients.ts).
  const unitLimit = pLimit(concurrency * 2);

  try {
    const base = baseCredentials(options);
    // Who am I: the caller's account is scanned with its own credentials.
    let callerAccountId: string;
    try {
      const sts = factory.client('sts', { accountId: 'caller', region: stsRegion, credentials: base });
      callerAccountId = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
    } catch (e) {
      const c = classifyError(e);
      throw new OrgScanError(`the caller's credentials were not accepted (sts:GetCallerIdentity: ${c.code}: ${c.message})`, 'credentials');
    }
    const sts = factory.client('sts', { accountId: callerAccountId, region: stsRegion, credentials: base });
    const orgClient = factory.client('organizations', { accountId: callerAccountId, region: partition === 'aws-cn' ? 'cn-northwest-1' : partition === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1', credentials: base });

    // The organisation and the selection.
    let org: OrganizationInfo;
    let orgListed = true;
    try {
      org = await readOrganization(orgClient, limit, gaps);
    } catch (e) {
      const c = classifyError(e);
      const literal = (options.accounts ?? []).filter((a) => /^\d{12}$/.test(a));
      if (literal.length === 0) throw new OrgScanError(`the organisation could not be listed (${c.code}: ${c.message}); run from the management or a delegated administrator account, or name accounts by id with --accounts`, 'organizations');
      gaps.push({ service: 'organizations:ListAccounts', errorCode: c.code, message: `the organisation could not be listed (${c.message}); scanning the accounts given by id without their names, tags and OUs: tiers by account cannot be decided` });
      orgListed = false;
      org = { accounts: literal.map((id) => ({ id, name: id, status: 'ACTIVE', ouPath: [], ouNames: [] })), ous: new Map() };
    }
    for (const id of unknownAccountIds(org.accounts, options).filter((x) => inShard(x, options.shard))) {
      gaps.push({ accountId: id, errorCode: 'NotInOrganization', message: `account ${id} was asked for but is not in the organisation ${org.id ?? ''}`.trim() });
    }
    let selected = preselect(org.accounts, options);
    const fetchTags = options.fetchAccountTags !== false && orgListed;
    if (options.accountTags?.length) {
      await Promise.all(selected.map((a) => limit(() => readAccountTags(orgClient, a, gaps))));
      selected = selected.filter((a) => matchesTags(a, options.accountTags));
    }
    // This run's part of the organisation (--shard K/N); ids asked for but not in it are another shard's to report.
    selected = selected.filter((a) => inShard(a.id, options.shard));
    selected.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

    const total = selected.length;
    let done = 0;
    const progress = (current?: string) => options.onProgress?.({ done, total, current, errors: gaps.length });
    progress();

    for (const a of selected.filter((x) => !isActive(x))) {
      gaps.push({
        accountId: a.id,
        accountName: a.name,
        errorCode: a.status === 'SUSPENDED' ? 'AccountSuspended' : `Account${a.status.charAt(0)}${a.status.slice(1).toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`,
        message: `account is ${a.status}: not assessed (its resources are neither compliant nor non-compliant)`,
      });
      done++;
    }
    const active = selected.filter(isActive);
    progress();

    // Credentials per account: the caller's own for its account, else the scanning role.
    const cache = new CredentialCache(
      async (accountId): Promise<TemporaryCredentials> => {
        if (accountId === callerAccountId) return base();
        const out = await sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:${partition}:iam::${accountId}:role/${roleName}`,
            RoleSessionName: options.sessionName ?? 'resilint',
            ExternalId: options.externalId,
            DurationSeconds: options.durationSeconds ?? 3600,
          }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error('AssumeRole returned no credentials'), { name: 'NoCredentials' });
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      },
      { now: options.now, refreshMarginMs: options.refreshMarginMs },
    );

    let units: UnitData[];
    let unitsAttempted = 0;
    if (source === 'config') {
      if (fetchTags) await Promise.all(active.map((a) => limit(() => readAccountTags(orgClient, a, gaps))));
      units = await collectFromConfig({
        factory,
        callerAccountId,
        credentials: base,
        region: options.configRegion ?? homeRegion,
        aggregator: options.configAggregator!,
        accounts: new Map(active.map((a) => [a.id, unitAccount(a)])),
        regions: regions!,
        gaps,
        onQuery: (_d, _t, current) => progress(current),
      });
      done = total;
      progress();
    } else {
      const scanned = await scanAccounts({ active, regions, homeRegion, limit: unitLimit, factory, cache, gaps, orgClient, fetchTags, roleName, partition, now: options.now, onAccountDone: (a) => (done++, progress(a.name)), onStart: (a) => progress(a.name) });
      units = scanned.units;
      unitsAttempted = scanned.attempted;
    }

    // Account data (tags were read while scanning) goes into every resource's provenance.
    const byId = new Map(selected.map((a) => [a.id, a]));
    for (const u of units) {
      const a = byId.get(u.account.id);
      if (a) u.account = unitAccount(a);
    }
    const { resources, edges } = normalizeUnits(units);
    resources.push(...selected.map((a) => accountResource(a, org)));

    const output = emptyOutput('aws');
    output.resources = resources;
    output.edges = edges;
    output.coverage = sortGaps(gaps);
    return {
      output,
      stats,
      assumeRoleCalls: new Map([...cache.assumed].filter(([id]) => id !== callerAccountId)),
      callerAccountId,
      accountsSelected: total,
      accountsNotAssessed: [...new Set(gaps.filter(isWholeAccountGap).map((g) => g.accountId!))].sort(),
      units: unitsAttempted,
      regionsScanned: [...new Set(units.map((u) => u.region))].sort(),
      durationMs: Date.now() - started,
    };
  } finally {
    factory.destroy();
  }
}

function baseCredentials(options: OrgScanOptions): AwsCredentialIdentityProvider {
  const given = options.clientConfig?.credentials as AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  if (typeof given === 'function') return given;
  if (given) return async () => given;
  return options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain();
}

function withoutCredentials(config: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!config || !('credentials' in config)) return config;
  const { credentials: _caller, ...rest } = config;
  return rest;
}

function unitAccount(a: AccountInfo): UnitAccount {
  return { id: a.id, name: a.name, tags: a.tags, ouPath: a.ouPath, ouNames: a.ouNames };
}

interface ScanAccountsOptions {
  active: AccountInfo[];
  /** undefined: every Region enabled for each account. */
  regions: string[] | undefined;
  /** Where the Region list is asked, and what is scanned when it cannot be. */
  homeRegion: string;
  limit: ReturnType<typeof pLimit>;
  factory: ClientFactory;
  cache: CredentialCache;
  gaps: CoverageGap[];
  orgClient: Parameters<typeof readAccountTags>[0];
  fetchTags: boolean;
  roleName: string;
  partition: string;
  onStart: (a: AccountInfo) => void;
  onAccountDone: (a: AccountInfo) => void;
  /** The collector's clock (snapshot ages). */
  now?: () => number;
}

/**
 * Account × Region units through one p-limit queue, account-major (an
 * account's Regions run back to back and share its credentials); every HTTP
 * request also waits for one of the scan's request slots (clients.ts). The
 * first unit of an account also reads its tags. An account whose role cannot
 * be assumed yields one gap and no units. Without a Region list, each
 * account first lists the Regions enabled for it (one more queue slot).
 */
async function scanAccounts(o: ScanAccountsOptions): Promise<{ units: UnitData[]; attempted: number }> {
  const units: UnitData[] = [];
  let attempted = 0;
  const tagsRead = new Map<string, Promise<void>>();
  const zones = new ZoneMappingCache();
  // Route 53 is global: one unit per account collects it.
  const globals = new GlobalOnce();
  const roleGap = (a: AccountInfo, e: unknown, regions: string) => {
    const c = classifyError(e);
    o.gaps.push({
      accountId: a.id,
      accountName: a.name,
      service: 'sts:AssumeRole',
      errorCode: c.code,
      message: `role arn:${o.partition}:iam::${a.id}:role/${o.roleName} could not be assumed (${c.message}): account not assessed in any Region (${regions})`,
    });
  };
  const regionOrder = new Map<string, string[]>();

  const scanAccount = async (a: AccountInfo): Promise<void> => {
    // Tags are needed only when the results are normalized: read them alongside the scan.
    const readTags = () => {
      if (o.fetchTags && !tagsRead.has(a.id)) tagsRead.set(a.id, readAccountTags(o.orgClient, a, o.gaps));
    };
    let regions = o.regions;
    if (!regions) {
      const listed = await o.limit(async () => {
        o.onStart(a);
        readTags();
        try {
          await o.cache.get(a.id);
        } catch (e) {
          roleGap(a, e, 'its Regions could not be listed either');
          return undefined;
        }
        return accountRegions(o, a);
      });
      if (!listed) {
        await tagsRead.get(a.id);
        o.onAccountDone(a);
        return;
      }
      regions = listed;
    }
    regionOrder.set(a.id, regions);
    attempted += regions.length;
    const shown = regions.join(', ');
    let denied = false;
    await Promise.all(
      regions.map((region) =>
        o.limit(async () => {
          try {
            o.onStart(a);
            readTags();
            // A Region already given up on costs no AssumeRole either.
            const skipped = emptyUnit(unitAccount(a), region);
            if (shortCircuited({ factory: o.factory, account: unitAccount(a), region, gaps: o.gaps }, skipped)) {
              units.push(skipped);
              return;
            }
            try {
              await o.cache.get(a.id);
            } catch (e) {
              if (!denied) {
                denied = true;
                roleGap(a, e, shown);
              }
              return;
            }
            units.push(await collectUnit({ factory: o.factory, account: unitAccount(a), region, credentials: o.cache.provider(a.id), gaps: o.gaps, zones, globals, now: o.now }));
          } finally {
            await tagsRead.get(a.id);
          }
        }),
      ),
    );
    o.onAccountDone(a);
  };
  await Promise.all(o.active.map(scanAccount));
  // Deterministic order whatever the completion order.
  const order = new Map(o.active.map((a, i) => [a.id, i]));
  const at = (u: UnitData) => regionOrder.get(u.account.id)!.indexOf(u.region);
  return { units: units.sort((x, y) => order.get(x.account.id)! - order.get(y.account.id)! || at(x) - at(y)), attempted };
}

/**
 * The Regions to scan in an account when none were given: those enabled for it. Those not enabled are one coverage
 * entry (an auditor sees what was left out); when the list cannot be read, the home Region is scanned and the
 * rest is one "not assessed" entry.
 */
async function accountRegions(o: ScanAccountsOptions, a: AccountInfo): Promise<string[]> {
  const listed = await listAccountRegions(o.factory, a.id, o.homeRegion, o.cache.provider(a.id));
  if (isRegionsFailure(listed)) {
    const last = listed.failures[listed.failures.length - 1];
    o.gaps.push({
      accountId: a.id,
      accountName: a.name,
      service: last.action,
      errorCode: last.code,
      message: `the Regions enabled for the account could not be listed (${listed.failures.map((f) => `${f.action}: ${f.code}: ${f.message}`).join('; ')}): only ${o.homeRegion} scanned, every other Region not assessed`,
    });
    return [o.homeRegion];
  }
  if (listed.notEnabled.length) {
    o.gaps.push({
      accountId: a.id,
      accountName: a.name,
      service: listed.via,
      errorCode: 'RegionNotEnabled',
      message: `Regions not enabled for the account, not scanned (no resource can run there until enabled): ${listed.notEnabled.join(', ')}`,
    });
  }
  return listed.enabled;
}

function accountResource(a: AccountInfo, org: OrganizationInfo): AnyResource {
  const id = a.arn ?? `arn:aws:organizations::${org.managementAccountId ?? 'unknown'}:account/${org.id ?? 'unknown'}/${a.id}`;
  const provenance: AnyResource['provenance'] = { source: 'aws', arn: id, accountId: a.id, accountName: a.name, ouPath: a.ouPath, ouNames: a.ouNames };
  if (a.tags) provenance.accountTags = a.tags;
  return {
    id,
    kind: 'account',
    type: 'AWS::Organizations::Account',
    address: id,
    name: a.name,
    props: { accountId: a.id, name: a.name, status: a.status, ou: a.parentId },
    propOrigins: { accountId: { attribute: 'Id' }, name: { attribute: 'Name' }, status: { attribute: 'Status' }, ou: { attribute: 'ListParents' } },
    attributes: { Id: a.id, Name: a.name, Status: a.status, OuPath: a.ouPath, OuNames: a.ouNames },
    tags: a.tags ?? {},
    provenance,
    unresolved: [],
  };
}

/** A gap that covers a whole account (every Region, every service), as opposed to one Region or one API. */
function isWholeAccountGap(g: CoverageGap): boolean {
  return g.accountId !== undefined && g.region === undefined && (g.service === undefined || g.service === 'sts:AssumeRole');
}

function sortGaps(gaps: CoverageGap[]): CoverageGap[] {
  const k = (g: CoverageGap) => `${g.accountId ?? ''}\u0000${g.region ?? ''}\u0000${g.service ?? ''}\u0000${g.errorCode}`;
  return gaps.sort((a, b) => k(a).localeCompare(k(b)));
}
