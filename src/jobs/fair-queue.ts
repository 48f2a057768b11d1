import type { ExpressionBuilder, Kysely } from 'kysely';
import type { JobsTable, Tables } from '../db/types';
import { TooManyJobsError } from './types';

/**
 * Which job an instance takes next, and how many one host may queue (issue 21): one host's backlog must
 * neither stall another Zoom account's job nor grow without end. The repository's claim and create use these.
 */
export const RUNNABLE = ['queued', 'running'];

/**
 * Runnable (queued or running, its wait over) and its lease free or expired. A job this instance holds is
 * not claimable again: the runner is already working on it (a restarted process has a new owner id).
 */
export const claimable = (at: number) => (eb: ExpressionBuilder<Tables, 'jobs'>) => eb.and([
  eb('status', 'in', RUNNABLE), eb('resume_after', '<=', at), eb('lease_until', '<', at),
]);

/**
 * The fair queue, per Zoom account (its rate limit is the account's): claimable jobs of accounts this
 * instance is not already working for (the pacer shares an account's calls within a process, so a second
 * job of it here would only take a slot), the account with the fewest jobs running anywhere first, then
 * the one served longest ago, then its oldest job. One statement on SQLite and PostgreSQL.
 */
export function fairCandidates(db: Kysely<Tables>, owner: string, at: number) {
  const held = (eb: ExpressionBuilder<Tables & { other: JobsTable }, 'jobs' | 'other'>) => eb.and([
    eb('other.account_id', '=', eb.ref('jobs.account_id')), eb('other.lease_owner', '!=', ''),
    eb('other.lease_until', '>=', at), eb('other.status', 'in', RUNNABLE),
  ]);
  return db.selectFrom('jobs').select((eb) => [
    'jobs.id',
    eb.selectFrom('jobs as other').select((sub) => sub.fn.countAll().as('n')).where(held).as('running'),
    eb.selectFrom('jobs as other').select((sub) => sub.fn.coalesce(sub.fn.max('other.claimed_at'), sub.lit(0)).as('served'))
      .where('other.account_id', '=', eb.ref('jobs.account_id')).as('served'),
  ])
    .where(claimable(at))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('jobs as other').select('other.id').where(held).where('other.lease_owner', '=', owner))))
    .orderBy('running').orderBy('served').orderBy('jobs.created_at').limit(5).execute();
}

/**
 * One host may have `bound` jobs queued or running; one more is refused. Counted inside the creating
 * transaction: SQLite's BEGIN IMMEDIATE makes count-then-insert exact; on PostgreSQL two requests of one
 * host at the same instant could both pass (one job over the bound, never more per request).
 */
export async function refuseBeyond(trx: Kysely<Tables>, userId: string, bound: number): Promise<void> {
  const { n } = await trx.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId).where('status', 'in', RUNNABLE).executeTakeFirstOrThrow();
  if (Number(n) >= bound) throw new TooManyJobsError(bound);
}
