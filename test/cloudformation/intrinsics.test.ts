import { describe, expect, it } from 'vitest';
import { isUnknown, Unknown } from '../../src/graph/values.js';
import { cidrSubnets } from '../../src/sources/cloudformation/cidr.js';
import { ComputedUnknown, StackRef } from '../../src/sources/cloudformation/values.js';
import { ResourceRef } from '../../src/sources/terraform/expr/values.js';
import { evaluateTemplate } from './helpers.js';

const BASE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: prod
  Count:
    Type: Number
    Default: '3'
  NoDefault:
    Type: String
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
    Default: 'subnet-1, subnet-2'
  Names:
    Type: CommaDelimitedList
    Default: a,b,c
  Ssm:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /app/size
Mappings:
  Sizes:
    prod: { Min: 3, Azs: [a, c] }
    dev: { Min: 1 }
    '123456789012': { Min: 9 }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals ['1', 1]]
  Either: !Or [!Condition IsDev, !Condition IsProd]
  RegionKnown: !Equals [!Ref AWS::Region, ap-northeast-1]
  NeedsParam: !Equals [!Ref NoDefault, x]
  OrShortCircuit: !Or [!Condition NeedsParam, !Condition IsProd]
  AndShortCircuit: !And [!Condition NeedsParam, !Condition IsDev]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      AvailabilityZone: ap-northeast-1c
  Service:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: svc
  DevOnly:
    Type: AWS::SQS::Queue
    Condition: IsDev
