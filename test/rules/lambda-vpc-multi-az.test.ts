import rule from '../../rules/lambda-vpc-multi-az.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';

const AZ_A = 'ap-northeast-1a';
const AZ_C = 'ap-northeast-1c';
const FN = 'aws_lambda_function.orders';

/** Function `orders` at lambda.tf:1 (vpc_config.subnet_ids line 8) in subnets of `azs`. */
function fn(props: Partial<PropsByKind['function']>, azs: (string | Unknown)[], tierName = 'critical', unresolved?: string) {
  const g = graph();
  const f = g.add('function', FN, {
    file: 'lambda.tf',
    line: 1,
    props: { name: 'orders', runtime: 'python3.12', ...props },
    lines: { inVpc: 8 },
    attributes: { inVpc: 'vpc_config.subnet_ids' },
    tags: tier(tierName),
  });
  azs.forEach((az, i) => {
    const s = g.add('network.subnet', `aws_subnet.private[${i}]`, { file: 'vpc.tf', props: { availabilityZone: az } });
    g.edge(f, 'in-subnet', s, { attribute: 'vpc_config.subnet_ids' });
  });
  if (unresolved) g.unresolved(f, 'in-subnet', 'vpc_config.subnet_ids', unresolved);
  return g.build();
}

const AT_SUBNETS = { file: 'lambda.tf', line: 8 };

ruleTester.run(rule, {
  pass: [
    {
      name: 'subnets in two AZs',
      graph: () => fn({ inVpc: true }, [AZ_A, AZ_C]),
      findings: [
        {
          address: FN,
          status: 'pass',
          messageId: 'meets',
          location: AT_SUBNETS,
          message: `over 2 AZs (${AZ_A}, ${AZ_C})`,
          evidence: { attribute: 'vpc_config.subnet_ids', expected: { minAzs: 2 }, actual: { azs: [AZ_A, AZ_C] }, related: ['aws_subnet.private[0]', 'aws_subnet.private[1]'] },
        },
      ],
    },
  ],
  fail: [
    {
      name: 'both subnets in one AZ',
      graph: () => fn({ inVpc: true }, [AZ_A, AZ_A]),
      findings: [{ address: FN, status: 'fail', messageId: 'tooFew', location: AT_SUBNETS, severity: 'high', message: `over only 1 AZ(s) (${AZ_A}): losing that AZ stops every invocation` }],
    },
    {
      name: 'high tier, one subnet',
      graph: () => fn({ inVpc: true }, [AZ_C], 'high'),
      findings: [{ address: FN, status: 'fail', messageId: 'tooFew', location: AT_SUBNETS, severity: 'high' }],
    },
  ],
  unknown: [
    {
      name: 'subnets not resolved',
      graph: () => fn({ inVpc: true }, [], 'critical', 'variable vpc_subnet_ids has no value'),
      findings: [{ address: FN, status: 'unknown', messageId: 'cannotTell', location: AT_SUBNETS, message: 'its subnets: variable vpc_subnet_ids has no value' }],
    },
    {
      name: 'whether it is in a VPC at all is unknown',
      graph: () => fn({ inVpc: new Unknown('variable vpc_subnet_ids has no value') }, []),
      findings: [{ address: FN, status: 'unknown', messageId: 'cannotTell', location: AT_SUBNETS, message: 'whether it is attached to a VPC' }],
    },
    {
      name: 'a subnet AZ unknown',
      graph: () => fn({ inVpc: true }, [AZ_A, new Unknown('var.az has no value')]),
      findings: [{ address: FN, status: 'unknown', messageId: 'cannotTell', location: AT_SUBNETS, message: 'var.az has no value' }],
    },
  ],
  notApplicable: [
    { name: 'not attached to a VPC: regional', graph: () => fn({ inVpc: false }, []), findings: [] },
    { name: 'medium tier requires no spread', graph: () => fn({ inVpc: true }, [AZ_A], 'medium'), findings: [] },
  ],
});
