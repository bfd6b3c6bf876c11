/**
 * The recovery table: how AWS brings a workload back after a failure, with
 * the RTO and RPO AWS documents for it and where. A behaviour without a
 * documented figure has none: the simulation then says `unknown`, never
 * `met`. The policy's `recovery:` section can override any figure; the
 * source then names the policy file and line.
 */
import type { RecoveryAssumption, RecoveryFigure } from './failure-types.js';

export type RecoveryBehaviourId =
  | 'rds-multi-az-instance-failover'
  | 'rds-multi-az-cluster-failover'
  | 'aurora-replica-failover'
  | 'aurora-instance-recreate'
  | 'aurora-storage'
  | 'docdb-replica-failover'
  | 'docdb-instance-recreate'
  | 'docdb-storage'
  | 'ecs-reschedule'
  | 'elb-zone-removal'
  | 'ec2-asg-replace'
  | 'lambda-multi-az'
  | 'stateless'
  | 'pitr-restore'
  | 'no-backups'
  | 'no-recovery'
  | 'aurora-global-failover'
  | 'aurora-global-switchover'
  | 'cross-region-backup-copy'
  | 'dr-backup-restore'
  | 'dr-pilot-light'
  | 'dr-warm-standby'
  | 'dr-active-active'
  | 'dynamodb-regional'
  | 'dynamodb-global-table'
  | 'opensearch-zone-awareness'
  | 'msk-multi-az'
  | 'efs-regional'
  | 'efs-one-zone-az-loss'
  | 'elasticache-multi-az-failover'
  | 'memorydb-multi-az-failover'
  | 'cache-node-replace'
  | 'memorydb-node-replace'
  | 'elasticache-snapshot-restore'
  | 'elasticache-serverless';

export interface RecoveryBehaviour extends RecoveryAssumption {
  behaviour: RecoveryBehaviourId;
  /** What the figures mean, and why one is missing. */
  note: string;
}

const RDS_MULTI_AZ = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html';
const RDS_MAZ_CLUSTER = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts-failover.html';
const AURORA_HA = 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html';
const ECS_SCHEDULER = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html';
const ELB_ZONES = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer';
const ELB_DNS = 'https://repost.aws/knowledge-center/elb-dns-cross-zone-balance-configuration';
const ASG_AZ = 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-availability-zone-balanced.html';
const LAMBDA_RESILIENCE = 'https://docs.aws.amazon.com/lambda/latest/dg/security-resilience.html';
const RDS_PITR = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html';
const RDS_BACKUPS = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html';
const GLOBAL_FAILOVER = 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_FailoverGlobalCluster.html';
const GLOBAL_DB = 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html';
const BACKUP_COPY = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html';
const DDB_GLOBAL_GUIDE = 'https://docs.aws.amazon.com/prescriptive-guidance/latest/dynamodb-global-tables/overview.html';
const DDB_GLOBAL_TABLES = 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html';
const OPENSEARCH_MULTI_AZ = 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html';
const MSK_BEST_PRACTICES = 'https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html';
const DOCDB_FAULT_TOLERANCE = 'https://docs.aws.amazon.com/documentdb/latest/developerguide/db-cluster-fault-tolerance.html';
const EFS_DURABILITY = 'https://docs.aws.amazon.com/efs/latest/ug/availability-durability.html';
const ELASTICACHE_MULTI_AZ = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html';
const ELASTICACHE_BACKUPS = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html';
const MEMORYDB_MULTI_AZ = 'https://docs.aws.amazon.com/memorydb/latest/devguide/autofailover.html';
const MEMORYDB_FAILURES = 'https://docs.aws.amazon.com/memorydb/latest/devguide/faulttolerance.html';
const CATALOGUE_DR = 'docs/requirements.md#dr--disaster-recovery-strategies-for-rtorpo-estimation (AWS Well-Architected, "Disaster recovery options in the cloud")';

