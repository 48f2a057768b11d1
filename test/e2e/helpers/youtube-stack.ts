import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { createApp } from '../../../src/app';
import { loadConfig, withGoogleAt, withZoomAt } from '../../../src/config';
import { migrateToLatest } from '../../../src/db';
import { buildDeps } from '../../../src/deps';
import { startZoomEmulator } from '../../../src/emulator';
import { startYouTubeEmulator, type RunningYouTubeEmulator } from '../../../src/emulators/youtube';
import { openBrowser, type BrowserSession } from './browser';
import { watchCsp } from './journey';
import type { Stack } from './stack';

/**
 * The Chromium stack of stack.ts plus the YouTube emulator (issue 24): Google's OAuth and API pointed at it, as in
 * the sandbox, so the browser walks the emulator's consent page on loopback. A stack per test, not per file: the
 * host's YouTube grant lives in the app's database, and each journey starts with YouTube not connected.
 */
const E2E_WEBHOOK_SECRET = 'e2e-webhook-secret-token';

export interface YouTubeStack extends Stack {
  youtube: RunningYouTubeEmulator;
  /** Waits until the broadcast work Zoom's events began is over (no sleeping). */
  settled(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startYouTubeStack(): Promise<YouTubeStack> {
  const server = createServer();
  const baseUrl = `http://127.0.0.1:${await listen(server)}`;
  const webhook = { url: `${baseUrl}/webhooks/zoom`, secretToken: E2E_WEBHOOK_SECRET };
  const emulator = await startZoomEmulator({ redirectUris: [`${baseUrl}/oauth/callback`], webhook });
  const youtube = await startYouTubeEmulator({ redirectUris: [`${baseUrl}/youtube/callback`] });
  const folder = mkdtempSync(path.join(tmpdir(), 'zls-e2e-youtube-'));
  const env = {
    NODE_ENV: 'test', SESSION_STORE: 'memory', BASE_URL: baseUrl, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10000',
    DATABASE_URL: `sqlite:${path.join(folder, 'app.db')}`, ZOOM_WEBHOOK_SECRET_TOKEN: E2E_WEBHOOK_SECRET,
  };
  const config = withGoogleAt(withZoomAt(loadConfig(env), emulator.url), youtube.url);
  const deps = buildDeps(config);
  await migrateToLatest(deps.database.db);
  deps.jobRunner.start();
  server.on('request', createApp(config, deps));
  const settled = async () => {
    await emulator.webhooksDelivered();
    await deps.youtubeEvents?.settled();
  };
  return {
    baseUrl, emulator, youtube, settled,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.jobRunner.stop();
      await deps.plans.reconciler.stop();
      await deps.plans.events.settled();
      await settled();
      await deps.sessionStore.close();
      await deps.database.close();
      await Promise.all([emulator.close(), youtube.close()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
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
