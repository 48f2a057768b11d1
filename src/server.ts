import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import dotenv from 'dotenv';
import { createApp } from './app';
import { ConfigError, loadConfig, withGoogleAt, withListeningPort, withZoomAt, type Config } from './config';
import { buildDeps, type AppDeps } from './deps';
import { migrateToLatest } from './db';
import { startZoomEmulator } from './emulator';
import { startYouTubeEmulator } from './emulators/youtube';

/** The only file that listens: config → bind → (sandbox emulator) → deps → app; graceful shutdown. */

/**
 * How long in-flight requests get after SIGTERM. Well within the proxy's read timeout (nginx's
 * proxy_read_timeout: 60 s), so the proxy sees each one answered (or its connection closed) rather than timing out.
 */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * HTTP timeouts, set on purpose rather than left at Node's defaults (headers 60 s, request 300 s, keep-alive 5 s):
 * - headers within 15 s and the whole request within 30 s: our requests are small forms (32 kB at most),
 *   so a client dribbling bytes (slowloris) is cut off early;
 * - idle keep-alive 65 s: longer than the idle timeout of the proxy in front (nginx and AWS ALB: 60 s),
 *   so the proxy closes first and never sends a request down a socket we are closing (a 502).
 * Node checks these every connectionsCheckingInterval; 5 s keeps the cut-off close to the figure.
 * Idle keep-alive time does not count towards the headers or request timeouts (Node 18+).
 */
const TIMEOUTS = { headersTimeout: 15_000, requestTimeout: 30_000, keepAliveTimeout: 65_000, connectionsCheckingInterval: 5_000 };

/** Until the app is attached (a few ms after binding), a request gets a plain 503 rather than silence. */
function startingUp(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '1', Connection: 'close' });
  res.end('Starting up: try again in a moment.\n');
}

/** Binds first: with PORT=0 the OS picks a free port, and the sandbox derives its BASE_URL from it. */
function bind(config: Config): Promise<Server> {
  const server = createServer(TIMEOUTS, startingUp);
  server.keepAliveTimeout = TIMEOUTS.keepAliveTimeout;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve(server));
  });
}

function boundPort(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function startSandboxZoom(config: Config) {
  const emulator = await startZoomEmulator({
    port: config.emulator.port,
    host: '127.0.0.1',
    clientId: config.zoom.clientId,
    clientSecret: config.zoom.clientSecret,
    redirectUris: [config.zoom.redirectUri],
    // A restarted sandbox keeps the host connected and their settings: the emulator's state lives in the data folder.
    statePath: path.join(config.dataDir, 'zoom-emulator.json'),
    // More than one page of meetings for the Pro host (Zoom lists 30 a page), so paging can be tried.
    extraMeetings: 40,
    // Zoom's Pro limits, so the sandbox shows bulk jobs pacing themselves (and a page read waiting out a 429).
    rateLimits: { lightPerSecond: 30, mediumPerSecond: 20 },
    // Zoom's events, signed as Zoom signs them: the sandbox shows live state and cache invalidation end to end.
    webhook: config.webhookSecret ? { url: `${config.baseUrl}/webhooks/zoom`, secretToken: config.webhookSecret } : undefined,
  });
  return { config: withZoomAt(config, emulator.url), close: () => emulator.close() };
}

/** The sandbox's YouTube (no GOOGLE_CLIENT_ID): the YouTube emulator in this process, Google's OAuth and API pointed at it. */
async function startSandboxYouTube(config: Config) {
  const google = config.google;
  if (!google?.emulated) return { config, close: async () => undefined };
  const emulator = await startYouTubeEmulator({
    port: config.youtubeEmulator.port, host: '127.0.0.1', clientId: google.clientId, clientSecret: google.clientSecret, redirectUris: [google.redirectUri],
  });
  console.log(`Sandbox mode: YouTube emulator at ${emulator.url} (no GOOGLE_CLIENT_ID set).`);
  return { config: withGoogleAt(config, emulator.url), close: () => emulator.close() };
}

/**
 * History older than HISTORY_DAYS and expired live state are deleted at start and then every day; a failure
 * is logged and tried again tomorrow.
 */
function pruneDaily(deps: AppDeps, days: number): () => Promise<void> {
  const prune = () => Promise.all([
    deps.history.prune(new Date(Date.now() - days * 86_400_000))
      .then((deleted) => deleted > 0 && deps.logger.info({ deleted }, 'change history pruned'))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'change history pruning failed')),
    deps.preflight.repository.prune(Date.now() - days * 86_400_000)
      .then((deleted) => deleted > 0 && deps.logger.info({ deleted }, 'pre-flight results pruned'))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'pre-flight results not pruned')),
    deps.live.prune()
      .then((deleted) => deleted > 0 && deps.logger.info({ deleted }, 'expired live state pruned'))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'live state pruning failed')),
  ]);
  void prune();
  const timer = setInterval(() => void prune(), 86_400_000).unref();
  return async () => clearInterval(timer);
}

