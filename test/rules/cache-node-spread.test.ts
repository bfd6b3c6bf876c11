import rule from '../../rules/cache-node-spread.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { cluster, group, inSubnets } from './cache-fixtures.js';

const A = 'ap-northeast-1a';
const C = 'ap-northeast-1c';
const D = 'ap-northeast-1d';

ruleTester.run(rule, {
  pass: [
    {
      name: 'three nodes in three written AZs',
      graph: () => {
        const g = graph();
        group(g, 'sessions', { replicasPerShard: 2, shardAzs: [[A, C, D]], multiAz: true }, 'critical', { line: 1, lines: { replicasPerShard: 6, shardAzs: 7 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.sessions', status: 'pass', messageId: 'meets', location: { file: 'caches.tf', line: 6 }, message: '3 AZs per shard', evidence: { expected: { minNodesPerShard: 2, minAzs: 2 } } }],
    },
    {
      name: 'no AZs written, Multi-AZ on over a subnet group of two AZs',
      graph: () => {
        const g = graph();
        const rg = group(g, 'catalog', { shards: 2, replicasPerShard: 1, automaticFailover: true, multiAz: true }, 'high', { line: 1, lines: { replicasPerShard: 4 } });
        inSubnets(g, rg, [A, C]);
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.catalog', status: 'pass', messageId: 'meets', location: { file: 'caches.tf', line: 4 }, message: 'Multi-AZ: AWS places each shard' }],
    },
    {
      name: 'Memcached cross-az over three AZs',
      graph: () => {
        const g = graph();
        const c = cluster(g, 'pages', { engine: 'memcached', numNodes: 3, azMode: 'cross-az' }, 'high', { line: 1, lines: { numNodes: 3 } });
        inSubnets(g, c, [A, C, D]);
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_cluster.pages', status: 'pass', messageId: 'meets', location: { file: 'caches.tf', line: 3 }, message: 'az_mode cross-az' }],
    },
  ],
  fail: [
    {
      name: 'subnet group of one AZ: every node is there',
      graph: () => {
        const g = graph();
        const rg = group(g, 'reports', { replicasPerShard: 1, automaticFailover: true }, 'critical', { line: 1 });
        inSubnets(g, rg, [A]);
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.reports', status: 'fail', messageId: 'insufficient', location: { file: 'caches.tf', line: 1 }, message: 'subnets are in 1 AZ(s) (ap-northeast-1a) < 2 required' }],
    },
    {
      name: 'two nodes written in the same AZ',
      graph: () => {
        const g = graph();
        group(g, 'orders', { replicasPerShard: 1, shardAzs: [[A, A]], multiAz: true }, 'critical', { line: 1, lines: { shardAzs: 8 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.orders', status: 'fail', messageId: 'insufficient', location: { file: 'caches.tf', line: 8 }, message: 'in 1 AZ(s) (ap-northeast-1a)' }],
    },
    {
      name: 'Memcached in the default single-az mode',
      graph: () => {
        const g = graph();
        const c = cluster(g, 'pages', { engine: 'memcached', numNodes: 2 }, 'high', { line: 21 });
        inSubnets(g, c, [A, C]);
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_cluster.pages', status: 'fail', messageId: 'insufficient', location: { file: 'caches.tf', line: 21 }, message: 'single-az, the default' }],
    },
    {
      name: 'policy asks 3 nodes per shard, the group has 2',
      policy: (() => {
        const p = structuredClone(defaultPolicyForTest());
        p.tiers.critical.cache = { ...p.tiers.critical.cache!, minNodesPerShard: 3 };
        return p;
      })(),
      graph: () => {
        const g = graph();
        group(g, 'sessions', { replicasPerShard: 1, shardAzs: [[A, C]], multiAz: true }, 'critical', { line: 1, lines: { replicasPerShard: 5 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.sessions', status: 'fail', messageId: 'insufficient', location: { file: 'caches.tf', line: 5 }, message: '2 node(s) per shard < 3 required' }],
    },
  ],
  unknown: [
    {
      name: 'no AZs written and Multi-AZ off: AWS picks the AZs',
      graph: () => {
        const g = graph();
        const rg = group(g, 'catalog', { shards: 2, replicasPerShard: 1, automaticFailover: true }, 'high', { line: 1 });
        inSubnets(g, rg, [A, C, D]);
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.catalog', status: 'unknown', messageId: 'cannotTell', location: { file: 'caches.tf', line: 1 }, message: 'AWS picks each node' }],
    },
    {
      name: 'written AZs not known offline',
      graph: () => {
        const g = graph();
        group(g, 'sessions', { replicasPerShard: 1, shardAzs: new Unknown('variable azs has no value'), multiAz: true }, 'critical', { line: 1, lines: { shardAzs: 9 } });
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.sessions', status: 'unknown', messageId: 'cannotTell', location: { file: 'caches.tf', line: 9 }, message: 'variable azs has no value' }],
    },
    {
      name: 'trustMultiAzPlacement off: Multi-AZ without written AZs is not enough',
      options: { trustMultiAzPlacement: false },
      graph: () => {
        const g = graph();
        const rg = group(g, 'catalog', { replicasPerShard: 1, automaticFailover: true, multiAz: true }, 'high', { line: 1 });
        inSubnets(g, rg, [A, C]);
        return g.build();
      },
      findings: [{ address: 'aws_elasticache_replication_group.catalog', status: 'unknown', messageId: 'cannotTell', location: { file: 'caches.tf', line: 1 } }],
    },
  ],
  notApplicable: [
    {
      name: 'a single node is cache-single-node\'s finding',
      graph: () => {
        const g = graph();
        cluster(g, 'rate_limit', { engine: 'redis', numNodes: 1 }, 'critical');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'medium tier requires no spread',
      graph: () => {
        const g = graph();
        cluster(g, 'pages', { engine: 'memcached', numNodes: 2 }, 'medium');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'serverless caches have no nodes to place',
      graph: () => {
        const g = graph();
        group(g, 'carts', { service: 'elasticache-serverless', shards: undefined }, 'critical', { type: 'aws_elasticache_serverless_cache' });
        return g.build();
      },
      findings: [],
    },
  ],
});

function defaultPolicyForTest() {
  return defaultPolicy();
}
