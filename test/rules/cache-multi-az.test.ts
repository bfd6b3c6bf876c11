import rule from '../../rules/cache-multi-az.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { group } from './cache-fixtures.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical replication group with automatic failover and Multi-AZ on',
      graph: () => {
        const g = graph();
        group(g, 'sessions', { replicasPerShard: 2, automaticFailover: true, multiAz: true }, 'critical', { line: 1, lines: { multiAz: 9 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.sessions', status: 'pass', messageId: 'enabled', location: { file: 'caches.tf', line: 9 }, message: 'automatic_failover_enabled = true, multi_az_enabled = true', evidence: { expected: { automaticFailover: true, multiAz: true } } }],
    },
    {
      name: 'MemoryDB cluster with a replica per shard',
      graph: () => {
        const g = graph();
        group(g, 'ledger', { service: 'memorydb', shards: 2, replicasPerShard: 1, automaticFailover: true, multiAz: true }, 'high', { type: 'aws_memorydb_cluster', line: 21, lines: { replicasPerShard: 25 } });
        return g.build();
      },
      findings: [{ address: 'aws_memorydb_cluster.ledger', status: 'pass', messageId: 'enabled', location: { file: 'caches.tf', line: 25 }, message: 'MemoryDB with 1 replica(s) per shard' }],
    },
    {
      name: 'Serverless cache: regional, reported at its header',
      graph: () => {
        const g = graph();
        group(g, 'carts', { service: 'elasticache-serverless', shards: undefined, automaticFailover: true, multiAz: true }, 'critical', { type: 'aws_elasticache_serverless_cache', line: 40 });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_serverless_cache.carts', status: 'pass', messageId: 'enabled', location: { file: 'caches.tf', line: 40 }, message: 'ElastiCache Serverless' }],
    },
    {
      name: 'requireMultiAzFlag off: automatic failover alone passes',
      options: { requireMultiAzFlag: false },
      graph: () => {
        const g = graph();
        group(g, 'catalog', { replicasPerShard: 1, automaticFailover: true }, 'high', { lines: { automaticFailover: 6 }, line: 1 });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.catalog', status: 'pass', messageId: 'enabled', location: { file: 'caches.tf', line: 6 } }],
    },
  ],
  fail: [
    {
      name: 'failover on but multi_az_enabled not set: AWS default off, at the header',
      graph: () => {
        const g = graph();
        group(g, 'catalog', { replicasPerShard: 1, automaticFailover: true }, 'high', { line: 12, lines: { automaticFailover: 17 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.catalog', status: 'fail', messageId: 'disabled', location: { file: 'caches.tf', line: 12 }, message: 'multi_az_enabled not set: AWS default is off', severity: 'high' }],
    },
    {
      name: 'both off: reported at automatic_failover_enabled = false',
      graph: () => {
        const g = graph();
        group(g, 'reports', { replicasPerShard: 1, automaticFailover: false, multiAz: false }, 'critical', { line: 1, lines: { automaticFailover: 5, multiAz: 6 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.reports', status: 'fail', messageId: 'disabled', location: { file: 'caches.tf', line: 5 }, message: ['automatic_failover_enabled = false', 'multi_az_enabled = false'] }],
    },
    {
      name: 'MemoryDB without replicas: nothing to fail over to',
      graph: () => {
        const g = graph();
        group(g, 'ledger', { service: 'memorydb', replicasPerShard: 0, automaticFailover: false, multiAz: false }, 'critical', { type: 'aws_memorydb_cluster', line: 1, lines: { replicasPerShard: 4 } });
        return g.build();
      },
      findings: [{ address: 'aws_memorydb_cluster.ledger', status: 'fail', messageId: 'disabled', location: { file: 'caches.tf', line: 4 }, message: 'no replica per shard' }],
    },
  ],
  unknown: [
    {
      name: 'Multi-AZ from a variable without value',
      graph: () => {
        const g = graph();
        group(g, 'sessions', { replicasPerShard: 1, automaticFailover: true, multiAz: new Unknown('variable multi_az has no value') }, 'critical', { line: 1, lines: { multiAz: 8 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.sessions', status: 'unknown', messageId: 'cannotTell', location: { file: 'caches.tf', line: 8 }, message: 'variable multi_az has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier does not require Multi-AZ',
      graph: () => {
        const g = graph();
        group(g, 'scratch', { replicasPerShard: 0 }, 'medium');
        return g.build();
      },
      findings: [],
    },
  ],
});
