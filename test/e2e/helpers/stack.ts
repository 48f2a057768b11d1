import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../src/app';
import { loadConfig, withGoogleAt, withZoomAt } from '../../../src/config';
import { migrateToLatest } from '../../../src/db';
import { buildDeps } from '../../../src/deps';
import { loopbackIngest } from '../../helpers/harness';
import { startZoomEmulator, type EmulatorOptions, type RunningZoomEmulator } from '../../../src/emulator';
import { startYouTubeEmulator, type RunningYouTubeEmulator, type YouTubeEmulatorOptions } from '../../../src/emulators/youtube';

/**
 * The app and the Zoom emulator as real servers on loopback, for a real browser.
 * BASE_URL (and so the redirect URI the emulator accepts) must be known before the app is built:
 * the HTTP server binds an ephemeral port first, then the app is attached to it (no port race).
 * With `youtube`, the YouTube emulator too, Google's OAuth and API pointed at it as in the sandbox.
 */
const E2E_WEBHOOK_SECRET = 'e2e-webhook-secret-token';

export interface Stack {
  baseUrl: string;
  emulator: RunningZoomEmulator;
  /** The YouTube emulator, when the stack was asked for it (`startStack({}, { youtube: {} })`). */
  youtube?: RunningYouTubeEmulator;
  /** Waits until the work Zoom's events began is over (the YouTube broadcasts they move), without sleeping. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  youtube?: YouTubeEmulatorOptions;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startStack(emulatorOptions: EmulatorOptions = {}, options: StackOptions = {}): Promise<Stack> {
  const server = createServer();
  const baseUrl = `http://127.0.0.1:${await listen(server)}`;
  // As in the sandbox: the emulator sends Zoom's events to the app, and the app keeps Zoom's readings (the cache on).
  const webhook = { url: `${baseUrl}/webhooks/zoom`, secretToken: E2E_WEBHOOK_SECRET };
  const emulator = await startZoomEmulator({ redirectUris: [`${baseUrl}/oauth/callback`], webhook, ...emulatorOptions });
  const youtube = options.youtube ? await startYouTubeEmulator({ redirectUris: [`${baseUrl}/youtube/callback`], ...options.youtube }) : undefined;
  // The app's database: a fresh SQLite file per stack, migrated as server.ts does at start.
  const folder = mkdtempSync(path.join(tmpdir(), 'zls-e2e-'));
  const databaseUrl = `sqlite:${path.join(folder, 'app.db')}`;
  const env = {
    NODE_ENV: 'test', SESSION_STORE: 'memory', BASE_URL: baseUrl, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10000', DATABASE_URL: databaseUrl,
    ZOOM_WEBHOOK_SECRET_TOKEN: E2E_WEBHOOK_SECRET,
  };
  const zoomed = withZoomAt(loadConfig(env), emulator.url);
  const config = youtube ? withGoogleAt(zoomed, youtube.url) : zoomed;
  // Pre-flight's ingest checks stay on loopback, as in the other suites.
  const deps = buildDeps(config, { ingestCheck: loopbackIngest });
  await migrateToLatest(deps.database.db);
  // Bulk jobs run in the background, as in server.ts.
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
      await Promise.all([emulator.close(), youtube?.close()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
