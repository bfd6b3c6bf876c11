import type { FileSystemRequirements, TierRequirements } from './types.js';

/**
 * EFS-*: a tier's file system numbers. A tier defined without them (a custom
 * tier) takes them from its ECS spread, so an undefined block never asks
 * less of its files than the tier asks of the containers mounting them.
 */
export function fileSystemRequirements(tier: TierRequirements): FileSystemRequirements {
  const { minAzs } = tier.ecs;
  const derived = { allowOneZone: minAzs < 2, minAzs, backups: minAzs >= 2 };
  return { ...derived, ...tier.fileSystem };
}
