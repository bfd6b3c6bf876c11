/**
 * The collector is read-only: every AWS command it can send is on the list in
 * src/sources/aws/actions.ts, every listed command is a read (List*,
 * Describe*, Get*, Select*, BatchGet*) or sts:AssumeRole /
 * sts:GetCallerIdentity, and the client factory refuses anything else before
 * it leaves the process. iamPolicy() is derived from the same list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateClusterCommand, DeleteServiceCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { FAMILIES, iamActions, isAllowedOperation, isReadOnlyOperation, MEMBER_FAMILIES, OPERATIONS, type Family } from '../../src/sources/aws/actions.js';
import { CallStats, ClientFactory, ReadOnlyViolation } from '../../src/sources/aws/clients.js';
import { iamPolicy } from '../../src/sources/aws/index.js';
import { RateLimiters } from '../../src/sources/aws/rate-limit.js';

const SRC = join(import.meta.dirname, '../../src/sources/aws');
const MODULE_FAMILY: Record<string, Family> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-rds': 'rds',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-application-auto-scaling': 'application-autoscaling',
  '@aws-sdk/client-organizations': 'organizations',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-config-service': 'config',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-lambda': 'lambda',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/client-efs': 'elasticfilesystem',
  '@aws-sdk/client-backup': 'backup',
  '@aws-sdk/client-account': 'account',
  '@aws-sdk/client-opensearch': 'es',
  '@aws-sdk/client-kafka': 'kafka',
  '@aws-sdk/client-elasticache': 'elasticache',
  '@aws-sdk/client-memorydb': 'memorydb',
  '@aws-sdk/client-route-53': 'route53',
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** `family:Operation` for every command and paginator a file imports from an AWS SDK client, and every `new XCommand(` / `paginateX(` it uses. */
function commandsIn(text: string): { imported: string[]; used: string[] } {
  const imported: string[] = [];
  for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
    const family = MODULE_FAMILY[m[2]];
    for (const raw of m[1].split(',')) {
      const name = raw.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
      const op = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
      if (op) imported.push(`${family ?? m[2]}:${op}`);
    }
  }
  const used = [...text.matchAll(/new\s+(\w+)Command\s*\(/g), ...text.matchAll(/\bpaginate(\w+)\s*\(/g)].map((m) => m[1]);
  return { imported, used };
}

describe('read-only by construction', () => {
  it('every command the sources can send is listed and read-only (static scan of src/sources/aws)', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(5);
    const imported = new Set<string>();
    const used = new Set<string>();
    for (const f of files) {
      // Comments may name commands (`new XCommand(`) without sending them.
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const c = commandsIn(code);
      c.imported.forEach((x) => imported.add(x));
      c.used.forEach((x) => used.add(x));
    }
    for (const action of imported) {
      const [family, op] = action.split(':');
      expect(isAllowedOperation(family, op), `${action} is sent but not allowed`).toBe(true);
    }
    const importedOps = new Set([...imported].map((a) => a.split(':')[1]));
    for (const op of used) expect(importedOps.has(op), `${op} is used but not imported from an SDK client`).toBe(true);
    // And nothing on the list is dead: the IAM policy grants only what is used.
    const listed = FAMILIES.flatMap((f) => OPERATIONS[f].map((op) => `${f}:${op}`));
    expect([...imported].sort()).toEqual([...new Set(listed)].sort());
  });

  it('the list holds only reads and the two STS calls', () => {
    for (const f of FAMILIES) for (const op of OPERATIONS[f]) expect(isReadOnlyOperation(f, op), `${f}:${op}`).toBe(true);
    expect(isReadOnlyOperation('ecs', 'CreateCluster')).toBe(false);
    expect(isReadOnlyOperation('ec2', 'DescribeVpcs')).toBe(true);
    expect(isReadOnlyOperation('sts', 'AssumeRoleWithSAML')).toBe(false);
    expect(isAllowedOperation('ecs', 'ListContainerInstances')).toBe(false); // a read, but not one the collector needs
  });

  it('the client factory refuses anything else before it is sent, and records what it sends', async () => {
    const sent: string[] = [];
    const seen: string[] = [];
    const handler = {
      handle: async (req: { headers: Record<string, string> }) => {
        sent.push(req.headers['x-amz-target']);
        return {
          response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Readable.from([Buffer.from('{"clusterArns":["arn:aws:ecs:ap-northeast-1:111122223333:cluster/a"]}')]) },
        };
      },
    };
    const stats = new CallStats();
    const factory = new ClientFactory({ limiters: new RateLimiters(), stats, requestHandler: handler, onCommand: (a) => seen.push(a) });
    const ecs = factory.client('ecs', { accountId: '111122223333', region: 'ap-northeast-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await expect(ecs.send(new CreateClusterCommand({ clusterName: 'x' }))).rejects.toBeInstanceOf(ReadOnlyViolation);
    await expect(ecs.send(new DeleteServiceCommand({ service: 'x' }))).rejects.toThrow(/refuses to send ecs:DeleteService/);
    expect(sent).toEqual([]);
    const out = await ecs.send(new ListClustersCommand({}));
    expect(out.clusterArns).toHaveLength(1);
    expect(sent).toEqual(['AmazonEC2ContainerServiceV20141113.ListClusters']);
    expect(seen).toEqual(['ecs:CreateCluster', 'ecs:DeleteService', 'ecs:ListClusters']);
    expect(stats.toJSON()).toMatchObject({ calls: 1, attempts: 1, retries: 0, byAction: { 'ecs:ListClusters': { calls: 1, attempts: 1, failures: 0 } } });
  });
});

describe('iamPolicy()', () => {
  it('is the minimal read-only policy derived from the action list', () => {
    const p = iamPolicy({ roleName: 'ResilintAudit', callerAccountId: '111122223333', externalId: 'ext-123' });
    expect(p.scanningRole).toEqual({ Version: '2012-10-17', Statement: [{ Sid: 'ResilintReadOnlyAvailabilityAudit', Effect: 'Allow', Action: iamActions(MEMBER_FAMILIES), Resource: '*' }] });
    const actions = p.scanningRole.Statement[0].Action as string[];
    expect(actions).toContain('ecs:DescribeServices');
    expect(actions).toContain('rds:DescribeDBClusters');
    expect(actions).toContain('ec2:DescribeRouteTables');
    // The account's AZ name → AZ ID mapping (AZ IDs compare across accounts, names do not).
    expect(actions).toContain('ec2:DescribeAvailabilityZones');
    // ECS services and Aurora readers (ServiceNamespace ecs and rds) are both read with this one action.
    expect(actions).toContain('application-autoscaling:DescribeScalableTargets');
    expect(p.caller.Statement.find((s) => s.Sid === 'ResilintScanOwnAccount')?.Action).toContain('application-autoscaling:DescribeScalableTargets');
    expect(actions.every((a) => /^[a-z0-9-]+:(List|Describe|Get|Select|BatchGet)[A-Za-z0-9]+$/.test(a))).toBe(true);
    expect(JSON.stringify(p)).not.toMatch(/"\w+:\*"|"\*:/); // no wildcard actions
    const caller = p.caller.Statement;
    expect(caller.find((s) => s.Sid === 'ResilintAssumeScanningRole')).toEqual({ Sid: 'ResilintAssumeScanningRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/ResilintAudit' });
    expect(caller.find((s) => s.Sid === 'ResilintOrganizationStructure')?.Action).toEqual(iamActions(['organizations']));
    expect(p.scanningRoleTrust.Statement[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } });
    expect(iamPolicy().caller.Statement.find((s) => s.Sid === 'ResilintAssumeScanningRole')?.Resource).toBe('arn:aws:iam::*:role/OrganizationAccountAccessRole');
  });
});
