import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { migrateToLatest } from '../../src/db';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app';
import { loadConfig, withGoogleAt, withZoomAt, type Config } from '../../src/config';
import { buildDeps, type AppDeps } from '../../src/deps';
import { createLogger } from '../../src/logging';
import { startZoomEmulator, type EmulatorOptions } from '../../src/emulator';
import { checkIngest } from '../../src/preflight/ingest';
import { startYouTubeEmulator, type RunningYouTubeEmulator, type YouTubeEmulatorOptions } from '../../src/emulators/youtube';

/**
 * A fresh app per test file against the real Zoom emulator on an ephemeral loopback port.
 * The app runs through supertest; the emulator is a real listening server the app calls over HTTP.
 */
export const BASE_URL = 'http://127.0.0.1:3999';
export const REDIRECT_URI = `${BASE_URL}/oauth/callback`;

export type Emulator = Awaited<ReturnType<typeof startZoomEmulator>>;

export interface Harness {
  emulator: Emulator;
  /** The YouTube emulator, when the test asked for it (`startHarness({ youtube: {} })`). */
  youtube?: RunningYouTubeEmulator;
  config: Config;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  agent: TestAgent;
  /** Every JSON log line the app wrote, as text: tests search it for leaked secrets. */
  logs: string[];
  /** Log lines of unexpected errors (the error handler's 500s). */
  errors: string[];
  close(): Promise<void>;
}

export async function startHarness(options: { emulator?: EmulatorOptions; env?: Record<string, string>; deps?: Partial<AppDeps>; youtube?: YouTubeEmulatorOptions } = {}): Promise<Harness> {
  // recordRequests: tests assert on what Zoom received (stream keys, refresh tokens) and scan it for leaked secrets.
  const emulator = await startZoomEmulator({ redirectUris: [REDIRECT_URI], recordRequests: true, ...options.emulator });
  // The app's database: a fresh SQLite file per harness, migrated as server.ts does at start.
  const folder = mkdtempSync(path.join(tmpdir(), 'zls-harness-'));
  const databaseUrl = `sqlite:${path.join(folder, 'app.db')}`;
  // The read cache is off unless a test turns it on (ZOOM_CACHE_SECONDS): most tests change the emulator's state
  // behind the app's back, where no event reaches supertest. The cache's own tests, the Chromium stacks and
  // the sandbox run with it on, events delivered.
  const env = { NODE_ENV: 'test', BASE_URL, SESSION_STORE: 'memory', RATE_LIMIT_PER_MINUTE: '100000', DATABASE_URL: databaseUrl, ZOOM_CACHE_SECONDS: '0', ...options.env };
  // The YouTube emulator only for the tests that ask for it: Google's OAuth and API pointed at it, as in the sandbox.
  const youtube = options.youtube ? await startYouTubeEmulator({ redirectUris: [`${BASE_URL}/youtube/callback`], recordRequests: true, ...options.youtube }) : undefined;
  const zoomed = withZoomAt(loadConfig(env), emulator.url);
  const config = youtube ? withGoogleAt(zoomed, youtube.url) : zoomed;
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logs.push(line) }, { instance: config.instanceName });
  const deps = buildDeps(config, { logger, ingestCheck: loopbackIngest, ...options.deps });
  await migrateToLatest(deps.database.db);
  // Jobs run in the background as in server.ts.
  deps.jobRunner.start();
  const app = createApp(config, deps);
  return {
    emulator, youtube, config, deps, app, agent: request.agent(app), logs,
    get errors() {
      return logs.filter((line) => line.includes('"msg":"unexpected error"'));
    },
    close: async () => {
      await deps.jobRunner.stop();
      await deps.plans.reconciler.stop();
      await deps.plans.events.settled();
      await emulator.close();
      await youtube?.close();
      await deps.database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Pre-flight checks in tests stay on loopback: every ingest host resolves to 127.0.0.1 (a real RTMP server a test
 * starts there answers; otherwise nothing listens and the check says so at once). The real checkIngest otherwise.
 */
export const loopbackLookup = ((_host: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void) => {
  callback(null, '127.0.0.1', 4);
}) as unknown as typeof import('node:dns').lookup;
export const loopbackIngest = (streamUrl: string) => checkIngest(streamUrl, { lookup: loopbackLookup, timeoutMs: 2000, allowPrivate: true });

/** Walks Zoom's consent page the way a browser would: GET /install, Allow (or Deny) on the emulator. */
export async function consent(h: Harness, agent: TestAgent, host: 'pro' | 'basic' | 'licensed', decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const install = await agent.get('/install').expect(302);
  const authorize = new URL(install.headers.location);
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), host, decision });
  const reply = await fetch(`${h.emulator.url}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  if (reply.status !== 302) throw new Error(`emulator consent answered ${reply.status}`);
  return new URL(reply.headers.get('location') ?? '');
}

/** Full login: consent, then the callback on the app. Returns the callback response. */
export async function loginAs(h: Harness, host: 'pro' | 'basic' | 'licensed', agent: TestAgent = h.agent) {
  const back = await consent(h, agent, host);
  const callback = await agent.get(`${back.pathname}${back.search}`);
  if (callback.status !== 302 || callback.headers.location !== '/') {
    throw new Error(`login failed: ${callback.status} ${callback.text.slice(0, 300)}`);
  }
  return callback;
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** Reads the form page for its CSRF token, then posts the fields as a browser would. */
export async function submitLivestream(agent: TestAgent, meetingId: string, fields: Record<string, string>, status?: number) {
  const page = await agent.get(`/meetings/${meetingId}/livestream`);
  const res = await agent.post(`/meetings/${meetingId}/livestream`).type('form').send({ _csrf: csrfFrom(page.text), ...fields });
  if (status !== undefined && res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  return res;
}

/** The value attribute of an input, HTML-unescaped, as a browser would show it. */
export function inputValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<input id="${name}" name="${name}"[^>]*value="([^"]*)"`).exec(html);
  if (!match) return undefined;
  return match[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
