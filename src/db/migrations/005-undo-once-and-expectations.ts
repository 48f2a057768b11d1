import type { Kysely } from 'kysely';

/**
 * Undo, honestly (issue 21): a job is undone at most once, and an undo leaves alone an event changed since.
 * `jobs.undo_of` names the job an undo job undoes; its unique index lets ten simultaneous Undo presses make
 * one undo job (the database refuses the other nine). `job_items.expect_settings` is what an undo item's
 * event must still hold (what the job wrote) for the undo to go out; the key sealed apart, as in 002.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('undo_of', 'varchar(64)').execute();
  // NULL for apply jobs: both SQLite and PostgreSQL let any number of NULLs through a unique index.
  await db.schema.createIndex('jobs_undo_once').ifNotExists().unique().on('jobs').column('undo_of').execute();
  await db.schema.alterTable('job_items').addColumn('expect_settings', 'text').execute();
  await db.schema.alterTable('job_items').addColumn('sealed_expect_key', 'text').execute();
}
