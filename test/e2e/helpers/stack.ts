import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../src/app';
import { loadConfig, withZoomAt } from '../../../src/config';
import { migrateToLatest } from '../../../src/db';
import { buildDeps } from '../../../src/deps';
import { startZoomEmulator, type EmulatorOptions, type RunningZoomEmulator } from '../../../src/emulator';

/**
 * The app and the Zoom emulator as real servers on loopback, for a real browser.
 * BASE_URL (and so the redirect URI the emulator accepts) must be known before the app is built:
 * the HTTP server binds an ephemeral port first, then the app is attached to it (no port race).
 */
const E2E_WEBHOOK_SECRET = 'e2e-webhook-secret-token';

export interface Stack {
  baseUrl: string;
  emulator: RunningZoomEmulator;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startStack(emulatorOptions: EmulatorOptions = {}): Promise<Stack> {
  const server = createServer();
  const baseUrl = `http://127.0.0.1:${await listen(server)}`;
  // As in the sandbox: the emulator sends Zoom's events to the app, and the app keeps Zoom's readings (the cache on).
  const webhook = { url: `${baseUrl}/webhooks/zoom`, secretToken: E2E_WEBHOOK_SECRET };
  const emulator = await startZoomEmulator({ redirectUris: [`${baseUrl}/oauth/callback`], webhook, ...emulatorOptions });
  // The app's database: a fresh SQLite file per stack, migrated as server.ts does at start.
  const folder = mkdtempSync(path.join(tmpdir(), 'zls-e2e-'));
  const databaseUrl = `sqlite:${path.join(folder, 'app.db')}`;
  const env = {
    NODE_ENV: 'test', SESSION_STORE: 'memory', BASE_URL: baseUrl, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10000', DATABASE_URL: databaseUrl,
    ZOOM_WEBHOOK_SECRET_TOKEN: E2E_WEBHOOK_SECRET,
  };
  const config = withZoomAt(loadConfig(env), emulator.url);
  const deps = buildDeps(config);
  await migrateToLatest(deps.database.db);
  // Bulk jobs run in the background, as in server.ts.
  deps.jobRunner.start();
  server.on('request', createApp(config, deps));
  return {
    baseUrl,
    emulator,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.jobRunner.stop();
      await deps.plans.reconciler.stop();
      await deps.plans.events.settled();
      await deps.sessionStore.close();
      await deps.database.close();
      await emulator.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
