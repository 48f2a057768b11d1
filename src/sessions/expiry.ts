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
