import type { Maybe, Unknown } from './values.js';

/** Where something was written: a position in an IaC file. Lines and columns are 1-based. */
export interface SourceLocation {
  /** Relative to the scan root, with `/` separators. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** The built-in sources, or the name of a source registered through `ScanOptions.sources`. */
export type SourceKind = 'terraform' | 'terraform-plan' | 'cloudformation' | 'aws' | (string & {});

/** Where a resource came from: a file position for IaC, an ARN in an account and region for live resources. */
export interface Provenance {
  source: SourceKind;
  /** The resource's header (block label, logical id). Absent for live resources. */
  location?: SourceLocation;
  /** Module path (Terraform) or stack path (CloudFormation) the resource is declared in; empty for the root. */
  modulePath?: string[];
  arn?: string;
  accountId?: string;
  accountName?: string;
  /** Tags of the account (live sources), for tier mapping. */
  accountTags?: Record<string, string>;
  /** OU ids from the root down to the account's parent (live sources). */
  ouPath?: string[];
  /** Names of the same OUs (policy `ou` entries may name an OU instead of its id). */
  ouNames?: string[];
  region?: string;
}

/** Normalized kinds. A rule never sees a native type, only these (see docs/architecture.md). */
export type ResourceKind =
  | 'db.instance'
  | 'db.cluster'
  | 'db.global-cluster'
  | 'db.subnet-group'
  | 'db.proxy'
  | 'db.table'
  | 'cache.replication-group'
  | 'cache.cluster'
  | 'ecs.cluster'
  | 'ecs.service'
  | 'ecs.task'
  | 'ecs.task-definition'
  | 'autoscaling.target'
  | 'autoscaling.policy'
  | 'network.vpc'
  | 'network.subnet'
  | 'network.nat-gateway'
  | 'network.route-table'
  | 'network.tgw-attachment'
  | 'network.vpn-connection'
  | 'dns.record'
  | 'dns.health-check'
  | 'lb.load-balancer'
  | 'lb.target-group'
  | 'compute.instance'
  | 'compute.autoscaling-group'
  | 'function'
  | 'backup.plan'
  | 'search.domain'
  | 'stream.cluster'
  | 'storage.file-system'
  | 'account'
  | 'region';

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'db.instance', 'db.cluster', 'db.global-cluster', 'db.subnet-group', 'db.proxy',
  'db.table',
  'ecs.cluster', 'ecs.service', 'ecs.task', 'ecs.task-definition', 'autoscaling.target', 'autoscaling.policy',
  'cache.replication-group', 'cache.cluster',
  'network.vpc', 'network.subnet', 'network.nat-gateway', 'network.route-table', 'network.tgw-attachment', 'network.vpn-connection',
  'dns.record', 'dns.health-check',
  'lb.load-balancer', 'lb.target-group',
  'compute.instance', 'compute.autoscaling-group', 'function',
  'backup.plan',
  'search.domain', 'stream.cluster',
  'storage.file-system',
  'account', 'region',
];

/**
 * Edge kinds. Direction reads as a sentence: `service --in-subnet--> subnet`,
 * `instance --member-of--> cluster`, `route-table --routes-via--> nat-gateway`,
 * `subnet --uses-route-table--> route-table`, `scaling-target --scales--> service`.
 */
