/**
 * Hand-made failure simulation results for the reporters' failure-domain
 * views: a small Tokyo estate (three AZs compared by AZ ID, one symbolic AZ,
 * the Region), a NAT gateway shared by every private subnet (a single point
 * of failure reached through subnet → route table → NAT gateway), met,
 * breached and unknown verdicts, and figures with and without a source; and
 * a generated large estate for size and speed checks.
 */
import type {
  FailureDomain,
  FailureDomainsResult,
  ImpactStep,
  RecoveryFigure,
  TargetVerdict,
  WorkloadImpact,
  WorkloadState,
  WorkloadSummary,
} from '../../src/analysis/failure-types.js';
import type { ScanResult } from '../../src/engine/result.js';
import { HOSTILE, sampleResult } from './sample-result.js';

const R = 'ap-northeast-1';
export const AZ1 = `az:${R}:apne1-az1`;
export const AZ2 = `az:${R}:apne1-az2`;
export const AZ4 = `az:${R}:apne1-az4`;
export const SYM = 'az:?:AZ #3 of data.aws_availability_zones.available';
export const REGION = `region:${R}`;

const DOCS = {
  ecs: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html',
  aurora: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html',
  pitr: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html',
  elb: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html',
  backup: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html',
};

export const DOMAINS: FailureDomain[] = [
  { id: REGION, kind: 'region', region: R, label: R, comparedBy: 'region' },
  { id: AZ2, kind: 'az', region: R, label: 'apne1-az2', azId: 'apne1-az2', azNames: { '111122223333': 'ap-northeast-1c' }, comparedBy: 'az-id' },
  { id: SYM, kind: 'az', label: 'AZ #3 of data.aws_availability_zones.available', comparedBy: 'symbolic' },
  { id: AZ1, kind: 'az', region: R, label: 'apne1-az1', azId: 'apne1-az1', azNames: { '111122223333': 'ap-northeast-1a' }, comparedBy: 'az-id' },
  { id: AZ4, kind: 'az', region: R, label: 'apne1-az4', azId: 'apne1-az4', azNames: { '111122223333': 'ap-northeast-1d' }, comparedBy: 'az-id' },
];

export const NAT = 'aws_nat_gateway.this[0]';

/** workload → private subnet → shared route table → the one NAT gateway (in apne1-az1). */
function natPath(workload: string, address: string, subnet: string): ImpactStep[] {
  return [
    { id: workload, address },
    { id: `subnet:${subnet}`, address: subnet, relation: 'in-subnet', location: { file: 'network/main.tf', line: 41, column: 1 } },
    { id: 'rtb:private', address: 'aws_route_table.private', relation: 'uses-route-table', location: { file: 'network/main.tf', line: 77, column: 1 } },
    { id: 'nat:0', address: NAT, relation: 'routes-via', location: { file: 'network/main.tf', line: 58, column: 1 }, arn: 'arn:aws:ec2:ap-northeast-1:111122223333:natgateway/nat-0a1b2c3d4e5f60718' },
  ];
}

const fig = (behaviour: string, source: string, seconds?: number, note?: string): RecoveryFigure => ({ behaviour, source, ...(seconds === undefined ? {} : { seconds }), ...(note ? { note } : {}) });
const NONE = fig('none', 'no automatic recovery: the NAT gateway must be recreated in another AZ and the route table changed', undefined, 'no documented figure');
const NO_LOSS = fig('stateless', 'the service keeps no state', 0);

interface W {
  id: string;
  address: string;
  kind: string;
  tier: string;
  rto?: number;
  rpo?: number;
}

function verdict(f: RecoveryFigure, target?: number): TargetVerdict {
  if (f.seconds === undefined || target === undefined) return 'unknown';
  return f.seconds <= target ? 'met' : 'breached';
}

function impact(w: W, domain: string, state: WorkloadState, reasons: string[], rto: RecoveryFigure, rpo: RecoveryFigure, extra: Partial<WorkloadImpact> = {}): WorkloadImpact {
  return {
    workload: w.id,
    domain,
    state,
    reasons,
    rto,
    rpo,
    target: { tier: w.tier, ...(w.rto === undefined ? {} : { rtoSeconds: w.rto }), ...(w.rpo === undefined ? {} : { rpoSeconds: w.rpo }) },
    rtoVerdict: state === 'unaffected' ? 'met' : verdict(rto, w.rto),
    rpoVerdict: state === 'unaffected' ? 'met' : verdict(rpo, w.rpo),
    ...extra,
  };
}

