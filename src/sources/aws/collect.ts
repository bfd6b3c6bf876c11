/**
 * The live API collector for one account × Region: three independent chains
 * — EC2 network then compute (instances, Auto Scaling groups, Lambda); ECS
 * then Application Auto Scaling; RDS — each sequential
 * (a call needs the previous answer), side by side under the scan's request
 * slots. Edges between them (task AZ from its subnet, service subnets) are
 * made later by the normalizer. Every list is paginated with the SDK
 * paginators.
 *
 * A failed call becomes a coverage gap naming the action, and the
 * collections it should have filled are marked missing so the normalizer
 * turns edges into them into "unresolved" (unknown), never into "absent".
 * An error that means the whole account × Region is unreachable (timeout,
 * Region not enabled) stops the unit with one gap instead of one per API.
 */
import { paginateDescribeScalableTargets } from '@aws-sdk/client-application-auto-scaling';
import { paginateDescribeAutoScalingGroups } from '@aws-sdk/client-auto-scaling';
import { paginateListFunctions } from '@aws-sdk/client-lambda';
import { DescribeAvailabilityZonesCommand, DescribeVpnConnectionsCommand, paginateDescribeInstances, paginateDescribeNatGateways, paginateDescribeRouteTables, paginateDescribeSubnets, paginateDescribeTransitGatewayVpcAttachments, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, paginateListClusters, paginateListServices, paginateListTasks } from '@aws-sdk/client-ecs';
import {
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBProxies,
  paginateDescribeDBProxyTargets,
  paginateDescribeGlobalClusters,
} from '@aws-sdk/client-rds';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CoverageGap } from '../../graph/types.js';
import type { ClientFactory } from './clients.js';
import { collectTables } from './collect-dynamodb.js';
import { collectCaches } from './collect-cache.js';
import { collectRoute53, type GlobalOnce } from './collect-route53.js';
import { collectFileSystems } from './collect-efs.js';
import { classifyError, type ClassifiedError } from './errors.js';
import { collectBackup } from './collect-backup.js';
import { collectLoadBalancers } from './collect-elb.js';
import { collectCapacityProviders, collectScalingPolicies } from './collect-ecs-scaling.js';
import { collectSearch } from './collect-search.js';
import { COLLECTIONS, emptyUnit, push, type Collection, type Raw, type UnitAccount, type UnitData } from './unit.js';

export interface UnitContext {
  factory: ClientFactory;
  account: UnitAccount;
  region: string;
  credentials: AwsCredentialIdentityProvider;
  gaps: CoverageGap[];
  /** The collector's clock (ms since epoch): when snapshots were listed, so their age needs no clock later. Default Date.now. */
  now?: () => number;
  /** The scan's AZ mappings (one ec2:DescribeAvailabilityZones per account × Region); a unit of its own when absent. */
  zones?: ZoneMappingCache;
  /** Which unit collects a global service (Route 53) of each account; every unit does when absent. */
  globals?: GlobalOnce;
}

/**
 * AZ name → AZ ID mappings of one scan, by account × Region: asked once
 * (ec2:DescribeAvailabilityZones), then shared by everything of the scan that
 * needs them. A failed call is kept too, so it is not repeated.
 */
export class ZoneMappingCache {
  private readonly cache = new Map<string, Promise<Raw[]>>();

  get(accountId: string, region: string, load: () => Promise<Raw[]>): Promise<Raw[]> {
    const key = `${accountId}|${region}`;
    let hit = this.cache.get(key);
    if (!hit) this.cache.set(key, (hit = load()));
    return hit;
  }
}

class RegionUnreachable extends Error {
  constructor(
    readonly action: string,
    readonly error: ClassifiedError,
  ) {
    super(error.message);
  }
}

