import type { StoredBroadcast } from './broadcast-repository';
import { WATCH_URL } from './broadcasts';

/**
 * Which of a series' broadcasts (one per occurrence) a page shows: the next one, chosen the same way by the event
 * page (with YouTube's word on which have ended) and by /streams (from the database alone).
 */

/**
 * An occurrence that started this long ago still counts as the next one: a host who starts ten minutes late, or a
 * meeting that runs on, sees today's broadcast, not next week's.
 */
export const LATE_START_GRACE_MS = 2 * 3_600_000;

/** liveBroadcasts.list answers at most 50 ids a call. */
export const MAX_ASKED = 50;

export const watchUrlOf = (broadcastId: string): string => `${WATCH_URL}${broadcastId}`;

/**
 * `rows` oldest first (by scheduled start): the first not yet past its start (within the grace) that `open` lets
 * through, else the latest. `open`: whether YouTube still has it ahead (every row, without YouTube's answer).
 */
export function nextBroadcast(rows: readonly StoredBroadcast[], now: number, open: (row: StoredBroadcast) => boolean = () => true): StoredBroadcast {
  return rows.find((row) => row.scheduled_start >= now - LATE_START_GRACE_MS && open(row)) ?? rows[rows.length - 1];
}

/** The MAX_ASKED broadcasts scheduled nearest to now (oldest first): the one on air and the next are among them. */
export function nearestBroadcasts(rows: readonly StoredBroadcast[], now: number): StoredBroadcast[] {
  if (rows.length <= MAX_ASKED) return [...rows];
  const nearest = [...rows].sort((a, b) => Math.abs(a.scheduled_start - now) - Math.abs(b.scheduled_start - now)).slice(0, MAX_ASKED);
  return nearest.sort((a, b) => a.scheduled_start - b.scheduled_start);
}