/** Built-in figures, each checked against the AWS page it cites. */
export const RECOVERY_TABLE: readonly RecoveryBehaviour[] = [
  {
    behaviour: 'rds-multi-az-instance-failover',
    title: 'RDS Multi-AZ DB instance: automatic failover to the synchronous standby in another AZ',
    rtoSeconds: 120,
    rpoSeconds: 0,
    source: RDS_MULTI_AZ,
    note: 'failover times are typically 60–120 s (the upper bound is used); the standby is replicated synchronously, so no committed data is lost',
  },
  {
    behaviour: 'rds-multi-az-cluster-failover',
    title: 'RDS Multi-AZ DB cluster: automatic failover to a readable standby',
    rtoSeconds: 35,
    rpoSeconds: 0,
    source: RDS_MAZ_CLUSTER,
    note: 'failover times are typically under 35 s; it completes once both readers applied the outstanding transactions',
  },
  {
    behaviour: 'aurora-replica-failover',
    title: 'Aurora: promotion of a replica in a surviving AZ to writer',
    rtoSeconds: 60,
    rpoSeconds: 0,
    source: AURORA_HA,
    note: 'service is typically restored in less than 60 s (often less than 30 s); the data is on the shared cluster volume, so nothing committed is lost',
  },
  {
    behaviour: 'aurora-instance-recreate',
    title: 'Aurora without a replica left: a new primary instance is created',
    rtoSeconds: 600,
    rpoSeconds: 0,
    source: AURORA_HA,
    note: 'without an Aurora Replica the primary is recreated, which typically takes less than 10 minutes; the cluster volume keeps the data',
  },
  {
    behaviour: 'aurora-storage',
    title: 'Aurora cluster volume: six copies across three AZs',
    rpoSeconds: 0,
    source: AURORA_HA,
    note: 'writes are replicated synchronously to six storage nodes across AZs: the loss of one AZ loses no committed data (no RTO of its own: the instances decide)',
  },
  {
    behaviour: 'docdb-replica-failover',
    title: 'Amazon DocumentDB: promotion of a replica in a surviving AZ to primary',
    rtoSeconds: 120,
    rpoSeconds: 0,
    source: DOCDB_FAULT_TOLERANCE,
    note: 'service is typically restored in less than 120 s (often less than 60 s; the promotion itself typically under 30 s; the upper bound is used); the cluster volume is shared, so nothing committed is lost',
  },
  {
    behaviour: 'docdb-instance-recreate',
    title: 'Amazon DocumentDB without a replica left: a new primary instance is created',
    rpoSeconds: 0,
    source: DOCDB_FAULT_TOLERANCE,
    note: 'without a replica a new primary instance is created, which "can take a few minutes": AWS gives no figure, so there is none here; the cluster volume keeps the data',
  },
  {
    behaviour: 'docdb-storage',
    title: 'Amazon DocumentDB cluster volume: a copy in each AZ of the Region',
    rpoSeconds: 0,
    source: DOCDB_FAULT_TOLERANCE,
    note: 'the cluster volume spans multiple AZs with a copy in each, so the loss of one AZ loses no data (no RTO of its own: the instances decide)',
  },
  {
    behaviour: 'ecs-reschedule',
    title: 'ECS service scheduler: replaces stopped tasks, in the AZs that are left',
    rpoSeconds: 0,
    source: ECS_SCHEDULER,
    note: 'the service scheduler keeps the desired count by starting tasks where capacity is left; AWS documents no replacement time, so there is no RTO figure',
  },
  {
    behaviour: 'elb-zone-removal',
    title: 'Elastic Load Balancing: the nodes in the zones left keep serving; a zone without healthy targets leaves the DNS answer',
    rpoSeconds: 0,
    source: `${ELB_ZONES}; ${ELB_DNS}`,
    note: 'ELB runs a node in each zone it is enabled in and puts a node\'s address in its DNS answer only while its zone is healthy; AWS documents no time for taking a lost zone out of DNS, so there is no RTO figure. A load balancer keeps no data',
  },
  {
    behaviour: 'ec2-asg-replace',
    title: 'EC2 Auto Scaling: launches replacements in the group\'s other AZs, then rebalances',
    source: ASG_AZ,
    note: 'when an AZ becomes unhealthy or unavailable, Amazon EC2 Auto Scaling launches new instances in an unaffected AZ of the group and rebalances once the AZ is back; AWS documents no launch time (no RTO figure), and what the lost instances kept on their own disks is not the group\'s to recover (no RPO figure)',
  },
  {
    behaviour: 'lambda-multi-az',
    title: 'Lambda: runs a function in several AZs (a VPC function in the AZs of its subnets)',
    rtoSeconds: 0,
    rpoSeconds: 0,
    source: LAMBDA_RESILIENCE,
    note: 'Lambda runs a function in multiple AZs so that it keeps processing events when one zone is interrupted; a function attached to a VPC can only use the AZs of its subnets. Functions keep no durable state in their execution environments',
  },
  {
    behaviour: 'stateless',
    title: 'Stateless compute keeps no data of its own',
    rpoSeconds: 0,
    source: ECS_SCHEDULER,
    note: 'an ECS task keeps its state in the services it calls; losing tasks loses no data',
  },
  {
    behaviour: 'pitr-restore',
    title: 'Point-in-time restore from automated backups (a new DB instance or cluster)',
    rpoSeconds: 300,
    source: RDS_PITR,
    note: 'the latest restorable time is typically within the last five minutes; the restore time depends on the data size and AWS gives no figure, so there is no RTO',
  },
  {
    behaviour: 'no-backups',
    title: 'Automated backups off (retention 0): no point-in-time restore',
    source: RDS_BACKUPS,
    note: 'with a backup retention of 0 there is nothing to restore: lost data is not recoverable, whatever the target',
  },
  {
    behaviour: 'no-recovery',
    title: 'No automatic recovery: back only when the failed domain is',
    source: 'resilint: nothing in the scanned configuration recovers it',
    note: 'no standby, replica, or capacity in another domain: it stays down for as long as the domain does',
  },
  {
    behaviour: 'aurora-global-failover',
    title: 'Aurora Global Database: failover to a secondary Region (unplanned)',
    rtoSeconds: 900,
    rpoSeconds: 1,
    source: `${GLOBAL_DB}; ${GLOBAL_FAILOVER}; ${CATALOGUE_DR}`,
    note: 'replication to secondary Regions is typically under a second (RPO); a failover may lose what was not yet replicated. RTO: the catalogue\'s "manual regional failover within 15 min"',
  },
  {
    behaviour: 'aurora-global-switchover',
    title: 'Aurora Global Database: switchover (planned, no data loss)',
    rpoSeconds: 0,
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_SwitchoverGlobalCluster.html',
    note: 'secondaries are synchronised before the roles change, so no data is lost; the database is unavailable for "a short time", with no figure',
  },
  {
    behaviour: 'cross-region-backup-copy',
    title: 'Backups copied to another Region (RDS automated backup replication, AWS Backup copy)',
    source: BACKUP_COPY,
    note: 'RPO = the longest gap between two runs of the copying rule (from its schedule) plus the copy time, which AWS does not document (size-dependent): the gap is a lower bound, so an RPO target below it is breached and one above it is unknown. RTO = a restore from the copied snapshot in the other Region: size-dependent, AWS gives no figure, so the DR strategy "backup & restore" (hours to a day) applies',
  },
  {
    behaviour: 'dr-backup-restore',
    title: 'DR strategy: backup & restore',
    rtoSeconds: 86_400,
    rpoSeconds: 86_400,
    source: CATALOGUE_DR,
    note: 'RPO 24 h, RTO hours to a day (the upper bound is used)',
  },
  {
    behaviour: 'dr-pilot-light',
    title: 'DR strategy: pilot light',
    rtoSeconds: 14_400,
    rpoSeconds: 14_400,
    source: CATALOGUE_DR,
    note: 'RPO 1–4 h, RTO 1–4 h (the upper bounds are used)',
  },
  {
    behaviour: 'dr-warm-standby',
    title: 'DR strategy: warm standby',
    rtoSeconds: 1_800,
    rpoSeconds: 300,
    source: CATALOGUE_DR,
    note: 'RPO 5 min, RTO 30 min',
  },
  {
    behaviour: 'dr-active-active',
    title: 'DR strategy: multi-site active/active',
    rtoSeconds: 0,
    rpoSeconds: 0,
    source: CATALOGUE_DR,
    note: 'RPO ~0, RTO ~0',
  },
  {
    behaviour: 'dynamodb-regional',
    title: 'DynamoDB table: a Regional service, resilient to the loss of an AZ',
    rtoSeconds: 0,
    rpoSeconds: 0,
    source: DDB_GLOBAL_GUIDE,
    note: 'AWS: DynamoDB without global tables is "intrinsically resilient to failures of infrastructure, including the failure of an entire Availability Zone"',
  },
  {
    behaviour: 'dynamodb-global-table',
    title: 'DynamoDB global table: traffic shifted to a replica in another Region',
    source: `${DDB_GLOBAL_TABLES}; ${DDB_GLOBAL_GUIDE}`,
    note: 'every replica takes reads and writes; the application (not DynamoDB) moves traffic, so there is no RTO figure. Replication is asynchronous (multi-Region eventual consistency) and AWS gives no figure ("low or zero RPO"), so there is no RPO figure either',
  },
  {
    behaviour: 'opensearch-zone-awareness',
    title: 'OpenSearch zone-aware domain: serves from the AZs left; replica shards promoted, lost nodes replaced',
    source: OPENSEARCH_MULTI_AZ,
    note: 'with zone awareness, OpenSearch Service allocates nodes and replica shards across AZs and replaces nodes lost with an AZ; AWS gives no recovery time for a domain without standby (no RTO figure), and a shard keeps its data only if the index has a replica (an index setting, not configuration: no RPO figure)',
  },
  {
    behaviour: 'msk-multi-az',
    title: 'Amazon MSK: brokers spread over the client subnets\' AZs; partition leaders move to in-sync replicas in the AZs left',
    source: MSK_BEST_PRACTICES,
    note: 'Kafka elects a new leader among the in-sync replicas of each partition led by a lost broker; AWS documents no failover time (no RTO figure), and what an acknowledged write keeps depends on the producer acks and min.insync.replicas (no RPO figure)',
  },
  {
    behaviour: 'efs-regional',
    title: 'EFS Regional file system: data stored redundantly across AZs',
    rtoSeconds: 0,
    rpoSeconds: 0,
    source: `${EFS_DURABILITY}; https://docs.aws.amazon.com/efs/latest/ug/disaster-recovery-resiliency.html`,
    note: 'AWS: Regional file systems provide "continuous availability to the data, even when one or more Availability Zones in an AWS Region are unavailable"; a write is durable across AZs once synced or closed. Clients still need a mount target in a surviving AZ',
  },
  {
    behaviour: 'efs-one-zone-az-loss',
    title: 'EFS One Zone file system: its AZ lost',
    source: EFS_DURABILITY,
    note: 'AWS: data of a One Zone file system "might be lost" with its AZ; it is unavailable while the AZ is, and recovered only by restoring a backup (automatic for One Zone unless turned off) into a new file system. No documented time, so no RTO or RPO figure',
  },
  {
    behaviour: 'elasticache-multi-az-failover',
    title: 'ElastiCache Multi-AZ with automatic failover: a replica in another AZ is promoted to primary',
    source: ELASTICACHE_MULTI_AZ,
    note: 'the primary role fails over to a read replica and the primary endpoint follows it (DNS); AWS says the downtime is "minimized" but gives no figure (no RTO figure). Replication to replicas is asynchronous: writes not yet replicated are lost, and AWS gives no figure (no RPO figure)',
  },
  {
    behaviour: 'memorydb-multi-az-failover',
    title: 'MemoryDB Multi-AZ: failover to a replica consistent with the Multi-AZ transaction log',
    rpoSeconds: 0,
    source: `${MEMORYDB_MULTI_AZ}; ${MEMORYDB_FAILURES}`,
    note: 'MemoryDB fails over to a replica only once it is consistent with the failed primary ("no data is lost during node replacements or failover"); AWS gives no failover time (no RTO figure)',
  },
  {
    behaviour: 'cache-node-replace',
    title: 'ElastiCache node without a replica to fail over to: back when a new node is created',
    source: ELASTICACHE_MULTI_AZ,
    note: 'without Multi-AZ failover (or a replica in another AZ) a lost primary is replaced by a new node, which is "much slower" than a failover and has no documented time (no RTO figure); the new node starts empty unless restored from a backup',
  },
  {
    behaviour: 'memorydb-node-replace',
    title: 'MemoryDB single-node shard: writes stop until the node is replaced and synced from the transaction log',
    rpoSeconds: 0,
    source: MEMORYDB_MULTI_AZ,
    note: 'the Multi-AZ transaction log keeps every acknowledged write, so no data is lost; AWS gives no replacement time (no RTO figure)',
  },
  {
    behaviour: 'elasticache-snapshot-restore',
    title: 'ElastiCache automatic backups: restore of the last daily snapshot',
    rpoSeconds: 86_400,
    source: ELASTICACHE_BACKUPS,
    note: 'automatic backups are taken once a day (in the backup window): what was written since the last one is lost (the upper bound is used); the restore time depends on the data size and has no figure (no RTO)',
  },
  {
    behaviour: 'elasticache-serverless',
    title: 'ElastiCache Serverless: AWS replicates the cache over several AZs',
    rtoSeconds: 0,
    rpoSeconds: 0,
    source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/WhatIs.deployment.html',
    note: 'AWS: ElastiCache Serverless "automatically stores data redundantly across three Availability Zones"; there are no nodes to place, so the loss of one AZ leaves it serving',
  },
];

