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
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { normalizeUnits } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push, type UnitData } from '../../src/sources/aws/unit.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';

const R = 'ap-northeast-1';
const ACCT = '111111111111';
const OTHER = '222222222222';
const FN = `arn:aws:lambda:${R}:${ACCT}:function:checkout`;
const DB = `arn:aws:rds:${R}:${ACCT}:db:orders-db`;
const CLUSTER = `arn:aws:rds:${R}:${ACCT}:cluster:auth`;
const SECRET = `arn:aws:secretsmanager:${R}:${ACCT}:secret:rds!cluster-1234-AbCdEf`;
const OTHER_DB = `arn:aws:rds:${R}:${OTHER}:db:reports`;

function graphOf(units: UnitData[]): ResourceGraph {
  const { resources, edges } = normalizeUnits(units);
  const b = new GraphBuilder();
  for (const r of resources) b.addResource(r);
  for (const e of edges) b.addEdge(e);
  return b.build();
}

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
  if (opts.dbsListed !== false) {
    push(u, 'dbInstances', {
      DBInstanceIdentifier: 'orders-db',
      DBInstanceArn: DB,
      Engine: 'postgres',
      MultiAZ: false,
      AvailabilityZone: `${R}a`,
      BackupRetentionPeriod: 7,
      Endpoint: { Address: 'orders-db.abcdefghijkl.ap-northeast-1.rds.amazonaws.com', Port: 5432 },
    });
    push(u, 'dbClusters', { DBClusterIdentifier: 'auth', DBClusterArn: CLUSTER, Engine: 'aurora-postgresql', Endpoint: 'auth.cluster-abcdefghijkl.ap-northeast-1.rds.amazonaws.com', MasterUserSecret: { SecretArn: SECRET, SecretStatus: 'active' } });
  } else {
    u.missing.set('dbInstances', `rds:DescribeDBInstances failed in ${ACCT}/${R}: Throttling`);
  }
  const other = emptyUnit({ id: OTHER, name: 'reports' }, R);
  push(other, 'dbInstances', { DBInstanceIdentifier: 'reports', DBInstanceArn: OTHER_DB, Engine: 'postgres', AvailabilityZone: `${R}a`, Endpoint: { Address: 'reports.abcdefghijkl.ap-northeast-1.rds.amazonaws.com' } });
  return [u, other];
}

describe('live Lambda environment variables', () => {
  it('connect the function to the DB named by endpoint and the cluster named by its master secret, same account and Region only', () => {
    const g = graphOf(units());
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
    const g = graphOf(units());
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
    const g = graphOf(units({ environment: { Error: { ErrorCode: 'KMSAccessDeniedException', Message: 'Lambda was unable to decrypt the environment variables' } } }));
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
    const g = graphOf(units({ dbsListed: false }));
    expect(g.get(FN)!.unresolved).toEqual([{ edge: 'connects-to', attribute: 'Environment.Variables', reason: expect.stringContaining('Throttling') }]);
  });
});
