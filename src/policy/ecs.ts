import type { TierRequirements } from './types.js';

/** ECS-SPOT / ECS-HEALTH / ECS-DEPLOY / ECS-SCALE / ECS-CLUSTER settings of a tier, every one decided. */
export interface EcsPractices {
  allowSpot: boolean;
  healthCheck: boolean;
  healthCheckMaxIntervalSeconds?: number;
  circuitBreaker: boolean;
  autoScaling: boolean;
  clusterMinAzs: number;
}

/**
 * A tier's ECS practices. A tier defined without them (a custom tier) takes
 * them from its ECS-AZ number: a tier that asks for a spread over ≥ 2 AZs is
 * a production tier, and asks what the catalogue asks of high.
 */
export function ecsPractices(tier: TierRequirements): EcsPractices {
  const { minAzs } = tier.ecs;
  const production = minAzs >= 2;
  const e = tier.ecs;
  return {
    allowSpot: e.allowSpot ?? !production,
    healthCheck: e.healthCheck ?? production,
    ...(e.healthCheckMaxIntervalSeconds !== undefined ? { healthCheckMaxIntervalSeconds: e.healthCheckMaxIntervalSeconds } : {}),
    circuitBreaker: e.circuitBreaker ?? production,
    autoScaling: e.autoScaling ?? false,
    clusterMinAzs: e.clusterMinAzs ?? minAzs,
  };
}
