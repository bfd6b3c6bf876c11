import rule from '../../rules/asg-multi-az.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, policyWith, ruleTester, tier } from '../helpers/rule-tester.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';
const ASG = 'aws_autoscaling_group.web';

type AsgProps = Partial<PropsByKind['compute.autoscaling-group']>;

/** Group `web` at asg.tf:10 (min_size line 12, health_check_type line 15, target_group_arns line 16) in subnets of `azs`. */
function group(props: AsgProps, azs: (string | Unknown)[] | null, tierName = 'critical', unresolvedSubnets?: string) {
  const g = graph();
  const asg = g.add('compute.autoscaling-group', ASG, {
    file: 'asg.tf',
    line: 10,
    props: { name: 'web', maxSize: 6, ...props },
    lines: { minSize: 12, healthCheckType: 15, targetGroupCount: 16, availabilityZones: 17 },
    attributes: { minSize: 'min_size', healthCheckType: 'health_check_type', targetGroupCount: 'target_group_arns', availabilityZones: 'availability_zones' },
    tags: tier(tierName),
  });
  (azs ?? []).forEach((az, i) => {
    const s = g.add('network.subnet', `aws_subnet.private[${i}]`, { file: 'vpc.tf', props: { availabilityZone: az } });
    g.edge(asg, 'in-subnet', s, { attribute: 'vpc_zone_identifier' });
  });
  if (unresolvedSubnets) g.unresolved(asg, 'in-subnet', 'vpc_zone_identifier', unresolvedSubnets);
  return g.build();
}

const AT_HEADER = { file: 'asg.tf', line: 10 };
const AT_MIN = { file: 'asg.tf', line: 12 };

