import type { Request, Response } from 'express';
import type { AppDatabase } from '../db/types';
import { storeOperation } from '../sessions/errors';
import type { AppSessionStore } from '../sessions/store-types';

/** A load balancer's probe must get an answer quickly even when a dependency hangs instead of failing. */
const PROBE_TIMEOUT_MS = 1000;
/** What a 503 from /readyz asks a client to wait; the balancer's own interval usually decides. */
const RETRY_AFTER_SECONDS = '5';

export interface ReadinessDeps {
  /** The store's probe is a write (SQLite: a keyed health row, after checking the file is still the one it opened; Redis: a short-lived key). */
  sessionStore: Pick<AppSessionStore, 'probe'>;
  /** A round trip that reads nothing. */
  database: Pick<AppDatabase, 'ping'>;
  /** The session store's Redis, when sessions live there: the rate limits, the refresh lock and the read cache use it too. */
  redis?: { ping(): Promise<unknown> };
  /** True once the process has been told to stop (server.ts): readiness fails at once, so a balancer sends nothing new. */
  stopping?: () => boolean;
}

type Check = () => Promise<unknown>;

/** Each check under the same deadline; a hang counts as failing. */
const within = (check: Check) => storeOperation(check, PROBE_TIMEOUT_MS);

function checksOf({ sessionStore, database, redis }: ReadinessDeps): Record<string, Check> {
  const checks: Record<string, Check> = { sessionStore: () => sessionStore.probe(), database: () => database.ping() };
  if (redis) checks.redis = () => redis.ping();
  return checks;
}

export function healthHandlers(deps: ReadinessDeps) {
  const checks = checksOf(deps);

  /** @route GET /healthz — liveness: the process answers. No dependency is asked, so an outage never gets the process restarted. */
  function live(_req: Request, res: Response): void {
    res.json({ status: 'ok' });
  }

  /**
   * @route GET /readyz — readiness: 200 when the session store takes a write, the database answers and (when
   * configured) Redis answers; 503 naming what failed, or at once while shutting down, so a balancer sends elsewhere.
   */
  async function ready(_req: Request, res: Response): Promise<void> {
    res.set('Cache-Control', 'no-store');
    if (deps.stopping?.()) return void res.status(503).set('Retry-After', RETRY_AFTER_SECONDS).json({ status: 'stopping' });
    const names = Object.keys(checks);
    const results = await Promise.allSettled(names.map((name) => within(checks[name])));
    const verdicts = Object.fromEntries(names.map((name, i) => [name, results[i].status === 'fulfilled' ? 'ok' : 'failing']));
    if (results.every((result) => result.status === 'fulfilled')) return void res.json({ status: 'ready', ...verdicts });
    res.status(503).set('Retry-After', RETRY_AFTER_SECONDS).json({ status: 'unavailable', ...verdicts });
  }

  return { live, ready };
}
