import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectAccessible, RESULTS_DIR } from './audit';
import { expectKeyboardReachable } from './keyboard';

/** Steps every journey shares: screenshots, the consent page, and the checks run on each app page. */
const SHOTS = path.join(RESULTS_DIR, 'screenshots');

export async function screenshot(page: Page, journey: string, step: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${journey}-${step}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects the browser's CSP reports: the pages must need no inline script or style. */
export function watchCsp(page: Page): string[] {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) reports.push(message.text());
  });
  return reports;
}

/** axe (no serious or critical findings) and the keyboard walk, on one of the app's own pages. */
export async function checkAppPage(page: Page, journey: string, label: string): Promise<void> {
  await expectAccessible(page, journey, label);
  await expectKeyboardReachable(page);
}

/** Home → Connect → the emulator's consent page: pick a host, then Allow or Deny. */
export async function connectAs(page: Page, baseUrl: string, host: 'pro' | 'basic', decision: 'Allow' | 'Deny' = 'Allow', journey?: string) {
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Connect your Zoom account' }).click();
  await page.waitForURL(/\/oauth\/authorize/);
  await page.getByRole('radio', { name: host === 'pro' ? /Priya Pro/ : /Basil Basic/ }).check();
  // The consent page is the emulator's, not the app's: axe only (its radio group is one Tab stop).
  if (journey) await expectAccessible(page, journey, 'emulator consent page');
  await page.getByRole('button', { name: decision }).click();
  await page.waitForLoadState();
}