ruleTester.run(rule, {
  pass: [
    {
      name: 'two instances over two AZs, ELB health check behind a target group',
      graph: () => group({ minSize: 2, healthCheckType: 'ELB', targetGroupCount: 1, loadBalancerCount: 0 }, [AZ_A, AZ_C]),
      findings: [
        {
          address: ASG,
          status: 'pass',
          messageId: 'meets',
          location: AT_MIN,
          message: [`≥ 2 instance(s) over 2 AZ(s) (${AZ_A}, ${AZ_C}), ELB health check`],
          evidence: { expected: { minInstances: 2, minAzs: 2, instancePerAz: true, elbHealthCheck: true }, actual: { minSize: 2, azs: [AZ_A, AZ_C], healthCheckType: 'ELB', targetGroups: 1 } },
        },
      ],
    },
    {
      name: 'no load balancer: the default EC2 health check is fine',
      graph: () => group({ minSize: 3, targetGroupCount: 0, loadBalancerCount: 0 }, [AZ_A, AZ_C]),
      findings: [{ address: ASG, status: 'pass', messageId: 'meets', location: AT_MIN }],
    },
    {
      name: 'availability_zones instead of subnets',
      graph: () => group({ minSize: 2, availabilityZones: [AZ_A, AZ_C], targetGroupCount: 0, loadBalancerCount: 0 }, null),
      findings: [{ address: ASG, status: 'pass', messageId: 'meets', location: AT_MIN, message: `(${AZ_A}, ${AZ_C})` }],
    },
    {
      name: 'medium tier: one instance in one AZ is enough',
      graph: () => group({ minSize: 1, targetGroupCount: 1, loadBalancerCount: 0 }, [AZ_A], 'medium'),
      findings: [{ address: ASG, status: 'pass', messageId: 'meets', location: AT_MIN }],
    },
  ],
  fail: [
    {
      name: 'all subnets in one AZ',
      graph: () => group({ minSize: 2, healthCheckType: 'ELB', targetGroupCount: 1, loadBalancerCount: 0 }, [AZ_A, AZ_A]),
      findings: [{ address: ASG, status: 'fail', messageId: 'insufficient', location: AT_HEADER, severity: 'high', message: `spans 1 AZ(s) (${AZ_A}) < 2 required`, evidence: { attribute: 'vpc_zone_identifier' } }],
    },
    {
      name: 'minimum size 1',
      graph: () => group({ minSize: 1, healthCheckType: 'ELB', targetGroupCount: 1, loadBalancerCount: 0 }, [AZ_A, AZ_C]),
      findings: [{ address: ASG, status: 'fail', messageId: 'insufficient', location: AT_MIN, message: 'minimum size 1 < 2 required' }],
    },
    {
      name: 'minimum size below the number of AZs used',
      graph: () => group({ minSize: 2, healthCheckType: 'ELB', targetGroupCount: 1, loadBalancerCount: 0 }, [AZ_A, AZ_C, 'ap-northeast-1d']),
      findings: [{ address: ASG, status: 'fail', messageId: 'insufficient', location: AT_MIN, message: 'minimum size 2 < 3 AZs used' }],
    },
    {
      name: 'behind a target group with the default EC2 health check',
      graph: () => group({ minSize: 2, targetGroupCount: 1, loadBalancerCount: 0 }, [AZ_A, AZ_C]),
      findings: [{ address: ASG, status: 'fail', messageId: 'insufficient', location: { file: 'asg.tf', line: 16 }, message: 'uses the EC2 (the default) health check' }],
    },
    {
      name: 'behind a Classic Load Balancer with health_check_type EC2',
      graph: () => group({ minSize: 2, healthCheckType: 'EC2', targetGroupCount: 0, loadBalancerCount: 1 }, [AZ_A, AZ_C]),
      findings: [{ address: ASG, status: 'fail', messageId: 'insufficient', location: { file: 'asg.tf', line: 15 }, message: 'uses the EC2 health check' }],
    },
    {
      name: 'a policy entry asks 3 AZs of this group',
      graph: () => group({ minSize: 2, healthCheckType: 'ELB', targetGroupCount: 1, loadBalancerCount: 0 }, [AZ_A, AZ_C]),
      policy: policyWith({ assignments: [{ match: { address: ASG }, tier: 'critical', requirements: { compute: { minAzs: 3, minInstances: 3 } } }] }),
      findings: [{ address: ASG, status: 'fail', messageId: 'insufficient', location: AT_MIN, message: ['minimum size 2 < 3 required', 'spans 2 AZ(s)'] }],
    },
  ],
  unknown: [
    {
      name: 'subnets from a variable without a value',
      graph: () => group({ minSize: 2, healthCheckType: 'ELB', targetGroupCount: 1, loadBalancerCount: 0 }, null, 'critical', 'variable private_subnets has no value'),
      findings: [{ address: ASG, status: 'unknown', messageId: 'cannotTell', location: AT_HEADER, message: 'AZs: its subnets: variable private_subnets has no value' }],
    },
    {
      name: 'minimum size unknown',
      graph: () => group({ minSize: new Unknown('var.min_size has no value'), healthCheckType: 'ELB', targetGroupCount: 1, loadBalancerCount: 0 }, [AZ_A, AZ_C]),
      findings: [{ address: ASG, status: 'unknown', messageId: 'cannotTell', location: AT_MIN, message: 'minimum size: var.min_size has no value' }],
    },
    {
      name: 'target groups unknown with the default health check',
      graph: () => group({ minSize: 2, targetGroupCount: new Unknown('var.target_group_arns has no value'), loadBalancerCount: 0 }, [AZ_A, AZ_C]),
      findings: [{ address: ASG, status: 'unknown', messageId: 'cannotTell', location: { file: 'asg.tf', line: 16 }, message: 'whether it registers with a load balancer' }],
    },
    {
      name: 'a subnet without a known AZ leaves the spread open',
      graph: () => group({ minSize: 2, healthCheckType: 'ELB', targetGroupCount: 1, loadBalancerCount: 0 }, [AZ_A, new Unknown('var.az has no value')]),
      findings: [{ address: ASG, status: 'unknown', messageId: 'cannotTell', location: AT_HEADER, message: 'var.az has no value' }],
    },
  ],
  notApplicable: [],
});
