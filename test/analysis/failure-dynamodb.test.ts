/**
 * DynamoDB tables in the failure simulation: an AZ loss leaves a table up
 * (Regional service, sourced figure); a Region loss takes it down, with a
 * global table replica elsewhere as the DR approach (no AWS figure: unknown
 * verdicts) and without one nothing brings it back (breached).
 */
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import type { FailureDomainsResult, WorkloadImpact } from '../../src/analysis/failure-types.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import type { ResourceGraph } from '../../src/graph/graph.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { graph, tier } from '../helpers/rule-tester.js';

const TOKYO = 'ap-northeast-1';

function simulate(g: ResourceGraph): FailureDomainsResult {
  const policy = defaultPolicy();
  const dependencies = buildDependencies(g, policy);
  return simulateFailures({ graph: g, dependencies, tiers: inheritTiers(g, dependencies, assignTiers(g, policy), policy), policy });
}

function impact(r: FailureDomainsResult, workload: string, domain: string): WorkloadImpact {
  const found = r.impacts.filter((i) => i.workload === workload && i.domain === domain);
  expect(found, `${workload} @ ${domain}`).toHaveLength(1);
  return found[0];
}

function estate() {
  const g = graph();
  // A subnet makes the AZ a failure domain of the scan.
  g.add('network.subnet', 'aws_subnet.a', { props: { availabilityZone: `${TOKYO}a` }, provenance: { region: TOKYO } });
  g.add('db.table', 'aws_dynamodb_table.orders', { props: { name: 'orders', replicas: [{ region: 'ap-northeast-3' }] }, tags: tier('critical'), provenance: { region: TOKYO } });
  g.add('db.table', 'aws_dynamodb_table.carts', { props: { name: 'carts', replicas: [] }, tags: tier('high'), provenance: { region: TOKYO } });
  g.add('db.table', 'aws_dynamodb_table.events', { props: { name: 'events', replicas: new Unknown('var.replica_regions has no value') }, tags: tier('critical'), provenance: { region: TOKYO } });
  return simulate(g.build());
}

describe('failure simulation: DynamoDB tables', () => {
  it('an AZ loss leaves every table up, with the sourced Regional figure', () => {
    const r = estate();
    const i = impact(r, 'aws_dynamodb_table.carts', `az:${TOKYO}:${TOKYO}a`);
    expect(i.state).toBe('unaffected');
    expect(i.rto.behaviour).toBe('dynamodb-regional');
    expect(i.rto.seconds).toBe(0);
    expect(i.rtoVerdict).toBe('met');
  });

  it('a Region loss: a global table replica is the DR approach (no AWS figure: unknown), none is breached, unknown replicas stay unknown', () => {
    const r = estate();
    const region = `region:${TOKYO}`;
    const orders = impact(r, 'aws_dynamodb_table.orders', region);
    expect([orders.state, orders.drApproach, orders.rtoVerdict, orders.rpoVerdict]).toEqual(['down', 'active-active', 'unknown', 'unknown']);
    expect(orders.reasons.join(' ')).toContain('global table replica in ap-northeast-3');
    const carts = impact(r, 'aws_dynamodb_table.carts', region);
    expect([carts.state, carts.drApproach, carts.rtoVerdict, carts.rpoVerdict]).toEqual(['down', 'none', 'breached', 'breached']);
    const events = impact(r, 'aws_dynamodb_table.events', region);
    expect([events.drApproach, events.rtoVerdict]).toEqual(['unknown', 'unknown']);
    expect(events.reasons.join(' ')).toContain('var.replica_regions has no value');
  });
});
