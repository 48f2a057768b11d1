import type { StreamSettings } from '../destinations/types';
import { ZoomUnavailableError } from '../zoom/errors';

/** Why a change was not made, or may have been made: the service's own words beside Zoom's (zoom/errors). */

/**
 * The settings read just before were no longer what the caller expected (a job's Undo: someone changed the
 * event after the job wrote it). Nothing was sent: the later edit stays.
 */
export class ChangedSinceError extends Error {
  constructor(readonly before: StreamSettings) {
    super('the settings changed since they were written');
    this.name = 'ChangedSinceError';
  }
}

/**
 * The PATCH went out and no answer came (a timeout, a connection lost mid-way, an answer that is not
 * Zoom's), and a read afterwards did not show the change: Zoom may still apply it. A ZoomUnavailableError
 * still, so a page explains it as before; a job reports "unknown", never "refused".
 */
export class OutcomeUnknownError extends ZoomUnavailableError {
  constructor(readonly sendFailure: ZoomUnavailableError, readonly before: StreamSettings) {
    super(sendFailure.reason, sendFailure.wording, false);
    this.name = 'OutcomeUnknownError';
  }
}

/** A PATCH that failed this way may have reached Zoom: only a read afterwards can tell. */
export function mayHaveLanded(error: unknown): error is ZoomUnavailableError {
  return error instanceof ZoomUnavailableError && !error.notSent;
}