export type EdgeKind =
  | 'in-subnet'
  | 'in-az'
  | 'in-vpc'
  | 'member-of'
  | 'replica-of'
  | 'routes-via'
  | 'uses-route-table'
  | 'scales'
  | 'in-cluster'
  | 'runs-in'
  | 'fronts'
  | 'depends-on'
  | 'in-account'
  /**
   * `service --registers-with--> target-group`: the service's tasks are the
   * group's targets (ECS `load_balancer` / `LoadBalancers`; an instance or
   * IP written in a target group attachment is not a graph node).
   */
  | 'registers-with'
  /**
   * `load-balancer --forwards-to--> target-group`: a listener's default
   * action or a listener rule forwards (plain or weighted) to the group.
   * Listeners are not nodes: `data` names the listener (`listener`), its
   * `port` and `protocol`, the rule (`rule`) and the `weight` when given.
   */
  | 'forwards-to'
  /** service → the task definition it runs. */
  | 'uses-task-definition'
  /** task definition → a database, proxy or cache a container's environment or secret names. */
  | 'connects-to'
  /** task definition (a volume) or Lambda function (through an access point) → the EFS file system it mounts. */
  | 'mounts'
  /** service → a database its security groups may reach (an ingress rule): reachability, not proof of use. */
  | 'may-reach'
  /**
   * `cluster --uses-capacity--> autoscaling-group`: an EC2 capacity provider
   * of the cluster launches its container instances in the group. `data.provider`
   * names the capacity provider.
   */
  | 'uses-capacity'
  /** Route 53 record → the health check (`health_check_id` / `HealthCheckId`) that decides whether it is answered. */
  | 'health-checked-by';

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Native attribute that created the edge (`subnet_ids`, `network_configuration.subnets`), for locations. */
  attribute?: string;
  /** Extra facts about the edge, e.g. `{ destination: '0.0.0.0/0' }` on routes-via. */
  data?: Record<string, unknown>;
  /** Where the reference that created the edge is written (IaC only). */
  location?: SourceLocation;
}

/** A reference a source could not turn into an edge (a literal id, a data source, an unknown value). */
export interface UnresolvedReference {
  edge: EdgeKind;
  attribute: string;
  reason: string;
}

export interface CapacityProviderItem {
  provider: Maybe<string>;
  weight: Maybe<number>;
  base: Maybe<number>;
}

export interface PlacementStrategy {
  type: Maybe<string>;
  field: Maybe<string>;
}

export interface Route {
  destination: Maybe<string>;
  /** What the route goes through: 'nat-gateway', 'internet-gateway', 'transit-gateway', 'vpc-endpoint', 'other'. */
  via: Maybe<string>;
  /** Graph id (or native id) of the target, when known. */
  target?: Maybe<string>;
}

/** A target group's health check as written; each field absent when AWS's default for the protocol applies. */
export interface TargetGroupHealthCheck {
  enabled: Maybe<boolean>;
  protocol: Maybe<string>;
  path: Maybe<string>;
  intervalSeconds: Maybe<number>;
  timeoutSeconds: Maybe<number>;
  healthyThreshold: Maybe<number>;
  unhealthyThreshold: Maybe<number>;
}

/** A container's environment variable; `value` is masked when the name looks secret. */
export interface ContainerEnvVar {
  name: Maybe<string>;
  value: Maybe<string>;
}

/** A container's secret: where ECS reads it at start (Secrets Manager or SSM ARN). */
export interface ContainerSecret {
  name: Maybe<string>;
  valueFrom: Maybe<string>;
}

/** Container health check (ECS defaults apply where absent: interval 30, timeout 5, retries 3, startPeriod off). */
export interface ContainerHealthCheck {
  command: Maybe<string[]>;
  interval: Maybe<number>;
  timeout: Maybe<number>;
  retries: Maybe<number>;
  startPeriod: Maybe<number>;
}

export interface ContainerDefinition {
  name: Maybe<string>;
  image: Maybe<string>;
  /** Absent: essential (the ECS default). */
  essential: Maybe<boolean>;
  environment: Maybe<ContainerEnvVar[]>;
  secrets: Maybe<ContainerSecret[]>;
  healthCheck: Maybe<ContainerHealthCheck>;
}

/** One Region's replica of a DynamoDB global table. */
export interface TableReplica {
  region: Maybe<string>;
  /** Where it is declared (a Terraform `replica` block, an aws_dynamodb_table_replica, a GlobalTable Replicas item). */
  declaredBy?: string;
}

