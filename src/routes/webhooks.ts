import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { checkWebhook, urlValidationAnswer } from '../zoom/webhook';

export interface WebhookDeps {
  secret?: string;
  /** Ends every session of a Zoom user (the store's user index); resolves to how many. */
  endUserSessions: (zoomUserId: string) => Promise<number>;
  logger: Logger;
}

interface ZoomEvent {
  event?: unknown;
  payload?: { plainToken?: unknown; user_id?: unknown };
}

function parseEvent(raw: Buffer): ZoomEvent | undefined {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as ZoomEvent) : undefined;
  } catch {
    return undefined;
  }
}

export function webhookRoutes({ secret, endUserSessions, logger }: WebhookDeps): Router {
  /** @route POST /webhooks/zoom — URL validation and app_deauthorized, signature checked over the raw body. */
  async function receive(req: Request, res: Response): Promise<void> {
    if (!secret) return void res.status(503).json({ error: 'webhooks are not configured (ZOOM_WEBHOOK_SECRET_TOKEN)' });
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = checkWebhook(secret, { signature: req.get('x-zm-signature'), timestamp: req.get('x-zm-request-timestamp') }, raw);
    if (check !== 'ok') {
      logger.warn({ check }, 'webhook refused');
      return void res.status(401).json({ error: `webhook refused: ${check}` });
    }
    const event = parseEvent(raw);
    if (!event) return void res.status(400).json({ error: 'body is not a JSON object' });
    if (event.event === 'endpoint.url_validation' && typeof event.payload?.plainToken === 'string') {
      return void res.json(urlValidationAnswer(secret, event.payload.plainToken));
    }
    if (event.event === 'app_deauthorized' && typeof event.payload?.user_id === 'string') {
      // Idempotent: a repeated delivery finds no sessions left and still answers 200.
      const ended = await endUserSessions(event.payload.user_id);
      logger.info({ ended }, 'app deauthorized: sessions ended');
      return void res.json({ status: 'ok', sessionsEnded: ended });
    }
    // Zoom retries anything but 2xx; an event we do not handle is acknowledged and ignored.
    res.json({ status: 'ignored' });
  }

  const router = Router();
  router.post('/webhooks/zoom', express.raw({ type: () => true, limit: '64kb' }), receive);
  return router;
}
