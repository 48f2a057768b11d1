import type { Logger } from 'pino';
import type { TokenKeeper } from '../credentials/keeper';
import type { StreamSettings } from '../destinations/types';
import type { StreamChanger, ZoomAccess } from '../livestream/change';
import { restoreUpdate } from '../livestream/settings';
import { YouTubeRefusedError } from '../youtube/api-call';
import { QuotaExhaustedError } from '../youtube/quota';
import type { DestinationTargets } from '../youtube/targets';
import type { ZoomClient } from '../zoom/client';
import { ReconnectRequiredError, ZoomApiError } from '../zoom/errors';
import { retryVerdict } from '../zoom/retry-after';
import { OUTAGE_PAUSE_MS, OUTAGE_TRIES, outageWaitMs, outcomeOf } from './item-outcome';
import type { Pacer } from './pacer';
import type { ItemOutcome, Job, JobItem } from './model';
import type { JobsRepository } from './types';

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
  /** What a YouTube destination writes per event (its broadcast made first); plain settings need none. */
  targets: DestinationTargets;
  pacer: Pacer;
  logger: Logger;
  now: () => number;
  /** Rejects when `signal` aborts (a cancel, a lost lease, shutdown): a wait never outlasts the job. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onItems?: (outcome: ItemOutcome['status'], count: number) => void;
}

/** Why a job stopped before its items were done. */
export type Stop = { kind: 'reconnect' } | { kind: 'daily'; until: number; limit?: 'youtube_quota' } | { kind: 'wait'; until: number } | { kind: 'lost' };

/** A 429 wait longer than this gives the job's slot and lease back (Stop 'wait'); a shorter one waits in hand. */
export const SHORT_WAIT_MS = 2000;

/** How long a job steps back when YouTube is busy (a 5xx, or its per-user rate limit) before its item is tried again. */
export const YOUTUBE_BUSY_WAIT_MS = 30_000;

/** Whether the job is still this instance's; with `confirm`, the database agrees (renewing the lease). */
export type StillOurs = (confirm: boolean) => Promise<boolean>;

export const DAILY_LIMIT_MESSAGE = 'daily_limit';
/** An item not applied because the day's YouTube quota is spent (it resumes after midnight Pacific). */
export const YOUTUBE_QUOTA_MESSAGE = 'youtube_quota';

