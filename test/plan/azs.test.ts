/**
 * AZs in a Terraform plan: names as planned, Unknown when known only after
 * apply, and names from a data.aws_availability_zones read during plan
 * (prior_state) when the configuration takes the AZ from it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareAz } from '../../src/analysis/az.js';
import { SymbolicAz } from '../../src/graph/az.js';
import { Unknown } from '../../src/graph/values.js';
import { scanTerraformPlan } from '../../src/sources/plan/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'resilint-plan-azs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

interface Subnet {
  name: string;
  index?: number;
  /** Planned value; undefined: known only after apply. */
  az?: string;
  references: string[];
  count?: boolean;
}

/** A plan of subnets (as `terraform show -json` writes one), optionally with the data source read during plan. */
function plan(subnets: Subnet[], prior: boolean): string {
  const address = (s: Subnet) => `aws_subnet.${s.name}${s.index === undefined ? '' : `[${s.index}]`}`;
  const values = (s: Subnet) => ({ cidr_block: `10.0.${s.index ?? 9}.0/24`, ...(s.az ? { availability_zone: s.az } : {}) });
  const doc = {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {
      root_module: {
        resources: subnets.map((s) => ({ address: address(s), mode: 'managed', type: 'aws_subnet', name: s.name, ...(s.index === undefined ? {} : { index: s.index }), values: values(s) })),
      },
    },
    resource_changes: subnets.map((s) => ({
      address: address(s),
      mode: 'managed',
      type: 'aws_subnet',
      name: s.name,
      ...(s.index === undefined ? {} : { index: s.index }),
      change: { actions: ['create'], before: null, after: values(s), after_unknown: { id: true, ...(s.az ? {} : { availability_zone: true }) } },
    })),
    ...(prior
      ? {
          prior_state: {
            format_version: '1.0',
            values: { root_module: { resources: [{ address: 'data.aws_availability_zones.available', mode: 'data', type: 'aws_availability_zones', name: 'available', values: { names: NAMES, state: 'available' } }] } },
          },
        }
      : {}),
    configuration: {
      root_module: {
        resources: [...new Set(subnets.map((s) => s.name))].map((name) => {
          const s = subnets.find((x) => x.name === name)!;
          return {
            address: `aws_subnet.${name}`,
            mode: 'managed',
            type: 'aws_subnet',
            name,
            expressions: { availability_zone: { references: s.references }, cidr_block: { constant_value: 'x' } },
            ...(s.count ? { count_expression: { constant_value: 3 } } : {}),
          };
        }),
      },
    },
  };
  return JSON.stringify(doc, null, 2);
}

async function scanPlan(name: string, subnets: Subnet[], prior: boolean) {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, plan(subnets, prior));
  const out = await scanTerraformPlan({ root: dir, files: [file] });
  expect(out.errors).toEqual([]);
  return (address: string): unknown => (out.resources.find((r) => r.address === address)!.props as { availabilityZone?: unknown }).availabilityZone;
}

const FROM_DATA = ['data.aws_availability_zones.available.names', 'data.aws_availability_zones.available', 'count.index'];

