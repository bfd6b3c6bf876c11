/**
 * The built-in rules, sorted by id. Explicit on purpose: adding a rule means
 * adding a line here, and test/rules/registry.test.ts fails when a file under
 * rules/ is missing from this list.
 */
import type { Rule } from '../src/engine/rule.js';
import { linkDocsPage } from '../src/docs/rule-page.js';
import asgMultiAz from './asg-multi-az.js';
import azFailureTolerance from './az-failure-tolerance.js';
import backupCrossRegionCopy from './backup-cross-region-copy.js';
import cacheMultiAz from './cache-multi-az.js';
import cacheNodeSpread from './cache-node-spread.js';
import cacheSingleNode from './cache-single-node.js';
import cacheSnapshotRetention from './cache-snapshot-retention.js';
import dnsFailoverHealthCheck from './dns-failover-health-check.js';
import dbBackupRetention from './db-backup-retention.js';
import dbDeletionProtection from './db-deletion-protection.js';
import dbGlobalSecondary from './db-global-secondary.js';
import dbMultiAz from './db-multi-az.js';
import dbProxy from './db-proxy.js';
import dbReadReplicas from './db-read-replicas.js';
import dbServerlessCapacity from './db-serverless-capacity.js';
import ec2StandaloneInstance from './ec2-standalone-instance.js';
import dynamodbDeletionProtection from './dynamodb-deletion-protection.js';
import dynamodbGlobalReplica from './dynamodb-global-replica.js';
import dynamodbPitr from './dynamodb-pitr.js';
import dbSnapshot from './db-snapshot.js';
import ecsAutoScaling from './ecs-auto-scaling.js';
import ecsAzSpread from './ecs-az-spread.js';
import ecsClusterCapacityMultiAz from './ecs-cluster-capacity-multi-az.js';
import efsBackup from './efs-backup.js';
import efsMountTargetAzs from './efs-mount-target-azs.js';
import efsOneZone from './efs-one-zone.js';
import ecsDeploymentRollback from './ecs-deployment-rollback.js';
import ecsHealthCheck from './ecs-health-check.js';
import ecsMinTasksPerAz from './ecs-min-tasks-per-az.js';
import ecsNoFargateSpot from './ecs-no-fargate-spot.js';
import lambdaVpcMultiAz from './lambda-vpc-multi-az.js';
import lbMultiAz from './lb-multi-az.js';
import lbTargetGroupHealthCheck from './lb-target-group-health-check.js';
import mskBrokerMultiAz from './msk-broker-multi-az.js';
import mskReplication from './msk-replication.js';
import natGatewayPerAz from './nat-gateway-per-az.js';
import regionFailureRecovery from './region-failure-recovery.js';
import searchDomainDedicatedMasters from './search-domain-dedicated-masters.js';
import searchDomainMultiAz from './search-domain-multi-az.js';
import singlePointOfFailure from './single-point-of-failure.js';
import tgwAttachmentMultiAz from './tgw-attachment-multi-az.js';
import vpnRedundancy from './vpn-redundancy.js';

export const builtinRules: Rule[] = [
  asgMultiAz,
  azFailureTolerance,
  backupCrossRegionCopy,
  cacheMultiAz,
  cacheNodeSpread,
  cacheSingleNode,
  cacheSnapshotRetention,
  dbBackupRetention,
  dbDeletionProtection,
  dbGlobalSecondary,
  dbMultiAz,
  dbProxy,
  dbReadReplicas,
  dbServerlessCapacity,
  dbSnapshot,
  dnsFailoverHealthCheck,
  dynamodbDeletionProtection,
  dynamodbGlobalReplica,
  dynamodbPitr,
  ec2StandaloneInstance,
  ecsAutoScaling,
  ecsAzSpread,
  ecsClusterCapacityMultiAz,
  ecsDeploymentRollback,
  ecsHealthCheck,
  ecsMinTasksPerAz,
  ecsNoFargateSpot,
  efsBackup,
  efsMountTargetAzs,
  efsOneZone,
  lambdaVpcMultiAz,
  lbMultiAz,
  lbTargetGroupHealthCheck,
  mskBrokerMultiAz,
  mskReplication,
  natGatewayPerAz,
  regionFailureRecovery,
  searchDomainDedicatedMasters,
  searchDomainMultiAz,
  singlePointOfFailure,
  tgwAttachmentMultiAz,
  vpnRedundancy,
];

// Each rule's docsUrl is its generated page (docs/rules/<id>.md); the AWS page it cited moves to its references.
for (const rule of builtinRules) linkDocsPage(rule);
