import rule from '../../rules/ec2-standalone-instance.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, type GraphFixture } from '../helpers/rule-tester.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';

/** Instance `name` at ec2.tf:`line` in a subnet of `az`, with `tags`. */
function instance(g: GraphFixture, name: string, line: number, az: string | Unknown, tags: Record<string, string | Unknown>, props: Partial<PropsByKind['compute.instance']> = {}) {
  const i = g.add('compute.instance', `aws_instance.${name}`, { file: 'ec2.tf', line, props: { instanceType: 't3.small', ...props }, tags });
  const s = g.add('network.subnet', `aws_subnet.${name}`, { file: 'vpc.tf', props: { availabilityZone: az } });
  g.edge(i, 'in-subnet', s, { attribute: 'subnet_id' });
  return i;
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'two standalone instances of one workload in two AZs',
      graph: () => {
        const g = graph();
        instance(g, 'api_a', 1, AZ_A, { tier: 'critical', Service: 'api' });
        instance(g, 'api_c', 30, AZ_C, { tier: 'critical', Service: 'api' });
        return g.build();
      },
      findings: [
        {
          address: 'aws_instance.api_a',
          status: 'pass',
          messageId: 'redundant',
          location: { file: 'ec2.tf', line: 1 },
          message: `workload Service=api runs 2 standalone instances over 2 AZs (${AZ_A}, ${AZ_C})`,
          evidence: { expected: { minInstances: 2, minAzs: 2 }, actual: { instances: 2, azs: [AZ_A, AZ_C], workload: 'Service=api' }, related: ['aws_instance.api_c'] },
        },
        { address: 'aws_instance.api_c', status: 'pass', messageId: 'redundant', location: { file: 'ec2.tf', line: 30 } },
      ],
    },
  ],
  fail: [
    {
      name: 'a single critical instance',
      graph: () => {
        const g = graph();
        instance(g, 'bastion', 1, AZ_A, { tier: 'critical' });
        return g.build();
      },
      findings: [{ address: 'aws_instance.bastion', status: 'fail', messageId: 'single', location: { file: 'ec2.tf', line: 1 }, severity: 'high', message: `the loss of ${AZ_A}` }],
    },
    {
      name: 'the only instance of its workload (another workload does not count)',
      graph: () => {
        const g = graph();
        instance(g, 'api', 1, AZ_A, { tier: 'high', Service: 'api' });
        instance(g, 'batch', 30, AZ_C, { tier: 'high', Service: 'batch' });
        return g.build();
      },
      findings: [
        { address: 'aws_instance.api', status: 'fail', messageId: 'single', location: { file: 'ec2.tf', line: 1 }, message: 'the only instance of workload Service=api' },
        { address: 'aws_instance.batch', status: 'fail', messageId: 'single', location: { file: 'ec2.tf', line: 30 } },
      ],
    },
    {
      name: 'two instances of one workload in the same AZ',
      graph: () => {
        const g = graph();
        instance(g, 'app_1', 1, AZ_A, { tier: 'critical', app: 'orders' });
        instance(g, 'app_2', 30, AZ_A, { tier: 'critical', app: 'orders' });
        return g.build();
      },
      findings: [
        { address: 'aws_instance.app_1', status: 'fail', messageId: 'fewAzs', location: { file: 'ec2.tf', line: 1 }, message: `in only 1 AZ(s) (${AZ_A}): losing that AZ` },
        { address: 'aws_instance.app_2', status: 'fail', messageId: 'fewAzs', location: { file: 'ec2.tf', line: 30 } },
      ],
    },
  ],
  unknown: [
    {
      name: 'the AZ of a peer is unknown',
      graph: () => {
        const g = graph();
        instance(g, 'api_a', 1, AZ_A, { tier: 'critical', Service: 'api' });
        instance(g, 'api_x', 30, new Unknown('var.az has no value'), { tier: 'critical', Service: 'api' });
        return g.build();
      },
      findings: [
        { address: 'aws_instance.api_a', status: 'unknown', messageId: 'cannotTell', location: { file: 'ec2.tf', line: 1 }, message: 'var.az has no value' },
        { address: 'aws_instance.api_x', status: 'unknown', messageId: 'cannotTell', location: { file: 'ec2.tf', line: 30 } },
      ],
    },
    {
      name: 'the workload tag is unknown',
      graph: () => {
        const g = graph();
        instance(g, 'api', 1, AZ_A, { tier: 'critical', Service: new Unknown('var.service has no value') });
        return g.build();
      },
      findings: [{ address: 'aws_instance.api', status: 'unknown', messageId: 'cannotTell', location: { file: 'ec2.tf', line: 1 }, message: 'which workload it serves: tag Service: var.service has no value' }],
    },
    {
      name: 'membership of an Auto Scaling group unknown',
      graph: () => {
        const g = graph();
        instance(g, 'node', 1, AZ_A, { tier: 'critical' }, { autoScalingGroup: new Unknown('the aws:autoscaling:groupName tag could not be read') });
        return g.build();
      },
      findings: [{ address: 'aws_instance.node', status: 'unknown', messageId: 'cannotTell', location: { file: 'ec2.tf', line: 3 }, message: 'whether it belongs to an Auto Scaling group' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier (the default) allows standalone instances',
      graph: () => {
        const g = graph();
        instance(g, 'tools', 1, AZ_A, {});
        return g.build();
      },
      findings: [],
    },
    {
      name: 'a member of an Auto Scaling group (live) is judged through its group',
      graph: () => {
        const g = graph();
        instance(g, 'member', 1, AZ_A, { tier: 'critical' }, { autoScalingGroup: 'web-asg' });
        return g.build();
      },
      findings: [],
    },
  ],
});
