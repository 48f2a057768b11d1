/**
 * A broadcast's title from the destination's pattern: `{topic}` and `{date}` (YYYY-MM-DD on the event's own
 * calendar, its timezone, or UTC without one: a host in Tokyo expects the date their audience sees). YouTube takes at
 * most 100 characters and refuses `<` and `>` (invalidTitle), so both are dropped and the title is cut, never in the
 * middle of a surrogate pair (half an emoji is not a character YouTube accepts).
 */
export const DEFAULT_TITLE_PATTERN = '{topic} — {date}';
export const MAX_TITLE_LENGTH = 100;

export interface TitledEvent {
  topic: string;
  /** ISO 8601. */
  startTime: string;
  /** IANA zone, e.g. Asia/Tokyo; an unknown one falls back to UTC. */
  timezone?: string;
}

/** YYYY-MM-DD of `iso` in `timeZone` (en-CA writes dates in that order). */
export function eventDate(iso: string, timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const format = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  try {
    return format(timeZone || 'UTC');
  } catch {
    return format('UTC');
  }
}

/** Cuts to `max` UTF-16 units (what YouTube counts), stepping back over a lone high surrogate. */
export function cutTitle(title: string, max = MAX_TITLE_LENGTH): string {
  if (title.length <= max) return title;
  const code = title.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return title.slice(0, end).trimEnd();
}

export function broadcastTitle(event: TitledEvent, pattern = DEFAULT_TITLE_PATTERN): string {
  const filled = (pattern.trim() || DEFAULT_TITLE_PATTERN)
    .replaceAll('{topic}', event.topic.trim())
    .replaceAll('{date}', eventDate(event.startTime, event.timezone))
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    // An empty topic must not leave the pattern's separator dangling ("— 2026-05-01").
    .replace(/^[\s—–-]+|[\s—–-]+$/g, '');
  // YouTube requires a title (titleRequired): an event without a topic still gets its date.
  return cutTitle(filled || eventDate(event.startTime, event.timezone) || 'Live stream');
}