const unaffected = (w: W, d: string) => impact(w, d, 'unaffected', ['Nothing it depends on is in this AZ.'], fig('none', 'not affected', 0), fig('none', 'not affected', 0));
const symbolic = (w: W) =>
  impact(w, SYM, 'unknown', ['Its subnets are elements of data.aws_availability_zones.available; which physical AZ element 3 is cannot be known offline.'], fig('unknown', 'AZ not known'), fig('unknown', 'AZ not known'));

export interface FailureSampleOptions {
  /** A workload whose address is a hostile string. */
  hostile?: boolean;
}

/** The Tokyo estate. */
export function failureSample(options: FailureSampleOptions = {}): FailureDomainsResult {
  const checkout: W = { id: 'ecs:checkout', address: 'module.checkout.aws_ecs_service.this', kind: 'ecs.service', tier: 'critical', rto: 900, rpo: 0 };
  const orders: W = { id: 'db:orders', address: 'module.orders_db.aws_rds_cluster.this', kind: 'db.cluster', tier: 'critical', rto: 900, rpo: 60 };
  const payments: W = { id: 'ecs:payments', address: 'module.payments.aws_ecs_service.this', kind: 'ecs.service', tier: 'high', rto: 900, rpo: 300 };
  const alb: W = { id: 'lb:public', address: 'aws_lb.public', kind: 'lb', tier: 'high', rto: 3600 };
  const reporting: W = { id: 'db:reporting', address: 'aws_db_instance.reporting', kind: 'db.instance', tier: 'medium', rto: 14_400, rpo: 3600 };
  const sessions: W = { id: 'cache:sessions', address: 'aws_elasticache_replication_group.sessions', kind: 'cache', tier: 'medium', rto: 14_400 };
  const all = [checkout, orders, payments, alb, reporting, sessions];
  if (options.hostile) all.push({ id: 'ecs:hostile', address: `aws_ecs_service.${HOSTILE.img}`, kind: 'ecs.service', tier: 'high', rto: 900, rpo: 0 });

  const ecsReschedule = fig('ecs-reschedule', DOCS.ecs, 300);
  const impacts: WorkloadImpact[] = [
    // checkout: its tasks reach the internet through the one NAT gateway.
    impact(checkout, AZ1, 'down', ['Every private subnet routes 0.0.0.0/0 through aws_nat_gateway.this[0], which is in apne1-az1.'], NONE, NO_LOSS, { path: natPath(checkout.id, checkout.address, 'module.vpc.aws_subnet.private[1]') }),
    impact(checkout, AZ2, 'degraded', ['2 of 6 tasks run in apne1-az2; the 4 left meet the tier minimum.'], ecsReschedule, NO_LOSS, { capacity: { unit: 'tasks', before: 6, after: 4, required: 4 } }),
    impact(checkout, AZ4, 'degraded', ['2 of 6 tasks run in apne1-az4.'], ecsReschedule, NO_LOSS, { capacity: { unit: 'tasks', before: 6, after: 4, required: 4 } }),
    symbolic(checkout),
    impact(checkout, REGION, 'down', ['No deployment in another Region.'], fig('backup-restore', DOCS.backup, 14_400), fig('backup-copy', DOCS.backup, 86_400)),
    // orders: Aurora writer in az1, readers in az2 and az4.
    impact(orders, AZ1, 'degraded', ['The writer is in apne1-az1; a reader in another AZ is promoted.'], fig('aurora-failover', DOCS.aurora, 60), fig('aurora-failover', DOCS.aurora, 0), {
      capacity: { unit: 'writable instances', before: 1, after: [0, 1], required: 1 },
    }),
    unaffected(orders, AZ2),
    unaffected(orders, AZ4),
    symbolic(orders),
    impact(orders, REGION, 'down', ['No cross-Region replica; restore from a copied snapshot.'], fig('pitr-restore', DOCS.pitr, 28_800), fig('pitr-restore', DOCS.pitr, 300)),
    // payments: behind the same NAT gateway; the policy overrides the ECS figure.
    impact(payments, AZ1, 'down', ['Every private subnet routes through aws_nat_gateway.this[0] in apne1-az1.'], fig('ecs-reschedule', 'policy policy.yaml:42', 1800), NO_LOSS, {
      path: natPath(payments.id, payments.address, 'module.vpc.aws_subnet.private[2]'),
    }),
    unaffected(payments, AZ2),
    impact(payments, AZ4, 'degraded', ['1 of 3 tasks runs in apne1-az4.'], ecsReschedule, NO_LOSS, { capacity: { unit: 'tasks', before: 3, after: 2, required: 2 } }),
    symbolic(payments),
    impact(payments, REGION, 'down', ['No deployment in another Region.'], NONE, NO_LOSS),
    // The load balancer: a node per AZ.
    impact(alb, AZ1, 'degraded', ['One of three AZ nodes is lost; DNS stops answering with it.'], fig('elb-az-dns', DOCS.elb, 60), NO_LOSS),
    unaffected(alb, AZ2),
    unaffected(alb, AZ4),
    symbolic(alb),
    impact(alb, REGION, 'down', ['Regional service.'], NONE, NO_LOSS),
    // reporting: single-AZ instance in az2.
    unaffected(reporting, AZ1),
    impact(reporting, AZ2, 'down', ['Single-AZ DB instance in apne1-az2.'], fig('pitr-restore', DOCS.pitr, 7200), fig('pitr-restore', DOCS.pitr, 300)),
    unaffected(reporting, AZ4),
    symbolic(reporting),
    impact(reporting, REGION, 'down', ['No copy in another Region.'], fig('pitr-restore', DOCS.pitr, 28_800), fig('backup-copy', DOCS.backup, 86_400)),
    // sessions: its subnet group uses the symbolic AZ only.
    impact(sessions, AZ1, 'unknown', ['The node group AZs are symbolic.'], fig('unknown', 'AZ not known'), fig('unknown', 'AZ not known')),
    impact(sessions, AZ2, 'unknown', ['The node group AZs are symbolic.'], fig('unknown', 'AZ not known'), fig('unknown', 'AZ not known')),
    impact(sessions, AZ4, 'unknown', ['The node group AZs are symbolic.'], fig('unknown', 'AZ not known'), fig('unknown', 'AZ not known')),
    symbolic(sessions),
    impact(sessions, REGION, 'down', ['Regional.'], NONE, NONE),
  ];
  if (options.hostile) {
    const h = all[all.length - 1];
    impacts.push(
      impact(h, AZ1, 'down', [`Reason ${HOSTILE.script}`], fig('none', HOSTILE.attr), NO_LOSS, {
        path: [
          { id: h.id, address: h.address },
          { id: 'hostile:subnet', address: `aws_subnet.${HOSTILE.script}`, relation: 'in-subnet' },
          { id: 'nat:0', address: NAT, relation: HOSTILE.img },
        ],
      }),
    );
  }
  const summary = (w: W): WorkloadSummary => {
    const mine = impacts.filter((i) => i.workload === w.id);
    const worstAz = mine.filter((i) => i.domain !== REGION).sort((a, b) => ['down', 'degraded', 'unknown', 'unaffected'].indexOf(a.state) - ['down', 'degraded', 'unknown', 'unaffected'].indexOf(b.state))[0];
    const region = mine.find((i) => i.domain === REGION);
    return {
      id: w.id,
      address: w.address,
      kind: w.kind,
      tier: w.tier,
      ...(worstAz ? { worstAz: { domain: worstAz.domain, state: worstAz.state, rtoVerdict: worstAz.rtoVerdict, rpoVerdict: worstAz.rpoVerdict } } : {}),
      ...(region ? { region: { domain: region.domain, state: region.state, rtoVerdict: region.rtoVerdict, rpoVerdict: region.rpoVerdict, drApproach: 'none' as const } } : {}),
    };
  };
  return {
    domains: DOMAINS,
    workloads: all.map(summary),
    impacts,
    assumptions: [
      { behaviour: 'ecs-reschedule', title: 'ECS replaces tasks of a lost AZ in the others', rtoSeconds: 300, source: DOCS.ecs },
      { behaviour: 'aurora-failover', title: 'Aurora promotes a replica in another AZ', rtoSeconds: 60, rpoSeconds: 0, source: DOCS.aurora },
      { behaviour: 'pitr-restore', title: 'Point-in-time restore of a DB instance', rtoSeconds: 7200, rpoSeconds: 300, source: DOCS.pitr },
      { behaviour: 'ecs-reschedule', title: 'Payments override', rtoSeconds: 1800, source: 'policy policy.yaml:42' },
      { behaviour: 'elb-az-dns', title: 'ELB removes a failed AZ node from DNS', rtoSeconds: 60, source: options.hostile ? `javascript:alert(1)//${HOSTILE.img}` : DOCS.elb },
      { behaviour: 'none', title: 'No automatic recovery', source: 'no documented figure' },
    ],
    notes: [
      'AZ #3 of data.aws_availability_zones.available cannot be mapped to a physical AZ offline; workloads in it are unknown for every AZ.',
      'aws_elasticache_replication_group.sessions: its subnet group AZs are symbolic.',
      ...(options.hostile ? [`Note ${HOSTILE.script}`] : []),
    ],
  };
}

