/**
 * What every refresh lock does (refresh-lock.ts: in-process, or across instances through Redis).
 * Zoom rotates refresh tokens: the first refresh with a token wins and every later use of the same
 * token fails with invalid_grant. So every request holding one refresh token must share one refresh,
 * including requests on other app instances when sessions live in Redis.
 */
export interface RefreshLock {
  /**
   * Runs `refresh` once for this refresh token and hands its result to every concurrent caller
   * (in this process; with Redis, on every instance). A failed refresh is not remembered: the
   * next caller runs its own `refresh`.
   * The result must survive JSON (other instances receive it through Redis): return the token
   * sealed (SessionZoom) to keep plain tokens out of Redis. All callers of one token use one T.
   */
  run<T>(refreshToken: string, refresh: () => Promise<T>): Promise<T>;
}

/**
 * A caller that waited for a refresh another caller was making: in this process, or (Redis) on another
 * instance. For the operator's metrics; a refresh already done and remembered is no wait.
 */
export interface RefreshLockWait {
  scope: 'process' | 'instances';
  seconds: number;
}

export type RefreshLockObserver = (wait: RefreshLockWait) => void;

/** Reports, once `flight` settles, how long this caller waited on it. */
export function timedWait<T>(flight: Promise<T>, scope: RefreshLockWait['scope'], observe: RefreshLockObserver | undefined): Promise<T> {
  if (!observe) return flight;
  const started = performance.now();
  const done = () => observe({ scope, seconds: (performance.now() - started) / 1000 });
  flight.then(done, done);
  return flight;
}