/** A database snapshot as the live collector saw it; `observedAt` is the collector's clock, so age needs no clock in the rule. */
export interface DbSnapshotSeen {
  /** ISO 8601 creation time. */
  createdAt: string;
  /** `manual` or `awsbackup` (automated snapshots are DB-BACKUP's). */
  type: string;
  id: string;
  /** ISO 8601: when the snapshots were listed. */
  observedAt: string;
}

/** One rule of an AWS Backup plan: when it runs, how long it keeps, where it copies. */
export interface BackupPlanRule {
  name: Maybe<string>;
  /** `cron(…)` / `rate(…)` as written; absent = AWS's default (daily, 05:00 UTC). */
  schedule: Maybe<string>;
  /** Lifecycle `delete_after` / `DeleteAfterDays`; absent = kept forever. */
  deleteAfterDays: Maybe<number>;
  copyActions: Maybe<BackupCopyAction[]>;
}

/** A copy action: recovery points copied to another vault, maybe in another Region or account. */
export interface BackupCopyAction {
  destinationVaultArn: Maybe<string>;
  /** The destination vault's Region: from its ARN, or the Region of the vault resource it references. */
  region: Maybe<string>;
  deleteAfterDays: Maybe<number>;
}

/** A tag condition of a selection. `equals` / `like` select, `notEquals` / `notLike` exclude. */
export interface BackupTagCondition {
  op: 'equals' | 'like' | 'notEquals' | 'notLike';
  key: Maybe<string>;
  value: Maybe<string>;
}

/**
 * A resource assignment (aws_backup_selection, AWS::Backup::BackupSelection,
 * GetBackupSelection). AWS reads it as: (in `resources` OR matching any of
 * `anyOfTags`), or every supported resource when both are empty; AND
 * matching all `allOfTags`; AND not in `notResources`.
 */
export interface BackupSelection {
  name: Maybe<string>;
  /** The selection's address (IaC) or id (live): where it is written. */
  declaredBy: string;
  location?: SourceLocation;
  /** Graph ids the resource list names by reference (Terraform references, `!GetAtt X.Arn`, `!Ref X`). */
  resourceIds: string[];
  /** ARNs and ARN patterns (`*` wildcards) written literally or returned live. */
  resourcePatterns: string[];
  /** Why an entry of the resource list is not known (an unknown value, a reference outside the scan). */
  unknownResources: string[];
  notResourceIds: string[];
  notResourcePatterns: string[];
  unknownNotResources: string[];
  /** `selection_tag` / `ListOfTags` (OR). */
  anyOfTags: Maybe<BackupTagCondition[]>;
  /** `condition` / `Conditions` (AND). */
  allOfTags: Maybe<BackupTagCondition[]>;
}

export type CacheService = 'elasticache' | 'memorydb' | 'elasticache-serverless';

