import { describe, expect, it } from 'vitest';
import { compareAz, countDistinctAzs, azLabel } from '../../src/analysis/az.js';
import { SymbolicAzList, azAt, type AzListOrigin } from '../../src/graph/az.js';
import { Unknown } from '../../src/graph/values.js';

const region: AzListOrigin = { key: 'tf:data.aws_availability_zones.available', label: 'data.aws_availability_zones.available', distinct: true };
const other: AzListOrigin = { key: 'tf:var.azs', label: 'var.azs', distinct: true };
const three: AzListOrigin = { ...region, key: 'k3', length: 3 };

describe('compareAz', () => {
  it('compares names', () => {
    expect(compareAz('us-east-1a', 'us-east-1a')).toBe('same');
    expect(compareAz('us-east-1a', 'us-east-1b')).toBe('different');
  });
  it('compares elements of one list by index', () => {
    const l = new SymbolicAzList(region);
    expect(compareAz(l.at(0), l.at(0))).toBe('same');
    expect(compareAz(l.at(0), l.at(1))).toBe('different');
  });
  it('cannot tell elements of different lists, a name from a symbolic AZ, or plain unknowns apart', () => {
    expect(compareAz(azAt(region, 0), azAt(other, 0))).toBe('unknown');
    expect(compareAz('us-east-1a', azAt(region, 0))).toBe('unknown');
    expect(compareAz(new Unknown('x'), new Unknown('x'))).toBe('unknown');
    expect(compareAz(undefined, 'us-east-1a')).toBe('unknown');
  });
  it('wraps element() modulo a known length', () => {
    expect(compareAz(azAt(three, 3, true), azAt(three, 0))).toBe('same');
    expect(compareAz(azAt(three, 4, true), azAt(three, 0))).toBe('different');
  });
  it('with an unknown length, only what follows for sure', () => {
    expect(compareAz(azAt(region, 5, true), azAt(region, 5, true))).toBe('same');
    expect(compareAz(azAt(region, 5, true), azAt(region, 0))).toBe('unknown');
    expect(compareAz(azAt(region, 3, true), azAt(region, 4, true))).toBe('unknown');
    // below a known minimum length the modulo changes nothing
    const atLeast3: AzListOrigin = { ...region, minLength: 3 };
    expect(compareAz(azAt(atLeast3, 1, true), azAt(atLeast3, 2))).toBe('different');
  });
  it('does not assume distinct elements where the list does not promise them', () => {
    const loose: AzListOrigin = { ...other, distinct: false };
    expect(compareAz(azAt(loose, 0), azAt(loose, 1))).toBe('unknown');
    expect(compareAz(azAt(loose, 1), azAt(loose, 1))).toBe('same');
  });
});

describe('countDistinctAzs', () => {
  it('is exact when every pair is decided', () => {
    const r = countDistinctAzs([azAt(region, 0), azAt(region, 1), azAt(region, 0)]);
    expect([r.min, r.max]).toEqual([2, 2]);
    expect(r.labels).toEqual(['AZ #1 of data.aws_availability_zones.available', 'AZ #2 of data.aws_availability_zones.available']);
  });
  it('gives bounds when some pairs cannot be told apart', () => {
    const r = countDistinctAzs([azAt(region, 0), azAt(region, 1), azAt(other, 0)]);
    expect([r.min, r.max]).toEqual([2, 3]);
    expect(r.reasons.length).toBeGreaterThan(0);
  });
  it('counts one name once', () => {
    const r = countDistinctAzs(['us-east-1a', 'us-east-1a']);
    expect([r.min, r.max]).toEqual([1, 1]);
  });
  it('labels', () => {
    expect(azLabel(azAt(region, 2))).toBe('AZ #3 of data.aws_availability_zones.available');
    expect(azLabel(undefined)).toBe('AZ not set');
  });
});
