/**
 * Fn::ForEach and the other AWS::LanguageExtensions functions: expansion,
 * logical ids, locations at the loop's lines, unknown collections, errors.
 */
import { describe, expect, it } from 'vitest';
import { Unknown } from '../../src/graph/values.js';
import { StackRef } from '../../src/sources/cloudformation/values.js';
import { scanCloudFormation } from '../../src/sources/cloudformation/index.js';
import { evaluateTemplate, fixture, FIXTURES } from './helpers.js';

const line = (text: string, needle: string, nth = 1): number => {
  let at = -1;
  for (let k = 0; k < nth; k++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in text`);
  return text.slice(0, at).split('\n').length;
};

const SIMPLE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Parameters:
  Suffixes:
    Type: CommaDelimitedList
    Default: A,B,C
  Unset:
    Type: CommaDelimitedList
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  'Fn::ForEach::Subnets':
    - Suffix
    - !Ref Suffixes
    - 'Subnet\${Suffix}':
        Type: AWS::EC2::Subnet
        Properties:
          VpcId: !Ref Vpc
          CidrBlock: !Sub '10.0.\${Suffix}.0/24'
          Tags:
            - Key: Name
              Value: !Ref Suffix
      'Route\${Suffix}':
        Type: AWS::EC2::RouteTable
        Properties:
          VpcId: !Ref Vpc
Outputs:
  'Fn::ForEach::SubnetIds':
    - Suffix
    - [A, C]
    - 'Subnet\${Suffix}Id':
        Value: !Ref
          'Fn::Sub': 'Subnet\${Suffix}'
      'Subnet\${Suffix}Cidr':
        Value: !GetAtt [!Sub 'Subnet\${Suffix}', CidrBlock]
`;

describe('Fn::ForEach', () => {
  it('expands a loop over a CommaDelimitedList parameter: one resource per item, logical ids from the OutputKey, Ref and Fn::Sub of the identifier', () => {
    const e = evaluateTemplate(SIMPLE);
    expect(e.errors).toEqual([]);
    expect([...e.stack.resources.keys()]).toEqual(['Vpc', 'SubnetA', 'RouteA', 'SubnetB', 'RouteB', 'SubnetC', 'RouteC']);
    const b = e.stack.resources.get('SubnetB')!;
    expect(e.stack.resourceProps(b)).toMatchObject({ CidrBlock: '10.0.B.0/24', Tags: [{ Key: 'Name', Value: 'B' }] });
    // Every expansion points at the lines of the loop's fragment.
    expect(b.pos.line).toBe(line(SIMPLE, "'Subnet${Suffix}':"));
    expect(e.stack.resources.get('RouteC')!.pos.line).toBe(line(SIMPLE, "'Route${Suffix}':"));
    expect(e.coverage).toEqual([]);
  });

  it('in Outputs: keys and Ref of a computed logical id', () => {
    const e = evaluateTemplate(SIMPLE);
    const a = e.out('SubnetAId') as StackRef;
    expect(a).toBeInstanceOf(StackRef);
    expect(a.logicalId).toBe('SubnetA');
    expect(e.out('SubnetBId')).toBeUndefined();
    expect((e.out('SubnetCId') as StackRef).logicalId).toBe('SubnetC');
    // Fn::GetAtt with a logical id from Fn::Sub (the echoed CidrBlock of SubnetA).
    expect(e.out('SubnetACidr')).toBe('10.0.A.0/24');
  });

  it('follows the parameter value given to the stack', () => {
    const e = evaluateTemplate(SIMPLE, { params: { Suffixes: 'X, Y' } });
    expect([...e.stack.resources.keys()]).toEqual(['Vpc', 'SubnetX', 'RouteX', 'SubnetY', 'RouteY']);
  });

  it('nested loops and &{Identifier} (non-alphanumerics removed from the key)', () => {
    const text = `Transform: [AWS::LanguageExtensions]
Resources:
  'Fn::ForEach::Tiers':
    - Tier
    - [public, private]
    - 'Fn::ForEach::Cidrs':
        - Cidr
        - ['10.0.1.0/24', '10.0.2.0/24']
        - '\${Tier}Subnet&{Cidr}':
            Type: AWS::EC2::Subnet
            Properties:
              CidrBlock: !Ref Cidr
              Tags:
                - { Key: tier, Value: !Sub '\${Tier}-\${Cidr}' }
`;
    const e = evaluateTemplate(text);
    expect(e.errors).toEqual([]);
    expect([...e.stack.resources.keys()]).toEqual(['publicSubnet1001024', 'publicSubnet1002024', 'privateSubnet1001024', 'privateSubnet1002024']);
    expect(e.stack.resourceProps(e.stack.resources.get('privateSubnet1002024')!)).toMatchObject({ CidrBlock: '10.0.2.0/24', Tags: [{ Key: 'tier', Value: 'private-10.0.2.0/24' }] });
  });

  it('inside resource properties and in Conditions', () => {
    const text = `Transform: AWS::LanguageExtensions
Parameters:
  Env: { Type: String, Default: prod }
Conditions:
  'Fn::ForEach::Envs':
    - E
    - [prod, dev]
    - 'Is\${E}': !Equals [!Ref Env, !Ref E]
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Condition: Isprod
    Properties:
      'Fn::ForEach::Attrs':
        - Key
        - [DisplayName, TopicName]
        - '\${Key}': !Sub 'orders-\${Key}'
  DevOnly:
    Type: AWS::SNS::Topic
    Condition: Isdev
`;
    const e = evaluateTemplate(text);
    expect(e.errors).toEqual([]);
    expect(e.stack.resourceProps(e.stack.resources.get('Topic')!)).toEqual({ DisplayName: 'orders-DisplayName', TopicName: 'orders-TopicName' });
    expect(e.stack.condition('Isprod', { line: 1, column: 1 })).toBe(true);
    expect(e.stack.resourceCondition(e.stack.resources.get('DevOnly')!)).toBe(false);
  });

  it('an unknown collection: the loop is not assessed (coverage at its line), references to what it could create are unknown, not errors', () => {
    const text = SIMPLE.replace('- !Ref Suffixes', '- !Ref Unset').concat(`  Third:
    Value: !Ref SubnetA
`);
    const e = evaluateTemplate(text);
    expect([...e.stack.resources.keys()]).toEqual(['Vpc']);
    expect(e.coverage).toEqual([
      {
        scope: `t.yaml:${line(text, "'Fn::ForEach::Subnets'")}`,
        errorCode: 'foreach-unknown',
        message: `Fn::ForEach::Subnets (t.yaml:${line(text, "'Fn::ForEach::Subnets'")}) in t: the collection of Fn::ForEach::Subnets is unknown: parameter Unset has no value (no Default; pass --cfn-param Unset=…); the resources it creates are not assessed`,
      },
    ]);
    const third = e.out('Third') as Unknown;
    expect(third).toBeInstanceOf(Unknown);
    expect(third).not.toBeInstanceOf(StackRef);
    expect(third.reason).toContain('may be created by Fn::ForEach::Subnets');
    expect(e.errors).toEqual([]);
  });

  it('a loop inside properties with an unknown collection makes that value unknown', () => {
    const text = `Transform: AWS::LanguageExtensions
Parameters:
  Keys: { Type: CommaDelimitedList }
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Tags:
        'Fn::ForEach::T':
          - K
          - !Ref Keys
          - '\${K}': x
`;
    const e = evaluateTemplate(text);
    const props = e.stack.resourceProps(e.stack.resources.get('Topic')!);
    expect((props as Record<string, unknown>).Tags).toBeInstanceOf(Unknown);
    expect(e.errors).toEqual([]);
  });

  it('without the transform, Fn::ForEach is an error at its line (in sections and in properties)', () => {
    const text = SIMPLE.replace('Transform: AWS::LanguageExtensions\n', '').concat(`  Inline:
    Value:
      'Fn::ForEach::X': [I, [a], { '\${I}': 1 }]
`);
    const e = evaluateTemplate(text);
    e.out('Inline');
    expect(e.errors.map((x) => [x.line, x.message])).toEqual([
      [line(text, "'Fn::ForEach::Subnets'"), 'Fn::ForEach::Subnets: Fn::ForEach needs Transform: AWS::LanguageExtensions'],
      [line(text, "'Fn::ForEach::SubnetIds'"), 'Fn::ForEach::SubnetIds: Fn::ForEach needs Transform: AWS::LanguageExtensions'],
      [line(text, "'Fn::ForEach::X'"), 'Fn::ForEach::X: Fn::ForEach needs Transform: AWS::LanguageExtensions'],
    ]);
    expect([...e.stack.resources.keys()]).toEqual(['Vpc']);
  });

  it('malformed loops are errors at the loop: arguments, identifier missing from the key, items that are not strings, duplicates, too deep', () => {
    const nest = (n: number): string => (n === 0 ? `'R\${I1}\${I2}\${I3}\${I4}\${I5}\${I6}': { Type: AWS::SNS::Topic }` : `'Fn::ForEach::L${7 - n}': [I${7 - n}, [a], { ${nest(n - 1)} }]`);
    const text = `Transform: AWS::LanguageExtensions
Resources:
  'Fn::ForEach::Args': [OnlyTwo, [a]]
  'Fn::ForEach::NoId':
    - Id
    - [a]
    - 'Fixed': { Type: AWS::SNS::Topic }
  'Fn::ForEach::Maps':
    - Id
    - [{ a: 1 }]
    - 'Q\${Id}': { Type: AWS::SQS::Queue }
  'Fn::ForEach::Dup':
    - Id
    - [a, a]
    - 'Topic\${Id}': { Type: AWS::SNS::Topic }
  ${nest(6)}
`;
    const e = evaluateTemplate(text);
    expect(e.errors.map((x) => [x.line, x.message]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([
      [3, 'Fn::ForEach::Args: takes [Identifier, Collection, {OutputKey: OutputValue}]'],
      [7, 'Fn::ForEach::NoId: the OutputKey Fixed must contain ${Id} or &{Id}'],
      [10, 'Fn::ForEach::Maps: the collection items must be strings'],
      [15, 'Resources: Topica is declared more than once (after expanding Fn::ForEach)'],
      [16, 'Fn::ForEach::L6: loops nest deeper than 5 levels'],
    ]);
    expect([...e.stack.resources.keys()]).toEqual(['Topica']);
  });
});

describe('Fn::Length and Fn::ToJsonString', () => {
  const text = `Transform: AWS::LanguageExtensions
Parameters:
  Azs: { Type: CommaDelimitedList, Default: 'a,b,c' }
  Unset: { Type: CommaDelimitedList }
Resources:
  Q: { Type: AWS::SQS::Queue }
Outputs:
  Len: { Value: !Length [x, y] }
  LenParam: { Value: { 'Fn::Length': !Ref Azs } }
  LenUnset: { Value: !Length { Ref: Unset } }
  Json: { Value: !ToJsonString { a: [1, !Ref Azs], b: !Select [1, !Ref Azs] } }
  JsonRef: { Value: { 'Fn::ToJsonString': [!Ref Q] } }
  Mapped: { Value: !FindInMap [Sizes, prod, Min, { DefaultValue: 2 }] }
`;
  it('Fn::Length counts a list (also a parameter list); unknown when the list is', () => {
    const e = evaluateTemplate(text);
    expect(e.out('Len')).toBe(2);
    expect(e.out('LenParam')).toBe(3);
    expect(e.out('LenUnset')).toBeInstanceOf(Unknown);
  });

  it('Fn::ToJsonString serialises known values; a reference makes it unknown (keeping the reference)', () => {
    const e = evaluateTemplate(text.replace('Outputs:', 'Mappings:\n  Sizes:\n    dev: { Min: 1 }\nOutputs:'));
    expect(e.out('Json')).toBe('{"a":[1,["a","b","c"]],"b":"b"}');
    expect(e.out('JsonRef')).toBeInstanceOf(Unknown);
    expect(e.out('Mapped')).toBe(2);
    expect(e.errors).toEqual([]);
  });
});

describe('Fn::ForEach in a scan', () => {
  it('nested stacks made by a loop are followed, each with its own parameters and address', async () => {
    const out = await scanCloudFormation({ root: FIXTURES, files: [fixture('foreach-nested/root.yaml'), fixture('foreach-nested/service.yaml')] });
    expect(out.errors).toEqual([]);
    expect(out.coverage).toEqual([]);
    expect(out.stacks).toEqual([{ file: 'foreach-nested/root.yaml', stack: 'root' }]);
    const services = out.resources.filter((r) => r.kind === 'ecs.service');
    expect(services.map((r) => `${r.address} ${r.name}`).sort()).toEqual(['foreach-nested/root/ordersStack/Service orders', 'foreach-nested/root/paymentsStack/Service payments']);
  });
});

describe('Fn::ForEach details', () => {
  it('a Fn::Sub left with only loop variables is its string (a resource Condition), ${!Literal} and other variables stay a Fn::Sub', () => {
    const text = `Transform: AWS::LanguageExtensions
Parameters:
  Env: { Type: String, Default: prod }
Conditions:
  Isprod: !Equals [!Ref Env, prod]
  Isdev: !Equals [!Ref Env, dev]
Resources:
  'Fn::ForEach::Queues':
    - E
    - [prod, dev]
    - 'Queue\${E}':
        Type: AWS::SQS::Queue
        Condition: !Sub 'Is\${E}'
        Properties:
          QueueName: !Sub '\${AWS::StackName}-\${E}-\${!Literal}'
`;
    const e = evaluateTemplate(text);
    expect(e.errors).toEqual([]);
    expect(e.stack.resourceCondition(e.stack.resources.get('Queueprod')!)).toBe(true);
    expect(e.stack.resourceCondition(e.stack.resources.get('Queuedev')!)).toBe(false);
    expect(e.stack.resourceProps(e.stack.resources.get('Queueprod')!)).toEqual({ QueueName: 't-prod-${Literal}' });
  });
});

describe('transforms in a scan', () => {
  it('AWS::LanguageExtensions is applied (nothing left unassessed), also before SAM: the functions a loop makes are read (src/sources/cloudformation/sam.ts)', async () => {
    const out = await scanCloudFormation({ root: FIXTURES, files: ['transforms/extensions-only.yaml', 'transforms/with-sam.yaml'].map(fixture) });
    expect(out.errors).toEqual([]);
    expect(out.coverage).toEqual([]);
    expect(out.ignoredResourceTypes).toEqual({ 'AWS::SQS::Queue': 2 });
    expect(out.resources.filter((r) => r.kind === 'function').map((r) => `${r.address} ${String(r.props.runtime)}`)).toEqual(['transforms/with-sam/OrdersFunction nodejs20.x', 'transforms/with-sam/PaymentsFunction nodejs20.x']);
  });
});
