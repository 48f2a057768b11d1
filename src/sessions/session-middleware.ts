import session, { type Store } from 'express-session';
import type { Config } from '../config';

/**
 * express-session as this app uses it: a cookie of its own name holding only the signed id,
 * HttpOnly, SameSite=Lax (Strict would drop it on the return from zoom.us), Secure on https.
 * The cookie rolls on each request (idle timeout); middleware/session-lifetime.ts caps the total.
 * No session is written for anonymous visits or unchanged sessions.
 */
export function sessionMiddleware(config: Config, store: Store) {
  return session({
    name: config.session.cookieName,
    secret: config.session.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.trustProxy !== false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.session.secure, maxAge: config.session.idleMs, path: '/' },
  });
}
