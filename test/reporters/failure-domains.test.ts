/**
 * The failure-domain views: the shared arrangement (domain and workload
 * order, blast radius, single points of failure), the HTML section's markup
 * and data, the Markdown matrix and the text block.
 */
import { describe, expect, it } from 'vitest';
import { blastRadius, domainHeadlines, duration, failureView, singlePointsOfFailure } from '../../reporters/failure-domains.js';
import { BLAST_LIST, buildFailureData, cellClass, cellText, GRAPH_NODES, GRAPH_WORKLOADS, graphSvg, workloadGraph } from '../../reporters/html/failure.js';
import { renderHtml } from '../../reporters/html/index.js';
import { renderMarkdown } from '../../reporters/markdown.js';
import { renderText } from '../../reporters/text.js';
import { AZ1, AZ2, AZ4, failureResult, failureSample, largeFailureSample, NAT, REGION, SYM } from '../support/failure-sample.js';
import { HOSTILE, sampleResult } from '../support/sample-result.js';

const TIERS = ['critical', 'high', 'medium'];

function dataBlock(out: string): { fd?: ReturnType<typeof buildFailureData> } {
  const m = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(out);
  return JSON.parse(m![1]);
}

/** The matrix row of a workload, as [symbol + hidden text] per cell. */
function matrixRow(out: string, address: string): string[] {
  const rows = out.split('<tr data-w=').slice(1);
  const row = rows.find((r) => r.includes(`<span class="fd-addr mono">${address}</span>`));
  expect(row, address).toBeDefined();
  return [...row!.matchAll(/<td class="([^"]+)"[^>]*><span class="fd-sym" aria-hidden="true">([^<]*)<\/span>(?:<span class="fd-vm [^"]+" aria-hidden="true">(.)<\/span>)?<span class="sr-only">([^<]*)<\/span><\/td>/g)].map(
    (m) => `${m[1]}|${m[2]}${m[3] ?? ''}|${m[4]}`,
  );
}

describe('failure view', () => {
  const fd = failureSample();
  const view = failureView(fd, TIERS);

  it('orders domains: AZs grouped by Region, the symbolic AZ after the known ones, then Regions', () => {
    expect(view.domains.map((d) => d.id)).toEqual([AZ1, AZ2, AZ4, SYM, REGION]);
  });

  it('orders workloads: critical, then high, then medium; worst state first within a tier', () => {
    expect(view.workloads.map((w) => `${w.tier} ${w.address}`)).toEqual([
      'critical module.checkout.aws_ecs_service.this',
      'critical module.orders_db.aws_rds_cluster.this',
      'high aws_lb.public',
      'high module.payments.aws_ecs_service.this',
      'medium aws_db_instance.reporting',
      'medium aws_elasticache_replication_group.sessions',
    ]);
  });

  it('lists the blast radius per domain, most important losses first', () => {
    const b = blastRadius(view, fd, TIERS);
    expect(b.map((x) => x.domain.id)).toEqual([AZ1, AZ2, AZ4, SYM, REGION]);
    const az1 = b[0];
    expect(az1.down.map((i) => i.workload)).toEqual(['ecs:checkout', 'ecs:payments']);
    expect(az1.degraded.map((i) => i.workload)).toEqual(['db:orders', 'lb:public']);
    expect(az1.unknown.map((i) => i.workload)).toEqual(['cache:sessions']);
    const region = b[b.length - 1];
    expect(region.down).toHaveLength(6);
    expect(region.down[0].workload).toBe('ecs:checkout');
  });

  it('finds the shared NAT gateway as the single point of failure behind both services', () => {
    const spofs = singlePointsOfFailure(view, fd, TIERS);
    expect(spofs).toHaveLength(1);
    expect(spofs[0].step.address).toBe(NAT);
    expect(spofs[0].domains.map((d) => d.id)).toEqual([AZ1]);
    expect(spofs[0].workloads.map((w) => w.address)).toEqual(['module.checkout.aws_ecs_service.this', 'module.payments.aws_ecs_service.this']);
    expect(spofs[0].topTier).toBe(2);
  });

  it('gives per domain the critical/high workloads down and the worst documented RTO, counting those without a figure', () => {
    const h = Object.fromEntries(domainHeadlines(view, fd).map((x) => [x.domain.id, x]));
    // AZ1: checkout down with no figure, payments down at 30 min (policy), orders and the ALB degraded.
    expect(h[AZ1]).toMatchObject({ top: 4, topDown: 2, topDegraded: 2, rtoUnknown: 1 });
    expect(h[AZ1].worstRto).toMatchObject({ seconds: 1800, source: 'policy policy.yaml:42' });
    expect(h[REGION]).toMatchObject({ topDown: 4, rtoUnknown: 2 });
    expect(h[REGION].worstRto?.seconds).toBe(28_800);
    expect(h[SYM]).toMatchObject({ topDown: 0, topDegraded: 0, topUnknown: 4, worstRto: undefined });
  });

  it('writes durations for people, and no figure as such', () => {
    expect([duration(45), duration(90), duration(900), duration(7200), duration(5400), duration(259_200), duration(undefined)]).toEqual([
      '45 s',
      '1 min 30 s',
      '15 min',
      '2 h',
      '1 h 30 min',
      '3 days',
      'no figure',
    ]);
  });
});

