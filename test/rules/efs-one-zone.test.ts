import rule from '../../rules/efs-one-zone.js';
import { SymbolicAz } from '../../src/graph/az.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { fileSystem } from './efs-fixtures.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical Regional file system (no availability_zone_name)',
      graph: () => {
        const g = graph();
        fileSystem(g, 'shared', {}, 'critical', { line: 5 });
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.shared', status: 'pass', messageId: 'regional', location: { file: 'efs.tf', line: 5 }, evidence: { expected: { oneZone: false }, actual: { oneZone: false } } }],
    },
  ],
  fail: [
    {
      name: 'high One Zone file system in ap-northeast-1a, reported at availability_zone_name',
      graph: () => {
        const g = graph();
        fileSystem(g, 'scratch', { availabilityZone: 'ap-northeast-1a' }, 'high', { line: 20, lines: { availabilityZone: 23 } });
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.scratch', status: 'fail', messageId: 'oneZone', location: { file: 'efs.tf', line: 23 }, message: ['One Zone file system in ap-northeast-1a', 'tier high'], severity: 'high' }],
    },
    {
      name: 'critical One Zone in an AZ picked from an AZ list (symbolic: still one AZ)',
      graph: () => {
        const g = graph();
        const az = new SymbolicAz({ key: 'data.aws_availability_zones.available.names', label: 'data.aws_availability_zones.available.names', distinct: true }, 0);
        fileSystem(g, 'scratch', { availabilityZone: az as unknown as string }, 'critical', { line: 40, lines: { availabilityZone: 42 } });
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.scratch', status: 'fail', messageId: 'oneZone', location: { file: 'efs.tf', line: 42 }, severity: 'high' }],
    },
  ],
  unknown: [
    {
      name: 'availability_zone_name from a variable without value',
      graph: () => {
        const g = graph();
        fileSystem(g, 'scratch', { availabilityZone: new Unknown('variable efs_az has no value') }, 'critical', { line: 60, lines: { availabilityZone: 62 } });
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.scratch', status: 'unknown', messageId: 'cannotTell', location: { file: 'efs.tf', line: 62 }, message: 'variable efs_az has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier allows One Zone',
      graph: () => {
        const g = graph();
        fileSystem(g, 'reports', { availabilityZone: 'ap-northeast-1c' }, 'medium');
        return g.build();
      },
      findings: [],
    },
  ],
});
