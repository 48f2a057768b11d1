import { createHmac } from 'node:crypto';

/**
 * How the emulator delivers a Zoom webhook: signed exactly as Zoom signs, to any URL.
 * Options let tests send what an attacker or a broken proxy would.
 */
/** Zoom's scheme, written out here because the emulator never imports the app. */
function signatureFor(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface WebhookDelivery {
  timestampSeconds?: number;
  /** Replace the signature (a forged or wrong one). */
  signature?: string;
  /** Send this text instead of the JSON of the event (it is still signed). */
  rawBody?: string;
  /** Gives up on a receiver that does not answer (the emulator's own deliveries never wait forever). */
  signal?: AbortSignal;
}

export async function sendZoomWebhook(url: string, secret: string, event: object, delivery: WebhookDelivery = {}): Promise<Response> {
  const body = delivery.rawBody ?? JSON.stringify(event);
  const timestamp = String(delivery.timestampSeconds ?? Math.floor(Date.now() / 1000));
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zm-request-timestamp': timestamp,
      'x-zm-signature': delivery.signature ?? signatureFor(secret, timestamp, body),
    },
    body,
    signal: delivery.signal,
  });
}

export function deauthorizationEvent(userId: string, accountId: string, clientId: string) {
  const now = Date.now();
  return {
    event: 'app_deauthorized',
    event_ts: now,
    payload: { user_id: userId, account_id: accountId, client_id: clientId, deauthorization_time: new Date(now).toISOString(), signature: 'unused' },
  };
}
