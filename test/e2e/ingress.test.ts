/**
 * The ingress path (service → target group → load balancer → its subnets)
 * from the three IaC forms of fixtures/ingress/: the same nodes, edges and
 * verdicts, each edge at the reference that creates it. Every scan must
 * give exactly fixtures/ingress/<form>.expected.json (rule, resource,
 * status, file and line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../reporters/index.js';
import type { ScanResult } from '../../src/engine/result.js';
import { analyze, scan, type Analysis } from '../../src/scan.js';
import { assertReport, assertSarif } from '../support/schemas.js';

const BASE = join(import.meta.dirname, '../../fixtures/ingress');

interface Expected {
  results: { ruleId: string; address: string; status: string; file: string; line: number }[];
}

/** 1-based line of the only line of `file` (in `form`) that contains `text`; with `after`, the first such line after the one containing `after`. */
function lineOf(form: string, file: string, text: string, after?: string): number {
  const lines = readFileSync(join(BASE, form, file), 'utf8').split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const hits = lines.flatMap((l, i) => (i >= from && l.includes(text) ? [i + 1] : []));
  if (after !== undefined && from >= 0 && hits.length > 0) return hits[0];
  if (hits.length !== 1) throw new Error(`${text}: ${hits.length} lines in ${file}`);
  return hits[0];
}

async function scanForm(form: string): Promise<[ScanResult, Analysis]> {
  const dir = join(BASE, form);
  const options = { paths: [dir], root: dir, now: () => new Date('2026-12-01T00:00:00Z') };
  return [await scan(options), await analyze(options)];
}

/** Addresses per form, so one set of expectations reads all three. */
const FORMS = {
  terraform: {
    web: 'aws_lb.web', partner: 'aws_lb.partner', orders: 'aws_ecs_service.orders', partnerApi: 'aws_ecs_service.partner_api', admin: 'aws_ecs_service.admin',
    tgOrders: 'aws_lb_target_group.orders', tgAdmin: 'aws_lb_target_group.admin', tgPartner: 'aws_lb_target_group.partner', privateA: 'aws_subnet.private[0]',
  },
  plan: {
    web: 'aws_lb.web', partner: 'aws_lb.partner', orders: 'aws_ecs_service.orders', partnerApi: 'aws_ecs_service.partner_api', admin: 'aws_ecs_service.admin',
    tgOrders: 'aws_lb_target_group.orders', tgAdmin: 'aws_lb_target_group.admin', tgPartner: 'aws_lb_target_group.partner', privateA: 'aws_subnet.private[0]',
  },
  cloudformation: {
    web: 'shop/WebLoadBalancer', partner: 'shop/PartnerLoadBalancer', orders: 'shop/OrdersService', partnerApi: 'shop/PartnerApiService', admin: 'shop/AdminService',
    tgOrders: 'shop/OrdersTargetGroup', tgAdmin: 'shop/AdminTargetGroup', tgPartner: 'shop/PartnerTargetGroup', privateA: 'shop/PrivateSubnet1',
  },
} as const;

