import type { Policy, TierRequirements } from './types.js';

/** docs/requirements.md T-DR: region-level disaster recovery, RTO 4 h, RPO 1 h. */
export const DR_REGION_TARGETS = { rtoMinutes: 240, rpoMinutes: 60 } as const;

/** docs/requirements.md, T-CRIT / T-HIGH / T-MED and the ECS/DB/NET numbers per tier. */
export const DEFAULT_TIERS: Record<'critical' | 'high' | 'medium', TierRequirements> = {
  critical: {
    availability: 99.99,
    rtoMinutes: 15,
    rpoMinutes: 5,
    ecs: { minTasks: 2, minAzs: 2, allowSpot: false, healthCheck: true, healthCheckMaxIntervalSeconds: 10, circuitBreaker: true, autoScaling: true, clusterMinAzs: 2 },
    db: { multiAz: true, minAzs: 2, minReplicas: 2, backupRetentionDays: 7, deletionProtection: true, serverlessMinAcu: 0.5, serverlessMaxAcu: 64, serverlessAutoPause: false, proxy: true, globalSecondary: true, snapshotMaxAgeDays: 31, crossRegionBackupCopy: true },
    table: { pointInTimeRecovery: true, globalReplica: true, deletionProtection: true },
    cache: { multiAz: true, minNodesPerShard: 2, minAzs: 2, allowSingleNode: false, snapshotRetentionDays: 7 },
    network: { natPerAz: true, lbMinAzs: 2, lbCrossZone: true, lbHealthCheck: true, tgwMinAzs: 2, vpnMinConnections: 2, vpnMinTunnels: 4, dnsHealthCheck: true, dnsMaxIntervalSeconds: 30, dnsMaxFailureThreshold: 3 },
    fileSystem: { allowOneZone: false, minAzs: 2, backups: true },
    compute: { minAzs: 2, minInstances: 2, allowStandalone: false, elbHealthCheck: true },
    search: { minAzs: 3, dedicatedMasters: 3 },
    stream: { minAzs: 3, replicationFactor: 3, minInsyncReplicas: 2 },
    region: { ...DR_REGION_TARGETS },
  },
  high: {
    availability: 99.95,
    rtoMinutes: 30,
    rpoMinutes: 15,
    ecs: { minTasks: 2, minAzs: 2, allowSpot: true, healthCheck: true, circuitBreaker: true, autoScaling: false, clusterMinAzs: 2 },
    db: { multiAz: true, minAzs: 2, minReplicas: 1, backupRetentionDays: 5, deletionProtection: true, serverlessMinAcu: 0.5, serverlessMaxAcu: 32, serverlessAutoPause: true, proxy: false, globalSecondary: false, snapshotMaxAgeDays: 31, crossRegionBackupCopy: false },
    table: { pointInTimeRecovery: true, globalReplica: false, deletionProtection: true },
    cache: { multiAz: true, minNodesPerShard: 2, minAzs: 2, allowSingleNode: false, snapshotRetentionDays: 1 },
    network: { natPerAz: true, lbMinAzs: 2, lbCrossZone: true, lbHealthCheck: true, tgwMinAzs: 2, vpnMinConnections: 2, vpnMinTunnels: 4, dnsHealthCheck: true, dnsMaxIntervalSeconds: 30, dnsMaxFailureThreshold: 3 },
    fileSystem: { allowOneZone: false, minAzs: 2, backups: true },
    compute: { minAzs: 2, minInstances: 2, allowStandalone: false, elbHealthCheck: true },
    search: { minAzs: 2, dedicatedMasters: 0 },
    stream: { minAzs: 2, replicationFactor: 2, minInsyncReplicas: 1 },
    region: { ...DR_REGION_TARGETS },
  },
  medium: {
    availability: 99.9,
    rtoMinutes: 60,
    rpoMinutes: 30,
    ecs: { minTasks: 1, minAzs: 1, allowSpot: true, healthCheck: false, circuitBreaker: false, autoScaling: false, clusterMinAzs: 1 },
    db: { multiAz: false, minAzs: 1, minReplicas: 0, backupRetentionDays: 1, deletionProtection: false, serverlessMinAcu: 0.5, serverlessMaxAcu: 16, serverlessAutoPause: true, proxy: false, globalSecondary: false, crossRegionBackupCopy: false },
    table: { pointInTimeRecovery: false, globalReplica: false, deletionProtection: false },
    cache: { multiAz: false, minNodesPerShard: 1, minAzs: 1, allowSingleNode: true, snapshotRetentionDays: 0 },
    network: { natPerAz: false, lbMinAzs: 1, lbCrossZone: false, lbHealthCheck: true, tgwMinAzs: 1, vpnMinConnections: 1, vpnMinTunnels: 2, dnsHealthCheck: true, dnsMaxIntervalSeconds: 30, dnsMaxFailureThreshold: 3 },
    fileSystem: { allowOneZone: true, minAzs: 1, backups: false },
    compute: { minAzs: 1, minInstances: 1, allowStandalone: true, elbHealthCheck: false },
    search: { minAzs: 1, dedicatedMasters: 0 },
    stream: { minAzs: 1, replicationFactor: 0, minInsyncReplicas: 0 },
    region: { ...DR_REGION_TARGETS },
  },
};

export function defaultPolicy(): Policy {
  return {
    version: 1,
    source: 'built-in',
    defaultTier: 'medium',
    tagKeys: ['tier', 'availability-tier'],
    tiers: structuredClone(DEFAULT_TIERS),
    assignments: [],
    accountTiers: [],
    rules: {},
    suppressions: [],
    dependencies: [],
    inheritance: [],
  };
}
