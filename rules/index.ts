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
import ecsAzSpread from './ecs-az-spread.js';
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
import natGatewayPerAz from './nat-gateway-per-az.js';
import regionFailureRecovery from './region-failure-recovery.js';
import singlePointOfFailure from './single-point-of-failure.js';
import tgwAttachmentMultiAz from './tgw-attachment-multi-az.js';

export const builtinRules: Rule[] = [
  asgMultiAz,
  azFailureTolerance,
  backupCrossRegionCopy,
  dbBackupRetention,
  dbDeletionProtection,
  dbGlobalSecondary,
  dbMultiAz,
  dbProxy,
  dbReadReplicas,
  dbServerlessCapacity,
  dbSnapshot,
  dynamodbDeletionProtection,
  dynamodbGlobalReplica,
  dynamodbPitr,
  ec2StandaloneInstance,
  ecsAzSpread,
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
  natGatewayPerAz,
  regionFailureRecovery,
  singlePointOfFailure,
  tgwAttachmentMultiAz,
];

// Each rule's docsUrl is its generated page (docs/rules/<id>.md); the AWS page it cited moves to its references.
for (const rule of builtinRules) linkDocsPage(rule);
