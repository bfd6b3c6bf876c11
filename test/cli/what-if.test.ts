/**
 * `resilint what-if` through the built CLI (dist/, `npm run build` first):
 * one AZ or Region lost, per workload what breaks, for how long, and the path.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PKG = join(import.meta.dirname, '../..');
const BIN = join(PKG, 'dist/src/cli/main.js');
const SHARED_NAT = join(PKG, 'fixtures/real-world/shared-nat-inherited/terraform');
const TECHNOVA_CFN = join(PKG, 'fixtures/technova/cloudformation');

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('resilint what-if', () => {
  it('--az: the shared NAT gateway takes the critical API down with its AZ, with the path and the RTO verdict', () => {
    const r = run(['what-if', '--az', 'ap-northeast-1a', SHARED_NAT, '--root', SHARED_NAT]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('What if ap-northeast-1a fails (AZ, matched by az-name)');
    expect(lines[1]).toBe('  2 workload(s): 2 down, 0 unknown, 0 degraded, 0 unaffected');
    const api = lines.findIndex((l) => l.startsWith('DOWN') && l.includes('aws_ecs_service.api'));
    expect(lines[api]).toBe('DOWN       aws_ecs_service.api  [ecs.service, tier critical]');
    expect(lines[api + 1]).toBe('           RTO none (no-recovery) vs 15 min: breached; RPO 0 s (stateless) vs 5 min: met');
    expect(r.stdout).toContain('-routes-via-> aws_nat_gateway.shared (network.tf:89)');
  });

  it('--format json carries the impacts with their sources', () => {
    const r = run(['what-if', '--az', 'ap-northeast-1c', SHARED_NAT, '--root', SHARED_NAT, '--format', 'json']);
    expect(r.status).toBe(0);
    const w = JSON.parse(r.stdout);
    expect(w.domain).toMatchObject({ id: 'az:ap-northeast-1:ap-northeast-1c', comparedBy: 'az-name' });
    const api = w.impacts.find((i: { address: string }) => i.address === 'aws_ecs_service.api');
    expect(api).toMatchObject({ state: 'degraded', rtoVerdict: 'met', capacity: { unit: 'tasks', before: 2, after: 1, required: 2 } });
    expect(api.rto.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('--region fails the Region the templates are given: databases without a copy elsewhere breach T-DR', () => {
    const r = run(['what-if', '--region', 'ap-northeast-1', TECHNOVA_CFN, '--root', TECHNOVA_CFN, '--cfn-param-file', join(TECHNOVA_CFN, 'prod-parameters.json'), '--format', 'json']);
    expect(r.status).toBe(0);
    const w = JSON.parse(r.stdout);
    expect(w.domain).toMatchObject({ id: 'region:ap-northeast-1', kind: 'region' });
    const order = w.impacts.find((i: { address: string }) => i.address === 'technova-prod-core/OrderCluster');
    expect(order).toMatchObject({ state: 'down', drApproach: 'none', rtoVerdict: 'breached', target: { rtoSeconds: 14400, rpoSeconds: 3600 } });
  });

  it('an AZ the scan does not use is a usage error naming the AZs it does (exit 2, one line)', () => {
    const r = run(['what-if', '--az', 'eu-west-1a', SHARED_NAT]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("no AZ 'eu-west-1a' in the scan (known: ap-northeast-1a, ap-northeast-1c)");
  });
});
