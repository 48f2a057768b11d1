import { ZoomApiError, ZoomUnavailableError } from '../../src/zoom/errors';
import { DEFAULT_RETRY, retryDelay } from '../../src/zoom/retry';
import { parseRetryAfter, retryAfterMs, retryVerdict } from '../../src/zoom/retry-after';

describe('retry policy', () => {
  const notSent = new ZoomUnavailableError('network', { key: 'zoom.message.unreachable' }, true);
  const reset = new ZoomUnavailableError('network', { key: 'zoom.message.unreachable' }, false);
  const timeout = new ZoomUnavailableError('timeout', { key: 'zoom.message.noAnswer' });

  it('retries a PATCH only when the connection was never made', () => {
    expect(retryDelay(notSent, 'PATCH', 0, DEFAULT_RETRY)).toBeGreaterThanOrEqual(0);
    expect(retryDelay(reset, 'PATCH', 0, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelay(new ZoomApiError(500, 500, 'x'), 'PATCH', 0, DEFAULT_RETRY)).toBeUndefined();
  });

  it('retries a GET on network errors, 5xx and 429 but not on 4xx or timeouts, and stops at the limit', () => {
    expect(retryDelay(reset, 'GET', 0, DEFAULT_RETRY)).toBeDefined();
    expect(retryDelay(new ZoomApiError(503, undefined, 'x'), 'GET', 1, DEFAULT_RETRY)).toBeDefined();
    expect(retryDelay(new ZoomApiError(400, 3161, 'x'), 'GET', 0, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelay(timeout, 'GET', 0, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelay(reset, 'GET', DEFAULT_RETRY.maxRetries, DEFAULT_RETRY)).toBeUndefined();
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    expect(retryDelay(new ZoomApiError(429, 429, 'x', '2'), 'GET', 0, DEFAULT_RETRY)).toBe(2000);
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(retryAfterMs('Mon, 23 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('keeps backoff with jitter within base × 2^attempt', () => {
    for (let i = 0; i < 50; i += 1) {
      const delay = retryDelay(reset, 'GET', 1, DEFAULT_RETRY)!;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(DEFAULT_RETRY.baseDelayMs * 2);
    }
  });
});

/** The one reading of a 429 (zoom/retry-after): what the client, the bulk runner and the pages all act on. */
describe('a 429\'s verdict', () => {
  const now = Date.parse('2024-05-01T12:00:00.250Z');
  const midnight = Date.parse('2024-05-02T00:00:00Z');
  it.each([
    ['Retry-After in seconds', { retryAfter: '3' }, 0, { kind: 'wait', ms: 3000 }],
    ['Retry-After as an HTTP date', { retryAfter: 'Wed, 01 May 2024 12:00:10 GMT' }, 0, { kind: 'wait', ms: 9750 }],
    ['Retry-After as an ISO time', { retryAfter: '2024-05-01T12:01:00Z' }, 0, { kind: 'wait', ms: 59_750 }],
    ['Retry-After in the past', { retryAfter: '2024-05-01T11:00:00Z' }, 0, { kind: 'now' }],
    ['Retry-After: 0', { retryAfter: '0' }, 0, { kind: 'now' }],
    ['no header: backoff', {}, 0, { kind: 'wait', ms: 1000 }],
    ['no header, third attempt', {}, 2, { kind: 'wait', ms: 4000 }],
    ['backoff is capped', {}, 10, { kind: 'wait', ms: 30_000 }],
    ['an unreadable Retry-After: backoff', { retryAfter: 'soon' }, 1, { kind: 'wait', ms: 2000 }],
    ['a number that is no date: backoff', { retryAfter: '1.5' }, 0, { kind: 'wait', ms: 1000 }],
    ['a negative number: backoff', { retryAfter: '-5' }, 0, { kind: 'wait', ms: 1000 }],
    ['daily limit', { rateLimitType: 'Daily-limit', retryAfter: '2024-05-02T00:00:00Z' }, 0, { kind: 'daily', until: midnight }],
    ['QPS limit', { rateLimitType: 'QPS' }, 0, { kind: 'wait', ms: 1000 }],
    // Caps: Zoom's longest meaningful wait ends at its daily reset; a per-second limit's within a minute.
    ['an absurd Retry-After in seconds waits until 00:00 UTC', { retryAfter: '100000000000000' }, 0, { kind: 'wait', ms: midnight - now }],
    ['an hour that crosses midnight waits until 00:00 UTC', { retryAfter: String(13 * 3600) }, 0, { kind: 'wait', ms: midnight - now }],
    ['a date years ahead waits until 00:00 UTC', { retryAfter: 'Fri, 01 May 2099 00:00:00 GMT' }, 0, { kind: 'wait', ms: midnight - now }],
    ['a per-second limit asking an hour waits a minute', { rateLimitType: 'QPS', retryAfter: '3600' }, 0, { kind: 'wait', ms: 60_000 }],
  ])('%s', (_name, reply, attempt, verdict) => {
    expect(retryVerdict(reply, now, attempt)).toEqual(verdict);
  });

  it('never gives a time a Date cannot hold, nor a wait Node would clamp to 1 ms', () => {
    for (const value of ['100000000000000', '9'.repeat(400), '+275760-09-13T00:00:00Z', 'Sat, 13 Sep 275760 00:00:00 GMT']) {
      const wait = parseRetryAfter(value, now);
      const until = wait && ('until' in wait ? wait.until.getTime() : now + wait.seconds * 1000);
      if (until !== undefined) expect(until).toBeLessThanOrEqual(midnight);
      expect(retryAfterMs(value, now) ?? 0).toBeLessThanOrEqual(2 ** 31 - 1);
    }
  });

  it('the client does not retry a daily limit, nor wait past its budget for an absurd Retry-After', () => {
    expect(retryDelay(new ZoomApiError(429, 429, 'x', '2024-05-02T00:00:00Z', 'Daily-limit'), 'GET', 0, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelay(new ZoomApiError(429, 429, 'x', '100000000000000'), 'GET', 0, DEFAULT_RETRY)).toBeLessThanOrEqual(86_400_000);
  });
});
