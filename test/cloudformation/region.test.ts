/** CloudFormation resources carry the stack's Region when the scan is given one (--region), and none otherwise. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanCloudFormation } from '../../src/sources/cloudformation/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'resilint-cfn-region-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = path.join(dir, 'vpc.yaml');
writeFileSync(
  file,
  `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
`,
);

describe('CloudFormation resources know their Region', () => {
  it('from --region', async () => {
    const out = await scanCloudFormation({ root: dir, files: [file], region: 'ap-northeast-1' });
    expect(out.errors).toEqual([]);
    expect(out.resources.map((r) => [r.address, r.provenance.region])).toEqual([['vpc/Vpc', 'ap-northeast-1']]);
  });

  it('not without it', async () => {
    const out = await scanCloudFormation({ root: dir, files: [file] });
    expect(out.errors).toEqual([]);
    expect(out.resources.map((r) => [r.address, r.provenance.region])).toEqual([['vpc/Vpc', undefined]]);
  });
});
