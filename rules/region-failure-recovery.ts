import { defineRule, tierListOption } from '../src/engine/rule.js';
import { failureIndex } from '../src/analysis/failure.js';
import { DR_REGION_TARGETS } from '../src/policy/defaults.js';
import { figure, seconds, worstOf } from '../src/analysis/impact.js';

const options = tierListOption(['critical', 'high', 'medium'], 'Tiers whose workloads must recover from the loss of their Region within the tier Region targets (T-DR); workloads of other tiers are not applicable.');

const messages = {
  recovers: '{{name}}: if {{region}} is lost, {{approach}} recovers it in RTO {{rto}} / RPO {{rpo}}, within tier {{tier}} Region targets (RTO {{rtoTarget}}, RPO {{rpoTarget}})',
  breaches: '{{name}}: if {{region}} is lost, DR approach {{approach}} gives RTO {{rto}} / RPO {{rpo}} against tier {{tier}} Region targets (RTO {{rtoTarget}}, RPO {{rpoTarget}}): {{why}}',
  cannotTell: '{{name}}: cannot tell whether it recovers from the loss of {{region}} within tier {{tier}} Region targets (RTO {{rtoTarget}}, RPO {{rpoTarget}}); DR approach {{approach}}, estimated RTO {{rto}} / RPO {{rpo}}: {{why}}',
};

export default defineRule({
  id: 'region-failure-recovery',
  meta: {
    title: 'Workloads recover from the loss of their Region within the tier Region RTO and RPO',
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['T-DR', 'DB-GLOBAL', 'DR'],
    tierSettings: ['region.rtoMinutes', 'region.rpoMinutes'],
    rationale:
      'T-DR sets the Region-level disaster recovery targets (RTO 4 h, RPO 1 h by default), and DB-GLOBAL asks critical databases to be Aurora Global Databases with a secondary in the DR Region. ' +
      'resilint finds the DR approach of each workload in the scan (an Aurora Global Database secondary, a cross-Region replica; otherwise none) and estimates its RTO and RPO from the DR catalogue and the AWS documentation. ' +
      'A workload with no copy outside its Region stays down, and its data unreachable, for as long as the Region is.',
    remediation: {
      terraform:
        'aws_rds_global_cluster with a secondary aws_rds_cluster (global_cluster_identifier) and at least one aws_rds_cluster_instance in the DR Region provider; deploy the ECS services to the DR Region from the same module with a second provider.',
      cloudformation:
        'AWS::RDS::GlobalCluster with a secondary AWS::RDS::DBCluster (GlobalClusterIdentifier) in a stack of the DR Region (StackSets); the service stacks deployed to the DR Region as well.',
      console: 'RDS console → the Aurora cluster → Actions → Add AWS Region; AWS Backup: a backup plan with a copy to the DR Region.',
      cli: 'aws rds create-global-cluster --global-cluster-identifier <g> --source-db-cluster-identifier <arn>; aws rds create-db-cluster --region <dr> --global-cluster-identifier <g> ...',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html',
    tags: ['resilience', 'disaster-recovery', 'rto', 'rpo'],
  },
  options,
  // Every workload kind the simulation evaluates (an Aurora member and an instance of a group: judged with their cluster or group).
  appliesTo: ['ecs.service', 'db.cluster', 'db.instance', 'lb.load-balancer', 'compute.instance', 'compute.autoscaling-group', 'function', 'search.domain', 'stream.cluster'],
  check(resource, ctx) {
    if (!ctx.failures) return;
    const ix = failureIndex(ctx.failures);
    if (!ix.summaryOf(resource.id)) return;
    if (!ctx.options.tiers.includes(ctx.tier.tier)) return;
    const impacts = ix.impactsOf(resource.id).filter((i) => ix.domain(i.domain)?.kind === 'region' && i.state !== 'unaffected');
    if (impacts.length === 0) return;
    const worst = worstOf(impacts);
    const t = ctx.tier.requirements.region ?? DR_REGION_TARGETS;
    const data = {
      region: ix.domain(worst.domain)!.label,
      approach: worst.drApproach ?? 'none',
      rto: figure(worst.rto),
      rpo: figure(worst.rpo),
      rtoTarget: seconds(t.rtoMinutes * 60),
      rpoTarget: seconds(t.rpoMinutes * 60),
      why: worst.reasons.join('; '),
    };
    const evidence = {
      expected: { rtoSeconds: worst.target.rtoSeconds, rpoSeconds: worst.target.rpoSeconds },
      actual: { domain: worst.domain, drApproach: worst.drApproach ?? 'none', rto: worst.rto, rpo: worst.rpo, rtoVerdict: worst.rtoVerdict, rpoVerdict: worst.rpoVerdict },
    };
    const verdicts = [worst.rtoVerdict, worst.rpoVerdict];
    if (verdicts.includes('breached')) ctx.fail('breaches', data, { evidence });
    else if (verdicts.includes('unknown')) ctx.unknown('cannotTell', data, { evidence });
    else ctx.pass('recovers', data, { evidence });
  },
});
