/**
 * The HTML report in a real headless Chromium, opened from disk: no errors,
 * no network, numbers that match the result, working filters, sorting and
 * details, inert hostile strings, printing, and load time at 10,000 results.
 * One browser for the file; pages are reused across tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/result.js';
import { renderHtml } from '../../reporters/html/index.js';
import { launchBrowser, watch, type PageLog } from '../support/browser.js';
import { HOSTILE, sampleResult } from '../support/sample-result.js';
import { AZ1, AZ2, AZ_WRAPPED, symbolicAzResult } from '../support/symbolic-az-result.js';

const OUT = resolve('test-output');

function write(name: string, result: ScanResult): string {
  mkdirSync(OUT, { recursive: true });
  const file = resolve(OUT, name);
  writeFileSync(file, renderHtml(result));
  return pathToFileURL(file).href;
}

const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function open(url: string, viewport = { width: 1360, height: 900 }): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(8000);
  const log = watch(page);
  await page.goto(url);
  await page.waitForSelector('html[data-ready]');
  return { page, log };
}

/** Number of findings the table currently matches (set by the page script on every render). */
async function viewCount(page: Page): Promise<number> {
  return Number(await page.getAttribute('#findings-table', 'data-view-count'));
}

/** Types into the search box and waits until the (debounced) table reflects it. */
async function search(page: Page, q: string): Promise<number> {
  await page.fill('#f-q', q);
  await page.waitForFunction((want) => document.querySelector('#findings-table')?.getAttribute('data-query') === want, q.trim().toLowerCase());
  return viewCount(page);
}

async function select(page: Page, id: string, value: string): Promise<number> {
  await page.selectOption(id, value);
  return viewCount(page);
}

