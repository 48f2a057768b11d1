import { parseRetryAfter } from './retry-after';
import { ReconnectRequiredError, ZoomApiError, ZoomUnavailableError, isZoomFailure, type ZoomFailure } from './errors';

/** What a page shows when a Zoom call fails: Zoom's own answer, plus what it means for the host. */
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
  4711: 'This app was not granted the meeting:write scope. Ask the app\'s owner to add it in the Zoom Marketplace, then reconnect.',
  4400: 'End-to-end encrypted meetings cannot be live streamed.',
  4927: 'Zoom can only start or stop the live stream of a meeting that is in progress. Start the meeting in the Zoom app first, then try again.',
  200: 'Your Zoom account does not allow this action.',
};

/** Retry-After is either seconds or an HTTP date (daily limits). */
export function describeWait(retryAfter: string | undefined): string | undefined {
  const wait = parseRetryAfter(retryAfter);
  if (!wait) return undefined;
  if ('until' in wait) return `Zoom asks to wait until ${wait.until.toUTCString()} before trying again.`;
  return `Zoom asks to wait ${wait.seconds} second${wait.seconds === 1 ? '' : 's'} before trying again.`;
}

function fromApiError(error: ZoomApiError): FailureView {
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
  const explanation = error.code === undefined ? undefined : EXPLANATIONS[error.code];
  return { ...base, httpStatus: error.status, heading: 'Zoom refused the request', explanation };
}

export function describeFailure(error: ZoomFailure): FailureView {
  if (error instanceof ZoomApiError) return fromApiError(error);
  if (error instanceof ReconnectRequiredError) {
    return { httpStatus: 401, heading: 'Reconnect Zoom', zoomMessage: error.message, reconnect: true };
  }
  const unavailable = error as ZoomUnavailableError;
  return {
    httpStatus: unavailable.status,
    heading: unavailable.reason === 'timeout' ? 'Zoom is not answering' : 'Zoom could not be reached',
    zoomMessage: unavailable.message,
    explanation: 'Try again in a moment.',
    reconnect: false,
  };
}

/** A Zoom failure as a page's error panel; anything else is a bug for the error handler, so it is rethrown. */
export function failureOf(error: unknown): FailureView {
  if (!isZoomFailure(error)) throw error;
  return describeFailure(error);
}
