import { Router, type Request, type Response } from 'express';
import type { Store } from 'express-session';

/** A load balancer's probe must get an answer quickly even when the store hangs instead of failing. */
const PING_TIMEOUT_MS = 1000;

/** Asks the store for a session that does not exist: a round trip that reads nothing. */
function pingStore(store: Store): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('session store did not answer')), PING_TIMEOUT_MS);
    store.get('healthz-probe', (error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    });
  });
}

export function healthRoutes(store: Store): Router {
  /** @route GET /healthz — 200 when the app and its session store answer, 503 naming what failed. */
  async function health(_req: Request, res: Response): Promise<void> {
    try {
      await pingStore(store);
      res.json({ status: 'ok', sessionStore: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', sessionStore: 'failing' });
    }
  }
  const router = Router();
  router.get('/healthz', health);
  return router;
}
