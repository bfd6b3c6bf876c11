/**
 * What was collected in one account × Region, in the shape the normalizer
 * reads: native records as the API (or AWS Config) returned them, plus the
 * collections that could not be read and why.
 */

export type Raw = Record<string, unknown>;

/** One native record. */
export interface Item {
  data: Raw;
  /** Prefix of attribute paths in propOrigins: '' for API responses, 'configuration.' for AWS Config items. */
  prefix: string;
  /** ARN given outside the record (AWS Config items). */
  arn?: string;
  /** Tags given outside the record (AWS Config items). */
  tags?: unknown;
}

export type Collection =
  | 'vpcs'
  | 'subnets'
  | 'natGateways'
  | 'routeTables'
  | 'clusters'
  | 'services'
  | 'tasks'
  /** The task definitions the services run (ecs:DescribeTaskDefinition, one per ARN). */
  | 'taskDefinitions'
  | 'scalableTargets'
  /** Aurora reader auto scaling (namespace rds), listed apart so that an ECS failure does not hide it and vice versa. */
  | 'rdsScalableTargets'
  | 'dbInstances'
  | 'dbClusters'
  | 'globalClusters'
  | 'proxies'
  | 'proxyTargets'
  /** The account × Region's AZ name → AZ ID mapping (ec2:DescribeAvailabilityZones). */
  | 'availabilityZones'
  /** Elastic Load Balancing v2; load balancers carry their `Attributes` and `Tags`, listeners their `Rules`. */
  | 'loadBalancers'
  | 'targetGroups'
  | 'listeners'
  /** EC2 instances that are not terminated (ec2:DescribeInstances). */
  | 'instances'
  | 'autoScalingGroups'
  | 'functions'
  /** DynamoDB tables (DescribeTable, with `ContinuousBackups` and `Tags` added from their own calls). */
  | 'tables'
  /** EFS file systems (DescribeFileSystems, with `MountTargets`, `BackupPolicy`, `Replications` added from their own calls). */
  | 'fileSystems'
  /** EFS access points (DescribeAccessPoints): the file system of a Lambda function's access point. */
  | 'accessPoints'
  /** Manual and AWS Backup snapshots of DB instances and clusters, each with `ObservedAt` (the collector's clock). */
  | 'dbSnapshots'
  | 'dbClusterSnapshots'
  /** AWS Backup plans (GetBackupPlan), each with its `Selections` (GetBackupSelection). */
  | 'backupPlans'
  /** Transit Gateway VPC attachments (ec2:DescribeTransitGatewayVpcAttachments). */
  | 'tgwAttachments'
  /** Site-to-Site VPN connections (ec2:DescribeVpnConnections), with VgwTelemetry. */
  | 'vpnConnections'
  /** EC2 capacity providers the clusters name (ecs:DescribeCapacityProviders). */
  | 'capacityProviders'
  /** Scaling policies of ECS scalable targets (application-autoscaling:DescribeScalingPolicies). */
  | 'scalingPolicies'
  /** OpenSearch / Elasticsearch domains (es:DescribeDomains), each with its `Tags` (es:ListTags). */
  | 'searchDomains'
  /** MSK clusters (kafka:ListClustersV2), each with the `ServerProperties` of its configuration revision. */
  | 'streamClusters'
  /** ElastiCache replication groups (with `MemberNodes`, `SubnetIds`, `Tags`), clusters outside any group, Serverless caches; MemoryDB clusters. */
  | 'cacheReplicationGroups'
  | 'cacheClusters'
  | 'serverlessCaches'
  | 'memoryDbClusters'
  /** Route 53 records with a routing policy, each with its zone (global: one unit per account collects them). */
  | 'dnsRecords'
  /** Route 53 health checks with their `Tags`. */
  | 'healthChecks';

export const COLLECTIONS: readonly Collection[] = [
  'vpcs',
  'subnets',
  'natGateways',
  'routeTables',
  'clusters',
  'services',
  'tasks',
  'taskDefinitions',
  'scalableTargets',
  'rdsScalableTargets',
  'dbInstances',
  'dbClusters',
  'globalClusters',
  'proxies',
  'proxyTargets',
  'availabilityZones',
  'loadBalancers',
  'targetGroups',
  'listeners',
  'instances',
  'autoScalingGroups',
  'functions',
  'tables',
  'fileSystems',
  'accessPoints',
  'dbSnapshots',
  'dbClusterSnapshots',
  'backupPlans',
  'tgwAttachments',
  'capacityProviders',
  'scalingPolicies',
  'searchDomains',
  'streamClusters',
  'cacheReplicationGroups',
  'cacheClusters',
  'serverlessCaches',
  'memoryDbClusters',
  'dnsRecords',
  'healthChecks',
];

export interface UnitAccount {
  id: string;
  name?: string;
  tags?: Record<string, string>;
  ouPath?: string[];
  ouNames?: string[];
}

export interface UnitData {
  account: UnitAccount;
  region: string;
  items: Partial<Record<Collection, Item[]>>;
  /** Collections that could not be read (entirely or partly), with the reason. */
  missing: Map<Collection, string>;
  /** ECS clusters (ARN) whose tasks could not be listed, with the reason. */
  missingTasks: Map<string, string>;
}

export function emptyUnit(account: UnitAccount, region: string): UnitData {
  return { account, region, items: {}, missing: new Map(), missingTasks: new Map() };
}

export function push(unit: UnitData, c: Collection, data: Raw, extra: Partial<Item> = {}): void {
  (unit.items[c] ??= []).push({ data, prefix: '', ...extra });
}
