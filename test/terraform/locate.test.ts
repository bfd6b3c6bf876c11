import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commentsFor, locate } from '../../src/sources/terraform/locate.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/terraform/${name}`, import.meta.url)), 'utf8');

describe('locate', () => {
  const loc = locate(fixture('locator/main.tf'));
  const block = (type: string, ...labels: string[]) => loc.blocks.find((b) => b.type === type && b.labels.join(' ') === labels.join(' '))!;

  it('finds every top-level block header with labels, line and column', () => {
    expect(loc.blocks.map((b) => [b.type, b.labels, b.line, b.column])).toEqual([
      ['resource', ['aws_db_instance', 'main'], 3, 1],
      ['resource', ['aws_security_group', 'sg'], 22, 1],
      ['module', ['db'], 46, 1],
      ['locals', [], 48, 1],
      ['variable', ['x'], 52, 1],
      ['output', ['o'], 53, 1],
    ]);
    expect(block('resource', 'aws_db_instance', 'main').endLine).toBe(20);
  });

  it('is not fooled by braces in strings, comments, heredocs and templates', () => {
    const attrs = block('resource', 'aws_db_instance', 'main').attributes;
    expect(attrs.get('identifier')).toEqual({ line: 4, column: 3 });
    expect(attrs.get('engine')).toEqual({ line: 5, column: 3 });
    expect(attrs.get('multi_az')).toEqual({ line: 6, column: 3 });
    expect(attrs.get('description')).toEqual({ line: 13, column: 3 });
    expect(attrs.get('template')).toEqual({ line: 17, column: 3 });
    expect(attrs.get('backup_retention_period')).toEqual({ line: 19, column: 3 });
    // Nothing from inside the heredoc.
    expect([...attrs.keys()].some((k) => k.includes('fake'))).toBe(false);
  });

  it('records keys of an object-valued attribute', () => {
    const attrs = block('resource', 'aws_db_instance', 'main').attributes;
    expect(attrs.get('tags')).toEqual({ line: 7, column: 3 });
    expect(attrs.get('tags.Name')).toEqual({ line: 8, column: 5 });
    expect(attrs.get('tags.tier')).toEqual({ line: 9, column: 5 });
  });

  it('keys nested and repeated blocks by path', () => {
    const attrs = block('resource', 'aws_security_group', 'sg').attributes;
    expect(attrs.get('ingress')).toEqual({ line: 23, column: 3 });
    expect(attrs.get('ingress.from_port')).toEqual({ line: 24, column: 5 });
    expect(attrs.get('ingress[0].from_port')).toEqual({ line: 24, column: 5 });
    expect(attrs.get('ingress[1]')).toEqual({ line: 26, column: 3 });
    expect(attrs.get('ingress[1].from_port')).toEqual({ line: 27, column: 5 });
    expect(attrs.get('ingress[1].cidr_blocks')).toEqual({ line: 28, column: 5 });
    expect(attrs.get('network_configuration.subnets')).toEqual({ line: 33, column: 5 });
    expect(attrs.get('network_configuration.nested.deep')).toEqual({ line: 35, column: 7 });
    expect(attrs.get('dynamic.setting')).toEqual({ line: 38, column: 3 });
    expect(attrs.get('dynamic.setting.for_each')).toEqual({ line: 39, column: 5 });
    expect(attrs.get('dynamic.setting.content.name')).toEqual({ line: 41, column: 7 });
    expect(attrs.get('setting.name')).toEqual({ line: 41, column: 7 });
  });

  it('handles one-line blocks and locals', () => {
    expect(block('module', 'db').attributes.get('source')).toEqual({ line: 46, column: 15 });
    expect(block('locals').attributes.get('b')).toEqual({ line: 50, column: 3 });
    expect(block('output', 'o').attributes.get('value')).toEqual({ line: 54, column: 3 });
  });

  it('collects comments per block, including the run directly above the header', () => {
    const b = block('resource', 'aws_db_instance', 'main');
    expect(b.comments.map((c) => [c.line, c.text])).toEqual([
      [1, '# Leading comment for the database'],
      [2, '# resilint:ignore db-multi-az reason="legacy"'],
      [5, '# trailing } comment {'],
      [11, '/* a block comment with { braces\n     over two lines } */'],
      [18, '// a line comment {'],
    ]);
    expect(b.comments[3].endLine).toBe(12);
    expect(block('resource', 'aws_security_group', 'sg').comments.map((c) => c.text)).toEqual(['# any']);
    expect(commentsFor(loc.comments, 3).map((c) => c.line)).toEqual([1, 2]);
    expect(commentsFor(loc.comments, 5).map((c) => c.line)).toEqual([5]);
  });

  it('handles CRLF, tabs, escapes and unterminated input without throwing', () => {
    const crlf = 'resource "a" "b" {\r\n\tx = "q\\"}"\r\n\ty = 2\r\n}\r\n';
    const l = locate(crlf);
    expect(l.blocks[0].attributes.get('y')).toEqual({ line: 3, column: 2 });
    expect(() => locate('resource "a" "b" {\n  x = "unterminated\n  y = [1,\n')).not.toThrow();
    expect(locate('resource "a" "b" {\n  x = "unterminated\n  y = 1\n}\n').blocks[0].attributes.get('y')).toEqual({ line: 3, column: 3 });
  });

  it('records top-level attributes (tfvars)', () => {
    const l = locate('region = "ap-northeast-1"\nazs = [\n  "a",\n]\nsizes = { a = 1 }\n');
    expect(l.topAttributes.get('region')).toEqual({ line: 1, column: 1 });
    expect(l.topAttributes.get('azs')).toEqual({ line: 2, column: 1 });
    expect(l.topAttributes.get('sizes')).toEqual({ line: 5, column: 1 });
  });
});
