import rule from '../../rules/search-domain-multi-az.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';

const D = 'aws_opensearch_domain.logs';

/** Domain `logs` at search.tf:1: instanceCount line 4, zoneAwareness line 5, availabilityZoneCount line 7. */
function domain(props: Partial<PropsByKind['search.domain']>, tierName = 'critical') {
  const g = graph();
  g.add('search.domain', D, {
    file: 'search.tf',
    line: 1,
    props: { name: 'logs', ...props },
    lines: { instanceCount: 4, zoneAwareness: 5, availabilityZoneCount: 7 },
    attributes: {
      instanceCount: 'cluster_config.instance_count',
      zoneAwareness: 'cluster_config.zone_awareness_enabled',
      availabilityZoneCount: 'cluster_config.zone_awareness_config.availability_zone_count',
    },
    tags: tier(tierName),
  });
  return g.build();
}

const at = (line: number) => ({ file: 'search.tf', line });

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical: 6 data nodes over 3 zone-aware AZs',
      graph: () => domain({ instanceCount: 6, zoneAwareness: true, availabilityZoneCount: 3 }),
      findings: [{ address: D, status: 'pass', messageId: 'meets', location: at(7), message: 'spreads 6 data node(s) over 3 AZs', evidence: { attribute: 'cluster_config.zone_awareness_config.availability_zone_count', expected: { minAzs: 3 }, actual: { azs: 3, dataNodes: 6 } } }],
    },
    {
      name: 'high: zone awareness without a count is 2 AZs (AWS default)',
      graph: () => domain({ instanceCount: 2, zoneAwareness: true }, 'high'),
      findings: [{ address: D, status: 'pass', messageId: 'meets', location: at(5), message: 'over 2 AZs' }],
    },
    {
      name: 'requireEvenSpread off accepts 4 nodes over 3 AZs',
      options: { requireEvenSpread: false },
      graph: () => domain({ instanceCount: 4, zoneAwareness: true, availabilityZoneCount: 3 }),
      findings: [{ address: D, status: 'pass', messageId: 'meets', location: at(7) }],
    },
  ],
  fail: [
    {
      name: 'zone awareness not set: one AZ',
      graph: () => domain({ instanceCount: 3 }),
      findings: [{ address: D, status: 'fail', messageId: 'zoneAwarenessOff', location: at(1), severity: 'high', message: 'not set: AWS default is off' }],
    },
    {
      name: 'zone awareness off explicitly',
      graph: () => domain({ instanceCount: 2, zoneAwareness: false }, 'high'),
      findings: [{ address: D, status: 'fail', messageId: 'zoneAwarenessOff', location: at(5), message: 'cluster_config.zone_awareness_enabled = false' }],
    },
    {
      name: 'critical asks 3 AZs, the domain uses 2',
      graph: () => domain({ instanceCount: 4, zoneAwareness: true, availabilityZoneCount: 2 }),
      findings: [{ address: D, status: 'fail', messageId: 'tooFewAzs', location: at(7), message: 'only 2 AZs; tier critical requires ≥ 3' }],
    },
    {
      name: 'fewer data nodes than AZs',
      graph: () => domain({ instanceCount: 2, zoneAwareness: true, availabilityZoneCount: 3 }),
      findings: [{ address: D, status: 'fail', messageId: 'tooFewNodes', location: at(4) }],
    },
    {
      name: 'data nodes not a multiple of the AZ count',
      graph: () => domain({ instanceCount: 4, zoneAwareness: true, availabilityZoneCount: 3 }),
      findings: [{ address: D, status: 'fail', messageId: 'uneven', location: at(4), message: '4 data nodes over 3 AZs' }],
    },
  ],
  unknown: [
    {
      name: 'zone awareness from a variable without value',
      graph: () => domain({ instanceCount: 3, zoneAwareness: new Unknown('variable zone_awareness has no value') }),
      findings: [{ address: D, status: 'unknown', messageId: 'cannotTell', location: at(5), message: 'variable zone_awareness has no value' }],
    },
    {
      name: 'AZ count unknown',
      graph: () => domain({ instanceCount: 3, zoneAwareness: true, availabilityZoneCount: new Unknown('variable az_count has no value') }),
      findings: [{ address: D, status: 'unknown', messageId: 'cannotTell', location: at(7), message: 'the zone awareness AZ count' }],
    },
    {
      name: 'data node count unknown',
      graph: () => domain({ instanceCount: new Unknown('variable nodes has no value'), zoneAwareness: true, availabilityZoneCount: 3 }),
      findings: [{ address: D, status: 'unknown', messageId: 'cannotTell', location: at(4), message: 'the data node count: variable nodes has no value' }],
    },
  ],
  notApplicable: [{ name: 'medium tier requires no spread', graph: () => domain({ instanceCount: 1 }, 'medium'), findings: [] }],
});
