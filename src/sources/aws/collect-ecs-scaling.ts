/**
 * Live collection for ECS-SCALE and ECS-CLUSTER: the scaling policies of
 * ECS scalable targets (application-autoscaling:DescribeScalingPolicies,
 * paginated) and the EC2 capacity providers the clusters name
 * (ecs:DescribeCapacityProviders, up to 100 names a call, paginated).
 */
import { paginateDescribeScalingPolicies } from '@aws-sdk/client-application-auto-scaling';
import { DescribeCapacityProvidersCommand } from '@aws-sdk/client-ecs';
import { all, chunks, plain, type Scope, type Step, type UnitContext } from './collect.js';
import { push, type UnitData } from './unit.js';

/** Capacity providers every cluster has without describing them. */
const FARGATE = new Set(['FARGATE', 'FARGATE_SPOT']);

export async function collectScalingPolicies(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  // No scalable target (or none listed): no policy can matter, and none is asked for.
  if (unit.missing.has('scalableTargets')) {
    unit.missing.set('scalingPolicies', unit.missing.get('scalableTargets')!);
    return;
  }
  if (!unit.items.scalableTargets?.length) return;
  const aas = ctx.factory.client('application-autoscaling', scope);
  await step('application-autoscaling:DescribeScalingPolicies', ['scalingPolicies'], async () => {
    const policies = await all(paginateDescribeScalingPolicies({ client: aas, pageSize: 50 }, { ServiceNamespace: 'ecs' }), (p) => p.ScalingPolicies);
    for (const p of policies) push(unit, 'scalingPolicies', plain(p));
  });
}

export async function collectCapacityProviders(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const names = new Set<string>();
  for (const c of unit.items.clusters ?? []) {
    const list = (c.data as { capacityProviders?: unknown }).capacityProviders;
    if (Array.isArray(list)) for (const n of list) if (typeof n === 'string' && !FARGATE.has(n)) names.add(n);
  }
  if (names.size === 0) return;
  const ecs = ctx.factory.client('ecs', scope);
  await step('ecs:DescribeCapacityProviders', ['capacityProviders'], async () => {
    for (const batch of chunks([...names].sort(), 100)) {
      let nextToken: string | undefined;
      do {
        const out = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: batch, ...(nextToken ? { nextToken } : {}) }));
        for (const p of out.capacityProviders ?? []) push(unit, 'capacityProviders', plain(p));
        nextToken = out.nextToken;
      } while (nextToken);
    }
  });
}
