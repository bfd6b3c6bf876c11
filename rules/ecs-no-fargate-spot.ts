import type { JSONSchemaType } from 'ajv';
import { defineRule, type At } from '../src/engine/rule.js';
import type { AnyResource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';
import { capacityOf, carries } from '../src/analysis/ecs-capacity.js';
import { ecsPractices } from '../src/policy/ecs.js';

interface Options {
  spotProviders: string[];
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    spotProviders: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: ['FARGATE_SPOT'],
      description:
        'Capacity provider names that run interruptible (Spot) capacity. FARGATE_SPOT always; add the names of your own EC2 capacity providers whose Auto Scaling groups run Spot instances.',
    },
  },
  required: ['spotProviders'],
};

const messages = {
  onDemand: '{{name}} runs on {{capacity}}: no Spot capacity; tier {{tier}} does not allow Spot',
  spot: '{{name}} places tasks on Spot capacity ({{items}}) through {{capacity}}: Spot tasks are stopped at two minutes\' notice when AWS reclaims the capacity; tier {{tier}} does not allow Spot',
  cannotTell: '{{name}}: cannot tell whether it runs on Spot capacity (tier {{tier}} does not allow it): {{reason}}',
};

export default defineRule({
  id: 'ecs-no-fargate-spot',
  meta: {
    title: 'Critical ECS services do not run on Fargate Spot',
    // Spot interruptions take tasks away at AWS's choosing, all at once when a pool is reclaimed.
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['ECS-SPOT'],
    tierSettings: ['ecs.allowSpot'],
    rationale:
      'ECS-SPOT: Fargate Spot (and EC2 Spot behind a capacity provider) may be reclaimed with two minutes\' notice, and reclaims come in waves that can stop most of a service\'s tasks at once. ' +
      'Critical services (ecs.allowSpot false) must carry no Spot weight or base in the capacity provider strategy that places them: the service\'s own strategy, else its cluster\'s default strategy ' +
      '(aws_ecs_cluster_capacity_providers.default_capacity_provider_strategy, AWS::ECS::ClusterCapacityProviderAssociations, AWS::ECS::Cluster DefaultCapacityProviderStrategy). A FARGATE_SPOT item with weight 0 and base 0 places nothing and passes.',
    remediation: {
      terraform: 'aws_ecs_service: capacity_provider_strategy { capacity_provider = "FARGATE" weight = 1 } only (or launch_type = "FARGATE"); move FARGATE_SPOT to non-critical services.',
      cloudformation: 'AWS::ECS::Service: CapacityProviderStrategy: [{ CapacityProvider: FARGATE, Weight: 1 }] (or LaunchType: FARGATE).',
      console: 'ECS console → Cluster → Service → Update → Compute configuration: capacity provider strategy with FARGATE only (force a new deployment).',
      cli: 'aws ecs update-service --cluster <cluster> --service <service> --capacity-provider-strategy capacityProvider=FARGATE,weight=1 --force-new-deployment',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html',
    tags: ['resilience', 'containers', 'cost'],
  },
  options,
  appliesTo: ['ecs.service'],
  check(service, ctx) {
    if (ecsPractices(ctx.tier.requirements).allowSpot) return;
    const spotNames = new Set(ctx.options.spotProviders);
    const capacity = capacityOf(service, ctx.graph);
    const expected = { spot: false };
    if ('reason' in capacity) {
      const prop = isUnknown(service.props.launchType) ? 'launchType' : 'capacityProviderStrategy';
      ctx.unknown('cannotTell', { reason: capacity.reason }, { prop, evidence: { expected, actual: null } });
      return;
    }
    if ('launchType' in capacity) {
      // A launch type never places tasks on Spot (EC2 Spot comes only through capacity providers).
      const text = `the ${capacity.launchType} launch type${capacity.from === 'default' ? ' (the ECS default: no strategy of its own or its cluster\'s)' : ''}`;
      ctx.pass('onDemand', { capacity: text }, { prop: capacity.from === 'service' ? 'launchType' : 'capacityProviderStrategy', evidence: { expected, actual: { launchType: capacity.launchType } } });
      return;
    }
    const text = capacity.from === 'cluster' ? `the default capacity provider strategy of ${capacity.cluster!.address}` : 'its capacity provider strategy';
    const at: At =
      capacity.from === 'cluster'
        ? { locationOf: { resource: capacity.cluster as AnyResource, prop: 'defaultCapacityProviderStrategy' } }
        : { prop: 'capacityProviderStrategy' };
    const spot: string[] = [];
    const doubts: string[] = [];
    for (const item of capacity.strategy) {
      if (isUnknown(item.provider)) {
        doubts.push(`capacity provider: ${item.provider.reason}`);
        continue;
      }
      if (typeof item.provider !== 'string' || !spotNames.has(item.provider)) continue;
      const c = carries(item);
      if (c === true) spot.push(`${item.provider} weight ${item.weight ?? 0}, base ${item.base ?? 0}`);
      else if (isUnknown(c)) doubts.push(`${item.provider} weight or base: ${c.reason}`);
    }
    const evidence = { expected, actual: { strategy: capacity.strategy.map((i) => ({ provider: i.provider ?? null, weight: i.weight ?? 0, base: i.base ?? 0 })), from: capacity.from } };
    if (spot.length) ctx.fail('spot', { items: spot.join('; '), capacity: text }, { ...at, evidence });
    else if (doubts.length) ctx.unknown('cannotTell', { reason: doubts.join('; ') }, { ...at, evidence });
    else ctx.pass('onDemand', { capacity: text }, { ...at, evidence });
  },
});
