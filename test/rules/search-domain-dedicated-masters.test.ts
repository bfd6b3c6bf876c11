import rule from '../../rules/search-domain-dedicated-masters.js';
import type { PropsByKind } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester, tier } from '../helpers/rule-tester.js';

const D = 'aws_opensearch_domain.logs';

/** Domain `logs` at search.tf:1: dedicatedMasterEnabled line 8, dedicatedMasterCount line 9. */
function domain(props: Partial<PropsByKind['search.domain']>, tierName = 'critical') {
  const g = graph();
  g.add('search.domain', D, {
    file: 'search.tf',
    line: 1,
    props: { name: 'logs', instanceCount: 3, zoneAwareness: true, availabilityZoneCount: 3, ...props },
    lines: { dedicatedMasterEnabled: 8, dedicatedMasterCount: 9 },
    attributes: { dedicatedMasterEnabled: 'cluster_config.dedicated_master_enabled', dedicatedMasterCount: 'cluster_config.dedicated_master_count' },
    tags: tier(tierName),
  });
  return g.build();
}

const at = (line: number) => ({ file: 'search.tf', line });

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical: three dedicated masters',
      graph: () => domain({ dedicatedMasterEnabled: true, dedicatedMasterCount: 3 }),
      findings: [{ address: D, status: 'pass', messageId: 'meets', location: at(9), message: 'has 3 dedicated master nodes', evidence: { expected: { dedicatedMasters: 3 }, actual: { count: 3 } } }],
    },
    {
      name: 'five masters meet a bar of three',
      graph: () => domain({ dedicatedMasterEnabled: true, dedicatedMasterCount: 5 }),
      findings: [{ address: D, status: 'pass', messageId: 'meets', location: at(9) }],
    },
  ],
  fail: [
    {
      name: 'dedicated masters not set: off',
      graph: () => domain({}),
      findings: [{ address: D, status: 'fail', messageId: 'disabled', location: at(1), severity: 'high', message: 'not set: AWS default is off' }],
    },
    {
      name: 'dedicated masters off explicitly',
      graph: () => domain({ dedicatedMasterEnabled: false }),
      findings: [{ address: D, status: 'fail', messageId: 'disabled', location: at(8), message: 'cluster_config.dedicated_master_enabled = false' }],
    },
    {
      name: 'two masters',
      graph: () => domain({ dedicatedMasterEnabled: true, dedicatedMasterCount: 2 }),
      findings: [{ address: D, status: 'fail', messageId: 'tooFew', location: at(9), message: 'only 2 dedicated master node(s)' }],
    },
  ],
  unknown: [
    {
      name: 'enabled from a variable without value',
      graph: () => domain({ dedicatedMasterEnabled: new Unknown('variable masters has no value') }),
      findings: [{ address: D, status: 'unknown', messageId: 'cannotTell', location: at(8), message: 'variable masters has no value' }],
    },
    {
      name: 'enabled, count not written',
      graph: () => domain({ dedicatedMasterEnabled: true }),
      findings: [{ address: D, status: 'unknown', messageId: 'cannotTell', location: at(8), message: 'count is not set in configuration' }],
    },
    {
      name: 'count unknown',
      graph: () => domain({ dedicatedMasterEnabled: true, dedicatedMasterCount: new Unknown('variable master_count has no value') }),
      findings: [{ address: D, status: 'unknown', messageId: 'cannotTell', location: at(9), message: 'variable master_count has no value' }],
    },
  ],
  notApplicable: [
    { name: 'high tier requires no dedicated masters (catalogue)', graph: () => domain({}, 'high'), findings: [] },
    { name: 'medium tier', graph: () => domain({}, 'medium'), findings: [] },
  ],
});
