/**
 * Hand-written inline SVG charts. Every chart carries an accessible label
 * with the numbers, and the tables next to it repeat them as text, so
 * colour is never the only carrier of meaning.
 */
import { SEVERITIES, type Severity } from '../../src/policy/types.js';
import { html, type Raw } from './escape.js';
import { STATUS_ORDER, num, total, type Counts } from './model.js';

const LABEL: Record<string, string> = { fail: 'fail', unknown: 'unknown', pass: 'pass' };

function r2(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function describe(c: Counts): string {
  return STATUS_ORDER.map((s) => `${num(c[s])} ${LABEL[s]}`).join(', ');
}

/** Donut of results by status, total in the middle. */
export function statusDonut(c: Counts): Raw {
  const size = 140;
  const radius = 52;
  const circumference = 2 * Math.PI * radius;
  const sum = total(c);
  const arcs: Raw[] = [];
  let offset = 0;
  for (const s of STATUS_ORDER) {
    if (!c[s]) continue;
    const len = (c[s] / sum) * circumference;
    arcs.push(
      html`<circle class="arc arc-${s}" cx="70" cy="70" r="${radius}" stroke-dasharray="${r2(len)} ${r2(circumference - len)}" stroke-dashoffset="${r2(-offset)}"><title>${num(c[s])} ${LABEL[s]}</title></circle>`,
    );
    offset += len;
  }
  return html`<svg class="donut" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="Results by status: ${describe(c)}">
<circle class="arc arc-none" cx="70" cy="70" r="${radius}"></circle>
<g transform="rotate(-90 70 70)">${arcs}</g>
<text x="70" y="68" class="donut-total" text-anchor="middle">${num(sum)}</text>
<text x="70" y="88" class="donut-label" text-anchor="middle">results</text>
</svg>`;
}

/** One horizontal bar split by status (fail, unknown, pass), for a table cell. */
export function stackedBar(c: Counts, what: string): Raw {
  const sum = total(c);
  const parts: Raw[] = [];
  let x = 0;
  for (const s of STATUS_ORDER) {
    if (!c[s]) continue;
    const w = (c[s] / sum) * 100;
    parts.push(html`<rect class="seg-${s}" x="${r2(x)}" y="0" width="${r2(w)}" height="10"></rect>`);
    x += w;
  }
  if (!sum) parts.push(html`<rect class="seg-none" x="0" y="0" width="100" height="10"></rect>`);
  return html`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${what}: ${sum ? describe(c) : 'no results'}">${parts}</svg>`;
}

/** Failing results by severity: one labelled bar per severity. */
export function severityBars(bySeverity: Record<Severity, number>): Raw {
  const max = Math.max(1, ...SEVERITIES.map((s) => bySeverity[s] ?? 0));
  const rowH = 26;
  const labelW = 72;
  const barW = 220;
  const rows = SEVERITIES.map((s, i) => {
    const n = bySeverity[s] ?? 0;
    const w = n ? Math.max(2, (n / max) * barW) : 0;
    const y = i * rowH;
    return html`<g transform="translate(0 ${y})"><text class="sevbar-label" x="${labelW - 8}" y="15" text-anchor="end">${s}</text><rect class="sevbar-track" x="${labelW}" y="4" width="${barW}" height="14" rx="2"></rect>${
      w ? html`<rect class="sevbar sevbar-${s}" x="${labelW}" y="4" width="${r2(w)}" height="14" rx="2"></rect>` : ''
    }<text class="sevbar-n" x="${labelW + barW + 8}" y="15">${num(n)}</text></g>`;
  });
  const desc = SEVERITIES.map((s) => `${num(bySeverity[s] ?? 0)} ${s}`).join(', ');
  const width = labelW + barW + 56;
  const height = SEVERITIES.length * rowH;
  return html`<svg class="sevbars" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Failing results by severity: ${desc}">${rows}</svg>`;
}
