import { ChangedSinceError, OutcomeUnknownError } from '../livestream/errors';
import { YouTubeRefusedError } from '../youtube/api-call';
import { YOUTUBE_REASON_PREFIX, youtubeReasonOf } from '../youtube/reasons';
import { AppMisconfiguredError, ZoomApiError } from '../zoom/errors';
import type { ItemOutcome } from './model';

/**
 * What an item's failure means. Only Zoom's own answer (a ZoomApiError: an HTTP response from Zoom) is a
 * refusal. A PATCH that went out unanswered is "unknown" (the change service has read Zoom again). An undo
 * item whose event changed since is skipped. Anything else happened on our side before Zoom was asked (the
 * session store, the database, the network before connecting, a read that timed out): not an outcome at
 * all, the item is tried again (undefined here).
 */
export const CHANGED_SINCE_MESSAGE = 'changed_since';
/** An item YouTube refused (or could not be asked for): `youtube:<reason>` (youtube/reasons.ts). */
export const YOUTUBE_MESSAGE_PREFIX = YOUTUBE_REASON_PREFIX;

/** A YouTube destination's item that cannot be made: YouTube refused, the host's Google grant is gone, no occurrence left. */
function youtubeOutcomeOf(error: unknown): ItemOutcome | undefined {
  const reason = youtubeReasonOf(error);
  if (!reason) return undefined;
  return { status: 'failed', zoomStatus: error instanceof YouTubeRefusedError ? error.status : undefined, zoomMessage: reason };
}

export function outcomeOf(error: unknown): ItemOutcome | undefined {
  if (error instanceof ZoomApiError) return { status: 'failed', zoomStatus: error.status, zoomCode: error.code, zoomMessage: error.message };
  if (error instanceof OutcomeUnknownError) return { status: 'unknown', zoomStatus: error.status, zoomMessage: '' };
  if (error instanceof ChangedSinceError) return { status: 'skipped', zoomMessage: CHANGED_SINCE_MESSAGE };
  // The operator must fix the app's credentials: trying again cannot help, and Zoom refused them.
  if (error instanceof AppMisconfiguredError) return { status: 'failed', zoomStatus: 401, zoomMessage: error.message };
  return youtubeOutcomeOf(error);
}

/** Waits before the next try after an outage of ours: doubling from 250 ms to 4 s, this many tries per pass. */
export const OUTAGE_TRIES = 8;
export const outageWaitMs = (attempt: number): number => Math.min(4000, 250 * 2 ** attempt);
/** After the last try the job steps back this long (the item stays pending) and goes on afterwards. */
export const OUTAGE_PAUSE_MS = 5000;
