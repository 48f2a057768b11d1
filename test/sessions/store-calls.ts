import { Cookie, type SessionData, type Store } from 'express-session';

/** express-session's store callbacks as promises, for tests that drive a store directly. */
function call<T>(run: (done: (error?: unknown, value?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
}

export const storeGet = (store: Store, sid: string) => call<SessionData | null>((done) => store.get(sid, done));
export const storeSet = (store: Store, sid: string, sess: SessionData) => call<void>((done) => store.set(sid, sess, done));
export const storeTouch = (store: Store, sid: string, sess: SessionData) => call<void>((done) => store.touch!(sid, sess, done));
export const storeDestroy = (store: Store, sid: string) => call<void>((done) => store.destroy(sid, done));
export const storeLength = (store: Store) => call<number>((done) => store.length!(done));

/**
 * A session shaped like the app's: a rolling cookie of `maxAgeMs`, and when `userId` is given a
 * connected Zoom user (tokens sealed, as the app stores them).
 */
export function hostSession(userId: string | undefined, maxAgeMs = 3_600_000): SessionData {
  const cookie = new Cookie();
  cookie.maxAge = maxAgeMs;
  const connected = userId && {
    zoom: { sealed: `dev.${'x'.repeat(400)}`, expiresAt: Date.now() + 3_600_000, refreshAt: Date.now() + 3_300_000, scope: 'meeting:write', userId },
    host: { name: 'Pat Pro', email: 'pat@example.com', type: 2 },
  };
  // SessionData declares every app field; a real session holds only some of them, as here.
  return { cookie, ...connected, startedAt: Date.now() } as SessionData;
}
