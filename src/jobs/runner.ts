import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ReadCache } from '../cache';
import type { TokenKeeper } from '../credentials/keeper';
import type { HistoryRepository } from '../destinations/types';
import { createStreamChanger } from '../livestream/change';
import type { UserSessionIndex } from '../sessions/store-types';
import { createDestinationTargets, type TargetsDeps } from '../youtube/targets';
import type { ZoomClient } from '../zoom/client';
import { createItemRunner, DAILY_LIMIT_MESSAGE } from './item';
import type { Pacer } from './pacer';
import { createDoorbell } from './doorbell';
import { createJobWork } from './job-work';
import type { ItemOutcome } from './model';
import type { JobsRepository } from './types';

/**
 * Runs bulk jobs in the background, on every instance. An instance claims a job with a lease in the
 * database (renewed while it works), so one job runs on exactly one instance; a lease left by a dead
 * instance expires and another (or the same one, restarted) takes the job over. Each item is: read
 * Zoom's settings (kept once, for the history and an undo), PATCH, record the change in the history
 * under the item's id (so an item PATCHed again after a crash is recorded and counted once). Each call
 * goes out only while the job is still this instance's: the PATCH asks the database first (renewing the
 * lease), so a cancel, or a lease another instance took over, stops the items already in hand.
 * Zoom's 429 is never an item failure: the item waits and is tried again. A wait never holds a slot for
 * long: one over SHORT_WAIT_MS puts the job back in the queue until then (its lease let go), and a short
 * one ends at once on a cancel, a lost lease or shutdown. Jobs are claimed fairly per Zoom account (see
 * the repository's claim), so one host's backlog never keeps another account's job waiting.
 */
export interface JobRunnerDeps {
  jobs: JobsRepository;
  /** A client that does not retry on its own: the runner paces and waits itself. */
  zoom: ZoomClient;
  tokens: TokenKeeper;
  /** Which sessions the host has: a job runs with the token of one of them. */
  sessions: Pick<UserSessionIndex, 'sessionsOfUser'>;
  history: HistoryRepository;
  /** YouTube's broadcasts, when Google is configured: a YouTube destination's items make theirs first. */
  broadcasts?: TargetsDeps['broadcasts'];
  pacer: Pacer;
  logger: Logger;
  /** The per-host read cache, cleared after each change so the pages show it. */
  cache?: Pick<ReadCache, 'forgetHost'>;
  leaseMs: number;
  /** How often an idle runner looks for work (a job created here wakes it at once). */
  pollMs: number;
  /** Jobs one instance works on at once (each paced per account). */
  maxJobs?: number;
  /** Items fetched from the database at a time. */
  batchSize?: number;
  owner?: string;
  now?: () => number;
  /** Rejects when `signal` aborts: the runner aborts a job's waits on a cancel, a lost lease or stop(). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Told of the outcomes this runner records, with how many items (the operator's metrics): applied,
   * failed, not_applied (Zoom's daily limit). A cancel's `skipped` is the host's doing, not the runner's.
   */
  onItems?: (outcome: ItemOutcome['status'], count: number) => void;
}

export interface JobRunner {
  readonly owner: string;
  start(): void;
  /** Stops claiming; resolves when the jobs in hand have stopped at an item boundary and released their leases. */
  stop(): Promise<void>;
  /** Look for work now (a job was created, resumed or retried). */
  kick(): void;
}

export { DAILY_LIMIT_MESSAGE };

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const { jobs, zoom, tokens, sessions, history, pacer, logger, leaseMs, pollMs } = deps;
  const { maxJobs = 4, batchSize = 16, now = Date.now, sleep = (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }) } = deps;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const changer = createStreamChanger({ zoom, history, cache: deps.cache, logger });
  const targets = createDestinationTargets({ zoom, broadcasts: deps.broadcasts, now });
  const itemRunner = createItemRunner({ jobs, zoom, tokens, changer, targets, pacer, logger, now, sleep, onItems: deps.onItems });
  /** The jobs in hand: each one's run, and what aborts its waits (stop() aborts them all). */
  const active = new Map<string, { run: Promise<void>; halt: AbortController }>();
  let running = false;
  const bell = createDoorbell(pollMs);
  let looping: Promise<void> | undefined;
  const runJob = createJobWork({
    jobs, tokens, sessions, itemRunner, logger, owner, leaseMs, batchSize, now, onItems: deps.onItems, running: () => running,
  });

  async function claimWhatFits(): Promise<void> {
    await jobs.resumeDue();
    while (running && active.size < maxJobs) {
      const job = await jobs.claim(owner, leaseMs);
      if (!job) return;
      const halt = new AbortController();
      const run = runJob(job, halt).finally(() => {
        active.delete(job.id);
        bell.ring();
      });
      active.set(job.id, { run, halt });
    }
  }

  async function loop(): Promise<void> {
    while (running) {
      try {
        await claimWhatFits();
      } catch (error) {
        logger.warn({ err: error }, 'job runner could not look for work; trying again');
      }
      if (running) await bell.wait();
    }
  }

  return {
    owner,
    start() {
      if (running) return;
      running = true;
      looping = loop();
    },
    async stop() {
      running = false;
      // Waits end now; calls in flight finish (a PATCH sent is not abandoned), then the leases are released.
      for (const { halt } of active.values()) halt.abort();
      bell.ring();
      await looping;
      await Promise.allSettled([...active.values()].map(({ run }) => run));
    },
    kick() {
      bell.ring();
    },
  };
}
