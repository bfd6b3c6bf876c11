/**
 * OpenSearch domains and MSK clusters of one account × Region.
 *
 * OpenSearch: ListDomainNames (every engine, not paginated), DescribeDomains
 * in batches of 5 names (the API's maximum), ListTags per domain (the tier
 * tags; DomainStatus has none). MSK: ListClustersV2 (paginated; it returns
 * each cluster's full ClusterInfo with its tags, so no DescribeClusterV2 per
 * cluster), and DescribeConfigurationRevision once per custom configuration
 * revision the clusters use (its server properties: replication settings).
 *
 * A domain whose tags, or a cluster whose configuration, cannot be read is
 * still collected with the reason (`TagsUnavailable`,
 * `ServerPropertiesUnavailable`): the normalizer makes the tags or the
 * replication settings unknown, never empty or default.
 */
import { DescribeConfigurationRevisionCommand, paginateListClustersV2 } from '@aws-sdk/client-kafka';
import { DescribeDomainsCommand, ListDomainNamesCommand, ListTagsCommand } from '@aws-sdk/client-opensearch';
import { all, plain, type Scope, type Step, type UnitContext } from './collect.js';
import { push, type Raw, type UnitData } from './unit.js';

/** DescribeDomains takes at most 5 domain names per call. */
const DESCRIBE_BATCH = 5;

export async function collectSearch(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  await collectDomains(ctx, unit, step, scope);
  await collectStreams(ctx, unit, step, scope);
}

async function collectDomains(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const es = ctx.factory.client('es', scope);
  const names = await step('es:ListDomainNames', ['searchDomains'], async () => (await es.send(new ListDomainNamesCommand({}))).DomainNames ?? []);
  if (!names) return;
  let complete = true;
  const list = names.map((n) => n.DomainName).filter((n): n is string => typeof n === 'string');
  for (let i = 0; i < list.length; i += DESCRIBE_BATCH) {
    const batch = list.slice(i, i + DESCRIBE_BATCH);
    const statuses = await step('es:DescribeDomains', [], async () => (await es.send(new DescribeDomainsCommand({ DomainNames: batch }))).DomainStatusList ?? []);
    if (!statuses) {
      complete = false;
      continue;
    }
    if (statuses.length < batch.length) complete = false;
    for (const status of statuses) {
      // Being deleted: no longer serves.
      if (status.Deleted === true) continue;
      const data = plain(status);
      const arn = status.ARN;
      if (arn) {
        const tags = await step('es:ListTags', [], async () => (await es.send(new ListTagsCommand({ ARN: arn }))).TagList ?? []);
        if (tags === undefined) data.TagsUnavailable = `es:ListTags failed in ${ctx.account.id}/${ctx.region}`;
        else data.Tags = plain(tags);
      }
      push(unit, 'searchDomains', data);
    }
  }
  if (!complete && !unit.missing.has('searchDomains')) unit.missing.set('searchDomains', 'some OpenSearch domains could not be described');
}

async function collectStreams(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const kafka = ctx.factory.client('kafka', scope);
  const clusters = await step('kafka:ListClustersV2', ['streamClusters'], () => all(paginateListClustersV2({ client: kafka, pageSize: 100 }, {}), (p) => p.ClusterInfoList));
  if (!clusters) return;
  // One read per configuration revision in use, however many clusters share it.
  const properties = new Map<string, Promise<string | undefined>>();
  for (const cluster of clusters) {
    const data = plain(cluster);
    const software = (data.Provisioned as Raw | undefined)?.CurrentBrokerSoftwareInfo as Raw | undefined;
    const configArn = typeof software?.ConfigurationArn === 'string' ? software.ConfigurationArn : undefined;
    const revision = typeof software?.ConfigurationRevision === 'number' ? software.ConfigurationRevision : undefined;
    if (configArn && revision !== undefined) {
      const key = `${configArn}#${revision}`;
      if (!properties.has(key)) {
        properties.set(
          key,
          step('kafka:DescribeConfigurationRevision', [], async () => {
            const out = await kafka.send(new DescribeConfigurationRevisionCommand({ Arn: configArn, Revision: revision }));
            return out.ServerProperties ? new TextDecoder().decode(out.ServerProperties) : '';
          }),
        );
      }
      const text = await properties.get(key)!;
      if (text === undefined) data.ServerPropertiesUnavailable = `kafka:DescribeConfigurationRevision failed in ${ctx.account.id}/${ctx.region}`;
      else data.ServerProperties = text;
    }
    push(unit, 'streamClusters', data);
  }
}