describe('HTML report in Chromium', () => {
  const result = sampleResult(240);
  let url: string;
  let page: Page;
  let log: PageLog;

  beforeAll(async () => {
    url = write('report.html', result);
    ({ page, log } = await open(url));
  });

  it('loads from disk with no error and no network request', async () => {
    expect(log.pageErrors).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    expect(log.requests).toEqual([url]);
  });

  it('shows summary numbers that match the result', async () => {
    const s = result.summary;
    for (const st of ['pass', 'fail', 'unknown'] as const) expect(await page.textContent(`#sum-${st}`)).toBe(fmt(s.byStatus[st]));
    expect(await page.textContent('#verdict h1')).toContain('Not compliant');
    for (const [req, c] of Object.entries(s.byRequirement)) {
      const cells = await page.$$eval(`#traceability tr[data-req="${req}"] td.num`, (tds) => tds.map((td) => td.textContent?.trim()));
      expect(cells, req).toEqual([fmt(c.fail), fmt(c.unknown), fmt(c.pass), fmt(c.fail + c.unknown + c.pass)]);
    }
    for (const [tier, c] of Object.entries(s.byTier)) {
      const cells = await page.$$eval(`#by-tier tr[data-tier="${tier}"] td.num`, (tds) => tds.map((td) => td.textContent?.trim()));
      expect(cells, tier).toEqual([fmt(c.fail), fmt(c.unknown), fmt(c.pass), fmt(c.fail + c.unknown + c.pass)]);
    }
    for (const rule of result.rules) {
      const cells = await page.$$eval(`#by-rule tr[data-rule="${rule.id}"] td.num`, (tds) => tds.map((td) => td.textContent?.trim()));
      expect(cells, rule.id).toEqual([fmt(rule.evaluated), fmt(rule.fail), fmt(rule.unknown), fmt(rule.pass), fmt(rule.evaluated)]);
    }
    const sev = await page.$$eval('#by-severity td', (tds) => tds.map((td) => td.textContent?.trim()));
    expect(sev).toEqual(['critical', 'high', 'medium', 'low', 'info'].map((k) => fmt(s.failBySeverity[k as 'high'])));
    expect(await page.textContent('#unknown-count')).toBe(fmt(s.byStatus.unknown));
  });

  it('filters by status, severity, tier, rule, requirement and text', async () => {
    const F = result.findings;
    const count = (p: (f: (typeof F)[number]) => boolean) => F.filter(p).length;
    // Default view: failures and unknowns, failures first.
    expect(await viewCount(page)).toBe(count((f) => f.status !== 'pass'));
    const firstStatuses = await page.$$eval('#findings-body tr.frow', (trs) => trs.map((tr) => tr.className.match(/st-(\w+)/)?.[1]));
    expect(firstStatuses[0]).toBe('fail');
    expect(firstStatuses.indexOf('unknown')).toBeGreaterThan(firstStatuses.lastIndexOf('fail'));

    expect(await select(page, '#f-status', 'all')).toBe(F.length);
    expect(await select(page, '#f-status', 'pass')).toBe(count((f) => f.status === 'pass'));
    expect(await select(page, '#f-status', 'all')).toBe(F.length);
    expect(await select(page, '#f-severity', 'high')).toBe(count((f) => f.severity === 'high'));
    expect(await select(page, '#f-severity', '')).toBe(F.length);
    expect(await select(page, '#f-tier', 'critical')).toBe(count((f) => f.resource.tier === 'critical'));
    expect(await select(page, '#f-rule', 'db-multi-az')).toBe(count((f) => f.resource.tier === 'critical' && f.ruleId === 'db-multi-az'));
    await page.click('#f-reset');
    await select(page, '#f-status', 'all');
    expect(await select(page, '#f-req', 'SPOF')).toBe(count((f) => f.requirements.includes('SPOF')));
    expect(await select(page, '#f-supp', 'suppressed')).toBe(count((f) => f.requirements.includes('SPOF') && !!f.suppression));
    await page.click('#f-reset');
    await select(page, '#f-status', 'all');

    // Free text (debounced, case-insensitive, every word must match): a file name, then an address and a message word.
    expect(await search(page, 'infra/m3/main.tf')).toBe(count((f) => f.location?.file === 'infra/m3/main.tf'));
    expect(await search(page, ' MODULE.m2.aws_rds_cluster.c17  (17) ')).toBe(1);
    expect(await page.textContent('#findings-body .addr')).toBe('module.m2.aws_rds_cluster.c17');
    await page.click('#f-reset');
    expect(await viewCount(page)).toBe(count((f) => f.status !== 'pass'));
  });

  it('sorts by a column and pages through the results', async () => {
    await select(page, '#f-status', 'all');
    const addresses = () => page.$$eval('#findings-body .addr', (els) => els.map((e) => e.textContent ?? ''));
    await page.click('th[data-sort="resource"] button');
    expect(await page.getAttribute('th[data-sort="resource"]', 'aria-sort')).toBe('ascending');
    const all = result.findings.map((f) => f.resource.address).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const asc = await addresses();
    expect(asc).toEqual(all.slice(0, 100));
    await page.click('th[data-sort="resource"] button');
    expect(await page.getAttribute('th[data-sort="resource"]', 'aria-sort')).toBe('descending');
    expect(await addresses()).toEqual([...all].reverse().slice(0, 100));
    await page.click('#pager [data-page="next"]');
    expect(await page.textContent('#page-info')).toBe('Page 2 of 3');
    expect(await addresses()).toEqual([...all].reverse().slice(100, 200));
    await page.click('th[data-sort="severity"] button');
    const sevs = await page.$$eval('#findings-body .sev', (els) => els.map((e) => e.textContent));
    expect(await page.textContent('#page-info')).toBe('Page 1 of 3');
    const rank = sevs.map((v) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(v ?? ''));
    expect(rank[0]).toBe(0);
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    await page.click('#f-reset');
  });

  it('shows each finding with its evidence, tier reason, rule and suppression', async () => {
    await select(page, '#f-status', 'unknown');
    await page.click('#findings-body tr.frow button.exp');
    const details = await page.textContent('#findings-body tr.drow');
    expect(details).toContain('Expected');
    expect(details).toContain('unknown: variable x has no value');
    expect(details).toContain('aws_rds_cluster_instance.m');
    expect(details).toMatch(/Why(tag tier=|defaultTier )/);
    expect(details).toContain('Rationale');

    await page.click('#f-reset');
    await select(page, '#f-supp', 'suppressed');
    await page.click('#findings-body tr.frow');
    const supp = await page.textContent('#findings-body tr.drow');
    expect(supp).toContain('Suppression');
    expect(supp).toContain('platform-team');
    expect(supp).toContain('2027-03-31');
    expect(supp).toContain('policy.yaml suppressions[0]');

    // An IaC resource: file, line and column.
    await page.click('#f-reset');
    await select(page, '#f-status', 'all');
    expect(await search(page, 'module.m0.aws_rds_cluster.c10 (10)')).toBe(1);
    await page.click('#findings-body tr.frow button.exp');
    expect(await page.textContent('#findings-body tr.drow')).toContain('Locationinfra/m0/main.tf:20:3');

    // A live resource: account, region and ARN instead of a file.
    expect(await search(page, 'arn:aws:rds:ap-northeast-1:111122223306:cluster:svc-6')).toBe(1);
    await page.click('#findings-body tr.frow button.exp');
    const live = await page.textContent('#findings-body tr.drow');
    expect(live).toContain('technova-sales-prod-db (111122223306)');
    expect(live).toContain('ap-northeast-1');
    expect(live).toContain('ARNarn:aws:rds');
    await page.click('#collapse-all');
    await page.click('#f-reset');
  });

  it('filters the table from a count in the traceability matrix', async () => {
    await page.click('#traceability tr[data-req="DB-MULTIAZ"] td.st-fail-text a');
    expect(await page.inputValue('#f-req')).toBe('DB-MULTIAZ');
    expect(await page.inputValue('#f-status')).toBe('fail');
    expect(await viewCount(page)).toBe(result.summary.byRequirement['DB-MULTIAZ'].fail);
    await page.click('#f-reset');
  });

  it('prints every filtered finding expanded, without the controls', async () => {
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.locator('#print-findings article.pf').count()).toBe(result.findings.filter((f) => f.status !== 'pass').length);
    expect(await page.isVisible('#filters')).toBe(false);
    expect(await page.isVisible('#findings-table')).toBe(false);
    expect(await page.isVisible('#print-findings')).toBe(true);
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('details')).every((d) => d.open))).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(resolve(OUT, 'report.pdf'), pdf);
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('#print-findings article').count()).toBe(0);
  });

  it('takes a full-page screenshot', async () => {
    await page.click('#findings-body tr.frow button.exp');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(OUT, 'report.png'), fullPage: true });
    await page.click('#collapse-all');
    expect(log.pageErrors).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    expect(log.requests).toEqual([url]);
  });
});

