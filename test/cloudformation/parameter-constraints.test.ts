import { describe, expect, it } from 'vitest';
import { parameterValueProblem } from '../../src/sources/cloudformation/parameters.js';

describe('parameterValueProblem: what CloudFormation rejects', () => {
  it('String: AllowedValues, AllowedPattern (whole value), MinLength, MaxLength', () => {
    expect(parameterValueProblem({ Type: 'String', AllowedValues: ['a', 'b'] }, 'a')).toBeUndefined();
    expect(parameterValueProblem({ Type: 'String', AllowedValues: ['a', 'b'] }, 'c')).toBe('"c" is not one of AllowedValues ("a", "b")');
    expect(parameterValueProblem({ AllowedPattern: '[a-z]+' }, 'abc')).toBeUndefined();
    // The pattern must match the whole value, as in CloudFormation.
    expect(parameterValueProblem({ AllowedPattern: '[a-z]+' }, 'abc1')).toBe('"abc1" does not match AllowedPattern "[a-z]+"');
    expect(parameterValueProblem({ Type: 'String', MinLength: 3 }, 'ab')).toBe('"ab" is shorter than MinLength 3');
    expect(parameterValueProblem({ Type: 'String', MaxLength: '2' }, 'abc')).toBe('"abc" is longer than MaxLength 2');
  });

  it('Number and List<Number>: numeric, MinValue, MaxValue; AllowedValues compare the text', () => {
    expect(parameterValueProblem({ Type: 'Number', MinValue: 1, MaxValue: 35 }, '7')).toBeUndefined();
    expect(parameterValueProblem({ Type: 'Number', MinValue: 1 }, '0')).toBe('"0" is below MinValue 1');
    expect(parameterValueProblem({ Type: 'Number' }, '')).toBe('"" is not a number (Type Number)');
    expect(parameterValueProblem({ Type: 'List<Number>', MaxValue: 10 }, '1,2,30')).toBe('"30" is above MaxValue 10');
    expect(parameterValueProblem({ Type: 'List<Number>' }, '1,x')).toBe('"x" is not a number (Type List<Number>)');
    expect(parameterValueProblem({ Type: 'Number', AllowedValues: [1, 2] }, '2')).toBeUndefined();
  });

  it('CommaDelimitedList: AllowedValues apply to each element', () => {
    expect(parameterValueProblem({ Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'] }, 'a, b')).toBeUndefined();
    expect(parameterValueProblem({ Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'] }, 'a,c')).toBe('"c" is not one of AllowedValues ("a", "b")');
  });

  it('what cannot be told offline is not rejected: AWS-specific and SSM types, patterns RE2 cannot compile', () => {
    expect(parameterValueProblem({ Type: 'AWS::EC2::Subnet::Id' }, 'not-a-subnet')).toBeUndefined();
    expect(parameterValueProblem({ Type: 'AWS::SSM::Parameter::Value<String>' }, '/x')).toBeUndefined();
    expect(parameterValueProblem({ AllowedPattern: '(?<=a)b' }, 'b')).toBeUndefined();
  });

  it('a catastrophic-backtracking pattern answers in linear time (RE2)', () => {
    expect(parameterValueProblem({ AllowedPattern: '(a+)+$' }, `${'a'.repeat(50_000)}!`)).toMatch(/does not match AllowedPattern/);
  });
});
