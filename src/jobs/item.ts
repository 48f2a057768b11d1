import type { Logger } from 'pino';
import type { TokenKeeper } from '../credentials/keeper';
import type { StreamSettings } from '../destinations/types';
import type { StreamChanger } from '../livestream/change';
import { restoreUpdate } from '../livestream/settings';
import type { ZoomClient } from '../zoom/client';
import { ReconnectRequiredError, ZoomApiError, ZoomUnavailableError } from '../zoom/errors';
import { retryDelayOf, type Pacer } from './pacer';
import type { ItemOutcome, Job, JobItem, JobsRepository } from './types';

/**
 * One item of a bulk job: the job's settings (or, for an undo, the item's own "before") applied to one
 * event through the one way to change a stream (livestream/change), with every Zoom call paced per
 * account and sent only while the job is still this instance's. Zoom's 429 is never an item failure:
 * the item waits and is tried again. The history entry carries the item's id, so an item PATCHed again
 * after a crash is recorded and counted once.
 */
export interface ItemDeps {
  jobs: JobsRepository;
  /** A client that does not retry on its own: the runner paces and waits itself. */
  zoom: ZoomClient;
  tokens: TokenKeeper;
  changer: StreamChanger;
  pacer: Pacer;
  logger: Logger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onItems?: (outcome: ItemOutcome['status'], count: number) => void;
}

/** Why a job stopped before its items were done. */
export type Stop = { kind: 'reconnect' } | { kind: 'daily'; until: number } | { kind: 'lost' };

/** Whether the job is still this instance's; with `confirm`, the database agrees (renewing the lease). */
export type StillOurs = (confirm: boolean) => Promise<boolean>;

export const DAILY_LIMIT_MESSAGE = 'daily_limit';

/** Thrown out of a paced call that must not (or did not) go out: the job stops, the item stays pending. */
class Stopped extends Error {
  constructor(readonly stop: Stop) {
    super(stop.kind);
  }
}

function outcomeOf(error: unknown): ItemOutcome {
  if (error instanceof ZoomApiError) return { status: 'failed', zoomStatus: error.status, zoomCode: error.code, zoomMessage: error.message };
  if (error instanceof ZoomUnavailableError) return { status: 'failed', zoomStatus: error.status, zoomMessage: '' };
  return { status: 'failed', zoomStatus: 500, zoomMessage: '' };
}

function retryHeaders(error: ZoomApiError): Record<string, string | undefined> {
  return { 'retry-after': error.retryAfter, 'x-ratelimit-type': error.rateLimitType };
}

export function createItemRunner(deps: ItemDeps) {
  const { jobs, tokens, changer, pacer, logger, now, sleep } = deps;

  /** Records an item's outcome; counted only when it changed the item (a second pass after a crash is not a second outcome). */
  async function settle(itemId: string, outcome: ItemOutcome): Promise<void> {
    if (await jobs.recordOutcome(itemId, outcome)) deps.onItems?.(outcome.status, 1);
  }

  /**
   * One Zoom call within the account's pace; a 429 waits (Retry-After, or backing off) and tries again.
   * The pace is taken right before each request, inside the token keeper: the session read (or a token
   * refresh) happens first, so a call counted in one second goes out in that second, and the keeper's
   * second try after Zoom's 124 is counted too. `ours` is asked once the pace allows the call, which
   * may be seconds after the item was fetched.
   */
  async function paced<T>(job: Job, sid: string, ours: () => Promise<boolean>, request: (accessToken: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await tokens.withAccessToken(sid, (token) => pacer.run(job.accountId, async () => {
          if (!(await ours())) throw new Stopped({ kind: 'lost' });
          return request(token);
        }));
      } catch (error) {
        if (error instanceof ReconnectRequiredError) throw new Stopped({ kind: 'reconnect' });
        if (!(error instanceof ZoomApiError) || error.status !== 429) throw error;
        const verdict = retryDelayOf(429, retryHeaders(error), now(), attempt);
        if (verdict.kind === 'daily') throw new Stopped({ kind: 'daily', until: verdict.until });
        if (verdict.kind === 'now') continue;
        // The job page says "waiting for Zoom's rate limit" until then; no other instance claims it meanwhile.
        await jobs.defer(job.id, now() + verdict.ms).catch(() => undefined);
        logger.info({ jobId: job.id, waitMs: verdict.ms }, 'job waiting for Zoom\'s rate limit');
        await sleep(verdict.ms);
      }
    }
  }

  /** The settings this item writes: the job's for an apply, the item's own "before" for an undo. */
  function updateOf(job: Job, item: JobItem) {
    const target: StreamSettings = item.target ?? job.settings!;
    return restoreUpdate(target);
  }

  /**
   * Runs one item to its outcome, or to the reason the job must stop (the item stays pending then). The
   * read before goes out while the lease is ours; the PATCH asks the database first (renewing the lease),
   * so a cancel, or a lease another instance took over, stops the items already in hand.
   */
  async function runItem(job: Job, item: JobItem, sid: string, stillOurs: StillOurs): Promise<Stop | undefined> {
    let reads = 0;
    try {
      await changer.changeStream({
        userId: job.userId,
        kind: item.kind,
        eventId: item.eventId,
        update: updateOf(job, item),
        source: 'bulk',
        historyId: item.id,
        before: item.before,
        onBefore: async (before) => void (await jobs.rememberBefore(item.id, before)),
        // The first call of a change without a kept "before" is the read; the write confirms the lease.
        access: (request) => paced(job, sid, () => stillOurs(!item.before && reads++ === 0 ? false : true), request),
      });
    } catch (error) {
      if (error instanceof Stopped) return error.stop;
      await settle(item.id, outcomeOf(error));
      return undefined;
    }
    await settle(item.id, { status: 'applied', historyId: item.id });
    return undefined;
  }

  return { runItem };
}