export const RECOVERY_BEHAVIOURS: readonly RecoveryBehaviourId[] = RECOVERY_TABLE.map((b) => b.behaviour);

/** A policy override of one behaviour's figures. */
export interface RecoveryOverride {
  rtoSeconds?: number;
  rpoSeconds?: number;
  source?: string;
  /** Where it is written in the policy file. */
  declaredAt?: { line: number; column: number };
}

/** The table as one scan uses it: built-in figures with the policy's overrides applied. */
export class RecoveryTable {
  private readonly byId = new Map<string, RecoveryBehaviour>();

  constructor(overrides: Record<string, RecoveryOverride> = {}, policyFile = 'policy') {
    for (const b of RECOVERY_TABLE) {
      const o = overrides[b.behaviour];
      if (!o) {
        this.byId.set(b.behaviour, { ...b });
        continue;
      }
      const where = `policy ${policyFile}${o.declaredAt ? `:${o.declaredAt.line}` : ''}`;
      const merged: RecoveryBehaviour = { ...b, source: o.source ? `${where} (${o.source})` : where };
      if (o.rtoSeconds !== undefined) merged.rtoSeconds = o.rtoSeconds;
      if (o.rpoSeconds !== undefined) merged.rpoSeconds = o.rpoSeconds;
      merged.note = `${b.note}; overridden by the policy (built-in: RTO ${b.rtoSeconds ?? 'none'}, RPO ${b.rpoSeconds ?? 'none'}, ${b.source})`;
      this.byId.set(b.behaviour, merged);
    }
  }

