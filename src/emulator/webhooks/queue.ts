/**
 * The emulator's outgoing webhooks: one queue per emulator, so the app hears of changes in the order they happened.
 * Like Zoom, a change never waits for its webhook; unlike Zoom, a failed delivery is recorded and never retried,
 * so a test sees exactly one delivery per change.
 */
import { stringify } from 'lossless-json';
import type { WebhookTarget } from '../options';
import type { DeliveredWebhook } from '../types';
import { sendZoomWebhook } from './sender';

/** Zoom gives up after 3 s; the emulator waits longer so a slow CI machine is not a failed delivery, yet never forever. */
const ANSWER_TIMEOUT_MS = 10_000;
/** A long sandbox run keeps only the latest deliveries, like the request log. */
const KEPT_DELIVERIES = 1000;

/** Zoom's envelope. Ids Zoom writes as JSON numbers are LosslessNumbers here, so ids past 2^53 keep every digit. */
export interface ZoomEvent {
  event: string;
  event_ts: number;
  payload: { account_id: string; object: Record<string, unknown> } & Record<string, unknown>;
}

export interface WebhookQueue {
  target: WebhookTarget | undefined;
  /** Queues one event about meeting or webinar `id` (nothing without a target); resolves once it is answered or failed. */
  send(event: ZoomEvent, id: string): Promise<void>;
  /** Resolves when everything queued so far has been answered or has failed. */
  delivered(): Promise<void>;
  deliveries(): DeliveredWebhook[];
}

/** One POST, signed by the emulator's clock; any failure becomes status 0, never an exception. */
async function deliverOne(target: WebhookTarget, event: ZoomEvent, now: () => number): Promise<number> {
  try {
    const res = await sendZoomWebhook(target.url, target.secretToken, event, {
      rawBody: stringify(event) ?? '',
      timestampSeconds: Math.floor(now() / 1000),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    // Read the answer to its end: the connection is then free for the next delivery.
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  } catch {
    return 0;
  }
}

export function createWebhookQueue(target: WebhookTarget | undefined, now: () => number): WebhookQueue {
  const records: DeliveredWebhook[] = [];
  let tail: Promise<void> = Promise.resolve();
  const queue: WebhookQueue = {
    target,
    send(event, id) {
      // The target of the moment of the change: a later setWebhook does not redirect what is already queued.
      const to = queue.target;
      if (!to) return Promise.resolve();
      tail = tail.then(async () => {
        records.push({ event: event.event, id, status: await deliverOne(to, event, now) });
        if (records.length > KEPT_DELIVERIES) records.shift();
      });
      return tail;
    },
    delivered: () => tail,
    deliveries: () => records.map((record) => ({ ...record })),
  };
  return queue;
}
