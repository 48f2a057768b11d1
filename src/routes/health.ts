import { Router, type Request, type Response } from 'express';
import type { AppDatabase } from '../db/types';
import { storeOperation } from '../sessions/errors';
import type { AppSessionStore } from '../sessions/store-types';

/** A load balancer's probe must get an answer quickly even when the store hangs instead of failing. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * The store's own probe is a write (SQLite: a keyed health row, after checking the file is still the one
 * it opened; Redis: a short-lived key), because a store that still reads can have stopped taking writes.
 * The database's is a round trip that reads nothing. Both under the stores' own deadline.
 */
const probeStore = (store: Pick<AppSessionStore, 'probe'>) => storeOperation(() => store.probe(), PROBE_TIMEOUT_MS);
const probeDatabase = (database: Pick<AppDatabase, 'ping'>) => storeOperation(() => database.ping(), PROBE_TIMEOUT_MS);

const verdict = (result: PromiseSettledResult<void>) => (result.status === 'fulfilled' ? 'ok' : 'failing');

export function healthRoutes(store: Pick<AppSessionStore, 'probe'>, database: Pick<AppDatabase, 'ping'>): Router {
  /** @route GET /healthz — 200 when the app, its session store and its database answer; 503 naming what failed. */
  async function health(_req: Request, res: Response): Promise<void> {
    const [sessions, data] = await Promise.allSettled([probeStore(store), probeDatabase(database)]);
    const body = { sessionStore: verdict(sessions), database: verdict(data) };
    if (sessions.status === 'fulfilled' && data.status === 'fulfilled') return void res.json({ status: 'ok', ...body });
    res.status(503).json({ status: 'unavailable', ...body });
  }
  const router = Router();
  router.get('/healthz', health);
  return router;
}