export async function all<P, T>(pages: AsyncIterable<P>, pick: (p: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

export function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** SDK objects → plain JSON (Dates become ISO strings): what the graph stores as evidence. */
export function plain<T>(v: T): Raw {
  return JSON.parse(JSON.stringify(v)) as Raw;
}

export async function collectUnit(ctx: UnitContext): Promise<UnitData> {
  const unit = emptyUnit(ctx.account, ctx.region);
  if (shortCircuited(ctx, unit)) return unit;
  const scope = { accountId: ctx.account.id, region: ctx.region, credentials: ctx.credentials };
  const done = new Set<Collection>();
  let unreachable: RegionUnreachable | undefined;

  /** Runs one step; on failure records the gap and marks `fills` missing. Once the Region is unreachable, nothing more is sent. */
  const step: Step = async (action, fills, fn) => {
    if (unreachable) throw unreachable;
    try {
      const out = await fn();
      for (const c of fills) done.add(c);
      return out;
    } catch (e) {
      const c = classifyError(e);
      if (c.scope === 'region') throw (unreachable ??= new RegionUnreachable(action, c));
      ctx.gaps.push({
        accountId: ctx.account.id,
        accountName: ctx.account.name,
        region: ctx.region,
        service: action,
        errorCode: c.code,
        message: `${action} failed: ${c.message}`,
      });
      for (const f of fills) if (!unit.missing.has(f)) unit.missing.set(f, `${action} failed in ${ctx.account.id}/${ctx.region}: ${c.code}`);
      return undefined;
    }
  };
  const chain = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof RegionUnreachable)) throw e;
    }
  };

  // Independent chains (each sequential: later calls need earlier answers); they share the scan's request slots.
  // Compute follows the network in its chain: one more chain would add a first call per unit while moto (and a
  // fresh account × Region) is slowest, and compute needs nothing the other chains read.
  await Promise.all([
    chain(async () => {
      await collectNetwork(ctx, unit, step, scope);
      await collectCompute(ctx, unit, step, scope);
    }),
    // EFS file systems follow the containers (the shortest chain where an account runs no ECS cluster).
    chain(async () => {
      await collectContainers(ctx, unit, step, scope);
      await collectFileSystems(ctx, unit, step, scope);
    }),
    // DynamoDB tables follow the databases in their chain (no fifth chain: see above).
    chain(async () => {
      await collectDatabases(ctx, unit, step, scope);
      await collectTables(ctx, unit, step, scope);
      // OpenSearch domains and MSK clusters follow the tables (no fifth chain: see above).
      await collectSearch(ctx, unit, step, scope);
    }),
    // AWS Backup plans and snapshots follow the load balancers in their chain (no fifth chain: see above).
    chain(async () => {
      await collectLoadBalancers(ctx, unit, step, scope);
      await collectBackup(ctx, unit, step, scope);
      // Caches follow AWS Backup in this chain (no fifth chain: see above).
      await collectCaches(ctx, unit, step, scope);
      await collectRoute53(ctx, unit, step, scope);
    }),
  ]);

  if (unreachable) {
    const e = unreachable;
    for (const c of COLLECTIONS) if (!done.has(c) && !unit.missing.has(c)) unit.missing.set(c, `${e.action} failed in ${ctx.account.id}/${ctx.region}: ${e.error.code}`);
    ctx.gaps.push({
      accountId: ctx.account.id,
      accountName: ctx.account.name,
      region: ctx.region,
      errorCode: e.error.code,
      message: `Region not assessed: ${e.action} failed (${e.error.message}); the collector stopped this account × Region${done.size ? ` (collected before: ${[...done].join(', ')})` : ''}`,
    });
  }
  return unit;
}

/** A unit whose Region (or account × Region) breaker is already open: one "not assessed" gap, nothing sent. */
export function shortCircuited(ctx: Pick<UnitContext, 'factory' | 'account' | 'region' | 'gaps'>, unit: UnitData): boolean {
  const open = ctx.factory.breakers?.openReason(ctx.account.id, ctx.region);
  if (!open) return false;
  for (const c of COLLECTIONS) unit.missing.set(c, `${ctx.region} not assessed in ${ctx.account.id}: breaker open`);
  ctx.gaps.push({ accountId: ctx.account.id, accountName: ctx.account.name, region: ctx.region, errorCode: 'CircuitOpen', message: `Region not assessed: ${open.reason}` });
  return true;
}

