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
