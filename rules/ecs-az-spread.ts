import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import type { AnyResource, PlacementStrategy } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';
import { capacityOf, isFargateProvider } from '../src/analysis/ecs-capacity.js';
import { subnetAzsOf } from '../src/analysis/ecs-azs.js';

interface Options {
  checkFargateSubnets: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    checkFargateSubnets: {
      type: 'boolean',
      default: true,
      description:
        "Judge the AZs of a Fargate service's subnets here too (ecs-min-tasks-per-az judges them for ECS-AZ with the task count). false: this rule judges only EC2 placement.",
    },
  },
  required: ['checkFargateSubnets'],
};

const messages = {
  spreads: '{{name}} spreads its tasks over AZs: {{how}}; tier {{tier}} requires a spread over ≥ {{minAzs}} AZs',
  noSpread: '{{name}} does not spread its tasks over AZs: {{problems}}; tier {{tier}} requires a spread over ≥ {{minAzs}} AZs',
  cannotTell: '{{name}}: cannot tell whether its tasks are spread over ≥ {{minAzs}} AZs (tier {{tier}}): {{reasons}}',
};

const AZ_ATTRIBUTE = 'attribute:ecs.availability-zone';

/** The placement strategy that spreads over AZs: `spread` on `attribute:ecs.availability-zone` (both case-insensitive, as ECS reads them). */
function spreadsOverAzs(list: PlacementStrategy[]): true | false | string {
  const doubts: string[] = [];
  for (const p of list) {
    if (isUnknown(p.type)) { doubts.push(`placement strategy type: ${p.type.reason}`); continue; }
    if (typeof p.type !== 'string' || p.type.toLowerCase() !== 'spread') continue;
    if (isUnknown(p.field)) { doubts.push(`spread field: ${p.field.reason}`); continue; }
    if (typeof p.field === 'string' && p.field.toLowerCase() === AZ_ATTRIBUTE) return true;
  }
  return doubts.length ? doubts.join('; ') : false;
}