export type Scope = { accountId: string; region: string; credentials: AwsCredentialIdentityProvider };

async function collectNetwork(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const ec2 = ctx.factory.client('ec2', scope);
  await step('ec2:DescribeVpcs', ['vpcs'], async () => {
    for (const v of await all(paginateDescribeVpcs({ client: ec2, pageSize: 1000 }, {}), (p) => p.Vpcs)) push(unit, 'vpcs', plain(v));
  });
  await step('ec2:DescribeSubnets', ['subnets'], async () => {
    for (const s of await all(paginateDescribeSubnets({ client: ec2, pageSize: 1000 }, {}), (p) => p.Subnets)) push(unit, 'subnets', plain(s));
  });
  await step('ec2:DescribeNatGateways', ['natGateways'], async () => {
    for (const n of await all(paginateDescribeNatGateways({ client: ec2, pageSize: 1000 }, {}), (p) => p.NatGateways)) push(unit, 'natGateways', plain(n));
  });
  await step('ec2:DescribeTransitGatewayVpcAttachments', ['tgwAttachments'], async () => {
    for (const a of await all(paginateDescribeTransitGatewayVpcAttachments({ client: ec2, pageSize: 1000 }, {}), (p) => p.TransitGatewayVpcAttachments)) push(unit, 'tgwAttachments', plain(a));
  });
  // DescribeVpnConnections has no pagination: one call returns every connection of the Region.
  await step('ec2:DescribeVpnConnections', ['vpnConnections'], async () => {
    const out = await ec2.send(new DescribeVpnConnectionsCommand({}));
    for (const c of out.VpnConnections ?? []) push(unit, 'vpnConnections', plain(c));
  });
  await step('ec2:DescribeRouteTables', ['routeTables'], async () => {
    for (const r of await all(paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, {}), (p) => p.RouteTables)) push(unit, 'routeTables', plain(r));
  });
}

/** Instances (not terminated), EC2 Auto Scaling groups, Lambda functions: one list call each, paginated. */
async function collectCompute(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const ec2 = ctx.factory.client('ec2', scope);
  await step('ec2:DescribeInstances', ['instances'], async () => {
    // Terminated (and terminating) instances serve nothing; stopped ones are kept: they are the estate, down.
    const filter = { Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] };
    for (const r of await all(paginateDescribeInstances({ client: ec2, pageSize: 1000 }, filter), (p) => p.Reservations)) {
      for (const i of r.Instances ?? []) push(unit, 'instances', plain(i));
    }
  });
  const asg = ctx.factory.client('autoscaling', scope);
  await step('autoscaling:DescribeAutoScalingGroups', ['autoScalingGroups'], async () => {
    for (const g of await all(paginateDescribeAutoScalingGroups({ client: asg, pageSize: 100 }, {}), (p) => p.AutoScalingGroups)) push(unit, 'autoScalingGroups', plain(g));
  });
  const lambda = ctx.factory.client('lambda', scope);
  await step('lambda:ListFunctions', ['functions'], async () => {
    for (const f of await all(paginateListFunctions({ client: lambda, pageSize: 50 }, {}), (p) => p.Functions)) push(unit, 'functions', plain(f));
  });
}

async function collectContainers(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  await collectEcs(ctx, unit, step);
  await collectCapacityProviders(ctx, unit, step, scope);
  const aas = ctx.factory.client('application-autoscaling', scope);
  await step('application-autoscaling:DescribeScalableTargets', ['scalableTargets'], async () => {
    const targets = await all(paginateDescribeScalableTargets({ client: aas, pageSize: 50 }, { ServiceNamespace: 'ecs' }), (p) => p.ScalableTargets);
    for (const t of targets) push(unit, 'scalableTargets', plain(t));
  });
  await collectScalingPolicies(ctx, unit, step, scope);
}

