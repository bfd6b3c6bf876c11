import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../../reporters/html/escape.js';
import { renderHtml } from '../../reporters/html/index.js';
import { CLIENT_JS } from '../../reporters/html/client.js';
import { HOSTILE, sampleResult } from '../support/sample-result.js';

function dataBlock(out: string): string {
  const m = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(out);
  expect(m).not.toBeNull();
  return m![1];
}

describe('renderHtml', () => {
  it('is a pure function: same result, same bytes', () => {
    expect(renderHtml(sampleResult(30))).toBe(renderHtml(sampleResult(30)));
    expect(renderHtml(sampleResult(30))).not.toBe(renderHtml(sampleResult(31)));
  });

  it('declares a strict CSP whose nonce (a content hash) is on the one executable script', () => {
    const out = renderHtml(sampleResult(20));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(out)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain('img-src data:');
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const scripts = [...out.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([' type="application/json" id="data"', ` nonce="${nonce}"`]);
    expect(renderHtml(sampleResult(21))).not.toContain(nonce);
  });

  it('references nothing outside the file', () => {
    const out = renderHtml(sampleResult(50));
    expect(out).not.toMatch(/\ssrc=/i);
    expect(out).not.toMatch(/url\(/i);
    expect(out).not.toMatch(/@import/i);
    expect(out).not.toMatch(/<link(?![^>]*href="data:)/i);
    expect(CLIENT_JS).not.toMatch(/fetch\(|XMLHttpRequest|import\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(CLIENT_JS).not.toMatch(/<\/script/i);
  });

  it('escapes the data block so no value can close the script element', () => {
    expect(jsonForScript({ a: '</script><!-- & \u2028\u2029 >' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}');
    const out = renderHtml(sampleResult(40, { hostile: true }));
    const json = dataBlock(out);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    const data = JSON.parse(json);
    expect(data.findings[0].n).toBe(HOSTILE.script);
    expect(data.findings).toHaveLength(40);
  });

  it('escapes every user-controlled string in the static HTML', () => {
    const out = renderHtml(sampleResult(40, { hostile: true }));
    const html = out.replace(/<script type="application\/json" id="data">[\s\S]*?<\/script>/, '');
    for (const s of Object.values(HOSTILE)) {
      if (/[<>"'`]/.test(s)) expect(html).not.toContain(s);
    }
    expect(html).not.toContain('<img');
    expect(html).not.toContain('window.__pwned = 1</script>');
    // The input error's hostile file name is in the static "not assessed" table, escaped.
    expect(html).toContain('infra/&lt;script&gt;window.__pwned = 1&lt;/script&gt;.tf:3:7');
  });

  it('states the verdict, what could not be assessed, and the traceability matrix', () => {
    const result = sampleResult(40);
    const out = renderHtml(result);
    expect(out).toContain('data-verdict="fail"');
    expect(out).toContain('id="input-errors"');
    expect(out).toContain('infra/broken.tf:3:7');
    expect(out).toContain('AccessDenied');
    expect(out).toContain('suppression-expired');
    expect(out).toContain('variable x has no value');
    for (const req of Object.keys(result.summary.byRequirement)) expect(out).toContain(`<tr data-req="${req}">`);
    expect(out).toContain('<a class="mono" href="#rule-db-multi-az">db-multi-az</a>');
  });

  it('says so when everything passed and was assessed', () => {
    const result = sampleResult(0);
    result.errors = [];
    result.coverage = [];
    result.warnings = [];
    result.summary = { ...result.summary, inputErrors: 0, coverageGaps: 0, complete: true };
    const out = renderHtml(result);
    expect(out).toContain('data-verdict="pass"');
    expect(out).toContain('Everything in scope was read and assessed');
    expect(out).toContain('Not evaluated');
  });

  it('keeps 10,000 results to a few megabytes', () => {
    const out = renderHtml(sampleResult(10_000));
    expect(out.length).toBeLessThan(8_000_000);
  });
});
