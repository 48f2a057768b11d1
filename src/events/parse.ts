import { createHash } from 'node:crypto';
import { parseZoomJson } from '../zoom/json';
import { deauthorizationOf, type Deauthorization } from '../zoom/webhook';
import { isInvalidEvent, noticeOf, type EventNotice } from './zoom-events';

/**
 * A signed delivery (its signature already checked over these bytes) as what the app does with it.
 * Zoom writes meeting IDs as int64 numbers: parsed so that one above 2^53 keeps its digits.
 */
export type ZoomDelivery =
  | { type: 'malformed' }
  | { type: 'urlValidation'; plainToken: string }
  | { type: 'deauthorized'; deauthorization: Deauthorization }
  /** deliveryKey: the same for every delivery of these bytes (Zoom's retries, a replay), so it is applied once. */
  | { type: 'notice'; notice: EventNotice; deliveryKey: string }
  /** A subscribed event with a value the app cannot keep (a fractional event_ts): refused, never retried into an outage. */
  | { type: 'invalid'; name: string; field: string }
  | { type: 'ignored' };

interface ZoomEventBody {
  event?: unknown;
  event_ts?: unknown;
  payload?: { plainToken?: unknown; user_id?: unknown; deauthorization_time?: unknown; object?: { id?: unknown; host_id?: unknown } };
}

function bodyOf(raw: Buffer): ZoomEventBody | undefined {
  try {
    const parsed: unknown = parseZoomJson(raw.toString('utf8'));
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `timestampSeconds`: the signed x-zm-request-timestamp, the time of an event that does not give its own. */
export function readDelivery(raw: Buffer, timestampSeconds: number): ZoomDelivery {
  const body = bodyOf(raw);
  if (!body) return { type: 'malformed' };
  if (body.event === 'endpoint.url_validation' && typeof body.payload?.plainToken === 'string') {
    return { type: 'urlValidation', plainToken: body.payload.plainToken };
  }
  const deauthorization = body.event === 'app_deauthorized' ? deauthorizationOf(body, timestampSeconds) : undefined;
  if (deauthorization) return { type: 'deauthorized', deauthorization };
  const notice = noticeOf(body, timestampSeconds * 1000);
  if (isInvalidEvent(notice)) return { type: 'invalid', name: notice.name, field: notice.invalid };
  if (notice) return { type: 'notice', notice, deliveryKey: createHash('sha256').update(raw).digest('hex') };
  return { type: 'ignored' };
}