  get(id: RecoveryBehaviourId): RecoveryBehaviour {
    return this.byId.get(id)!;
  }

  rto(id: RecoveryBehaviourId, note?: string): RecoveryFigure {
    return this.figure(id, 'rtoSeconds', note);
  }

  rpo(id: RecoveryBehaviourId, note?: string): RecoveryFigure {
    return this.figure(id, 'rpoSeconds', note);
  }

  private figure(id: RecoveryBehaviourId, key: 'rtoSeconds' | 'rpoSeconds', note?: string): RecoveryFigure {
    const b = this.get(id);
    const f: RecoveryFigure = { behaviour: id, source: b.source, note: note ? `${note}; ${b.note}` : b.note };
    const s = b[key];
    if (s !== undefined) f.seconds = s;
    return f;
  }

  /** The assumptions block of the result: every behaviour with its figures and source. */
  assumptions(): RecoveryAssumption[] {
    return [...this.byId.values()].map((b) => {
      const a: RecoveryAssumption = { behaviour: b.behaviour, title: b.title, source: b.source };
      if (b.rtoSeconds !== undefined) a.rtoSeconds = b.rtoSeconds;
      if (b.rpoSeconds !== undefined) a.rpoSeconds = b.rpoSeconds;
      return a;
    });
  }
}
