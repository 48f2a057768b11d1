import type { EventKind } from '../zoom/client';
import { isMeetingId } from '../zoom/ids';
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
  /** payload.account_id ('' when none): meeting.updated names no host, so its account's hosts' readings are stale. */
  accountId: string;
  /** Epoch ms of the event (Zoom's event_ts, else the signed request time). */
  at: number;
  /** What the event says of the meeting's state; undefined for created/updated/deleted. */
  live?: { state: LiveStateName; since?: number };
  /** The meeting instance's UUID, when the event gives one: a plan starts each instance's stream once. */
  uuid?: string;
  /** A *.deleted event for the whole meeting or webinar (not one occurrence of a series: operation "single"). */
  deletedWhole?: boolean;
  /** The occurrences of a series the event is about (one deleted or moved), when it names them. */
  occurrenceIds?: string[];
}

/** The events the app subscribes to (docs/marketplace.md#events-to-subscribe), and what each says of the live state. */
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
  payload?: { account_id?: unknown; operation?: unknown; object?: { id?: unknown; uuid?: unknown; host_id?: unknown; live_streaming?: { date_time?: unknown }; occurrences?: unknown } };
}

/**
 * A number (a safe integer) or a decimal string: the ID as the app keeps it everywhere, or undefined.
 * The same rule as an ID a host typed (zoom/ids.ts): it ends up in Zoom's URLs and the app's rows.
 */
export function decimalIdOf(raw: unknown): string | undefined {
  const text = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
  return isMeetingId(text) ? text : undefined;
}

/** How far ahead of the signed request time an event may say it happened (the signature allows 5 minutes of skew). */
const AHEAD_MS = 5 * 60_000;

/**
 * A time Zoom gave (epoch ms, or an ISO string) as whole epoch milliseconds; 'invalid' for one the app
 * cannot keep or order by (fractional, not a time, before 1970, past the request time): the database keeps
 * whole milliseconds, and a far future time would outrank every later event of that meeting.
 */
function timeOf(raw: unknown, requestTimeMs: number): number | 'invalid' | undefined {
  if (raw === undefined || raw === null) return undefined;
  const ms = typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : NaN;
  return Number.isSafeInteger(ms) && ms > 0 && ms <= requestTimeMs + AHEAD_MS ? ms : 'invalid';
}

/** A signed event that names a subscribed event but carries a value the app cannot keep. */
export interface InvalidEvent {
  invalid: string;
  /** Zoom's event name, for the log. */
  name: string;
}

/** occurrences[].occurrence_id as Zoom sends them (digits, as a string or a number); anything else is left out. */
function occurrenceIdsOf(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((one: unknown) => (one as { occurrence_id?: unknown } | null)?.occurrence_id)
    .map((id) => (typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : id))
    .filter((id): id is string => typeof id === 'string' && /^[0-9]{1,20}$/.test(id)).slice(0, 50);
}

/**
 * The notice of a subscribed event; undefined for any other event or a payload without a usable ID;
 * InvalidEvent when its event_ts is not a time the app can keep (never guessed: it orders the evidence).
 * A live_streaming.date_time that is not one falls back to the event's time: it is only shown.
 */
export function noticeOf(body: ZoomEventBody, requestTimeMs: number): EventNotice | InvalidEvent | undefined {
  const name = typeof body.event === 'string' ? body.event : '';
  const subscribed = Object.hasOwn(SUBSCRIBED, name) ? SUBSCRIBED[name] : undefined;
  const object = body.payload?.object;
  const eventId = decimalIdOf(object?.id);
  if (!subscribed || !eventId) return undefined;
  const eventTime = timeOf(body.event_ts, requestTimeMs);
  if (eventTime === 'invalid') return { invalid: 'event_ts', name };
  const at = eventTime ?? requestTimeMs;
  const hostId = typeof object?.host_id === 'string' ? object.host_id : '';
  const accountId = typeof body.payload?.account_id === 'string' ? body.payload.account_id : '';
  const uuid = typeof object?.uuid === 'string' && object.uuid.length <= 100 ? object.uuid : undefined;
  const deletedWhole = name.endsWith('.deleted') && body.payload?.operation !== 'single';
  const occurrenceIds = occurrenceIdsOf(object?.occurrences);
  const notice: EventNotice = {
    name, kind: subscribed.kind, eventId, hostId, accountId, at, ...(uuid ? { uuid } : {}), ...(deletedWhole ? { deletedWhole } : {}),
    ...(occurrenceIds.length > 0 ? { occurrenceIds } : {}),
  };
  if (!subscribed.state) return notice;
  const declared = subscribed.state === 'live' ? timeOf(object?.live_streaming?.date_time, requestTimeMs) : undefined;
  const since = subscribed.state === 'live' ? (typeof declared === 'number' ? declared : at) : undefined;
  return { ...notice, live: { state: subscribed.state, ...(since !== undefined ? { since } : {}) } };
}

export function isInvalidEvent(reading: EventNotice | InvalidEvent | undefined): reading is InvalidEvent {
  return reading !== undefined && 'invalid' in reading;
}
