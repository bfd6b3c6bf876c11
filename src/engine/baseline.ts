import { Ajv } from 'ajv';
import { loadSchema } from '../util/package.js';
import type { Finding, ScanResult } from './result.js';

/**
 * A baseline: the failing results a team has accepted for now. Entries are
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
}

export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** Failing, unsuppressed results of a scan, sorted for stable diffs. */
export function createBaseline(result: ScanResult): Baseline {
  const results = result.findings
    .filter((f) => f.status === 'fail' && !f.suppression)
    .map((f): BaselineEntry => {
      const e: BaselineEntry = { fingerprint: f.fingerprint, ruleId: f.ruleId, resource: f.resource.arn ?? f.resource.id };
      if (f.location) e.file = f.location.file;
      return e;
    })
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource));
  return { version: 1, tool: 'resilint', createdAt: result.finishedAt, results };
}

let validate: ReturnType<Ajv['compile']> | undefined;

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(loadSchema('baseline.schema.json'));
  if (!validate(data)) {
    const err = validate.errors![0];
    throw new BaselineError(`${file}: ${err.instancePath || '(top level)'} ${err.message}`);
  }
  return data as Baseline;
}

/** Mark failing results 'unchanged' when the baseline has them, else 'new'. */
export function applyBaseline(findings: Finding[], baseline: Baseline): void {
  const known = new Set(baseline.results.map((r) => r.fingerprint));
  for (const f of findings) {
    if (f.status !== 'fail') continue;
    f.baselineState = known.has(f.fingerprint) ? 'unchanged' : 'new';
  }
}
