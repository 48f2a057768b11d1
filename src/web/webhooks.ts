import { createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { ReadCache } from '../cache/index';
import type { DestinationsRepository, HistoryRepository } from '../destinations/types';
import type { LiveStore } from '../events/live-store';
import { noticeOf, type EventNotice } from '../events/zoom-events';
import type { JobsRepository } from '../jobs/types';
import type { OnceKeys, UserSessionIndex } from '../sessions/store-types';
import { parseZoomJson } from '../zoom/json';
import { checkWebhook, deauthorizationOf, urlValidationAnswer, type Deauthorization } from '../zoom/webhook';

export interface WebhookDeps {
  secret?: string;
  /** The session store: its user index ends a user's sessions, its once-keys spot repeated deliveries. */
  sessions: UserSessionIndex & OnceKeys;
  /** What the app keeps of the user, deleted with the sessions (Zoom's Marketplace requires it). */
  destinations: Pick<DestinationsRepository, 'removeAllOf'>;
  history: Pick<HistoryRepository, 'removeAllOf'>;
  jobs: Pick<JobsRepository, 'removeAllOf'>;
  /** Meetings' live state from Zoom's events; deleted with the user too. */
  live: Pick<LiveStore, 'record' | 'removeAllOf'>;
  /** The per-host read cache: an event about a host's meeting makes what is kept of that host stale. */
  cache: Pick<ReadCache, 'forgetHost'>;
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
  payload?: { plainToken?: unknown; user_id?: unknown; deauthorization_time?: unknown; object?: { id?: unknown; host_id?: unknown } };
}

/** Zoom writes meeting IDs as int64 numbers: parsed so that one above 2^53 keeps its digits. */
function parseEvent(raw: Buffer): ZoomEvent | undefined {
  try {
    const parsed: unknown = parseZoomJson(raw.toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as ZoomEvent) : undefined;
  } catch {
    return undefined;
  }
}

export function webhookRoutes({ secret, sessions, destinations, history, jobs, live, cache, logger }: WebhookDeps): Router {
  /**
   * Handles a delivery once across instances (Zoom retries, a replay within the signature's 5 minutes):
   * the claim is released when the work fails, so Zoom's retry (after our 503) does it again.
   */
  async function once(key: string, res: Response, work: () => Promise<void>): Promise<void> {
    if (!(await sessions.rememberOnce(`webhook:${key}`, DELIVERY_MEMORY_MS))) {
      logger.info('webhook: duplicate delivery ignored');
      return void res.json({ status: 'duplicate' });
    }
    try {
      await work();
    } catch (error) {
      await sessions.forget(`webhook:${key}`).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A meeting or webinar event: the live state it tells (older evidence never overwrites newer), then the
   * host's cached readings are forgotten on every instance, so the next page view reads Zoom again.
   * Only names and IDs are logged: a live streaming event carries the stream key.
   */
  function applyNotice(notice: EventNotice, raw: Buffer, res: Response): Promise<void> {
    const key = createHash('sha256').update(raw).digest('hex');
    return once(key, res, async () => {
      const { name, kind, eventId, hostId, at } = notice;
      if (notice.live && hostId) await live.record({ kind, eventId, hostId, at, state: notice.live.state, liveSince: notice.live.since });
      if (hostId) await cache.forgetHost(hostId);
      logger.info({ zoomEvent: name, kind, eventId, hostId }, 'zoom event applied');
      res.json({ status: 'ok' });
    });
  }

  /**
   * Ends the user's sessions that began before the event: a login after it is a new authorization,
   * which a late, retried or replayed delivery must not end. Then deletes the user's saved destinations
   * change history and jobs. Each delivery is claimed once across instances; if ending or deleting fails
   * (a store or the database down: 503, Zoom retries) the claim is released.
   */
  function deauthorize(deauthorization: Deauthorization, res: Response): Promise<void> {
    const { userId } = deauthorization;
    return once(deauthorization.deliveryKey, res, async () => {
      const ended = await sessions.destroyUserSessions(userId, deauthorization.at);
      const destinationsRemoved = await destinations.removeAllOf(userId);
      const historyRemoved = await history.removeAllOf(userId);
      const jobsRemoved = await jobs.removeAllOf(userId);
      const liveRemoved = await live.removeAllOf(userId);
      await cache.forgetHost(userId);
      logger.info({ ended, destinationsRemoved, historyRemoved, jobsRemoved, liveRemoved }, 'app deauthorized: sessions ended, saved data deleted');
      res.json({ status: 'ok', sessionsEnded: ended });
    });
  }

  /** @route POST /webhooks/zoom — URL validation, app_deauthorized and meeting/webinar events, signature checked over the raw body. */
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
    const notice = noticeOf(event as Parameters<typeof noticeOf>[0], Number(timestamp) * 1000);
    if (notice) return applyNotice(notice, raw, res);
    // Zoom retries anything but 2xx; an event we do not handle is acknowledged and ignored.
    res.json({ status: 'ignored' });
  }

  const router = Router();
  router.post('/webhooks/zoom', express.raw({ type: () => true, limit: '64kb' }), receive);
  return router;
}
