import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS } from '../../src/policy/defaults.js';
import { loadPolicy, parsePolicy, PolicyError } from '../../src/policy/load.js';

function policyError(text: string): PolicyError {
  try {
    parsePolicy(text, 'policy.yaml');
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('expected a PolicyError');
}

describe('policy file', () => {
  it('an empty file keeps every built-in number', () => {
    const p = parsePolicy('', 'policy.yaml');
    expect(p.tiers).toEqual(DEFAULT_TIERS);
    expect(p.defaultTier).toBe('medium');
    expect(p.tagKeys).toEqual(['tier', 'availability-tier']);
    expect(p.source).toBe('policy.yaml');
  });

  it('changes numbers, tag keys and the default tier, keeping what it does not set', () => {
    const p = parsePolicy(
      ['version: 1', 'defaultTier: high', 'tagKeys: [criticality]', 'tiers:', '  critical:', '    ecs: { minTasks: 3 }', '    db: { backupRetentionDays: 14 }'].join('\n'),
      'policy.yaml',
    );
    expect(p.defaultTier).toBe('high');
    expect(p.tagKeys).toEqual(['criticality']);
    expect(p.tiers.critical.ecs).toEqual({ ...DEFAULT_TIERS.critical.ecs, minTasks: 3, minAzs: 2 });
    expect(p.tiers.critical.db.backupRetentionDays).toBe(14);
    expect(p.tiers.critical.db.multiAz).toBe(true);
    expect(p.tiers.high).toEqual(DEFAULT_TIERS.high);
  });

  it('reads JSON too', () => {
    const p = parsePolicy(JSON.stringify({ defaultTier: 'critical', assignments: [{ match: { address: 'module.auth.*' }, tier: 'critical' }] }), 'p.json');
    expect(p.defaultTier).toBe('critical');
    expect(p.assignments).toHaveLength(1);
  });

  it('defines a new tier only when it is complete', () => {
    const e = policyError('tiers:\n  gold:\n    availability: 99.999\n');
    expect(e.key).toBe('tiers.gold');
    expect(e.message).toContain('must define rtoMinutes');
    const full = parsePolicy(
      'tiers:\n  gold: { availability: 99.999, rtoMinutes: 5, rpoMinutes: 1, ecs: {minTasks: 4, minAzs: 3}, db: {multiAz: true, minAzs: 3, minReplicas: 2, backupRetentionDays: 35, deletionProtection: true}, network: {natPerAz: true} }\n',
      'p.yaml',
    );
    expect(full.tiers.gold.ecs.minTasks).toBe(4);
  });

  it('names the file, key, line and column of a wrong type', () => {
    const e = policyError('version: 1\ntiers:\n  critical:\n    ecs:\n      minTasks: "three"\n');
    expect(e.key).toBe('tiers.critical.ecs.minTasks');
    expect(e.line).toBe(5);
    expect(e.column).toBe(17);
    expect(e.message).toBe('policy.yaml:5:17: tiers.critical.ecs.minTasks: must be integer');
  });

  it('names an unknown key', () => {
    const e = policyError('tiers:\n  high:\n    db:\n      backupDays: 3\n');
    expect(e.key).toBe('tiers.high.db.backupDays');
    expect(e.line).toBe(4);
    expect(e.message).toContain("unknown key 'backupDays'");
  });

  it('rejects an assignment to a tier that does not exist', () => {
    const e = policyError('assignments:\n  - match: { name: "auth-*" }\n    tier: platinum\n');
    expect(e.key).toBe('assignments[0].tier');
    expect(e.line).toBe(3);
    expect(e.message).toContain("unknown tier 'platinum'");
  });

  it('rejects a bad severity with the allowed values', () => {
    const e = policyError('rules:\n  db-multi-az:\n    severity: urgent\n');
    expect(e.key).toMatch(/^rules\.db-multi-az\.severity/);
    expect(e.message).toContain('policy.yaml:3:');
  });

  it('reports YAML syntax errors with line and column', () => {
    const e = policyError('tiers:\n  critical: [1, 2\n');
    expect(e.message).toMatch(/^policy\.yaml:\d+:\d+: not valid YAML\/JSON/);
    expect(e.line).toBeGreaterThan(0);
  });

  it('reports a missing file as a policy error, not a crash', async () => {
    await expect(loadPolicy('/nonexistent/policy.yaml')).rejects.toThrow(/cannot read policy file: no such file \(ENOENT\)/);
  });

  it('loads from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resilint-policy-'));
    const file = join(dir, 'policy.yml');
    writeFileSync(file, 'defaultTier: critical\n');
    expect((await loadPolicy(file)).defaultTier).toBe('critical');
  });
});
