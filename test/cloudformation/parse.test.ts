import { describe, expect, it } from 'vitest';
import { getEntry, getValue, parseText, toPlain, type MapNode } from '../../src/sources/cloudformation/parse.js';
import { isTemplateTree, mentionsCloudFormation, stackNameOf } from '../../src/sources/cloudformation/template.js';
import { isCloudFormationTemplate } from '../../src/sources/cloudformation/index.js';

describe('CloudFormation parsing', () => {
  it('short-form tags become the long form, positioned at the tag', () => {
    const text = ['A: !Ref X', "B: !Join [',', [!GetAtt R.Arn, b]]", 'C: !If', '  - Cond', '  - 1', '  - !Ref AWS::NoValue', "D: !Sub ['${a}', {a: 1}]"].join('\n');
    const { root, errors } = parseText(text, 'f.yaml');
    expect(errors).toEqual([]);
    expect(toPlain(root!)).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::Join': [',', [{ 'Fn::GetAtt': 'R.Arn' }, 'b']] },
      C: { 'Fn::If': ['Cond', 1, { Ref: 'AWS::NoValue' }] },
      D: { 'Fn::Sub': ['${a}', { a: 1 }] },
    });
    const a = getValue(root, 'A') as MapNode;
    expect(a.fromTag).toBe(true);
    expect(a.entries[0].keyPos).toEqual({ line: 1, column: 4 });
    // A tag on a block sequence is on the line above its items.
    expect((getValue(root, 'C') as MapNode).entries[0].keyPos).toEqual({ line: 3, column: 4 });
    const join = getValue(root, 'B') as MapNode;
    const inner = (join.entries[0].value as { items: unknown[] }).items[1] as { items: MapNode[] };
    expect(inner.items[0].entries[0].keyPos).toEqual({ line: 2, column: 17 });
  });

  it('every intrinsic short form is known; an unknown tag is a parse error at the tag', () => {
    const tags = ['Ref', 'GetAtt', 'Sub', 'If', 'Equals', 'Join', 'Select', 'FindInMap', 'Split', 'Not', 'And', 'Or', 'Condition', 'GetAZs', 'ImportValue', 'Base64', 'Cidr'];
    const text = tags.map((t, k) => `K${k}: !${t} x`).join('\n') + '\nBad: !Foo bar\n';
    const { root, errors } = parseText(text, 'f.yaml');
    const plain = toPlain(root!) as Record<string, unknown>;
    expect(tags.map((t, k) => Object.keys(plain[`K${k}`] as object)[0])).toEqual(
      tags.map((t) => (t === 'Ref' || t === 'Condition' ? t : `Fn::${t}`)),
    );
    expect(errors).toEqual([{ file: 'f.yaml', line: tags.length + 1, column: 6, kind: 'parse', message: 'unknown tag !Foo (not a CloudFormation intrinsic function)' }]);
  });

  it('JSON positions are exact, on one line and across lines, with tabs and CRLF', () => {
    const text = '{"Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"MultiAZ": true}}}}';
    const { root } = parseText(text, 'f.json');
    const db = getEntry(getValue(root, 'Resources'), 'Db')!;
    expect(db.keyPos).toEqual({ line: 1, column: 16 });
    expect(getEntry(getValue(db.value, 'Properties'), 'MultiAZ')!.keyPos).toEqual({ line: 1, column: 70 });

    const crlf = '{\r\n\t"Resources": {\r\n\t\t"Db": {\r\n\t\t\t"Type": "AWS::RDS::DBInstance"\r\n\t\t}\r\n\t}\r\n}\r\n';
    const r2 = parseText(crlf, 'f.json');
    expect(r2.errors).toEqual([]);
    expect(getEntry(getValue(r2.root, 'Resources'), 'Db')!.keyPos).toEqual({ line: 3, column: 3 });
  });

  it('YAML with CRLF line ends and a byte order mark', () => {
    const text = '\ufeffResources:\r\n  Db:\r\n    Type: AWS::RDS::DBInstance\r\n';
    const { root, errors } = parseText(text, 'f.yaml');
    expect(errors).toEqual([]);
    expect(getEntry(getValue(root, 'Resources'), 'Db')!.keyPos).toEqual({ line: 2, column: 3 });
  });

  it('keeps scalars as written when YAML would change them; keys are strings', () => {
    const { root } = parseText("EngineVersion: 13.10\nPort: 5432\nOctal: 0123\n123456789012: account\nFlag: true\nQuoted: '7'\n", 'f.yaml');
    expect(toPlain(root!)).toEqual({ EngineVersion: '13.10', Port: 5432, Octal: '0123', '123456789012': 'account', Flag: true, Quoted: '7' });
  });

  it('anchors and aliases are expanded', () => {
    const { root } = parseText('a: &x {k: 1}\nb: *x\n', 'f.yaml');
    expect(toPlain(root!)).toEqual({ a: { k: 1 }, b: { k: 1 } });
  });

  it('syntax errors have a position; duplicate keys too', () => {
    expect(parseText('a: [1, 2\nb: 3\n', 'f.yaml').errors[0]).toMatchObject({ file: 'f.yaml', line: 2, kind: 'parse' });
    const dup = parseText('{"a": 1,\n "a": 2}', 'f.json');
    expect(dup.root).toBeUndefined();
    expect(dup.errors[0]).toMatchObject({ file: 'f.json', line: 2, column: 2, kind: 'parse', message: 'Map keys must be unique' });
  });

  it('detects templates by content', () => {
    expect(isCloudFormationTemplate("AWSTemplateFormatVersion: '2010-09-09'\n")).toBe(true);
    expect(isCloudFormationTemplate('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}')).toBe(true);
    expect(isCloudFormationTemplate('Resources:\n  Q:\n    Type: Something::Else\n')).toBe(false);
    expect(isCloudFormationTemplate('{"name": "pkg", "version": "1.0.0"}')).toBe(false);
    expect(isCloudFormationTemplate('services:\n  web:\n    image: nginx\n')).toBe(false);
    expect(mentionsCloudFormation('kind: ConfigMap')).toBe(false);
    expect(isTemplateTree(parseText('- a\n', 'x').root)).toBe(false);
    expect(stackNameOf('/x/app.template.json')).toBe('app.template');
    expect(stackNameOf('/x/network.yaml')).toBe('network');
  });
});
