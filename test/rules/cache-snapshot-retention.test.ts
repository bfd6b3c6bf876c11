import rule from '../../rules/cache-snapshot-retention.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { cluster, group } from './cache-fixtures.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical replication group keeping 7 days',
      graph: () => {
        const g = graph();
        group(g, 'sessions', { replicasPerShard: 1, snapshotRetentionDays: 7 }, 'critical', { line: 1, lines: { snapshotRetentionDays: 11 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.sessions', status: 'pass', messageId: 'enough', location: { file: 'caches.tf', line: 11 }, message: '7 day(s)', evidence: { expected: { minDays: 7 }, actual: { days: 7 } } }],
    },
    {
      name: 'high Redis OSS cluster keeping 1 day (the catalogue number for high)',
      graph: () => {
        const g = graph();
        cluster(g, 'rate_limit', { engine: 'redis', numNodes: 1, snapshotRetentionDays: 1 }, 'high', { line: 1, lines: { snapshotRetentionDays: 7 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_cluster.rate_limit', status: 'pass', messageId: 'enough', location: { file: 'caches.tf', line: 7 } }],
    },
  ],
  fail: [
    {
      name: 'not set: AWS default 0, at the header',
      graph: () => {
        const g = graph();
        group(g, 'catalog', { replicasPerShard: 1 }, 'high', { line: 21 });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.catalog', status: 'fail', messageId: 'tooShort', location: { file: 'caches.tf', line: 21 }, message: 'not set: AWS default 0', severity: 'medium' }],
    },
    {
      name: 'critical MemoryDB keeping 3 days < 7',
      graph: () => {
        const g = graph();
        group(g, 'ledger', { service: 'memorydb', replicasPerShard: 1, snapshotRetentionDays: 3 }, 'critical', { type: 'aws_memorydb_cluster', line: 1, lines: { snapshotRetentionDays: 9 } });
        return g.build();
      },
      findings: [{ address: 'aws_memorydb_cluster.ledger', status: 'fail', messageId: 'tooShort', location: { file: 'caches.tf', line: 9 }, message: ['3 day(s)', '≥ 7 day(s)'] }],
    },
  ],
  unknown: [
    {
      name: 'retention from a variable without value',
      graph: () => {
        const g = graph();
        group(g, 'reports', { replicasPerShard: 1, snapshotRetentionDays: new Unknown('variable reports_snapshot_days has no value') }, 'critical', { line: 1, lines: { snapshotRetentionDays: 10 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.reports', status: 'unknown', messageId: 'cannotTell', location: { file: 'caches.tf', line: 10 }, message: 'variable reports_snapshot_days has no value' }],
    },
    {
      name: 'serverless cache without a retention: the default is not documented',
      graph: () => {
        const g = graph();
        group(g, 'carts', { service: 'elasticache-serverless', shards: undefined }, 'high', { type: 'aws_elasticache_serverless_cache', line: 30 });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_serverless_cache.carts', status: 'unknown', messageId: 'cannotTell', location: { file: 'caches.tf', line: 30 }, message: 'not documented' }],
    },
  ],
  notApplicable: [
    {
      name: 'Memcached keeps no snapshots',
      graph: () => {
        const g = graph();
        cluster(g, 'pages', { engine: 'memcached', numNodes: 2 }, 'critical');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'medium tier requires no snapshots',
      graph: () => {
        const g = graph();
        group(g, 'scratch', { replicasPerShard: 0 }, 'medium');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'skipMemoryDb leaves MemoryDB alone',
      options: { skipMemoryDb: true },
      graph: () => {
        const g = graph();
        group(g, 'ledger', { service: 'memorydb', replicasPerShard: 1 }, 'critical', { type: 'aws_memorydb_cluster' });
        return g.build();
      },
      findings: [],
    },
  ],
});
