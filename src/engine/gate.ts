/**
 * The pre-merge gate: which results block a merge under `--fail-on` and
 * `--fail-on-unknown`, and the exit code that follows (README, "Exit codes").
 * Pure, so the CLI decides and the JSON report records the same outcome.
 */
import { SEVERITIES, type Severity } from '../policy/types.js';
import type { Finding, ScanResult } from './result.js';

export interface GateSettings {
  /** Lowest severity that blocks; 'none' never blocks on results. */
  failOn: Severity | 'none';
  /** Unknown results at or above `failOn` block like failing ones. */
  failOnUnknown: boolean;
}

export interface GateOutcome extends GateSettings {
  /** 0 clean, 1 blocking results, 3 scan incomplete (wins over 1: the gate cannot vouch for what it did not read). */
  exitCode: 0 | 1 | 3;
  /**
   * Results at or above `failOn` that are neither suppressed nor baselined: failing ones, and
   * unknown ones (these block only with `failOnUnknown`, but are counted either way).
   */
  atThreshold: { fail: number; unknown: number };
  /**
   * Results at or above `failOn` that would count but are dismissed: by a suppression (inline or policy), or
   * because the baseline already has them. What the gate let through, so that no report reads them as failures.
   */
  dismissed?: { suppressed: { fail: number; unknown: number }; baselined: { fail: number; unknown: number } };
}

/** True when a result counts toward the gate: at or above the threshold, not suppressed, not already in the baseline. */
export function countsAtThreshold(f: Finding, failOn: Severity | 'none'): boolean {
  if (failOn === 'none' || f.suppression || f.baselineState === 'unchanged') return false;
  return SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn);
}

export function gateOutcome(result: ScanResult, settings: GateSettings): GateOutcome {
  const atThreshold = { fail: 0, unknown: 0 };
  const dismissed = { suppressed: { fail: 0, unknown: 0 }, baselined: { fail: 0, unknown: 0 } };
  for (const f of result.findings) {
    if (f.status === 'pass') continue;
    if (countsAtThreshold(f, settings.failOn)) atThreshold[f.status]++;
    else if (settings.failOn !== 'none' && SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(settings.failOn)) {
      dismissed[f.suppression ? 'suppressed' : 'baselined'][f.status]++;
    }
  }
  const blocking = atThreshold.fail > 0 || (settings.failOnUnknown && atThreshold.unknown > 0);
  const exitCode = !result.summary.complete ? 3 : blocking ? 1 : 0;
  return { failOn: settings.failOn, failOnUnknown: settings.failOnUnknown, exitCode, atThreshold, dismissed };
}
