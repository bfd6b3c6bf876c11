import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { SymbolicAz } from '../../src/graph/az.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder } from '../../src/graph/graph.js';
import type { AnyResource, Edge, Resource, ResourceKind } from '../../src/graph/types.js';
import { isUnknown, MASK, Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { rootAddress, scanCloudFormation, type CloudFormationSourceOutput } from '../../src/sources/cloudformation/index.js';
import { FIXTURES, fixture, plain, posOf } from './helpers.js';

function byAddress(out: CloudFormationSourceOutput, address: string): AnyResource {
  const r = out.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no resource ${address}; have ${out.resources.map((x) => x.address).join(', ')}`);
  return r;
}

function get<K extends ResourceKind>(out: CloudFormationSourceOutput, address: string, kind: K): Resource<K> {
  const r = byAddress(out, address);
  expect(r.kind).toBe(kind);
  return r as unknown as Resource<K>;
}

function edgesFrom(out: CloudFormationSourceOutput, id: string, kind?: string): Edge[] {
  return out.edges.filter((e) => e.from === id && (!kind || e.kind === kind));
}

function at(file: string, needle: string, nth = 1) {
  return { file, ...posOf(file, needle, nth) };
}

const APP = 'basic/app.yaml';
const NET = 'basic/network.yaml';
const JSON_T = 'basic/db.json';

describe('CloudFormation source: basic templates (YAML and JSON)', () => {
  let out: CloudFormationSourceOutput;
  beforeAll(async () => {
    out = await scanCloudFormation({ root: FIXTURES, files: [fixture(APP), fixture(NET), fixture(JSON_T)] });
  });

  it('reads every template, addresses resources <template path>/LogicalId and ids them by root file', () => {
    expect(out.source).toBe('cloudformation');
    expect(out.files).toEqual([APP, JSON_T, NET]);
    expect(out.errors).toEqual([]);
    expect(out.stacks).toEqual([
      { file: APP, stack: 'app' },
      { file: NET, stack: 'network' },
      { file: JSON_T, stack: 'db' },
    ]);
    expect(out.resources.map((r) => `${r.id} ${r.kind}`).sort()).toEqual(
      [
        'basic/app.yaml#basic/app/AuroraCluster db.cluster',
        'basic/app.yaml#basic/app/AuroraReader db.instance',
        'basic/app.yaml#basic/app/AuroraWriter db.instance',
        'basic/app.yaml#basic/app/BatchService ecs.service',
        'basic/app.yaml#basic/app/Cluster ecs.cluster',
        'basic/app.yaml#basic/app/DbSubnetGroup db.subnet-group',
        'basic/app.yaml#basic/app/GlobalOrders db.global-cluster',
        'basic/app.yaml#basic/app/ReportingDb db.instance',
        'basic/app.yaml#basic/app/ReportingReplica db.instance',
        'basic/app.yaml#basic/app/ScalingTarget autoscaling.target',
        'basic/app.yaml#basic/app/Service ecs.service',
        'basic/db.json#basic/db/LegacyDb db.instance',
        'basic/db.json#basic/db/Orders db.cluster',
        'basic/network.yaml#basic/network/NatA network.nat-gateway',
        'basic/network.yaml#basic/network/PrivateRouteTableA network.route-table',
        'basic/network.yaml#basic/network/PrivateRouteTableC network.route-table',
        'basic/network.yaml#basic/network/PrivateSubnetA network.subnet',
        'basic/network.yaml#basic/network/PrivateSubnetC network.subnet',
        'basic/network.yaml#basic/network/PrivateSubnetX network.subnet',
        'basic/network.yaml#basic/network/PublicSubnetA network.subnet',
        'basic/network.yaml#basic/network/Vpc network.vpc',
      ].sort(),
    );
    expect(out.ignoredResourceTypes).toEqual({ 'AWS::SQS::Queue': 1, 'AWS::EC2::EIP': 1 });
    const svc = byAddress(out, 'basic/app/Service');
    expect(svc.type).toBe('AWS::ECS::Service');
    expect(svc.provenance).toEqual({ source: 'cloudformation', location: at(APP, 'Service:'), modulePath: [] });
  });

  it('ECS service: props from parameters and conditions, each with the line and column of its key', () => {
    const svc = get(out, 'basic/app/Service', 'ecs.service');
    expect(svc.name).toBe('order-api');
    expect(svc.props).toMatchObject({
      name: 'order-api',
      launchType: 'FARGATE',
      desiredCount: 4,
      healthCheckGracePeriodSeconds: 60,
      circuitBreaker: { enable: true, rollback: true },
      loadBalancerCount: 1,
    });
    expect(svc.props.capacityProviderStrategy).toBeUndefined();
    expect(svc.propOrigins.desiredCount).toEqual({ attribute: 'DesiredCount', location: at(APP, 'DesiredCount: !Ref DesiredCount') });
    expect(svc.propOrigins.circuitBreaker).toEqual({
      attribute: 'DeploymentConfiguration.DeploymentCircuitBreaker',
      location: at(APP, 'DeploymentCircuitBreaker:'),
    });
    expect(posOf(APP, 'DesiredCount: !Ref DesiredCount')).toEqual({ line: 59, column: 7 });
    // Absent: the header.
    expect(svc.propOrigins.schedulingStrategy?.location).toEqual(at(APP, 'Service:'));
    expect(svc.tags).toEqual({ tier: 'critical', env: 'prod' });
    expect(edgesFrom(out, svc.id, 'in-cluster')).toEqual([{ from: svc.id, to: 'basic/app.yaml#basic/app/Cluster', kind: 'in-cluster', attribute: 'Cluster', location: at(APP, 'Cluster: !Ref Cluster') }]);
  });

  it('references that do not resolve to a template resource are unresolved, never guessed', () => {
    const svc = byAddress(out, 'basic/app/Service');
    expect(edgesFrom(out, svc.id, 'in-subnet')).toEqual([]);
    expect(svc.unresolved).toEqual([
      // A target group ARN of no target group in the templates: the ingress path is unknown.
      {
        edge: 'registers-with',
        attribute: 'LoadBalancers.0.TargetGroupArn',
        reason: '"arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/x/1" is a literal id, not a resource in the scanned templates',
      },
      { edge: 'in-subnet', attribute: 'NetworkConfiguration.AwsvpcConfiguration.Subnets', reason: 'Fn::ImportValue network-PrivateSubnetA: exported by another stack, known only when deployed' },
      { edge: 'in-subnet', attribute: 'NetworkConfiguration.AwsvpcConfiguration.Subnets', reason: '"subnet-0literal" is a literal id, not a resource in the scanned templates' },
    ]);
    const batch = get(out, 'basic/app/BatchService', 'ecs.service');
    expect(batch.unresolved.map((u) => u.reason)).toEqual([
      '"subnet-0aaa" is a literal id, not a resource in the scanned templates',
      '"subnet-0bbb" is a literal id, not a resource in the scanned templates',
    ]);
    // A Number parameter without a default or value.
    expect(plain(batch.props.desiredCount)).toEqual({ unknown: true, reason: 'parameter BatchCount has no value (no Default; pass --cfn-param BatchCount=…)' });
    expect(batch.props.capacityProviderStrategy).toEqual([{ provider: 'FARGATE_SPOT', weight: 1, base: 0 }]);
  });

  it('scaling target: min from Fn::FindInMap, scales the service named inside !Sub', () => {
    const t = get(out, 'basic/app/ScalingTarget', 'autoscaling.target');
    expect(t.props).toMatchObject({ serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', minCapacity: 3, maxCapacity: 20 });
    expect(isUnknown(t.props.resourceId)).toBe(true);
    expect(t.propOrigins.minCapacity?.location).toEqual(at(APP, 'MinCapacity: !FindInMap'));
    expect(edgesFrom(out, t.id)).toEqual([{ from: t.id, to: 'basic/app.yaml#basic/app/Service', kind: 'scales', attribute: 'ResourceId', location: at(APP, 'ResourceId:') }]);
    expect(t.unresolved).toEqual([]);
  });

  it('a resource whose condition is false is not deployed: absent from the graph, counted', () => {
    expect(out.resources.some((r) => r.address === 'basic/app/DevOnlyService' || r.address === 'basic/app/Proxy')).toBe(false);
    expect(out.notDeployed).toEqual([
      { address: 'basic/app/DevOnlyService', ...at(APP, 'DevOnlyService:'), condition: 'IsDev' },
      { address: 'basic/app/Proxy', ...at(APP, 'Proxy:\n    Type: AWS::RDS::DBProxy'), condition: 'WantProxy' },
    ]);
  });

  it('Aurora: members by Ref and by literal identifier, global cluster from SourceDBClusterIdentifier', () => {
    const cluster = get(out, 'basic/app/AuroraCluster', 'db.cluster');
    expect(cluster.props).toMatchObject({
      identifier: 'basic-orders',
      engine: 'aurora-postgresql',
      backupRetentionDays: 7,
      deletionProtection: true,
      serverlessV2: { minCapacity: 0.5, maxCapacity: 64 },
      globalClusterIdentifier: 'basic/app.yaml#basic/app/GlobalOrders',
    });
    // Fn::If on a condition that needs AWS::Region (not given).
    expect((cluster.props.availabilityZones as Unknown).reason).toBe('Fn::If InTokyo: condition InTokyo is unknown: AWS::Region: the region is not given (--region)');
    expect(cluster.propOrigins.backupRetentionDays).toEqual({ attribute: 'BackupRetentionPeriod', location: at(APP, 'BackupRetentionPeriod: !FindInMap') });
    expect(out.edges.filter((e) => e.kind === 'member-of').map((e) => `${e.from} -> ${e.to} (${e.attribute})`)).toEqual([
      'basic/app.yaml#basic/app/AuroraWriter -> basic/app.yaml#basic/app/AuroraCluster (DBClusterIdentifier)',
      'basic/app.yaml#basic/app/AuroraReader -> basic/app.yaml#basic/app/AuroraCluster (DBClusterIdentifier)',
      'basic/app.yaml#basic/app/AuroraCluster -> basic/app.yaml#basic/app/GlobalOrders (SourceDBClusterIdentifier)',
    ]);
    const writer = get(out, 'basic/app/AuroraWriter', 'db.instance');
    expect(writer.props).toMatchObject({ availabilityZone: 'ap-northeast-1a', clusterIdentifier: cluster.id });
    expect(writer.props.multiAz).toBeUndefined();
    expect(get(out, 'basic/app/AuroraReader', 'db.instance').props).toMatchObject({ clusterIdentifier: cluster.id, promotionTier: 1 });
    // The DB subnet group's subnets are literal ids: the cluster's in-subnet set is unknown.
    expect(cluster.unresolved.map((u) => `${u.edge} ${u.attribute}`)).toEqual(['in-subnet DBSubnetGroupName', 'in-subnet DBSubnetGroupName']);
  });

  it('the region decides conditions that depend on it', async () => {
    const withRegion = await scanCloudFormation({ root: FIXTURES, files: [fixture(APP)], region: 'ap-northeast-1' });
    expect(get(withRegion, 'basic/app/AuroraCluster', 'db.cluster').props.availabilityZones).toEqual(['ap-northeast-1a', 'ap-northeast-1c']);
    const elsewhere = await scanCloudFormation({ root: FIXTURES, files: [fixture(APP)], region: 'eu-west-1' });
    const c = get(elsewhere, 'basic/app/AuroraCluster', 'db.cluster');
    expect(c.props.availabilityZones).toBeUndefined(); // AWS::NoValue removed the property
    expect(c.propOrigins.availabilityZones?.location).toEqual(at(APP, 'AvailabilityZones: !If'));
  });

  it('RDS instance: Fn::Join identifier, "false" string, replica, subnet group by literal name', () => {
    const db = get(out, 'basic/app/ReportingDb', 'db.instance');
    expect(db.name).toBe('basic-prod-reporting');
    expect(db.props).toMatchObject({ identifier: 'basic-prod-reporting', engine: 'postgres', multiAz: false, deletionProtection: false });
    expect(db.props.backupRetentionDays).toBeUndefined(); // absent: the rule applies CloudFormation's default of 1
    expect(db.propOrigins.backupRetentionDays?.location).toEqual(at(APP, 'ReportingDb:'));
    expect(db.unresolved.map((u) => u.reason)).toEqual([
      '"subnet-0aaa" is a literal id, not a resource in the scanned templates',
      '"subnet-0bbb" is a literal id, not a resource in the scanned templates',
    ]);
    const replica = get(out, 'basic/app/ReportingReplica', 'db.instance');
    expect(replica.props.replicateSourceDb).toBe(db.id);
    expect(edgesFrom(out, replica.id)).toEqual([{ from: replica.id, to: db.id, kind: 'replica-of', attribute: 'SourceDBInstanceIdentifier', location: at(APP, 'SourceDBInstanceIdentifier') }]);
  });

  it('inline suppressions from Metadata.resilint.ignore', () => {
    const svc = byAddress(out, 'basic/app/Service');
    const expected = [{ ruleId: 'ecs-min-tasks-per-az', reason: 'migration in progress', until: '2099-12-31', location: at(APP, 'rule: ecs-min-tasks-per-az') }];
    expect(svc.inlineSuppressions).toEqual(expected);
    expect(svc.attributes['resilint:ignore']).toEqual(expected);
    const legacy = byAddress(out, 'basic/db/LegacyDb');
    expect(legacy.inlineSuppressions).toEqual([{ ruleId: 'db-multi-az', location: at(JSON_T, '"db-multi-az"') }]);
  });

  it('secrets never reach attributes', () => {
    const cluster = byAddress(out, 'basic/app/AuroraCluster');
    expect(cluster.attributes.MasterUserPassword).toBe(MASK);
    expect(JSON.stringify(out)).not.toContain('Example-Passw0rd-NOT-REAL');
    expect(byAddress(out, 'basic/db/LegacyDb').attributes.MasterUserPassword).toBe(MASK);
  });

  it('network: NAT subnet, routes via the NAT with their destination, subnet associations, computed CIDRs', () => {
    const nat = get(out, 'basic/network/NatA', 'network.nat-gateway');
    expect(edgesFrom(out, nat.id)).toEqual([{ from: nat.id, to: 'basic/network.yaml#basic/network/PublicSubnetA', kind: 'in-subnet', attribute: 'SubnetId', location: at(NET, 'SubnetId: !Ref PublicSubnetA') }]);
    const rtC = get(out, 'basic/network/PrivateRouteTableC', 'network.route-table');
    expect(rtC.props.routes).toEqual([{ destination: '0.0.0.0/0', via: 'nat-gateway', target: nat.id }]);
    expect(edgesFrom(out, rtC.id, 'routes-via')).toEqual([
      {
        from: rtC.id,
        to: nat.id,
        kind: 'routes-via',
        attribute: 'NatGatewayId',
        data: { destination: '0.0.0.0/0', declaredBy: 'basic/network/DefaultRouteC' },
        location: at(NET, 'NatGatewayId', 2),
      },
    ]);
    expect(out.edges.filter((e) => e.kind === 'uses-route-table').map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'basic/network.yaml#basic/network/PrivateSubnetA -> basic/network.yaml#basic/network/PrivateRouteTableA',
      'basic/network.yaml#basic/network/PrivateSubnetC -> basic/network.yaml#basic/network/PrivateRouteTableC',
    ]);
    expect(get(out, 'basic/network/PrivateSubnetC', 'network.subnet').props).toEqual({ availabilityZone: 'ap-northeast-1c', cidr: '10.0.2.0/24', mapPublicIpOnLaunch: undefined });
    // !GetAtt Vpc.CidrBlock echoes the VPC's literal CidrBlock; Fn::Cidr computes.
    expect(get(out, 'basic/network/PublicSubnetA', 'network.subnet').props).toMatchObject({ cidr: '10.0.0.0/24', mapPublicIpOnLaunch: true });
    // No --region: element 2 of the stack Region's AZ list, kept symbolic.
    const azX = get(out, 'basic/network/PrivateSubnetX', 'network.subnet').props.availabilityZone as SymbolicAz;
    expect(azX).toBeInstanceOf(SymbolicAz);
    expect([azX.index, azX.origin.label, azX.origin.key]).toEqual([2, "Fn::GetAZs ''", 'cfn:basic/network.yaml#Fn::GetAZs']);
    expect(get(out, 'basic/network/Vpc', 'network.vpc').name).toBe('basic-vpc');
  });

  it('JSON template: exact line and column of resources and properties; string booleans and numbers', () => {
    const db = get(out, 'basic/db/LegacyDb', 'db.instance');
    expect(db.provenance.location).toEqual({ file: JSON_T, line: 8, column: 5 });
    expect(db.propOrigins.multiAz).toEqual({ attribute: 'MultiAZ', location: { file: JSON_T, line: 14, column: 9 } });
    expect(db.propOrigins.multiAz?.location).toEqual(at(JSON_T, '"MultiAZ"'));
    expect(db.propOrigins.backupRetentionDays?.location).toEqual(at(JSON_T, '"BackupRetentionPeriod"'));
    expect(db.props).toMatchObject({ identifier: 'legacy-masterdata', multiAz: false, backupRetentionDays: 3, deletionProtection: true });
    expect(db.tags).toEqual({ tier: 'high' });
    expect((db.props.availabilityZone as Unknown).reason).toContain('Fn::GetAZs');
    const orders = get(out, 'basic/db/Orders', 'db.cluster');
    expect(orders.name).toBe('Orders');
    expect((orders.props.identifier as Unknown).reason).toBe('Fn::Sub: AWS::AccountId: the account is not given');
    expect(orders.props.engineMode).toBe('serverless');
    expect(orders.propOrigins.engineMode?.location).toEqual({ file: JSON_T, line: 27, column: 9 });
  });

  it('gives the built-in rules what they need (same verdicts as from Terraform)', () => {
    const builder = new GraphBuilder();
    for (const r of out.resources) builder.addResource(r);
    for (const e of out.edges) builder.addEdge(e);
    const graph = builder.build();
    const policy = { ...defaultPolicy(), defaultTier: 'critical' };
    const tiers = assignTiers(graph, policy);
    const { findings } = evaluateRules({ graph, policy, rules: builtinRules, tiers });
    const verdict = (rule: string, address: string) => findings.filter((f) => f.ruleId === rule && f.resource.address === address).map((f) => f.status);
    expect(verdict('nat-gateway-per-az', 'basic/network/NatA')).toEqual(['fail']); // PrivateSubnetC (1c) egresses through 1a
    expect(verdict('db-multi-az', 'basic/app/AuroraCluster')).toEqual(['pass']); // members in 1a and 1c
    expect(verdict('db-multi-az', 'basic/app/ReportingDb')).toEqual(['fail']);
    expect(verdict('db-multi-az', 'basic/app/AuroraWriter')).toEqual([]); // judged through its cluster
    expect(verdict('db-backup-retention', 'basic/db/LegacyDb')).toEqual(['fail']); // 3 < 7
    expect(verdict('ecs-min-tasks-per-az', 'basic/app/Service')).toEqual(['unknown']); // its subnets are not in the templates
    const nat = findings.find((f) => f.ruleId === 'nat-gateway-per-az')!;
    expect(nat.location).toEqual(at(NET, 'NatA:'));
  });
});

describe('CloudFormation source: nested stacks', () => {
  let out: CloudFormationSourceOutput;
  const files = ['nested/parent.yaml', 'nested/network.yaml', 'nested/db/database.yaml'];
  beforeAll(async () => {
    out = await scanCloudFormation({ root: FIXTURES, files: files.map(fixture) });
  });

  it('follows local TemplateURLs with their Parameters; nested templates are not roots', () => {
    expect(out.stacks).toEqual([{ file: 'nested/parent.yaml', stack: 'parent' }]);
    expect(out.files).toEqual(['nested/db/database.yaml', 'nested/network.yaml', 'nested/parent.yaml']);
    expect(out.resources.map((r) => r.address).sort()).toEqual([
      'nested/parent/Database/Db',
      'nested/parent/Database/SubnetGroup',
      'nested/parent/Network/SubnetA',
      'nested/parent/Network/SubnetC',
      'nested/parent/Network/Vpc',
      'nested/parent/Service',
    ]);
    const subnet = get(out, 'nested/parent/Network/SubnetC', 'network.subnet');
    expect(subnet.id).toBe('nested/parent.yaml#nested/parent/Network/SubnetC');
    expect(subnet.provenance).toEqual({ source: 'cloudformation', location: at('nested/network.yaml', 'SubnetC:'), modulePath: ['Network'] });
    // VpcCidr came from the parent; Fn::Cidr of the echoed CidrBlock.
    expect(subnet.props.cidr).toBe('10.1.1.0/24');
    expect(out.errors).toEqual([]);
  });

  it('values flow through parameters and outputs; references stay edges across stacks', () => {
    const db = get(out, 'nested/parent/Database/Db', 'db.instance');
    expect(db.props).toMatchObject({ multiAz: true, backupRetentionDays: 5 });
    // AWS::StackName of a nested stack is its logical id.
    expect(db.tags).toEqual({ Name: 'Database-prod-db' });
    expect(db.provenance.modulePath).toEqual(['Database']);
    expect(edgesFrom(out, db.id, 'in-subnet').map((e) => e.to)).toEqual([
      'nested/parent.yaml#nested/parent/Network/SubnetA',
      'nested/parent.yaml#nested/parent/Network/SubnetC',
    ]);
    const svc = byAddress(out, 'nested/parent/Service');
    expect(edgesFrom(out, svc.id, 'in-subnet').map((e) => e.to)).toEqual([
      'nested/parent.yaml#nested/parent/Network/SubnetA',
      'nested/parent.yaml#nested/parent/Network/SubnetC',
    ]);
    expect(svc.unresolved).toEqual([]);
  });

  it('a remote nested template is a coverage gap', () => {
    expect(out.coverage).toEqual([
      {
        scope: `nested/parent.yaml:${posOf('nested/parent.yaml', 'TemplateURL: https').line}`,
        errorCode: 'nested-stack-remote',
        message: 'nested stack nested/parent/Shared uses the remote template https://s3.amazonaws.com/example-bucket/shared.yaml; its resources are not assessed',
      },
    ]);
  });

  it('a nested template scanned alone is a root of its own', async () => {
    const alone = await scanCloudFormation({ root: FIXTURES, files: [fixture('nested/network.yaml')] });
    expect(alone.stacks).toEqual([{ file: 'nested/network.yaml', stack: 'network' }]);
    expect(plain(get(alone, 'nested/network/Vpc', 'network.vpc').props.cidr)).toEqual({ unknown: true, reason: 'parameter VpcCidr has no value (no Default; pass --cfn-param VpcCidr=…)' });
  });
});

describe('CloudFormation source: bad input', () => {
  let out: CloudFormationSourceOutput;
  beforeAll(async () => {
    const files = ['invalid.yaml', 'invalid.json', 'unknown-tag.yaml', 'missing-ref.yaml', 'circular.yaml', 'missing-nested.yaml', 'ok.yaml'];
    out = await scanCloudFormation({ root: FIXTURES, files: files.map((f) => fixture(`bad/${f}`)) });
  });

  it('reports each problem with file, line, column and kind, and never throws', () => {
    expect(out.errors).toEqual([
      { file: 'bad/circular.yaml', line: 3, column: 3, kind: 'cycle', message: 'circular condition: A → B → A' },
      { file: 'bad/invalid.json', line: 6, column: 7, kind: 'parse', message: 'Missing , between flow map items' },
      { file: 'bad/invalid.yaml', line: 7, column: 7, kind: 'parse', message: 'Flow sequence in block collection must be sufficiently indented and end with a ]' },
      { file: 'bad/missing-nested.yaml', ...posOf('bad/missing-nested.yaml', 'TemplateURL'), kind: 'nested-stack', message: 'nested stack Child: template file bad/no-such-child.yaml does not exist' },
      { file: 'bad/missing-ref.yaml', ...posOf('bad/missing-ref.yaml', '!Ref NoSuchCluster'), kind: 'reference', message: 'Ref NoSuchCluster: no parameter or resource named NoSuchCluster' },
      { file: 'bad/missing-ref.yaml', ...posOf('bad/missing-ref.yaml', '!GetAtt'), kind: 'reference', message: 'Fn::GetAtt NoSuchResource.Count: no resource named NoSuchResource' },
      { file: 'bad/missing-ref.yaml', ...posOf('bad/missing-ref.yaml', '!Sub'), kind: 'reference', message: 'Ref NoSuchParam: no parameter or resource named NoSuchParam' },
      { file: 'bad/missing-ref.yaml', ...posOf('bad/missing-ref.yaml', '!Ref NoSuchSubnet'), kind: 'reference', message: 'Ref NoSuchSubnet: no parameter or resource named NoSuchSubnet' },
      { file: 'bad/unknown-tag.yaml', line: 7, column: 16, kind: 'parse', message: 'unknown tag !Foo (not a CloudFormation intrinsic function)' },
    ]);
    expect(posOf('bad/missing-nested.yaml', 'TemplateURL')).toEqual({ line: 6, column: 7 });
  });

  it('other files and other resources are still scanned, with Unknown where the error is', () => {
    expect(get(out, 'bad/ok/Db', 'db.instance').props.multiAz).toBe(true);
    const tagged = get(out, 'bad/unknown-tag/Db', 'db.instance');
    expect(plain(tagged.props.multiAz)).toEqual({ unknown: true, reason: 'unknown tag !Foo' });
    expect(tagged.props.backupRetentionDays).toBe(7);
    // A circular condition: the resource is kept (its condition is unknown).
    expect(get(out, 'bad/circular/Db', 'db.instance').attributes.Condition).toBe('A');
    expect((get(out, 'bad/missing-nested/Db', 'db.instance').props.multiAz as Unknown).reason).toBe(
      'nested stack bad/missing-nested/Child: template file bad/no-such-child.yaml does not exist',
    );
    const svc = get(out, 'bad/missing-ref/Service', 'ecs.service');
    expect(svc.unresolved.map((u) => u.edge)).toEqual(['in-subnet', 'in-cluster']);
    expect(out.resources.some((r) => r.address.startsWith('invalid/'))).toBe(false);
    expect(out.files).toContain('bad/invalid.yaml');
  });
});

describe('CloudFormation source: detection, parameters, transforms', () => {
  it('ignores files that are not templates, silently', async () => {
    const files = ['misc/docker-compose.yaml', 'misc/package.json', 'misc/broken-helm.yaml', 'misc/sam.yaml'];
    const out = await scanCloudFormation({ root: FIXTURES, files: files.map(fixture) });
    expect(out.notTemplates).toEqual(['misc/docker-compose.yaml', 'misc/package.json', 'misc/broken-helm.yaml']);
    expect(out.errors).toEqual([]);
    expect(out.files).toEqual(['misc/sam.yaml']);
    // Its only SAM resource is a function, which is read (test/cloudformation/sam.test.ts): nothing left unassessed.
    expect(out.coverage).toEqual([]);
  });

  it('parameter values: Default, then parameter files in order, then --cfn-param', async () => {
    const svc = async (parameterFiles: string[], parameters?: Record<string, string>) => {
      const out = await scanCloudFormation({ root: FIXTURES, files: [fixture('params/service.yaml')], parameterFiles: parameterFiles.map((f) => fixture(`params/${f}`)), parameters });
      return { out, svc: get(out, 'params/service/Svc', 'ecs.service'), cluster: get(out, 'params/service/Cluster', 'db.cluster') };
    };
    const none = await svc([]);
    expect(none.svc.props).toMatchObject({ desiredCount: 1, launchType: 'EC2' });
    expect(isUnknown(none.svc.props.healthCheckGracePeriodSeconds)).toBe(true);
    expect(none.cluster.props.availabilityZones).toEqual(['ap-northeast-1a', 'ap-northeast-1c']);

    const cli = await svc(['cli.json']);
    expect(cli.svc.props).toMatchObject({ desiredCount: 3, launchType: 'FARGATE' });

    const all = await svc(['cli.json', 'pipeline.json', 'plain.yaml'], { Launch: 'EC2' });
    expect(all.svc.props).toMatchObject({ desiredCount: 5, launchType: 'EC2', healthCheckGracePeriodSeconds: 30 });
    expect(all.cluster.props.availabilityZones).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);
    expect(all.out.files).toEqual(['params/cli.json', 'params/pipeline.json', 'params/plain.yaml', 'params/service.yaml']);

    const bad = await svc(['bad.json', 'missing.json']);
    expect(bad.out.errors).toEqual([
      { file: 'params/bad.json', line: 1, column: 3, kind: 'parameter', message: 'ParameterValue of Desired must be a string' },
      { file: 'params/bad.json', line: 1, column: 69, kind: 'parameter', message: 'each entry must be {ParameterKey, ParameterValue}' },
      { file: 'params/missing.json', line: 1, column: 1, kind: 'read', message: 'cannot read params/missing.json: no such file (ENOENT)' },
    ]);
    expect(bad.svc.props.desiredCount).toBe(1);
  });
});

describe('CloudFormation source: addresses are unique per template path', () => {
  it('two service.yaml in different folders (each with the same nested template) print different addresses and ids', async () => {
    const files = ['same-name/orders/service.yaml', 'same-name/payments/service.yaml', 'same-name/network.yaml'];
    const out = await scanCloudFormation({ root: FIXTURES, files: files.map(fixture) });
    expect(out.errors).toEqual([]);
    expect(out.stacks).toEqual([
      { file: 'same-name/orders/service.yaml', stack: 'service' },
      { file: 'same-name/payments/service.yaml', stack: 'service' },
    ]);
    expect(out.resources.map((r) => `${r.id} ${r.address}`).sort()).toEqual([
      'same-name/orders/service.yaml#same-name/orders/service/Cluster same-name/orders/service/Cluster',
      'same-name/orders/service.yaml#same-name/orders/service/Network/Vpc same-name/orders/service/Network/Vpc',
      'same-name/orders/service.yaml#same-name/orders/service/Service same-name/orders/service/Service',
      'same-name/payments/service.yaml#same-name/payments/service/Cluster same-name/payments/service/Cluster',
      'same-name/payments/service.yaml#same-name/payments/service/Network/Vpc same-name/payments/service/Network/Vpc',
      'same-name/payments/service.yaml#same-name/payments/service/Service same-name/payments/service/Service',
    ]);
  });

  it('the address depends only on the file and the scan root, not on what else is scanned', async () => {
    const alone = await scanCloudFormation({ root: FIXTURES, files: [fixture('same-name/orders/service.yaml')] });
    expect(alone.resources.map((r) => r.address).sort()).toEqual(['same-name/orders/service/Cluster', 'same-name/orders/service/Network/Vpc', 'same-name/orders/service/Service']);
    const fromFolder = await scanCloudFormation({ root: fixture('same-name/orders'), files: [fixture('same-name/orders/service.yaml')] });
    expect(fromFolder.resources.map((r) => r.id).sort()).toEqual(['service.yaml#service/Cluster', 'service.yaml#service/Network/Vpc', 'service.yaml#service/Service']);
  });

  it('rootAddress drops only the last extension', () => {
    expect(rootAddress('network.yaml')).toBe('network');
    expect(rootAddress('services/api/service.yaml')).toBe('services/api/service');
    expect(rootAddress('cdk.out/App.template.json')).toBe('cdk.out/App.template');
    expect(rootAddress('infra.d/template')).toBe('infra.d/template');
  });
});
