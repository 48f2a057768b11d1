import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { DestinationsRepository, HistoryRepository } from '../destinations/types';
import type { JobsRepository } from '../jobs/types';
import type { OnceKeys, UserSessionIndex } from '../sessions/store-types';
import { checkWebhook, deauthorizationOf, urlValidationAnswer, type Deauthorization } from '../zoom/webhook';

export interface WebhookDeps {
  secret?: string;
  /** The session store: its user index ends a user's sessions, its once-keys spot repeated deliveries. */
  sessions: UserSessionIndex & OnceKeys;
  /** What the app keeps of the user, deleted with the sessions (Zoom's Marketplace requires it). */
  destinations: Pick<DestinationsRepository, 'removeAllOf'>;
  history: Pick<HistoryRepository, 'removeAllOf'>;
  jobs: Pick<JobsRepository, 'removeAllOf'>;
  logger: Logger;
}

/**
 * How long a handled delivery is remembered. A signed request is accepted within 5 minutes of its
 * timestamp, so a replay comes well within this; a later Zoom retry is harmless anyway (see below).
 */
const DELIVERY_MEMORY_MS = 24 * 3600_000;

interface ZoomEvent {
  event?: unknown;
  event_ts?: unknown;
  payload?: { plainToken?: unknown; user_id?: unknown; deauthorization_time?: unknown };
}

function parseEvent(raw: Buffer): ZoomEvent | undefined {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as ZoomEvent) : undefined;
  } catch {
    return undefined;
  }
}

export function webhookRoutes({ secret, sessions, destinations, history, jobs, logger }: WebhookDeps): Router {
  /**
   * Ends the user's sessions that began before the event: a login after it is a new authorization,
   * which a late, retried or replayed delivery must not end. Then deletes the user's saved destinations
   * change history and jobs. Each delivery is claimed once across instances; if ending or deleting fails
   * (a store or the database down: 503, Zoom retries) the claim is released.
   */
  async function deauthorize(deauthorization: Deauthorization, res: Response): Promise<void> {
    const key = `webhook:${deauthorization.deliveryKey}`;
    if (!(await sessions.rememberOnce(key, DELIVERY_MEMORY_MS))) {
      logger.info('app deauthorized: duplicate delivery ignored');
      return void res.json({ status: 'duplicate' });
    }
    try {
      const ended = await sessions.destroyUserSessions(deauthorization.userId, deauthorization.at);
      const destinationsRemoved = await destinations.removeAllOf(deauthorization.userId);
      const historyRemoved = await history.removeAllOf(deauthorization.userId);
      const jobsRemoved = await jobs.removeAllOf(deauthorization.userId);
      logger.info({ ended, destinationsRemoved, historyRemoved, jobsRemoved }, 'app deauthorized: sessions ended, saved data deleted');
      res.json({ status: 'ok', sessionsEnded: ended });
    } catch (error) {
      await sessions.forget(key).catch(() => undefined);
      throw error;
    }
  }

  /** @route POST /webhooks/zoom — URL validation and app_deauthorized, signature checked over the raw body. */
  async function receive(req: Request, res: Response): Promise<void> {
    if (!secret) return void res.status(503).json({ error: 'webhooks are not configured (ZOOM_WEBHOOK_SECRET_TOKEN)' });
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const timestamp = req.get('x-zm-request-timestamp');
    const check = checkWebhook(secret, { signature: req.get('x-zm-signature'), timestamp }, raw);
    if (check !== 'ok') {
      logger.warn({ check }, 'webhook refused');
      return void res.status(401).json({ error: `webhook refused: ${check}` });
    }
    const event = parseEvent(raw);
    if (!event) return void res.status(400).json({ error: 'body is not a JSON object' });
    if (event.event === 'endpoint.url_validation' && typeof event.payload?.plainToken === 'string') {
      return void res.json(urlValidationAnswer(secret, event.payload.plainToken));
    }
    const deauthorization = event.event === 'app_deauthorized' ? deauthorizationOf(event, Number(timestamp)) : undefined;
    if (deauthorization) return deauthorize(deauthorization, res);
    // Zoom retries anything but 2xx; an event we do not handle is acknowledged and ignored.
    res.json({ status: 'ignored' });
  }

  const router = Router();
  router.post('/webhooks/zoom', express.raw({ type: () => true, limit: '64kb' }), receive);
  return router;
}
