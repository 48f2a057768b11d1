import type { Kysely } from 'kysely';

/**
 * A fair queue for bulk jobs (issue 21): when each job was last claimed, so the runner serves the Zoom
 * account whose last claim is oldest before another job of a busy one. 0 = never claimed. Same rules as
 * 001: schema builder for both dialects, epoch milliseconds as bigint.
 *
 * Also mends the waits stored before every wait was capped: `Retry-After: 100000000000000` was stored as
 * a resume time no Date can hold (every page showing the job answered 500, and the job never ran again).
 * Zoom's longest wait is until its next daily reset, so a wait more than a day ahead is dropped: the job is
 * claimable at once, and a 429 it meets again is read with the caps.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('claimed_at', 'bigint', (col) => col.notNull().defaultTo(0)).execute();
  // The claim's "when was this account last served", one index seek per account.
  await db.schema.createIndex('jobs_by_account').ifNotExists().on('jobs').columns(['account_id', 'claimed_at']).execute();
  await db.updateTable('jobs').set({ resume_after: 0 }).where('resume_after', '>', Date.now() + 86_400_000).execute();
}
