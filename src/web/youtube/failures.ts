import type { Request } from 'express';
import { YouTubeRefusedError } from '../../youtube/broadcasts';
import { YouTubeNotConnectedError } from '../../youtube/grant';
import { QuotaExhaustedError } from '../../youtube/quota';
import { YouTubeTargetError } from '../../youtube/targets';
import { speakerOf, type FailureView } from '../shared/failures';
import { formatMoment } from '../shared/format';

/**
 * Why a YouTube destination could not be applied, in the host's words, with the one step that fixes it: the same
 * failure panel as Zoom's refusals (views/partials/failure.ejs). YouTube's own reason (errors[0].reason) is kept
 * under "Details"; reasons a host can act on have their own sentence (youtube.reason.<reason>).
 */
const EXPLAINED_REASONS = new Set(['liveStreamingNotEnabled', 'insufficientLivePermissions', 'forbidden', 'invalidScheduledStartTime', 'titleRequired', 'invalidTitle', 'invalidDescription']);

/** The one step when YouTube is not connected (or Google refused the app since). */
const connectStep = (t: (key: string) => string) => ({ href: '/destinations#youtube-heading', label: t('youtube.failed.connect') });

/** A reason as one sentence: YouTube's explained ones, ours, or the general one. */
export function youtubeReasonText(reason: string, t: (key: string, params?: Record<string, unknown>) => string): string {
  if (reason === 'notConnected' || reason === 'notConfigured' || reason === 'noUpcoming' || reason === 'quotaExceeded') return t(`youtube.reason.${reason}`);
  return EXPLAINED_REASONS.has(reason) ? t(`youtube.reason.${reason}`) : t('youtube.reason.other', { reason });
}

/**
 * Anything else that stopped a YouTube destination (Google unreachable, a timeout, an answer the client could not
 * read) but not a Zoom failure: YouTube is unavailable, try again. The error is logged by the caller, never shown.
 */
export function youtubeUnavailable(req: Request): FailureView {
  const { t } = speakerOf(req);
  return { httpStatus: 503, heading: t('youtube.failed.heading'), zoomMessage: t('youtube.reason.unavailable'), zoomSaid: false, reconnect: false };
}

/** A failure kept as its reason (a bulk job's item): the panel, with Connect YouTube when that is the fix. */
export function youtubeReasonFailure(reason: string, status: number | undefined, req: Request): FailureView {
  const { t } = speakerOf(req);
  const next = reason === 'notConnected' ? connectStep(t) : undefined;
  return { httpStatus: status ?? 502, heading: t('youtube.failed.heading'), zoomStatus: status, zoomMessage: youtubeReasonText(reason, t), zoomSaid: false, reconnect: false, next };
}

/** A YouTube failure as a page's failure panel; undefined for anything else (the caller's own handling). */
export function youtubeFailureOf(error: unknown, req: Request): FailureView | undefined {
  const { t } = speakerOf(req);
  const base = { heading: t('youtube.failed.heading'), zoomSaid: false, reconnect: false };
  const connect = connectStep(t);
  if (error instanceof YouTubeNotConnectedError) {
    return { ...base, httpStatus: 409, zoomMessage: youtubeReasonText('notConnected', t), explanation: t(`youtube.failed.${error.reason}`), next: connect };
  }
  if (error instanceof QuotaExhaustedError) {
    const when = formatMoment(error.resetAt, req.session.host?.timezone, req.language);
    return { ...base, httpStatus: 503, zoomMessage: youtubeReasonText('quotaExceeded', t), explanation: t('youtube.failed.quota', { when }) };
  }
  if (error instanceof YouTubeTargetError) {
    return { ...base, httpStatus: error.reason === 'notConfigured' ? 503 : 409, zoomMessage: youtubeReasonText(error.reason, t) };
  }
  if (error instanceof YouTubeRefusedError) {
    return { ...base, httpStatus: 502, zoomStatus: error.status, zoomMessage: error.reason, explanation: youtubeReasonText(error.reason, t) };
  }
  return undefined;
}
