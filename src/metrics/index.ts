import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CacheReadResult } from '../cache';
import type { RefreshLockWait } from '../credentials/lock-wait';
import type { ZoomCallRecord } from '../zoom/call-record';
import type { RefreshResult } from '../zoom/oauth';

/**
 * How a bulk job's item ended (src/jobs: its ItemStatus less 'pending'). Spelled here because metrics sits below
 * the feature rooms and imports none of them; deps.ts, which hands `jobItems` to the runner, fails to compile if
 * the two lists part.
 */
export type JobItemOutcome = 'applied' | 'failed' | 'not_applied' | 'skipped' | 'unknown';

/**
 * The app's Prometheus metrics, in a registry of this app instance's own (never prom-client's global
 * one: a test process builds several apps). Modules know nothing of Prometheus: each takes an optional
 * observer (a function) and these methods are what deps.ts hands them. No label ever holds a user id,
 * a meeting or webinar id, a session id or a secret: routes are Express templates, Zoom operations
 * templated paths, everything else a small fixed vocabulary.
 */
export interface AppMetrics {
  readonly registry: Registry;
  /** One HTTP request answered: `route` is the Express template (`/meetings/:meetingId/livestream`) or `unmatched`. */
  request(method: string, route: string, status: number, seconds: number): void;
  zoomCall(call: ZoomCallRecord): void;
  tokenRefresh(result: RefreshResult): void;
  refreshLockWait(wait: RefreshLockWait): void;
  cacheRead(result: CacheReadResult): void;
  jobItems(outcome: JobItemOutcome, count: number): void;
  /** A streaming plan did something (applied, started, conflict, gave_up…: the plan log's fixed vocabulary). */
  planAction(action: string): void;
  /** A plan started a stream: seconds from the meeting's start (Zoom's event time) to Zoom accepting the start. */
  planStartDelay(seconds: number): void;
  /** YouTube quota units this instance charged for a call (src/youtube/quota.ts), by YouTube operation. */
  youtubeQuotaSpent(operation: string, units: number): void;
  /** A YouTube call stopped for want of quota: by the app's own daily budget, or by YouTube's quotaExceeded. */
  youtubeQuotaRefused(by: 'budget' | 'youtube'): void;
  /** One pre-flight check's result (src/preflight/service.ts), by check and result (ok, warning, failing). */
  preflightCheck(check: string, result: string): void;
  /** A request ended on the session store or the app's database being unavailable (a 503 page). */
  unavailable(what: 'sessionStore' | 'database'): void;
}

