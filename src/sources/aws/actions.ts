/**
 * Every AWS operation the live collector can send, in one list.
 *
 * The client factory refuses any other command before it leaves the process
 * (see clients.ts), a test scans the sources for `new XCommand(` and
 * `paginateX(` and checks them against this list, and `iamPolicy()` derives
 * the scanning role's and the caller's policies from it. Adding an operation
 * here is the only way to make the collector call it.
 */

/** API families, named by their IAM service prefix. */
export type Family = 'organizations' | 'sts' | 'ecs' | 'application-autoscaling' | 'rds' | 'ec2' | 'config' | 'elasticloadbalancing' | 'autoscaling' | 'lambda' | 'dynamodb' | 'backup' | 'account' | 'es' | 'kafka' | 'elasticache' | 'memorydb' | 'route53' | 'elasticfilesystem';

export const FAMILIES: readonly Family[] = ['organizations', 'sts', 'ecs', 'application-autoscaling', 'rds', 'ec2', 'config', 'elasticloadbalancing', 'autoscaling', 'lambda', 'dynamodb', 'backup', 'account', 'es', 'kafka', 'elasticache', 'memorydb', 'route53', 'elasticfilesystem'];



/** Operations by family. Only reads, plus sts:AssumeRole. */
export const OPERATIONS: Readonly<Record<Family, readonly string[]>> = {
  // Caller side (management or delegated administrator account).
  organizations: [
    'DescribeOrganization',
    'ListAccounts',
    'ListRoots',
    'ListOrganizationalUnitsForParent',
    'ListAccountsForParent',
    'ListParents',
    'ListTagsForResource',
  ],
  sts: ['GetCallerIdentity', 'AssumeRole'],
  config: ['SelectAggregateResourceConfig', 'DescribeConfigurationAggregatorSourcesStatus'],
  // Scanning role side (every member account).
  // DescribeTaskDefinition: the services' container environment and secrets (the databases they connect to).
  // DescribeCapacityProviders: the Auto Scaling group behind each EC2 capacity provider of a cluster (ECS-CLUSTER).
  ecs: ['ListClusters', 'DescribeClusters', 'ListServices', 'DescribeServices', 'ListTasks', 'DescribeTasks', 'DescribeTaskDefinition', 'DescribeCapacityProviders'],
  // DescribeScalingPolicies: the target tracking / step policies of ECS services' scalable targets (ECS-SCALE).
  'application-autoscaling': ['DescribeScalableTargets', 'DescribeScalingPolicies'],
  // DescribeDBSnapshots / DescribeDBClusterSnapshots: the newest manual or AWS Backup snapshot (DB-SNAPSHOT).
  rds: ['DescribeDBInstances', 'DescribeDBClusters', 'DescribeGlobalClusters', 'DescribeDBProxies', 'DescribeDBProxyTargets', 'DescribeDBSnapshots', 'DescribeDBClusterSnapshots'],
  // DescribeAvailabilityZones: the account's AZ name → AZ ID mapping (names differ per account, IDs do not).
  // DescribeRegions: the Regions enabled for the account, where account:ListRegions is not allowed (regions.ts).
  ec2: ['DescribeVpcs', 'DescribeSubnets', 'DescribeNatGateways', 'DescribeRouteTables', 'DescribeAvailabilityZones', 'DescribeInstances', 'DescribeRegions', 'DescribeTransitGatewayVpcAttachments', 'DescribeVpnConnections'],
  // Elastic Load Balancing v2: load balancers (their zones and attributes), target groups, listeners and their rules.
  elasticloadbalancing: ['DescribeLoadBalancers', 'DescribeLoadBalancerAttributes', 'DescribeTargetGroups', 'DescribeListeners', 'DescribeRules', 'DescribeTags'],
  // EC2 Auto Scaling groups (not Application Auto Scaling) and Lambda functions (VpcConfig is in the list output).
  autoscaling: ['DescribeAutoScalingGroups'],
  lambda: ['ListFunctions'],
  // DescribeContinuousBackups: point-in-time recovery; ListTagsOfResource: the table's tier tags.
  dynamodb: ['ListTables', 'DescribeTable', 'DescribeContinuousBackups', 'ListTagsOfResource'],
  // AWS Backup: plans (rules, copy actions) and their resource selections.
  backup: ['ListBackupPlans', 'GetBackupPlan', 'ListBackupSelections', 'GetBackupSelection'],
  // The Regions enabled for the account and their opt status (the default Region list of a scan).
  account: ['ListRegions'],
  // OpenSearch Service (IAM prefix es): domain names, DescribeDomains in batches of 5, ListTags (tier tags).
  es: ['ListDomainNames', 'DescribeDomains', 'ListTags'],
  // Amazon MSK: clusters (ListClustersV2 returns each cluster's full info) and the server properties of their configuration revisions.
  kafka: ['ListClustersV2', 'DescribeConfigurationRevision'],
  // ElastiCache: replication groups, clusters (ShowCacheNodeInfo: node AZs), Serverless caches, subnet groups, tier tags.
  elasticache: ['DescribeReplicationGroups', 'DescribeCacheClusters', 'DescribeServerlessCaches', 'DescribeCacheSubnetGroups', 'ListTagsForResource'],
  // MemoryDB: clusters (ShowShardDetails: node AZs), subnet groups, tier tags.
  memorydb: ['DescribeClusters', 'DescribeSubnetGroups', 'ListTags'],
  // Route 53 (global, once per account): failover records and the health checks they use (NET-DNS).
  route53: ['ListHostedZones', 'ListResourceRecordSets', 'ListHealthChecks', 'ListTagsForResources'],
  // Amazon EFS: file systems (One Zone AZ, tags), their mount targets, backup policies, and the access points Lambda functions name.
  elasticfilesystem: ['DescribeFileSystems', 'DescribeMountTargets', 'DescribeBackupPolicy', 'DescribeAccessPoints'],
};

