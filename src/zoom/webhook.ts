import { createHmac, timingSafeEqual } from 'node:crypto';

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
