/** The Zoom emulator: a real HTTP server that answers like zoom.us and api.zoom.us for this app. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildEmulatorApp } from './app';
import type { EmulatorContext } from './context';
import { emulatorControls } from './control/controls';
import { resolveOptions } from './options';
import { createPageTokens } from './api/page-tokens';
import { createMediaPusher } from './media/push';
import { createRateLimiter } from './api/rate-limiter';
import { servedPerSecond } from './api/rate-limits';
import { createSeed } from './state/seed';
import { parseSnapshot, restoreSnapshot, snapshotOf } from './state/snapshot';
import { createStateSaver, readStateText, setAside } from './state/state-file';
import { createTokenStore } from './oauth/grants';
import { createTraffic, queueFault } from './traffic/traffic';
import type { EmulatorOptions, RunningZoomEmulator, ZoomEmulator } from './types';
import { createWebhookQueue } from './webhooks/queue';

export type {
  AdminAppOptions, AppType, DeliveredWebhook, EmulatedEvent, EmulatedMeeting, EmulatedOccurrence, EmulatedUser, EmulatedWebinar, EmulatorFault, EmulatorOptions,
  EventChange, EventKind, HeldCounts, NewEvent, HostCapabilities, HostKey, RoleName, LiveStreamState, LivestreamSettings, MediaOptions, MediaPush, RateCategory, RateLimits, RateRecord,
  RateWindow, RecordedRequest, RunningZoomEmulator, WebhookTarget, ZoomEmulator,
} from './types';

/** Lays the state file (when there is a usable one) over the fresh seed; a file that is not state is set aside. */
function loadState(ctx: EmulatorContext, file: string): void {
  const text = readStateText(file);
  if (text === undefined) return;
  const snapshot = parseSnapshot(text);
  if (!snapshot) return setAside(file, ctx.options.now());
  restoreSnapshot(ctx, snapshot);
}

export function createZoomEmulator(options: EmulatorOptions = {}): ZoomEmulator {
  const resolved = resolveOptions(options);
  const { statePath } = resolved;
  // Saving starts once the saved state is loaded: loading must not write over the file it reads.
  let save = (): void => undefined;
  const ctx: EmulatorContext = {
    options: resolved,
    seed: createSeed(resolved.now(), resolved.extraMeetings, resolved.occurrences, resolved.extraWebinars),
    tokens: createTokenStore(resolved, () => save()),
    traffic: createTraffic(resolved),
    pageTokens: createPageTokens(resolved.now),
    rateLimiter: createRateLimiter(resolved.rateLimits),
    webhooks: createWebhookQueue(resolved.webhook, resolved.now),
    media: createMediaPusher(resolved.media),
    changed: () => save(),
  };
  if (statePath) {
    loadState(ctx, statePath);
    save = createStateSaver(statePath, () => snapshotOf(ctx));
  }
  const { log } = ctx.traffic;
  const requests = log.entries;
  return {
    app: buildEmulatorApp(ctx),
    requests,
    requestsTo: (method, pathPrefix) =>
      requests.filter((entry) => entry.method === method.toUpperCase() && entry.path.startsWith(pathPrefix)),
    clearRequests: log.clear,
    failNext: (fault) => queueFault(ctx.traffic, fault),
    clearFaults: () => void ctx.traffic.faults.splice(0),
    expireAccessTokens: ctx.tokens.expireAccessTokens,
    expireRefreshTokens: ctx.tokens.expireRefreshTokens,
    ...emulatorControls(ctx),
    setRateLimits: (limits) => void (ctx.rateLimiter.limits = { ...limits }),
    servedPerSecond: (hostOrAccount, category = 'Light') => servedPerSecond(ctx, hostOrAccount, category),
    held: () => ({ ...ctx.tokens.counts(), pageTokens: ctx.pageTokens.count() }),
    setWebhook: (target) => void (ctx.webhooks.target = target && { ...target }),
    webhooksDelivered: ctx.webhooks.delivered,
    webhookDeliveries: ctx.webhooks.deliveries,
    mediaPushes: ctx.media.pushes,
    mediaPushesFinished: ctx.media.finished,
    stopMediaPushes: ctx.media.stopAll,
  };
}

/** Listens on loopback (an ephemeral port unless one is given) and resolves once the port is bound. */
export async function startZoomEmulator(
  options: EmulatorOptions & { port?: number; host?: string } = {},
): Promise<RunningZoomEmulator> {
  const { port = 0, host = '127.0.0.1', ...emulatorOptions } = options;
  const emulator = createZoomEmulator(emulatorOptions);
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
    close: async () => {
      // No ffmpeg outlives the emulator that started it.
      await emulator.stopMediaPushes();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open for seconds; end them now.
        server.closeAllConnections();
      });
    },
  };
}
