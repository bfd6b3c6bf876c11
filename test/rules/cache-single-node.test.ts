import rule from '../../rules/cache-single-node.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { cluster, group } from './cache-fixtures.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'replication group with two replicas',
      graph: () => {
        const g = graph();
        group(g, 'sessions', { replicasPerShard: 2 }, 'critical', { line: 1, lines: { replicasPerShard: 5 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.sessions', status: 'pass', messageId: 'replicated', location: { file: 'caches.tf', line: 5 }, message: '3 nodes per shard', evidence: { actual: { nodesPerShard: 3 } } }],
    },
    {
      name: 'Memcached cluster of three nodes',
      graph: () => {
        const g = graph();
        cluster(g, 'pages', { engine: 'memcached', numNodes: 3, azMode: 'cross-az' }, 'high', { line: 21, lines: { numNodes: 24 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_cluster.pages', status: 'pass', messageId: 'replicated', location: { file: 'caches.tf', line: 24 }, message: '3 nodes' }],
    },
    {
      name: 'a member cluster of one node is judged through its group (no finding on the member)',
      graph: () => {
        const g = graph();
        const rg = group(g, 'sessions', { replicasPerShard: 1 }, 'critical', { line: 1, lines: { replicasPerShard: 3 } });
        const member = cluster(g, 'sessions_002', { numNodes: 1, replicationGroup: rg.id }, 'critical', { line: 21 });
        g.edge(member, 'member-of', rg, { attribute: 'replication_group_id' });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.sessions', status: 'pass', messageId: 'replicated', location: { file: 'caches.tf', line: 3 } }],
    },
  ],
  fail: [
    {
      name: 'single-node Redis OSS cluster',
      graph: () => {
        const g = graph();
        cluster(g, 'rate_limit', { engine: 'redis', numNodes: 1 }, 'critical', { line: 1, lines: { numNodes: 4 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_cluster.rate_limit', status: 'fail', messageId: 'singleNode', location: { file: 'caches.tf', line: 4 }, message: ['single point of failure', 'one redis node'], severity: 'high' }],
    },
    {
      name: 'replication group of one node (num_cache_clusters not set: 1)',
      graph: () => {
        const g = graph();
        group(g, 'flags', { replicasPerShard: 0 }, 'high', { line: 30, lines: { replicasPerShard: 30 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.flags', status: 'fail', messageId: 'singleNode', location: { file: 'caches.tf', line: 30 }, message: 'one shard without a replica' }],
    },
    {
      name: 'one-node Memcached is a SPOF too by default',
      graph: () => {
        const g = graph();
        cluster(g, 'pages', { engine: 'memcached', numNodes: 1 }, 'critical', { line: 1, lines: { numNodes: 3 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_cluster.pages', status: 'fail', messageId: 'singleNode', location: { file: 'caches.tf', line: 3 }, message: 'one Memcached node' }],
    },
  ],
  unknown: [
    {
      name: 'node count from a variable without value',
      graph: () => {
        const g = graph();
        cluster(g, 'pages', { engine: 'memcached', numNodes: new Unknown('variable nodes has no value') }, 'high', { line: 1, lines: { numNodes: 6 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_cluster.pages', status: 'unknown', messageId: 'cannotTell', location: { file: 'caches.tf', line: 6 }, message: 'variable nodes has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier allows a single node',
      graph: () => {
        const g = graph();
        cluster(g, 'thumbs', { engine: 'memcached', numNodes: 1 }, 'medium');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'allowMemcachedSingleNode: a one-node Memcached cluster is left alone',
      options: { allowMemcachedSingleNode: true },
      graph: () => {
        const g = graph();
        cluster(g, 'pages', { engine: 'memcached', numNodes: 1 }, 'critical');
        return g.build();
      },
      findings: [],
    },
  ],
});
