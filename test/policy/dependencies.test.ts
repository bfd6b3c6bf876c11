import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyError } from '../../src/policy/load.js';

function error(text: string): PolicyError {
  try {
    parsePolicy(text, 'resilint.yaml');
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('expected a PolicyError');
}

describe('policy dependencies and inheritance', () => {
  it('keep each entry with its line, and selectors by ARN and OU', () => {
    const p = parsePolicy(
      [
        'version: 1',
        'dependencies:',
        '  - from: { accountName: "technova-*-prod-app" }',
        '    to: { accountName: technova-common-prod-auth }',
        '    kind: hard',
        '    reason: authentication',
        '  - from: { ou: "ou-ab12-prod*" }',
        '    to: { arn: "arn:aws:ec2:*:333333333333:natgateway/*" }',
        '    kind: soft',
        'inheritance:',
        '  - match: { tag: "shared=true" }',
        '    enabled: false',
      ].join('\n'),
      'resilint.yaml',
    );
    expect(p.dependencies).toEqual([
      { from: { accountName: 'technova-*-prod-app' }, to: { accountName: 'technova-common-prod-auth' }, kind: 'hard', reason: 'authentication', declaredAt: { line: 3, column: 5 } },
      { from: { ou: 'ou-ab12-prod*' }, to: { arn: 'arn:aws:ec2:*:333333333333:natgateway/*' }, kind: 'soft', declaredAt: { line: 7, column: 5 } },
    ]);
    expect(p.inheritance).toEqual([{ match: { tag: 'shared=true' }, enabled: false, declaredAt: { line: 11, column: 5 } }]);
  });

  it('reject an entry without kind at its line and column', () => {
    const e = error('dependencies:\n  - from: { address: "a.*" }\n    to: { address: "b.*" }\n');
    expect(e.message).toBe("resilint.yaml:2:5: dependencies[0]: must have required property 'kind'");
    expect([e.line, e.column, e.key]).toEqual([2, 5, 'dependencies[0]']);
  });

  it('reject a kind other than hard or soft, an empty selector and an unknown key', () => {
    expect(error('dependencies:\n  - from: { address: "a.*" }\n    to: { address: "b.*" }\n    kind: critical\n').message).toBe(
      'resilint.yaml:4:11: dependencies[0].kind: must be one of "hard", "soft"',
    );
    expect(error('dependencies:\n  - from: {}\n    to: { address: "b.*" }\n    kind: hard\n').message).toBe('resilint.yaml:2:11: dependencies[0].from: must NOT have fewer than 1 properties');
    expect(error('dependencies:\n  - from: { adress: "a.*" }\n    to: { address: "b.*" }\n    kind: hard\n').message).toBe(
      "resilint.yaml:2:21: dependencies[0].from.adress: unknown key 'adress'",
    );
    expect(error('inheritance:\n  - match: { kind: "network.*" }\n    enabled: "no"\n').message).toBe('resilint.yaml:3:14: inheritance[0].enabled: must be boolean');
  });
});
