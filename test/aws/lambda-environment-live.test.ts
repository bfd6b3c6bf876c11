/**
 * Live Lambda functions (lambda:ListFunctions output, which carries
 * `Environment.Variables`) → data edges: a variable holding a database's
 * endpoint host, or its managed master secret ARN, of the SAME account and
 * Region; another account's endpoint is not matched. Variables Lambda could
 * not decrypt, or databases that could not be listed, leave the function's
 * references unresolved, and the failure simulation then makes it unknown.
 */
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import { emptyUnit, push, type UnitData } from '../../src/sources/aws/unit.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { ACCT, CLUSTER, DB, graphOfUnits, OTHER, OTHER_DB, R, SECRET, withDatabases } from '../support/aws/live-units.js';

const FN = `arn:aws:lambda:${R}:${ACCT}:function:checkout`;


/** A function in two AZs whose variables name a single-AZ DB by endpoint, an Aurora cluster by its master secret, another account's DB by host. */
function units(opts: { environment?: Record<string, unknown>; dbsListed?: boolean } = {}): UnitData[] {
  const u = emptyUnit({ id: ACCT, name: 'checkout-prod' }, R);
  push(u, 'vpcs', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: ACCT });
  for (const az of ['a', 'c']) push(u, 'subnets', { SubnetId: `subnet-${az}`, VpcId: 'vpc-1', AvailabilityZone: `${R}${az}`, OwnerId: ACCT });
  push(u, 'routeTables', { RouteTableId: 'rtb-main', VpcId: 'vpc-1', OwnerId: ACCT, Associations: [{ Main: true }], Routes: [] });
  push(u, 'functions', {
    FunctionName: 'checkout',
    FunctionArn: FN,
    Runtime: 'python3.12',
    VpcConfig: { SubnetIds: ['subnet-a', 'subnet-c'], SecurityGroupIds: ['sg-1'], VpcId: 'vpc-1' },
    Environment: opts.environment ?? {
      Variables: {
        DB_URL: 'postgresql://app@orders-db.abcdefghijkl.ap-northeast-1.rds.amazonaws.com:5432/orders',
        AUTH_DB_SECRET_ARN: SECRET,
        REPORTS_HOST: 'reports.abcdefghijkl.ap-northeast-1.rds.amazonaws.com',
        DB_PASSWORD: 'not-a-real-one',
        LOG_LEVEL: 'info',
      },
    },
  });
  return withDatabases(u, opts.dbsListed !== false);
}

describe('live Lambda environment variables', () => {
  it('connect the function to the DB named by endpoint and the cluster named by its master secret, same account and Region only', () => {
    const g = graphOfUnits(units());
    const fn = g.get(FN)!;
    expect(fn.kind).toBe('function');
    expect(JSON.stringify(fn.attributes)).not.toContain('not-a-real-one');
    expect(fn.unresolved).toEqual([]);
    const data = g.edges.filter((e) => e.kind === 'connects-to').map((e) => ({ from: e.from, to: e.to, attribute: e.attribute, data: e.data }));
    expect(data).toEqual([
      { from: FN, to: DB, attribute: 'Environment.Variables.DB_URL', data: { via: 'environment', variable: 'DB_URL', host: 'orders-db.abcdefghijkl.ap-northeast-1.rds.amazonaws.com' } },
      { from: FN, to: CLUSTER, attribute: 'Environment.Variables.AUTH_DB_SECRET_ARN', data: { via: 'environment', variable: 'AUTH_DB_SECRET_ARN', secret: SECRET } },
    ]);
    const deps = buildDependencies(g, defaultPolicy());
    expect(deps.dependenciesOf(FN).filter((e) => e.relation === 'connects-to').map((e) => [e.to, e.kind, e.strength, e.provenance.arn])).toEqual([
      [DB, 'data', 'hard', FN],
      [CLUSTER, 'data', 'hard', FN],
    ]);
  });

  it("take the function down with its single-AZ database's AZ, unknown where its cluster's writer may be", () => {
    const g = graphOfUnits(units());
    const policy = defaultPolicy();
    const deps = buildDependencies(g, policy);
    const r = simulateFailures({ graph: g, dependencies: deps, tiers: inheritTiers(g, deps, assignTiers(g, policy), policy), policy });
    const a = r.impacts.find((i) => i.workload === FN && i.domain === `az:${R}:${ACCT}/${R}a`)!;
    expect(a.state).toBe('down');
    expect(a.path!.map((s) => s.id)).toEqual([FN, DB]);
    // In 1c only the Aurora cluster it names may be lost: its writer's AZ is unknown (no member listed), so unknown, never degraded.
    const c = r.impacts.find((i) => i.workload === FN && i.domain === `az:${R}:${ACCT}/${R}c`)!;
    expect(c.state).toBe('unknown');
    expect(c.path!.map((s) => s.id)).toEqual([FN, CLUSTER]);
  });

  it('variables Lambda could not decrypt are unresolved, and the function is unknown, never unaffected', () => {
    const g = graphOfUnits(units({ environment: { Error: { ErrorCode: 'KMSAccessDeniedException', Message: 'Lambda was unable to decrypt the environment variables' } } }));
    expect(g.get(FN)!.unresolved).toEqual([{ edge: 'connects-to', attribute: 'Environment.Variables', reason: expect.stringContaining('KMSAccessDeniedException') }]);
    expect(g.edges.filter((e) => e.kind === 'connects-to')).toEqual([]);
    const policy = defaultPolicy();
    const deps = buildDependencies(g, policy);
    const r = simulateFailures({ graph: g, dependencies: deps, tiers: inheritTiers(g, deps, assignTiers(g, policy), policy), policy });
    const c = r.impacts.find((i) => i.workload === FN && i.domain === `az:${R}:${ACCT}/${R}c`)!;
    expect(c.state).toBe('unknown');
    expect(c.reasons.at(-1)).toContain('KMSAccessDeniedException');
  });

  it("databases that could not be listed make the function's variables unresolved", () => {
    const g = graphOfUnits(units({ dbsListed: false }));
    expect(g.get(FN)!.unresolved).toEqual([{ edge: 'connects-to', attribute: 'Environment.Variables', reason: expect.stringContaining('Throttling') }]);
  });
});
