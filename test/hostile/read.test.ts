import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText, detectEncoding, readTextFileSync } from '../../src/sources/common/read.js';
import { nestingOver } from '../../src/sources/terraform/nesting.js';
import { yamlMarks } from '../../src/sources/cloudformation/parse.js';
import { resolveLimits } from '../../src/sources/common/limits.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TEXT = 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance # café\n';

function encode(text: string, encoding: 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be', bom: boolean): Buffer {
  const cps = [...(bom ? '\ufeff' : ''), ...text].map((c) => c.codePointAt(0)!);
  if (encoding.startsWith('utf-32')) {
    const b = Buffer.alloc(cps.length * 4);
    cps.forEach((cp, i) => (encoding === 'utf-32le' ? b.writeUInt32LE(cp, i * 4) : b.writeUInt32BE(cp, i * 4)));
    return b;
  }
  const le = Buffer.from(String.fromCodePoint(...cps), 'utf16le');
  if (encoding === 'utf-16le') return le;
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

describe('one reader for every file', () => {
  it.each([
    ['utf-16le', true],
    ['utf-16le', false],
    ['utf-16be', true],
    ['utf-16be', false],
    ['utf-32le', true],
    ['utf-32be', true],
    ['utf-32le', false],
    ['utf-32be', false],
  ] as const)('decodes %s (BOM: %s)', (encoding, bom) => {
    const bytes = encode(TEXT, encoding, bom);
    expect(detectEncoding(bytes).encoding).toBe(encoding);
    expect(decodeText(bytes, 't.yaml')).toEqual({ text: TEXT, encoding });
  });

  it('drops a UTF-8 byte-order mark', () => {
    expect(decodeText(Buffer.from(`\ufeff${TEXT}`), 't.yaml')).toEqual({ text: TEXT, encoding: 'utf-8' });
  });

  it('locates invalid UTF-8 and NUL at line and column (in characters)', () => {
    const latin1 = Buffer.concat([Buffer.from('a: 1\nnamé: '), Buffer.from([0xe9, 0x0a])]);
    expect(decodeText(latin1, 'x.yaml')).toEqual({ error: { file: 'x.yaml', line: 2, column: 7, kind: 'encoding', message: expect.stringContaining('not valid UTF-8') } });
    expect(decodeText(Buffer.from('a: 1\nb: \u0000\n'), 'x.yaml')).toEqual({ error: { file: 'x.yaml', line: 2, column: 4, kind: 'binary', message: expect.stringContaining('NUL') } });
    // An overlong encoding and a UTF-16 surrogate in UTF-8 are invalid too.
    expect(decodeText(Buffer.from([0x61, 0xed, 0xa0, 0x80]), 'x')).toMatchObject({ error: { line: 1, column: 2, kind: 'encoding' } });
    // A lone surrogate in UTF-16.
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8, 0x62, 0x00]), 'x')).toMatchObject({ error: { line: 1, column: 2, kind: 'encoding' } });
  });

  it('never blocks on a FIFO, and refuses what is not a regular file, at line 1 column 1', async () => {
    const fifo = path.join(dir, 'pipe.tf');
    execFileSync('mkfifo', [fifo]);
    expect(readTextFileSync(fifo, 'pipe.tf')).toEqual({ error: { file: 'pipe.tf', line: 1, column: 1, kind: 'read', message: 'pipe.tf is a FIFO (named pipe), not a regular file; not read' } });
    await symlink(fifo, path.join(dir, 'link.tf'));
    expect(readTextFileSync(path.join(dir, 'link.tf'), 'link.tf')).toMatchObject({ error: { message: expect.stringContaining('FIFO') } });
    expect(readTextFileSync(dir, 'd')).toMatchObject({ error: { line: 1, column: 1, message: 'd is a directory, not a regular file; not read' } });
    expect(readTextFileSync('/dev/null', 'null')).toMatchObject({ error: { message: 'null is a device, not a regular file; not read' } });
    expect(readTextFileSync(path.join(dir, 'missing'), 'missing')).toMatchObject({ error: { line: 1, column: 1, message: 'cannot read missing: no such file (ENOENT)' } });
  });

  it('checks the size limit before reading', async () => {
    const f = path.join(dir, 'big.tf');
    await writeFile(f, 'x'.repeat(2000));
    expect(readTextFileSync(f, 'big.tf', 1024)).toEqual({ error: { file: 'big.tf', line: 1, column: 1, kind: 'too-large', message: expect.stringContaining('over the 1.0 KiB file size limit (maxFileBytes)') } });
    expect(readTextFileSync(f, 'big.tf', 4096)).toMatchObject({ text: 'x'.repeat(2000) });
  });
});

describe('limits measured before a parser sees the text', () => {
  it('HCL nesting: brackets count, strings, comments and heredocs do not; templates do', () => {
    expect(nestingOver(`a = ${'['.repeat(5)}${']'.repeat(5)}`, 5)).toBeUndefined();
    expect(nestingOver(`a = ${'['.repeat(6)}${']'.repeat(6)}`, 5)).toEqual({ line: 1, column: 10 });
    expect(nestingOver(`a = "${'['.repeat(50)}"\n# ${'{'.repeat(50)}\n/* ${'('.repeat(50)} */\nb = <<EOT\n${'['.repeat(50)}\nEOT\nc = [1]\n`, 5)).toBeUndefined();
    expect(nestingOver('a = "${[[[[1]]]]}"', 4)).toEqual({ line: 1, column: 10 });
    expect(nestingOver('a = <<-EOT\n  ${[[[[1]]]]}\n  EOT\n', 4)).toEqual({ line: 2, column: 7 });
  });

  it('YAML anchors and aliases are counted against their limits', () => {
    const limits = resolveLimits({ maxYamlAnchors: 2, maxYamlAliases: 3 });
    expect(yamlMarks('a: &x 1\nb: &y 2\nc: [*x, *y, *x]\n', limits)).toBeUndefined();
    expect(yamlMarks('a: &x 1\nb: &y 2\nc: &z 3\n', limits)).toEqual({ at: { line: 3, column: 4 }, message: expect.stringContaining('maxYamlAnchors') });
    expect(yamlMarks('a: &x 1\nc: [*x, *x, *x, *x]\n', limits)).toEqual({ at: { line: 2, column: 17 }, message: expect.stringContaining('maxYamlAliases') });
    // Not marks: a wildcard inside an ARN or a path, a `&` inside a word. (A mark inside a string does count: that only errs towards the limit.)
    expect(yamlMarks('r: arn:aws:s3:::b/*\np: a/*/b\nq: R&D\n', { maxYamlAnchors: 0, maxYamlAliases: 0 })).toBeUndefined();
  });

  it('limits: defaults, overrides, nonsense ignored', () => {
    expect(resolveLimits({ maxInstances: 50, maxModuleDepth: 0, maxYamlAnchors: Number.NaN })).toMatchObject({ maxInstances: 50, maxModuleDepth: 32, maxYamlAnchors: 10_000 });
  });
});
