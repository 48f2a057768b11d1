/**
 * The YouTube emulator: a real HTTP server that answers like Google's OAuth server and the YouTube Data API v3
 * (liveBroadcasts, liveStreams, quota) for this app, reached through the official clients with their URLs overridden.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildYouTubeApp } from './app';
import type { YouTubeContext } from './context';
import { emulatorControls } from './control/controls';
import { seedAccounts } from './oauth/accounts';
import { createTokenStore } from './oauth/grants';
import { resolveOptions } from './options';
import { createQuota } from './quota/quota';
import { createRequestLog } from './request-log';
import { createStore } from './state/store';
import type { RunningYouTubeEmulator, YouTubeEmulator, YouTubeEmulatorOptions } from './types';

export type {
  AccountKey, EmulatedBroadcast, EmulatedStream, GoogleAccount, HealthStatus, LifeCycleStatus, PrivacyStatus, RecordedRequest,
  RunningYouTubeEmulator, StreamStatus, YouTubeEmulator, YouTubeEmulatorOptions,
} from './types';
export { QUOTA_COSTS } from './quota/costs';

export function createYouTubeEmulator(options: YouTubeEmulatorOptions = {}): YouTubeEmulator {
  const resolved = resolveOptions(options);
  const ctx: YouTubeContext = {
    options: resolved,
    accounts: seedAccounts(),
    tokens: createTokenStore(resolved),
    store: createStore(),
    quota: createQuota(resolved.dailyQuota, resolved.now),
    log: createRequestLog(resolved.requestLogSize, resolved.recordRequests),
  };
  const requests = ctx.log.entries;
  return {
    app: buildYouTubeApp(ctx),
    accounts: ctx.accounts,
    requests,
    requestsTo: (method, pathPrefix) =>
      requests.filter((entry) => entry.method === method.toUpperCase() && entry.path.startsWith(pathPrefix)),
    clearRequests: ctx.log.clear,
    ...emulatorControls(ctx),
  };
}

/** Listens on loopback (an ephemeral port unless one is given) and resolves once the port is bound. */
export async function startYouTubeEmulator(
  options: YouTubeEmulatorOptions & { port?: number; host?: string } = {},
): Promise<RunningYouTubeEmulator> {
  const { port = 0, host = '127.0.0.1', ...emulatorOptions } = options;
  const emulator = createYouTubeEmulator(emulatorOptions);
  const server = createServer(emulator.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    ...emulator,
    url: `http://${hostPart}:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets (gaxios keeps them) would hold close() open for seconds; end them now.
        server.closeAllConnections();
      }),
  };
}
