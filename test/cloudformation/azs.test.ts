/**
 * AZ identities in CloudFormation: Fn::GetAZs, Fn::Select over it, and AZ
 * list parameters become AZ names when the Region is known, else symbolic
 * AZs (element i of one list) that the shared helper can compare.
 */
import { describe, expect, it } from 'vitest';
import { compareAz, countDistinctAzs } from '../../src/analysis/az.js';
import { SymbolicAz, SymbolicAzList } from '../../src/graph/az.js';
import { Unknown } from '../../src/graph/values.js';
import { scanCloudFormation, type CloudFormationSourceOutput } from '../../src/sources/cloudformation/index.js';
import { evaluateTemplate, fixture, FIXTURES } from './helpers.js';

const HEAD = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  AZs:
    Type: List<AWS::EC2::AvailabilityZone::Name>
  GivenAZs:
    Type: List<AWS::EC2::AvailabilityZone::Name>
    Default: eu-west-1a,eu-west-1b
  SsmAZs:
    Type: AWS::SSM::Parameter::Value<List<AWS::EC2::AvailabilityZone::Name>>
    Default: /network/azs
  UseFirst:
    Type: String
    Default: 'yes'
  Unset:
    Type: String
Conditions:
  First: !Equals [!Ref UseFirst, 'yes']
  Unknowable: !Equals [!Ref Unset, x]
Resources:
  Queue:
    Type: AWS::SQS::Queue
