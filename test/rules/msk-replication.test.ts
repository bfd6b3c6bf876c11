import rule from '../../rules/msk-replication.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';
const AZ_D = 'ap-northeast-1d';
const C = 'aws_msk_cluster.events';
const ATTR = 'configuration_info.arn';

/** Cluster `events` at msk.tf:1; replication props written at line 12 (configuration_info.arn). */
function cluster(props: Partial<PropsByKind['stream.cluster']>, azs: string[], tierName = 'critical') {
  const g = graph();
  const c = g.add('stream.cluster', C, {
    file: 'msk.tf',
    line: 1,
    props: { name: 'events', serverless: false, brokerCount: azs.length, ...props },
    lines: { replicationFactor: 12, minInsyncReplicas: 12 },
    attributes: { replicationFactor: ATTR, minInsyncReplicas: ATTR },
    tags: tier(tierName),
  });
  azs.forEach((az, i) => {
    const s = g.add('network.subnet', `aws_subnet.private[${i}]`, { file: 'vpc.tf', props: { availabilityZone: az } });
    g.edge(c, 'in-subnet', s, { attribute: 'broker_node_group_info.client_subnets' });
  });
  return g.build();
}

const AT_CONFIG = { file: 'msk.tf', line: 12 };
const HEADER = { file: 'msk.tf', line: 1 };

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical: RF 3, min ISR 2 in the configuration',
      graph: () => cluster({ replicationFactor: 3, minInsyncReplicas: 2 }, [AZ_A, AZ_C, AZ_D]),
      findings: [{ address: C, status: 'pass', messageId: 'meets', location: AT_CONFIG, message: 'default.replication.factor 3 and min.insync.replicas 2 (set in the cluster configuration)', evidence: { attribute: ATTR, expected: { replicationFactor: 3, minInsyncReplicas: 2 }, actual: { replicationFactor: 3, minInsyncReplicas: 2 } } }],
    },
    {
      name: 'no configuration over 3 AZs: the MSK defaults (3, 2) meet critical',
      graph: () => cluster({}, [AZ_A, AZ_C, AZ_D]),
      findings: [{ address: C, status: 'pass', messageId: 'meets', location: HEADER, message: 'MSK default configuration for 3 AZs' }],
    },
  ],
  fail: [
    {
      name: 'no configuration over 2 AZs: the MSK defaults (2, 1) are below critical',
      graph: () => cluster({}, [AZ_A, AZ_C]),
      findings: [{ address: C, status: 'fail', messageId: 'lowRf', location: HEADER, severity: 'high', message: 'default.replication.factor is 2 (MSK default configuration for 2 AZs)' }],
    },
    {
      name: 'min ISR 1 with RF 3',
      graph: () => cluster({ replicationFactor: 3, minInsyncReplicas: 1 }, [AZ_A, AZ_C, AZ_D]),
      findings: [{ address: C, status: 'fail', messageId: 'lowIsr', location: AT_CONFIG, message: 'min.insync.replicas is 1' }],
    },
    {
      name: 'min ISR equal to RF blocks acks=all writes when one replica is down',
      graph: () => cluster({ replicationFactor: 3, minInsyncReplicas: 3 }, [AZ_A, AZ_C, AZ_D]),
      findings: [{ address: C, status: 'fail', messageId: 'isrNotBelowRf', location: AT_CONFIG }],
    },
    {
      name: 'RF set, min ISR from the MSK default for 3 AZs',
      graph: () => cluster({ replicationFactor: 2 }, [AZ_A, AZ_C, AZ_D]),
      findings: [{ address: C, status: 'fail', messageId: 'lowRf', location: AT_CONFIG, message: 'min.insync.replicas: MSK default for 3 AZs, the other set in the cluster configuration' }],
    },
  ],
  unknown: [
    {
      name: 'the configuration is outside the scan',
      graph: () => cluster({ replicationFactor: new Unknown('aws_msk_configuration.shared is not in the scanned configuration'), minInsyncReplicas: new Unknown('x') }, [AZ_A, AZ_C, AZ_D]),
      findings: [{ address: C, status: 'unknown', messageId: 'cannotTell', location: AT_CONFIG, message: 'aws_msk_configuration.shared is not in the scanned configuration' }],
    },
    {
      name: 'no configuration and no subnets: the default cannot be told',
      graph: () => cluster({}, []),
      findings: [{ address: C, status: 'unknown', messageId: 'cannotTell', location: HEADER, message: "the MSK default configuration depends on the cluster's AZs" }],
    },
  ],
  notApplicable: [
    { name: 'serverless: AWS manages replication', graph: () => cluster({ serverless: true }, []), findings: [] },
    { name: 'medium tier', graph: () => cluster({ replicationFactor: 1 }, [AZ_A], 'medium'), findings: [] },
  ],
});
