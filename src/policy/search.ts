import type { SearchRequirements, StreamRequirements, TierRequirements } from './types.js';

/**
 * SEARCH-*: a tier's OpenSearch numbers. A tier defined without them (a
 * custom tier) takes its AZ spread from its ECS numbers, so an undefined
 * block never asks less spread than the tier asks of containers.
 */
export function searchRequirements(tier: TierRequirements): SearchRequirements {
  const derived: SearchRequirements = { minAzs: tier.ecs.minAzs, dedicatedMasters: 0 };
  return { ...derived, ...tier.search };
}

/**
 * STREAM-*: a tier's MSK numbers. Without them, the AZ spread comes from the
 * ECS numbers and the replication bar is what MSK's own default
 * configuration gives a cluster over that many AZs (RF = AZs, min ISR = RF − 1).
 */
export function streamRequirements(tier: TierRequirements): StreamRequirements {
  const minAzs = tier.ecs.minAzs;
  const rf = minAzs >= 2 ? Math.min(minAzs, 3) : 0;
  const derived: StreamRequirements = { minAzs, replicationFactor: rf, minInsyncReplicas: rf >= 2 ? rf - 1 : 0 };
  return { ...derived, ...tier.stream };
}
