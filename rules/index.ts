/**
 * The built-in rules, sorted by id. Explicit on purpose: adding a rule means
 * adding a line here, and test/rules/registry.test.ts fails when a file under
 * rules/ is missing from this list.
 */
import type { Rule } from '../src/engine/rule.js';
import azFailureTolerance from './az-failure-tolerance.js';
import backupCrossRegionCopy from './backup-cross-region-copy.js';
import dbBackupRetention from './db-backup-retention.js';
import dbDeletionProtection from './db-deletion-protection.js';
import dbGlobalSecondary from './db-global-secondary.js';
import dbMultiAz from './db-multi-az.js';
import dbProxy from './db-proxy.js';
import dbReadReplicas from './db-read-replicas.js';
import dbServerlessCapacity from './db-serverless-capacity.js';
import dbSnapshot from './db-snapshot.js';
import ecsMinTasksPerAz from './ecs-min-tasks-per-az.js';
import natGatewayPerAz from './nat-gateway-per-az.js';
import regionFailureRecovery from './region-failure-recovery.js';
import singlePointOfFailure from './single-point-of-failure.js';

export const builtinRules: Rule[] = [
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
  ecsMinTasksPerAz, natGatewayPerAz, regionFailureRecovery, singlePointOfFailure];
