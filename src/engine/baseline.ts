import { Ajv } from 'ajv';
import { ResilintError } from '../errors.js';
import { loadSchema } from '../util/package.js';
import { JsonSyntaxError, parseJsonPositions } from '../sources/common/json-positions.js';
import type { Finding, ScanResult } from './result.js';

/**
 * A baseline: the failing and unknown results a team has accepted for now
 * (unknown ones matter with `--fail-on-unknown`). Entries are
 * matched by fingerprint (rule + resource identity), so moving a resource
 * within or between files keeps it matched; rule, resource and file are
 * kept for people reading the file.
 */
export interface Baseline {
  version: 1;
  tool: 'resilint';
  createdAt: string;
  results: BaselineEntry[];
}

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  resource: string;
  file?: string;
  /** 'unknown' for a result that could not be determined; absent for a failing one (baselines before 'status' held only those). */
  status?: 'unknown';
}

export class BaselineError extends ResilintError {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** Failing and unknown unsuppressed results of a scan, sorted for stable diffs. */
export function createBaseline(result: ScanResult): Baseline {
  const results = result.findings
    .filter((f) => f.status !== 'pass' && !f.suppression)
    .map((f): BaselineEntry => {
      const e: BaselineEntry = { fingerprint: f.fingerprint, ruleId: f.ruleId, resource: f.resource.arn ?? f.resource.id };
      if (f.location) e.file = f.location.file;
      if (f.status === 'unknown') e.status = 'unknown';
      return e;
    })
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource) || (a.status ?? '').localeCompare(b.status ?? ''));
  return { version: 1, tool: 'resilint', createdAt: result.finishedAt, results };
}

/** Line and column (1-based) of the first JSON syntax error, found by the positional parser; 1:1 when it finds none. */
export function jsonErrorPosition(text: string): { line: number; column: number; what: string } {
  try {
    parseJsonPositions(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { line: e.line, column: e.column, what: e.message.replace(/ ".*"$/s, '').replace(/^unexpected character$/, 'unexpected character') };
  }
  return { line: 1, column: 1, what: 'not parseable' };
}

let validate: ReturnType<Ajv['compile']> | undefined;

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The parser's message quotes the file's content (which may be anything); only the position is kept.
    const { line, column, what } = jsonErrorPosition(text);
    throw new BaselineError(`${file}:${line}:${column}: not valid JSON (${what})`);
  }
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(loadSchema('baseline.schema.json'));
  if (!validate(data)) {
    const err = validate.errors![0];
    throw new BaselineError(`${file}: ${err.instancePath || '(top level)'} ${err.message}`);
  }
  return data as Baseline;
}

/**
 * Mark failing and unknown results 'unchanged' when the baseline has them
 * with the same status, else 'new': an accepted unknown that now fails is a
 * new failure, and an accepted failure that can no longer be told is a new
 * unknown.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, legacyFingerprint?: (f: Finding) => string | undefined): void {
  const known = new Set(baseline.results.map((r) => `${r.status ?? 'fail'}\u0000${r.fingerprint}`));
  const has = (f: Finding, fp: string | undefined) => fp !== undefined && known.has(`${f.status}\u0000${fp}`);
  for (const f of findings) {
    if (f.status === 'pass') continue;
    // A baseline written before identities were repository-relative holds the old fingerprint.
    f.baselineState = has(f, f.fingerprint) || has(f, legacyFingerprint?.(f)) ? 'unchanged' : 'new';
  }
}