`;

function outputs(lines: Record<string, string>, opts?: Parameters<typeof evaluateTemplate>[1]) {
  const text = `${BASE}Outputs:\n${Object.entries(lines)
    .map(([k, v]) => `  ${k}:\n    Value: ${v}\n`)
    .join('')}`;
  return evaluateTemplate(text, opts);
}

describe('CloudFormation intrinsics', () => {
  it('Ref: parameters with their types, pseudo parameters, resources', () => {
    const e = outputs({
      Env: '!Ref Env',
      Count: '!Ref Count',
      Subnets: '!Ref Subnets',
      Names: '!Ref Names',
      NoDefault: '!Ref NoDefault',
      Ssm: '!Ref Ssm',
      Stack: '!Ref AWS::StackName',
      Partition: '!Ref AWS::Partition',
      Suffix: '!Ref AWS::URLSuffix',
      Region: '!Ref AWS::Region',
      Account: '!Ref AWS::AccountId',
      StackId: '!Ref AWS::StackId',
      Vpc: '!Ref Vpc',
      LongForm: '{ Ref: Env }',
    });
    expect(e.out('Env')).toBe('prod');
    expect(e.out('Count')).toBe(3);
    expect(e.out('Subnets')).toEqual(['subnet-1', 'subnet-2']);
    expect(e.out('Names')).toEqual(['a', 'b', 'c']);
    expect((e.out('NoDefault') as Unknown).reason).toBe('parameter NoDefault has no value (no Default; pass --cfn-param NoDefault=…)');
    expect((e.out('Ssm') as Unknown).reason).toBe('parameter Ssm is read from SSM parameter "/app/size" at deploy time');
    expect(e.out('Stack')).toBe('t');
    expect(e.out('Partition')).toBe('aws');
    expect(e.out('Suffix')).toBe('amazonaws.com');
    expect((e.out('Region') as Unknown).reason).toContain('AWS::Region: the region is not given');
    expect(isUnknown(e.out('Account'))).toBe(true);
    expect(isUnknown(e.out('StackId'))).toBe(true);
    const vpc = e.out('Vpc');
    expect(vpc).toBeInstanceOf(StackRef);
    expect(vpc).toBeInstanceOf(ResourceRef); // readable by code written for the Terraform source
    expect(vpc).toMatchObject({ targetId: 't.yaml#t/Vpc', address: 't/Vpc', logicalId: 'Vpc', resourceType: 'AWS::EC2::VPC', attribute: 'Ref' });
    expect((vpc as Unknown).reason).toBe('Ref t/Vpc is known only after the stack is deployed');
    expect(e.out('LongForm')).toBe('prod');
    expect(e.errors).toEqual([]);
  });

  it('pseudo parameters follow --region and the account', () => {
    const e = outputs({ Region: '!Ref AWS::Region', Account: '!Ref AWS::AccountId', P: '!Ref AWS::Partition', S: '!Ref AWS::URLSuffix' }, { region: 'cn-north-1', accountId: '123456789012' });
    expect(e.out('Region')).toBe('cn-north-1');
    expect(e.out('Account')).toBe('123456789012');
    expect(e.out('P')).toBe('aws-cn');
    expect(e.out('S')).toBe('amazonaws.com.cn');
  });

  it('Fn::GetAtt: string and list forms; echoed properties are values', () => {
    const e = outputs({ A: '!GetAtt Service.Name', B: '!GetAtt [Service, Arn]', C: '{ "Fn::GetAtt": [Vpc, CidrBlock] }', D: '!GetAtt Subnet.AvailabilityZone', E: '!GetAtt [Vpc, !Ref Env]' });
    expect(e.out('A')).toMatchObject({ targetId: 't.yaml#t/Service', attribute: 'Name' });
    expect((e.out('A') as Unknown).reason).toBe('t/Service.Name is known only after the stack is deployed');
    expect(e.out('B')).toMatchObject({ targetId: 't.yaml#t/Service', attribute: 'Arn' });
    expect(e.out('C')).toBe('10.0.0.0/16');
    expect(e.out('D')).toBe('ap-northeast-1c');
    expect(e.out('E')).toMatchObject({ targetId: 't.yaml#t/Vpc', attribute: 'prod' });
  });

  it('Fn::Sub: parameters, pseudo parameters, Resource.Attr, ${!Literal}, the variables form', () => {
    const e = outputs(
      {
        A: "!Sub '${Env}-${AWS::Region}-${AWS::StackName}'",
        B: "!Sub 'literal ${!NotAVariable} and ${ Env }'",
        C: "!Sub ['${X}-${Y}', { X: !Ref Env, Y: !Ref Count }]",
        D: "!Sub 'service/${Service}/${Service.Name}'",
        E: "!Sub '${Names}'",
      },
      { region: 'ap-northeast-1' },
    );
    expect(e.out('A')).toBe('prod-ap-northeast-1-t');
    expect(e.out('B')).toBe('literal ${NotAVariable} and prod');
    expect(e.out('C')).toBe('prod-3');
    const d = e.out('D');
    expect(d).toBeInstanceOf(ComputedUnknown);
    expect((d as ComputedUnknown).refs.map((r) => `${r.logicalId}.${r.attribute}`)).toEqual(['Service.Ref', 'Service.Name']);
    expect(e.out('E')).toBe('a,b,c');
  });

  it('Fn::Join, Fn::Select, Fn::Split (and taking a joined list of references apart again)', () => {
    const e = outputs({
      A: "!Join ['-', [a, !Ref Env, 3]]",
      B: '!Select [1, [x, y, z]]',
      C: "!Select ['0', !Ref Subnets]",
      D: "!Split [',', 'a,b,,c']",
      E: "!Join [',', [!Ref Subnet, !Ref Vpc]]",
      F: "!Split [',', !Join [',', [!Ref Subnet, 'subnet-lit']]]",
      G: "!Select [1, !Split [',', !Join [',', [!Ref Subnet, !Ref Vpc]]]]",
      H: "!Join ['', []]",
    });
    expect(e.out('A')).toBe('a-prod-3');
    expect(e.out('B')).toBe('y');
    expect(e.out('C')).toBe('subnet-1');
    expect(e.out('D')).toEqual(['a', 'b', '', 'c']);
    const joined = e.out('E') as ComputedUnknown;
    expect(joined).toBeInstanceOf(ComputedUnknown);
    expect(joined.joined?.delimiter).toBe(',');
    expect(joined.refs.map((r) => r.logicalId)).toEqual(['Subnet', 'Vpc']);
    const split = e.out('F') as unknown[];
    expect(split).toHaveLength(2);
    expect(split[0]).toMatchObject({ logicalId: 'Subnet' });
    expect(split[1]).toBe('subnet-lit');
    expect(e.out('G')).toMatchObject({ logicalId: 'Vpc', attribute: 'Ref' });
    expect(e.out('H')).toBe('');
  });

  it('Fn::FindInMap with keys from parameters, numeric keys, lists, and DefaultValue', () => {
    const e = outputs(
      {
        A: '!FindInMap [Sizes, !Ref Env, Min]',
        B: '!FindInMap [Sizes, prod, Azs]',
        C: '!FindInMap [Sizes, !Ref AWS::AccountId, Min]',
        D: '!FindInMap [Sizes, dev, Azs, { DefaultValue: [z] }]',
        E: '!FindInMap [Sizes, !Ref NoDefault, Min]',
      },
      { accountId: '123456789012' },
    );
    expect(e.out('A')).toBe(3);
    expect(e.out('B')).toEqual(['a', 'c']);
    expect(e.out('C')).toBe(9);
    expect(e.out('D')).toEqual(['z']);
    expect((e.out('E') as Unknown).reason).toContain('Fn::FindInMap: key parameter NoDefault has no value');
    expect(e.errors).toEqual([]);
  });

  it('conditions: Equals, Not, And, Or, Condition; three-valued logic', () => {
    const e = outputs({
      P: '!If [IsProd, yes, no]',
      D: '!If [IsDev, yes, no]',
      B: '!If [Both, yes, no]',
      O: '!If [Either, yes, no]',
      R: '!If [RegionKnown, yes, no]',
      Or: '!If [OrShortCircuit, yes, no]',
      And: '!If [AndShortCircuit, yes, no]',
      Same: '!If [NeedsParam, same, same]',
    });
    expect(e.out('P')).toBe('yes');
    expect(e.out('D')).toBe('no');
    expect(e.out('B')).toBe('yes'); // '1' equals 1: CloudFormation compares strings
    expect(e.out('O')).toBe('yes');
    const r = e.out('R') as Unknown;
    expect(r.reason).toBe('Fn::If RegionKnown: condition RegionKnown is unknown: AWS::Region: the region is not given (--region)');
    // An unknown operand does not matter when another decides.
    expect(e.out('Or')).toBe('yes');
    expect(e.out('And')).toBe('no');
    // Both branches equal: the value is known whatever the condition.
    expect(e.out('Same')).toBe('same');
  });

  it('Fn::If keeps the references of both branches when the condition is unknown; AWS::NoValue removes', () => {
    const text = `${BASE}  Other:
    Type: AWS::ECS::Service
    Properties:
      Tags:
        - !If [IsProd, { Key: a, Value: b }, !Ref AWS::NoValue]
        - !If [IsDev, { Key: c, Value: d }, !Ref AWS::NoValue]
      DesiredCount: !If [IsDev, 1, !Ref AWS::NoValue]
      Subnets: !If [NeedsParam, [!Ref Subnet], [!Ref Vpc]]
