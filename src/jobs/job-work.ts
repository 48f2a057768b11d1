import type { Logger } from 'pino';
import type { TokenKeeper } from '../credentials/keeper';
import type { UserSessionIndex } from '../sessions/store-types';
import { DAILY_LIMIT_MESSAGE, YOUTUBE_QUOTA_MESSAGE, type createItemRunner, type Stop } from './item';
import { holdsLease, keepLease, type Lease } from './lease';
import type { ItemOutcome, Job, JobItem } from './model';
import type { JobsRepository } from './types';

/** What one job's run needs from the runner (runner.ts): the repository, the host's sessions, the item runner, the lease terms. */
export interface JobWorkDeps {
  jobs: JobsRepository;
  tokens: Pick<TokenKeeper, 'peek'>;
  sessions: Pick<UserSessionIndex, 'sessionsOfUser'>;
  itemRunner: Pick<ReturnType<typeof createItemRunner>, 'runItem'>;
  logger: Logger;
  owner: string;
  leaseMs: number;
  /** Items fetched from the database at a time. */
  batchSize: number;
  now: () => number;
  onItems?: (outcome: ItemOutcome['status'], count: number) => void;
  /** False once the runner stops: no new batch starts, and the job is left for another instance (not finished). */
  running: () => boolean;
}

/**
 * One claimed job, worked until it stops: batches of items under the job's lease, with the token of one of
 * the host's sessions (another one when that session ends); then what the stop means for the job (back in
 * the queue until a long wait ends, paused for the daily limit or a reconnect, done) and the lease let go.
 */
export function createJobWork({ jobs, tokens, sessions, itemRunner, logger, owner, leaseMs, batchSize, now, onItems, running }: JobWorkDeps) {
  const terms = { jobs, owner, leaseMs };

  /** A session of the host's that still holds a Zoom token, other than those that just failed. */
  async function hostSession(userId: string, tried: Set<string>): Promise<string | undefined> {
    for (const sid of await sessions.sessionsOfUser(userId)) {
      if (!tried.has(sid) && (await tokens.peek(sid))) return sid;
    }
    return undefined;
  }

  /**
   * Not stopping and the lease not lost; with `confirm`, the database agrees (renewing the lease): a
   * cancel clears the lease, and another instance may hold it after ours expired. Once lost, every item
   * of the batch stops without asking again.
   */
  async function stillOurs(job: Job, lease: Lease, confirm: boolean): Promise<boolean> {
    return running() && holdsLease(terms, job.id, lease, confirm);
  }

  /**
   * One item; when it must wait long, the job's other items in hand stop too (they find the job no longer
   * "ours" at their next call, and their waits are cut short): the whole job goes back to the queue.
   */
  async function runOne(job: Job, item: JobItem, sid: string, lease: Lease): Promise<Stop | undefined> {
    const stop = await itemRunner.runItem(job, item, sid, (confirm) => stillOurs(job, lease, confirm), lease.halt.signal);
    if (stop?.kind === 'wait') lease.halt.abort();
    return stop;
  }

  async function work(job: Job, lease: Lease): Promise<Stop | undefined> {
    const tried = new Set<string>();
    let sid = await hostSession(job.userId, tried);
    for (;;) {
      if (!sid) return { kind: 'reconnect' };
      if (lease.lost) return { kind: 'lost' };
      if (!running()) return undefined;
      const items = await jobs.pendingItems(job.id, batchSize);
      if (items.length === 0) return undefined;
      const stops = (await Promise.all(items.map((item) => runOne(job, item, sid!, lease)))).filter((stop) => stop !== undefined);
      const daily = stops.find((stop) => stop.kind === 'daily');
      if (daily) return daily;
      const waits = stops.filter((stop) => stop.kind === 'wait');
      if (waits.length > 0) return { kind: 'wait', until: Math.max(...waits.map((stop) => stop.until)) };
      if (stops.some((stop) => stop.kind === 'reconnect')) {
        // That session ended (logout, deauthorization, a refused refresh): another of the host's may still work.
        tried.add(sid);
        sid = await hostSession(job.userId, tried);
      }
    }
  }

  async function runJob(job: Job, halt: AbortController): Promise<void> {
    const lease = keepLease(terms, job.id, halt);
    try {
      const stop = await work(job, lease.state);
      if (stop?.kind === 'wait') {
        // The slot and the lease go back now; the claim skips the job until then (the page says until when).
        if (await jobs.requeueUntil(job.id, owner, stop.until)) {
          logger.info({ jobId: job.id, waitMs: stop.until - now() }, 'job waiting for Zoom\'s rate limit; back in the queue');
        }
      } else if (stop?.kind === 'daily') {
        const youtube = stop.limit === 'youtube_quota';
        const notApplied = await jobs.markRemaining(job.id, 'not_applied', youtube ? YOUTUBE_QUOTA_MESSAGE : DAILY_LIMIT_MESSAGE);
        onItems?.('not_applied', notApplied);
        await jobs.pause(job.id, youtube ? 'youtube_quota' : 'daily_limit', stop.until);
        logger.info({ jobId: job.id, until: new Date(stop.until).toISOString() }, youtube ? 'job paused: YouTube\'s daily quota' : 'job paused: Zoom\'s daily limit');
      } else if (stop?.kind === 'reconnect') {
        await jobs.pause(job.id, 'reconnect');
        logger.info({ jobId: job.id }, 'job paused: the host must connect Zoom again');
      } else if (stop === undefined && running() && (await jobs.finish(job.id, owner))) {
        logger.info({ jobId: job.id }, 'job done');
      }
    } catch (error) {
      logger.warn({ err: error, jobId: job.id }, 'job interrupted; it resumes when the database answers');
    } finally {
      lease.stop();
      await jobs.release(job.id, owner).catch(() => undefined);
    }
  }

  return runJob;
}
