import type { Kysely } from 'kysely';

/**
 * Bulk jobs (issue 14): a job, its items and each item's outcome, so a job survives a restart and any
 * instance can take it over. Same rules as 001: schema builder for both dialects, `ifNotExists`,
 * epoch milliseconds as bigint, stream keys only in sealed_* columns.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then, not as the app types it now
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('account_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('action', 'varchar(8)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('paused_reason', 'varchar(16)', (col) => col.notNull().defaultTo(''))
    // 0 = no wait; else the job is not claimed before this time (a 429's Retry-After, the daily reset).
    .addColumn('resume_after', 'bigint', (col) => col.notNull().defaultTo(0))
    // JSON of {stream_url, page_url, resolution} and the key sealed apart; null for an undo job (its items carry targets).
    .addColumn('settings', 'text')
    .addColumn('sealed_stream_key', 'text')
    .addColumn('lease_owner', 'varchar(64)', (col) => col.notNull().defaultTo(''))
    .addColumn('lease_until', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  // A host's recent jobs; the runner's search for a claimable job.
  await db.schema.createIndex('jobs_by_user').ifNotExists().on('jobs').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('jobs_runnable').ifNotExists().on('jobs').columns(['status', 'resume_after', 'lease_until']).execute();

  await db.schema
    .createTable('job_items')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('job_id', 'varchar(64)', (col) => col.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('event_id', 'varchar(20)', (col) => col.notNull())
    .addColumn('topic', 'text', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('zoom_status', 'integer')
    .addColumn('zoom_code', 'integer')
    .addColumn('zoom_message', 'text', (col) => col.notNull().defaultTo(''))
    // What an undo job writes back (null for apply: the job's settings apply).
    .addColumn('target_settings', 'text')
    .addColumn('sealed_target_key', 'text')
    // As Zoom had them before the first attempt; written once, so a retry after a crash cannot overwrite them.
    .addColumn('before_settings', 'text')
    .addColumn('sealed_before_key', 'text')
    .addColumn('history_id', 'varchar(64)')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('job_items_order').ifNotExists().unique().on('job_items').columns(['job_id', 'position']).execute();
  await db.schema.createIndex('job_items_by_status').ifNotExists().on('job_items').columns(['job_id', 'status']).execute();
}
