import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { glob } from '../../src/policy/tiers.js';

const OPTIONS = { dot: true, nobrace: false, noextglob: true } as const;

describe('policy globs in linear time', () => {
  const patterns = ['aws_db_instance.*', 'module.**', '*.prod-*', 'a*a*a*b', '{a,b}*', '[ab]?x', '**/x.tf', 'module.db[0].x', 'infra/**', '*', '?', 'Tier=crit*', '**'];
  const inputs = ['aws_db_instance.main', 'module.db.aws_db_instance.x', 'x.prod-1', 'aaab', 'abx', 'ayx', 'a/b/x.tf', 'x.tf', 'module.db[0].x', 'infra/a/b', 'infra', '', '.', '../x', 'a/./b', 'crit', 'Tier=critical'];
  it('agrees with picomatch on every pattern and input', () => {
    for (const p of patterns) {
      const ref = picomatch(p, OPTIONS);
      for (const s of inputs) expect([p, s, glob(p)(s)]).toEqual([p, s, ref(s)]);
    }
  });

  it('a glob of many stars against a long address does not backtrack', () => {
    const pattern = `${'a*'.repeat(40)}b`;
    const address = 'a'.repeat(50_000);
    // Exponential in a backtracking engine; RE2 answers at once (a wall-clock bound is not asserted, the suite's time limit is).
    expect(glob(pattern)(address)).toBe(false);
    expect(glob(pattern)(`${address}b`)).toBe(true);
  });
});
