import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { instanceAz } from '../src/analysis/compute.js';
import { azLabel, countDistinctAzs, isAzIdentity } from '../src/analysis/az.js';
import type { Resource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';
import { computeRequirements } from '../src/policy/compute.js';

interface Options {
  workloadTagKeys: string[];
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    workloadTagKeys: {
      type: 'array',
      items: { type: 'string' },
      default: ['Service', 'service', 'Application', 'application', 'App', 'app', 'Workload', 'workload'],
      description:
        'Tag keys naming the workload an instance serves. Standalone instances with the same value of the first of these keys they carry (in the same Region) serve one workload together: it is judged by their number and AZs. An instance without any of them serves a workload alone.',
    },
  },
  required: ['workloadTagKeys'],
};

const messages = {
  redundant:
    '{{name}} is a standalone instance, but workload {{workload}} runs {{count}} standalone instances over {{azCount}} AZs ({{azs}}); tier {{tier}} requires ≥ {{minInstances}} over ≥ {{minAzs}} AZs (standalone instances are not replaced automatically)',
  single:
    '{{name}} is a standalone instance (not in an Auto Scaling group){{workloadText}}: its failure, or the loss of {{az}}, stops the workload and nothing replaces it; tier {{tier}} requires ≥ {{minInstances}} instances over ≥ {{minAzs}} AZs',
  fewAzs:
    '{{name}}: workload {{workload}} runs {{count}} standalone instances in only {{azCount}} AZ(s) ({{azs}}): losing {{lost}} stops it or leaves it below {{minInstances}} instances; tier {{tier}} requires ≥ {{minAzs}} AZs',
  cannotTell: '{{name}}: cannot tell whether this standalone instance is a single point of failure (tier {{tier}}: ≥ {{minInstances}} instances over ≥ {{minAzs}} AZs): {{reason}}',
};

type Instance = Resource<'compute.instance'>;

/** The workload an instance serves: `key=value` of the first workload tag it carries, or why that is unknown. */
function workloadOf(i: Instance, keys: readonly string[]): string | { reason: string } | undefined {
  if (isUnknown(i.tags)) return { reason: `its tags: ${i.tags.reason}` };
  for (const k of keys) {
    const v = i.tags[k];
    if (v === undefined) continue;
    if (isUnknown(v)) return { reason: `tag ${k}: ${v.reason}` };
    return `${k}=${v}`;
  }
  return undefined;
}

export default defineRule({
  id: 'ec2-standalone-instance',
  meta: {
    title: 'Critical and high workloads are not served by standalone EC2 instances in one AZ',
    // A single instance (or instances in one AZ) stops the workload on any instance or AZ failure until someone
    // rebuilds it by hand: far beyond a 15/30-minute RTO.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['COMPUTE-INSTANCE', 'SPOF'],
    rationale:
      'COMPUTE-INSTANCE: the SPOF catalogue lists a single instance and a single-AZ deployment as typical single points of failure. ' +
      'An EC2 instance outside an Auto Scaling group is not replaced when it or its AZ fails; a critical or high workload (by its own tier tag, a policy entry, its account, or a tier inherited from what depends on it) must therefore either run in an Auto Scaling group (judged by asg-multi-az) or on enough standalone instances over enough AZs. ' +
      'Instances serve one workload together when they share the value of a workload tag (option workloadTagKeys); otherwise each instance is its own workload.',
    remediation: {
      terraform:
        'Replace the aws_instance with an aws_launch_template and an aws_autoscaling_group (vpc_zone_identifier over ≥ 2 AZs, min_size = 2); or run ≥ 2 instances in subnets of different AZs behind a load balancer, tagged with the same workload tag (e.g. Service).',
      cloudformation:
        'Replace the AWS::EC2::Instance with an AWS::EC2::LaunchTemplate and an AWS::AutoScaling::AutoScalingGroup (VPCZoneIdentifier over ≥ 2 AZs, MinSize: "2"); or declare ≥ 2 instances in subnets of different AZs with the same workload tag.',
      console: 'EC2 console → Instances → the instance → Actions → Image and templates → Create template from instance; then Auto Scaling groups → Create, with subnets in ≥ 2 AZs and minimum capacity 2.',
      cli: 'aws ec2 create-launch-template-from-instance …; aws autoscaling create-auto-scaling-group --auto-scaling-group-name <name> --launch-template LaunchTemplateName=<lt> --min-size 2 --max-size 4 --vpc-zone-identifier "subnet-a,subnet-c"',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/auto-scaling-benefits.html',
    tags: ['resilience', 'compute', 'spof'],
  },
  options,
  appliesTo: ['compute.instance'],
  check(instance, ctx) {
    const req = computeRequirements(ctx.tier.requirements);
    if (req.allowStandalone) return;
    const { minInstances, minAzs } = req;
    const base = { minInstances, minAzs };
    const group = instance.props.autoScalingGroup;
    if (isUnknown(group)) {
      ctx.unknown('cannotTell', { ...base, reason: `whether it belongs to an Auto Scaling group: ${group.reason}` }, { prop: 'autoScalingGroup' });
      return;
    }
    // Launched by a group: the group is judged (asg-multi-az), not its members.
    if (typeof group === 'string') return;

    const workload = workloadOf(instance, ctx.options.workloadTagKeys);
    if (workload !== undefined && typeof workload !== 'string') {
      ctx.unknown('cannotTell', { ...base, reason: `which workload it serves: ${workload.reason}` });
      return;
    }
    const region = instance.provenance.region;
    const peers: Instance[] =
      workload === undefined
        ? [instance]
        : ctx.graph
            .ofKind('compute.instance')
            .filter((p) => p.props.autoScalingGroup === undefined && p.provenance.region === region && workloadOf(p, ctx.options.workloadTagKeys) === workload);
    const located = peers.map((p) => ({ p, az: instanceAz(p, ctx.graph) }));
    const doubts = located.filter((x) => 'reason' in x.az).map((x) => `AZ of ${x.p.address}: ${(x.az as { reason: string }).reason}`);
    const identities = located.filter((x) => 'az' in x.az).map((x) => (x.az as { az: unknown }).az);
    const d = countDistinctAzs(identities);
    const related = peers.filter((p) => p.id !== instance.id).map((p) => p.address).sort();
    const evidence = { expected: { minInstances, minAzs }, actual: { instances: peers.length, azs: d.labels, ...(workload ? { workload } : {}) }, related };
    const ownAz = instanceAz(instance, ctx.graph);
    const ownLabel = 'az' in ownAz && isAzIdentity(ownAz.az) ? azLabel(ownAz.az) : 'its AZ';

    if (peers.length < minInstances) {
      ctx.fail('single', { ...base, workloadText: workload ? ` and the only instance of workload ${workload}` : '', az: ownLabel }, { evidence });
      return;
    }
    const maxAzs = d.max + doubts.length;
    if (maxAzs < minAzs) {
      ctx.fail('fewAzs', { ...base, workload, count: peers.length, azCount: d.max, azs: d.labels.join(', '), lost: d.labels.length === 1 ? 'that AZ' : 'one of them' }, { evidence });
      return;
    }
    if (d.min < minAzs) {
      ctx.unknown('cannotTell', { ...base, reason: [`instances of ${workload} span ${d.min}–${maxAzs} AZs`, ...doubts, ...d.reasons].join('; ') }, { evidence });
      return;
    }
    ctx.pass('redundant', { ...base, workload, count: peers.length, azCount: d.min, azs: d.labels.join(', ') }, { evidence });
  },
});
