/** The Zoom emulator: a real HTTP server that answers like zoom.us and api.zoom.us for this app. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildEmulatorApp } from './app';
import type { EmulatorContext } from './context';
import { createPageTokens } from './page-tokens';
import { createSeed } from './seed';
import { createTokenStore } from './tokens';
import { createTraffic, queueFault } from './traffic';
import type { EmulatorOptions, HostKey, ResolvedOptions, RunningZoomEmulator, ZoomEmulator } from './types';

export type {
  EmulatedMeeting, EmulatedUser, EmulatorFault, EmulatorOptions, HeldCounts, HostKey, LiveStreamState, LivestreamSettings,
  RecordedRequest, RunningZoomEmulator, ZoomEmulator,
} from './types';

function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  return {
    clientId: options.clientId ?? 'sandbox-client-id',
    clientSecret: options.clientSecret ?? 'sandbox-client-secret',
    redirectUris: options.redirectUris,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
    codeTtlSeconds: options.codeTtlSeconds ?? 300,
    grantedScope: options.grantedScope ?? 'meeting:read meeting:write user:read',
    now: options.now ?? Date.now,
    extraMeetings: options.extraMeetings ?? 0,
    recordRequests: options.recordRequests ?? false,
    // The sandbox needs only the latest requests; a test file may read its whole history (test/helpers/secrets.ts
    // scans it for leaked secrets), yet even a test's log stays bounded.
    requestLogSize: options.requestLogSize ?? (options.recordRequests ? 10_000 : 200),
  };
}

export function createZoomEmulator(options: EmulatorOptions = {}): ZoomEmulator {
  const resolved = resolveOptions(options);
  const seed = createSeed(resolved.now(), resolved.extraMeetings);
  const ctx: EmulatorContext = {
    options: resolved, seed, tokens: createTokenStore(resolved), traffic: createTraffic(resolved),
    pageTokens: createPageTokens(resolved.now),
  };
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
    livestreamOf: (meetingId) => {
      const stored = seed.livestreams.get(meetingId);
      return stored && { ...stored };
    },
    // A deep copy, like livestreamOf: a test cannot change the emulator's state through it.
    liveStateOf: (meetingId) => {
      const state = seed.streams.get(meetingId);
      return state && structuredClone(state);
    },
    hosts: seed.hosts,
    meetingsOf: (hostKey: HostKey) =>
      seed.meetings
        .filter((meeting) => meeting.host_id === seed.hosts[hostKey].id)
        .sort((a, b) => a.start_time.localeCompare(b.start_time))
        .map((meeting) => ({ ...meeting })),
    held: () => ({ ...ctx.tokens.counts(), pageTokens: ctx.pageTokens.count() }),
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open for seconds; end them now.
        server.closeAllConnections();
      }),
  };
}
