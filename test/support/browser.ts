/**
 * Headless Chromium for browser tests of the HTML report: the distribution
 * package at /usr/bin/chromium (scripts/ensure-chromium.sh installs it),
 * driven by playwright-core. Never downloads a browser.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh browser (playwright gives each launch a new temporary profile). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The HTML report's browser tests need the distribution package: run scripts/ensure-chromium.sh (apt-get install chromium, as root).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}

/** What a page did: console errors, uncaught exceptions, and every request it made. */
export interface PageLog {
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  console: string[];
}

export function watch(page: Page): PageLog {
  const log: PageLog = { consoleErrors: [], pageErrors: [], requests: [], console: [] };
  page.on('console', (m) => {
    log.console.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') log.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  page.on('request', (r) => log.requests.push(r.url()));
  return log;
}