async function collectDatabases(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const rds = ctx.factory.client('rds', scope);
  await step('rds:DescribeDBInstances', ['dbInstances'], async () => {
    for (const d of await all(paginateDescribeDBInstances({ client: rds, pageSize: 100 }, {}), (p) => p.DBInstances)) push(unit, 'dbInstances', plain(d));
  });
  await step('rds:DescribeDBClusters', ['dbClusters'], async () => {
    for (const c of await all(paginateDescribeDBClusters({ client: rds, pageSize: 100 }, {}), (p) => p.DBClusters)) push(unit, 'dbClusters', plain(c));
  });
  // DB instances and clusters name their AZs in this account's naming; their AZ IDs (comparable across
  // accounts) come from the account × Region's mapping. Asked only where there is something to map, and
  // alongside the rest of this chain (it needs nothing from it), so the chain gets no longer.
  let zonesAsked: Promise<unknown> = Promise.resolve();
  if ((unit.items.dbInstances?.length ?? 0) + (unit.items.dbClusters?.length ?? 0) > 0) {
    const ec2 = ctx.factory.client('ec2', scope);
    const zones = ctx.zones ?? new ZoneMappingCache();
    zonesAsked = step('ec2:DescribeAvailabilityZones', ['availabilityZones'], async () => {
      // AllAvailabilityZones: Local Zones an instance may sit in are listed even when the account is not opted in.
      const list = await zones.get(ctx.account.id, ctx.region, async () => ((await ec2.send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: true }))).AvailabilityZones ?? []).map(plain));
      for (const z of list) push(unit, 'availabilityZones', z);
    });
    // Awaited below; handled now so that a Region found unreachable meanwhile is no unhandled rejection.
    zonesAsked.catch(() => undefined);
  }
  try {
    await collectDatabaseExtras(ctx, unit, step, scope);
  } finally {
    await zonesAsked;
  }
}

/** Reader scaling, global clusters and proxies: after the instances and clusters. */
async function collectDatabaseExtras(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const rds = ctx.factory.client('rds', scope);
  // Aurora reader auto scaling: a scalable target keeps at least MinCapacity replicas in a cluster.
  const aas = ctx.factory.client('application-autoscaling', scope);
  await step('application-autoscaling:DescribeScalableTargets (ServiceNamespace=rds)', ['rdsScalableTargets'], async () => {
    const targets = await all(paginateDescribeScalableTargets({ client: aas, pageSize: 50 }, { ServiceNamespace: 'rds' }), (p) => p.ScalableTargets);
    for (const t of targets) push(unit, 'rdsScalableTargets', plain(t));
  });
  await step('rds:DescribeGlobalClusters', ['globalClusters'], async () => {
    for (const g of await all(paginateDescribeGlobalClusters({ client: rds, pageSize: 100 }, {}), (p) => p.GlobalClusters)) push(unit, 'globalClusters', plain(g));
  });
  const proxies = await step('rds:DescribeDBProxies', ['proxies'], async () => {
    const list = await all(paginateDescribeDBProxies({ client: rds, pageSize: 100 }, {}), (p) => p.DBProxies);
    for (const p of list) push(unit, 'proxies', plain(p));
    return list;
  });
  if (!proxies) {
    if (!unit.missing.has('proxyTargets')) unit.missing.set('proxyTargets', unit.missing.get('proxies') ?? 'DB proxies were not listed');
    return;
  }
  let complete = true;
  for (const p of proxies) {
    if (!p.DBProxyName) continue;
    const ok = await step('rds:DescribeDBProxyTargets', ['proxyTargets'], async () => {
      const targets = await all(paginateDescribeDBProxyTargets({ client: rds, pageSize: 100 }, { DBProxyName: p.DBProxyName }), (x) => x.Targets);
      for (const t of targets) push(unit, 'proxyTargets', { ...plain(t), DBProxyName: p.DBProxyName });
      return true;
    });
    complete &&= ok === true;
  }
  if (!complete && !unit.missing.has('proxyTargets')) unit.missing.set('proxyTargets', 'some DB proxy targets could not be listed');
}

