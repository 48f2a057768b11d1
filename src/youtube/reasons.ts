import { YouTubeRefusedError } from './api-call';
import { YouTubeNotConnectedError } from './grant';
import { QuotaExhaustedError } from './quota';
import { YouTubeTargetError } from './targets';

/**
 * Why a YouTube destination could not be applied, as a job item's message and a plan's log keep it:
 * `youtube:<reason>`, YouTube's own reason (errors[0].reason) or the app's (notConnected, noUpcoming, …). The pages
 * turn it back into words (web/youtube/failures.ts). Undefined for anything that is not YouTube's.
 */
export const YOUTUBE_REASON_PREFIX = 'youtube:';

export function youtubeReasonOf(error: unknown): string | undefined {
  if (error instanceof QuotaExhaustedError) return `${YOUTUBE_REASON_PREFIX}quotaExceeded`;
  if (error instanceof YouTubeRefusedError || error instanceof YouTubeTargetError) return YOUTUBE_REASON_PREFIX + error.reason;
  if (error instanceof YouTubeNotConnectedError) return `${YOUTUBE_REASON_PREFIX}notConnected`;
  return undefined;
}
