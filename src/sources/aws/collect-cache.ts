/**
 * Caches of one account × Region: ElastiCache replication groups, clusters
 * (DescribeCacheClusters with ShowCacheNodeInfo: each node's AZ), Serverless
 * caches and subnet groups; MemoryDB clusters (DescribeClusters with
 * ShowShardDetails: each shard's nodes and AZs) and subnet groups; the tier
 * tags of each cache (elasticache:ListTagsForResource, memorydb:ListTags:
 * one call per cache, neither API batches them).
 *
 * What the normalizer needs from other calls is put on the record: the
 * subnets of its subnet group (`SubnetIds`), a replication group's member
 * clusters (`MemberNodes`: id and AZ), `Tags` (or `TagsUnavailable` with the
 * reason: the tier is then unknown, never the default).
 */
import {
  ListTagsForResourceCommand,
  paginateDescribeCacheClusters,
  paginateDescribeCacheSubnetGroups,
  paginateDescribeReplicationGroups,
  paginateDescribeServerlessCaches,
} from '@aws-sdk/client-elasticache';
import { ListTagsCommand, paginateDescribeClusters, paginateDescribeSubnetGroups } from '@aws-sdk/client-memorydb';
import { all, plain, type Scope, type Step, type UnitContext } from './collect.js';
import { push, type Raw, type UnitData } from './unit.js';

export async function collectCaches(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  await collectElastiCache(ctx, unit, step, scope);
  await collectMemoryDb(ctx, unit, step, scope);
}

async function collectElastiCache(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const ec = ctx.factory.client('elasticache', scope);
  const where = `${ctx.account.id}/${ctx.region}`;
  const groups = await step('elasticache:DescribeCacheSubnetGroups', [], () => all(paginateDescribeCacheSubnetGroups({ client: ec, pageSize: 100 }, {}), (p) => p.CacheSubnetGroups));
  const subnetsOf = new Map<string, string[]>();
  for (const g of groups ?? []) if (g.CacheSubnetGroupName) subnetsOf.set(g.CacheSubnetGroupName, (g.Subnets ?? []).map((s) => s.SubnetIdentifier).filter((s): s is string => typeof s === 'string'));
  const subnets = (record: Raw, group: unknown): void => {
    if (typeof group !== 'string') return;
    const ids = subnetsOf.get(group);
    if (ids) record.SubnetIds = ids;
    else record.SubnetsUnavailable = groups === undefined ? `elasticache:DescribeCacheSubnetGroups failed in ${where}` : `cache subnet group ${group} was not returned by elasticache:DescribeCacheSubnetGroups in ${where}`;
  };
  const tags = async (record: Raw, arn: unknown): Promise<void> => {
    if (typeof arn !== 'string') return;
    const list = await step('elasticache:ListTagsForResource', [], async () => (await ec.send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList ?? []);
    if (list === undefined) record.TagsUnavailable = `elasticache:ListTagsForResource failed in ${where}`;
    else record.Tags = plain(list);
  };

  const clusters = await step('elasticache:DescribeCacheClusters', ['cacheClusters'], () =>
    all(paginateDescribeCacheClusters({ client: ec, pageSize: 100 }, { ShowCacheNodeInfo: true }), (p) => p.CacheClusters),
  );
  const members = new Map<string, Raw[]>();
  for (const c of clusters ?? []) {
    const data = plain(c);
    if (typeof c.ReplicationGroupId === 'string') {
      // A member is judged through its group: kept on the group's record, not as a cache of its own.
      const list = members.get(c.ReplicationGroupId) ?? [];
      list.push({ CacheClusterId: c.CacheClusterId, PreferredAvailabilityZone: c.PreferredAvailabilityZone, CacheSubnetGroupName: c.CacheSubnetGroupName });
      members.set(c.ReplicationGroupId, list);
      continue;
    }
    subnets(data, c.CacheSubnetGroupName);
    await tags(data, c.ARN);
    push(unit, 'cacheClusters', data);
  }

  await step('elasticache:DescribeReplicationGroups', ['cacheReplicationGroups'], async () => {
    const list = await all(paginateDescribeReplicationGroups({ client: ec, pageSize: 100 }, {}), (p) => p.ReplicationGroups);
    for (const g of list) {
      const data = plain(g);
      const own = g.ReplicationGroupId ? members.get(g.ReplicationGroupId) : undefined;
      if (own) data.MemberNodes = own;
      else if (clusters === undefined) data.MemberNodesUnavailable = `elasticache:DescribeCacheClusters failed in ${where}`;
      const group = own?.find((m) => typeof m.CacheSubnetGroupName === 'string')?.CacheSubnetGroupName;
      if (group !== undefined) subnets(data, group);
      else data.SubnetsUnavailable = `no member cluster of ${String(g.ReplicationGroupId)} with a subnet group was returned by elasticache:DescribeCacheClusters in ${where}`;
      await tags(data, g.ARN);
      push(unit, 'cacheReplicationGroups', data);
    }
  });

  await step('elasticache:DescribeServerlessCaches', ['serverlessCaches'], async () => {
    const list = await all(paginateDescribeServerlessCaches({ client: ec, pageSize: 50 }, {}), (p) => p.ServerlessCaches);
    for (const s of list) {
      const data = plain(s);
      await tags(data, s.ARN);
      push(unit, 'serverlessCaches', data);
    }
  });
}

async function collectMemoryDb(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const mdb = ctx.factory.client('memorydb', scope);
  const where = `${ctx.account.id}/${ctx.region}`;
  const groups = await step('memorydb:DescribeSubnetGroups', [], () => all(paginateDescribeSubnetGroups({ client: mdb, pageSize: 100 }, {}), (p) => p.SubnetGroups));
  const subnetsOf = new Map<string, string[]>();
  for (const g of groups ?? []) if (g.Name) subnetsOf.set(g.Name, (g.Subnets ?? []).map((s) => s.Identifier).filter((s): s is string => typeof s === 'string'));
  await step('memorydb:DescribeClusters', ['memoryDbClusters'], async () => {
    const list = await all(paginateDescribeClusters({ client: mdb, pageSize: 100 }, { ShowShardDetails: true }), (p) => p.Clusters);
    for (const c of list) {
      const data = plain(c);
      const ids = c.SubnetGroupName ? subnetsOf.get(c.SubnetGroupName) : undefined;
      if (ids) data.SubnetIds = ids;
      else if (c.SubnetGroupName) data.SubnetsUnavailable = groups === undefined ? `memorydb:DescribeSubnetGroups failed in ${where}` : `subnet group ${c.SubnetGroupName} was not returned by memorydb:DescribeSubnetGroups in ${where}`;
      if (c.ARN) {
        const arn = c.ARN;
        const tags = await step('memorydb:ListTags', [], async () => (await mdb.send(new ListTagsCommand({ ResourceArn: arn }))).TagList ?? []);
        if (tags === undefined) data.TagsUnavailable = `memorydb:ListTags failed in ${where}`;
        else data.Tags = plain(tags);
      }
      push(unit, 'memoryDbClusters', data);
    }
  });
}