describe('HTML report with hostile strings', () => {
  it('renders them as text and executes nothing', async () => {
    const result = sampleResult(40, { hostile: true });
    const url = write('report-hostile.html', result);
    const { page, log } = await open(url);
    await select(page, '#f-status', 'all');
    await page.selectOption('#page-size', '500');
    await page.click('#expand-all');
    await page.hover('#findings-body tr.frow:nth-child(3)');
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'screen' });

    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      scripts: document.querySelectorAll('script').length,
      imgs: document.querySelectorAll('img').length,
      handlers: Array.from(document.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
      jsLinks: Array.from(document.querySelectorAll('a[href]')).filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
      text: document.body.innerText,
    }));
    expect(state.pwned).toBeUndefined();
    expect(state.scripts).toBe(2);
    expect(state.imgs).toBe(0);
    expect(state.handlers).toEqual([]);
    expect(state.jsLinks).toBe(0);
    for (const s of Object.values(HOSTILE)) expect(state.text).toContain(s);
    expect(state.text).toContain(`tag tier=${HOSTILE.img}`);
    expect(state.text).toContain(`infra/${HOSTILE.script}.tf:3:7`);
    expect(log.pageErrors).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    expect(log.requests).toEqual([url]);
    await page.close();
  });
});

describe('HTML report with symbolic AZs and only undetermined or failing results', () => {
  it('shows symbolic AZs by label in the evidence, and a banner that is not compliant', async () => {
    const url = write('report-symbolic-az.html', symbolicAzResult());
    const { page, log } = await open(url);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('fail');
    await select(page, '#f-status', 'all');
    await page.click('#expand-all');
    const text = (await page.textContent('#findings-body')) ?? '';
    expect(text).toContain(`Actual${AZ1}`);
    expect(text).toContain(`Actual${AZ2}`);
    expect(text).toContain(`"${AZ1}","${AZ2}"`);
    expect(text).toContain(`"az":"${AZ_WRAPPED}"`);
    expect(text).toContain('unknown: variable az_count has no value');
    expect(text).not.toMatch(/unknown: AZ #/);
    expect(log.pageErrors).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('HTML report with 10,000 results', () => {
  it('is interactive well within budget', async () => {
    const result = sampleResult(10_000);
    const html = renderHtml(result);
    mkdirSync(OUT, { recursive: true });
    const file = resolve(OUT, 'report-10k.html');
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const { page, log } = await open(url);
    // Navigation start → first table render (data-ready) → a filter applied and rendered.
    const t = await page.evaluate(() => {
      const ready = Number(document.documentElement.getAttribute('data-ready'));
      const select = document.getElementById('f-status') as HTMLSelectElement;
      select.value = 'all';
      select.dispatchEvent(new Event('change'));
      const filtered = performance.now();
      const t0 = performance.now();
      const sev = document.getElementById('f-severity') as HTMLSelectElement;
      sev.value = 'critical';
      sev.dispatchEvent(new Event('change'));
      const filterMs = performance.now() - t0;
      const t1 = performance.now();
      (document.querySelector('th[data-sort="resource"] button') as HTMLButtonElement).click();
      const sortMs = performance.now() - t1;
      return { ready, interactive: filtered, filterMs, sortMs, rows: document.querySelectorAll('#findings-body tr.frow').length };
    });
    expect(await viewCount(page)).toBe(result.findings.filter((f) => f.severity === 'critical').length);
    expect(t.rows).toBe(100);
    const mb = (html.length / 1024 / 1024).toFixed(2);
    console.log(
      `[html report] 10,000 results: ${mb} MB; first render at ${t.ready} ms, load-to-interactive (navigation start → table rendered and a filter applied) ${Math.round(t.interactive)} ms; filter ${t.filterMs.toFixed(1)} ms, sort ${t.sortMs.toFixed(1)} ms`,
    );
    expect(t.interactive).toBeLessThan(6000);
    expect(log.pageErrors).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    expect(log.requests).toEqual([url]);
    await page.close();
  });
});
