import type { ScanResult } from '../src/engine/result.js';

/** The full result, as described by schemas/report.schema.json. Unknown values serialize as `{unknown: true, reason}`. */
export function renderJson(result: ScanResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
