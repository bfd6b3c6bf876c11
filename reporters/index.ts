import type { ScanResult } from '../src/engine/result.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';
import type { ReporterOptions } from './types.js';

export type { ReporterOptions } from './types.js';

/** Every output format: name → pure renderer and the file extension used in an output directory. */
export const REPORTERS = {
  json: { extension: 'json', render: (r: ScanResult) => renderJson(r) },
  text: { extension: 'txt', render: (r: ScanResult, o: ReporterOptions) => renderText(r, o) },
} as const satisfies Record<string, { extension: string; render: (r: ScanResult, o: ReporterOptions) => string }>;

export type Format = keyof typeof REPORTERS;
export const FORMATS = Object.keys(REPORTERS) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(REPORTERS, name);
}

export function renderReport(result: ScanResult, format: Format, options: ReporterOptions = {}): string {
  return REPORTERS[format].render(result, options);
}
