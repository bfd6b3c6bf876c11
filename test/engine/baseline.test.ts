import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, parseBaseline, type Baseline } from '../../src/engine/baseline.js';
import type { Finding, Status } from '../../src/engine/result.js';
import { sampleResult } from '../support/sample-result.js';

function withStatus(f: Finding, status: Status): Finding {
  return { ...f, status, baselineState: undefined };
}

describe('baselines of failing and unknown results', () => {
  const result = sampleResult(20);
  const baseline = createBaseline(result);
  const open = (s: Status) => result.findings.filter((f) => f.status === s && !f.suppression);

  it('records unsuppressed failing and unknown results, unknown ones marked, and validates', () => {
    expect(baseline.results).toHaveLength(open('fail').length + open('unknown').length);
    expect(baseline.results.filter((r) => r.status === 'unknown').map((r) => r.fingerprint).sort()).toEqual(open('unknown').map((f) => f.fingerprint).sort());
    expect(baseline.results.filter((r) => r.status === undefined).map((r) => r.fingerprint).sort()).toEqual(open('fail').map((f) => f.fingerprint).sort());
    expect(parseBaseline(JSON.stringify(baseline), 'b.json')).toEqual(baseline);
    expect(() => parseBaseline(JSON.stringify({ ...baseline, results: [{ ...baseline.results[0], status: 'fail' }] }), 'b.json')).toThrow(/b\.json: \/results\/0\/status/);
  });

  it('matches by fingerprint and status: a known result is unchanged, a status change is new', () => {
    const known = open('fail')[0];
    const knownUnknown = open('unknown')[0];
    const findings = [withStatus(known, 'fail'), withStatus(knownUnknown, 'unknown'), withStatus(known, 'unknown'), withStatus(knownUnknown, 'fail'), withStatus(known, 'pass')];
    applyBaseline(findings, baseline);
    expect(findings.map((f) => [f.status, f.baselineState])).toEqual([
      ['fail', 'unchanged'],
      ['unknown', 'unchanged'],
      // An accepted failure that can no longer be told, and an accepted unknown that now fails, are new.
      ['unknown', 'new'],
      ['fail', 'new'],
      ['pass', undefined],
    ]);
  });

  it('reads baselines written before unknown results were recorded: every entry is a failing result', () => {
    const old: Baseline = { version: 1, tool: 'resilint', createdAt: '2026-01-01T00:00:00Z', results: [{ fingerprint: open('fail')[0].fingerprint, ruleId: 'db-multi-az', resource: 'x' }] };
    const findings = [withStatus(open('fail')[0], 'fail'), withStatus(open('fail')[0], 'unknown')];
    applyBaseline(findings, parseBaseline(JSON.stringify(old), 'old.json'));
    expect(findings.map((f) => f.baselineState)).toEqual(['unchanged', 'new']);
  });
});
