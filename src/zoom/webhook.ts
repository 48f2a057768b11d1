import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Zoom webhook security: `x-zm-signature` = "v0=" + hex HMAC-SHA256(secret token,
 * "v0:{x-zm-request-timestamp}:{raw body}"), checked over the raw bytes before any parsing,
 * compared in constant time, and refused when the timestamp is more than 5 minutes away.
 */
export const MAX_SKEW_SECONDS = 300;

export function signatureFor(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`v0:${timestamp}:`);
  mac.update(rawBody);
  return `v0=${mac.digest('hex')}`;
}

export type WebhookCheck = 'ok' | 'missing' | 'stale' | 'bad-signature';

export function checkWebhook(secret: string, headers: { signature?: string; timestamp?: string }, rawBody: Buffer, nowMs = Date.now()): WebhookCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'stale';
  const expected = Buffer.from(signatureFor(secret, timestamp, rawBody));
  const received = Buffer.from(signature);
  return expected.length === received.length && timingSafeEqual(expected, received) ? 'ok' : 'bad-signature';
}

/** The answer to Zoom's endpoint.url_validation challenge. */
export function urlValidationAnswer(secret: string, plainToken: string) {
  return { plainToken, encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex') };
}

/** What the app needs from an `app_deauthorized` event. */
export interface Deauthorization {
  userId: string;
  /** Epoch ms the host removed the app: logins after it are new authorizations and stay. */
  at: number;
  /** The same for every delivery of this event (Zoom's retries, a replay), so it is handled once. */
  deliveryKey: string;
}

/**
 * Reads an `app_deauthorized` payload. Its time is `deauthorization_time` (ISO), else `event_ts`
 * (epoch ms), else the signed request timestamp: all three are covered by the signature.
 */
export function deauthorizationOf(event: { event_ts?: unknown; payload?: { user_id?: unknown; deauthorization_time?: unknown } }, timestampSeconds: number): Deauthorization | undefined {
  const userId = event.payload?.user_id;
  if (typeof userId !== 'string' || userId === '') return undefined;
  const declared = typeof event.payload?.deauthorization_time === 'string' ? Date.parse(event.payload.deauthorization_time) : NaN;
  const at = Number.isFinite(declared) ? declared : typeof event.event_ts === 'number' && Number.isFinite(event.event_ts) ? event.event_ts : timestampSeconds * 1000;
  const deliveryKey = createHash('sha256').update(JSON.stringify(['app_deauthorized', userId, event.event_ts ?? null, at])).digest('hex');
  return { userId, at, deliveryKey };
}
