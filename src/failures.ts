import { isSessionStoreUnavailable } from './sessions/errors';
import { AppMisconfiguredError, ReconnectRequiredError, ZoomApiError, ZoomUnavailableError, isZoomFailure, type ZoomFailure } from './zoom/errors';
import { parseRetryAfter } from './zoom/retry';

/**
 * The one vocabulary of failures: every error a request can meet, mapped to what the host sees.
 * A Zoom failure on a page becomes an error panel (FailureView) beside the form and the typed values;
 * anything that ends a request becomes an error page (ErrorPage) through the one error handler.
 */

/** Where the page sends the host next. */
export interface NextStep {
  href: string;
  label: string;
}

export const TRY_AGAIN: NextStep = { href: '/install', label: 'Try again' };
export const CONNECT: NextStep = { href: '/install', label: 'Connect your Zoom account' };
const START_PAGE: NextStep = { href: '/', label: 'Back to the start page' };

/** An error that knows its HTTP status and what the page should tell the host to do next. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly next: NextStep = START_PAGE,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A Zoom failure as a page's error panel: Zoom's own answer, plus what it means for the host. */
export interface FailureView {
  /** Status of our page: mirrors Zoom's 4xx, 502/504 when Zoom itself failed. */
  httpStatus: number;
  heading: string;
  zoomStatus?: number;
  zoomCode?: number;
  zoomMessage: string;
  explanation?: string;
  reconnect: boolean;
}

const LICENCE_CODE = 3161;

const EXPLANATIONS: Record<number, string> = {
  [LICENCE_CODE]: 'Live streaming requires the meeting host to have a Pro licence or higher. Upgrade the host\'s Zoom plan, or pick a meeting hosted by a licensed user.',
  3001: 'Check the meeting ID: Zoom does not know this meeting, or it belongs to another user.',
  300: 'Zoom did not accept the meeting ID or the values sent.',
  4711: 'This app was not granted the scopes it needs: meeting:write (granular: meeting:update:livestream and meeting:update:livestream_status). Ask the app\'s owner to add them in the Zoom Marketplace, then reconnect.',
  4400: 'End-to-end encrypted meetings cannot be live streamed.',
  4927: 'Zoom can only start or stop the live stream of a meeting that is in progress. Start the meeting in the Zoom app first, then try again.',
  200: 'Your Zoom account does not allow this action.',
};

/** Refusals whose meaning depends on the action taken. */
const ACTION_EXPLANATIONS: Record<string, string> = {
  'stop:300': 'Zoom did not stop the stream: the meeting is probably not being live streamed right now (it may already have been stopped in the Zoom app).',
};

/** Retry-After is either seconds or an HTTP date (daily limits). */
function describeWait(retryAfter: string | undefined): string | undefined {
  const wait = parseRetryAfter(retryAfter);
  if (!wait) return undefined;
  if ('until' in wait) return `Zoom asks to wait until ${wait.until.toUTCString()} before trying again.`;
  return `Zoom asks to wait ${wait.seconds} second${wait.seconds === 1 ? '' : 's'} before trying again.`;
}

function fromApiError(error: ZoomApiError, action?: string): FailureView {
  const base = { zoomStatus: error.status, zoomCode: error.code, zoomMessage: error.message, reconnect: false };
  if (error.status === 401) {
    return { ...base, httpStatus: 401, heading: 'Reconnect Zoom', explanation: 'Zoom no longer accepts this app\'s access token.', reconnect: true };
  }
  if (error.status === 429) {
    const wait = describeWait(error.retryAfter) ?? 'Wait a moment before trying again.';
    return { ...base, httpStatus: 429, heading: 'Zoom is rate limiting requests', explanation: wait };
  }
  if (error.status >= 500) {
    return { ...base, httpStatus: 502, heading: 'Zoom had a problem', explanation: 'Zoom failed to handle the request. Try again in a moment.' };
  }
  const explanation = (action && ACTION_EXPLANATIONS[`${action}:${error.code}`]) ?? (error.code === undefined ? undefined : EXPLANATIONS[error.code]);
  return { ...base, httpStatus: error.status, heading: 'Zoom refused the request', explanation };
}

function describeFailure(error: ZoomFailure, action?: string): FailureView {
  if (error instanceof ZoomApiError) return fromApiError(error, action);
  if (error instanceof ReconnectRequiredError) {
    return { httpStatus: 401, heading: 'Reconnect Zoom', zoomMessage: error.message, reconnect: true };
  }
  if (error instanceof AppMisconfiguredError) {
    const explanation = 'This app is misconfigured: Zoom rejected its client credentials. Contact the app\'s owner.';
    return { httpStatus: 503, heading: 'This app cannot reach Zoom', zoomMessage: error.message, explanation, reconnect: false };
  }
  const unavailable = error as ZoomUnavailableError;
  return {
    httpStatus: unavailable.status,
    heading: unavailable.reason === 'timeout' ? 'Zoom is not answering' : 'Zoom could not be reached',
    zoomMessage: unavailable.message,
    explanation: 'Try again in a moment. You are still connected.',
    reconnect: false,
  };
}

/** A Zoom failure as a page's error panel; anything else is a bug for the error handler, so it is rethrown. */
export function failureOf(error: unknown, action?: string): FailureView {
  if (!isZoomFailure(error)) throw error;
  return describeFailure(error, action);
}

/** What the one error handler renders. `expected` is false for bugs, which are logged with their stack. */
export interface ErrorPage {
  status: number;
  title: string;
  message: string;
  next: NextStep;
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

function page(status: number, title: string, message: string, next: NextStep = START_PAGE): ErrorPage {
  return { status, title, message, next, expected: true };
}

export function errorPageOf(error: unknown): ErrorPage {
  if (error instanceof HttpError) return page(error.status, error.title, error.message, error.next);
  if (isZoomFailure(error)) {
    const view = describeFailure(error);
    return page(view.httpStatus, view.heading, [view.zoomMessage, view.explanation].filter(Boolean).join(' '), view.reconnect ? { href: '/install', label: 'Reconnect Zoom' } : START_PAGE);
  }
  if (isSessionStoreUnavailable(error)) {
    // Nothing is wrong with the request and no session is lost: the same request works once the store is back.
    const message = 'The session service is down for the moment, so this app cannot tell who you are. Nothing has been lost: try again shortly.';
    return { ...page(503, 'Session service unavailable', message), retryAfterSeconds: STORE_RETRY_AFTER_SECONDS };
  }
  const parser = error as ParserError;
  if (parser?.code === 'EBADCSRFTOKEN') {
    return page(403, 'This form has expired', 'The form was not sent from this app, or your session changed. Go back, reload the page and submit again.');
  }
  if (parser?.type === 'entity.too.large') return page(413, 'Too much data', 'The form sent more data than this app accepts.');
  if (parser?.status && parser.status >= 400 && parser.status < 500) {
    return page(parser.status, 'Bad request', 'The request could not be understood. Go back and try again.');
  }
  const message = 'The app hit an unexpected problem. Try again; if it keeps happening, contact the app\'s owner.';
  return { ...page(500, 'Something went wrong', message), expected: false };
}
