/**
 * Live task definitions (ecs:DescribeTaskDefinition output) → data edges:
 * an environment value naming a database endpoint, or a secret naming a
 * database's managed master secret, of the SAME account and Region; an
 * endpoint of another account or Region is not matched. A service whose task
 * definition was not described has an unresolved reference, and the failure
 * simulation makes it unknown, never met.
 */
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import { emptyUnit, push, type UnitData } from '../../src/sources/aws/unit.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { ACCT, CLUSTER, DB, graphOfUnits, OTHER, OTHER_DB, R, SECRET, withDatabases } from '../support/aws/live-units.js';

const TD = `arn:aws:ecs:${R}:${ACCT}:task-definition/orders:3`;
const SVC = `arn:aws:ecs:${R}:${ACCT}:service/apps/orders`;


/** A critical service in two AZs whose task definition names a single-AZ DB by endpoint and an Aurora cluster by its master secret. */
function units(opts: { describeTd?: boolean; dbsListed?: boolean } = {}): UnitData[] {
  const u = emptyUnit({ id: ACCT, name: 'orders-prod' }, R);
  push(u, 'vpcs', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: ACCT });
  for (const az of ['a', 'c']) push(u, 'subnets', { SubnetId: `subnet-${az}`, VpcId: 'vpc-1', AvailabilityZone: `${R}${az}`, OwnerId: ACCT });
  push(u, 'routeTables', { RouteTableId: 'rtb-main', VpcId: 'vpc-1', OwnerId: ACCT, Associations: [{ Main: true }], Routes: [] });
  push(u, 'clusters', { clusterArn: `arn:aws:ecs:${R}:${ACCT}:cluster/apps`, clusterName: 'apps', status: 'ACTIVE' });
  push(u, 'services', {
    serviceArn: SVC,
    serviceName: 'orders',
    clusterArn: `arn:aws:ecs:${R}:${ACCT}:cluster/apps`,
    taskDefinition: TD,
    desiredCount: 4,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-c'] } },
    tags: [{ key: 'tier', value: 'critical' }],
  });
  if (opts.describeTd !== false) {
    push(u, 'taskDefinitions', {
      taskDefinitionArn: TD,
      family: 'orders',
      revision: 3,
      containerDefinitions: [
        {
          name: 'app',
          image: 'public.ecr.aws/nginx/nginx:1.27',
          essential: true,
          environment: [
            { name: 'DB_URL', value: 'postgres://app@orders-db.abcdefghijkl.ap-northeast-1.rds.amazonaws.com:5432/orders' },
            { name: 'REPORTS_HOST', value: 'reports.abcdefghijkl.ap-northeast-1.rds.amazonaws.com' },
            { name: 'DB_PASSWORD', value: 'not-a-real-one' },
          ],
          secrets: [{ name: 'AUTH_DB', valueFrom: `${SECRET}:password::` }],
        },
      ],
    });
  } else {
    u.missing.set('taskDefinitions', `ecs:DescribeTaskDefinition failed in ${ACCT}/${R}: AccessDeniedException`);
  }
  return withDatabases(u, opts.dbsListed !== false);
}

describe('live task definitions', () => {
  it('connect the service to the DB named by endpoint and the cluster named by its master secret, in the same account and Region only', () => {
    const g = graphOfUnits(units());
    const td = g.get(TD)!;
    expect(td).toMatchObject({ kind: 'ecs.task-definition', name: 'orders:3', props: { family: 'orders' } });
    expect(JSON.stringify(td.attributes)).not.toContain('not-a-real-one');
    expect(g.edges.filter((e) => e.kind === 'uses-task-definition')).toEqual([{ from: SVC, to: TD, kind: 'uses-task-definition', attribute: 'taskDefinition' }]);
    const data = g.edges.filter((e) => e.kind === 'connects-to').map((e) => ({ to: e.to, attribute: e.attribute, data: e.data }));
    expect(data).toEqual([
      { to: DB, attribute: 'containerDefinitions[0].environment[0].value', data: { via: 'environment', container: 'app', variable: 'DB_URL', host: 'orders-db.abcdefghijkl.ap-northeast-1.rds.amazonaws.com' } },
      { to: CLUSTER, attribute: 'containerDefinitions[0].secrets[0].valueFrom', data: { via: 'secrets', container: 'app', variable: 'AUTH_DB', secret: SECRET } },
    ]);
    const deps = buildDependencies(g, defaultPolicy());
    expect(deps.dependenciesOf(SVC).filter((e) => e.relation === 'connects-to').map((e) => [e.to, e.strength, e.provenance.arn])).toEqual([
      [DB, 'hard', TD],
      [CLUSTER, 'hard', TD],
    ]);
  });

  it('take the critical service down with the AZ of its single-AZ database, which inherits critical', () => {
    const g = graphOfUnits(units());
    const policy = defaultPolicy();
    const deps = buildDependencies(g, policy);
    const tiers = inheritTiers(g, deps, assignTiers(g, policy), policy);
    expect(tiers.get(DB)?.tier).toBe('critical');
    const r = simulateFailures({ graph: g, dependencies: deps, tiers, policy });
    const lost = r.impacts.find((i) => i.workload === SVC && i.domain === `az:${R}:${ACCT}/${R}a`)!;
    expect(lost.state).toBe('down');
    expect(lost.path!.map((s) => s.id)).toEqual([SVC, DB]);
    expect(r.singlePoints!.find((s) => s.resource === DB)!.single.map((w) => w.workload)).toContain(SVC);
  });

  it('a task definition that was not described leaves the service unknown, not met', () => {
    const g = graphOfUnits(units({ describeTd: false }));
    expect(g.get(SVC)!.unresolved).toContainEqual({ edge: 'uses-task-definition', attribute: 'taskDefinition', reason: expect.stringContaining('AccessDeniedException') });
    const policy = defaultPolicy();
    const deps = buildDependencies(g, policy);
    const r = simulateFailures({ graph: g, dependencies: deps, tiers: inheritTiers(g, deps, assignTiers(g, policy), policy), policy });
    const c = r.impacts.find((i) => i.workload === SVC && i.domain === `az:${R}:${ACCT}/${R}c`)!;
    expect(c).toMatchObject({ state: 'unknown', rtoVerdict: 'unknown' });
    expect(c.reasons.at(-1)).toContain('AccessDeniedException');
  });

  it('databases that could not be listed make the task definition\'s references unresolved', () => {
    const g = graphOfUnits(units({ dbsListed: false }));
    expect(g.get(TD)!.unresolved).toEqual([{ edge: 'connects-to', attribute: 'containerDefinitions', reason: expect.stringContaining('Throttling') }]);
  });
});