/** Seconds: pages answer in milliseconds, Zoom in tens to hundreds of them, a timeout after ZOOM_TIMEOUT_MS (5 s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpDuration = new Histogram({
    name: 'zls_http_request_duration_seconds', help: 'HTTP requests answered by the app, by method, Express route template and status.',
    labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS, registers,
  });
  const zoomLabels = ['operation', 'outcome', 'zoom_code'] as const;
  const zoomCalls = new Counter({
    name: 'zls_zoom_requests_total', help: 'HTTP exchanges with Zoom\'s REST API (each retry counts), by templated operation, outcome (HTTP status, timeout, network) and Zoom\'s error code.',
    labelNames: zoomLabels, registers,
  });
  const zoomDuration = new Histogram({
    name: 'zls_zoom_request_duration_seconds', help: 'Duration of exchanges with Zoom\'s REST API.',
    labelNames: zoomLabels, buckets: LATENCY_BUCKETS, registers,
  });
  const refreshes = new Counter({
    name: 'zls_zoom_token_refreshes_total', help: 'Zoom token refreshes by result: ok, invalid_grant (the host must reconnect), failed (Zoom unavailable; token kept).',
    labelNames: ['result'], registers,
  });
  const lockWaits = new Histogram({
    name: 'zls_token_refresh_lock_wait_seconds', help: 'Waits for a token refresh another request was making: in this process, or on another instance (Redis).',
    labelNames: ['scope'], buckets: LATENCY_BUCKETS, registers,
  });
  const cacheReads = new Counter({
    name: 'zls_read_cache_reads_total', help: 'Reads through the per-host cache of Zoom\'s answers: hit, shared (joined a load in flight), miss, bypass (Refresh).',
    labelNames: ['result'], registers,
  });
  const jobItems = new Counter({
    name: 'zls_job_items_total', help: 'Bulk job items settled by this instance\'s runner, by outcome: applied, failed, not_applied (Zoom\'s daily limit).',
    labelNames: ['outcome'], registers,
  });
  const planActions = new Counter({
    name: 'zls_plan_actions_total', help: 'What streaming plans did, by action: applied, unchanged, conflict, started, retrying, gave_up, refused, paused…',
    labelNames: ['action'], registers,
  });
  const planStartDelay = new Histogram({
    name: 'zls_plan_start_delay_seconds', help: 'From a meeting\'s or webinar\'s start (Zoom\'s event time) to Zoom accepting the plan\'s stream start.',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120], registers,
  });
  const youtubeUnits = new Counter({
    name: 'zls_youtube_quota_units_total', help: 'YouTube Data API quota units this instance charged (before each call), by operation; the day\'s total of all instances is in the database (docs/youtube.md#quota).',
    labelNames: ['operation'], registers,
  });
  const youtubeRefusals = new Counter({
    name: 'zls_youtube_quota_refusals_total', help: 'YouTube calls not made for want of quota until midnight Pacific: by=budget (YOUTUBE_DAILY_QUOTA reached), by=youtube (YouTube answered quotaExceeded).',
    labelNames: ['by'], registers,
  });
  const preflightChecks = new Counter({
    name: 'zls_preflight_checks_total', help: 'Pre-flight checks run (on demand and automatic), by check (licence, streaming, ingest, youtube…) and result (ok, warning, failing).',
    labelNames: ['check', 'result'], registers,
  });
  const storeErrors = new Counter({
    name: 'zls_session_store_errors_total', help: 'Requests answered 503 because the session store (SQLite or Redis) could not answer.', registers,
  });
  const databaseErrors = new Counter({
    name: 'zls_database_errors_total', help: 'Requests answered 503 because the app\'s database (SQLite or PostgreSQL) could not answer.', registers,
  });

  // The fixed vocabularies start at 0, so a rate is defined from the first scrape on.
  for (const result of ['ok', 'invalid_grant', 'failed']) refreshes.inc({ result }, 0);
  for (const result of ['hit', 'shared', 'miss', 'bypass']) cacheReads.inc({ result }, 0);
  for (const outcome of ['applied', 'failed', 'not_applied']) jobItems.inc({ outcome }, 0);
  for (const action of ['applied', 'conflict', 'started', 'gave_up', 'refused', 'paused']) planActions.inc({ action }, 0);
  for (const by of ['budget', 'youtube']) youtubeRefusals.inc({ by }, 0);

  return {
    registry,
    request: (method, route, status, seconds) => httpDuration.observe({ method, route, status: String(status) }, seconds),
    zoomCall: ({ operation, outcome, zoomCode, seconds }) => {
      const labels = { operation, outcome, zoom_code: zoomCode };
      zoomCalls.inc(labels);
      zoomDuration.observe(labels, seconds);
    },
    tokenRefresh: (result) => refreshes.inc({ result }),
    refreshLockWait: ({ scope, seconds }) => lockWaits.observe({ scope }, seconds),
    cacheRead: (result) => cacheReads.inc({ result }),
    jobItems: (outcome, count) => {
      if (count > 0) jobItems.inc({ outcome }, count);
    },
    planAction: (action) => planActions.inc({ action }),
    planStartDelay: (seconds) => planStartDelay.observe(Math.max(0, seconds)),
    youtubeQuotaSpent: (operation, units) => youtubeUnits.inc({ operation }, units),
    youtubeQuotaRefused: (by) => youtubeRefusals.inc({ by }),
    preflightCheck: (check, result) => preflightChecks.inc({ check, result }),
    unavailable: (what) => (what === 'sessionStore' ? storeErrors : databaseErrors).inc(),
  };
}
