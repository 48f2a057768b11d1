import { timedWait, type RefreshLock, type RefreshLockObserver } from './lock-wait';
import { createRedisRefreshLock, type RedisRefreshLockOptions } from './redis-refresh-lock';

/**
 * Zoom rotates refresh tokens: the first refresh with a token wins and every later use of the same
 * token fails with invalid_grant. So every request holding one refresh token must share one refresh,
 * including requests on other app instances when sessions live in Redis. (The RefreshLock interface
 * is in lock-wait.ts, which the Redis lock imports too.)
 */
export type { RefreshLock };

/** How long a successful refresh is handed to late callers that still hold the old refresh token. */
const REMEMBER_RESULT_MS = 30_000;

/** One process: a map of refreshes in flight, and of results for REMEMBER_RESULT_MS. */
export function createLocalRefreshLock(rememberMs = REMEMBER_RESULT_MS, onWait?: RefreshLockObserver): RefreshLock {
  const flights = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();
  function run<T>(refreshToken: string, refresh: () => Promise<T>): Promise<T> {
    // Every caller of one refresh token asks for the same T (see RefreshLock.run).
    const known = flights.get(refreshToken) as Promise<T> | undefined;
    if (known) return inFlight.has(known) ? timedWait(known, 'process', onWait) : known;
    const flight = refresh();
    flights.set(refreshToken, flight);
    inFlight.add(flight);
    const forget = () => flights.delete(refreshToken);
    const landed = () => inFlight.delete(flight);
    flight.then(() => {
      landed();
      setTimeout(forget, rememberMs).unref();
    }, () => {
      landed();
      forget();
    });
    return flight;
  }
  return { run };
}

/** The refresh lock matching the session store: Redis-wide when a Redis client is given, else in-process. */
export function createRefreshLock(options: Partial<RedisRefreshLockOptions> = {}): RefreshLock {
  if (!options.client) return createLocalRefreshLock(options.rememberMs, options.onWait);
  return createRedisRefreshLock({ ...options, client: options.client, prefix: options.prefix ?? 'zls:' });
}
