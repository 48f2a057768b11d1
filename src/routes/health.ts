import { Router, type Request, type Response } from 'express';
import type { Store } from 'express-session';

/** @route GET /healthz — 200 when the app and its session store answer, 503 naming what failed. */
function pingStore(store: Store): Promise<void> {
  return new Promise((resolve, reject) => {
    store.get('healthz-probe', (error) => (error ? reject(error) : resolve()));
  });
}

export function healthRoutes(store: Store): Router {
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
