import type { EventKind } from '../zoom/client';
import type { LiveStateName } from './live-store';

/**
 * Zoom's meeting and webinar events, as the app uses them: which event of which host changed, when, and
 * (for the events that say it) whether it is now in progress, streaming or over. Read from the signed,
 * parsed body (zoom/json.ts keeps IDs above 2^53 as decimal strings). Nothing else of the payload is
 * kept: live streaming events carry the stream key, which must not reach a log or the database.
 */
export interface EventNotice {
  /** Zoom's event name, e.g. meeting.live_streaming_started. */
  name: string;
  kind: EventKind;
  /** The meeting or webinar ID as a decimal string, however Zoom wrote it. */
  eventId: string;
  /** The host's Zoom user id ('' when the payload has none): whose cached readings are now stale. */
  hostId: string;
  /** Epoch ms of the event (Zoom's event_ts, else the signed request time). */
  at: number;
  /** What the event says of the meeting's state; undefined for created/updated/deleted. */
  live?: { state: LiveStateName; since?: number };
}

/** The events the app subscribes to (README), and what each says of the live state. */
export const SUBSCRIBED: Readonly<Record<string, { kind: EventKind; state?: LiveStateName }>> = {
  'meeting.started': { kind: 'meeting', state: 'started' },
  'meeting.ended': { kind: 'meeting', state: 'ended' },
  'meeting.live_streaming_started': { kind: 'meeting', state: 'live' },
  // Stopped streaming, still in progress: Zoom sends meeting.ended on its own when the meeting ends.
  'meeting.live_streaming_stopped': { kind: 'meeting', state: 'started' },
  'meeting.created': { kind: 'meeting' },
  'meeting.updated': { kind: 'meeting' },
  'meeting.deleted': { kind: 'meeting', state: 'ended' },
  'webinar.started': { kind: 'webinar', state: 'started' },
  'webinar.ended': { kind: 'webinar', state: 'ended' },
  'webinar.created': { kind: 'webinar' },
  'webinar.updated': { kind: 'webinar' },
  'webinar.deleted': { kind: 'webinar', state: 'ended' },
};

interface ZoomEventBody {
  event?: unknown;
  event_ts?: unknown;
  payload?: { object?: { id?: unknown; host_id?: unknown; live_streaming?: { date_time?: unknown } } };
}

/** A number (a safe integer) or a decimal string: the ID as the app keeps it everywhere, or undefined. */
export function decimalIdOf(raw: unknown): string | undefined {
  const text = typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0 ? String(raw) : raw;
  return typeof text === 'string' && /^[1-9][0-9]{0,19}$/.test(text) ? text : undefined;
}

function timeOf(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0) return raw;
  if (typeof raw !== 'string') return undefined;
  const parsed = Date.parse(raw);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** The notice of a subscribed event; undefined for any other event or a payload without a usable ID. */
export function noticeOf(body: ZoomEventBody, requestTimeMs: number): EventNotice | undefined {
  const name = typeof body.event === 'string' ? body.event : '';
  const subscribed = Object.hasOwn(SUBSCRIBED, name) ? SUBSCRIBED[name] : undefined;
  const object = body.payload?.object;
  const eventId = decimalIdOf(object?.id);
  if (!subscribed || !eventId) return undefined;
  const at = timeOf(body.event_ts) ?? requestTimeMs;
  const hostId = typeof object?.host_id === 'string' ? object.host_id : '';
  const notice: EventNotice = { name, kind: subscribed.kind, eventId, hostId, at };
  if (!subscribed.state) return notice;
  const since = subscribed.state === 'live' ? timeOf(object?.live_streaming?.date_time) ?? at : undefined;
  return { ...notice, live: { state: subscribed.state, ...(since !== undefined ? { since } : {}) } };
}
