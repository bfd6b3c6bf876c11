/**
 * Planned resources carry the Region their configuration gives: their own
 * planned `region` (AWS provider 6), else the constant `region` of the
 * provider configuration named by `provider_config_key`; nothing otherwise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanTerraformPlan } from '../../src/sources/plan/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'resilint-plan-region-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Vpc {
  name: string;
  module?: string;
  providerKey?: string;
  region?: string;
}

/** A plan of VPCs as `terraform show -json` writes one. */
function plan(vpcs: Vpc[]): string {
  const address = (v: Vpc) => `${v.module ? `${v.module}.` : ''}aws_vpc.${v.name}`;
  const values = (v: Vpc) => ({ cidr_block: '10.0.0.0/16', ...(v.region ? { region: v.region } : {}) });
  const planned = (v: Vpc) => ({ address: address(v), mode: 'managed', type: 'aws_vpc', name: v.name, values: values(v) });
  const config = (v: Vpc) => ({
    address: `aws_vpc.${v.name}`,
    mode: 'managed',
    type: 'aws_vpc',
    name: v.name,
    ...(v.providerKey ? { provider_config_key: v.providerKey } : {}),
    expressions: { cidr_block: { constant_value: '10.0.0.0/16' } },
  });
  const root = vpcs.filter((v) => !v.module);
  const inModule = vpcs.filter((v) => v.module === 'module.net');
  return JSON.stringify(
    {
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: {
        root_module: {
          resources: root.map(planned),
          child_modules: [{ address: 'module.net', resources: inModule.map(planned) }],
        },
      },
      resource_changes: vpcs.map((v) => ({ address: address(v), mode: 'managed', type: 'aws_vpc', name: v.name, change: { actions: ['create'], before: null, after: values(v), after_unknown: { id: true } } })),
      configuration: {
        provider_config: {
          aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'ap-northeast-1' } } },
          'aws.osaka': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', alias: 'osaka', expressions: { region: { references: ['var.dr_region'] } } },
          'module.net:aws': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', module_address: 'module.net', expressions: { region: { constant_value: 'eu-west-1' } } },
        },
        root_module: {
          resources: root.map(config),
          module_calls: { net: { source: './net', module: { resources: inModule.map(config) } } },
        },
      },
    },
    null,
    2,
  );
}

describe('plan resources know their Region', () => {
  it('from the provider configuration, the planned region argument, and not from references or unlisted keys', async () => {
    const file = path.join(dir, 'plan.json');
    writeFileSync(
      file,
      plan([
        { name: 'primary', providerKey: 'aws' },
        { name: 'dr', providerKey: 'aws.osaka' },
        { name: 'pinned', providerKey: 'aws.osaka', region: 'us-east-1' },
        { name: 'keyless' },
        { name: 'this', module: 'module.net', providerKey: 'module.net:aws' },
        { name: 'proxied', module: 'module.net', providerKey: 'net:aws' },
      ]),
    );
    const out = await scanTerraformPlan({ root: dir, files: [file] });
    expect(out.errors).toEqual([]);
    expect(Object.fromEntries(out.resources.map((r) => [r.address, r.provenance.region]))).toEqual({
      'aws_vpc.primary': 'ap-northeast-1',
      'aws_vpc.dr': undefined,
      'aws_vpc.pinned': 'us-east-1',
      'aws_vpc.keyless': undefined,
      'module.net.aws_vpc.this': 'eu-west-1',
      'module.net.aws_vpc.proxied': undefined,
    });
  });
});
