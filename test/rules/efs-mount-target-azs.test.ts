import rule from '../../rules/efs-mount-target-azs.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { fileSystem, subnet } from './efs-fixtures.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'mount targets in 1a and 1c; the ECS service mounting it runs in 1a and 1c',
      graph: () => {
        const g = graph();
        const fs = fileSystem(g, 'shared', {}, 'critical', { line: 5 });
        const a = subnet(g, 'a', 'ap-northeast-1a');
        const c = subnet(g, 'c', 'ap-northeast-1c');
        const td = g.add('ecs.task-definition', 'aws_ecs_task_definition.web', { file: 'workloads.tf' });
        const svc = g.add('ecs.service', 'aws_ecs_service.web', { file: 'workloads.tf' });
        g.edge(fs, 'in-subnet', a).edge(fs, 'in-subnet', c);
        g.edge(td, 'mounts', fs).edge(svc, 'uses-task-definition', td).edge(svc, 'in-subnet', a).edge(svc, 'in-subnet', c);
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.shared', status: 'pass', messageId: 'covers', location: { file: 'efs.tf', line: 5 }, message: 'aws_ecs_service.web' }],
    },
    {
      name: 'no workload in the scan: mount targets over 2 AZs meet the tier',
      graph: () => {
        const g = graph();
        const fs = fileSystem(g, 'shared', {}, 'high', { line: 5 });
        g.edge(fs, 'in-subnet', subnet(g, 'a', 'ap-northeast-1a')).edge(fs, 'in-subnet', subnet(g, 'd', 'ap-northeast-1d'));
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.shared', status: 'pass', messageId: 'spans', location: { file: 'efs.tf', line: 5 } }],
    },
  ],
  fail: [
    {
      name: 'live file system without any mount target',
      graph: () => {
        const g = graph();
        g.add('storage.file-system', 'arn:aws:elasticfilesystem:ap-northeast-1:111122223333:file-system/fs-0abc', { live: true, props: { name: 'exports', replicationRegions: [] }, tags: { tier: 'critical' } });
        return g.build();
      },
      findings: [{ address: 'arn:aws:elasticfilesystem:ap-northeast-1:111122223333:file-system/fs-0abc', status: 'fail', messageId: 'tooFew', location: null, message: 'only 0 AZ(s)' }],
    },
    {
      name: 'the Lambda function mounting it (through an access point) runs in 1c where there is no mount target',
      graph: () => {
        const g = graph();
        const fs = fileSystem(g, 'uploads', {}, 'high', { line: 65 });
        const a = subnet(g, 'a', 'ap-northeast-1a');
        const c = subnet(g, 'c', 'ap-northeast-1c');
        const fn = g.add('function', 'aws_lambda_function.thumbnails', { file: 'workloads.tf', props: { inVpc: true } });
        g.edge(fs, 'in-subnet', a).edge(fn, 'mounts', fs).edge(fn, 'in-subnet', a).edge(fn, 'in-subnet', c);
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.uploads', status: 'fail', messageId: 'missing', location: { file: 'efs.tf', line: 65 }, message: ['no mount target in ap-northeast-1c', 'aws_lambda_function.thumbnails'], evidence: { actual: { azs: ['ap-northeast-1a'], missing: ['ap-northeast-1c'] } } }],
    },
    {
      name: 'no workload, a single mount target: below the tier minimum',
      graph: () => {
        const g = graph();
        const fs = fileSystem(g, 'uploads', {}, 'critical', { line: 65 });
        g.edge(fs, 'in-subnet', subnet(g, 'a', 'ap-northeast-1a'));
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.uploads', status: 'fail', messageId: 'tooFew', location: { file: 'efs.tf', line: 65 }, message: 'only 1 AZ(s)', severity: 'high' }],
    },
  ],
  unknown: [
    {
      name: 'configuration without any mount target of it (declared elsewhere, or none)',
      graph: () => {
        const g = graph();
        fileSystem(g, 'exports', {}, 'high', { line: 9 });
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.exports', status: 'unknown', messageId: 'cannotTell', location: { file: 'efs.tf', line: 9 }, message: 'no mount target of it in the scanned configuration' }],
    },
    {
      name: 'a mount target in a subnet that cannot be resolved',
      graph: () => {
        const g = graph();
        const fs = fileSystem(g, 'media', {}, 'critical', { line: 101 });
        g.edge(fs, 'in-subnet', subnet(g, 'a', 'ap-northeast-1a'));
        g.unresolved(fs, 'in-subnet', 'aws_efs_mount_target.legacy.subnet_id', 'variable legacy_subnet_id has no value');
        return g.build();
      },
      findings: [{ address: 'aws_efs_file_system.media', status: 'unknown', messageId: 'cannotTell', location: { file: 'efs.tf', line: 101 }, message: 'variable legacy_subnet_id has no value' }],
    },
  ],
  notApplicable: [
    {
      name: 'One Zone file system (judged by efs-one-zone)',
      graph: () => {
        const g = graph();
        const fs = fileSystem(g, 'scratch', { availabilityZone: 'ap-northeast-1a' }, 'critical');
        g.edge(fs, 'in-subnet', subnet(g, 'a', 'ap-northeast-1a'));
        return g.build();
      },
      findings: [],
    },
    {
      name: 'medium tier: one AZ allowed',
      graph: () => {
        const g = graph();
        const fs = fileSystem(g, 'reports', {}, 'medium');
        g.edge(fs, 'in-subnet', subnet(g, 'a', 'ap-northeast-1a'));
        return g.build();
      },
      findings: [],
    },
  ],
});
