/**
 * Zoom's webhook events for what changes in the emulator, shaped as Zoom sends them (zoom-api.md, "Events").
 * Zoom writes object.id as a string in {meeting,webinar}.started/ended and as a number everywhere else: numbers go
 * out as LosslessNumbers, so an id past 2^53 keeps its exact digits. A stream key appears only where Zoom puts it,
 * in live_streaming.custom_live_streaming_settings.
 */
import { LosslessNumber } from 'lossless-json';
import type { EmulatorContext } from '../context';
import { zoomTime } from '../state/seed';
import type { EmulatedEvent, EmulatedUser, EventKind, LivestreamSettings } from '../types';
import type { ZoomEvent } from './queue';

/** Live stream settings as the events carry them: every field present, empty when never set (as GET answers). */
function fullSettings(stored: LivestreamSettings | undefined): Required<LivestreamSettings> {
  return {
    stream_url: stored?.stream_url ?? '', stream_key: stored?.stream_key ?? '',
    page_url: stored?.page_url ?? '', resolution: stored?.resolution ?? '',
  };
}

export function hostOf(ctx: EmulatorContext, event: EmulatedEvent): EmulatedUser {
  const host = Object.values(ctx.seed.hosts).find((candidate) => candidate.id === event.host_id);
  if (!host) throw new Error(`No host ${event.host_id} in the emulator`);
  return host;
}

/** The fields every event's object carries. */
function objectOf(event: EmulatedEvent, id: string | LosslessNumber) {
  const { uuid, host_id, topic, type, start_time, duration, timezone } = event;
  return { id, uuid, host_id, topic, type, start_time, duration, timezone };
}

type Payload = { object: Record<string, unknown> } & Record<string, unknown>;

function envelope(ctx: EmulatorContext, name: string, host: EmulatedUser, payload: Payload): ZoomEvent {
  return { event: name, event_ts: ctx.options.now(), payload: { account_id: host.account_id, ...payload } };
}

/** {kind}.started / {kind}.ended: the host opened or closed it in the Zoom client (no operator, as in Zoom's). */
export function lifecycleEvent(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent, change: 'started' | 'ended'): ZoomEvent {
  const object = objectOf(event, event.id);
  const ended = change === 'ended' ? { end_time: zoomTime(ctx.options.now()) } : {};
  return envelope(ctx, `${kind}.${change}`, hostOf(ctx, event), { object: { ...object, ...ended } });
}

/**
 * meeting.live_streaming_started / _stopped (Zoom has none for webinars), with the settings the stream uses. The
 * operator is whoever acted: the host, or an account admin through the API.
 */
export function liveStreamingEvent(
  ctx: EmulatorContext, event: EmulatedEvent, change: 'started' | 'stopped', operator?: EmulatedUser,
): ZoomEvent {
  const host = hostOf(ctx, event);
  const actor = operator ?? host;
  const live_streaming = {
    service: 'Custom_Live_Streaming_Service',
    custom_live_streaming_settings: fullSettings(ctx.seed.livestreams.meeting.get(event.id)),
    date_time: zoomTime(ctx.options.now()),
  };
  return envelope(ctx, `meeting.live_streaming_${change}`, host, {
    operator: actor.email, operator_id: actor.id,
    object: { ...objectOf(event, new LosslessNumber(event.id)), live_streaming },
  });
}

type VisibleSettings = Omit<Required<LivestreamSettings>, 'stream_key'>;
const VISIBLE_FIELDS = ['stream_url', 'page_url', 'resolution'] as const;

/** The fields that changed, before and after; the stream key is left out of both (it is a secret). */
function changedFields(before: LivestreamSettings | undefined, after: LivestreamSettings) {
  const old = fullSettings(before);
  const now = fullSettings(after);
  const changed = VISIBLE_FIELDS.filter((field) => old[field] !== now[field]);
  const pick = (from: VisibleSettings) => Object.fromEntries(changed.map((field) => [field, from[field]]));
  return { before: pick(old), after: pick(now) };
}

/**
 * {kind}.updated after PATCH …/livestream: object and old_object carry the id and what changed. Zoom documents no
 * field for live stream settings in this event; the emulator's choice is settings.live_stream. The operator is the
 * caller (an admin changing a host's meeting is named, the host is not).
 */
export function updatedEvent(
  ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent, before: LivestreamSettings | undefined, after: LivestreamSettings,
  operator?: EmulatedUser,
): ZoomEvent {
  const host = hostOf(ctx, event);
  const actor = operator ?? host;
  const id = new LosslessNumber(event.id);
  const changed = changedFields(before, after);
  return envelope(ctx, `${kind}.updated`, host, {
    operator: actor.email, operator_id: actor.id, time_stamp: ctx.options.now(),
    object: { id, uuid: event.uuid, settings: { live_stream: changed.after } },
    old_object: { id, uuid: event.uuid, settings: { live_stream: changed.before } },
  });
}
