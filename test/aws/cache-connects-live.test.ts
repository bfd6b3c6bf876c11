/**
 * Live task definitions → caches: an environment value naming a cache's
 * endpoint host (a replication group's primary endpoint, a MemoryDB
 * cluster's endpoint) of the same account and Region connects the task
 * definition to the cache; the service then depends on it.
 */
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { emptyUnit, push, type UnitData } from '../../src/sources/aws/unit.js';
import { graphOfUnits } from '../support/aws/live-units.js';

const R = 'ap-northeast-1';
const ACCT = '111111111111';
const OTHER = '222222222222';
const TD = `arn:aws:ecs:${R}:${ACCT}:task-definition/api:7`;
const SVC = `arn:aws:ecs:${R}:${ACCT}:service/apps/api`;
const SESSIONS = `arn:aws:elasticache:${R}:${ACCT}:replicationgroup:sessions`;
const LEDGER = `arn:aws:memorydb:${R}:${ACCT}:cluster/ledger`;
const OTHER_GROUP = `arn:aws:elasticache:${R}:${OTHER}:replicationgroup:flags`;


function units(): UnitData[] {
  const u = emptyUnit({ id: ACCT, name: 'api-prod' }, R);
  push(u, 'clusters', { clusterArn: `arn:aws:ecs:${R}:${ACCT}:cluster/apps`, clusterName: 'apps', status: 'ACTIVE' });
  push(u, 'services', { serviceArn: SVC, serviceName: 'api', clusterArn: `arn:aws:ecs:${R}:${ACCT}:cluster/apps`, taskDefinition: TD, desiredCount: 2, launchType: 'FARGATE' });
  push(u, 'taskDefinitions', {
    taskDefinitionArn: TD,
    family: 'api',
    revision: 7,
    containerDefinitions: [
      {
        name: 'api',
        image: 'public.ecr.aws/example/api:2.0',
        environment: [
          { name: 'SESSION_URL', value: 'rediss://master.sessions.abc123.apne1.cache.amazonaws.com:6379' },
          { name: 'LEDGER_HOST', value: 'clustercfg.ledger.abc123.memorydb.ap-northeast-1.amazonaws.com' },
          { name: 'FLAGS_HOST', value: 'master.flags.abc123.apne1.cache.amazonaws.com' },
        ],
      },
    ],
  });
  push(u, 'cacheReplicationGroups', {
    ReplicationGroupId: 'sessions',
    ARN: SESSIONS,
    Engine: 'valkey',
    AutomaticFailover: 'enabled',
    MultiAZ: 'enabled',
    NodeGroups: [{ NodeGroupId: '0001', PrimaryEndpoint: { Address: 'master.sessions.abc123.apne1.cache.amazonaws.com', Port: 6379 }, NodeGroupMembers: [] }],
  });
  push(u, 'memoryDbClusters', { Name: 'ledger', ARN: LEDGER, ClusterEndpoint: { Address: 'clustercfg.ledger.abc123.memorydb.ap-northeast-1.amazonaws.com', Port: 6379 }, Shards: [] });
  // Another account's cache with the host the container names: never matched across accounts.
  const other = emptyUnit({ id: OTHER, name: 'flags' }, R);
  push(other, 'cacheReplicationGroups', { ReplicationGroupId: 'flags', ARN: OTHER_GROUP, NodeGroups: [{ PrimaryEndpoint: { Address: 'master.flags.abc123.apne1.cache.amazonaws.com' } }] });
  return [u, other];
}

describe('live task definitions naming caches', () => {
  it('connect to the replication group and MemoryDB cluster of the same account by endpoint host, and the service depends on them', () => {
    const g = graphOfUnits(units());
    const data = g.edges.filter((e) => e.kind === 'connects-to').map((e) => ({ to: e.to, attribute: e.attribute, host: e.data?.host }));
    expect(data).toEqual([
      { to: SESSIONS, attribute: 'containerDefinitions[0].environment[0].value', host: 'master.sessions.abc123.apne1.cache.amazonaws.com' },
      { to: LEDGER, attribute: 'containerDefinitions[0].environment[1].value', host: 'clustercfg.ledger.abc123.memorydb.ap-northeast-1.amazonaws.com' },
    ]);
    const deps = buildDependencies(g, defaultPolicy());
    expect(deps.dependenciesOf(SVC).filter((e) => e.relation === 'connects-to').map((e) => [e.to, e.kind, e.strength])).toEqual([
      [SESSIONS, 'data', 'hard'],
      [LEDGER, 'data', 'hard'],
    ]);
  });
});
