import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { EmulatorOptions } from '../../../src/emulator';
import { expectAccessible, RESULTS_DIR } from './audit';
import { openBrowser, type BrowserSession } from './browser';
import { expectKeyboardReachable } from './keyboard';
import { startStack, type Stack } from './stack';

/** Steps every journey shares: screenshots, the consent page, and the checks run on each app page. */
const SHOTS = path.join(RESULTS_DIR, 'screenshots');

export async function screenshot(page: Page, journey: string, step: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${journey}-${step}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs an action that loads a new page (a link, a form, Enter on a button) and waits for that page's
 * load event: the checks that follow can never read the page being left.
 */
export async function loadsPage(page: Page, action: () => Promise<unknown>): Promise<void> {
  const loaded = page.waitForEvent('load');
  await action();
  await loaded;
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
const HOST_LABELS = { pro: /Priya Pro/, basic: /Basil Basic/, licensed: /Lena Licensed/ } as const;

export async function connectAs(page: Page, baseUrl: string, host: keyof typeof HOST_LABELS, decision: 'Allow' | 'Deny' = 'Allow', journey?: string) {
  await page.goto(baseUrl);
  await loadsPage(page, () => page.getByRole('link', { name: 'Connect your Zoom account' }).click());
  await page.getByRole('radio', { name: HOST_LABELS[host] }).check();
  // The consent page is the emulator's, not the app's: axe only (its radio group is one Tab stop).
  if (journey) await expectAccessible(page, journey, 'emulator consent page');
  await loadsPage(page, () => page.getByRole('button', { name: decision }).click());
}

export interface Journeys {
  stack: Stack;
  browser: BrowserSession;
  page: Page;
}

/**
 * The jest hooks every journey file shares: one app and emulator per file; per test a fresh
 * browser profile and page, closed afterwards, with no CSP report allowed.
 */
export function useJourneys(emulator: EmulatorOptions = {}, browserOptions: BrowserContextOptions = {}): Journeys {
  const state = {} as Journeys;
  let cspReports: string[] = [];
  beforeAll(async () => {
    state.stack = await startStack(emulator);
  });
  afterAll(() => state.stack?.close());
  beforeEach(async () => {
    state.browser = await openBrowser(browserOptions);
    state.page = await state.browser.context.newPage();
    cspReports = watchCsp(state.page);
  });
  afterEach(async () => {
    await state.browser?.close();
    expect(cspReports).toEqual([]);
  });
  return state;
}
