import type { Request } from 'express';

/**
 * Where a host was going when the app sent them to connect Zoom: kept in the session (never taken
 * from a query parameter or a header; `returnTo` in session-data.ts), and only ever a path of this
 * site, checked when it is kept and again when it is used.
 */

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
