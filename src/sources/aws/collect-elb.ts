/**
 * Elastic Load Balancing v2 for one account × Region: load balancers (with
 * their attributes and tags), target groups, listeners and listener rules.
 * One chain: listeners need the load balancers, rules the listeners.
 *
 * A load balancer record gets `Attributes` (DescribeLoadBalancerAttributes:
 * cross-zone, deletion protection) and `Tags` (DescribeTags, 20 ARNs a
 * call), a target group record its `Tags` (the same calls); a listener
 * record gets `Rules` (DescribeRules). When one of these fails for some
 * resources, the collection is marked missing: what depends on it is
 * unknown, never absent.
 */
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { all, chunks, plain, type Scope, type Step, type UnitContext } from './collect.js';
import { push, type Raw, type UnitData } from './unit.js';

export async function collectLoadBalancers(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const elb = ctx.factory.client('elasticloadbalancing', scope);
  const lbs = await step('elasticloadbalancing:DescribeLoadBalancers', ['loadBalancers'], async () =>
    (await all(paginateDescribeLoadBalancers({ client: elb, pageSize: 400 }, {}), (p) => p.LoadBalancers)).map(plain),
  );
  if (!lbs) {
    if (!unit.missing.has('listeners')) unit.missing.set('listeners', unit.missing.get('loadBalancers') ?? 'load balancers were not listed');
  }
  const tgs = await step('elasticloadbalancing:DescribeTargetGroups', ['targetGroups'], async () =>
    (await all(paginateDescribeTargetGroups({ client: elb, pageSize: 400 }, {}), (p) => p.TargetGroups)).map(plain),
  );
  const arnsOf = (items: Raw[] | undefined, key: string) => (items ?? []).map((x) => x[key]).filter((a): a is string => typeof a === 'string');
  const arns = arnsOf(lbs, 'LoadBalancerArn');
  const tgArns = arnsOf(tgs, 'TargetGroupArn');
  // DescribeTags takes load balancer and target group ARNs alike: a target group's tier tag is read as in IaC.
  const tags = new Map<string, unknown>();
  const tagsRead = await step('elasticloadbalancing:DescribeTags', [], async () => {
    for (const batch of chunks([...arns, ...tgArns], 20)) {
      const out = await elb.send(new DescribeTagsCommand({ ResourceArns: batch }));
      for (const d of out.TagDescriptions ?? []) if (d.ResourceArn) tags.set(d.ResourceArn, plain(d.Tags ?? []));
    }
    return true;
  });
  const withTags = (record: Raw, arn: unknown): Raw => {
    const tagged: Raw = { ...record, Tags: (typeof arn === 'string' && tags.get(arn)) ?? [] };
    // Tags unknown: the tier cannot be told from them (the normalizer makes them Unknown, never empty).
    if (!tagsRead) tagged.TagsMissing = `elasticloadbalancing:DescribeTags failed in ${ctx.account.id}/${ctx.region}`;
    return tagged;
  };
  for (const tg of tgs ?? []) push(unit, 'targetGroups', withTags(tg, tg.TargetGroupArn));
  if (!lbs) return;
  for (const lb of lbs) {
    const arn = lb.LoadBalancerArn as string | undefined;
    const record = withTags(lb, arn);
    if (arn) {
      const attrs = await step('elasticloadbalancing:DescribeLoadBalancerAttributes', [], async () => (await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))).Attributes);
      // Without its attributes, cross-zone and deletion protection are unknown (the normalizer reads AttributesMissing).
      if (attrs) record.Attributes = plain(attrs);
      else record.AttributesMissing = 'elasticloadbalancing:DescribeLoadBalancerAttributes failed';
    }
    push(unit, 'loadBalancers', record);
  }
  let complete = true;
  for (const arn of arns) {
    const listeners = await step('elasticloadbalancing:DescribeListeners', ['listeners'], async () =>
      (await all(paginateDescribeListeners({ client: elb, pageSize: 400 }, { LoadBalancerArn: arn }), (p) => p.Listeners)).map(plain),
    );
    if (!listeners) {
      complete = false;
      continue;
    }
    for (const l of listeners) {
      const rules = await step('elasticloadbalancing:DescribeRules', ['listeners'], async () =>
        (await all(paginateDescribeRules({ client: elb, pageSize: 400 }, { ListenerArn: String(l.ListenerArn) }), (p) => p.Rules)).map(plain),
      );
      if (!rules) complete = false;
      push(unit, 'listeners', { ...l, Rules: rules ?? [] });
    }
  }
  if (!complete && !unit.missing.has('listeners')) unit.missing.set('listeners', 'some listeners or listener rules could not be listed');
}