export type Step = <T>(action: string, fills: Collection[], fn: () => Promise<T>) => Promise<T | undefined>;

async function collectEcs(ctx: UnitContext, unit: UnitData, step: Step): Promise<void> {
  const ecs = ctx.factory.client('ecs', { accountId: ctx.account.id, region: ctx.region, credentials: ctx.credentials });
  const clusterArns = await step('ecs:ListClusters', ['clusters', 'services', 'tasks', 'taskDefinitions'], () =>
    all(paginateListClusters({ client: ecs, pageSize: 100 }, {}), (p) => p.clusterArns),
  );
  if (!clusterArns) return;
  const clusters: Raw[] = [];
  const described = await step('ecs:DescribeClusters', ['clusters'], async () => {
    for (const batch of chunks(clusterArns, 100)) {
      const out = await ecs.send(new DescribeClustersCommand({ clusters: batch, include: ['TAGS'] }));
      for (const c of out.clusters ?? []) if (c.status !== 'INACTIVE') clusters.push(plain(c));
    }
    return true;
  });
  if (!described) return;
  for (const c of clusters) push(unit, 'clusters', c);

  // Services of several clusters often run one task definition revision: each ARN is described once.
  const taskDefinitions = new Set<string>();
  for (const cluster of clusters) {
    const clusterArn = String(cluster.clusterArn);
    const serviceArns = await step('ecs:ListServices', ['services'], () => all(paginateListServices({ client: ecs, pageSize: 100 }, { cluster: clusterArn }), (p) => p.serviceArns));
    if (serviceArns) {
      await step('ecs:DescribeServices', ['services', 'taskDefinitions'], async () => {
        // DescribeServices takes at most 10 services per call.
        for (const batch of chunks(serviceArns, 10)) {
          const out = await ecs.send(new DescribeServicesCommand({ cluster: clusterArn, services: batch, include: ['TAGS'] }));
          for (const s of out.services ?? []) {
            if (s.status === 'INACTIVE') continue;
            push(unit, 'services', plain(s));
            if (s.taskDefinition) taskDefinitions.add(s.taskDefinition);
          }
        }
      });
    }
    const taskArns = await step('ecs:ListTasks', ['tasks'], () =>
      all(paginateListTasks({ client: ecs, pageSize: 100 }, { cluster: clusterArn, desiredStatus: 'RUNNING' }), (p) => p.taskArns),
    );
    const tasksOk =
      taskArns &&
      (await step('ecs:DescribeTasks', ['tasks'], async () => {
        // DescribeTasks takes at most 100 tasks per call.
        for (const batch of chunks(taskArns, 100)) {
          const out = await ecs.send(new DescribeTasksCommand({ cluster: clusterArn, tasks: batch, include: ['TAGS'] }));
          for (const t of out.tasks ?? []) push(unit, 'tasks', plain(t));
        }
        return true;
      }));
    if (!tasksOk) unit.missingTasks.set(clusterArn, unit.missing.get('tasks') ?? 'tasks could not be listed');
  }
  // DescribeTaskDefinition takes one ARN per call (no batch form); a failure marks the collection partly missing.
  // After a failure the rest is not tried (one gap, not one per ARN): their services say why they are unread.
  for (const td of [...taskDefinitions].sort()) {
    const ok = await step('ecs:DescribeTaskDefinition', ['taskDefinitions'], async () => {
      const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: td, include: ['TAGS'] }));
      if (out.taskDefinition) push(unit, 'taskDefinitions', { ...plain(out.taskDefinition), ...(out.tags ? { tags: out.tags.map((t) => ({ key: t.key, value: t.value })) } : {}) });
      return true;
    });
    if (!ok) break;
  }
}
