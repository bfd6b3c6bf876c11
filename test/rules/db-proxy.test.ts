import rule from '../../rules/db-proxy.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';
import { auroraCluster, orphanMember } from './db-fixtures.js';
import { DOCDB_CASES } from './docdb-cases.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical cluster fronted by a proxy target',
      graph: () => {
        const g = graph();
        const c = auroraCluster(g, 2);
        const p = g.add('db.proxy', 'aws_db_proxy.orders', { file: 'proxy.tf', line: 1, props: { name: 'orders', engineFamily: 'POSTGRESQL' } });
        g.edge(p, 'fronts', c, { attribute: 'db_cluster_identifier' });
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'pass', messageId: 'fronted', location: { file: 'db.tf', line: 1 }, message: 'behind RDS Proxy aws_db_proxy.orders', evidence: { actual: { proxies: ['aws_db_proxy.orders'] } } }],
    },
  ],
  fail: [
    ...(DOCDB_CASES['db-proxy'].fail ?? []),
    {
      name: 'critical RDS instance with no proxy',
      graph: () => {
        const g = graph();
        g.add('db.instance', 'aws_db_instance.billing', { file: 'rds.tf', line: 3, props: { engine: 'postgres', multiAz: true }, tags: tier('critical') });
        return g.build();
      },
      findings: [{ address: 'aws_db_instance.billing', status: 'fail', messageId: 'noProxy', location: { file: 'rds.tf', line: 3 }, severity: 'medium' }],
    },
  ],
  unknown: [
    {
      name: 'a proxy whose target did not resolve may front the cluster',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2);
        const p = g.add('db.proxy', 'aws_db_proxy.shared', { file: 'proxy.tf', line: 1, props: { name: 'shared' } });
        g.unresolved(p, 'fronts', 'aws_db_proxy_target.shared.db_cluster_identifier', 'var.cluster_id has no value');
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'db.tf', line: 1 }, message: 'proxy aws_db_proxy.shared has a target that could not be resolved' }],
    },
    {
      name: 'live cluster whose account could not list proxies',
      graph: () => {
        const g = graph();
        g.add('db.cluster', 'arn:aws:rds:ap-northeast-1:111122223333:cluster:orders', {
          live: true,
          props: { engine: 'aurora-mysql' },
          tags: tier('critical'),
          unresolved: [{ edge: 'fronts', attribute: 'DBProxies', reason: 'rds:DescribeDBProxies: AccessDenied' }],
        });
        return g.build();
      },
      findings: [{ address: 'arn:aws:rds:ap-northeast-1:111122223333:cluster:orders', status: 'unknown', messageId: 'cannotTell', location: null, message: 'AccessDenied' }],
    },
    {
      name: 'an Aurora member whose cluster is not in the scan',
      graph: () => {
        const g = graph();
        orphanMember(g);
        return g.build();
      },
      findings: [{ address: 'aws_rds_cluster_instance.orphan', status: 'unknown', messageId: 'memberWithoutCluster', location: { file: 'orphan.tf', line: 3 } }],
    },
  ],
  notApplicable: [
    ...(DOCDB_CASES['db-proxy'].notApplicable ?? []),
    {
      name: 'high tier does not require a proxy',
      graph: () => {
        const g = graph();
        auroraCluster(g, 2, {}, 'high');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'a critical read replica (the proxy fronts its source)',
      graph: () => {
        const g = graph();
        g.add('db.instance', 'aws_db_instance.replica', { props: { engine: 'postgres', replicateSourceDb: 'billing' }, tags: tier('critical') });
        return g.build();
      },
      findings: [],
    },
  ],
});
