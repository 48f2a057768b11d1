/**
 * A host scheduling, rescheduling and cancelling meetings and webinars in Zoom (not through this app): the emulator's
 * state changes at once, the matching {kind}.created / .updated / .deleted is queued, and each resolves once that
 * webhook is answered. Bad arguments throw at once, like the host actions.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { EmulatorContext } from '../context';
import { weeklyOccurrences, zoomTime } from '../state/seed';
import { createdEvent, deletedEvent, rescheduledEvent, type EventFields } from '../webhooks/manage-events';
import type { EmulatedEvent, EmulatedUser, EventKind, HostKey, NewEvent } from '../types';
import { findEvent } from './host-actions';

function eventIn(ctx: EmulatorContext, kind: EventKind, id: string): EmulatedEvent {
  const event = findEvent(ctx, kind, id);
  if (!event) throw new Error(`No ${kind} ${id} in the emulator`);
  return event;
}

/** An 11-digit id no event of this kind has yet (Zoom's ids for new meetings are 10 or 11 digits). */
function freshId(ctx: EmulatorContext, kind: EventKind): string {
  for (;;) {
    const id = String(randomInt(88_000_000_000, 89_000_000_000));
    if (!findEvent(ctx, kind, id)) return id;
  }
}

function startMsOf(startTime: string): number {
  const ms = Date.parse(startTime);
  if (!Number.isFinite(ms)) throw new Error(`Not a start time: ${startTime}`);
  return ms;
}

/** Recurring (occurrences > 0): Zoom's type 8 (meetings) or 9 (webinars), weekly from start_time. */
export function createEvent(ctx: EmulatorContext, kind: EventKind, hostKey: HostKey, fields: NewEvent): [EmulatedEvent, Promise<void>] {
  const host = ctx.seed.hosts[hostKey] as EmulatedUser | undefined;
  if (!host) throw new Error(`No host ${String(hostKey)} in the emulator`);
  const startMs = startMsOf(fields.start_time);
  const id = freshId(ctx, kind);
  const recurring = (fields.occurrences ?? 0) > 0;
  const event: EmulatedEvent = {
    id, uuid: randomBytes(16).toString('base64'), topic: fields.topic, start_time: zoomTime(startMs),
    duration: fields.duration, timezone: host.timezone, host_id: host.id, created_at: zoomTime(ctx.options.now()),
    type: kind === 'meeting' ? (recurring ? 8 : 2) : (recurring ? 9 : 5),
    join_url: `https://zoom.example.com/${kind === 'meeting' ? 'j' : 'w'}/${id}`,
    status: 'waiting', encryption_type: 'enhanced_encryption',
  };
  if (recurring) event.occurrences = weeklyOccurrences(startMs, fields.duration, fields.occurrences ?? 0);
  ctx.seed.events[kind].push(event);
  ctx.seed.streams[kind].set(id, { live: false });
  ctx.changed();
  return [event, ctx.webhooks.send(createdEvent(ctx, kind, event), id)];
}

function pickFields(from: EventFields, keys: (keyof EventFields)[]): EventFields {
  return Object.fromEntries(keys.map((key) => [key, from[key]]));
}

/** What the change is applied to: the event, or one of its occurrences (which has no topic of its own). */
function targetOf(kind: EventKind, event: EmulatedEvent, change: EventFields, occurrenceId?: string): EventFields {
  if (occurrenceId === undefined) return event;
  const occurrence = event.occurrences?.find((one) => one.occurrence_id === occurrenceId);
  if (!occurrence) throw new Error(`No occurrence ${occurrenceId} of ${kind} ${event.id} in the emulator`);
  if (change.topic !== undefined) throw new Error('An occurrence has no topic of its own');
  return occurrence;
}

/** The whole event, or (with occurrenceId) one occurrence of a series: its start_time and duration only. */
export function updateEvent(ctx: EmulatorContext, kind: EventKind, id: string, change: EventFields, occurrenceId?: string): Promise<void> {
  const event = eventIn(ctx, kind, id);
  const wanted = change.start_time === undefined ? change : { ...change, start_time: zoomTime(startMsOf(change.start_time)) };
  const target = targetOf(kind, event, wanted, occurrenceId);
  const keys = (Object.keys(wanted) as (keyof EventFields)[]).filter((key) => wanted[key] !== undefined && wanted[key] !== target[key]);
  const before = pickFields(target, keys);
  const after = pickFields(wanted, keys);
  Object.assign(target, after);
  // A series moved as a whole keeps its number of weekly occurrences, from the new start.
  if (occurrenceId === undefined && event.occurrences && keys.length > 0) {
    event.occurrences = weeklyOccurrences(startMsOf(event.start_time), event.duration, event.occurrences.length);
  }
  ctx.changed();
  return ctx.webhooks.send(rescheduledEvent(ctx, kind, event, before, after, occurrenceId), id);
}

function removeEvent(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent): void {
  const events = ctx.seed.events[kind];
  events.splice(events.indexOf(event), 1);
  ctx.seed.livestreams[kind].delete(event.id);
  ctx.seed.streams[kind].delete(event.id);
}

/** The whole event, or (with occurrenceId) one occurrence: the series then starts at its next one; its last one takes the series. */
export function deleteEvent(ctx: EmulatorContext, kind: EventKind, id: string, occurrenceId?: string): Promise<void> {
  const event = eventIn(ctx, kind, id);
  const occurrence = occurrenceId === undefined ? undefined : event.occurrences?.find((one) => one.occurrence_id === occurrenceId);
  if (occurrenceId !== undefined && !occurrence) throw new Error(`No occurrence ${occurrenceId} of ${kind} ${id} in the emulator`);
  const message = deletedEvent(ctx, kind, event, occurrence);
  const left = event.occurrences?.filter((one) => one !== occurrence) ?? [];
  if (occurrence && left.length > 0) {
    event.occurrences = left;
    event.start_time = left[0].start_time;
  } else removeEvent(ctx, kind, event);
  ctx.changed();
  return ctx.webhooks.send(message, id);
}
