import type { SessionData } from 'express-session';

/** A cookie without expiry (a browser-session cookie) still needs an end on the server: one day, as connect-redis does. */
const NO_EXPIRY_TTL_MS = 86_400_000;

/** Epoch milliseconds at which the server forgets this session: the cookie's expiry, else now + maxAge. */
export function sessionExpiresAt(sess: SessionData, now: number): number {
  const cookie = sess.cookie;
  if (cookie?.expires) return new Date(cookie.expires).getTime();
  if (typeof cookie?.maxAge === 'number') return now + cookie.maxAge;
  return now + NO_EXPIRY_TTL_MS;
}

/** The same, as whole seconds from now, for Redis EXPIRE (at least 1: 0 would delete at once). */
export function sessionTtlSeconds(sess: SessionData, now: number): number {
  return Math.max(1, Math.ceil((sessionExpiresAt(sess, now) - now) / 1000));
}

/** The Zoom user a stored session belongs to, if any; tolerant of anything JSON might hold. */
export function zoomUserOf(sess: unknown): string | undefined {
  const userId = (sess as Partial<SessionData> | null | undefined)?.zoom?.userId;
  return typeof userId === 'string' && userId !== '' ? userId : undefined;
}

/** The login time a stored session carries, if any. */
export function startedAtOf(sess: unknown): number | undefined {
  const startedAt = (sess as Partial<SessionData> | null | undefined)?.startedAt;
  return typeof startedAt === 'number' ? startedAt : undefined;
}

/** Whether a session's login is at or before `startedBefore` (no limit, or no login time, counts as older). */
export function startedNoLaterThan(sess: unknown, startedBefore: number | undefined): boolean {
  const startedAt = startedAtOf(sess);
  return startedBefore === undefined || startedAt === undefined || startedAt <= startedBefore;
}

/**
 * SQLite's touch writes only when the expiry moves by more than this: 1/60 of the idle time, at most a
 * minute, so the idle timeout lags by at most that (a 2-minute idle time lags by 2 s, not 60).
 */
export function touchThresholdMs(sess: SessionData): number {
  const idleMs = sess.cookie?.originalMaxAge;
  return typeof idleMs === 'number' && idleMs > 0 ? Math.min(60_000, Math.floor(idleMs / 60)) : 60_000;
}
