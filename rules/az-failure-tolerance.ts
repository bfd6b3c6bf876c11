import { defineRule, tierListOption } from '../src/engine/rule.js';
import { failureIndex } from '../src/analysis/failure.js';
import { figure, seconds, worstOf } from '../src/analysis/impact.js';

const options = tierListOption(['critical', 'high', 'medium'], 'Tiers whose workloads are judged; workloads of other tiers (e.g. a custom "sandbox" tier) are not applicable. Every built-in tier by default.');

const messages = {
  tolerates:
    '{{name}} survives the loss of any of its {{domains}} AZ(s); worst: {{worst}} ({{state}}), estimated RTO {{rto}} / RPO {{rpo}} within tier {{tier}} targets (RTO {{rtoTarget}}, RPO {{rpoTarget}})',
  breaches:
    '{{name}}: losing {{worst}} leaves it {{state}}; estimated RTO {{rto}} / RPO {{rpo}} against tier {{tier}} targets (RTO {{rtoTarget}}, RPO {{rpoTarget}}): {{why}}',
  cannotTell: '{{name}}: cannot tell whether it meets tier {{tier}} targets (RTO {{rtoTarget}}, RPO {{rpoTarget}}) when {{worst}} fails (estimated RTO {{rto}} / RPO {{rpo}}): {{why}}',
  notPlaced: '{{name}}: no AZ of it or its dependencies could be placed, so no AZ failure can be simulated (tier {{tier}}): {{why}}',
};

export default defineRule({
  id: 'az-failure-tolerance',
  meta: {
    title: 'Workloads recover from the loss of any one AZ within their tier RTO and RPO',
    // An AZ outage that breaches the target is an outage longer than the tier allows.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['T-CRIT', 'T-HIGH', 'T-MED', 'SPOF-DEP'],
    tierSettings: ['rtoMinutes', 'rpoMinutes'],
    rationale:
      'T-CRIT, T-HIGH and T-MED set the RTO and RPO of each tier (15/5, 30/15 and 60/30 minutes), and SPOF-DEP says a service is only as available as what it depends on. ' +
      'resilint fails each AZ in use in turn, follows the hard dependencies (subnets, egress through NAT gateways, load balancers in front, database members, declared dependencies), and estimates the recovery of each workload (ECS service, database, load balancer, EC2 instance, Auto Scaling group, Lambda function) from documented AWS behaviour (Multi-AZ failover, Aurora replica promotion, the ECS scheduler, EC2 Auto Scaling, point-in-time restore). ' +
      'A figure AWS does not document is unknown, never met.',
    remediation: {
      terraform:
        'Spread the workload and what it needs over ≥ 2 AZs: ECS network_configuration.subnets in each AZ with min_capacity ≥ the AZ count; aws_db_instance multi_az = true or aws_rds_cluster_instance in ≥ 2 AZs; one aws_nat_gateway per AZ with per-AZ route tables; aws_lb subnets in ≥ 2 AZs; aws_autoscaling_group vpc_zone_identifier in ≥ 2 AZs instead of a standalone aws_instance; aws_lambda_function vpc_config.subnet_ids in ≥ 2 AZs.',
      cloudformation:
        'AWS::ECS::Service Subnets in ≥ 2 AZs with ScalableTarget MinCapacity ≥ the AZ count; AWS::RDS::DBInstance MultiAZ: true or AWS::RDS::DBInstance members of the cluster in ≥ 2 AZs; one AWS::EC2::NatGateway and route table per AZ; AWS::ElasticLoadBalancingV2::LoadBalancer Subnets in ≥ 2 AZs; AWS::AutoScaling::AutoScalingGroup VPCZoneIdentifier in ≥ 2 AZs instead of a standalone AWS::EC2::Instance; AWS::Lambda::Function VpcConfig.SubnetIds in ≥ 2 AZs.',
      console: 'ECS: Update service → Networking: subnets in several AZs; RDS: Modify → Multi-AZ deployment; Aurora: Add reader in another AZ; VPC: a NAT gateway per AZ; EC2: load balancer subnets and Auto Scaling group subnets in several AZs; Lambda: VPC subnets in several AZs.',
      cli: 'aws rds modify-db-instance --db-instance-identifier <id> --multi-az --apply-immediately; aws rds create-db-instance --db-cluster-identifier <cluster> --availability-zone <other AZ> ...; resilint what-if --az <az> <paths>',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/whitepapers/latest/real-time-communication-on-aws/high-availability-and-scalability-on-aws.html',
    tags: ['resilience', 'spof', 'rto', 'rpo'],
  },
  options,
  // Every workload kind the simulation evaluates (an Aurora member and an instance of a group: judged with their cluster or group).
  appliesTo: ['ecs.service', 'db.cluster', 'db.instance', 'lb.load-balancer', 'compute.instance', 'compute.autoscaling-group', 'function', 'search.domain', 'stream.cluster'],
  check(resource, ctx) {
    if (!ctx.failures) return;
    const ix = failureIndex(ctx.failures);
    if (!ix.summaryOf(resource.id)) return; // not a workload (an Aurora member: judged with its cluster)
    if (!ctx.options.tiers.includes(ctx.tier.tier)) return;
    const impacts = ix.impactsOf(resource.id).filter((i) => ix.domain(i.domain)?.kind === 'az');
    const req = ctx.tier.requirements;
    const base = { rtoTarget: seconds(req.rtoMinutes * 60), rpoTarget: seconds(req.rpoMinutes * 60) };
    if (impacts.length === 0) {
      ctx.unknown('notPlaced', { ...base, why: ctx.failures.notes[0] ?? 'no AZ domain in the scan' });
      return;
    }
    const worst = worstOf(impacts);
    const label = ix.domain(worst.domain)!.label;
    const data = { ...base, worst: label, state: worst.state, rto: figure(worst.rto), rpo: figure(worst.rpo), domains: impacts.length, why: worst.reasons.join('; ') };
    const evidence = {
      expected: { rtoSeconds: worst.target.rtoSeconds, rpoSeconds: worst.target.rpoSeconds },
      actual: { domain: worst.domain, state: worst.state, rto: worst.rto, rpo: worst.rpo, rtoVerdict: worst.rtoVerdict, rpoVerdict: worst.rpoVerdict, ...(worst.capacity ? { capacity: worst.capacity } : {}) },
      related: (worst.path ?? []).slice(1).map((s) => s.address),
    };
    const verdicts = [worst.rtoVerdict, worst.rpoVerdict];
    if (verdicts.includes('breached')) ctx.fail('breaches', data, { evidence });
    else if (verdicts.includes('unknown')) ctx.unknown('cannotTell', data, { evidence });
    else ctx.pass('tolerates', data, { evidence });
  },
});
