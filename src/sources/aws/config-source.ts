/**
 * `source: 'config'`: one account's AWS Config aggregator instead of a role
 * in every account. One SelectAggregateResourceConfig query per resource
 * type (paginated with NextToken), configuration items grouped by account ×
 * Region and handed to the same normalizer as the API path.
 *
 * What the aggregator cannot vouch for is a coverage gap: sources whose last
 * aggregation FAILED or is OUTDATED, and selected account × Regions the
 * aggregator does not collect at all. AWS Config does not record running
 * ECS tasks, so services get an unresolved `runs-in` (their live AZ spread is
 * unknown), and DB proxies are not queried.
 *
 * AZ IDs: subnet items carry `availabilityZoneId`; DB instances and clusters
 * carry only AZ names, which the normalizer maps to IDs through the same
 * account × Region's subnet items where one reports that name, and otherwise
 * leaves unset (no ec2:DescribeAvailabilityZones here: never a guess).
 */
import { paginateDescribeConfigurationAggregatorSourcesStatus, paginateSelectAggregateResourceConfig } from '@aws-sdk/client-config-service';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CoverageGap } from '../../graph/types.js';
import type { ClientFactory } from './clients.js';
import { classifyError } from './errors.js';
import { emptyUnit, type Collection, type Raw, type UnitAccount, type UnitData } from './unit.js';

/** AWS Config resource types and the collections they fill. */
export const CONFIG_RESOURCE_TYPES: readonly (readonly [string, Collection])[] = [
  ['AWS::EC2::VPC', 'vpcs'],
  ['AWS::EC2::Subnet', 'subnets'],
  ['AWS::EC2::NatGateway', 'natGateways'],
  ['AWS::EC2::RouteTable', 'routeTables'],
  ['AWS::ECS::Cluster', 'clusters'],
  ['AWS::ECS::Service', 'services'],
  ['AWS::ApplicationAutoScaling::ScalableTarget', 'scalableTargets'],
  ['AWS::RDS::DBInstance', 'dbInstances'],
  ['AWS::RDS::DBCluster', 'dbClusters'],
  ['AWS::RDS::GlobalCluster', 'globalClusters'],
];

/** The SQL sent for one resource type (exported for the test's fake aggregator). */
export function configQuery(resourceType: string): string {
  return `SELECT accountId, awsRegion, arn, resourceId, resourceName, resourceType, configuration, tags WHERE resourceType = '${resourceType}'`;
}

