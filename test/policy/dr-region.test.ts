import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyError } from '../../src/policy/load.js';

function policyError(text: string): PolicyError {
  try {
    parsePolicy(text, 'policy.yaml');
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('expected a PolicyError');
}

describe('policy: the DR Region and the database numbers of DB-SERVERLESS / DB-PROXY / DB-GLOBAL', () => {
  it('has no DR Region by default, and the catalogue numbers per tier', () => {
    const p = parsePolicy('', 'policy.yaml');
    expect(p.drRegion).toBeUndefined();
    expect(p.tiers.critical.region?.drRegion).toBeUndefined();
    expect(p.tiers.critical.db).toMatchObject({ serverlessMinAcu: 0.5, serverlessMaxAcu: 64, serverlessAutoPause: false, proxy: true, globalSecondary: true });
    expect(p.tiers.high.db).toMatchObject({ serverlessMaxAcu: 32, serverlessAutoPause: true, proxy: false, globalSecondary: false });
    expect(p.tiers.medium.db).toMatchObject({ serverlessMaxAcu: 16 });
  });

  it('copies the top-level drRegion into every tier that does not name its own', () => {
    const p = parsePolicy(['drRegion: ap-northeast-3', 'tiers:', '  high:', '    region: { drRegion: ap-southeast-1 }', '    db: { globalSecondary: true }'].join('\n'), 'policy.yaml');
    expect(p.drRegion).toBe('ap-northeast-3');
    expect(p.tiers.critical.region).toEqual({ rtoMinutes: 240, rpoMinutes: 60, drRegion: 'ap-northeast-3' });
    expect(p.tiers.medium.region?.drRegion).toBe('ap-northeast-3');
    expect(p.tiers.high.region).toEqual({ rtoMinutes: 240, rpoMinutes: 60, drRegion: 'ap-southeast-1' });
    expect(p.tiers.high.db.globalSecondary).toBe(true);
  });

  it('rejects a DR Region that is not a Region name, at its line and column', () => {
    const e = policyError(['version: 1', 'drRegion: osaka'].join('\n'));
    expect(e.key).toBe('drRegion');
    expect(e.line).toBe(2);
    expect(e.column).toBeGreaterThan(0);
    expect(e.message).toMatch(/pattern/);
  });

  it('rejects a Serverless v2 capacity that is not a multiple of 0.5 ACU', () => {
    const e = policyError(['tiers:', '  critical:', '    db: { serverlessMaxAcu: 63.3 }'].join('\n'));
    expect(e.key).toBe('tiers.critical.db.serverlessMaxAcu');
    expect(e.line).toBe(3);
  });
});
