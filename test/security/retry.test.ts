import { ZoomApiError, ZoomUnavailableError } from '../../src/zoom/errors';
import { DEFAULT_RETRY, retryAfterMs, retryDelay } from '../../src/zoom/retry';

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
