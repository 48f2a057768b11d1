import type { Request, Response } from 'express';
import type { AppDatabase } from '../db/types';
import { storeOperation } from '../sessions/errors';
import type { AppSessionStore } from '../sessions/store-types';

/** A load balancer's probe must get an answer quickly even when a dependency hangs instead of failing. */
const PROBE_TIMEOUT_MS = 1000;
/** What a 503 from /readyz asks a client to wait; the balancer's own interval usually decides. */
const RETRY_AFTER_SECONDS = '5';
/**
 * /readyz takes no credentials and its session store check is a write: a burst of requests must not become a
 * burst of writes. A verdict is reused until it is this old, counted from when its probe began.
 */
const VERDICT_MAX_AGE_MS = 1000;

export interface ReadinessDeps {
  /** The store's probe is a write (SQLite: a keyed health row, after checking the file is still the one it opened; Redis: a short-lived key). */
  sessionStore: Pick<AppSessionStore, 'probe'>;
  /** A round trip that reads nothing. */
  database: Pick<AppDatabase, 'ping'>;
  /** The session store's Redis, when sessions live there: the rate limits, the refresh lock and the read cache use it too. */
  redis?: { ping(): Promise<unknown> };
  /** True once the process has been told to stop (server.ts): readiness fails at once, so a balancer sends nothing new. */
  stopping?: () => boolean;
  /** The clock that ages a verdict (tests inject one). */
  now?: () => number;
}

type Check = () => Promise<unknown>;

/** Each check under the same deadline; a hang counts as failing. */
const within = (check: Check) => storeOperation(check, PROBE_TIMEOUT_MS);

function checksOf({ sessionStore, database, redis }: ReadinessDeps): Record<string, Check> {
  const checks: Record<string, Check> = { sessionStore: () => sessionStore.probe(), database: () => database.ping() };
  if (redis) checks.redis = () => redis.ping();
  return checks;
}

type Verdicts = Record<string, 'ok' | 'failing'>;

/** Runs every check under its deadline and names each one's result. */
async function probeAll(checks: Record<string, Check>): Promise<Verdicts> {
  const names = Object.keys(checks);
  const results = await Promise.allSettled(names.map((name) => within(checks[name])));
  return Object.fromEntries(names.map((name, i) => [name, results[i].status === 'fulfilled' ? 'ok' : 'failing']));
}

/**
 * One probe in flight at a time: requests arriving while it runs, or within VERDICT_MAX_AGE_MS of its start,
 * share its answer. A verdict is as old as its probe's start, so one slowed by a hanging check is stale on arrival.
 */
function sharedProbe(checks: Record<string, Check>, now: () => number): () => Promise<Verdicts> {
  let latest: { startedAt: number; verdicts: Promise<Verdicts>; settled: boolean } | undefined;
  return function currentVerdicts() {
    if (latest && (!latest.settled || now() - latest.startedAt < VERDICT_MAX_AGE_MS)) return latest.verdicts;
    const probe = { startedAt: now(), verdicts: probeAll(checks), settled: false };
    void probe.verdicts.finally(() => { probe.settled = true; });
    latest = probe;
    return probe.verdicts;
  };
}

export function healthHandlers(deps: ReadinessDeps) {
  const currentVerdicts = sharedProbe(checksOf(deps), deps.now ?? Date.now);

  /** @route GET /healthz — liveness: the process answers. No dependency is asked, so an outage never gets the process restarted. */
  function live(_req: Request, res: Response): void {
    res.json({ status: 'ok' });
  }

  /**
   * @route GET /readyz — readiness: 200 when the session store takes a write, the database answers and (when
   * configured) Redis answers; 503 naming what failed, or at once while shutting down, so a balancer sends elsewhere.
   * The answer may be up to a second old (see sharedProbe).
   */
  async function ready(_req: Request, res: Response): Promise<void> {
    res.set('Cache-Control', 'no-store');
    if (deps.stopping?.()) return void res.status(503).set('Retry-After', RETRY_AFTER_SECONDS).json({ status: 'stopping' });
    const verdicts = await currentVerdicts();
    if (Object.values(verdicts).every((verdict) => verdict === 'ok')) return void res.json({ status: 'ready', ...verdicts });
    res.status(503).set('Retry-After', RETRY_AFTER_SECONDS).json({ status: 'unavailable', ...verdicts });
  }

  return { live, ready };
}
