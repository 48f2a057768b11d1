/**
 * {kind}.created / .updated / .deleted when a host schedules, reschedules or cancels a meeting or webinar in Zoom
 * (zoom-api.md, "Events"; Zoom's event reference). object.id is a number, sent as a LosslessNumber so an id past 2^53
 * keeps its digits. A change to one occurrence of a series is `operation: 'single'` (created, deleted) or
 * `scope: 'single'` (updated), with the occurrence in object.occurrences; a change to the whole series is 'all'.
 */
import { LosslessNumber } from 'lossless-json';
import type { EmulatorContext } from '../context';
import { recurrenceOf } from '../api/event-json';
import type { EmulatedEvent, EmulatedOccurrence, EventKind } from '../types';
import { hostOf } from './events';
import type { ZoomEvent } from './queue';

export type EventFields = Partial<Pick<EmulatedEvent, 'topic' | 'start_time' | 'duration'>>;

type Payload = { object: Record<string, unknown> } & Record<string, unknown>;

function envelope(ctx: EmulatorContext, name: string, event: EmulatedEvent, payload: Payload): ZoomEvent {
  const host = hostOf(ctx, event);
  return {
    event: name, event_ts: ctx.options.now(),
    payload: { account_id: host.account_id, operator: host.email, operator_id: host.id, ...payload },
  };
}

function wholeObject(event: EmulatedEvent) {
  const { uuid, id, host_id, topic, type, start_time, duration, timezone, join_url } = event;
  const recurring = event.occurrences ? { recurrence: recurrenceOf(event), occurrences: event.occurrences } : {};
  return { uuid, id: new LosslessNumber(id), host_id, topic, type, start_time, duration, timezone, join_url, ...recurring };
}

const occurrenceRef = ({ occurrence_id, start_time }: EmulatedOccurrence) => ({ occurrence_id, start_time });

export function createdEvent(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent): ZoomEvent {
  return envelope(ctx, `${kind}.created`, event, { operation: 'all', object: wholeObject(event) });
}

/** Before and after hold only the fields that changed (for one occurrence: its start_time and duration). */
export function rescheduledEvent(
  ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent, before: EventFields, after: EventFields, occurrenceId?: string,
): ZoomEvent {
  const id = new LosslessNumber(event.id);
  const side = (fields: EventFields) => occurrenceId
    ? { id, uuid: event.uuid, occurrences: [{ occurrence_id: occurrenceId, ...fields }] }
    : { id, uuid: event.uuid, ...fields };
  return envelope(ctx, `${kind}.updated`, event, {
    scope: occurrenceId ? 'single' : 'all', time_stamp: ctx.options.now(), object: side(after), old_object: side(before),
  });
}

export function deletedEvent(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent, occurrence?: EmulatedOccurrence): ZoomEvent {
  const { uuid, host_id, topic, type, start_time, duration, timezone } = event;
  const object = { uuid, id: new LosslessNumber(event.id), host_id, topic, type, start_time, duration, timezone };
  return envelope(ctx, `${kind}.deleted`, event, {
    operation: occurrence ? 'single' : 'all',
    object: occurrence ? { ...object, occurrences: [occurrenceRef(occurrence)] } : object,
  });
}
