/**
 * Terraform resources carry the Region of the aws provider configuration
 * they use (alias, module inheritance, `providers = {…}`, the scan's
 * Region for a configuration without one), and no Region when it is not known.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanTerraform } from '../../src/sources/terraform/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'resilint-tf-region-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

async function regions(root: string, options: { region?: string; vars?: Record<string, string> } = {}): Promise<Record<string, string | undefined>> {
  const abs = path.join(dir, root);
  const out = await scanTerraform({ root: abs, paths: [abs], ...options });
  expect(out.errors).toEqual([]);
  return Object.fromEntries(out.resources.map((r) => [r.address, r.provenance.region]));
}

write(
  'multi/main.tf',
  `provider "aws" {
  region = "ap-northeast-1"
}

provider "aws" {
  alias  = "osaka"
  region = var.dr_region
}

variable "dr_region" {
  type    = string
  default = "ap-northeast-3"
}

resource "aws_vpc" "primary" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "dr" {
  provider = aws.osaka
  cidr_block = "10.1.0.0/16"
}

resource "aws_vpc" "pinned" {
  region = "eu-west-1"
  cidr_block = "10.2.0.0/16"
}

module "inherited" {
  source = "./modules/queue"
}

module "passed" {
  source = "./modules/queue"
  providers = {
    aws = aws.osaka
  }
}
`,
);
write(
  'multi/modules/queue/main.tf',
  `resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}
`,
);

write(
  'bare/main.tf',
  `provider "aws" {}

variable "region" {
  type = string
}

provider "aws" {
  alias  = "other"
  region = var.region
}

resource "aws_vpc" "default" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "other" {
  provider = aws.other
  cidr_block = "10.1.0.0/16"
}
`,
);

describe('Terraform resources know their Region from their provider configuration', () => {
  it('default provider, alias, own region argument, inherited and passed providers', async () => {
    expect(await regions('multi')).toEqual({
      'aws_vpc.primary': 'ap-northeast-1',
      'aws_vpc.dr': 'ap-northeast-3',
      'aws_vpc.pinned': 'eu-west-1',
      'module.inherited.aws_vpc.this': 'ap-northeast-1',
      'module.passed.aws_vpc.this': 'ap-northeast-3',
    });
  });

  it('a configuration without region has the scan Region, else none; an unknown region is no Region', async () => {
    expect(await regions('bare')).toEqual({ 'aws_vpc.default': undefined, 'aws_vpc.other': undefined });
    expect(await regions('bare', { region: 'us-east-1' })).toEqual({ 'aws_vpc.default': 'us-east-1', 'aws_vpc.other': undefined });
    expect(await regions('bare', { vars: { region: 'us-west-2' } })).toEqual({ 'aws_vpc.default': undefined, 'aws_vpc.other': 'us-west-2' });
  });
});