/** Normalized properties per kind. Every property is `Maybe<T>`: value, Unknown, or absent. */
export interface PropsByKind {
  'db.instance': {
    identifier: Maybe<string>;
    engine: Maybe<string>;
    instanceClass: Maybe<string>;
    multiAz: Maybe<boolean>;
    availabilityZone: Maybe<string>;
    availabilityZoneId?: Maybe<string>;
    backupRetentionDays: Maybe<number>;
    deletionProtection: Maybe<boolean>;
    /** Set when the instance belongs to a cluster (Aurora): the cluster's graph id or native identifier. */
    clusterIdentifier: Maybe<string>;
    replicateSourceDb: Maybe<string>;
    promotionTier?: Maybe<number>;
    /** Live only: the newest available manual or AWS Backup snapshot (null: none), as seen when collected. */
    latestSnapshot?: Maybe<DbSnapshotSeen | null>;
  };
  'db.cluster': {
    identifier: Maybe<string>;
    engine: Maybe<string>;
    engineMode: Maybe<string>;
    availabilityZones: Maybe<string[]>;
    /** AZ IDs of `availabilityZones`, position by position (live, where the account's mapping is known). */
    availabilityZoneIds?: Maybe<string[]>;
    backupRetentionDays: Maybe<number>;
    deletionProtection: Maybe<boolean>;
    globalClusterIdentifier: Maybe<string>;
    serverlessV2: Maybe<{ minCapacity: Maybe<number>; maxCapacity: Maybe<number> }>;
    /** Non-Aurora Multi-AZ DB clusters are declared by instance class on the cluster itself. */
    dbClusterInstanceClass?: Maybe<string>;
    /** Live only: member AZs as reported by the API. */
    memberCount?: Maybe<number>;
    /** Live only: the newest available manual or AWS Backup snapshot (null: none), as seen when collected. */
    latestSnapshot?: Maybe<DbSnapshotSeen | null>;
  };
  'db.global-cluster': {
    identifier: Maybe<string>;
    engine: Maybe<string>;
    deletionProtection?: Maybe<boolean>;
  };
  'db.subnet-group': {
    name: Maybe<string>;
  };
  'db.proxy': {
    name: Maybe<string>;
    engineFamily: Maybe<string>;
  };
  /** A DynamoDB table (with its global table replicas, version 2019.11.21). */
  'db.table': {
    name: Maybe<string>;
    /** Point-in-time recovery (continuous backups). Absent: not set, which AWS reads as off. */
    pointInTimeRecovery: Maybe<boolean>;
    /** Absent: not set, which AWS reads as off. */
    deletionProtection: Maybe<boolean>;
    /** Replicas of the global table in other Regions than the table's own. Unknown when they cannot be told. */
    replicas: Maybe<TableReplica[]>;
    /** The replica list holds the table's own Region too (a CloudFormation GlobalTable whose stack Region is not known). */
    replicasIncludeOwn?: boolean;
  };
  /**
   * An Amazon OpenSearch Service (or legacy Elasticsearch) domain: data nodes,
   * zone awareness, dedicated masters; in-subnet edges to its VPC subnets.
   * Replicas per index are set by index settings, not configuration: never here.
   */
  'search.domain': {
    name: Maybe<string>;
    /** Data nodes (`instance_count` / `InstanceCount`). Absent: not set, AWS creates 1. */
    instanceCount: Maybe<number>;
    /** Absent: not set, which AWS reads as off (every node in one AZ). */
    zoneAwareness: Maybe<boolean>;
    /** AZs with zone awareness on (2 or 3). Absent: not set, which AWS reads as 2. */
    availabilityZoneCount: Maybe<number>;
    dedicatedMasterEnabled: Maybe<boolean>;
    /** Absent: not set (AWS creates 3 when dedicated masters are on). */
    dedicatedMasterCount: Maybe<number>;
    /** Multi-AZ with Standby (three AZs, one of them standby). */
    multiAzWithStandby: Maybe<boolean>;
    /** Whether the domain is in a VPC (vpc_options / VPCOptions with subnets). */
    inVpc: Maybe<boolean>;
  };
  /** An Amazon MSK cluster (provisioned brokers, or serverless: Regional). */
  'stream.cluster': {
    name: Maybe<string>;
    /** MSK Serverless: AWS spreads the cluster over the Region's AZs, no brokers to count. */
    serverless: boolean;
    /** Broker nodes in total (`number_of_broker_nodes` / `NumberOfBrokerNodes`), spread evenly over the client subnets. */
    brokerCount: Maybe<number>;
    /**
     * `default.replication.factor` of the cluster's MSK configuration. Absent:
     * no configuration attached (the MSK default applies: 3 in 3 AZs, 2 in 2)
     * or the configuration does not set it (the same). Topics may override it.
     */
    replicationFactor: Maybe<number>;
    /** `min.insync.replicas` of the configuration. Absent: MSK default (2 in 3 AZs, 1 in 2). */
    minInsyncReplicas: Maybe<number>;
  };
  /**
   * A cache of replicated shards: an ElastiCache (Redis OSS / Valkey)
   * replication group, a MemoryDB cluster, or an ElastiCache Serverless
   * cache (`service` tells them apart: they share what the rules judge —
   * shards, replicas, failover, AZs, snapshots).
   */
  'cache.replication-group': {
    name: Maybe<string>;
    /** `elasticache`, `memorydb` or `elasticache-serverless` (regional: AWS spreads it over AZs, no shards to configure). */
    service: CacheService;
    engine: Maybe<string>;
    /** Shards (node groups); 1 with cluster mode disabled. Absent for serverless. */
    shards: Maybe<number>;
    /** Replicas per shard (nodes beyond each shard's primary). Absent for serverless. */
    replicasPerShard: Maybe<number>;
    /** ElastiCache `automatic_failover_enabled` (AWS default off); MemoryDB: on with ≥ 1 replica; serverless: on. */
    automaticFailover: Maybe<boolean>;
    /** ElastiCache `multi_az_enabled` (AWS default off); MemoryDB: on with ≥ 1 replica; serverless: on. */
    multiAz: Maybe<boolean>;
    /**
     * AZs written or seen for the nodes, one list per shard (primary first):
     * `preferred_cache_cluster_azs`, `NodeGroupConfiguration`, live node
     * placement. Absent: not written (AWS places the nodes in the subnet group's AZs).
     */
    shardAzs: Maybe<string[][]>;
    /** Days of automatic snapshots kept; 0 = off (the ElastiCache default when not set). */
    snapshotRetentionDays: Maybe<number>;
  };
  /**
   * An ElastiCache cluster (aws_elasticache_cluster, AWS::ElastiCache::CacheCluster):
   * Memcached, a single-node Redis OSS / Valkey cluster, or a member of a
   * replication group (`member-of` edge; then the group is what is judged).
   */
  'cache.cluster': {
    clusterId: Maybe<string>;
    engine: Maybe<string>;
    numNodes: Maybe<number>;
    /** Memcached: `single-az` (the default) or `cross-az`. */
    azMode: Maybe<string>;
    /** AZs written (`availability_zone`, `preferred_availability_zones`) or seen live, one per node when known. */
    nodeAzs: Maybe<string[]>;
    snapshotRetentionDays: Maybe<number>;
    /** The replication group it belongs to (graph id or native id); absent: standalone. */
    replicationGroup: Maybe<string>;
  };
  /**
   * An Amazon EFS file system. Its mount targets are `in-subnet` edges (one
   * per mount target, each the way in from that AZ); workloads point at it
   * with `mounts` edges.
   */
  'storage.file-system': {
    name: Maybe<string>;
    /** One Zone storage: the AZ it stores in (name or symbolic AZ). Absent: Regional (Standard) storage. */
    availabilityZone: Maybe<string>;
    availabilityZoneId?: Maybe<string>;
    /** Automatic backups (the EFS backup policy). Absent: not set, which AWS reads as off for a file system created by the API, Terraform or CloudFormation. */
    backupPolicy: Maybe<boolean>;
    /** Regions the file system replicates to (replication configuration destinations). */
    replicationRegions: Maybe<string[]>;
  };
  'ecs.cluster': {
    name: Maybe<string>;
    capacityProviders: Maybe<string[]>;
    /** The strategy of services that name neither a launch type nor a strategy of their own. */
    defaultCapacityProviderStrategy?: Maybe<CapacityProviderItem[]>;
  };
  'ecs.service': {
    name: Maybe<string>;
    launchType: Maybe<string>;
    capacityProviderStrategy: Maybe<CapacityProviderItem[]>;
    desiredCount: Maybe<number>;
    schedulingStrategy: Maybe<string>;
    placementStrategies: Maybe<PlacementStrategy[]>;
    circuitBreaker: Maybe<{ enable: Maybe<boolean>; rollback: Maybe<boolean> }>;
    healthCheckGracePeriodSeconds: Maybe<number>;
    loadBalancerCount: Maybe<number>;
    /** `ECS` (the default: rolling update), `CODE_DEPLOY` (blue/green) or `EXTERNAL`. */
    deploymentController?: Maybe<string>;
  };
  'ecs.task': {
    availabilityZone: Maybe<string>;
    availabilityZoneId?: Maybe<string>;
    lastStatus: Maybe<string>;
    launchType: Maybe<string>;
  };
  'ecs.task-definition': {
    family: Maybe<string>;
    containers: Maybe<ContainerDefinition[]>;
  };
  'autoscaling.target': {
    serviceNamespace: Maybe<string>;
    scalableDimension: Maybe<string>;
    resourceId: Maybe<string>;
    minCapacity: Maybe<number>;
    maxCapacity: Maybe<number>;
    /** Live: why the target's scaling policies could not be read (the call failed, or the source does not read them). */
    policyGap?: string;
  };
  /**
   * An Application Auto Scaling scaling policy: `scales` edge to its scalable
   * target (or, when only the resource id tells, to the scaled resource itself).
   */
  'autoscaling.policy': {
    name: Maybe<string>;
    /** `TargetTrackingScaling`, `StepScaling` (the Terraform default) or `PredictiveScaling`. */
    policyType: Maybe<string>;
    serviceNamespace: Maybe<string>;
    scalableDimension: Maybe<string>;
    resourceId: Maybe<string>;
  };
  'network.vpc': {
    cidr: Maybe<string>;
  };
  'network.subnet': {
    availabilityZone: Maybe<string>;
    /** AZ ID (`apne1-az1`): the same physical AZ in every account, where a name is not (live; IaC when written). */
    availabilityZoneId?: Maybe<string>;
    cidr: Maybe<string>;
    mapPublicIpOnLaunch: Maybe<boolean>;
  };
  'network.nat-gateway': {
    connectivityType: Maybe<string>;
    state?: Maybe<string>;
  };
  'network.route-table': {
    routes: Maybe<Route[]>;
    main?: Maybe<boolean>;
  };
  /** A Transit Gateway VPC attachment: in-subnet edges to its subnets (one per AZ it serves), in-vpc to its VPC. */
  'network.tgw-attachment': {
    transitGatewayId: Maybe<string>;
    /** Live only: `available`, `pending`, … (deleted attachments are not collected). */
    state?: Maybe<string>;
  };
  /**
   * A Site-to-Site VPN connection between a customer gateway and an AWS-side
   * gateway. Gateways are not graph nodes: they are named by their id
   * (`vgw-…`, `tgw-…`, as written or live) or, for one declared in the same
   * configuration / templates, by its graph id (Terraform: the root prefix
   * and its address; CloudFormation: its graph id).
   */
  'network.vpn-connection': {
    customerGateway: Maybe<string>;
    /** The VGW or TGW the connection terminates on; Unknown when the reference cannot be followed. */
    awsGateway: Maybe<string>;
    /** `vgw` or `tgw` (undefined when neither is set: a connection not yet attached). */
    awsGatewayType: Maybe<'vgw' | 'tgw'>;
    /** `ipsec.1`. */
    type: Maybe<string>;
    /** Tunnels the connection has: always 2 for a Site-to-Site VPN connection. */
    tunnels: number;
    /** Live only: the tunnels' telemetry status, `UP` / `DOWN`, one per tunnel. */
    tunnelStates?: Maybe<string[]>;
    /** Live only: `available`, `pending` (deleted connections are not collected). */
    state?: Maybe<string>;
  };
  /**
   * A Route 53 record set. Route 53 is global: IaC records take their
   * provider's / stack's Region like any resource (it does not matter to
   * the rules); live ones are collected once per account, Region `global`.
   */
  'dns.record': {
    /** As written (`api.example.com`, `api`); compared without the trailing dot, case-insensitively. */
    name: Maybe<string>;
    /** `A`, `AAAA`, `CNAME`, … */
    type: Maybe<string>;
    /** The hosted zone: its id as written, or the scanned zone resource's address; Unknown with the same reason for records written with the same unresolved expression. */
    zone: Maybe<string>;
    setIdentifier: Maybe<string>;
    /** `failover`, `weighted`, `latency`, `geolocation`, `geoproximity`, `multivalue`, `cidr`; undefined for a simple record. */
    routingPolicy: Maybe<string>;
    /** `PRIMARY` or `SECONDARY` for failover routing; undefined otherwise. */
    failover: Maybe<string>;
    /** The health check: the scanned dns.health-check's id (with a health-checked-by edge), else the id as written; undefined when none. */
    healthCheckId: Maybe<string>;
    /** An alias record's target; undefined for a record with values. */
    alias: Maybe<{ target: Maybe<string>; evaluateTargetHealth: Maybe<boolean> }> | undefined;
  };
  /** A Route 53 health check (regionless, like the records using it). */
  'dns.health-check': {
    /** `HTTP`, `HTTPS`, `HTTP_STR_MATCH`, `HTTPS_STR_MATCH`, `TCP`, `CALCULATED`, `CLOUDWATCH_METRIC`, `RECOVERY_CONTROL`. */
    type: Maybe<string>;
    /** Seconds between checks (10 or 30); undefined when not written (Route 53 uses 30). */
    requestInterval: Maybe<number>;
    /** Consecutive failures before unhealthy (1–10); undefined when not written (Route 53 uses 3). */
    failureThreshold: Maybe<number>;
    /** True when the check is disabled: Route 53 then considers it healthy whatever the endpoint does. */
    disabled?: Maybe<boolean>;
  };
  'lb.load-balancer': {
    name: Maybe<string>;
    /** `application` (the default when not set), `network` or `gateway`. */
    type: Maybe<string>;
    /** `internet-facing` (the default) or `internal`. */
    scheme: Maybe<string>;
    /** Cross-zone load balancing: always on for ALBs, off by default for NLBs and GWLBs. */
    crossZone: Maybe<boolean>;
    deletionProtection: Maybe<boolean>;
    /** How many subnet mappings (`subnet_mapping` / `SubnetMappings`) were written; absent when subnets are listed. */
    subnetMappingCount?: Maybe<number>;
    /** Live: the zones the load balancer is enabled in (names; IDs in `availabilityZoneIds`, position by position). */
    availabilityZones?: Maybe<string[]>;
    availabilityZoneIds?: Maybe<string[]>;
  };
  'lb.target-group': {
    name: Maybe<string>;
    protocol: Maybe<string>;
    /** `instance` (the default), `ip`, `lambda` or `alb`. */
    targetType: Maybe<string>;
    healthCheck: Maybe<TargetGroupHealthCheck>;
  };
  'compute.instance': {
    instanceType: Maybe<string>;
    /** As written (IaC) or placed (live); IaC instances in a subnet take their subnet's AZ (rules read the subnet). */
    availabilityZone: Maybe<string>;
    availabilityZoneId?: Maybe<string>;
    /**
     * The Auto Scaling group that launched it (live: the `aws:autoscaling:groupName`
     * tag). IaC never declares group members as aws_instance / AWS::EC2::Instance, so
     * an IaC instance is standalone: absent.
     */
    autoScalingGroup: Maybe<string>;
    /** Live only: `running`, `stopped`, … (terminated instances are not collected). */
    state?: Maybe<string>;
  };
  'compute.autoscaling-group': {
    name: Maybe<string>;
    minSize: Maybe<number>;
    maxSize: Maybe<number>;
    desiredCapacity: Maybe<number>;
    /** `EC2` (the default) or `ELB` (also `VPC_LATTICE`, `EBS`). */
    healthCheckType: Maybe<string>;
    /** `availability_zones` / `AvailabilityZones` when the group is not given subnets (EC2-Classic style, default VPC). */
    availabilityZones: Maybe<string[]>;
    availabilityZoneIds?: Maybe<string[]>;
    /** Target groups and Classic Load Balancers the group registers its instances with. */
    targetGroupCount: Maybe<number>;
    loadBalancerCount: Maybe<number>;
    capacityRebalance: Maybe<boolean>;
  };
  function: {
    name: Maybe<string>;
    runtime: Maybe<string>;
    /** Reserved concurrency; 0 means the function is throttled (never runs). */
    reservedConcurrency: Maybe<number>;
    /** Attached to a VPC (subnets given): AZ-bound through its subnets. Otherwise regional. */
    inVpc: Maybe<boolean>;
  };
  'backup.plan': {
    name: Maybe<string>;
    rules: Maybe<BackupPlanRule[]>;
    /** Resource assignments of the plan (selections are folded into their plan). */
    selections: BackupSelection[];
    /** Why some of the plan's selections cannot be read (a selection whose plan reference is unknown, a live call refused). */
    selectionGaps?: string[];
  };
  account: {
    accountId: Maybe<string>;
    name: Maybe<string>;
    status: Maybe<string>;
    ou: Maybe<string>;
  };
  region: {
    name: Maybe<string>;
  };
}

