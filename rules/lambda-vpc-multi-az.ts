import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import { subnetAzs } from '../src/analysis/compute.js';
import { isUnknown } from '../src/graph/values.js';
import { computeRequirements } from '../src/policy/compute.js';

type Options = Record<string, never>;

const options = {
  type: 'object',
  additionalProperties: false,
  properties: {},
  required: [],
} as unknown as JSONSchemaType<Options>;

const messages = {
  meets: '{{name}} runs in subnets over {{azCount}} AZs ({{azs}}); tier {{tier}} requires ≥ {{minAzs}}',
  tooFew: '{{name}} runs in subnets over only {{azCount}} AZ(s) ({{azs}}){{impact}}; tier {{tier}} requires ≥ {{minAzs}}',
  cannotTell: '{{name}}: cannot tell whether its subnets span ≥ {{minAzs}} AZs (tier {{tier}}): {{reason}}',
};

export default defineRule({
  id: 'lambda-vpc-multi-az',
  meta: {
    title: 'Lambda functions attached to a VPC run in subnets over enough AZs',
    // A VPC function in one AZ stops (every invocation fails) for the length of that AZ's outage.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['COMPUTE-LAMBDA', 'SPOF'],
    rationale:
      'COMPUTE-LAMBDA: a Lambda function attached to a VPC runs only in the subnets it is given; Lambda itself runs a function in several AZs, but in a VPC it can use only the AZs of its subnets. ' +
      'With subnets in a single AZ, losing that AZ stops the function although the Region is healthy (AWS recommends subnets in at least two AZs). ' +
      'A function not attached to a VPC is regional and not bound to an AZ: not applicable.',
    remediation: {
      terraform: 'aws_lambda_function: vpc_config { subnet_ids = [one private subnet per AZ, ≥ 2 AZs], security_group_ids = [...] }. terraform-aws-modules/lambda: vpc_subnet_ids = module.vpc.private_subnets.',
      cloudformation: 'AWS::Lambda::Function: VpcConfig.SubnetIds: one subnet in each of ≥ 2 AZs (AWS::Serverless::Function: the same VpcConfig).',
      console: 'Lambda console → the function → Configuration → VPC → Edit: select subnets in at least two Availability Zones.',
      cli: 'aws lambda update-function-configuration --function-name <name> --vpc-config SubnetIds=subnet-a,subnet-c,SecurityGroupIds=sg-…',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html',
    tags: ['resilience', 'serverless', 'spof'],
  },
  options,
  appliesTo: ['function'],
  check(fn, ctx) {
    const { minAzs } = computeRequirements(ctx.tier.requirements);
    if (minAzs < 2) return;
    const inVpc = fn.props.inVpc;
    const expected = { minAzs };
    if (isUnknown(inVpc)) {
      ctx.unknown('cannotTell', { minAzs, reason: `whether it is attached to a VPC: ${inVpc.reason}` }, { prop: 'inVpc', evidence: { expected, actual: inVpc } });
      return;
    }
    // Not in a VPC: Lambda runs it over the Region's AZs.
    if (inVpc !== true) return;
    const azs = subnetAzs(fn, ctx.graph, 'no subnets');
    const location = ctx.graph.outgoing(fn.id, 'in-subnet')[0]?.location;
    const at = (actual: unknown): At => ({
      ...(location ? { location } : { prop: 'inVpc' }),
      evidence: { ...(azs.attribute ? { attribute: azs.attribute } : {}), expected, actual, related: 'reason' in azs ? [] : azs.subnets },
    });
    if ('reason' in azs) {
      ctx.unknown('cannotTell', { minAzs, reason: azs.reason }, at(null));
      return;
    }
    const span = azs.min === azs.max ? `${azs.min}` : `${azs.min}–${azs.max}`;
    const actual = { azs: azs.labels, ...(azs.min === azs.max ? {} : { azCount: [azs.min, azs.max] }) };
    if (azs.max < minAzs) {
      ctx.fail('tooFew', { minAzs, azCount: span, azs: azs.labels.join(', '), impact: azs.max === 1 ? ': losing that AZ stops every invocation' : '' }, at(actual));
    } else if (azs.min < minAzs) {
      ctx.unknown('cannotTell', { minAzs, reason: `subnets span ${span} AZs (${azs.labels.join(', ')}): ${azs.doubts.join('; ')}` }, at(actual));
    } else {
      ctx.pass('meets', { minAzs, azCount: span, azs: azs.labels.join(', ') }, at(actual));
    }
  },
});