describe('Terraform plan: availability zones', () => {
  it('planned AZ names are names', async () => {
    const az = await scanPlan('planned', [0, 1].map((i) => ({ name: 'private', index: i, az: NAMES[i], references: FROM_DATA, count: true })), true);
    expect([az('aws_subnet.private[0]'), az('aws_subnet.private[1]')]).toEqual(['eu-west-1a', 'eu-west-1b']);
  });

  it('known only after apply, from data.aws_availability_zones.X.names[count.index]: the name the data source read during plan', async () => {
    const az = await scanPlan('prior', [0, 1, 2].map((i) => ({ name: 'private', index: i, references: FROM_DATA, count: true })), true);
    expect([0, 1, 2].map((i) => az(`aws_subnet.private[${i}]`))).toEqual(NAMES);
  });

  it('a literal index (names[1]) is read from the reference', async () => {
    const refs = ['data.aws_availability_zones.available.names[1]', 'data.aws_availability_zones.available.names', 'data.aws_availability_zones.available'];
    const az = await scanPlan('literal', [{ name: 'db', references: refs }], true);
    expect(az('aws_subnet.db')).toBe('eu-west-1b');
  });

  it('without the data source in prior_state: element i of its list, symbolic (taken modulo the unknown length)', async () => {
    const az = await scanPlan('deferred', [0, 1].map((i) => ({ name: 'private', index: i, references: FROM_DATA, count: true })), false);
    const [a, b] = [az('aws_subnet.private[0]'), az('aws_subnet.private[1]')] as SymbolicAz[];
    expect(a).toBeInstanceOf(SymbolicAz);
    expect(a.origin).toEqual({ key: 'plan:data.aws_availability_zones.available', label: 'data.aws_availability_zones.available', distinct: true });
    expect([a.index, b.index]).toEqual([0, 1]);
    // element() wraps, names[i] does not; the plan does not say which: cannot tell 0 and 1 apart without the length.
    expect(compareAz(a, b)).toBe('unknown');
    expect(compareAz(a, az('aws_subnet.private[0]'))).toBe('same');
  });

  it('an AZ that depends on anything else stays unknown after apply', async () => {
    const az = await scanPlan('other', [
      { name: 'local', index: 0, references: ['local.azs', 'count.index'], count: true },
      { name: 'mixed', index: 0, references: [...FROM_DATA, 'var.offset'], count: true },
      { name: 'nocount', references: ['data.aws_availability_zones.available.names', 'data.aws_availability_zones.available'] },
    ], true);
    for (const a of ['aws_subnet.local[0]', 'aws_subnet.mixed[0]', 'aws_subnet.nocount']) {
      expect(az(a)).toBeInstanceOf(Unknown);
      expect(az(a)).not.toBeInstanceOf(SymbolicAz);
      expect((az(a) as Unknown).reason).toContain('known only after apply');
    }
  });

  it('in a module: the data source of that module', async () => {
    const file = path.join(dir, 'module.json');
    const subnet = (i: number) => ({ address: `module.vpc.aws_subnet.private[${i}]`, mode: 'managed', type: 'aws_subnet', name: 'private', index: i, values: { cidr_block: `10.0.${i}.0/24` } });
    writeFileSync(
      file,
      JSON.stringify({
        format_version: '1.2',
        planned_values: { root_module: { child_modules: [{ address: 'module.vpc', resources: [subnet(0), subnet(1)] }] } },
        resource_changes: [0, 1].map((i) => ({ ...subnet(i), module_address: 'module.vpc', change: { actions: ['create'], after: subnet(i).values, after_unknown: { id: true, availability_zone: true } } })),
        prior_state: {
          values: {
            root_module: {
              child_modules: [
                { address: 'module.vpc', resources: [{ address: 'module.vpc.data.aws_availability_zones.available', mode: 'data', type: 'aws_availability_zones', name: 'available', values: { names: NAMES } }] },
              ],
            },
          },
        },
        configuration: {
          root_module: {
            module_calls: {
              vpc: {
                source: './modules/vpc',
                module: {
                  resources: [
                    { address: 'aws_subnet.private', mode: 'managed', type: 'aws_subnet', name: 'private', expressions: { availability_zone: { references: FROM_DATA } }, count_expression: { constant_value: 2 } },
                  ],
                },
              },
            },
          },
        },
      }),
    );
    const out = await scanTerraformPlan({ root: dir, files: [file] });
    expect(out.errors).toEqual([]);
    const azs = out.resources.map((r) => `${r.address} ${(r.props as { availabilityZone?: unknown }).availabilityZone}`).sort();
    expect(azs).toEqual(['module.vpc.aws_subnet.private[0] eu-west-1a', 'module.vpc.aws_subnet.private[1] eu-west-1b']);
  });
});
