import { formatStart } from '../shared/format';
import type { EventDetails } from '../../zoom/client';

/** What the top of a live stream page says about the meeting: which one it is, when, and its state. */
export interface EventContext {
  topic: string;
  startIso: string;
  startsAt: string;
  durationMinutes?: number;
  recurring: boolean;
  /** Zoom's status: 'waiting', 'started', or '' when Zoom did not say. */
  status: string;
  /** End-to-end encrypted: Zoom cannot live stream it. */
  e2ee: boolean;
}

/** Zoom's recurring types: 3 and 8 for meetings, 6 and 9 for webinars. */
const RECURRING_TYPES = new Set([3, 6, 8, 9]);

/** The ID as Zoom shows it: 857 4606 5001 (11 digits), 123 456 7890 (10), 123 456 789 (9); longer ones in fours. */
export function groupId(id: string): string {
  const patterns: Record<number, number[]> = { 9: [3, 3, 3], 10: [3, 3, 4], 11: [3, 4, 4] };
  const sizes = patterns[id.length];
  if (sizes) {
    let at = 0;
    return sizes.map((size) => id.slice(at, (at += size))).join(' ');
  }
  if (id.length < 9) return id;
  return id.replace(/\B(?=(\d{4})+$)/g, ' ');
}

export function eventContext(details: EventDetails, timeZone: string | undefined, language: string): EventContext {
  return {
    topic: details.topic,
    startIso: details.start_time ?? '',
    startsAt: formatStart(details.start_time, timeZone ?? details.timezone, language),
    durationMinutes: details.duration,
    recurring: details.type !== undefined && RECURRING_TYPES.has(details.type),
    status: details.status === 'started' || details.status === 'waiting' ? details.status : '',
    e2ee: details.settings?.encryption_type === 'e2ee',
  };
}
