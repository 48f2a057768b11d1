import type { JobsRepository } from './types';

/**
 * A job's hold on its lease while this instance works on it. `lost` once the lease is not ours (a cancel
 * cleared it, or another instance holds it after ours expired); `halt` aborts the job's waits then, and
 * on a long 429 wait or the runner's stop().
 */
export interface Lease {
  lost: boolean;
  halt: AbortController;
}

interface LeaseTerms {
  jobs: Pick<JobsRepository, 'renew'>;
  owner: string;
  leaseMs: number;
}

/** Renews the lease every third of its length while the job runs; stop() when the job is let go. */
export function keepLease({ jobs, owner, leaseMs }: LeaseTerms, jobId: string, halt: AbortController): { state: Lease; stop: () => void } {
  const state: Lease = { lost: false, halt };
  const timer = setInterval(() => {
    jobs.renew(jobId, owner, leaseMs).then((ours) => {
      if (ours) return;
      state.lost = true;
      halt.abort();
    }, () => undefined);
  }, Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  return { state, stop: () => clearInterval(timer) };
}

/**
 * Not lost nor halted; with `confirm`, the database agrees (renewing the lease). Once lost, every item of
 * the batch stops without asking again.
 */
export async function holdsLease({ jobs, owner, leaseMs }: LeaseTerms, jobId: string, lease: Lease, confirm: boolean): Promise<boolean> {
  if (lease.lost || lease.halt.signal.aborted) return false;
  if (confirm && !(await jobs.renew(jobId, owner, leaseMs).catch(() => false))) lease.lost = true;
  return !lease.lost;
}
