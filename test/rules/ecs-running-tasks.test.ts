/**
 * ECS-AZ on a live service: the running tasks count, not only the
 * configuration. Two tasks both in one AZ, or none at all, fail; tasks that
 * could not be read make the result unknown; IaC services are unaffected.
 */
import { describe, expect, it } from 'vitest';
import rule from '../../rules/ecs-min-tasks-per-az.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import type { ResourceGraph } from '../../src/graph/graph.js';
import { Unknown } from '../../src/graph/values.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { graph, policyWith, tier } from '../helpers/rule-tester.js';

const P = { accountId: '111122223333', accountName: 'shop-prod', region: 'ap-northeast-1' };
const ARN = 'arn:aws:ecs:ap-northeast-1:111122223333:service/shop/orders';

function live(tasks: { az: string | Unknown; status?: string }[], opts: { tasksUnread?: string } = {}): ResourceGraph {
  const g = graph();
  const s = g.add('ecs.service', ARN, {
    live: true,
    name: 'orders',
    props: { name: 'orders', launchType: 'FARGATE', desiredCount: 2, schedulingStrategy: 'REPLICA' },
    tags: tier('critical'),
    provenance: P,
    ...(opts.tasksUnread ? { unresolved: [{ edge: 'runs-in', attribute: 'tasks', reason: opts.tasksUnread }] } : {}),
  });
  ['ap-northeast-1a', 'ap-northeast-1c'].forEach((az, i) => {
    const subnet = g.add('network.subnet', `arn:aws:ec2:ap-northeast-1:111122223333:subnet/subnet-${i}`, { live: true, props: { availabilityZone: az }, provenance: P });
    g.edge(s, 'in-subnet', subnet, { attribute: 'networkConfiguration.awsvpcConfiguration.subnets' });
  });
  tasks.forEach((t, i) => {
    const task = g.add('ecs.task', `arn:aws:ecs:ap-northeast-1:111122223333:task/shop/t${i}`, { live: true, props: { availabilityZone: t.az, lastStatus: t.status ?? 'RUNNING', launchType: 'FARGATE' }, provenance: P });
    g.edge(task, 'runs-in', s, { attribute: 'group' });
  });
  return g.build();
}

function verdict(g: ResourceGraph) {
  const policy = policyWith();
  const { findings } = evaluateRules({ graph: g, policy, rules: [rule], tiers: assignTiers(g, policy) });
  expect(findings.map((f) => f.resource.id)).toEqual([ARN]);
  return findings[0];
}

describe('ecs-min-tasks-per-az on live services: running tasks', () => {
  it('passes with a running task in each of two AZs', () => {
    const f = verdict(live([{ az: 'ap-northeast-1a' }, { az: 'ap-northeast-1c' }]));
    expect(f).toMatchObject({ status: 'pass', messageId: 'meets', evidence: { actual: { running: 2 } } });
    // Live AZ names are scoped to their account (names differ between accounts).
    expect((f.evidence!.actual as { runningAzs: string[] }).runningAzs).toEqual(['ap-northeast-1a (account 111122223333)', 'ap-northeast-1c (account 111122223333)']);
  });

  it('fails when both running tasks are in one AZ, although the configuration asks for two', () => {
    const f = verdict(live([{ az: 'ap-northeast-1a' }, { az: 'ap-northeast-1a' }]));
    expect(f).toMatchObject({ status: 'fail', messageId: 'insufficient' });
    expect(f.message).toContain('its running tasks are in 1 AZ(s) (ap-northeast-1a (account 111122223333)) < 2 required');
  });

  it('fails when no task runs (a stopped task is not a running one)', () => {
    const f = verdict(live([{ az: 'ap-northeast-1a', status: 'STOPPED' }]));
    expect(f.status).toBe('fail');
    expect(f.message).toContain('0 task(s) running < 2 required');
  });

  it('is unknown when the tasks could not be read, or a running task has no known AZ', () => {
    expect(verdict(live([], { tasksUnread: 'ecs:ListTasks failed in 111122223333/ap-northeast-1 (AccessDeniedException)' }))).toMatchObject({ status: 'unknown', messageId: 'cannotTell' });
    const f = verdict(live([{ az: 'ap-northeast-1a' }, { az: new Unknown('availabilityZone not reported') }]));
    expect(f.status).toBe('unknown');
    expect(f.message).toContain('its running tasks are in 1–2 AZs');
  });
});