`;
    const e = evaluateTemplate(text);
    const decl = e.stack.template.resources.get('Other')!;
    const props = e.stack.resourceProps(decl) as Record<string, unknown>;
    expect(props.Tags).toEqual([{ Key: 'a', Value: 'b' }]);
    expect('DesiredCount' in props).toBe(false);
    const subnets = props.Subnets as ComputedUnknown;
    expect(subnets).toBeInstanceOf(ComputedUnknown);
    expect(subnets.refs.map((r) => r.logicalId)).toEqual(['Subnet', 'Vpc']);
  });

  it('Fn::ImportValue is unknown; Fn::Base64 encodes; Fn::Cidr computes; Fn::Length, Fn::ToJsonString', () => {
    const e = outputs({
      I: '!ImportValue shared-VpcId',
      B: '!Base64 hello',
      C: "!Cidr ['10.0.0.0/16', 3, 8]",
      C6: "!Cidr ['2001:db8::/56', 2, 64]",
      L: '!Length [a, b]',
      J: '{ "Fn::ToJsonString": { a: 1 } }',
    });
    expect((e.out('I') as Unknown).reason).toBe('Fn::ImportValue shared-VpcId: exported by another stack, known only when deployed');
    expect(e.out('B')).toBe('aGVsbG8=');
    expect(e.out('C')).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(e.out('C6')).toEqual(['2001:db8::/64', '2001:db8:0:1::/64']);
    expect(e.out('L')).toBe(2);
    expect(e.out('J')).toBe('{"a":1}');
  });

  it('a Ref to a resource that is not created is unknown, not a reference', () => {
    const e = outputs({ A: '!Ref DevOnly' });
    expect(e.out('A')).not.toBeInstanceOf(StackRef);
    expect((e.out('A') as Unknown).reason).toBe('t/DevOnly is not created (condition IsDev is false)');
  });

  it('template mistakes are errors at the expression, with Unknown values', () => {
    const text = `${BASE}Outputs:
  A:
    Value: !Ref Nope
  B:
    Value: !GetAtt Env.Arn
  C:
    Value: !If [NoSuchCondition, a, b]
  D:
    Value: !FindInMap [Sizes, qa, Min]
  E:
    Value: !Select [5, [a]]
  F:
    Value: { "Fn::Unheard": 1 }
  G:
    Value: !Join [',']
  H:
    Value: !Ref AWS::Nonsense
