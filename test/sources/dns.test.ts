/**
 * Route 53 records and health checks → dns.record / dns.health-check, in
 * Terraform and CloudFormation: routing policies, the failover role,
 * health check edges, aliases, RecordSetGroup items, and what stays unknown.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResourceGraph } from '../../src/graph/graph.js';
import type { Resource } from '../../src/graph/types.js';
import { isUnknown } from '../../src/graph/values.js';
import { analyze } from '../../src/scan.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function graphOf(file: string, text: string): Promise<ResourceGraph> {
  const dir = mkdtempSync(join(tmpdir(), 'resilint-dns-'));
  dirs.push(dir);
  writeFileSync(join(dir, file), text);
  const a = await analyze({ paths: [dir], root: dir });
  expect(a.errors).toEqual([]);
  return a.graph;
}

const record = (g: ResourceGraph, address: string) => g.ofKind('dns.record').find((r) => r.address === address) as Resource<'dns.record'>;

describe('Terraform Route 53', () => {
  it('reads the failover role, health check edge, alias and other routing policies', async () => {
    const g = await graphOf(
      'main.tf',
      `
variable "role" {
  type = string
}
resource "aws_route53_zone" "z" {
  name = "example.com"
}
resource "aws_route53_health_check" "hc" {
  fqdn              = "a.example.com"
  type              = "https"
  failure_threshold = 2
}
resource "aws_route53_record" "p" {
  zone_id         = aws_route53_zone.z.zone_id
  name            = "api"
  type            = "A"
  set_identifier  = "p"
  health_check_id = aws_route53_health_check.hc.id
  alias {
    name                   = "lb.example.net"
    zone_id                = "Z1"
    evaluate_target_health = true
  }
  failover_routing_policy {
    type = "primary"
  }
}
resource "aws_route53_record" "dyn" {
  zone_id        = aws_route53_zone.z.zone_id
  name           = "api"
  type           = "A"
  set_identifier = "d"
  records        = ["192.0.2.1"]
  ttl            = 60
  failover_routing_policy {
    type = var.role
  }
}
resource "aws_route53_record" "lat" {
  zone_id        = "Z0123456789"
  name           = "api"
  type           = "A"
  set_identifier = "tokyo"
  records        = ["192.0.2.1"]
  ttl            = 60
  latency_routing_policy {
    region = "ap-northeast-1"
  }
}
resource "aws_route53_record" "mv" {
  zone_id                          = "Z0123456789"
  name                             = "mv"
  type                             = "A"
  set_identifier                   = "one"
  records                          = ["192.0.2.1"]
  ttl                              = 60
  multivalue_answer_routing_policy = true
}
`,
    );
    const p = record(g, 'aws_route53_record.p');
    expect(p.props).toMatchObject({ name: 'api', type: 'A', routingPolicy: 'failover', failover: 'PRIMARY', healthCheckId: 'aws_route53_health_check.hc', alias: { target: 'lb.example.net', evaluateTargetHealth: true } });
    expect(p.props.zone).toBe(record(g, 'aws_route53_record.dyn').props.zone);
    expect(g.outgoing(p.id, 'health-checked-by').map((e) => e.to)).toEqual(['aws_route53_health_check.hc']);
    const hc = g.ofKind('dns.health-check')[0];
    expect(hc.props).toMatchObject({ type: 'HTTPS', failureThreshold: 2 });
    expect(hc.props.requestInterval).toBeUndefined();
    const dyn = record(g, 'aws_route53_record.dyn');
    expect(dyn.props.routingPolicy).toBe('failover');
    expect(isUnknown(dyn.props.failover) && dyn.props.failover.reason).toMatch(/role/);
    expect(record(g, 'aws_route53_record.lat').props).toMatchObject({ routingPolicy: 'latency', zone: 'Z0123456789', failover: undefined });
    expect(record(g, 'aws_route53_record.mv').props.routingPolicy).toBe('multivalue');
  });
});

describe('CloudFormation Route 53', () => {
  it('makes one record per RecordSetGroup item, located at the item, with the group zone', async () => {
    const g = await graphOf(
      'dns.yaml',
      `Resources:
  Zone:
    Type: AWS::Route53::HostedZone
    Properties:
      Name: example.com
  Check:
    Type: AWS::Route53::HealthCheck
    Properties:
      HealthCheckConfig:
        Type: HTTP
        IPAddress: 192.0.2.1
        RequestInterval: 10
        Disabled: true
  Group:
    Type: AWS::Route53::RecordSetGroup
    Properties:
      HostedZoneId: !Ref Zone
      RecordSets:
        - Name: api.example.com
          Type: A
          SetIdentifier: p
          Failover: PRIMARY
          HealthCheckId: !Ref Check
          ResourceRecords: [192.0.2.1]
          TTL: "60"
        - Name: api.example.com
          Type: A
          SetIdentifier: s
          Failover: SECONDARY
          AliasTarget:
            DNSName: s3-website-ap-northeast-3.amazonaws.com
            HostedZoneId: Z2YQB5RD63NC85
  Weighted:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: Example.COM.
      Name: w.example.com
      Type: CNAME
      SetIdentifier: blue
      Weight: 10
      ResourceRecords: [blue.example.com]
      TTL: "60"
`,
    );
    const items = g.ofKind('dns.record').filter((r) => r.address.startsWith('dns/Group'));
    expect(items.map((r) => [r.address, r.provenance.location?.line])).toEqual([
      ['dns/Group.RecordSets[0]', 19],
      ['dns/Group.RecordSets[1]', 26],
    ]);
    const [p, s] = items as Resource<'dns.record'>[];
    expect(p.props).toMatchObject({ routingPolicy: 'failover', failover: 'PRIMARY', name: 'api.example.com' });
    expect(s.props).toMatchObject({ failover: 'SECONDARY', alias: { target: 's3-website-ap-northeast-3.amazonaws.com', evaluateTargetHealth: undefined }, healthCheckId: undefined });
    expect(p.props.zone).toBe(s.props.zone);
    expect(g.outgoing(p.id, 'health-checked-by')).toHaveLength(1);
    expect(g.ofKind('dns.health-check')[0].props).toMatchObject({ type: 'HTTP', requestInterval: 10, disabled: true });
    expect(record(g, 'dns/Weighted').props).toMatchObject({ routingPolicy: 'weighted', zone: 'name:example.com' });
  });
});