export interface ConfigCollectOptions {
  factory: ClientFactory;
  callerAccountId: string;
  credentials: AwsCredentialIdentityProvider;
  /** Region of the aggregator. */
  region: string;
  aggregator: string;
  /** Selected accounts (only their items are kept). */
  accounts: Map<string, UnitAccount>;
  regions: string[];
  gaps: CoverageGap[];
  onQuery?: (done: number, total: number, current: string) => void;
}

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export async function collectFromConfig(o: ConfigCollectOptions): Promise<UnitData[]> {
  const client = o.factory.client('config', { accountId: o.callerAccountId, region: o.region, credentials: o.credentials });
  const units = new Map<string, UnitData>();
  for (const a of o.accounts.values()) for (const r of o.regions) units.set(`${a.id}|${r}`, emptyUnit(a, r));
  const wanted = new Set(o.regions);

  // Which account × Regions the aggregator collects, and how fresh.
  try {
    const statuses: Raw[] = [];
    for await (const page of paginateDescribeConfigurationAggregatorSourcesStatus({ client, pageSize: 100 }, { ConfigurationAggregatorName: o.aggregator })) {
      for (const s of page.AggregatedSourceStatusList ?? []) statuses.push(s as Raw);
    }
    const perAccount = statuses.filter((s) => typeof s.SourceId === 'string' && /^\d{12}$/.test(s.SourceId));
    const seen = new Set<string>();
    for (const s of perAccount) {
      const key = `${s.SourceId}|${s.AwsRegion}`;
      seen.add(key);
      const a = o.accounts.get(String(s.SourceId));
      if (!a || !wanted.has(String(s.AwsRegion))) continue;
      const status = String(s.LastUpdateStatus ?? '');
      if (status === 'FAILED' || status === 'OUTDATED') {
        o.gaps.push({
          accountId: a.id,
          accountName: a.name,
          region: String(s.AwsRegion),
          service: 'config:DescribeConfigurationAggregatorSourcesStatus',
          errorCode: status === 'FAILED' ? String(s.LastErrorCode ?? 'AggregationFailed') : 'AggregationOutdated',
          message:
            status === 'FAILED'
              ? `aggregator ${o.aggregator} could not collect this source: ${String(s.LastErrorMessage ?? s.LastErrorCode ?? 'no detail')}`
              : `aggregator ${o.aggregator} holds outdated data for this source (last update ${String(s.LastUpdateTime ?? 'unknown')}); resources are from the last successful aggregation`,
        });
      }
    }
    // An organisation aggregator may report only organisation-level sources; then it cannot tell per account.
    if (perAccount.length > 0) {
      for (const a of o.accounts.values()) {
        for (const r of o.regions) {
          if (seen.has(`${a.id}|${r}`)) continue;
          o.gaps.push({
            accountId: a.id,
            accountName: a.name,
            region: r,
            service: 'config:DescribeConfigurationAggregatorSourcesStatus',
            errorCode: 'NotAggregated',
            message: `aggregator ${o.aggregator} does not collect ${a.id} in ${r}`,
          });
        }
      }
    }
  } catch (e) {
    const c = classifyError(e);
    o.gaps.push({ service: 'config:DescribeConfigurationAggregatorSourcesStatus', errorCode: c.code, message: `aggregator source status unknown: ${c.message}` });
  }

  let done = 0;
  for (const [type, collection] of CONFIG_RESOURCE_TYPES) {
    o.onQuery?.(done, CONFIG_RESOURCE_TYPES.length, type);
    try {
      const pages = paginateSelectAggregateResourceConfig({ client, pageSize: 100 }, { ConfigurationAggregatorName: o.aggregator, Expression: configQuery(type) });
      for await (const page of pages) {
        for (const line of page.Results ?? []) {
          const item = parseJson(line) as Raw;
          const unit = units.get(`${String(item.accountId)}|${String(item.awsRegion)}`);
          if (!unit) continue; // an account or Region that was not selected
          const configuration = parseJson(item.configuration);
          if (!configuration || typeof configuration !== 'object') continue;
          (unit.items[collection] ??= []).push({
            data: configuration as Raw,
            prefix: 'configuration.',
            arn: typeof item.arn === 'string' ? item.arn : undefined,
            tags: item.tags,
          });
        }
      }
    } catch (e) {
      const c = classifyError(e);
      o.gaps.push({ service: 'config:SelectAggregateResourceConfig', errorCode: c.code, message: `${type} could not be queried from aggregator ${o.aggregator}: ${c.message}` });
      for (const u of units.values()) {
        u.missing.set(collection, `config:SelectAggregateResourceConfig for ${type} failed: ${c.code}`);
        // AWS Config records scalable targets of every namespace in one type: Aurora's are missing too.
        if (collection === 'scalableTargets') u.missing.set('rdsScalableTargets', u.missing.get(collection)!);
      }
    }
    done++;
  }
  o.onQuery?.(done, CONFIG_RESOURCE_TYPES.length, 'done');
  for (const u of units.values()) {
    u.missing.set('tasks', 'AWS Config does not record running ECS tasks');
    u.missing.set('proxies', 'RDS proxies are not read from AWS Config');
    u.missing.set('capacityProviders', 'ECS capacity providers are not read from AWS Config yet (the API collector reads them)');
    u.missing.set('scalingPolicies', 'Application Auto Scaling policies are not read from AWS Config yet (the API collector reads them)');
    // What the services' containers connect to is then unknown (never "nothing").
    u.missing.set('taskDefinitions', 'task definitions are not read from AWS Config yet (the API collector reads them)');
    // The ingress path of services (their target groups and load balancers) is then unknown, never absent.
    for (const c of ['loadBalancers', 'targetGroups', 'listeners'] as const) u.missing.set(c, 'load balancers are not read from AWS Config yet (the API collector reads them)');
  }
  return [...units.values()];
}
