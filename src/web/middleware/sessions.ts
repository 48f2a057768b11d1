import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type Store } from 'express-session';
import type { Config } from '../../config';
import { regenerateSession } from '../shared/session-data';

/** How long a session that only holds a pending login lives: time enough to pass Zoom's consent page. */
export const PENDING_LOGIN_MS = 10 * 60_000;

/**
 * express-session as this app uses it: a cookie of its own name holding only the signed id,
 * HttpOnly, SameSite=Lax (Strict would drop it on the return from zoom.us), Secure on https.
 * The cookie rolls on each request (idle timeout); absoluteLifetime caps the total.
 * No session is written for anonymous visits or unchanged sessions.
 */
function cookieSession(config: Config, store: Store): RequestHandler {
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

/** Every spelling Express routes to GET /install (its routing ignores case and a trailing slash). */
const INSTALL_PATH = /^\/install\/?$/i;

/**
 * GET /install writes a pending login (state and PKCE verifier) to the store. Without a login yet,
 * that session gets a short life, so abandoned or scripted logins expire in minutes instead of
 * piling up for the whole idle timeout. The rolling cookie keeps this shorter maxAge; a completed
 * login regenerates the session, which starts again with the full idle timeout.
 */
function shortLivedPendingLogin(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' && INSTALL_PATH.test(req.path) && req.session && !req.session.zoom) req.session.cookie.maxAge = PENDING_LOGIN_MS;
  next();
}

/**
 * The cookie rolls on every request (idle timeout); this bounds a login's total life whatever
 * the activity, so a stolen session id cannot be kept alive forever.
 */
export function absoluteLifetime(maxAgeMs: number, now: () => number = Date.now) {
  return async function endOldSessions(req: Request, _res: Response, next: NextFunction): Promise<void> {
    const startedAt = req.session?.startedAt;
    if (startedAt !== undefined && now() - startedAt > maxAgeMs) await regenerateSession(req);
    next();
  };
}

/** The browser session of every page: the cookie and its store, a short life for a pending login, the absolute cap (on the app's clock). */
export function sessions(config: Config, store: Store, now: () => number = Date.now): RequestHandler[] {
  return [cookieSession(config, store), shortLivedPendingLogin, absoluteLifetime(config.session.maxAgeMs, now)];
}
