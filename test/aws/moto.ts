/**
 * The moto harness for test/aws: one moto_server per test file (free
 * loopback port, killed by PID), the AWS_* environment the SDK reads, a
 * fault-injecting proxy, and the organisation seeder. The implementations
 * live in test/support/aws/; the benchmark (bench/org.ts) imports them from there.
 */
export { freePort, MOTO_ACCOUNT, startMoto, useAwsEnv, type MotoServer } from '../support/aws/moto-server.js';
export { FaultProxy, type FaultPlan, type RequestInfo } from '../support/aws/fault-proxy.js';
export {
  assumeInto,
  DEPARTMENTS,
  ENVS,
  freezeTaskStates,
  ROLES,
  seedOrganization,
  seedWorkload,
  type SeededOrg,
  type SeededWorkload,
  type WorkloadSpec,
} from '../support/aws/org-seed.js';
