import type { Logger } from 'pino';
import { createReadCache, type ReadCache } from './cache';
import type { Config } from './config';
import { createGrantKeeper, type GrantKeeper } from './credentials/grant-keeper';
import { createGrantsRepository } from './credentials/grants';
import { createTokenKeeper, type TokenKeeper } from './credentials/keeper';
import { createRefreshLock, type RefreshLock } from './credentials/refresh-lock';
import { createTokenVault, type TokenVault } from './credentials/vault';
import { openDatabase, type AppDatabase } from './db';
import { createHistoryRepository } from './destinations/history-repository';
import { createDestinationsRepository } from './destinations/repository';
import type { DestinationsRepository, HistoryRepository } from './destinations/types';
import { createLiveStore, type LiveStore } from './events/live-store';
import { createPacer, type Pacer } from './jobs/pacer';
import { createJobsRepository } from './jobs/repository';
import { createJobRunner, type JobRunner } from './jobs/runner';
import type { JobsRepository } from './jobs/types';
import { createStreamChanger, type StreamChanger } from './livestream/change';
import { createLogger } from './logging';
import { createMetrics, type AppMetrics } from './metrics';
import { createPlans, type Plans } from './plans';
import { createYouTube, type YouTube } from './youtube';
import { createYouTubeEvents, hostAccess, type YouTubeEvents } from './youtube/on-event';
import { createPreflightRoom, type PreflightRoom } from './preflight';
import type { IngestResult } from './preflight/ingest';
import type { SessionRedisClient } from './sessions/redis-client';
import { RedisSessionStore } from './sessions/redis-store';
import { createSessionStore, type AppSessionStore } from './sessions/store';
import { createZoomClient, type ZoomClient } from './zoom/client';
import { createZoomOAuth, type ZoomOAuth } from './zoom/oauth';

/** The app's collaborators (STYLE 3): built once here, swapped or inspected by tests. */
export interface AppDeps {
  oauth: ZoomOAuth;
  zoom: ZoomClient;
  /** express-session store with the per-user index (deauthorization) and close(); server.ts closes it. */
  sessionStore: AppSessionStore;
  /** Seals what the app keeps at rest (Zoom tokens, stream keys). */
  vault: TokenVault;
  /** One Zoom token refresh per refresh token: across instances with Redis, in-process otherwise. */
  refreshLock: RefreshLock;
  /** A host's working access token from their session id alone: routes and background work alike. */
  tokens: TokenKeeper;
  /** JSON logs (pino); secrets are kept out by what is logged and by redaction. */
  logger: Logger;
  /** The app's own database (SQLite file or PostgreSQL); migrated by server.ts before the app serves. */
  database: AppDatabase;
  /** Saved stream destinations per Zoom user (keys sealed). */
  destinations: DestinationsRepository;
  /** Every live stream change the app made (keys sealed). */
  history: HistoryRepository;
  /** The one way to change a stream's settings (read before, PATCH, forget readings, record): pages, jobs, every background actor. */
  changer: StreamChanger;
  /** Bulk jobs and their items (keys sealed). */
  jobs: JobsRepository;
  /** Keeps Zoom calls per account within its rate: the overview's reads and the jobs' writes share it (and Redis, across instances). */
  pacer: Pacer;
  /** Runs jobs in the background; server.ts starts and stops it, routes kick it. */
  jobRunner: JobRunner;
  /** Zoom's readings per host (memory, or Redis shared by instances), cleared by events and the host's changes. */
  cache: ReadCache;
  /** Grants that outlive a browser session (plans): one sealed Zoom grant per user in the database, refreshed by one actor. */
  grants: GrantKeeper;
  /** Streaming plans: the pages' service, the events' side, the reconcile timer (server.ts starts and stops it). */
  plans: Plans;
  /** The YouTube destination (Google's grant per host, the channel); undefined when Google is not configured. */
  youtube?: YouTube;
  /** Pre-flight checks (issue 25): the check pages and the automatic run use, their results, the run (server.ts starts it). */
  preflight: PreflightRoom;
  /** How the pre-flight check asks an ingest server: checkIngest unless a test points every name at loopback. */
  ingestCheck?: (streamUrl: string) => Promise<IngestResult>;
  /** The broadcasts the app made follow Zoom's events (moved, deleted, the series' watch page moved on); with `youtube`. */
  youtubeEvents?: YouTubeEvents;
  /** Meetings' live state from Zoom's events and the app's starts and stops, in the database every instance reads. */
  live: LiveStore;
  /** The app's clock: jobs, the token keeper, a login's absolute lifetime (tests inject one instead of waiting for time to pass). */
  now: () => number;
  /** The session store's Redis client, when sessions live in Redis: the rate limits count there too (no second connection). */
  redis?: SessionRedisClient;
  /** Prometheus metrics of this instance, when METRICS_TOKEN is set; the modules above report through thin observers. */
  metrics?: AppMetrics;
  /** Set by server.ts when the process is told to stop: /readyz then fails at once. */
  lifecycle: { stopping: boolean };
}

