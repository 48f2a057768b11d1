import type { StreamSettings } from '../destinations/types';
import { RepositoryRuleError } from '../db/errors';
import type { ItemCounts, ItemOutcome, Job, JobItem, JobWithItems, NewJob, PausedReason } from './model';

/**
 * The jobs repository's contract (repository.ts implements it) and the rules it refuses by: one undo per job,
 * a bound on each host's queued and running jobs. The job and its items themselves are in model.ts.
 */

/** The job already has its undo job (ten Undo presses at once make one). */
export class UndoExistsError extends RepositoryRuleError {
  constructor() {
    super('this job has already been undone');
    this.name = 'UndoExistsError';
  }
}

/** Jobs one host may have queued or running at once: one host's backlog cannot grow without end. */
export const MAX_ACTIVE_JOBS_PER_HOST = 5;

/** A new job refused: the host already has `bound` jobs queued or running. */
export class TooManyJobsError extends RepositoryRuleError {
  constructor(readonly bound: number) {
    super(`at most ${bound} jobs queued or running per host`);
    this.name = 'TooManyJobsError';
  }
}

export interface JobsRepository {
  /**
   * The job and its items in one transaction; status queued. With `bound`, refused (TooManyJobsError) when
   * the host already has that many jobs queued or running.
   */
  create(job: NewJob, bound?: number): Promise<JobWithItems>;
  /** undefined for an unknown id or another host's. Items by position. */
  get(userId: string, jobId: string): Promise<JobWithItems | undefined>;
  /** The host's jobs, newest first, without items. */
  listRecent(userId: string, limit?: number): Promise<Job[]>;
  /** Items per status (the progress bar); undefined when not the host's. */
  counts(userId: string, jobId: string): Promise<ItemCounts | undefined>;

  /**
   * Takes one runnable job whose lease is free or expired, atomically; status becomes running. Fair per Zoom
   * account: not an account this owner already runs a job of; the account with the fewest running jobs, then
   * the one claimed longest ago, then its oldest job.
   */
  claim(owner: string, leaseMs: number): Promise<Job | undefined>;
  /** false when the lease is no longer ours (expired and taken): stop working on the job. */
  renew(jobId: string, owner: string, leaseMs: number): Promise<boolean>;
  release(jobId: string, owner: string): Promise<boolean>;
  /** The next items still to do, by position. */
  pendingItems(jobId: string, limit?: number): Promise<JobItem[]>;
  /** Keeps the first reading only: a retry after a crash reads Zoom's new values and must not overwrite it. */
  rememberBefore(itemId: string, before: StreamSettings): Promise<boolean>;
  /** Records an outcome once: true when it changed the item (see the repository for `applied`). */
  recordOutcome(itemId: string, outcome: ItemOutcome): Promise<boolean>;
  /** Pending items become not_applied (daily limit) or skipped; resolves to how many. */
  markRemaining(jobId: string, status: 'not_applied' | 'skipped', zoomMessage?: string): Promise<number>;
  /** A 429 wait: nobody claims the job before `until`. */
  defer(jobId: string, until: number): Promise<void>;
  /** A long 429 wait: the job back in the queue, lease let go, claimable from `until`; false when not ours. */
  requeueUntil(jobId: string, owner: string, until: number): Promise<boolean>;
  /** Done when no item is pending; releases the lease. */
  finish(jobId: string, owner: string): Promise<boolean>;
  pause(jobId: string, reason: Exclude<PausedReason, ''>, resumeAfter?: number): Promise<boolean>;
  /** A paused job runs again; its not_applied items become pending. */
  resume(userId: string, jobId: string): Promise<boolean>;
  /** The host connected again: their jobs paused for a reconnect run again; resolves to how many. */
  resumeReconnected(userId: string): Promise<number>;
  /** Daily-limit pauses whose resume_after has passed, resumed; resolves to how many. */
  resumeDue(): Promise<number>;
  /** Cancelled, pending items skipped, in one transaction. */
  cancel(userId: string, jobId: string): Promise<boolean>;
  /** Failed items back to pending and the job queued again; resolves to how many items. */
  retryFailed(userId: string, jobId: string): Promise<number>;
  /** Every job of this host and their items (deauthorization); resolves to how many jobs. */
  removeAllOf(userId: string): Promise<number>;
  /** The id of the job that undoes this one, if any (the host's own jobs only). */
  undoneBy(userId: string, jobId: string): Promise<string | undefined>;
  /** Whether the job is still there: its host's data deleted, nothing of it may be written any more. */
  exists(jobId: string): Promise<boolean>;
  /** The host's jobs that wrote these history entries (an item's history id), by history id: what each entry says it came from. */
  jobsOfHistory(userId: string, historyIds: string[]): Promise<Map<string, Pick<Job, 'id' | 'action' | 'label'>>>;
}
