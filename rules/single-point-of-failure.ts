import { defineRule, tierListOption } from '../src/engine/rule.js';
import { failureIndex } from '../src/analysis/failure.js';
import type { SpofWorkloadRef } from '../src/analysis/failure-types.js';

const options = tierListOption(['critical', 'high'], 'Tiers of the workloads whose single points of failure are reported (SPOF-DEP: critical and high). A resource only workloads of other tiers need is not applicable.');

const messages = {
  single: '{{name}} is a single point of failure: losing it alone takes down {{workloads}} ({{tiers}}); path: {{path}}',
  redundant: '{{name}} is needed by {{workloads}}, each of which has an alternative when it fails',
  cannotTell: '{{name}} is needed by {{workloads}}; cannot tell whether it is their only path: {{reason}}',
};

function names(refs: readonly SpofWorkloadRef[]): string {
  return refs.map((r) => r.address).join(', ');
}

export default defineRule({
  id: 'single-point-of-failure',
  meta: {
    title: 'No single resource whose loss alone takes down a critical or high workload',
    severity: { default: 'high', critical: 'critical', high: 'high', medium: 'medium' },
    requirements: ['SPOF', 'SPOF-DEP', 'NET-NAT', 'DB-MULTIAZ'],
    rationale:
      'The SPOF catalogue lists a single NAT gateway and a single database instance among the typical single points of failure, and SPOF-DEP says a service is only as available as what it depends on. ' +
      'resilint follows every hard dependency of each critical and high workload (subnets, route tables, NAT gateways, database members, declared dependencies) and reports a resource that every alternative path of the workload needs. ' +
      'Its loss alone, whatever its cause (an AZ event, a deletion, a quota), stops the workload everywhere.',
    remediation: {
      terraform:
        'Give each alternative its own copy: aws_lb subnets (or subnet_mapping) in ≥ 2 AZs; one aws_nat_gateway per AZ with per-AZ route tables (terraform-aws-modules/vpc: one_nat_gateway_per_az = true); aws_db_instance multi_az = true, or an Aurora cluster with instances in ≥ 2 AZs.',
      cloudformation:
        'Enable every load balancer in ≥ 2 AZs (AWS::ElasticLoadBalancingV2::LoadBalancer Subnets / SubnetMappings in two or more AZs). One AWS::EC2::NatGateway and AWS::EC2::RouteTable per AZ, each private subnet associated with its own AZ table; AWS::RDS::DBInstance MultiAZ: true.',
      console: 'VPC console → NAT gateways: create one in each AZ and edit each private route table to use its own AZ NAT gateway; RDS console → Modify → Multi-AZ deployment.',
      cli: 'aws ec2 create-nat-gateway --subnet-id <public subnet in AZ b> --allocation-id <eip>; aws ec2 replace-route --route-table-id <rt of AZ b> --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <new NAT>; aws rds modify-db-instance --db-instance-identifier <id> --multi-az',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_fault_isolation_multiaz_region_system.html',
    tags: ['resilience', 'spof'],
  },
  options,
  // What fails on its own (SPOF_KINDS); the workloads it may take down are every kind the simulation evaluates.
  appliesTo: ['network.nat-gateway', 'db.instance', 'db.proxy', 'lb.load-balancer', 'compute.instance', 'cache.replication-group', 'cache.cluster'],
  check(resource, ctx) {
    if (!ctx.failures) return;
    const all = failureIndex(ctx.failures).singlePointOf(resource.id);
    if (!all) return;
    const judged = (refs: readonly SpofWorkloadRef[]) => refs.filter((r) => ctx.options.tiers.includes(r.tier));
    const sp = { single: judged(all.single), redundant: judged(all.redundant), unknown: judged(all.unknown) };
    if (sp.single.length + sp.redundant.length + sp.unknown.length === 0) return; // only workloads of other tiers need it
    if (sp.single.length > 0) {
      const first = sp.single[0];
      const path = first.path ?? [];
      ctx.fail(
        'single',
        { workloads: names(sp.single), tiers: [...new Set(sp.single.map((r) => r.tier))].join(', '), path: path.map((s) => s.address).join(' → ') },
        {
          evidence: { expected: { alternatives: '≥ 1 path without it' }, actual: { singleFor: sp.single.map((r) => r.address), redundantFor: sp.redundant.map((r) => r.address) }, related: sp.single.map((r) => r.address) },
          flow: { message: `${first.address} depends on ${resource.address} with no alternative`, steps: path },
        },
      );
    } else if (sp.unknown.length > 0) {
      ctx.unknown('cannotTell', { workloads: names(sp.unknown), reason: sp.unknown[0].reason ?? 'a dependency could not be followed' }, {
        evidence: { actual: { unknownFor: sp.unknown.map((r) => r.address) }, related: sp.unknown.map((r) => r.address) },
        ...(sp.unknown[0].path ? { flow: { message: `${sp.unknown[0].address} depends on ${resource.address}`, steps: sp.unknown[0].path } } : {}),
      });
    } else {
      ctx.pass('redundant', { workloads: names(sp.redundant) }, { evidence: { actual: { redundantFor: sp.redundant.map((r) => r.address) }, related: sp.redundant.map((r) => r.address) } });
    }
  },
});