`;
    const e = evaluateTemplate(text);
    for (const k of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']) expect(isUnknown(e.out(k)), k).toBe(true);
    const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(e.errors.map((x) => [x.line, x.column, x.kind, x.message])).toEqual([
      [line('!Ref Nope'), 12, 'reference', 'Ref Nope: no parameter or resource named Nope'],
      [line('!GetAtt Env.Arn'), 12, 'reference', 'Fn::GetAtt Env.Arn: Env is a parameter, not a resource'],
      [line('!If [NoSuchCondition'), 17, 'reference', 'condition NoSuchCondition is not defined in Conditions'],
      [line('!FindInMap [Sizes, qa'), 12, 'reference', 'Fn::FindInMap: mapping Sizes has no qa → Min'],
      [line('!Select [5'), 12, 'function', 'Fn::Select: index 5 is out of range (the list has 1 items)'],
      [line('Fn::Unheard'), 14, 'function', 'unknown intrinsic function Fn::Unheard'],
      [line("!Join [',']"), 12, 'function', 'Fn::Join takes a list of 2 arguments'],
      [line('AWS::Nonsense'), 12, 'reference', 'unknown pseudo parameter AWS::Nonsense'],
    ]);
  });

  it('a circular condition is a cycle error, and its value unknown', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  A: !Not [!Condition B]
  B: !Not [!Condition A]
Outputs:
  X:
    Value: !If [A, 1, 2]
`;
    const e = evaluateTemplate(text);
    expect(isUnknown(e.out('X'))).toBe(true);
    expect(e.errors).toEqual([{ file: 't.yaml', line: 3, column: 3, kind: 'cycle', message: 'circular condition: A → B → A' }]);
  });

  it('a Number parameter that is not a number is an error at the parameter', () => {
    const e = evaluateTemplate(`AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  N:
    Type: Number
Outputs:
  X:
    Value: !Ref N
`, { params: { N: 'many' } });
    expect(isUnknown(e.out('X'))).toBe(true);
    expect(e.errors).toEqual([{ file: 't.yaml', line: 3, column: 3, kind: 'parameter', message: 'parameter N is a Number, but the value given is "many"' }]);
  });
});

describe('Fn::Cidr arithmetic', () => {
  it('IPv4 and IPv6', () => {
    expect(cidrSubnets('10.0.0.0/16', 2, 12)).toEqual(['10.0.0.0/20', '10.0.16.0/20']);
    expect(cidrSubnets('192.168.1.77/24', 4, 6)).toEqual(['192.168.1.0/26', '192.168.1.64/26', '192.168.1.128/26', '192.168.1.192/26']);
    expect(cidrSubnets('2001:db8:1234::/47', 2, 80)).toEqual(['2001:db8:1234::/48', '2001:db8:1235::/48']);
  });
  it('rejects what does not fit', () => {
    expect(cidrSubnets('10.0.0.0/24', 5, 6)).toEqual({ error: 'Fn::Cidr: /24 holds only 4 subnets of /26, 5 requested' });
    expect(cidrSubnets('10.0.0.0/24', 1, 9)).toEqual({ error: 'Fn::Cidr: 9 subnet bits do not fit in /24' });
    expect(cidrSubnets('nope', 1, 8)).toEqual({ error: 'Fn::Cidr: "nope" is not a CIDR block' });
  });
});
