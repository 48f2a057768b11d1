import type { BrowserContextOptions, Page } from 'playwright-core';
import type { RunningYouTubeEmulator } from '../../../src/emulators/youtube';
import { openBrowser, type BrowserSession } from './browser';
import { watchCsp } from './journey';
import { startStack, type Stack } from './stack';

/**
 * The journeys of journey.ts with the YouTube emulator in the stack (issue 24). A stack per test, not per file:
 * the host's YouTube grant lives in the app's database, and each journey starts with YouTube not connected.
 */
export interface YouTubeStack extends Stack {
  youtube: RunningYouTubeEmulator;
}

export async function startYouTubeStack(): Promise<YouTubeStack> {
  const stack = await startStack({}, { youtube: {} });
  const { youtube } = stack;
  if (!youtube) throw new Error('startStack was asked for the YouTube emulator but started none');
  return Object.assign(stack, { youtube });
}

export interface YouTubeJourneys {
  stack: YouTubeStack;
  browser: BrowserSession;
  page: Page;
}

/** useJourneys (journey.ts) with the YouTube stack: per test a fresh stack, browser profile and page; no CSP report. */
export function useYouTubeJourneys(browserOptions: BrowserContextOptions = {}): YouTubeJourneys {
  const state = {} as YouTubeJourneys;
  let cspReports: string[] = [];
  beforeEach(async () => {
    state.stack = await startYouTubeStack();
    state.browser = await openBrowser(browserOptions);
    state.page = await state.browser.context.newPage();
    cspReports = watchCsp(state.page);
  });
  afterEach(async () => {
    await state.browser?.close();
    await state.stack?.close();
    expect(cspReports).toEqual([]);
  });
  return state;
}