/** Families the scanning role in each member account needs. */
export const MEMBER_FAMILIES: readonly Family[] = ['ecs', 'application-autoscaling', 'rds', 'ec2', 'elasticloadbalancing', 'autoscaling', 'lambda', 'dynamodb', 'backup', 'account', 'es', 'kafka', 'elasticache', 'memorydb', 'route53', 'elasticfilesystem'];

const READ_PREFIX = /^(List|Describe|Get|Select|BatchGet)[A-Z]/;

/** True for operations that cannot change anything: reads, and the two STS calls the collector needs. */
export function isReadOnlyOperation(family: string, operation: string): boolean {
  if (family === 'sts') return operation === 'AssumeRole' || operation === 'GetCallerIdentity';
  return READ_PREFIX.test(operation);
}

const allowed = new Map<string, Set<string>>(FAMILIES.map((f) => [f, new Set(OPERATIONS[f])]));

/** True when the collector is allowed to send `operation` of `family` (listed here and read-only). */
export function isAllowedOperation(family: string, operation: string): boolean {
  return (allowed.get(family)?.has(operation) ?? false) && isReadOnlyOperation(family, operation);
}

/** `ecs:ListClusters` style IAM action names of the given families. */
export function iamActions(families: readonly Family[]): string[] {
  return families.flatMap((f) => OPERATIONS[f].map((op) => `${f}:${op}`));
}

export interface IamPolicyOptions {
  /** Name of the role assumed in every member account. Default 'OrganizationAccountAccessRole'. */
  roleName?: string;
  /** The caller's account id, for the role's trust policy. Default: a placeholder to replace. */
  callerAccountId?: string;
  /** ExternalId the caller passes; added to the trust policy's condition. */
  externalId?: string;
}

interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Record<string, unknown>[];
}

export interface IamPolicies {
  /** Permissions policy for the scanning role in each member account. */
  scanningRole: PolicyDocument;
  /** Trust policy of the scanning role: who may assume it. */
  scanningRoleTrust: PolicyDocument;
  /** Permissions policy for the identity that runs resilint (management or delegated administrator account). */
  caller: PolicyDocument;
}

/**
 * The minimal read-only policies, derived from OPERATIONS. `sts:GetCallerIdentity`
 * needs no permission and is left out. The caller also needs the member
 * permissions when its own account is scanned with its own credentials.
 */
export function iamPolicies(options: IamPolicyOptions = {}): IamPolicies {
  const roleName = options.roleName ?? 'OrganizationAccountAccessRole';
  const members = iamActions(MEMBER_FAMILIES);
  const trustCondition = options.externalId ? { Condition: { StringEquals: { 'sts:ExternalId': options.externalId } } } : {};
  return {
    scanningRole: {
      Version: '2012-10-17',
      Statement: [{ Sid: 'ResilintReadOnlyAvailabilityAudit', Effect: 'Allow', Action: members, Resource: '*' }],
    },
    scanningRoleTrust: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ResilintCaller',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${options.callerAccountId ?? '<caller-account-id>'}:root` },
          Action: 'sts:AssumeRole',
          ...trustCondition,
        },
      ],
    },
    caller: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ResilintOrganizationStructure', Effect: 'Allow', Action: iamActions(['organizations']), Resource: '*' },
        { Sid: 'ResilintAssumeScanningRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${roleName}` },
        { Sid: 'ResilintConfigAggregator', Effect: 'Allow', Action: iamActions(['config']), Resource: '*' },
        { Sid: 'ResilintScanOwnAccount', Effect: 'Allow', Action: members, Resource: '*' },
      ],
    },
  };
}
