/**
 * The one reading of Zoom's 429: its Retry-After (delta-seconds on per-second limits, an HTTP or ISO date
 * on daily ones, or absent) and X-RateLimit-Type. The client's retries, the bulk runner and the pages all
 * read it here, so a wait means the same everywhere. Every wait is capped: Zoom's longest meaningful wait
 * is until its daily reset at 00:00 UTC, and a per-second limit never asks for more than a minute. A header
 * past that (`Retry-After: 100000000000000`) would otherwise make an invalid Date, or a timer that Node
 * clamps to 1 ms.
 */

/** What a 429 (or any error carrying these headers, like ZoomApiError) tells us. */
export interface RateLimitReply {
  retryAfter?: string;
  rateLimitType?: string;
}

/** How long Zoom asks us to wait, already capped: seconds, or until a moment. */
export type RetryAfter = { seconds: number } | { until: Date };

/** What to do after a 429: try again now, wait this long, or stop until Zoom's daily reset. */
export type RetryVerdict = { kind: 'now' } | { kind: 'wait'; ms: number } | { kind: 'daily'; until: number };

/** A per-second limit (X-RateLimit-Type: QPS) is over within seconds; a longer ask is a mistake. */
export const MAX_PER_SECOND_WAIT_MS = 60_000;

/** The next 00:00 UTC after `now`, when Zoom's daily limits reset. */
export function nextUtcMidnight(now: number): number {
  const day = new Date(now);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
}

/** Without Retry-After: 1 s, doubling per attempt, at most 30 s. */
export const backoffMs = (attempt: number): number => Math.min(1000 * 2 ** Math.max(0, attempt), 30_000);

/** An HTTP-date ("Mon, 23 Nov 2026 12:00:05 GMT") or an ISO time ("2026-05-02T00:00:00Z"); not "1.5" or "-5". */
const DATE_SHAPE = /^(?:[A-Za-z]{3},|\d{4}-\d{2}-\d{2})/;

/**
 * Retry-After as read, capped at the next 00:00 UTC after `now` (seconds reaching past it become that
 * moment); undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): RetryAfter | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const midnight = nextUtcMidnight(now);
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return seconds * 1000 < midnight - now ? { seconds } : { until: new Date(midnight) };
  }
  const until = DATE_SHAPE.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(until) ? undefined : { until: new Date(Math.min(until, midnight)) };
}

/** How long Retry-After asks us to wait, in ms (capped); undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  const wait = parseRetryAfter(value, now);
  if (!wait) return undefined;
  return 'seconds' in wait ? wait.seconds * 1000 : Math.max(0, wait.until.getTime() - now);
}

const isDaily = (reply: RateLimitReply): boolean => /daily/i.test(reply.rateLimitType ?? '');
const isPerSecond = (reply: RateLimitReply): boolean => /qps|second/i.test(reply.rateLimitType ?? '');

/**
 * A 429's verdict. A daily limit stops until 00:00 UTC; otherwise wait as Retry-After says (capped: a
 * minute for a per-second limit, else the daily reset), or back off by attempt when it says nothing (the
 * client backs off with its own jitter).
 */
export function retryVerdict(reply: RateLimitReply, now: number, attempt = 0, backoff: (attempt: number) => number = backoffMs): RetryVerdict {
  if (isDaily(reply)) return { kind: 'daily', until: nextUtcMidnight(now) };
  const asked = retryAfterMs(reply.retryAfter, now);
  if (asked === undefined) return { kind: 'wait', ms: backoff(attempt) };
  const ms = isPerSecond(reply) ? Math.min(asked, MAX_PER_SECOND_WAIT_MS) : asked;
  return ms > 0 ? { kind: 'wait', ms } : { kind: 'now' };
}
