/** Terraform load balancers beyond the happy path: unknown subnets, ALB behind NLB, weighted and literal targets, Classic ELB. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { edgesOf, props, resource, scanFixture } from './helpers.js';

describe('load balancer edge cases (Terraform)', () => {
  let out: TerraformSourceOutput;
  beforeAll(async () => {
    out = await scanFixture('lb-edges');
  });

  it('scans without errors; listeners, rules and attachments are not nodes', () => {
    expect(out.errors).toEqual([]);
    expect(out.resources.map((r) => r.kind).filter((k) => k.startsWith('lb.')).sort()).toEqual(['lb.load-balancer', 'lb.load-balancer', 'lb.load-balancer', 'lb.target-group', 'lb.target-group']);
    expect(Object.keys(out.ignoredResourceTypes)).not.toContain('aws_lb_listener');
  });

  it('subnets from a variable without value are unresolved, with the reason and no edge', () => {
    const lb = resource(out, 'aws_lb.from_var');
    expect(edgesOf(out, 'in-subnet', lb.id)).toEqual([]);
    expect(lb.unresolved).toEqual([{ edge: 'in-subnet', attribute: 'subnets', reason: expect.stringContaining('public_subnet_ids') }]);
  });

  it('an NLB with cross-zone on, an ALB registered as the target of its group', () => {
    expect(props(out, 'aws_lb.front')).toMatchObject({ type: 'network', crossZone: true, scheme: 'internet-facing' });
    expect(props(out, 'aws_alb.inner')).toMatchObject({ type: 'application', crossZone: true });
    expect(edgesOf(out, 'forwards-to', 'aws_lb.front')).toEqual(['aws_lb.front -forwards-to-> aws_lb_target_group.to_alb']);
    const reg = out.edges.find((e) => e.kind === 'registers-with' && e.from === 'aws_alb.inner')!;
    expect(reg).toMatchObject({ to: 'aws_lb_target_group.to_alb', attribute: 'target_id', location: { file: 'main.tf', line: 46 }, data: { declaredBy: 'aws_lb_target_group_attachment.inner' } });
  });

  it('a weighted rule: the written group with its weight; a literal ARN of no group is unresolved on the load balancer', () => {
    const fwd = out.edges.filter((e) => e.kind === 'forwards-to' && e.from === 'aws_alb.inner');
    expect(fwd).toEqual([
      expect.objectContaining({ to: 'aws_alb_target_group.app', attribute: 'action[0].forward[0].target_group[0].arn', location: expect.objectContaining({ line: 91 }), data: expect.objectContaining({ weight: 100, rule: 'aws_lb_listener_rule.canary', listener: 'aws_lb_listener.inner', port: 80 }) }),
    ]);
    expect(resource(out, 'aws_alb.inner').unresolved).toEqual([
      { edge: 'forwards-to', attribute: 'aws_lb_listener_rule.canary.action[0].forward[0].target_group[1].arn', reason: expect.stringContaining('targetgroup/blue/') },
    ]);
  });

  it('a service: a literal target group ARN matches the group by name; a Classic Load Balancer is unresolved', () => {
    expect(edgesOf(out, 'registers-with', 'aws_ecs_service.by_arn')).toEqual(['aws_ecs_service.by_arn -registers-with-> aws_alb_target_group.app']);
    expect(resource(out, 'aws_ecs_service.by_arn').unresolved).toContainEqual({ edge: 'registers-with', attribute: 'load_balancer[1].elb_name', reason: 'a Classic Load Balancer: not part of the graph' });
  });
});
