/**
 * Meetings and webinars as Zoom writes them: in a list, and in full (GET /{kind}s/{id}).
 * Ids go out as raw JSON integers, exactly like Zoom, even past 2^53: send these with sendExactJson.
 */
import type { Response } from 'express';
import { LosslessNumber, stringify } from 'lossless-json';
import type { EmulatedEvent, EmulatedUser, EventKind } from '../types';

const ZOOM_WEEKDAYS = 7;

/** The fields a list item carries; status, settings and occurrences stay out, as in Zoom's lists. */
export function listItemOf(event: EmulatedEvent) {
  const { id, uuid, host_id, topic, type, start_time, duration, timezone, created_at, join_url } = event;
  return { uuid, id: new LosslessNumber(id), host_id, topic, type, start_time, duration, timezone, created_at, join_url };
}

/** Zoom's weekly recurrence: weekly_days counts 1 = Sunday … 7 = Saturday. */
export function recurrenceOf(event: EmulatedEvent) {
  const weekday = (new Date(event.start_time).getUTCDay() % ZOOM_WEEKDAYS) + 1;
  return { type: 2, repeat_interval: 1, weekly_days: String(weekday), end_times: event.occurrences?.length ?? 0 };
}

/** Meetings report their status and encryption; webinars report neither (not in Zoom's webinar object). */
function kindFields(kind: EventKind, event: EmulatedEvent) {
  if (kind === 'webinar') {
    return { is_simulive: false, settings: { host_video: true, panelists_video: true, approval_type: 2, audio: 'voip', auto_recording: 'none' } };
  }
  return {
    status: event.status,
    pre_schedule: false,
    settings: {
      host_video: true, participant_video: false, join_before_host: false, mute_upon_entry: true, waiting_room: true,
      approval_type: 2, audio: 'voip', auto_recording: 'none', encryption_type: event.encryption_type,
    },
  };
}

export function detailsOf(kind: EventKind, event: EmulatedEvent, host: EmulatedUser) {
  const recurring = event.occurrences ? { occurrences: event.occurrences, recurrence: recurrenceOf(event) } : {};
  return {
    ...listItemOf(event),
    host_email: host.email,
    agenda: '',
    start_url: `https://zoom.example.com/s/${event.id}`,
    creation_source: 'web_portal',
    ...kindFields(kind, event),
    ...recurring,
  };
}

export function sendExactJson(res: Response, body: unknown): void {
  res.type('application/json').send(stringify(body));
}