/** Thrown out of a paced call that must not (or did not) go out: the job stops, the item stays pending. */
class Stopped extends Error {
  constructor(readonly stop: Stop) {
    super(stop.kind);
  }
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
  async function paced<T>(job: Job, sid: string, ours: () => Promise<boolean>, request: (accessToken: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await tokens.withAccessToken(sid, (token) => pacer.run(job.accountId, async () => {
          if (!(await ours())) throw new Stopped({ kind: 'lost' });
          return request(token);
        }));
      } catch (error) {
        if (error instanceof ReconnectRequiredError) throw new Stopped({ kind: 'reconnect' });
        if (!(error instanceof ZoomApiError) || error.status !== 429) throw error;
        const at = now(); // one instant: a wait capped at 00:00 UTC ends exactly then
        const verdict = retryVerdict(error, at, attempt);
        if (verdict.kind === 'daily') throw new Stopped({ kind: 'daily', until: verdict.until });
        if (verdict.kind === 'now') continue;
        // A long wait is not spent holding a slot: the runner puts the job back in the queue until then.
        if (verdict.ms > SHORT_WAIT_MS) throw new Stopped({ kind: 'wait', until: at + verdict.ms });
        logger.info({ jobId: job.id, waitMs: verdict.ms }, 'job waiting for Zoom\'s rate limit');
        await sleep(verdict.ms, signal).catch(() => { throw new Stopped({ kind: 'lost' }); });
      }
    }
  }

  /**
   * The settings this item writes: the item's own "before" for an undo; the job's for an apply; for a YouTube
   * destination, its event's broadcast (made now, or found again when the item is tried again) and the stream's key.
   */
  async function updateOf(job: Job, item: JobItem, access: ZoomAccess) {
    if (item.target || !job.youtube) return restoreUpdate(item.target ?? job.settings!);
    const destination = {
      id: job.youtube.destinationId, userId: job.userId, name: job.label?.name ?? '', stream_url: '', stream_key: '', page_url: '',
      resolution: '' as const, youtube: job.youtube.options, createdAt: new Date(0), updatedAt: new Date(0),
    };
    return (await deps.targets.targetFor(job.userId, destination, item.kind, item.eventId, access)).update;
  }

  /**
   * One try of the item through the change service. An undo item carries what its event must still hold
   * (`expect`): changed since, it is left alone. History is recorded only while the job exists: a host whose
   * data was deleted (deauthorization) during a PATCH in flight gets nothing written back.
   */
  async function attempt(job: Job, item: JobItem, sid: string, stillOurs: StillOurs, kept: { before?: StreamSettings }, signal?: AbortSignal) {
    // The first call of a try that reads first (the event for a YouTube broadcast, or Zoom's settings before) is
    // made within the lease; every later one, the PATCH above all, confirms the lease with the database.
    const readsFirst = Boolean(job.youtube && !item.target) || !kept.before || item.expect !== undefined;
    let calls = 0;
    const access: ZoomAccess = (request) => paced(job, sid, () => stillOurs(!(readsFirst && calls++ === 0)), request, signal);
    const update = await updateOf(job, item, access);
    return changer.changeStream({
      userId: job.userId,
      kind: item.kind,
      eventId: item.eventId,
      update,
      source: 'bulk',
      historyId: item.id,
      before: kept.before,
      expect: item.expect,
      onBefore: async (before) => {
        await jobs.rememberBefore(item.id, before);
        kept.before = before;
      },
      mayRecord: () => jobs.exists(job.id),
      access,
    });
  }

  /**
   * Runs one item to its outcome, or to the reason the job must stop (the item stays pending then). The
   * read before goes out while the lease is ours; the PATCH asks the database first (renewing the lease),
   * so a cancel, or a lease another instance took over, stops the items already in hand. An outage of our
   * own (session store, database, network before sending) is no outcome: the item is tried again after a
   * growing wait, and after OUTAGE_TRIES the job steps back a while with the item still pending.
   */
  async function runItem(job: Job, item: JobItem, sid: string, stillOurs: StillOurs, signal?: AbortSignal): Promise<Stop | undefined> {
    const kept: { before?: StreamSettings } = { before: item.before };
    for (let tries = 1; ; tries += 1) {
      let changed: boolean;
      try {
        ({ changed } = await attempt(job, item, sid, stillOurs, kept, signal));
      } catch (error) {
        if (error instanceof Stopped) return error.stop;
        // YouTube's quota for the day is spent: the job pauses until it resets, nothing lost (broadcasts made are kept).
        if (error instanceof QuotaExhaustedError) return { kind: 'daily', until: error.resetAt, limit: 'youtube_quota' };
        // YouTube busy (its 5xx, its per-user rate limits): the item is tried again after a while, not failed.
        if (error instanceof YouTubeRefusedError && error.transient) return { kind: 'wait', until: now() + YOUTUBE_BUSY_WAIT_MS };
        const outcome = outcomeOf(error);
        if (outcome) return void (await settle(item.id, outcome));
        logger.warn({ err: error, jobId: job.id, tries }, 'job item not sent: an outage of ours; trying again');
        if (tries >= OUTAGE_TRIES) return { kind: 'wait', until: now() + OUTAGE_PAUSE_MS };
        const stopped = await sleep(outageWaitMs(tries - 1), signal).then(() => false, () => true);
        if (stopped || !(await stillOurs(false))) return { kind: 'lost' };
        continue;
      }
      // Zoom held these settings already: nothing was sent or recorded, so no history entry to name.
      return void (await settle(item.id, { status: 'applied', historyId: changed ? item.id : undefined }));
    }
  }

  return { runItem };
}