/** A scan result carrying the Tokyo estate. */
export function failureResult(options: FailureSampleOptions & { findings?: number } = {}): ScanResult {
  const result = sampleResult(options.findings ?? 30, { hostile: options.hostile });
  result.failureDomains = failureSample(options);
  return result;
}

/**
 * A large estate: `workloads` workloads (a tenth critical, a fifth high, the
 * rest medium) over `regions` Regions of `azs` AZs each, every workload in
 * every domain, one shared NAT gateway per Region.
 */
export function largeFailureSample(workloads: number, regions = 4, azs = 4): FailureDomainsResult {
  const names = ['ap-northeast-1', 'us-east-1', 'eu-west-1', 'ap-southeast-2', 'eu-central-1', 'us-west-2'];
  const domains: FailureDomain[] = [];
  for (let r = 0; r < regions; r++) {
    const region = names[r % names.length] + (r >= names.length ? `-${r}` : '');
    for (let a = 1; a <= azs; a++) domains.push({ id: `az:${region}:z${r}-az${a}`, kind: 'az', region, label: `z${r}-az${a}`, azId: `z${r}-az${a}`, comparedBy: 'az-id' });
    domains.push({ id: `region:${region}`, kind: 'region', region, label: region, comparedBy: 'region' });
  }
  const states: WorkloadState[] = ['unaffected', 'unaffected', 'degraded', 'down', 'unknown'];
  const ws: WorkloadSummary[] = [];
  const impacts: WorkloadImpact[] = [];
  for (let i = 0; i < workloads; i++) {
    const tier = i % 10 === 0 ? 'critical' : i % 5 === 0 ? 'high' : 'medium';
    const w = { id: `w${i}`, address: `module.svc_${i}.aws_ecs_service.this`, kind: 'ecs.service', tier };
    ws.push(w);
    domains.forEach((d, j) => {
      const state = d.kind === 'region' ? 'down' : states[(i + j) % states.length];
      const rto = fig('ecs-reschedule', DOCS.ecs, state === 'down' ? 1800 : 300);
      const path = state === 'down' && d.kind === 'az' ? natPath(w.id, w.address, `module.vpc_${i % 7}.aws_subnet.private[${j % 3}]`).map((s) => (s.id === 'nat:0' ? { ...s, id: `nat:${d.region}`, address: `module.vpc_${d.region}.aws_nat_gateway.this[0]` } : s)) : undefined;
      impacts.push({
        workload: w.id,
        domain: d.id,
        state,
        reasons: [`Generated state ${state}.`],
        rto,
        rpo: NO_LOSS,
        target: { tier, rtoSeconds: 900, rpoSeconds: 0 },
        rtoVerdict: state === 'unaffected' ? 'met' : state === 'unknown' ? 'unknown' : verdict(rto, 900),
        rpoVerdict: state === 'unknown' ? 'unknown' : 'met',
        ...(path ? { path } : {}),
      });
    });
  }
  return { domains, workloads: ws, impacts, assumptions: [{ behaviour: 'ecs-reschedule', title: 'ECS reschedules tasks', rtoSeconds: 300, source: DOCS.ecs }], notes: [] };
}
