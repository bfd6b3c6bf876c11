import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { isGroupMember, isMemcached, type CacheResource } from '../src/analysis/cache.js';
import { isUnknown } from '../src/graph/values.js';
import { cacheRequirements } from '../src/policy/cache.js';

interface Options {
  skipMemoryDb: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    skipMemoryDb: {
      type: 'boolean',
      default: false,
      description:
        'Do not judge MemoryDB clusters. MemoryDB keeps every write in a Multi-AZ transaction log, so losing nodes or an AZ loses no data; snapshots are still what brings back data after a bad write, a FLUSHALL or a deleted cluster, hence judged by default.',
    },
  },
  required: ['skipMemoryDb'],
};

const messages = {
  enough: '{{name}} keeps automatic snapshots {{days}} day(s); tier {{tier}} requires ≥ {{required}}',
  tooShort: '{{name}} keeps automatic snapshots {{actual}}: after losing its nodes or a bad write, its data can only come back from an older or manual snapshot, if any; tier {{tier}} requires ≥ {{required}} day(s)',
  cannotTell: '{{name}}: cannot tell how long automatic snapshots are kept (tier {{tier}} requires ≥ {{required}} day(s)): {{reason}}',
};

export default defineRule({
  id: 'cache-snapshot-retention',
  meta: {
    title: 'Valkey / Redis OSS caches and MemoryDB clusters keep automatic snapshots per tier',
    // Cache data is usually derived: the loss is a cold start, unless the cache holds the only copy (sessions, queues).
    severity: { default: 'low', critical: 'medium', high: 'medium', medium: 'low' },
    requirements: ['CACHE-SNAPSHOT'],
    rationale:
      'CACHE-SNAPSHOT requires automatic snapshots kept ≥ the tier\'s days (policy tiers.<tier>.cache.snapshotRetentionDays; catalogue: critical 7, high 1, medium none). ' +
      'ElastiCache takes no snapshot unless snapshot_retention_limit is > 0 (the default is 0); a cache that loses every node of a shard, or takes a bad write, comes back empty or from the last snapshot kept: that snapshot is its recovery point. ' +
      'Memcached keeps no data to snapshot and is not judged; a node of a replication group is judged through its group.',
    remediation: {
      terraform: 'aws_elasticache_replication_group / aws_elasticache_cluster (Redis OSS, Valkey) / aws_elasticache_serverless_cache / aws_memorydb_cluster: snapshot_retention_limit = 7 (and snapshot_window / daily_snapshot_time off-peak).',
      cloudformation: 'AWS::ElastiCache::ReplicationGroup / CacheCluster / ServerlessCache, AWS::MemoryDB::Cluster: SnapshotRetentionLimit: 7 (SnapshotWindow / DailySnapshotTime off-peak).',
      console: 'ElastiCache console → the cache → Modify → Backup: enable automatic backups, Backup retention period; MemoryDB console → the cluster → Modify → Snapshots.',
      cli: 'aws elasticache modify-replication-group --replication-group-id <id> --snapshot-retention-limit 7 --apply-immediately (memorydb: aws memorydb update-cluster --cluster-name <name> --snapshot-retention-limit 7)',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html',
    tags: ['resilience', 'cache', 'backup'],
  },
  options,
  appliesTo: ['cache.replication-group', 'cache.cluster'],
  check(resource, ctx) {
    const required = cacheRequirements(ctx.tier.requirements).snapshotRetentionDays;
    if (!(required > 0)) return;
    const r = resource as CacheResource;
    if (isGroupMember(r, ctx.graph)) return;
    const serverless = r.kind === 'cache.replication-group' && r.props.service === 'elasticache-serverless';
    // Self-designed Memcached has no snapshots (Serverless Memcached has).
    if (!serverless && isMemcached(r)) return;
    if (r.kind === 'cache.replication-group' && r.props.service === 'memorydb' && ctx.options.skipMemoryDb) return;
    if (r.kind === 'cache.cluster' && isUnknown(r.props.engine)) {
      ctx.unknown('cannotTell', { required, reason: `engine: ${r.props.engine.reason} (Memcached keeps no snapshots)` }, { prop: 'engine' });
      return;
    }
    const days = r.props.snapshotRetentionDays;
    const evidence = { expected: { minDays: required }, actual: { days: typeof days === 'number' ? days : null } };
    const at = { prop: 'snapshotRetentionDays', evidence };
    if (isUnknown(days)) ctx.unknown('cannotTell', { required, reason: days.reason }, at);
    else if (days === undefined && serverless) ctx.unknown('cannotTell', { required, reason: 'snapshot_retention_limit is not set and the retention a serverless cache then gets is not documented' }, at);
    else if (days === undefined) ctx.fail('tooShort', { required, actual: 'not at all (not set: AWS default 0, no automatic snapshots)' }, at);
    else if (days < required) ctx.fail('tooShort', { required, actual: days === 0 ? 'not at all (0: automatic snapshots off)' : `${days} day(s)` }, at);
    else ctx.pass('enough', { required, days }, at);
  },
});
