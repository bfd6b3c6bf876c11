import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { scan } from '../../src/scan.js';
import { FIXTURES, props, resource, scanFixture } from './helpers.js';

describe('aws_vpn_connection through a module whose gateway ids default to null', () => {
  let out: TerraformSourceOutput;
  beforeAll(async () => {
    out = await scanFixture('vpn-module');
  });

  it('names a referenced gateway by its graph id, the same from every module instance', () => {
    expect(out.errors).toEqual([]);
    expect(props(out, 'module.vpn_primary.aws_vpn_connection.this[0]')).toEqual({
      customerGateway: 'aws_customer_gateway.dc[0]',
      awsGateway: 'aws_vpn_gateway.hub',
      awsGatewayType: 'vgw',
      type: 'ipsec.1',
      tunnels: 2,
    });
    expect(props(out, 'module.vpn_secondary.aws_vpn_connection.this[0]')).toMatchObject({ customerGateway: 'aws_customer_gateway.dc[1]', awsGateway: 'aws_vpn_gateway.hub' });
    expect(props(out, 'module.vpn_tgw.aws_vpn_connection.this[0]')).toMatchObject({ awsGateway: 'tgw-0123456789abcdef0', awsGatewayType: 'tgw' });
    expect((resource(out, 'module.vpn_primary.aws_vpn_connection.this[0]').propOrigins as Record<string, unknown>).awsGateway).toEqual({ attribute: 'vpn_gateway_id', location: { file: 'modules/vpn/main.tf', line: 29, column: 3 } });
  });

  it('judges the pair on the VGW redundant and the lone transit gateway connection a SPOF', async () => {
    const dir = join(FIXTURES, 'vpn-module');
    const r = await scan({ paths: [dir], root: dir });
    const vpn = r.findings.filter((f) => f.ruleId === 'vpn-redundancy').map((f) => [f.resource.address, f.status, `${f.location?.file}:${f.location?.line}`]);
    expect(vpn.sort()).toEqual([
      ['module.vpn_primary.aws_vpn_connection.this[0]', 'pass', 'modules/vpn/main.tf:29'],
      ['module.vpn_secondary.aws_vpn_connection.this[0]', 'pass', 'modules/vpn/main.tf:29'],
      ['module.vpn_tgw.aws_vpn_connection.this[0]', 'fail', 'modules/vpn/main.tf:30'],
    ]);
  });
});
