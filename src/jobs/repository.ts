import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TokenVault } from '../credentials/vault';
import type { AppDatabase, JobItemsTable, JobsTable, Tables } from '../db/types';
import { guarded } from '../db/errors';
import { refuseBeyond, RUNNABLE } from './fair-queue';
import { labelOf, sealSettings, toItem, toJob } from './rows';
import { changed, runnerCalls } from './runner-calls';
import { ITEM_STATUSES, TIMED_PAUSES, type ItemCounts, type ItemStatus, type Job, type JobAction } from './model';
import { UndoExistsError, type JobsRepository } from './types';

/**
 * Jobs and their items. Host-facing calls are scoped by user id (another host's job is undefined);
 * runner-facing calls go by job id and lease owner (runner-calls.ts). Every change that must happen once is a
 * conditional UPDATE, so two instances (or one after a crash) cannot both make it.
 */
export function createJobsRepository({ db }: AppDatabase, vault: TokenVault, now: () => number = Date.now): JobsRepository {
  const owned = (userId: string, jobId: string) =>
    db.selectFrom('jobs').select('id').where('user_id', '=', userId).where('id', '=', jobId).executeTakeFirst();

  /** Paused → queued, and what the daily limit left not_applied is to do again. */
  async function resumeIn(trx: Kysely<Tables>, jobId: string, userId?: string): Promise<boolean> {
    let update = trx.updateTable('jobs').set({ status: 'queued', paused_reason: '', resume_after: 0, updated_at: now() })
      .where('id', '=', jobId).where('status', '=', 'paused');
    if (userId !== undefined) update = update.where('user_id', '=', userId);
    if (changed(await update.executeTakeFirst()) === 0) return false;
    await trx.updateTable('job_items').set({ status: 'pending', updated_at: now() })
      .where('job_id', '=', jobId).where('status', '=', 'not_applied').execute();
    return true;
  }

  return {
    ...runnerCalls(db, vault, now),

    create: (job, bound) => guarded(() => db.transaction().execute(async (trx) => {
      const at = now();
      if (bound !== undefined) await refuseBeyond(trx, job.userId, bound);
      const { json, sealedKey } = sealSettings(job.settings, vault);
      const row: JobsTable = {
        id: randomUUID(), user_id: job.userId, account_id: job.accountId, action: job.action, status: 'queued', paused_reason: '',
        resume_after: 0, settings: json, sealed_stream_key: sealedKey, lease_owner: '', lease_until: 0, claimed_at: 0, created_at: at, updated_at: at,
        undo_of: job.undoOf ?? null, label: job.label ? JSON.stringify(job.label) : null, youtube: job.youtube ? JSON.stringify(job.youtube) : null,
      };
      await trx.insertInto('jobs').values(row).execute();
      const items: JobItemsTable[] = job.items.map((item, position) => {
        const target = sealSettings(item.target, vault);
        const expected = sealSettings(item.expect, vault);
        return {
          id: randomUUID(), job_id: row.id, position, kind: item.kind, event_id: item.eventId, topic: item.topic, status: 'pending',
          zoom_status: null, zoom_code: null, zoom_message: '', target_settings: target.json, sealed_target_key: target.sealedKey,
          before_settings: null, sealed_before_key: null, history_id: null, updated_at: at,
          expect_settings: expected.json, sealed_expect_key: expected.sealedKey,
        };
      });
      // In chunks: SQLite allows at most 32766 bound parameters per statement.
      for (let i = 0; i < items.length; i += 500) await trx.insertInto('job_items').values(items.slice(i, i + 500)).execute();
      return { ...toJob(row, vault), items: items.map((item) => toItem(item, vault)) };
    // A second undo of one job meets jobs_undo_once (migration 005): one undo job, however many presses.
    }), job.undoOf ? () => new UndoExistsError() : undefined),

    get: (userId, jobId) => guarded(async () => {
      const row = await db.selectFrom('jobs').selectAll().where('user_id', '=', userId).where('id', '=', jobId).executeTakeFirst();
      if (!row) return undefined;
      const items = await db.selectFrom('job_items').selectAll().where('job_id', '=', jobId).orderBy('position').execute();
      return { ...toJob(row, vault), items: items.map((item) => toItem(item, vault)) };
    }),

    listRecent: (userId, limit = 20) => guarded(async () => {
      const rows = await db.selectFrom('jobs').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute();
      return rows.map((row) => toJob(row, vault));
    }),

    counts: (userId, jobId) => guarded(async () => {
      if (!(await owned(userId, jobId))) return undefined;
      const rows = await db.selectFrom('job_items').select((eb) => ['status', eb.fn.countAll<string>().as('n')])
        .where('job_id', '=', jobId).groupBy('status').execute();
      const counts = Object.fromEntries(ITEM_STATUSES.map((status) => [status, 0])) as ItemCounts;
      counts.total = 0;
      for (const row of rows) {
        counts[row.status as ItemStatus] = Number(row.n);
        counts.total += Number(row.n);
      }
      return counts;
    }),

    resume: (userId, jobId) => guarded(() => db.transaction().execute((trx) => resumeIn(trx, jobId, userId))),

    resumeReconnected: (userId) => guarded(async () => {
      const paused = await db.selectFrom('jobs').select('id').where('user_id', '=', userId).where('status', '=', 'paused')
        .where('paused_reason', '=', 'reconnect').execute();
      let resumed = 0;
      for (const { id } of paused) if (await db.transaction().execute((trx) => resumeIn(trx, id, userId))) resumed += 1;
      return resumed;
    }),

    resumeDue: () => guarded(async () => {
      const due = await db.selectFrom('jobs').select('id').where('status', '=', 'paused').where('paused_reason', 'in', [...TIMED_PAUSES])
        .where('resume_after', '<=', now()).execute();
      let resumed = 0;
      for (const { id } of due) if (await db.transaction().execute((trx) => resumeIn(trx, id))) resumed += 1;
      return resumed;
    }),

    cancel: (userId, jobId) => guarded(() => db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('jobs').set({ status: 'cancelled', paused_reason: '', lease_owner: '', lease_until: 0, updated_at: now() })
        .where('user_id', '=', userId).where('id', '=', jobId).where('status', 'in', [...RUNNABLE, 'paused']).executeTakeFirst();
      if (changed(result) === 0) return false;
      await trx.updateTable('job_items').set({ status: 'skipped', updated_at: now() }).where('job_id', '=', jobId)
        .where('status', 'in', ['pending', 'not_applied']).execute();
      return true;
    })),

    retryFailed: (userId, jobId) => guarded(() => db.transaction().execute(async (trx) => {
      const job = await trx.selectFrom('jobs').select('status').where('user_id', '=', userId).where('id', '=', jobId).executeTakeFirst();
      if (!job || job.status === 'cancelled') return 0;
      const reset = changed(await trx.updateTable('job_items').set({ status: 'pending', updated_at: now() })
        .where('job_id', '=', jobId).where('status', '=', 'failed').executeTakeFirst());
      if (reset > 0) await trx.updateTable('jobs').set({ status: 'queued', updated_at: now() }).where('id', '=', jobId).where('status', '=', 'done').execute();
      return reset;
    })),

    removeAllOf: (userId) => guarded(() => db.transaction().execute(async (trx) => {
      // Items first: SQLite enforces no foreign keys (no cascade) unless asked.
      await trx.deleteFrom('job_items').where('job_id', 'in', trx.selectFrom('jobs').select('id').where('user_id', '=', userId)).execute();
      return Number((await trx.deleteFrom('jobs').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows);
    })),

    undoneBy: (userId, jobId) => guarded(async () => (await db.selectFrom('jobs').select('id').where('user_id', '=', userId)
      .where('undo_of', '=', jobId).executeTakeFirst())?.id),

    jobsOfHistory: (userId, historyIds) => guarded(async () => {
      const found = new Map<string, Pick<Job, 'id' | 'action' | 'label'>>();
      if (historyIds.length === 0) return found;
      const rows = await db.selectFrom('job_items').innerJoin('jobs', 'jobs.id', 'job_items.job_id')
        .select(['job_items.history_id', 'jobs.id', 'jobs.action', 'jobs.label'])
        .where('jobs.user_id', '=', userId).where('job_items.history_id', 'in', historyIds).execute();
      for (const row of rows) {
        if (row.history_id) found.set(row.history_id, { id: row.id, action: row.action as JobAction, label: labelOf(row.label) });
      }
      return found;
    }),
  };
}
