import type { ScanResult } from '../src/engine/result.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import type { ReporterOptions } from './types.js';
import { escapeControlDeep } from '../src/util/text.js';

export type { ReporterOptions } from './types.js';

type Render = (r: ScanResult, o: ReporterOptions) => string;

/** Every output format: name → pure renderer and the file extension used in an output directory. */
export const REPORTERS = {
  json: { extension: 'json', render: (r) => renderJson(r) },
  text: { extension: 'txt', render: (r, o) => renderText(r, o) },
  sarif: { extension: 'sarif', render: (r, o) => renderSarif(r, o) },
  markdown: { extension: 'md', render: (r, o) => renderMarkdown(r, o) },
  html: { extension: 'html', render: (r, o) => renderHtml(r, o) },
  junit: { extension: 'xml', render: (r, o) => renderJunit(r, o) },
} as const satisfies Record<string, { extension: string; render: Render }>;

export type Format = keyof typeof REPORTERS;
export const FORMATS = Object.keys(REPORTERS) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(REPORTERS, name);
}

/**
 * One report. Every format but JSON (whose strings JSON escapes itself) gets
 * the result with control characters in every string made visible, so that a
 * file name or address holding a newline or ESC can neither forge a line nor
 * drive the terminal of whoever reads the text, Markdown, SARIF, JUnit or HTML.
 */
export function renderReport(result: ScanResult, format: Format, options: ReporterOptions = {}): string {
  return REPORTERS[format].render(format === 'json' ? result : escapeControlDeep(result), options);
}