export default defineRule({
  id: 'ecs-az-spread',
  meta: {
    title: 'ECS services place their tasks across AZs (spread placement on EC2, subnets in ≥ 2 AZs on Fargate)',
    // Tasks packed into one AZ go down with it: an outage for critical/high services whatever their task count.
    severity: { default: 'medium', critical: 'high', high: 'high', medium: 'low' },
    requirements: ['ECS-SPREAD'],
    tierSettings: ['ecs.minAzs'],
    rationale:
      'ECS-SPREAD: on the EC2 launch type (or EC2 capacity providers) the scheduler places tasks by the service\'s placement strategies; only a `spread` strategy on `attribute:ecs.availability-zone` balances them over the AZs of the cluster\'s instances ' +
      '(binpack or random may pack every task into one AZ). Fargate has no placement strategies: it spreads tasks over the AZs of the subnets given, so those subnets must span at least the tier\'s AZ count. ' +
      'A service whose launch type comes from its cluster\'s default capacity provider strategy is judged by that strategy. Applies to tiers whose ecs.minAzs is ≥ 2; DAEMON services (one task per instance) and EXTERNAL (ECS Anywhere) services are not judged.',
    remediation: {
      terraform:
        'aws_ecs_service (EC2): ordered_placement_strategy { type = "spread" field = "attribute:ecs.availability-zone" } as the first strategy. Fargate: network_configuration { subnets = [one private subnet in each of ≥ 2 AZs] }.',
      cloudformation:
        'AWS::ECS::Service (EC2): PlacementStrategies: [{ Type: spread, Field: attribute:ecs.availability-zone }]. Fargate: NetworkConfiguration.AwsvpcConfiguration.Subnets in ≥ 2 AZs.',
      console: 'ECS console → Cluster → Create service → Task placement: "AZ balanced spread" (EC2); Networking: subnets in ≥ 2 AZs (Fargate).',
      cli: 'aws ecs update-service --cluster <cluster> --service <service> --placement-strategy type=spread,field=attribute:ecs.availability-zone (EC2) or --network-configuration "awsvpcConfiguration={subnets=[subnet-a,subnet-c]}" (Fargate)',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html',
    references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html'],
    tags: ['resilience', 'containers'],
  },
  options,
  appliesTo: ['ecs.service'],
  check(service, ctx) {
    const { graph } = ctx;
    const { minAzs } = ctx.tier.requirements.ecs;
    if (minAzs < 2) return;
    const base = { minAzs };
    if (service.props.schedulingStrategy === 'DAEMON') return;
    const capacity = capacityOf(service, graph);
    if ('reason' in capacity) {
      const prop = isUnknown(service.props.launchType) ? 'launchType' : 'capacityProviderStrategy';
      ctx.unknown('cannotTell', { ...base, reasons: capacity.reason }, { prop, evidence: { expected: { minAzs }, actual: null } });
      return;
    }
    // Which placement mechanisms the service uses.
    let ec2 = false;
    let fargate = false;
    const doubts: string[] = [];
    if ('launchType' in capacity) {
      if (capacity.launchType === 'EXTERNAL') return;
      if (capacity.launchType === 'FARGATE') fargate = true;
      else ec2 = true;
    } else {
      for (const item of capacity.strategy) {
        if (isUnknown(item.provider)) doubts.push(`capacity provider: ${item.provider.reason}`);
        else if (typeof item.provider === 'string' && isFargateProvider(item.provider)) fargate = true;
        else if (typeof item.provider === 'string') ec2 = true;
      }
    }
    const how: string[] = [];
    const fails: string[] = [];
    let failOn: 'placement' | 'subnets' | undefined;
    let unknownOn: 'placement' | 'subnets' | 'capacity' | undefined = doubts.length ? 'capacity' : undefined;
    const capacityText = 'launchType' in capacity ? `${capacity.launchType} launch type${capacity.from === 'default' ? ' (no launch type or capacity provider strategy: the ECS default)' : ''}` : `capacity provider strategy${capacity.from === 'cluster' ? ` (the default of ${capacity.cluster!.address})` : ''}`;

    let subnetAzs: string[] | null = null;
    if (ec2) {
      const ps = service.props.placementStrategies;
      if (isUnknown(ps)) { doubts.push(`placement strategies: ${ps.reason}`); unknownOn ??= 'placement'; }
      else {
        const r = spreadsOverAzs(ps ?? []);
        if (r === true) how.push(`EC2 capacity: spread on ${AZ_ATTRIBUTE}`);
        else if (r === false) {
          const written = (ps ?? []).map((p) => `${String(p.type)}${p.field ? `(${String(p.field)})` : ''}`).join(', ');
          fails.push(`${capacityText} without a spread on ${AZ_ATTRIBUTE} (${written ? `placement: ${written}` : 'no placement strategy'})`);
          failOn = 'placement';
        } else { doubts.push(r); unknownOn ??= 'placement'; }
      }
    }
    if (fargate && ctx.options.checkFargateSubnets) {
      const azs = subnetAzsOf(service, graph);
      if ('reason' in azs) { doubts.push(`Fargate subnets: ${azs.reason}`); unknownOn ??= 'subnets'; }
      else {
        subnetAzs = azs.azs;
        const span = azs.min === azs.max ? `${azs.min}` : `${azs.min}–${azs.max}`;
        if (azs.max < minAzs) {
          fails.push(`Fargate subnets span ${span} AZ(s) (${azs.azs.join(', ')}) < ${minAzs}`);
          failOn ??= 'subnets';
        } else if (azs.min < minAzs) {
          doubts.push(`Fargate subnets span ${span} AZs (${azs.azs.join(', ')}): ${azs.doubts.join('; ')}`);
          unknownOn ??= 'subnets';
        } else how.push(`Fargate subnets in ${azs.min} AZs (${azs.azs.join(', ')})`);
      }
    }
    const evidence = {
      expected: { minAzs, ...(ec2 ? { placement: `spread(${AZ_ATTRIBUTE})` } : {}) },
      actual: { capacity: capacityText, ...(subnetAzs ? { azs: subnetAzs } : {}) },
    };
    const at = (on: string | undefined): At => {
      if (on === 'placement') return { prop: 'placementStrategies', evidence };
      if (on === 'subnets') {
        const edge = graph.outgoing(service.id, 'in-subnet')[0];
        const attribute = edge?.attribute ?? service.unresolved.find((u) => u.edge === 'in-subnet')?.attribute;
        return { evidence: attribute ? { attribute, ...evidence } : evidence, ...(edge?.location ? { location: edge.location } : {}) };
      }
      if (!('launchType' in capacity) && capacity.from === 'cluster') return { locationOf: { resource: capacity.cluster as AnyResource, prop: 'defaultCapacityProviderStrategy' }, evidence };
      return { prop: 'launchType' in capacity ? 'launchType' : 'capacityProviderStrategy', evidence };
    };
    if (fails.length) ctx.fail('noSpread', { ...base, problems: fails.join('; ') + (doubts.length ? `; not checked: ${doubts.join('; ')}` : '') }, at(failOn));
    else if (doubts.length) ctx.unknown('cannotTell', { ...base, reasons: doubts.join('; ') }, at(unknownOn));
    else if (how.length) ctx.pass('spreads', { ...base, how: how.join('; ') }, at(ec2 ? 'placement' : 'subnets'));
  },
});
