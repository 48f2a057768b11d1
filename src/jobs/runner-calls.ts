import type { TokenVault } from '../credentials/vault';
import type { Database } from '../db/types';
import { guarded } from '../db/errors';
import { claimable, fairCandidates, RUNNABLE } from './fair-queue';
import { sealSettings, toItem, toJob } from './rows';
import type { JobsRepository } from './types';

/** How many rows an UPDATE changed: 1 (or more) when this caller made the change, 0 when another did first. */
export const changed = (result: { numUpdatedRows: bigint }): number => Number(result.numUpdatedRows);

/** The repository's calls a running job makes (jobs/runner.ts, jobs/item.ts), by job id and lease owner. */
export type RunnerCalls = Pick<JobsRepository,
  'claim' | 'requeueUntil' | 'renew' | 'release' | 'pendingItems' | 'rememberBefore' | 'recordOutcome' | 'markRemaining' | 'defer' | 'finish' | 'pause' | 'exists'>;

/**
 * The runner's side of the jobs repository (repository.ts): claiming a job under a lease, keeping and letting
 * go of it, and recording each item's outcome once. Each change that must happen once is a conditional UPDATE.
 */
export function runnerCalls(db: Database, vault: TokenVault, now: () => number): RunnerCalls {
  const jobRow = (id: string) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();

  return {
    // Read a few candidates, then take one with an UPDATE that repeats the conditions: SQLite runs writes
    // one at a time and PostgreSQL re-checks the WHERE after waiting for a racing writer's row lock, so of
    // two instances racing for one job exactly one updates a row; the other sees 0 rows and tries the next.
    // The candidates come in fair order (see fairCandidates).
    claim: (owner, leaseMs) => guarded(async () => {
      const at = now();
      for (const { id } of await fairCandidates(db, owner, at)) {
        const result = await db.updateTable('jobs').set({ lease_owner: owner, lease_until: at + leaseMs, status: 'running', claimed_at: at, updated_at: at })
          .where('id', '=', id).where(claimable(at)).executeTakeFirst();
        if (changed(result) === 1) return toJob((await jobRow(id))!, vault);
      }
      return undefined;
    }),

    requeueUntil: (jobId, owner, until) => guarded(async () => changed(await db.updateTable('jobs')
      .set({ status: 'queued', resume_after: until, lease_owner: '', lease_until: 0, updated_at: now() })
      .where('id', '=', jobId).where('lease_owner', '=', owner).where('status', 'in', RUNNABLE).executeTakeFirst()) === 1),

    renew: (jobId, owner, leaseMs) => guarded(async () => changed(await db.updateTable('jobs').set({ lease_until: now() + leaseMs })
      .where('id', '=', jobId).where('lease_owner', '=', owner).where('status', 'in', RUNNABLE).executeTakeFirst()) === 1),

    release: (jobId, owner) => guarded(async () => changed(await db.updateTable('jobs').set({ lease_owner: '', lease_until: 0 })
      .where('id', '=', jobId).where('lease_owner', '=', owner).executeTakeFirst()) === 1),

    pendingItems: (jobId, limit = 50) => guarded(async () => {
      const rows = await db.selectFrom('job_items').selectAll().where('job_id', '=', jobId).where('status', '=', 'pending')
        .orderBy('position').limit(limit).execute();
      return rows.map((row) => toItem(row, vault));
    }),

    rememberBefore: (itemId, before) => guarded(async () => {
      const { json, sealedKey } = sealSettings(before, vault);
      return changed(await db.updateTable('job_items').set({ before_settings: json, sealed_before_key: sealedKey, updated_at: now() })
        .where('id', '=', itemId).where('sealed_before_key', 'is', null).executeTakeFirst()) === 1;
    }),

    // Only a pending item takes an outcome, so a second "applied" after a crash changes nothing. One
    // exception: Zoom's word that a PATCH succeeded wins over skipped/not_applied, which a cancel or
    // the daily limit may have written while that PATCH was in flight; it still counts once.
    recordOutcome: (itemId, outcome) => guarded(async () => {
      const from = outcome.status === 'applied' ? ['pending', 'skipped', 'not_applied'] : ['pending'];
      return changed(await db.updateTable('job_items').set({
        status: outcome.status, zoom_status: outcome.zoomStatus ?? null, zoom_code: outcome.zoomCode ?? null,
        zoom_message: outcome.zoomMessage ?? '', history_id: outcome.historyId ?? null, updated_at: now(),
      }).where('id', '=', itemId).where('status', 'in', from).executeTakeFirst()) === 1;
    }),

    markRemaining: (jobId, status, zoomMessage = '') => guarded(async () => changed(await db.updateTable('job_items')
      .set({ status, zoom_message: zoomMessage, updated_at: now() }).where('job_id', '=', jobId).where('status', '=', 'pending').executeTakeFirst())),

    defer: (jobId, until) => guarded(async () => {
      await db.updateTable('jobs').set({ resume_after: until, updated_at: now() }).where('id', '=', jobId).execute();
    }),

    finish: (jobId, owner) => guarded(async () => changed(await db.updateTable('jobs')
      .set({ status: 'done', lease_owner: '', lease_until: 0, updated_at: now() })
      .where('id', '=', jobId).where('lease_owner', '=', owner).where('status', 'in', RUNNABLE)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('job_items').select('id').where('job_id', '=', jobId).where('status', '=', 'pending'))))
      .executeTakeFirst()) === 1),

    pause: (jobId, reason, resumeAfter = 0) => guarded(async () => changed(await db.updateTable('jobs')
      .set({ status: 'paused', paused_reason: reason, resume_after: resumeAfter, lease_owner: '', lease_until: 0, updated_at: now() })
      .where('id', '=', jobId).where('status', 'in', RUNNABLE).executeTakeFirst()) === 1),

    exists: (jobId) => guarded(async () => (await jobRow(jobId)) !== undefined),
  };
}
