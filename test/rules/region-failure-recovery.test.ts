import rule from '../../rules/region-failure-recovery.js';
import { graph, policyWith, ruleTester, tier } from '../helpers/rule-tester.js';

/** An Aurora cluster (aurora.tf:1) in Tokyo; with `secondary`, a member of a global database with a secondary in Osaka. */
function aurora(secondary: 'with-instance' | 'headless' | 'none') {
  const g = graph();
  const primary = g.add('db.cluster', 'aws_rds_cluster.primary', { file: 'aurora.tf', line: 1, props: { engine: 'aurora-postgresql' }, tags: tier('critical'), provenance: { region: 'ap-northeast-1' } });
  g.edge(g.add('db.instance', 'aws_rds_cluster_instance.primary', { file: 'aurora.tf', line: 20, props: { engine: 'aurora-postgresql', availabilityZone: 'ap-northeast-1a' }, provenance: { region: 'ap-northeast-1' } }), 'member-of', primary);
  if (secondary === 'none') return g.build();
  const global = g.add('db.global-cluster', 'aws_rds_global_cluster.orders', { file: 'aurora.tf', line: 40, props: { engine: 'aurora-postgresql' } });
  const dr = g.add('db.cluster', 'aws_rds_cluster.secondary', { file: 'dr.tf', line: 1, props: { engine: 'aurora-postgresql' }, tags: tier('critical'), provenance: { region: 'ap-northeast-3' } });
  g.edge(primary, 'member-of', global).edge(dr, 'member-of', global);
  if (secondary === 'with-instance') {
    g.edge(g.add('db.instance', 'aws_rds_cluster_instance.secondary', { file: 'dr.tf', line: 20, props: { engine: 'aurora-postgresql', availabilityZone: 'ap-northeast-3a' }, provenance: { region: 'ap-northeast-3' } }), 'member-of', dr);
  }
  return g.build();
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'an Aurora Global Database with a secondary cluster in the DR Region',
      graph: () => aurora('with-instance'),
      findings: [
        {
          address: 'aws_rds_cluster.primary',
          status: 'pass',
          messageId: 'recovers',
          location: { file: 'aurora.tf', line: 1 },
          message: ['if ap-northeast-1 is lost, warm-standby recovers it in RTO 15 min (aurora-global-failover) / RPO 1 s', 'Region targets (RTO 4 h, RPO 60 min)'],
          evidence: { expected: { rtoSeconds: 14_400, rpoSeconds: 3_600 } },
        },
        {
          address: 'aws_rds_cluster.secondary',
          status: 'pass',
          messageId: 'recovers',
          location: { file: 'dr.tf', line: 1 },
          message: 'if ap-northeast-3 is lost, warm-standby recovers it',
        },
      ],
    },
  ],
  fail: [
    {
      name: 'a database with no copy outside its Region',
      graph: () => aurora('none'),
      findings: [
        {
          address: 'aws_rds_cluster.primary',
          status: 'fail',
          messageId: 'breaches',
          location: { file: 'aurora.tf', line: 1 },
          message: ['DR approach none gives RTO none (no-recovery) / RPO none (no-recovery)', 'no Aurora Global Database, cross-Region replica or backup copy found in the scan'],
        },
      ],
    },
    {
      name: 'a headless secondary is a pilot light, slower than a tighter Region target',
      graph: () => aurora('headless'),
      policy: (() => {
        const p = policyWith();
        p.tiers.critical.region = { rtoMinutes: 60, rpoMinutes: 60 };
        return p;
      })(),
      findings: [
        { address: 'aws_rds_cluster.primary', status: 'fail', messageId: 'breaches', location: { file: 'aurora.tf', line: 1 }, message: ['DR approach pilot-light gives RTO 4 h (dr-pilot-light)', 'RTO 60 min'] },
        { address: 'aws_rds_cluster.secondary', status: 'pass', messageId: 'recovers', location: { file: 'dr.tf', line: 1 } },
      ],
    },
  ],
  unknown: [
    {
      name: 'a stateless service with no deployment in another Region: redeploying it has no documented time',
      graph: () => {
        const g = graph();
        g.add('ecs.service', 'aws_ecs_service.api', { file: 'ecs.tf', line: 3, props: { desiredCount: 2 }, tags: tier('high') });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.api', status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 3 }, message: ['the Region (not known offline)', 'RPO 0 s (stateless)'] }],
    },
  ],
  notApplicable: [
    {
      name: 'a tier the policy leaves out of the rule',
      graph: () => aurora('none'),
      policy: policyWith({ rules: { 'region-failure-recovery': { options: { tiers: ['high'] } } } }),
      findings: [],
    },
  ],
});
