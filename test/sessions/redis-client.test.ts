import { reconnectDelay, withoutCredentials } from '../../src/sessions/redis-client';

/** What the Redis client logs and how it retries, without a Redis server. */
it('takes the password out of anything logged, as written in the URL and percent-decoded', () => {
  const url = 'redis://app:s%40cret-pw@redis.internal:6379';
  const text = 'cannot reach redis://app:s%40cret-pw@redis.internal:6379 (AUTH s@cret-pw)';
  const clean = withoutCredentials(text, url);
  expect(clean).not.toContain('s@cret-pw');
  expect(clean).not.toContain('s%40cret-pw');
  expect(clean).toContain('redis://***@redis.internal:6379');
});

it('reconnects quickly at first, then backs off to about two seconds', () => {
  expect(reconnectDelay(0)).toBeLessThan(200);
  expect(reconnectDelay(3)).toBeGreaterThanOrEqual(400);
  expect(reconnectDelay(50)).toBeGreaterThanOrEqual(2000);
  expect(reconnectDelay(50)).toBeLessThan(2100);
});
