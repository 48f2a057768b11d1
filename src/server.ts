import type { Server } from 'node:http';
import dotenv from 'dotenv';
import { createApp } from './app';
import { ConfigError, loadConfig, withZoomAt, type Config } from './config';
import { buildDeps } from './deps';
import { startZoomEmulator } from './emulator';

/** The only file that listens: config → (sandbox emulator) → deps → app → listen; graceful shutdown. */

const SHUTDOWN_GRACE_MS = 10_000;

async function startSandboxZoom(config: Config) {
  const emulator = await startZoomEmulator({
    port: config.emulator.port,
    host: '127.0.0.1',
    clientId: config.zoom.clientId,
    clientSecret: config.zoom.clientSecret,
    redirectUris: [config.zoom.redirectUri],
  });
  return { config: withZoomAt(config, emulator.url), close: () => emulator.close() };
}

function listen(config: Config, handler: ReturnType<typeof createApp>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = handler.listen(config.port, config.host, () => resolve(server));
    server.once('error', reject);
  });
}

function onShutdown(server: Server, closeResources: () => Promise<unknown>): void {
  const stop = () => {
    // Stop accepting, let in-flight requests finish, then leave; a stuck client cannot hold us forever.
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    server.close(() => closeResources().finally(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config = loadConfig(process.env);
  let closeEmulator: () => Promise<void> = async () => undefined;
  if (config.sandbox) {
    const sandbox = await startSandboxZoom(config);
    config = sandbox.config;
    closeEmulator = sandbox.close;
    console.log(`Sandbox mode: Zoom emulator at ${config.zoom.oauthUrl} (no ZOOM_CLIENT_ID set).`);
  }
  const deps = buildDeps(config);
  const server = await listen(config, createApp(config, deps));
  // After the last request: SQLite checkpoints its WAL and closes the file, Redis says QUIT.
  onShutdown(server, () => Promise.allSettled([closeEmulator(), deps.sessionStore.close()]));
  console.log(`zoom-livestream listening: open ${config.baseUrl}`);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string })?.code;
  if (error instanceof ConfigError) console.error(error.message);
  else if (code === 'EADDRINUSE') console.error(`A port is already in use: ${(error as Error).message}. Set PORT or EMULATOR_PORT.`);
  else console.error(error);
  process.exit(1);
});