/**
 * The refresh lock must outlive the slowest refresh it guards: Zoom's token call (its timeout) plus
 * saving the rotated token (a store deadline of 2 s, tried three times). Otherwise a second instance
 * could refresh the same token while the first is still waiting, and one of them would lose.
 */
function refreshLockMs(config: Config): number {
  return config.zoom.timeoutMs + 10_000;
}

export function buildDeps(config: Config, overrides: Partial<AppDeps> = {}): AppDeps {
  const logger = overrides.logger ?? createLogger(config.logLevel, undefined, { pretty: config.env === 'development', instance: config.instanceName });
  // Off unless METRICS_TOKEN is set: then one registry per instance (tests build several apps in one process).
  const metrics = overrides.metrics ?? (config.metricsToken ? createMetrics() : undefined);
  const observeZoom = metrics?.zoomCall;
  // Built only when not swapped: a store opens a file or a Redis connection.
  const sessionStore = overrides.sessionStore ?? createSessionStore(config.session, { log: logger });
  const oauth = overrides.oauth ?? createZoomOAuth({ ...config.zoom, logger, onRefresh: metrics?.tokenRefresh });
  const vault = overrides.vault ?? createTokenVault(config.tokenKeys, config.session.secret);
  // One Redis connection per instance: the refresh lock shares the session store's.
  const redis = sessionStore instanceof RedisSessionStore ? sessionStore.redis : undefined;
  const refreshLock = overrides.refreshLock ?? createRefreshLock({
    client: redis, prefix: config.session.redisPrefix, lockMs: refreshLockMs(config), onWait: metrics?.refreshLockWait,
  });
  const now = overrides.now ?? Date.now;
  // Opening connects lazily (PostgreSQL) or opens the file (SQLite); server.ts migrates before serving.
  const database = overrides.database ?? openDatabase(config.databaseUrl);
  const grants = overrides.grants ?? createGrantKeeper({ oauth, vault, refreshLock, grants: createGrantsRepository(database.db, now), now });
  const tokens = overrides.tokens ?? createTokenKeeper({ oauth, vault, refreshLock, store: sessionStore, grants, now });
  const history = overrides.history ?? createHistoryRepository(database, vault);
  // Before the job runner and the plans: both create YouTube broadcasts when they apply a YouTube destination.
  const youtube = overrides.youtube ?? (config.google ? createYouTube(config.google, {
    database, vault, refreshLock, now, onSpend: metrics?.youtubeQuotaSpent, onRefusal: metrics?.youtubeQuotaRefused,
  }) : undefined);
  const jobs = overrides.jobs ?? createJobsRepository(database, vault, now);
  const cache = overrides.cache ?? createReadCache({ ttlMs: config.cacheMs, vault, redis, prefix: config.session.redisPrefix, observe: metrics?.cacheRead });
  const pacer = overrides.pacer ?? createPacer({
    perSecond: config.jobs.perSecond, concurrency: config.jobs.concurrency, redis, prefix: config.session.redisPrefix, now,
  });
  const jobRunner = overrides.jobRunner ?? createJobRunner({
    jobs, history, pacer, tokens, logger, cache, sessions: sessionStore, broadcasts: youtube?.broadcasts, leaseMs: config.jobs.leaseMs, pollMs: config.jobs.pollMs, now,
    onItems: metrics?.jobItems,
    // No retries inside the client: the runner waits out a 429 itself and never fails an item for it.
    zoom: createZoomClient({
      apiUrl: config.zoom.apiUrl, timeoutMs: config.zoom.timeoutMs, retry: { maxRetries: 0, baseDelayMs: 0, maxTotalWaitMs: 0 }, observe: observeZoom, logger,
    }),
  });
  const zoom = overrides.zoom ?? createZoomClient({ apiUrl: config.zoom.apiUrl, timeoutMs: config.zoom.timeoutMs, observe: observeZoom, logger });
  const changer = overrides.changer ?? createStreamChanger({ zoom, history, cache, logger });
  const destinations = overrides.destinations ?? createDestinationsRepository(database, vault);
  const live = overrides.live ?? createLiveStore(database, now);
  const plans = overrides.plans ?? createPlans({
    database, vault, changer, grants, destinations, live, cache, pacer, logger, now, broadcasts: youtube?.broadcasts,
    // Plans call Zoom without retries inside the client: a start retries on its own schedule, the reconcile comes again.
    zoom: createZoomClient({ apiUrl: config.zoom.apiUrl, timeoutMs: config.zoom.timeoutMs, retry: { maxRetries: 0, baseDelayMs: 0, maxTotalWaitMs: 0 }, observe: observeZoom, logger }),
    owner: `${config.instanceName}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
    reconcileMs: config.plans.reconcileMs, startWaitsMs: config.plans.startWaitsMs, webhooks: Boolean(config.webhookSecret),
    onAction: metrics?.planAction, onStartDelay: metrics?.planStartDelay,
  });
  // Background work for a host without a page: their plans' grant, or one of their sessions.
  const hostCalls = hostAccess({ grants, sessions: sessionStore, tokens });
  // Paced like every other background call, so the automatic checks and YouTube's follow-ups never burst at Zoom.
  const accessFor = async (userId: string) => {
    const access = await hostCalls(userId);
    return access && (<T>(request: (token: string) => Promise<T>) => access((token) => pacer.run(userId, () => request(token))));
  };
  const youtubeEvents = overrides.youtubeEvents ?? (youtube ? createYouTubeEvents({
    repository: youtube.repository, broadcasts: youtube.broadcasts, destinations, zoom, changer, logger, accessFor,
  }) : undefined);
  const preflight = overrides.preflight ?? createPreflightRoom({
    database, vault, history, grants, youtube, accessFor, now, logger, ingest: overrides.ingestCheck, onCheck: metrics?.preflightCheck, sandbox: config.sandbox,
    windowsMs: config.preflight.windowsMs, periodMs: config.preflight.periodMs, owner: `${config.instanceName}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
    // A client of its own, retrying Zoom's short refusals as the pages' reads do.
    zoom: createZoomClient({ apiUrl: config.zoom.apiUrl, timeoutMs: config.zoom.timeoutMs, observe: observeZoom, logger }),
  });
  return {
    lifecycle: { stopping: false },
    redis,
    youtube,
    youtubeEvents,
    ...overrides,
    oauth, zoom, changer, sessionStore, vault, refreshLock, tokens, logger, database, history, jobs, pacer, jobRunner, now, cache, metrics,
    destinations, live, grants, plans, preflight,
  };
}
