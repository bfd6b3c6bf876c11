import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../reporters/index.js';
import { parsePolicy } from '../../src/policy/load.js';
import { scan } from '../../src/scan.js';
import { assertReport, assertSarif } from '../support/schemas.js';

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
        { id: 'aws_ecs_service.api', address: 'aws_ecs_service.api', relation: 'in-subnet', location: { file: 'ecs.tf', line: 52 } },
        { id: 'aws_subnet.private[0]', address: 'aws_subnet.private[0]', relation: 'uses-route-table', location: { file: 'network.tf', line: 99 } },
        { id: 'aws_route_table.private', address: 'aws_route_table.private', relation: 'routes-via', location: { file: 'network.tf', line: 89 } },
      ],
    });
    // The NAT gateway only the medium batch service uses stays medium: no NAT-per-AZ requirement, no result.
    expect(result.findings.filter((f) => f.resource.address === 'aws_nat_gateway.batch')).toEqual([]);
    const json = JSON.parse(renderReport(result, 'json'));
    expect(() => assertReport(json)).not.toThrow();
    expect(renderReport(result, 'text', { verbose: true })).toContain('inherited from aws_ecs_service.api');

    // SARIF: the path behind the tier as a code flow, each hop at the reference that creates the dependency.
    const sarif = JSON.parse(renderReport(result, 'sarif'));
    expect(() => assertSarif(sarif)).not.toThrow();
    const natResult = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'nat-gateway-per-az');
    const steps = natResult.codeFlows[0].threadFlows[0].locations.map((l: { location: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } } }) =>
      l.location.physicalLocation ? `${l.location.physicalLocation.artifactLocation.uri}:${l.location.physicalLocation.region.startLine}` : undefined,
    );
    // SARIF locations are repository-relative (code scanning maps them to the repository): the root's path comes first.
    const at = result.root === '.' ? '' : `${result.root}/`;
    expect(steps).toEqual(['ecs.tf:52', 'network.tf:99', 'network.tf:89', 'network.tf:75'].map((s) => at + s));
    expect(natResult.codeFlows[0].message.text).toBe('Tier critical inherited from aws_ecs_service.api along hard dependencies.');
    // The SPOF result on the same NAT gateway shows both paths: the inherited tier, then the dependency path.
    const spof = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'single-point-of-failure');
    expect(spof.codeFlows.map((f: { message: { text: string } }) => f.message.text)).toEqual([
      'Tier critical inherited from aws_ecs_service.api along hard dependencies.',
      'aws_ecs_service.api depends on aws_nat_gateway.shared with no alternative',
    ]);
    const others = sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId !== 'nat-gateway-per-az' && r.ruleId !== 'single-point-of-failure');
    expect(others.every((r: { codeFlows?: unknown }) => r.codeFlows === undefined)).toBe(true);
  });

  it('keeps its own tier when the policy turns inheritance off for NAT gateways', async () => {
    const policy = parsePolicy('inheritance:\n  - match: { kind: network.nat-gateway }\n    enabled: false\n    reason: egress reviewed by the network team\n', 'p.yaml');
    const result = await scan({ paths: [DIR], root: DIR, policy, now: () => new Date('2026-12-01T00:00:00Z') });
    expect(result.findings.filter((f) => f.ruleId === 'nat-gateway-per-az')).toEqual([]);
  });
});
