import { describe, expect, it } from 'vitest';
import { bugReport } from '../../src/cli/run.js';
import { ResilintError } from '../../src/errors.js';
import { PolicyError } from '../../src/policy/load.js';
import { PluginError } from '../../src/plugins/load.js';
import { BaselineError } from '../../src/engine/baseline.js';
import { RuleConfigError } from '../../src/engine/evaluate.js';
import { ScanUsageError } from '../../src/scan.js';

describe('errors', () => {
  it('every known error is a ResilintError carrying exit 2', () => {
    const known = [new PolicyError('p', 'f'), new PluginError('x', 'y'), new BaselineError('b'), new RuleConfigError('r'), new ScanUsageError('s')];
    for (const e of known) {
      expect(e).toBeInstanceOf(ResilintError);
      expect(e.exitCode, e.name).toBe(2);
    }
    expect(known.map((e) => e.name)).toEqual(['PolicyError', 'PluginError', 'BaselineError', 'RuleConfigError', 'ScanUsageError']);
  });

  it('a bug is one line with where it was thrown and how to report it; the stack only with RESILINT_DEBUG=1', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'x')");
    e.stack = `TypeError: Cannot read properties of undefined (reading 'x')\n    at summarize (file:///opt/resilint/dist/src/engine/summary.js:12:7)\n    at scan (file:///opt/resilint/dist/src/scan.js:40:3)`;
    const lines = bugReport(e, false).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("resilint: internal error: Cannot read properties of undefined (reading 'x') (at /opt/resilint/dist/src/engine/summary.js:12:7)");
    expect(lines[1]).toMatch(/^This is a bug in resilint \d+\.\d+\.\d+, not in your input\. Please report it at https:\/\/github\.com\/resilint\/resilint\/issues with the command you ran and the output of the same command with RESILINT_DEBUG=1\.$/);
    const debug = bugReport(e, true);
    expect(debug).toContain('    at scan (file:///opt/resilint/dist/src/scan.js:40:3)');
    expect(bugReport('thrown string', false).split('\n')[0]).toBe('resilint: internal error: thrown string');
  });
});
