import type { Request } from 'express';
import { DatabaseUnavailableError, UnstorableValueError } from '../../db/errors';
import { isSessionStoreUnavailable } from '../../sessions/errors';
import { isZoomFailure } from '../../zoom/errors';
import { describeFailure, HttpError, speakerOf, START_PAGE, type NextStep } from './failures';

/**
 * Anything that ends a request, as the page the one error handler renders: a Zoom failure in the words of
 * its error panel (failures.ts), one of our HttpErrors, a store or database outage, a parser's refusal, or
 * a bug. The request's language decides the words.
 */

const RECONNECT: NextStep = { href: '/install', label: 'errors.next.reconnect' };

/** What the one error handler renders. `expected` is false for bugs, which are logged with their stack. */
export interface ErrorPage {
  status: number;
  title: string;
  message: string;
  next: { href: string; label: string };
  /** Seconds for a Retry-After header (a store outage). */
  retryAfterSeconds?: number;
  expected: boolean;
}

/** Seconds a client (or proxy) is told to wait when the session store is down; the Redis client retries well within this. */
const STORE_RETRY_AFTER_SECONDS = 5;

interface ParserError {
  type?: string;
  status?: number;
  code?: string;
}

/** The error as an HttpError of ours, or undefined for a bug. */
function asHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  // Nothing is wrong with the request and no session is lost: the same request works once the store is back.
  if (isSessionStoreUnavailable(error)) return new HttpError(503, 'errors.sessionUnavailable');
  // The app's own data (destinations, history) is out of reach for now; Zoom and the live stream form are not.
  if (error instanceof DatabaseUnavailableError) return new HttpError(503, 'errors.databaseUnavailable');
  // A value the database refuses (a number out of range, say): trying again would fail the same way.
  if (error instanceof UnstorableValueError) return new HttpError(400, 'errors.badRequest');
  const parser = error as ParserError;
  if (parser?.code === 'EBADCSRFTOKEN') return new HttpError(403, 'errors.formExpired');
  if (parser?.type === 'entity.too.large') return new HttpError(413, 'errors.tooLarge');
  if (parser?.status && parser.status >= 400 && parser.status < 500) return new HttpError(parser.status, 'errors.badRequest');
  return undefined;
}

export function errorPageOf(error: unknown, req: Request): ErrorPage {
  const speaker = speakerOf(req);
  const { t } = speaker;
  if (isZoomFailure(error)) {
    const view = describeFailure(error, {}, speaker);
    const next = view.reconnect ? RECONNECT : START_PAGE;
    const message = [view.zoomMessage, view.explanation].filter(Boolean).join(' ');
    return { status: view.httpStatus, title: view.heading, message, next: { href: next.href, label: t(next.label) }, expected: true };
  }
  const known = asHttpError(error) ?? new HttpError(500, 'errors.unexpected');
  return {
    status: known.status,
    title: t(`${known.key}.title`),
    message: t(`${known.key}.message`, known.params),
    next: { href: known.next.href, label: t(known.next.label) },
    retryAfterSeconds: isSessionStoreUnavailable(error) || error instanceof DatabaseUnavailableError ? STORE_RETRY_AFTER_SECONDS : undefined,
    expected: known.status !== 500 || error instanceof HttpError,
  };
}
