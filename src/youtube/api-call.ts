import { reasonOfYouTubeError } from './channel';
import { QuotaExhaustedError, type QuotaLedger, type YouTubeOperation } from './quota';

// One YouTube call as the app makes it: charged to the day's quota first, and a refusal turned into the app's own
// error with YouTube's reason (errors[0].reason), never the client's error, which holds the bearer token.

/** YouTube's reasons for "not now" (a burst of inserts hits them), as opposed to "not this". */
const TRANSIENT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'userRequestsExceedRateLimit', 'backendError']);

/** YouTube refused a call; `reason` is YouTube's (`errors[0].reason`), so callers can explain it or pause. */
export class YouTubeRefusedError extends Error {
  constructor(readonly reason: string, readonly status: number, message: string) {
    super(`YouTube refused (${status} ${reason}): ${message}`);
    this.name = 'YouTubeRefusedError';
  }

  /** YouTube is busy rather than refusing: its own failure, or its short rate limits. Worth trying again later. */
  get transient(): boolean {
    return this.status >= 500 || TRANSIENT_REASONS.has(this.reason);
  }

  /** The Google project's daily quota is spent: pause until midnight Pacific time; retrying sooner only fails again. */
  get quotaExceeded(): boolean {
    return this.reason === 'quotaExceeded';
  }
}

/** One YouTube call; a refusal becomes a YouTubeRefusedError (without the client's error, which holds the bearer token). */
export async function answerOf<T>(call: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await call()).data;
  } catch (error) {
    const reason = reasonOfYouTubeError(error);
    const status = (error as { status?: number; response?: { status?: number } }).response?.status;
    if (!reason || !status) throw error;
    throw new YouTubeRefusedError(reason, status, String((error as Error).message ?? ''));
  }
}

export const isGone = (error: unknown) => error instanceof YouTubeRefusedError && error.status === 404;

/**
 * The calls of one actor, charged to the day's quota first (QuotaExhaustedError when the budget has no room). YouTube's
 * own quotaExceeded marks the day spent for every instance: the work pauses until midnight Pacific either way.
 */
export function meteredCalls(quota?: Pick<QuotaLedger, 'spend' | 'exhausted'>) {
  return async function ask<T>(operation: YouTubeOperation, call: () => Promise<{ data: T }>): Promise<T> {
    await quota?.spend(operation);
    try {
      return await answerOf(call);
    } catch (error) {
      if (quota && error instanceof YouTubeRefusedError && error.quotaExceeded) throw new QuotaExhaustedError(await quota.exhausted(), operation);
      throw error;
    }
  };
}

export type YouTubeCall = ReturnType<typeof meteredCalls>;
