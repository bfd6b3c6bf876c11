/**
 * `--format html`: the auditor report. One self-contained file (inline CSS,
 * script and SVG; no request of any kind), readable offline and printable.
 *
 * Static HTML carries the verdict, what could not be assessed, the summary
 * and traceability tables and the rule reference; the findings table is
 * rendered by the page script from a JSON data block, a page at a time, so
 * that 10,000 results stay fast.
 *
 * Pure: the same ScanResult gives the same bytes. The CSP nonce is therefore
 * a hash of the content rather than a random value.
 */
import { createHash } from 'node:crypto';
import type { ScanResult } from '../../src/engine/result.js';
import type { ReporterOptions } from '../types.js';
import { CLIENT_JS } from './client.js';
import { escapeHtml, html, jsonForScript, raw } from './escape.js';
import { failureSection } from './failure.js';
import { buildData, buildModel } from './model.js';
import { findings, footer, header, notAssessed, overview, reference, requirements, rules, summary } from './sections.js';
import { CSS } from './styles.js';

/** The report as one HTML document. `verbose` opens the findings table on all statuses instead of failures and unknowns. */
export function renderHtml(result: ScanResult, options: ReporterOptions = {}): string {
  const model = buildModel(result);
  const defaultStatus = options.verbose ? 'all' : 'open';
  const data = buildData(result, model, defaultStatus);
  const failure = failureSection(result);
  if (failure) data.fd = failure.data;
  const dataJson = jsonForScript(data);
  const body = html`${header(result, !!failure)}
<main class="wrap">
${overview(result, model)}
${notAssessed(result, model)}
${summary(result, model)}
${failure?.markup}
${requirements(model)}
${rules(result)}
${findings(result, model, defaultStatus, data.reqs)}
${reference(result)}
</main>
${footer(result)}`.value;

  const nonce = createHash('sha256').update(CSS).update('\0').update(body).update('\0').update(dataJson).update('\0').update(CLIENT_JS).digest('base64').slice(0, 24);
  // Only constants and a base64 nonce: nothing here needs escaping.
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const verdict = model.verdict.kind === 'fail' ? 'FAIL' : model.verdict.kind === 'incomplete' ? 'INCOMPLETE' : 'PASS';
  const title = `resilint report — ${verdict} — ${result.targets.join(', ') || result.root}`;

  return `<!doctype html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(`${result.tool.name} ${result.tool.version}`)}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
${body}
<script type="application/json" id="data">${dataJson}</script>
<script nonce="${nonce}">${raw(CLIENT_JS).value}</script>
</body>
</html>
`;
}
