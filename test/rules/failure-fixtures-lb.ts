/** The ingress path for the failure-simulation tests: a critical service in every AZ behind a target group and a load balancer. */
import type { Resource } from '../../src/graph/types.js';
import { tier } from '../helpers/rule-tester.js';
import { network, type Net } from './failure-fixtures.js';

export interface Ingress extends Net {
  service: Resource<'ecs.service'>;
  targetGroup: Resource<'lb.target-group'>;
  lb: Resource<'lb.load-balancer'>;
}

/**
 * A service (ecs.tf) with a task subnet per AZ of `serviceAzs` (a NAT
 * gateway per AZ), registered with a target group that a load balancer
 * (lb.tf, line 1; untagged) enabled in public subnets of `lbAzs` forwards to.
 */
export function ingress(serviceAzs: string[], lbAzs: string[], opts: { tier?: string; type?: string } = {}): Ingress {
  const net = network(serviceAzs);
  const { g } = net;
  const service = g.add('ecs.service', 'aws_ecs_service.web', { file: 'ecs.tf', line: 1, props: { desiredCount: 6 }, tags: tier(opts.tier ?? 'critical') });
  for (const s of net.subnets) g.edge(service, 'in-subnet', s, { attribute: 'network_configuration.subnets' });
  const targetGroup = g.add('lb.target-group', 'aws_lb_target_group.web', { file: 'lb.tf', line: 30, props: { protocol: 'HTTP', targetType: 'ip' } });
  const lb = g.add('lb.load-balancer', 'aws_lb.web', { file: 'lb.tf', line: 1, props: { type: opts.type ?? 'application', scheme: 'internet-facing', crossZone: true } });
  g.edge(service, 'registers-with', targetGroup, { attribute: 'load_balancer[0].target_group_arn' });
  g.edge(lb, 'forwards-to', targetGroup, { attribute: 'default_action[0].target_group_arn', data: { listener: 'aws_lb_listener.https', port: 443 } });
  lbAzs.forEach((az, i) => {
    const s = g.add('network.subnet', `aws_subnet.lb[${i}]`, { props: { availabilityZone: az }, file: 'network.tf' });
    g.edge(lb, 'in-subnet', s, { attribute: 'subnets' });
  });
  return { ...net, service, targetGroup, lb };
}