Outputs:
`;

function outputs(lines: Record<string, string>, opts?: Parameters<typeof evaluateTemplate>[1]) {
  const text = `${HEAD}${Object.entries(lines)
    .map(([k, v]) => `  ${k}:\n    Value: ${v}\n`)
    .join('')}`;
  return evaluateTemplate(text, opts);
}

describe('Fn::GetAZs', () => {
  it("without a known Region: a symbolic list of the stack Region's AZs, keyed by the root template", () => {
    const e = outputs({ A: "!GetAZs ''", B: '!GetAZs { Ref: AWS::Region }', C: '{ "Fn::GetAZs": "" }' });
    const a = e.out('A') as SymbolicAzList;
    expect(a).toBeInstanceOf(SymbolicAzList);
    expect(a.origin).toEqual({ key: 'cfn:t.yaml#Fn::GetAZs', label: "Fn::GetAZs ''", distinct: true });
    expect((e.out('B') as SymbolicAzList).origin.key).toBe(a.origin.key);
    expect((e.out('C') as SymbolicAzList).origin.key).toBe(a.origin.key);
    expect(e.errors).toEqual([]);
  });

  it('another root template gets another list (it may deploy to another Region)', () => {
    const one = outputs({ A: "!Select [0, !GetAZs '']" }).out('A');
    const two = outputs({ A: "!Select [0, !GetAZs '']" }, { file: 'other.yaml' }).out('A');
    expect(compareAz(one, two)).toBe('unknown');
  });

  it('with --region: the names of the Region from the built-in table, or from the policy override', () => {
    expect(outputs({ A: "!GetAZs ''" }, { region: 'eu-west-1' }).out('A')).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(outputs({ A: '{ Fn::GetAZs: !Ref AWS::Region }' }, { region: 'ap-northeast-1' }).out('A')).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);
    const over = outputs({ A: "!Select [1, !GetAZs '']" }, { region: 'us-west-1', availabilityZones: { 'us-west-1': ['us-west-1b', 'us-west-1c'] } });
    expect(over.out('A')).toBe('us-west-1c');
  });

  it('a literal Region: its names, whatever --region says', () => {
    expect(outputs({ A: '!GetAZs eu-west-2' }).out('A')).toEqual(['eu-west-2a', 'eu-west-2b', 'eu-west-2c']);
    expect(outputs({ A: '!Select [2, !GetAZs us-east-2]' }, { region: 'eu-west-1' }).out('A')).toBe('us-east-2c');
  });

  it('a Region the table does not know stays symbolic, with the Region', () => {
    const e = outputs({ A: '!GetAZs xx-moon-1', S: "!Select [0, !GetAZs '']" }, { region: 'xx-moon-1' });
    const a = e.out('A') as SymbolicAzList;
    expect(a.origin).toEqual({ key: 'cfn:t.yaml#Fn::GetAZs xx-moon-1', label: "Fn::GetAZs ''", distinct: true, region: 'xx-moon-1' });
    expect(compareAz(e.out('S'), a.at(0))).toBe('same');
  });

  it('a Region from a parameter without value is unknown, not a list', () => {
    const v = outputs({ A: '{ Fn::GetAZs: !Ref Unset }' }).out('A');
    expect(v).toBeInstanceOf(Unknown);
    expect(v).not.toBeInstanceOf(SymbolicAzList);
    expect((v as Unknown).reason).toContain('parameter Unset has no value');
  });
});

describe('Fn::Select over an AZ list', () => {
  it('element i of the list; different indexes are different AZs, the same index the same AZ', () => {
    const e = outputs({ A0: "!Select [0, !GetAZs '']", A1: "!Select [1, !GetAZs '']", B0: "!Select ['0', !GetAZs { Ref: AWS::Region }]" });
    const [a0, a1, b0] = ['A0', 'A1', 'B0'].map((k) => e.out(k));
    expect(a0).toBeInstanceOf(SymbolicAz);
    expect((a0 as SymbolicAz).label).toBe("AZ #1 of Fn::GetAZs ''");
    expect(compareAz(a0, a1)).toBe('different');
    expect(compareAz(a0, b0)).toBe('same');
    expect(countDistinctAzs([a0, a1, b0])).toMatchObject({ min: 2, max: 2 });
  });

  it('an index past the end of a known list is an error at the Select; an unknown index is unknown', () => {
    const e = outputs({ A: "!Select [3, !GetAZs '']", B: "!Select [!Ref Unset, !GetAZs '']" }, { region: 'us-west-1' });
    expect(e.out('A')).toBeInstanceOf(Unknown);
    expect(e.errors.map((x) => x.line)).toEqual([24]);
    expect(e.errors.map((x) => x.message)).toEqual(['Fn::Select: index 3 is out of range (the list has 2 items)']);
    expect(e.out('B')).toBeInstanceOf(Unknown);
    expect(e.out('B')).not.toBeInstanceOf(SymbolicAz);
  });

  it('Fn::If picks a branch by its condition; an unknown condition keeps one AZ only when both branches are the same element', () => {
    const e = outputs({
      K: "!If [First, !Select [0, !GetAZs ''], !Select [1, !GetAZs '']]",
      Same: "!If [Unknowable, !Select [1, !GetAZs ''], !Select [1, !GetAZs '']]",
      Either: "!If [Unknowable, !Select [0, !GetAZs ''], !Select [1, !GetAZs '']]",
    });
    expect((e.out('K') as SymbolicAz).index).toBe(0);
    expect((e.out('Same') as SymbolicAz).index).toBe(1);
    expect(e.out('Either')).toBeInstanceOf(Unknown);
    expect(e.out('Either')).not.toBeInstanceOf(SymbolicAz);
  });

  it('Fn::Join, Fn::Sub and Fn::Length over symbolic AZs stay unknown (no names are invented)', () => {
    const e = outputs({
      J: "!Join [',', [!Select [0, !GetAZs ''], !Select [1, !GetAZs '']]]",
      S: "!Sub ['${Az}-x', { Az: !Select [0, !GetAZs ''] }]",
      L: "!Length { 'Fn::GetAZs': '' }",
    });
    for (const k of ['J', 'S', 'L']) {
      expect(e.out(k)).toBeInstanceOf(Unknown);
      expect(e.out(k)).not.toBeInstanceOf(SymbolicAz);
    }
  });
});

describe('List<AWS::EC2::AvailabilityZone::Name> parameters', () => {
  it('without a value: a symbolic list of that parameter of that stack, distinct, saying how to give it', () => {
    const e = outputs({ L: '!Ref AZs', A: '!Select [0, !Ref AZs]', B: '!Select [1, !Ref AZs]', G: "!Select [0, !GetAZs '']" });
    const l = e.out('L') as SymbolicAzList;
    expect(l).toBeInstanceOf(SymbolicAzList);
    expect(l.origin).toEqual({ key: 'cfn:t.yaml#t/parameter:AZs', label: 'parameter AZs', distinct: true });
    expect(l.reason).toBe('parameter AZs has no value (no Default; pass --cfn-param AZs=…)');
    expect(compareAz(e.out('A'), e.out('B'))).toBe('different');
    // A parameter and the Region's list may share names: cannot tell.
    expect(compareAz(e.out('A'), e.out('G'))).toBe('unknown');
  });

  it('with a value (given or Default): the names as written', () => {
    const e = outputs({ A: '!Select [1, !Ref AZs]', G: '!Select [0, !Ref GivenAZs]' }, { params: { AZs: 'us-east-1a, us-east-1c' } });
    expect(e.out('A')).toBe('us-east-1c');
    expect(e.out('G')).toBe('eu-west-1a');
  });

  it('an SSM parameter holding an AZ list: symbolic, read at deploy time', () => {
    const e = outputs({ A: '!Select [0, !Ref SsmAZs]', B: '!Select [1, !Ref SsmAZs]' });
    const a = e.out('A') as SymbolicAz;
    expect(a).toBeInstanceOf(SymbolicAz);
    expect(a.origin.label).toBe('parameter SsmAZs');
    expect(compareAz(a, e.out('B'))).toBe('different');
    expect((e.stack.params.get('SsmAZs') as Unknown).reason).toBe('parameter SsmAZs is read from SSM parameter "/network/azs" at deploy time');
  });
});

describe('AZ identities across nested stacks and templates', () => {
  const files = ['azs/parent.yaml', 'azs/app.yaml', 'azs/other.yaml'].map(fixture);
  const azOf = (out: CloudFormationSourceOutput, address: string): unknown =>
    (out.resources.find((r) => r.address === address)!.props as { availabilityZone?: unknown }).availabilityZone;

  it("a nested stack deploys in its parent's Region: its Fn::GetAZs and the AZs passed to it are the parent's list; another root template's are not", async () => {
    const out = await scanCloudFormation({ root: FIXTURES, files });
    expect(out.errors).toEqual([]);
    const parentA = azOf(out, 'azs/parent/SubnetA');
    const one = azOf(out, 'azs/parent/App/SubnetOne');
    const two = azOf(out, 'azs/parent/App/SubnetTwo');
    const own = azOf(out, 'azs/parent/App/SubnetOwn');
    expect(one).toBeInstanceOf(SymbolicAz);
    expect(compareAz(parentA, one)).toBe('same');
    expect(compareAz(one, two)).toBe('different');
    expect(compareAz(two, own)).toBe('same');
    expect(compareAz(parentA, azOf(out, 'azs/other/Subnet'))).toBe('unknown');
  });

  it('with --region every one of them is a name', async () => {
    const out = await scanCloudFormation({ root: FIXTURES, files, region: 'ap-northeast-1' });
    expect(['azs/parent/SubnetA', 'azs/parent/App/SubnetOne', 'azs/parent/App/SubnetTwo', 'azs/parent/App/SubnetOwn', 'azs/other/Subnet'].map((a) => azOf(out, a))).toEqual([
      'ap-northeast-1a',
      'ap-northeast-1a',
      'ap-northeast-1c',
      'ap-northeast-1c',
      'ap-northeast-1a',
    ]);
  });

  it('the policy override replaces the built-in names of a Region', async () => {
    const out = await scanCloudFormation({ root: FIXTURES, files: [fixture('azs/other.yaml')], region: 'ap-northeast-1', availabilityZones: { 'ap-northeast-1': ['ap-northeast-1c', 'ap-northeast-1d'] } });
    expect(azOf(out, 'azs/other/Subnet')).toBe('ap-northeast-1c');
  });
});

describe('an AZ list parameter passed on to a nested stack', () => {
  it("!Join [',', !Ref AvailabilityZones] into the child's List<AZ> parameter is the same list (Quick Start style); Fn::Split takes it apart again", async () => {
    const out = await scanCloudFormation({ root: FIXTURES, files: [fixture('azs/quickstart.yaml'), fixture('azs/app.yaml')] });
    expect(out.errors).toEqual([]);
    const az = (address: string): unknown => (out.resources.find((r) => r.address === address)!.props as { availabilityZone?: unknown }).availabilityZone;
    const public1 = az('azs/quickstart/PublicSubnet1') as SymbolicAz;
    expect(public1.origin.label).toBe('parameter AvailabilityZones');
    expect(compareAz(public1, az('azs/quickstart/App/SubnetOne'))).toBe('same');
    expect(compareAz(public1, az('azs/quickstart/App/SubnetTwo'))).toBe('different');
    // The child's own Fn::GetAZs is the Region's list: cannot tell against the parameter's.
    expect(compareAz(public1, az('azs/quickstart/App/SubnetOwn'))).toBe('unknown');
    const e = outputs({ S: "!Select [1, !Split [',', !Join [',', !Ref AZs]]]", J: "!Join [',', !Ref AZs]" });
    expect(compareAz(e.out('S'), outputs({ B: '!Select [1, !Ref AZs]' }).out('B'))).toBe('same');
    expect(e.out('J')).toBeInstanceOf(Unknown);
    expect(e.out('J')).not.toBeInstanceOf(SymbolicAzList);
  });
});
