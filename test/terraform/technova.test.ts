import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { MASK, Unknown } from '../../src/graph/values.js';
import { scanTerraform, type TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { edgesOf, props, resource } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../fixtures/technova/terraform/', import.meta.url));

describe('TechNova example estate', () => {
  let out: TerraformSourceOutput;
  beforeAll(async () => {
    out = await scanTerraform({ root: ROOT, paths: [ROOT] });
  });

  it('reads every file without errors, with the legacy-db module as a child', () => {
    expect(out.errors).toEqual([]);
    expect(out.coverage).toEqual([]);
    expect(out.rootModules).toEqual(['.']);
    expect(out.files).toContain('modules/legacy-db/main.tf');
    expect(out.files).toContain('terraform.tfvars');
  });

  it('has the expected resources per kind', () => {
    const count = (kind: string) => out.resources.filter((r) => r.kind === kind).length;
    expect({
      cluster: count('db.cluster'),
      instance: count('db.instance'),
      global: count('db.global-cluster'),
      service: count('ecs.service'),
      target: count('autoscaling.target'),
      subnet: count('network.subnet'),
      nat: count('network.nat-gateway'),
      routeTable: count('network.route-table'),
      taskDefinition: count('ecs.task-definition'),
      loadBalancer: count('lb.load-balancer'),
      targetGroup: count('lb.target-group'),
      ec2: count('compute.instance'),
      asg: count('compute.autoscaling-group'),
      lambda: count('function'),
      table: count('db.table'),
      tgwAttachment: count('network.tgw-attachment'),
      policy: count('autoscaling.policy'),
      cache: count('cache.replication-group') + count('cache.cluster'),
      fileSystem: count('storage.file-system'),
      dns: count('dns.record') + count('dns.health-check'),
      search: count('search.domain') + count('stream.cluster'),
      vpn: count('network.vpn-connection'),
      // The Osaka secondary of the order Global Database: a cluster and two instances in ap-northeast-3.
    }).toEqual({
      // DocumentDB (docdb.tf): a cluster and its instance.
      cluster: 6,
      instance: 14,
      global: 1,
      service: 6,
      target: 4,
      subnet: 6,
      nat: 1,
      routeTable: 4,
      taskDefinition: 6,
      loadBalancer: 2,
      targetGroup: 3,
      ec2: 1,
      asg: 2,
      lambda: 1,
      table: 2,
      tgwAttachment: 1,
      policy: 4,
      cache: 2,
      fileSystem: 2,
      dns: 3,
      search: 2,
      vpn: 1,
    });
    expect(out.resources).toHaveLength(80);
    expect(out.resources.filter((r) => r.provenance.region === 'ap-northeast-3').map((r) => r.address).sort()).toEqual([
      'aws_rds_cluster.order_osaka',
      'aws_rds_cluster_instance.order_osaka[0]',
      'aws_rds_cluster_instance.order_osaka[1]',
    ]);
  });

  it('follows the single NAT gateway from tfvars through every private route table', () => {
    expect(edgesOf(out, 'routes-via')).toEqual([
      'aws_route_table.private["ap-northeast-1a"] -routes-via-> aws_nat_gateway.this["ap-northeast-1a"]',
      'aws_route_table.private["ap-northeast-1c"] -routes-via-> aws_nat_gateway.this["ap-northeast-1a"]',
      'aws_route_table.private["ap-northeast-1d"] -routes-via-> aws_nat_gateway.this["ap-northeast-1a"]',
    ]);
  });

  it('resolves service subnets, scaling targets and cluster members', () => {
    expect(edgesOf(out, 'in-subnet', 'aws_ecs_service.inventory_api')).toEqual(['aws_ecs_service.inventory_api -in-subnet-> aws_subnet.private["ap-northeast-1a"]']);
    expect(edgesOf(out, 'in-subnet', 'aws_ecs_service.auth')).toHaveLength(3);
    expect(edgesOf(out, 'scales')).toEqual([
      'aws_appautoscaling_policy.auth_cpu -scales-> aws_appautoscaling_target.auth',
      'aws_appautoscaling_policy.auth_memory -scales-> aws_appautoscaling_target.auth',
      'aws_appautoscaling_policy.order_api_cpu -scales-> aws_appautoscaling_target.order_api',
      'aws_appautoscaling_policy.portal_requests -scales-> aws_appautoscaling_target.portal',
      'aws_appautoscaling_target.auth -scales-> aws_ecs_service.auth',
      'aws_appautoscaling_target.inventory_api -scales-> aws_ecs_service.inventory_api',
      'aws_appautoscaling_target.order_api -scales-> aws_ecs_service.order_api',
      'aws_appautoscaling_target.portal -scales-> aws_ecs_service.portal',
    ]);
    // The additions that break one requirement each sit in the 1a private subnet only.
    for (const single of ['aws_instance.edi_gateway', 'aws_autoscaling_group.planning_worker', 'aws_lambda_function.payment_webhook', 'aws_lb.edi', 'aws_ec2_transit_gateway_vpc_attachment.network_hub']) {
      expect(edgesOf(out, 'in-subnet', single)).toEqual([`${single} -in-subnet-> aws_subnet.private["ap-northeast-1a"]`]);
    }
    expect(edgesOf(out, 'in-subnet', 'aws_lb.web')).toHaveLength(3);
    expect(edgesOf(out, 'registers-with', 'aws_ecs_service.portal')).toEqual(['aws_ecs_service.portal -registers-with-> aws_lb_target_group.portal']);
    expect(edgesOf(out, 'member-of', 'aws_rds_cluster_instance.inventory[1]')).toEqual(['aws_rds_cluster_instance.inventory[1] -member-of-> aws_rds_cluster.inventory']);
    expect(props(out, 'aws_rds_cluster_instance.inventory[1]').availabilityZone).toBe('ap-northeast-1a');
  });

  it('points at the module file for the legacy database and keeps its password out', () => {
    const db = resource(out, 'module.legacy.aws_db_instance.this');
    expect(db).toMatchObject({
      name: 'technova-mfg-prod-masterdata',
      props: { multiAz: false, backupRetentionDays: undefined, deletionProtection: true },
      provenance: { location: { file: 'modules/legacy-db/main.tf', line: 20, column: 1 }, modulePath: ['module.legacy'] },
      propOrigins: { multiAz: { attribute: 'multi_az', location: { file: 'modules/legacy-db/main.tf', line: 36, column: 3 } } },
    });
    expect(db.attributes.password).toBe(MASK);
    expect(JSON.stringify(out.resources)).not.toContain('EXAMPLE-0nly');
  });

  it('leaves the batch worker count unknown (set per run)', () => {
    const desired = props(out, 'aws_ecs_service.batch').desiredCount;
    expect(desired).toBeInstanceOf(Unknown);
    expect((desired as Unknown).reason).toBe('variable batch_desired_count has no value');
  });
});
