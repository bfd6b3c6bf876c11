import type { CacheRequirements, TierRequirements } from './types.js';

/**
 * CACHE-*: a tier's cache numbers. A tier defined without them (a custom
 * tier) takes them from its database numbers, so an undefined block never
 * asks less of a cache than the tier asks of a database: Multi-AZ and the
 * AZ spread as for databases, a replica per shard when Multi-AZ is
 * required, and the database backup retention as the snapshot retention.
 */
export function cacheRequirements(tier: TierRequirements): CacheRequirements {
  const { multiAz, minAzs, backupRetentionDays } = tier.db;
  const derived: CacheRequirements = { multiAz, minAzs, minNodesPerShard: multiAz ? 2 : 1, allowSingleNode: !multiAz, snapshotRetentionDays: backupRetentionDays };
  // A new tier may give only some of the numbers: the rest are derived.
  return { ...derived, ...tier.cache };
}
