import { describe, expect, it } from 'vitest';
import { props, resource, scanFixture } from './helpers.js';

describe('providers and main route tables', () => {
  it('merges the default tags of the provider configuration each resource uses, inherited by modules', async () => {
    const out = await scanFixture('providers');
    expect(out.errors).toEqual([]);
    expect(resource(out, 'aws_vpc.tokyo').tags).toEqual({ scope: 'default', tier: 'critical' });
    expect(resource(out, 'aws_vpc.osaka').tags).toEqual({ scope: 'osaka', region: 'ap-northeast-3' });
    expect(resource(out, 'module.m.aws_subnet.inherited')).toMatchObject({
      name: 'inherited',
      tags: { scope: 'default', tier: 'medium', Name: 'inherited' },
      provenance: { modulePath: ['module.m'], location: { file: 'm/main.tf', line: 2, column: 1 } },
    });
  });

  it('marks main route tables (association and aws_default_route_table)', async () => {
    const out = await scanFixture('providers');
    expect(props(out, 'aws_route_table.main')).toEqual({ routes: [], main: true });
    expect(props(out, 'aws_default_route_table.osaka')).toEqual({
      main: true,
      routes: [{ destination: '0.0.0.0/0', via: 'internet-gateway', target: 'aws_internet_gateway.osaka' }],
    });
    expect(out.ignoredResourceTypes).toEqual({ aws_internet_gateway: 1 });
  });
});
