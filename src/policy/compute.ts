import type { ComputeRequirements, TierRequirements } from './types.js';

/**
 * COMPUTE-*: a tier's compute numbers. A tier defined without them (a
 * custom tier) takes them from its ECS numbers, so an undefined block never
 * asks less than the tier asks of containers.
 */
export function computeRequirements(tier: TierRequirements): ComputeRequirements {
  const { minTasks, minAzs } = tier.ecs;
  const derived = { minAzs, minInstances: minTasks, allowStandalone: minAzs < 2 && minTasks < 2, elbHealthCheck: minAzs >= 2 };
  // A new tier may give only some of the numbers: the rest are derived.
  return { ...derived, ...tier.compute };
}