/** Where a normalized property came from: the native attribute path, and its position when the source has one. */
export interface PropOrigin {
  attribute: string;
  location?: SourceLocation;
}

export interface Resource<K extends ResourceKind = ResourceKind> {
  /** Unique in the graph: the IaC address (with module path / stack) or the ARN. */
  id: string;
  kind: K;
  /** Native type: `aws_db_instance`, `AWS::RDS::DBInstance`, `AWS::RDS::DBInstance` (live). */
  type: string;
  /** As the user knows it: Terraform address, `Stack/LogicalId`, or ARN. */
  address: string;
  /** Short human name: identifier, Name tag, logical id, or the block name. */
  name: string;
  props: PropsByKind[K];
  /** Where each normalized property was read from (for locations and evidence). */
  propOrigins: Partial<Record<keyof PropsByKind[K] & string, PropOrigin>>;
  /** Native attributes as written/returned, with secrets masked. Evidence only; rules read `props`. */
  attributes: Record<string, unknown>;
  tags: Record<string, string | Unknown> | Unknown;
  provenance: Provenance;
  unresolved: UnresolvedReference[];
  /** Suppressions written next to the resource in its source (Terraform comment, CloudFormation Metadata). */
  inlineSuppressions?: InlineSuppression[];
}

/** `# resilint:ignore <rule-id> reason="…" until=YYYY-MM-DD`, or CloudFormation `Metadata.resilint.ignore[]`. */
export interface InlineSuppression {
  /** Rule id or glob (`*` for every rule). */
  ruleId: string;
  reason?: string;
  /** YYYY-MM-DD */
  until?: string;
  owner?: string;
  /** Where it was written. */
  location?: SourceLocation;
}

export type AnyResource = { [K in ResourceKind]: Resource<K> }[ResourceKind];

/** An input that could not be read or understood. The scan goes on without it. */
export interface InputError {
  /** Relative to the scan root, `/` separators; or an account/region label for live sources. */
  file: string;
  line?: number;
  column?: number;
  /** Short machine-readable class: parse, read, too-large, binary, module, cycle, function, eval, policy, access, … */
  kind: string;
  message: string;
}

/** A part of the estate that could not be assessed (live sources: account × region × service). */
export interface CoverageGap {
  accountId?: string;
  accountName?: string;
  region?: string;
  service?: string;
  /** For IaC: the module or file whose resources are unknown. */
  scope?: string;
  errorCode: string;
  message: string;
}

export type { Maybe };
