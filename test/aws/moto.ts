/**
 * The moto harness for test/aws: one moto_server per test file (free
 * loopback port, killed by PID), the AWS_* environment the SDK reads, a
 * fault-injecting proxy, and the organisation seeder. The implementations
 * live in bench/ so the benchmark uses the same ones.
 */
export { freePort, MOTO_ACCOUNT, startMoto, useAwsEnv, type MotoServer } from '../../bench/org-moto.js';
export { FaultProxy, type FaultPlan, type RequestInfo } from '../../bench/org-proxy.js';
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
} from '../../bench/org-seed.js';
