/**
 * Route 53 of one account: ListHostedZones, ListResourceRecordSets per zone
 * (paginated by name / type / set identifier), ListHealthChecks and their
 * tags (ListTagsForResources, 10 ids a call).
 *
 * Route 53 is global: the account's first unit of a scan collects it (a
 * `GlobalOnce` shared by the scan's units decides), every other unit of the
 * account skips it, so an account scanned in 17 Regions still asks once
 * (Route 53 allows 5 requests a second per account). Only records with a
 * routing policy (a SetIdentifier) are kept: a simple record has no
 * failover to check. Each record carries its zone (`HostedZoneId`,
 * `HostedZoneName`).
 */
import { ListResourceRecordSetsCommand, ListTagsForResourcesCommand, paginateListHealthChecks, paginateListHostedZones, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { all, chunks, plain, type Scope, type Step, type UnitContext } from './collect.js';
import { push, type UnitData } from './unit.js';

/** Which units of a scan already collect a global service for an account. */
export class GlobalOnce {
  private readonly claimed = new Set<string>();

  /** True for the first caller of `accountId` × `service`, false afterwards. */
  claim(accountId: string, service: string): boolean {
    const key = `${accountId}|${service}`;
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }
}

export async function collectRoute53(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  if (ctx.globals && !ctx.globals.claim(ctx.account.id, 'route53')) return;
  const r53 = ctx.factory.client('route53', scope);
  const zones = await step('route53:ListHostedZones', ['dnsRecords'], () => all(paginateListHostedZones({ client: r53, pageSize: 100 }, {}), (p) => p.HostedZones));
  for (const zone of zones ?? []) {
    const zoneId = zone.Id?.replace(/^\/hostedzone\//, '');
    if (!zoneId) continue;
    const records = await step('route53:ListResourceRecordSets', ['dnsRecords'], async () => {
      const out: ResourceRecordSet[] = [];
      let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } = {};
      for (;;) {
        const page = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 300, ...start }));
        out.push(...(page.ResourceRecordSets ?? []).filter((r) => r.SetIdentifier !== undefined));
        if (!page.IsTruncated) return out;
        start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, StartRecordIdentifier: page.NextRecordIdentifier };
      }
    });
    for (const r of records ?? []) push(unit, 'dnsRecords', { ...plain(r), HostedZoneId: zoneId, HostedZoneName: zone.Name });
  }
  const checks = await step('route53:ListHealthChecks', ['healthChecks'], () => all(paginateListHealthChecks({ client: r53, pageSize: 100 }, {}), (p) => p.HealthChecks));
  if (!checks) return;
  const tags = new Map<string, unknown>();
  for (const ids of chunks(checks.map((c) => c.Id).filter((id): id is string => Boolean(id)), 10)) {
    const sets = await step('route53:ListTagsForResources', [], async () => (await r53.send(new ListTagsForResourcesCommand({ ResourceType: 'healthcheck', ResourceIds: ids }))).ResourceTagSets);
    for (const id of ids) tags.set(id, sets === undefined ? undefined : (sets.find((s) => s.ResourceId === id)?.Tags ?? []));
  }
  for (const c of checks) {
    const data = plain(c);
    const t = c.Id ? tags.get(c.Id) : undefined;
    if (t === undefined) data.TagsUnavailable = `route53:ListTagsForResources failed for ${c.Id} in ${ctx.account.id}`;
    else data.Tags = plain(t);
    push(unit, 'healthChecks', data);
  }
}
