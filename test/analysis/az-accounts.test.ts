/**
 * Comparing AZs of resources that may live in different accounts: AZ IDs
 * decide everywhere, names only within one account, IaC keeps comparing by
 * name, symbolic AZs are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { azComparedBy, azIdentitiesOf, azIdentityOf, azKey, azLabel, compareAz, compareAzDetailed, countDistinctAzs, isAzIdentity, ScopedAz } from '../../src/analysis/az.js';
import { azAt, type AzListOrigin } from '../../src/graph/az.js';
import type { AnyResource, Provenance } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';

const A = '111111111111';
const B = '222222222222';
const R = 'ap-northeast-1';

function resource(kind: AnyResource['kind'], props: Record<string, unknown>, provenance: Provenance): AnyResource {
  return { id: `${kind}-${Math.random()}`, kind, type: 'x', address: kind, name: kind, props, propOrigins: {}, attributes: {}, tags: {}, provenance, unresolved: [] } as unknown as AnyResource;
}
const live = (account: string, props: Record<string, unknown>, kind: AnyResource['kind'] = 'network.subnet') => resource(kind, props, { source: 'aws', accountId: account, region: R });
const iac = (props: Record<string, unknown>, kind: AnyResource['kind'] = 'network.subnet') => resource(kind, props, { source: 'terraform', location: { file: 'main.tf', line: 1, column: 1 } });

describe('azIdentityOf across accounts', () => {
  it('the same name in two accounts cannot be told apart without IDs (never same, never different)', () => {
    const a = azIdentityOf(live(A, { availabilityZone: `${R}a` }));
    const b = azIdentityOf(live(B, { availabilityZone: `${R}a` }));
    expect(compareAz(a, b)).toBe('unknown');
    expect(compareAz(a, azIdentityOf(live(B, { availabilityZone: `${R}c` })))).toBe('unknown');
    expect(countDistinctAzs([a, b])).toMatchObject({ min: 1, max: 2 });
  });

  it('the same AZ ID in two accounts is the same AZ, whatever each account names it', () => {
    const a = azIdentityOf(live(A, { availabilityZone: `${R}a`, availabilityZoneId: 'apne1-az4' }));
    const b = azIdentityOf(live(B, { availabilityZone: `${R}c`, availabilityZoneId: 'apne1-az4' }));
    expect(compareAzDetailed(a, b)).toEqual({ result: 'same', comparedBy: 'az-id' });
    // …and the same name with different IDs is two physical AZs.
    const c = azIdentityOf(live(B, { availabilityZone: `${R}a`, availabilityZoneId: 'apne1-az1' }));
    expect(compareAzDetailed(a, c)).toEqual({ result: 'different', comparedBy: 'az-id' });
    expect(countDistinctAzs([a, b, c])).toMatchObject({ min: 2, max: 2, reasons: [] });
    expect(azLabel(a)).toBe(`${R}a (apne1-az4)`);
    expect(azKey(a)).toBe(azKey(b));
    expect(azComparedBy(a)).toBe('az-id');
    expect(azComparedBy(azIdentityOf(live(A, { availabilityZone: `${R}a` })))).toBe('az-name');
    expect(azKey(azIdentityOf(live(A, { availabilityZone: `${R}a` })))).not.toBe(azKey(azIdentityOf(live(B, { availabilityZone: `${R}a` }))));
  });

  it('an ID against a name in the same account is decided where the account knows the name of the ID', () => {
    const withBoth = azIdentityOf(live(A, { availabilityZone: `${R}a`, availabilityZoneId: 'apne1-az4' }));
    expect(compareAzDetailed(withBoth, azIdentityOf(live(A, { availabilityZone: `${R}a` })))).toEqual({ result: 'same', comparedBy: 'az-name' });
    expect(compareAzDetailed(withBoth, azIdentityOf(live(A, { availabilityZone: `${R}c` })))).toEqual({ result: 'different', comparedBy: 'az-name' });
    // An ID alone against a name alone: the mapping is not known.
    expect(compareAz(azIdentityOf(live(A, { availabilityZoneId: 'apne1-az4' })), azIdentityOf(live(A, { availabilityZone: `${R}a` })))).toBe('unknown');
    // Another account's name against this account's name+ID: still not decided.
    expect(compareAz(withBoth, azIdentityOf(live(B, { availabilityZone: `${R}a` })))).toBe('unknown');
  });

  it('AZs of different Regions are different whatever is known', () => {
    const a = azIdentityOf(live(A, { availabilityZone: `${R}a` }));
    const b = azIdentityOf(resource('network.subnet', { availabilityZone: 'ap-northeast-3a' }, { source: 'aws', accountId: B, region: 'ap-northeast-3' }));
    expect(compareAzDetailed(a, b)).toEqual({ result: 'different', comparedBy: 'region' });
  });

  it('IaC resources keep comparing by name, and say so', () => {
    const a = azIdentityOf(iac({ availabilityZone: `${R}a` }));
    expect(a).toBe(`${R}a`);
    expect(azComparedBy(a)).toBe('az-name');
    expect(compareAzDetailed(a, azIdentityOf(iac({ availabilityZone: `${R}a` })))).toEqual({ result: 'same', comparedBy: 'az-name' });
    expect(compareAzDetailed(a, azIdentityOf(iac({ availabilityZone: `${R}c` })))).toEqual({ result: 'different', comparedBy: 'az-name' });
    // An IaC name against a live AZ: the IaC's deploying account is not known.
    expect(compareAz(a, azIdentityOf(live(A, { availabilityZone: `${R}a`, availabilityZoneId: 'apne1-az4' })))).toBe('unknown');
    // Written only as an ID (availability_zone_id): compared by ID.
    const id = azIdentityOf(iac({ availabilityZone: undefined, availabilityZoneId: 'apne1-az1' }));
    expect(id).toBeInstanceOf(ScopedAz);
    expect(compareAz(id, azIdentityOf(iac({ availabilityZoneId: 'apne1-az1' })))).toBe('same');
    expect(compareAz(id, a)).toBe('unknown');
  });

  it('symbolic AZs pass through unchanged', () => {
    const origin: AzListOrigin = { key: 'tf:data.aws_availability_zones.available', label: 'data.aws_availability_zones.available', distinct: true };
    const s0 = azIdentityOf(iac({ availabilityZone: azAt(origin, 0) }));
    const s1 = azIdentityOf(iac({ availabilityZone: azAt(origin, 1) }));
    expect(compareAzDetailed(s0, s1)).toEqual({ result: 'different', comparedBy: 'symbolic' });
    expect(azComparedBy(s0)).toBe('symbolic');
    expect(azComparedBy(new Unknown('x'))).toBeUndefined();
    expect(compareAzDetailed(s0, azAt(origin, 0))).toEqual({ result: 'same', comparedBy: 'symbolic' });
    expect(compareAzDetailed(s0, azAt({ ...origin, key: 'other' }, 0))).toEqual({ result: 'unknown' });
  });

  it('what is not an AZ stays as it was, with its reason', () => {
    const u = new Unknown('subnet not collected');
    expect(azIdentityOf(live(A, { availabilityZone: u }))).toBe(u);
    expect(azIdentityOf(live(A, {}))).toBeUndefined();
    expect(isAzIdentity(azIdentityOf(live(A, { availabilityZone: u })))).toBe(false);
    expect(isAzIdentity(azIdentityOf(live(A, { availabilityZone: u, availabilityZoneId: 'apne1-az2' })))).toBe(true);
  });

  it('list properties pair names with IDs by position', () => {
    const cluster = live(A, { availabilityZones: [`${R}a`, `${R}c`], availabilityZoneIds: ['apne1-az4', 'apne1-az1'] }, 'db.cluster');
    const other = live(B, { availabilityZones: [`${R}c`, `${R}d`], availabilityZoneIds: ['apne1-az4', 'apne1-az2'] }, 'db.cluster');
    const mine = azIdentitiesOf(cluster) as unknown[];
    const theirs = azIdentitiesOf(other) as unknown[];
    expect(compareAz(mine[0], theirs[0])).toBe('same');
    expect(countDistinctAzs([...mine, ...theirs])).toMatchObject({ min: 3, max: 3 });
    const unknownList = new Unknown('not read');
    expect(azIdentitiesOf(live(A, { availabilityZones: unknownList }, 'db.cluster'))).toBe(unknownList);
  });
});
