import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { createEventHandler, type EventHandlerDeps, type EventOutcome } from '../events/handle';
import { readDelivery } from '../events/parse';
import { checkWebhook, urlValidationAnswer } from '../zoom/webhook';

/** What the route needs: the webhook secret, and what events/handle.ts works with. */
export interface WebhookDeps extends EventHandlerDeps {
  secret?: string;
  logger: Logger;
}

/** An outcome as Zoom is answered: 2xx stops its retries; a refused value is a 400 (retrying cannot help). */
function answer(res: Response, outcome: EventOutcome): void {
  if (outcome.status === 'invalid') return void res.status(400).json({ status: 'invalid', error: 'the event carries a value the app cannot keep' });
  res.json(outcome);
}

export function webhookHandler({ secret, ...deps }: WebhookDeps) {
  const { logger } = deps;
  const events = createEventHandler(deps);

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
    const delivery = readDelivery(raw, Number(timestamp));
    switch (delivery.type) {
      case 'malformed':
        return void res.status(400).json({ error: 'body is not a JSON object' });
      case 'urlValidation':
        return void res.json(urlValidationAnswer(secret, delivery.plainToken));
      case 'deauthorized':
        return answer(res, await events.deauthorize(delivery.deauthorization));
      case 'notice':
        return answer(res, await events.applyNotice(delivery.notice, delivery.deliveryKey));
      case 'invalid':
        // Signed by Zoom, so not an attacker's: a change in Zoom's payloads the app must learn of.
        logger.error({ zoomEvent: delivery.name, field: delivery.field }, 'unexpected zoom event: a value the app cannot keep');
        return answer(res, { status: 'invalid' });
      case 'ignored':
        // Zoom retries anything but 2xx; an event we do not handle is acknowledged and ignored.
        return void res.json({ status: 'ignored' });
    }
  }

  return receive;
}
