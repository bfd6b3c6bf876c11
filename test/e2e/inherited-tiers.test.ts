import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../reporters/index.js';
import { parsePolicy } from '../../src/policy/load.js';
import { scan } from '../../src/scan.js';
import { assertReport } from '../support/schemas.js';

const DIR = join(import.meta.dirname, '../../fixtures/real-world/shared-nat-inherited/terraform');

describe('an untagged shared NAT gateway used by a critical service', () => {
  it('is judged at critical, and the report says where the tier comes from', async () => {
    const result = await scan({ paths: [DIR], root: DIR, now: () => new Date('2026-12-01T00:00:00Z') });
    const nat = result.findings.find((f) => f.ruleId === 'nat-gateway-per-az' && f.resource.address === 'aws_nat_gateway.shared')!;
    expect(nat).toMatchObject({ status: 'fail', severity: 'high', location: { file: 'network.tf', line: 75 } });
    expect(nat.resource).toMatchObject({
      tier: 'critical',
      tierSource: 'inherited',
      tierDetail: 'inherited from aws_ecs_service.api (tag tier=critical) via aws_subnet.private[0] → aws_route_table.private; own: medium (defaultTier medium)',
      tierPath: [
        { id: 'aws_ecs_service.api', address: 'aws_ecs_service.api', relation: 'in-subnet' },
        { id: 'aws_subnet.private[0]', address: 'aws_subnet.private[0]', relation: 'uses-route-table' },
        { id: 'aws_route_table.private', address: 'aws_route_table.private', relation: 'routes-via' },
      ],
    });
    // The NAT gateway only the medium batch service uses stays medium: no NAT-per-AZ requirement, no result.
    expect(result.findings.filter((f) => f.resource.address === 'aws_nat_gateway.batch')).toEqual([]);
    const json = JSON.parse(renderReport(result, 'json'));
    expect(() => assertReport(json)).not.toThrow();
    expect(renderReport(result, 'text', { verbose: true })).toContain('inherited from aws_ecs_service.api');
  });

  it('keeps its own tier when the policy turns inheritance off for NAT gateways', async () => {
    const policy = parsePolicy('inheritance:\n  - match: { kind: network.nat-gateway }\n    enabled: false\n    reason: egress reviewed by the network team\n', 'p.yaml');
    const result = await scan({ paths: [DIR], root: DIR, policy, now: () => new Date('2026-12-01T00:00:00Z') });
    expect(result.findings.filter((f) => f.ruleId === 'nat-gateway-per-az')).toEqual([]);
  });
});