function onShutdown(server: Server, lifecycle: AppDeps['lifecycle'], closeResources: () => Promise<unknown>): void {
  let stopping = false;
  // A response finished during shutdown leaves its keep-alive socket idle; close it now rather than
  // after keepAliveTimeout, or the process would wait that long for a client that has its answer.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (stopping) server.closeIdleConnections();
    });
  });
  const stop = () => {
    stopping = true;
    // /readyz answers 503 from now on, on any connection still open (a proxy's kept-alive upstream), so a
    // balancer sends nothing new; new connections are refused once server.close() below runs.
    lifecycle.stopping = true;
    // Stop accepting, let in-flight requests finish, then leave; a stuck client cannot hold us forever.
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    server.close(() => void closeResources().finally(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config = loadConfig(process.env);
  for (const warning of config.warnings) console.warn(`Warning: ${warning}`);
  const server = await bind(config);
  config = withListeningPort(config, boundPort(server));
  let closeEmulator: () => Promise<void> = async () => undefined;
  if (config.sandbox) {
    const sandbox = await startSandboxZoom(config);
    config = sandbox.config;
    closeEmulator = sandbox.close;
    console.log(`Sandbox mode: Zoom emulator at ${config.zoom.oauthUrl} (no ZOOM_CLIENT_ID set).`);
    const youtube = await startSandboxYouTube(config);
    config = youtube.config;
    const closeZoom = closeEmulator;
    closeEmulator = async () => { await Promise.all([closeZoom(), youtube.close()]); };
  }
  const deps = buildDeps(config);
  // Forward-only migrations before the first request; a second instance starting at once waits for the lock.
  for (const applied of await migrateToLatest(deps.database.db)) console.log(`Database migration applied: ${applied}`);
  const stopPruning = pruneDaily(deps, config.historyDays);
  // Every instance runs jobs: a lease in the database keeps each job on one of them at a time.
  deps.jobRunner.start();
  // Every instance runs the timer; a lease in the database lets one of them reconcile each period.
  deps.plans.reconciler.start();
  deps.preflight.schedule.start();
  server.off('request', startingUp);
  server.on('request', createApp(config, deps));
  // After the last request: SQLite checkpoints its WAL and closes the file, Redis says QUIT.
  // Jobs stop at an item boundary and release their leases before the database closes.
  onShutdown(server, deps.lifecycle, async () => {
    await Promise.all([deps.jobRunner.stop(), deps.plans.reconciler.stop(), deps.plans.events.settled(), deps.youtubeEvents?.settled(), deps.preflight.schedule.stop()]);
    return Promise.allSettled([closeEmulator(), deps.sessionStore.close(), stopPruning(), deps.database.close()]);
  });
  // One parseable line: the socket (tests and scripts read the port from it), then the URL to open.
  console.log(`zoom-livestream listening on ${config.host} port ${boundPort(server)}: open ${config.baseUrl}`);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string })?.code;
  if (error instanceof ConfigError) console.error(error.message);
  else if (code === 'EADDRINUSE') console.error(`A port is already in use: ${(error as Error).message}. Set PORT or EMULATOR_PORT.`);
  else console.error(error);
  process.exit(1);
});
