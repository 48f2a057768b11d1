import type { NextFunction, Request, Response } from 'express';

/** How long a session that only holds a pending login lives: time enough to pass Zoom's consent page. */
export const PENDING_LOGIN_MS = 10 * 60_000;

/**
 * GET /install writes a pending login (state and PKCE verifier) to the store. Without a login yet,
 * that session gets a short life, so abandoned or scripted logins expire in minutes instead of
 * piling up for the whole idle timeout. The rolling cookie keeps this shorter maxAge; a completed
 * login regenerates the session, which starts again with the full idle timeout.
 */
export function shortLivedPendingLogin(req: Request, _res: Response, next: NextFunction): void {
  if (req.session && !req.session.zoom) req.session.cookie.maxAge = PENDING_LOGIN_MS;
  next();
}
