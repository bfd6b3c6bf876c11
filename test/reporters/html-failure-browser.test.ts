/**
 * The HTML report's "Failure domains" section in a real headless Chromium,
 * opened from disk: the matrix renders, a cell shows its detail, choosing a
 * workload shows its dependency picture with the single point of failure
 * highlighted, hostile strings stay text, and nothing errs or is requested.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/result.js';
import { renderHtml } from '../../reporters/html/index.js';
import { launchBrowser, watch, type PageLog } from '../support/browser.js';
import { failureResult, largeFailureSample, NAT } from '../support/failure-sample.js';
import { HOSTILE, sampleResult } from '../support/sample-result.js';

const OUT = resolve('test-output');

function write(name: string, result: ScanResult): string {
  mkdirSync(OUT, { recursive: true });
  const file = resolve(OUT, name);
  writeFileSync(file, renderHtml(result));
  return pathToFileURL(file).href;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function open(url: string): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(8000);
  const log = watch(page);
  await page.goto(url);
  await page.waitForSelector('html[data-ready]');
  return { page, log };
}

describe('Failure domains in Chromium', () => {
  let url: string;
  let page: Page;
  let log: PageLog;

  beforeAll(async () => {
    url = write('report-failure-domains.html', failureResult({ hostile: true }));
    ({ page, log } = await open(url));
  });

  it('renders the matrix: a row per workload, a cell per domain, each with a symbol and text', async () => {
    expect(await page.locator('#fd-matrix tbody tr').count()).toBe(7);
    expect(await page.locator('#fd-matrix tbody td.fd-c').count()).toBe(7 * 5);
    const first = await page.$$eval('#fd-matrix tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
    expect(first).toEqual([
      '✗?down; RTO unknown, RPO met',
      '◐degraded; RTO met, RPO met',
      '◐degraded; RTO met, RPO met',
      '??unknown; RTO unknown, RPO unknown',
      '✗!down; RTO breached, RPO breached',
    ]);
    // Colour follows the state.
    const bg = await page.$$eval('#fd-matrix tbody tr:first-child td', (tds) => tds.map((td) => getComputedStyle(td).backgroundColor));
    expect(bg[0]).toBe('rgb(253, 236, 236)');
    expect(bg[1]).toBe('rgb(255, 244, 224)');
    expect(bg[3]).toBe('rgb(241, 235, 253)');
  });

  it('shows a cell\'s state, capacity, RTO and RPO with sources, and path, and a tooltip on hover', async () => {
    await page.click('#fd-matrix tbody tr:first-child td:nth-of-type(2)');
    const detail = (await page.textContent('#fd-detail')) ?? '';
    expect(detail).toContain('module.checkout.aws_ecs_service.this if apne1-az2 (ap-northeast-1c) is lost: degraded');
    expect(detail).toContain('Capacity4 of 6 tasks left, 4 required');
    expect(detail).toContain('5 min — target met; behaviour ecs-reschedule; source: https://docs.aws.amazon.com/AmazonECS/');
    expect(await page.getAttribute('#fd-detail a', 'href')).toBe('https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html');

    await page.click('#fd-matrix tbody tr:first-child td:nth-of-type(1)');
    const down = (await page.textContent('#fd-detail')) ?? '';
    expect(down).toContain('no figure — target unknown; behaviour none (no documented figure)');
    expect(down).toContain(`routes-via → ${NAT}  (network/main.tf:58)`);

    await page.hover('#fd-matrix tbody tr:nth-child(2) td:nth-of-type(5)');
    const title = await page.getAttribute('#fd-matrix tbody tr:nth-child(2) td:nth-of-type(5)', 'title');
    expect(title).toContain('module.orders_db.aws_rds_cluster.this if ap-northeast-1 is lost: down');
    expect(title).toContain('RTO 8 h (pitr-restore), breached — source: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html');

    // Keyboard: Enter on the focused cell, arrows move.
    await page.focus('#fd-matrix tbody tr:first-child td:nth-of-type(1)');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await page.textContent('#fd-detail h4')).toBe('module.orders_db.aws_rds_cluster.this if apne1-az1 (ap-northeast-1a) is lost: degraded');
  });

  it('draws the chosen workload\'s dependency picture with the single point of failure highlighted', async () => {
    const visible = () => page.$$eval('.fd-fig', (figs) => figs.filter((f) => !(f as HTMLElement).hidden).map((f) => f.querySelector('figcaption .mono')?.textContent));
    expect(await visible()).toEqual(['module.checkout.aws_ecs_service.this']);
    const options = await page.$$eval('#fd-workload option', (os) => os.map((o) => o.textContent));
    expect(options[0]).toBe('module.checkout.aws_ecs_service.this (critical)');
    const payments = options.indexOf('module.payments.aws_ecs_service.this (high)');
    await page.selectOption('#fd-workload', String(payments));
    expect(await visible()).toEqual(['module.payments.aws_ecs_service.this']);
    const fig = page.locator(`.fd-fig[data-g="${payments}"]`);
    const spof = fig.locator('g.fd-spof');
    expect(await spof.count()).toBe(1);
    expect(await spof.isVisible()).toBe(true);
    expect(await spof.locator('text').first().textContent()).toBe(NAT);
    expect(await spof.evaluate((g) => getComputedStyle(g.querySelector('rect')!).stroke)).toBe('rgb(185, 28, 28)');
    expect(await fig.locator('g.fd-e.fd-hot').count()).toBe(4);
    const box = await fig.locator('svg').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
  });

  it('renders a hostile address as text and executes nothing; no console error, no request', async () => {
    const hostile = await page.$$eval('.fd-fig', (figs) => figs.findIndex((f) => f.textContent?.includes('onerror')));
    await page.selectOption('#fd-workload', String(hostile));
    await page.click('#fd-matrix tbody tr:nth-child(3) td:nth-of-type(1)');
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      imgs: document.querySelectorAll('img').length,
      handlers: Array.from(document.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
      jsLinks: Array.from(document.querySelectorAll('a[href]')).filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
      row: document.querySelector('#fd-matrix tbody tr:nth-child(3) th')?.textContent,
      detail: document.getElementById('fd-detail')?.textContent,
      text: document.getElementById('failure-domains')?.innerText,
    }));
    expect(state.pwned).toBeUndefined();
    expect(state.imgs).toBe(0);
    expect(state.handlers).toEqual([]);
    expect(state.jsLinks).toBe(0);
    expect(state.row).toBe(`aws_ecs_service.${HOSTILE.img} high`);
    expect(state.detail).toContain(`Reason ${HOSTILE.script}`);
    expect(state.detail).toContain(`${HOSTILE.img} → ${NAT}`);
    expect(state.text).toContain(`Note ${HOSTILE.script}`);
    expect(log.pageErrors).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    expect(log.requests).toEqual([url]);
  });

  it('takes a screenshot of the section', async () => {
    await page.selectOption('#fd-workload', '0');
    await page.click('#fd-matrix tbody tr:first-child td:nth-of-type(1)');
    await page.locator('#failure-domains').screenshot({ path: resolve(OUT, 'report-failure-domains.png') });
    expect(log.pageErrors).toEqual([]);
  });
});

describe('Failure domains at size', () => {
  it('renders 500 workloads × 20 domains next to 10,000 results and answers a click', async () => {
    const result = sampleResult(10_000);
    result.failureDomains = largeFailureSample(500, 4, 4);
    const url = write('report-failure-domains-large.html', result);
    const { page, log } = await open(url);
    expect(await page.locator('#fd-matrix tbody td.fd-c').count()).toBe(500 * 20);
    const t = await page.evaluate(() => {
      const td = document.querySelector('#fd-matrix tbody tr:nth-child(400) td:nth-of-type(7)') as HTMLElement;
      const t0 = performance.now();
      td.click();
      return { ms: performance.now() - t0, ready: Number(document.documentElement.getAttribute('data-ready')) };
    });
    expect(await page.textContent('#fd-detail h4')).toContain(' is lost: ');
    console.log(`[html report] 10,000 results + 500 × 20 failure matrix: first render at ${t.ready} ms, cell detail ${t.ms.toFixed(1)} ms`);
    expect(log.pageErrors).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    expect(log.requests).toEqual([url]);
    await page.close();
  });
});