describe.each(Object.keys(FORMS) as (keyof typeof FORMS)[])('ingress fixture, %s', (form) => {
  const a = FORMS[form];
  let result: ScanResult;
  let analysis: Analysis;
  const get = (address: string) => {
    const r = [...analysis.graph.resources()].find((x) => x.address === address);
    if (!r) throw new Error(`${address} not in the graph`);
    return r;
  };
  const edges = (kind: string, from: string) => analysis.graph.edges.filter((e) => e.kind === kind && e.from === get(from).id).map((e) => ({ to: analysis.graph.get(e.to)!.address, file: e.location?.file, line: e.location?.line, data: e.data }));

  it('gives exactly the expected verdicts at the expected lines', async () => {
    [result, analysis] = await scanForm(form);
    expect(result.errors).toEqual([]);
    const expected = JSON.parse(readFileSync(join(BASE, `${form}.expected.json`), 'utf8')) as Expected;
    const actual = result.findings.map((f) => ({ ruleId: f.ruleId, address: f.resource.address, status: f.status, file: f.location?.file, line: f.location?.line }));
    const key = (x: { ruleId: string; address: string }) => `${x.ruleId} ${x.address}`;
    expect(actual.map(key).sort()).toEqual(expected.results.map(key).sort());
    for (const e of expected.results) expect(actual.find((x) => key(x) === key(e)), key(e)).toEqual(e);
  });

  it('normalizes load balancers and target groups with the AWS defaults applied', () => {
    expect(get(a.web)).toMatchObject({ kind: 'lb.load-balancer', props: { type: 'application', scheme: 'internet-facing', crossZone: true, deletionProtection: true } });
    expect(get(a.partner)).toMatchObject({ kind: 'lb.load-balancer', props: { type: 'network', scheme: 'internal', crossZone: false, subnetMappingCount: 1 } });
    expect(get(a.partner).props).not.toHaveProperty('deletionProtection', true);
    expect(get(a.tgOrders)).toMatchObject({
      kind: 'lb.target-group',
      props: { protocol: 'HTTP', targetType: 'ip', healthCheck: { enabled: true, path: '/healthz', intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 2 } },
    });
    // No health check written: AWS's defaults apply (absent, not invented).
    expect(get(a.tgPartner).props).toMatchObject({ protocol: 'TCP', targetType: 'ip' });
    expect((get(a.tgPartner).props as { healthCheck?: unknown }).healthCheck).toBeUndefined();
  });

  it('links service → target group → load balancer → subnets, each edge where it is written', () => {
    const reg = edges('registers-with', a.orders);
    expect(reg.map((e) => e.to)).toEqual([a.tgOrders]);
    expect(edges('registers-with', a.partnerApi).map((e) => e.to)).toEqual([a.tgPartner]);
    const fwd = edges('forwards-to', a.web);
    expect(fwd.map((e) => e.to).sort()).toEqual([a.tgAdmin, a.tgOrders].sort());
    const rule = fwd.find((e) => e.to === a.tgAdmin)!;
    expect(rule.data).toMatchObject({ port: 443, protocol: 'HTTPS', weight: 100 });
    expect(rule.data?.rule).toBeDefined();
    expect(fwd.find((e) => e.to === a.tgOrders)!.data).toMatchObject({ port: 443, protocol: 'HTTPS' });
    expect(edges('in-subnet', a.web)).toHaveLength(3);
    expect(edges('in-subnet', a.partner).map((e) => e.to)).toEqual([a.privateA]);
    if (form === 'terraform') {
      expect(reg[0]).toMatchObject({ file: 'ecs.tf', line: lineOf(form, 'ecs.tf', 'target_group_arn = aws_lb_target_group.orders.arn') });
      expect(fwd.find((e) => e.to === a.tgOrders)).toMatchObject({ file: 'ingress.tf', line: lineOf(form, 'ingress.tf', 'target_group_arn = aws_lb_target_group.orders.arn') });
      expect(rule).toMatchObject({ file: 'ingress.tf', line: lineOf(form, 'ingress.tf', 'arn    = aws_lb_target_group.admin.arn') });
      expect(edges('in-subnet', a.partner)[0]).toMatchObject({ file: 'ingress.tf', line: lineOf(form, 'ingress.tf', 'subnet_id            = aws_subnet.private[0].id') });
    } else if (form === 'cloudformation') {
      expect(reg[0]).toMatchObject({ file: 'shop.yaml', line: lineOf(form, 'shop.yaml', 'TargetGroupArn: !Ref OrdersTargetGroup', 'OrdersService:') });
      expect(fwd.find((e) => e.to === a.tgOrders)).toMatchObject({ file: 'shop.yaml', line: lineOf(form, 'shop.yaml', 'TargetGroupArn: !Ref OrdersTargetGroup', 'HttpsListener:') });
      expect(rule).toMatchObject({ file: 'shop.yaml', line: lineOf(form, 'shop.yaml', '- TargetGroupArn: !Ref AdminTargetGroup') });
      expect(edges('in-subnet', a.partner)[0]).toMatchObject({ file: 'shop.yaml', line: lineOf(form, 'shop.yaml', '- SubnetId: !Ref PrivateSubnet1') });
    } else {
      // A plan sits apart from its .tf files: every edge points into plan.json.
      for (const e of [...reg, ...fwd]) expect(e.file).toBe('plan.json');
    }
  });

  it('carries the tier of the critical service to the untagged load balancer in front of it', async () => {
    const web = result.findings.find((f) => f.ruleId === 'single-point-of-failure' && f.resource.address === a.web)!;
    expect(web.resource).toMatchObject({ tier: 'critical', tierSource: 'inherited' });
    expect(web.resource.tierDetail).toContain(`inherited from ${a.orders}`);
  });

  it('simulates the one-AZ load balancer: down with its AZ, and the service behind it loses its ingress', () => {
    const fd = analysis.failures;
    const az1a = fd.domains.find((d) => d.kind === 'az' && d.label.startsWith('ap-northeast-1a'))!;
    const impact = (address: string) => fd.impacts.find((i) => i.workload === get(address).id && i.domain === az1a.id)!;
    expect(impact(a.partner)).toMatchObject({ state: 'down', capacity: { unit: 'zones', before: 1, after: 0, required: 1 } });
    expect(impact(a.partner).path!.map((s) => s.address)).toEqual([a.partner, a.privateA]);
    expect(impact(a.partnerApi)).toMatchObject({ state: 'down', rtoVerdict: 'breached' });
    expect(impact(a.partnerApi).path!.map((s) => s.address)).toEqual([a.partnerApi, a.tgPartner, a.partner, a.privateA]);
    expect(impact(a.web)).toMatchObject({ state: 'degraded', capacity: { unit: 'zones', before: 3, after: 2, required: 1 } });
    expect(impact(a.orders).state).toBe('degraded');
    const spof = result.findings.find((f) => f.ruleId === 'single-point-of-failure' && f.resource.address === a.partner)!;
    // Judged at the tier it inherits from the critical service: critical severity.
    expect(spof).toMatchObject({ status: 'fail', severity: 'critical' });
    expect(spof.message).toContain(`path: ${a.partnerApi} → ${a.tgPartner} → ${a.partner}`);
  });

  it('renders reports that follow their schemas', () => {
    expect(() => assertReport(JSON.parse(renderReport(result, 'json')))).not.toThrow();
    expect(() => assertSarif(JSON.parse(renderReport(result, 'sarif')))).not.toThrow();
  });
});
