import type { Request } from 'express';
import 'express-session';

/**
 * Where a host was going when the app sent them to connect Zoom: kept in the session (never taken
 * from a query parameter or a header), and only ever a path of this site, checked when it is kept
 * and again when it is used.
 */
declare module 'express-session' {
  interface SessionData {
    /** A same-site path such as /meetings/85746065001/livestream, used once after the next login. */
    returnTo: string;
  }
}

/**
 * One leading slash, then only unreserved URL characters and slashes: no second slash or backslash
 * ("//evil.example", "/\evil.example" are other hosts to a browser), no scheme, no %-escapes, no query.
 */
const SAME_SITE_PATH = /^\/(?![/\\])[A-Za-z0-9._~/-]{0,200}$/;

export function isReturnPath(value: unknown): value is string {
  return typeof value === 'string' && SAME_SITE_PATH.test(value) && !value.includes('//') && !value.split('/').includes('..');
}

/** Remembers the page being asked for (its path only; the query string is dropped). */
export function rememberReturn(req: Request): void {
  const path = req.originalUrl.split('?')[0];
  if (isReturnPath(path)) req.session.returnTo = path;
}

/** The remembered page, once; '/' when there is none or it is not a path of this site. */
export function takeReturn(session: { returnTo?: string }): string {
  const path = session.returnTo;
  delete session.returnTo;
  return isReturnPath(path) ? path : '/';
}
