import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../http-error';
import { isSessionStoreUnavailable } from '../sessions/errors';

/** Seconds a client (or proxy) is told to wait; the Redis client retries well within this. */
const RETRY_AFTER_SECONDS = 5;

/**
 * When the session store cannot answer (express-session passes its error to next(), and handlers'
 * session saves throw it), the request gets a 503 page instead of a 500: nothing is wrong with the
 * request, other sessions are untouched, and the same request will work once the store is back.
 * Registered just before the general error handler, which renders the page.
 */
export function sessionOutage(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!isSessionStoreUnavailable(error)) return next(error);
  if (!res.headersSent) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  next(
    new HttpError(
      503,
      'Session service unavailable',
      'The session service is down for the moment, so this app cannot tell who you are. Nothing has been lost: try again shortly.',
    ),
  );
}
