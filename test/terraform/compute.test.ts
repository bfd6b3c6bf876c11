/**
 * Terraform compute resources: what is not a subnet of the scan, not set, or
 * attached elsewhere is recorded as such, never read as a value.
 */
import { describe, expect, it } from 'vitest';
import type { TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { edgesOf, props, reasonOf, resource, scanFixture } from './helpers.js';

let out: TerraformSourceOutput;
const scanned = async () => (out ??= await scanFixture('compute-edges'));

describe('Terraform compute kinds', () => {
  it('an instance with a literal subnet id has no subnet edge, and says why', async () => {
    const o = await scanned();
    const r = resource(o, 'aws_instance.literal');
    expect(r.kind).toBe('compute.instance');
    expect(edgesOf(o, 'in-subnet', r.id)).toEqual([]);
    expect(r.unresolved).toEqual([{ edge: 'in-subnet', attribute: 'subnet_id', reason: '"subnet-0abc" is a literal id, not a resource in the scanned configuration' }]);
    expect(props(o, r.id).instanceType).toBe('t3.micro');
  });

  it('an instance without subnet or AZ: the AZ is AWS\'s choice (unknown)', async () => {
    const o = await scanned();
    expect(reasonOf(props(o, 'aws_instance.default_vpc').availabilityZone)).toContain('AWS picks the AZ');
  });

  it('an instance on a network interface: its subnet is not followed (unresolved)', async () => {
    const o = await scanned();
    expect(resource(o, 'aws_instance.eni').unresolved.map((u) => u.attribute)).toEqual(['network_interface']);
  });

  it('a group: unknown subnets unresolved, tag blocks as tags, its target group (a graph node) fronts it', async () => {
    const o = await scanned();
    const r = resource(o, 'aws_autoscaling_group.vars');
    expect(r.tags).toEqual({ tier: 'critical' });
    expect(props(o, r.id)).toMatchObject({ name: 'vars', minSize: 2, maxSize: 4, targetGroupCount: 1, loadBalancerCount: 0 });
    expect(r.unresolved.map((u) => [u.edge, u.attribute])).toEqual([['in-subnet', 'vpc_zone_identifier']]);
    expect(edgesOf(o, 'fronts', 'aws_lb_target_group.api')).toContain('aws_lb_target_group.api -fronts-> aws_autoscaling_group.vars');
  });

  it('aws_autoscaling_attachment adds its target group to the group it names', async () => {
    const o = await scanned();
    const r = resource(o, 'aws_autoscaling_group.attached');
    expect(props(o, r.id).targetGroupCount).toBe(1);
    expect(edgesOf(o, 'in-subnet', r.id)).toEqual(['aws_autoscaling_group.attached -in-subnet-> aws_subnet.a']);
    expect(r.unresolved).toEqual([]);
    expect(edgesOf(o, 'fronts', 'aws_lb_target_group.api')).toContain('aws_lb_target_group.api -fronts-> aws_autoscaling_group.attached');
  });

  it('Lambda: subnets from a variable without a value leave "in a VPC" unknown; an empty subnet list is no VPC', async () => {
    const o = await scanned();
    expect(reasonOf(props(o, 'aws_lambda_function.vpc_var').inVpc)).toContain('subnet_ids');
    expect(props(o, 'aws_lambda_function.empty_vpc')).toMatchObject({ inVpc: false, reservedConcurrency: 0, name: 'empty-vpc', runtime: 'nodejs20.x' });
    expect(resource(o, 'aws_lambda_function.vpc_var').name).toBe('vpc-var');
  });
});
