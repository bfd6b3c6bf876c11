import rule from '../../rules/msk-broker-multi-az.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';
const AZ_D = 'ap-northeast-1d';
const C = 'aws_msk_cluster.events';

/** Cluster `events` at msk.tf:1 (brokerCount line 4) with client subnets in `azs`. */
function cluster(props: Partial<PropsByKind['stream.cluster']>, azs: (string | Unknown)[], tierName = 'critical', unresolved?: string) {
  const g = graph();
  const c = g.add('stream.cluster', C, {
    file: 'msk.tf',
    line: 1,
    props: { name: 'events', serverless: false, ...props },
    lines: { brokerCount: 4 },
    attributes: { brokerCount: 'number_of_broker_nodes', serverless: 'cluster_name' },
    tags: tier(tierName),
  });
  azs.forEach((az, i) => {
    const s = g.add('network.subnet', `aws_subnet.private[${i}]`, { file: 'vpc.tf', props: { availabilityZone: az } });
    g.edge(c, 'in-subnet', s, { attribute: 'broker_node_group_info.client_subnets' });
  });
  if (unresolved) g.unresolved(c, 'in-subnet', 'broker_node_group_info.client_subnets', unresolved);
  return g.build();
}

const AT_BROKERS = { file: 'msk.tf', line: 4 };

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical: 3 brokers over 3 AZs',
      graph: () => cluster({ brokerCount: 3 }, [AZ_A, AZ_C, AZ_D]),
      findings: [
        {
          address: C,
          status: 'pass',
          messageId: 'meets',
          location: AT_BROKERS,
          message: `spreads 3 brokers over 3 AZs (${AZ_A}, ${AZ_C}, ${AZ_D})`,
          evidence: { attribute: 'broker_node_group_info.client_subnets', expected: { minAzs: 3 }, actual: { azs: [AZ_A, AZ_C, AZ_D], brokers: 3 }, related: ['aws_subnet.private[0]', 'aws_subnet.private[1]', 'aws_subnet.private[2]'] },
        },
      ],
    },
    {
      name: 'high: 4 brokers over 2 AZs',
      graph: () => cluster({ brokerCount: 4 }, [AZ_A, AZ_C], 'high'),
      findings: [{ address: C, status: 'pass', messageId: 'meets', location: AT_BROKERS }],
    },
    {
      name: 'serverless is Regional',
      graph: () => cluster({ serverless: true }, [AZ_A]),
      findings: [{ address: C, status: 'pass', messageId: 'serverless', location: { file: 'msk.tf', line: 1 } }],
    },
  ],
  fail: [
    {
      name: 'critical asks 3 AZs, client subnets in 2',
      graph: () => cluster({ brokerCount: 2 }, [AZ_A, AZ_C]),
      findings: [{ address: C, status: 'fail', messageId: 'tooFew', location: AT_BROKERS, severity: 'high', message: `only 2 AZ(s) (${AZ_A}, ${AZ_C}); tier critical requires brokers in ≥ 3 AZs` }],
    },
    {
      name: 'both subnets in one AZ',
      graph: () => cluster({ brokerCount: 2 }, [AZ_A, AZ_A], 'high'),
      findings: [{ address: C, status: 'fail', messageId: 'tooFew', location: AT_BROKERS, message: 'losing that AZ takes every broker' }],
    },
    {
      name: 'broker count not a multiple of the subnet count',
      graph: () => cluster({ brokerCount: 4 }, [AZ_A, AZ_C, AZ_D]),
      findings: [{ address: C, status: 'fail', messageId: 'notMultiple', location: AT_BROKERS, message: '4 brokers for 3 client subnets' }],
    },
  ],
  unknown: [
    {
      name: 'client subnets not resolved',
      graph: () => cluster({ brokerCount: 3 }, [], 'critical', 'variable subnet_ids has no value'),
      findings: [{ address: C, status: 'unknown', messageId: 'cannotTell', location: AT_BROKERS, message: 'its subnets: variable subnet_ids has no value' }],
    },
    {
      name: 'a subnet AZ unknown',
      graph: () => cluster({ brokerCount: 3 }, [AZ_A, AZ_C, new Unknown('var.az has no value')]),
      findings: [{ address: C, status: 'unknown', messageId: 'cannotTell', location: AT_BROKERS, message: 'var.az has no value' }],
    },
    {
      name: 'broker count unknown',
      graph: () => cluster({ brokerCount: new Unknown('variable brokers has no value') }, [AZ_A, AZ_C, AZ_D]),
      findings: [{ address: C, status: 'unknown', messageId: 'cannotTell', location: AT_BROKERS, message: 'the broker count: variable brokers has no value' }],
    },
  ],
  notApplicable: [{ name: 'medium tier requires no spread', graph: () => cluster({ brokerCount: 1 }, [AZ_A], 'medium'), findings: [] }],
});
