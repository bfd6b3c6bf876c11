/** Small ECS graphs shared by the ECS-SPREAD/SPOT/HEALTH/DEPLOY/SCALE/CLUSTER rule tests (files and lines as an ECS module would have them). */
import type { PropsByKind, Resource } from '../../src/graph/types.js';
import { tier, type GraphFixture } from '../helpers/rule-tester.js';

export const AZ_A = 'ap-northeast-1a';
export const AZ_C = 'ap-northeast-1c';

/**
 * The service at ecs.tf:1: launch_type line 3, capacity_provider_strategy 4, ordered_placement_strategy 8,
 * deployment_circuit_breaker 12, deployment_controller 16, network_configuration.subnets 20.
 */
export function service(g: GraphFixture, props: Partial<PropsByKind['ecs.service']>, tierName = 'critical', address = 'aws_ecs_service.orders'): Resource<'ecs.service'> {
  return g.add('ecs.service', address, {
    file: 'ecs.tf',
    line: 1,
    props: { name: address.split('.').pop(), ...props },
    lines: { launchType: 3, capacityProviderStrategy: 4, placementStrategies: 8, circuitBreaker: 12, deploymentController: 16 },
    tags: tier(tierName),
  });
}

/** Subnets in network.tf, one per AZ given, as the service's network_configuration.subnets. */
export function subnets(g: GraphFixture, s: Resource<'ecs.service'>, azs: unknown[]): void {
  azs.forEach((az, i) => {
    const subnet = g.add('network.subnet', `aws_subnet.private[${i}]`, { file: 'network.tf', props: { availabilityZone: az as string } });
    g.edge(s, 'in-subnet', subnet, { attribute: 'network_configuration.subnets' });
  });
}

/** The cluster at cluster.tf:1 with its default strategy written at line 9 (aws_ecs_cluster_capacity_providers), as the service's cluster. */
export function cluster(g: GraphFixture, s: Resource<'ecs.service'>, props: Partial<PropsByKind['ecs.cluster']>, tierName = 'medium'): Resource<'ecs.cluster'> {
  const c = g.add('ecs.cluster', 'aws_ecs_cluster.main', { file: 'cluster.tf', line: 1, props: { name: 'main', ...props }, lines: { defaultCapacityProviderStrategy: 9, capacityProviders: 7 }, tags: tier(tierName) });
  g.edge(s, 'in-cluster', c, { attribute: 'cluster' });
  return c;
}