describe('HTML failure-domains section', () => {
  it('is absent without a failure simulation, and linked from the navigation with one', () => {
    const without = renderHtml(sampleResult(10));
    expect(without).not.toContain('id="failure-domains"');
    expect(without).not.toContain('href="#failure-domains"');
    const out = renderHtml(failureResult());
    expect(out).toContain('<section id="failure-domains"');
    expect(out).toContain('<a href="#failure-domains">Failure domains</a>');
  });

  it('colours each cell by state and marks it with a symbol and text, breached and unknown verdicts included', () => {
    const out = renderHtml(failureResult());
    // Columns: apne1-az1, apne1-az2, apne1-az4, the symbolic AZ, the Region.
    expect(matrixRow(out, 'module.checkout.aws_ecs_service.this')).toEqual([
      'fd-c fd-down|✗?|down; RTO unknown, RPO met',
      'fd-c fd-degraded|◐|degraded; RTO met, RPO met',
      'fd-c fd-degraded|◐|degraded; RTO met, RPO met',
      'fd-c fd-unknown|??|unknown; RTO unknown, RPO unknown',
      'fd-c fd-down fd-breached|✗!|down; RTO breached, RPO breached',
    ]);
    expect(matrixRow(out, 'module.orders_db.aws_rds_cluster.this')).toEqual([
      'fd-c fd-degraded|◐|degraded; RTO met, RPO met',
      'fd-c fd-unaffected|✓|unaffected; RTO met, RPO met',
      'fd-c fd-unaffected|✓|unaffected; RTO met, RPO met',
      'fd-c fd-unknown|??|unknown; RTO unknown, RPO unknown',
      'fd-c fd-down fd-breached|✗!|down; RTO breached, RPO breached',
    ]);
    // Regions group the AZ columns; the symbolic AZ has no Region.
    expect(out).toContain('<th scope="colgroup" colspan="3" class="fd-region">ap-northeast-1</th><th scope="colgroup" colspan="1" class="fd-region">Region not known</th><th scope="colgroup" colspan="1" class="fd-region">Regions</th>');
    expect(cellClass(undefined)).toBe('fd-c fd-none');
    expect(cellText(undefined)).toBe('not simulated');
  });

  it('puts each cell\'s detail (capacity, RTO/RPO with sources, path) in the data block', () => {
    const out = renderHtml(failureResult());
    const fd = dataBlock(out).fd!;
    expect(fd.workloads[0]).toBe('module.checkout.aws_ecs_service.this');
    expect(fd.domains).toEqual(['apne1-az1 (ap-northeast-1a)', 'apne1-az2 (ap-northeast-1c)', 'apne1-az4 (ap-northeast-1d)', 'AZ #3 of data.aws_availability_zones.available', 'ap-northeast-1']);
    const s = (i: number) => fd.str[i];
    const checkoutAz1 = fd.impacts.find((c) => c.w === 0 && c.d === 0)!;
    expect(fd.states[checkoutAz1.s]).toBe('down');
    expect(checkoutAz1.rto.map(s)).toEqual(['no figure', 'none', 'no automatic recovery: the NAT gateway must be recreated in another AZ and the route table changed', 'no documented figure']);
    expect(checkoutAz1.p!.map((p) => p.map(s))).toEqual([
      ['module.vpc.aws_subnet.private[1]', 'in-subnet', 'network/main.tf:41'],
      ['aws_route_table.private', 'uses-route-table', 'network/main.tf:77'],
      [NAT, 'routes-via', 'network/main.tf:58'],
    ]);
    const checkoutAz2 = fd.impacts.find((c) => c.w === 0 && c.d === 1)!;
    expect(checkoutAz2.cap).toBe('4 of 6 tasks left, 4 required');
    expect(s(checkoutAz2.rto[2])).toBe('https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html');
    expect(s(checkoutAz2.tg)).toBe('tier critical: RTO 15 min, RPO 0 s');
    // Every cell of the matrix points at its impact.
    expect([...out.matchAll(/<td class="fd-c[^"]*" data-k="(\d+)"/g)].map((m) => Number(m[1]))).toEqual(fd.impacts.map((_, i) => i));
  });

  it('lists the blast radius, notes and the recovery table with sources as links', () => {
    const out = renderHtml(failureResult());
    const az1 = out.split('<article class="fd-br" data-domain="az:ap-northeast-1:apne1-az1">')[1].split('</article>')[0];
    expect(az1).toContain('2 workloads down');
    expect(az1.indexOf('module.checkout.aws_ecs_service.this')).toBeLessThan(az1.indexOf('module.payments.aws_ecs_service.this'));
    expect(az1).toContain('2 workloads degraded');
    expect(out).toContain('AZ #3 of data.aws_availability_zones.available cannot be mapped to a physical AZ offline');
    expect(out).toContain('<a href="https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html" rel="noopener noreferrer" class="mono small">');
    expect(out).toContain('<td>Payments override</td><td class="num">30 min</td><td class="num"><span class="muted">no figure</span></td><td><span class="mono small">policy policy.yaml:42</span></td>');
  });

  it('draws the dependency picture with the path to the NAT gateway marked as the single point of failure', () => {
    const view = failureView(failureSample(), TIERS);
    const g = workloadGraph(view, 'ecs:checkout')!;
    expect(g.nodes.map((n) => `${n.kind}:${n.label}${n.spof ? ':SPOF' : ''}${n.hot ? ':hot' : ''}`)).toEqual([
      'workload:module.checkout.aws_ecs_service.this:hot',
      'step:module.vpc.aws_subnet.private[1]:hot',
      'step:aws_route_table.private:hot',
      `step:${NAT}:SPOF:hot`,
      'domain:lost: apne1-az1:hot',
    ]);
    expect(g.edges.map((e) => e.relation)).toEqual(['in-subnet', 'uses-route-table', 'routes-via', 'fails with']);
    const svg = graphSvg(g).value;
    expect(svg).toMatch(/^<svg class="fd-graph" width="[\d.]+" height="[\d.]+"/);
    expect(svg).toContain('aria-label="Dependencies of module.checkout.aws_ecs_service.this; path to single point of failure aws_nat_gateway.this[0] highlighted"');
    expect(svg.match(/class="fd-n fd-n-step fd-hot fd-spof"/g)).toHaveLength(1);
    expect(svg.match(/class="fd-e fd-hot"/g)).toHaveLength(4);
    expect(svg).not.toMatch(/NaN|undefined/);
    // No path, no picture.
    expect(workloadGraph(view, 'db:orders')).toBeUndefined();
    const out = renderHtml(failureResult());
    expect(out).toContain('<option value="0" selected>module.checkout.aws_ecs_service.this (critical)</option><option value="1">module.payments.aws_ecs_service.this (high)</option>');
    expect(out).toContain('<figure class="fd-fig" data-g="1" hidden>');
  });

  it('lays out paths that loop back or repeat a step without breaking the picture', () => {
    const fd = failureSample();
    const i = fd.impacts.find((x) => x.workload === 'ecs:checkout' && x.domain === AZ1)!;
    i.path = [...i.path!, { id: 'subnet:module.vpc.aws_subnet.private[1]', address: 'module.vpc.aws_subnet.private[1]', relation: 'declared' }, { id: 'nat:0', address: NAT, relation: 'routes-via' }];
    const g = workloadGraph(failureView(fd, TIERS), 'ecs:checkout')!;
    expect(g.nodes).toHaveLength(5);
    const svg = graphSvg(g).value;
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(svg.match(/class="fd-n /g)).toHaveLength(5);
  });

  it('escapes hostile addresses, reasons, relations, notes and sources, and links only http(s) sources', () => {
    const out = renderHtml(failureResult({ hostile: true }));
    const html = out.replace(/<script type="application\/json" id="data">[\s\S]*?<\/script>/, '');
    const section = html.split('<section id="failure-domains"')[1].split('</section>')[0];
    expect(section).not.toContain('<img');
    expect(section).not.toContain('<script');
    expect(section).not.toContain(HOSTILE.attr);
    expect(section).toContain('aws_ecs_service.&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;');
    expect(section).toContain('Note &lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(section).toContain('<span class="mono small">javascript:alert(1)//&quot;&gt;&lt;img');
    expect(section).not.toMatch(/href="javascript:/i);
    // In the picture too (hostile subnet and relation).
    expect(section).toContain('aws_subnet.&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    const json = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(out)![1];
    expect(json).not.toMatch(/[<>&]/);
    expect(JSON.parse(json).fd.workloads).toContain(`aws_ecs_service.${HOSTILE.img}`);
  });

  it('caps the pictures and their nodes, and says so in the page', () => {
    const result = sampleResult(20);
    result.failureDomains = largeFailureSample(200, 4, 4);
    const out = renderHtml(result);
    expect(out.match(/<figure class="fd-fig"/g)).toHaveLength(GRAPH_WORKLOADS);
    expect(out).toContain(`Shown for the first ${GRAPH_WORKLOADS} workloads with a path (critical and high first) of`);
    expect(out).toContain(`each picture has at most ${GRAPH_NODES} nodes`);
    // Critical first in the select box.
    const opts = [...out.matchAll(/<option value="\d+"(?: selected)?>[^<]* \((\w+)\)<\/option>/g)].map((m) => m[1]);
    expect(opts.indexOf('medium')).toBeGreaterThan(opts.lastIndexOf('critical'));
    expect(opts.indexOf('medium')).toBeGreaterThan(opts.lastIndexOf('high'));
    // A picture never exceeds the node cap; the cap keeps down paths first.
    const view = failureView(result.failureDomains, TIERS);
    const g = workloadGraph(view, 'w3', 6)!;
    expect(g.nodes.length).toBeLessThanOrEqual(6);
    expect(g.omitted).toBeGreaterThan(0);
    expect(g.nodes.some((n) => n.spof)).toBe(true);
    // Blast radius lists are capped.
    expect(out).toContain(`… and ${200 - BLAST_LIST} more`);
  });

  it('stays a few MB for 10,000 results and 500 workloads × 20 domains', () => {
    const result = sampleResult(10_000);
    result.failureDomains = largeFailureSample(500, 4, 4);
    const out = renderHtml(result);
    expect(out.match(/<td class="fd-c/g)).toHaveLength(500 * 20);
    const mb = out.length / 1024 / 1024;
    console.log(`[html report] 10,000 results + 500 workloads × 20 domains: ${mb.toFixed(2)} MB`);
    expect(mb).toBeLessThan(12);
  });
});

describe('Markdown failure-domain matrix', () => {
  it('shows critical and high workloads with a symbol per domain, a legend, and the top single points of failure', () => {
    const md = renderMarkdown(failureResult());
    const lines = md.split('\n');
    expect(lines).toContain('### Failure domains');
    expect(md).toContain('✅ unaffected · 🟠 degraded · ❌ down · ❓ unknown · ⏱ RTO or RPO target breached');
    expect(lines).toContain(
      '| Workload | Tier | apne1-az1 (ap-northeast-1a) | apne1-az2 (ap-northeast-1c) | apne1-az4 (ap-northeast-1d) | AZ #3 of data.aws\\_availability\\_zones.available | ap-northeast-1 |',
    );
    expect(lines).toContain('| `module.checkout.aws_ecs_service.this` | critical | ❌ ❔ | 🟠 | 🟠 | ❓ ❔ | ❌ ⏱ |');
    expect(lines).toContain('| `module.orders_db.aws_rds_cluster.this` | critical | 🟠 | ✅ | ✅ | ❓ ❔ | ❌ ⏱ |');
    expect(lines).toContain('| `module.payments.aws_ecs_service.this` | high | ❌ ⏱ | ✅ | 🟠 | ❓ ❔ | ❌ ❔ |');
    // Medium workloads are not in the PR comment's matrix.
    expect(md).not.toContain('| `aws_db_instance.reporting` |');
    expect(lines).toContain(
      '- `aws_nat_gateway.this[0]` — losing apne1-az1 (ap-northeast-1a) takes down 2 workloads (2 critical/high): `module.checkout.aws_ecs_service.this`, `module.payments.aws_ecs_service.this`',
    );
    expect(md).not.toContain('more critical/high workload');
  });

  it('caps rows and columns with "and N more", and escapes hostile addresses', () => {
    const result = sampleResult(10);
    result.failureDomains = largeFailureSample(100, 4, 4);
    const md = renderMarkdown(result, { matrixRows: 5, matrixColumns: 6 });
    const rows = md.split('\n').filter((l) => l.startsWith('| `module.svc_'));
    expect(rows).toHaveLength(5);
    expect(rows[0].split(' | ')).toHaveLength(2 + 6);
    expect(md).toContain('…and 15 more critical/high workloads and 14 more domains in the full report.');

    const hostile = renderMarkdown(failureResult({ hostile: true }));
    const section = hostile.slice(hostile.indexOf('### Failure domains'));
    // Inside a code span the markup is inert text; outside one it is escaped.
    expect(section.split('\n')).toContain('| `aws_ecs_service."><img src=x onerror="window.__pwned=2">` | high | ❌ ❔ | – | – | – | – |');
    expect(section.replace(/`[^`]*`/g, '')).not.toMatch(/<img|<script/);
    expect(section).toContain('Note &lt;script&gt;window.\\_\\_pwned = 1&lt;/script&gt;');
  });

  it('says nothing about failure domains when the simulation did not run', () => {
    expect(renderMarkdown(sampleResult(10))).not.toContain('Failure domains');
  });
});

describe('text failure-domain block', () => {
  it('gives per AZ and Region the critical/high workloads down and the worst estimated RTO, after the summary', () => {
    const text = renderText(failureResult());
    const lines = text.trimEnd().split('\n');
    const at = lines.indexOf('Failure domains — critical/high workloads down if the domain is lost; worst estimated RTO');
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 2]).toMatch(/passed, \d+ failed/);
    expect(lines.slice(at + 1)).toEqual([
      '  AZ     apne1-az1 (ap-northeast-1a)                     2 of 4 down, 2 degraded; worst RTO 30 min (ecs-reschedule), 1 with no documented figure',
      '  AZ     apne1-az2 (ap-northeast-1c)                     0 of 4 down, 1 degraded; worst RTO 5 min (ecs-reschedule)',
      '  AZ     apne1-az4 (ap-northeast-1d)                     0 of 4 down, 2 degraded; worst RTO 5 min (ecs-reschedule)',
      '  AZ     AZ #3 of data.aws_availability_zones.available  0 of 4 down, 4 unknown; worst RTO —',
      '  Region ap-northeast-1                                  4 of 4 down; worst RTO 8 h (pitr-restore), 2 with no documented figure',
      '  2 things could not be simulated; see the JSON or HTML report',
    ]);
    expect(renderText(sampleResult(10))).not.toContain('Failure domains');
  });
});
