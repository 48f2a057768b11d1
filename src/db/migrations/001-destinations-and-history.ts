import type { Kysely } from 'kysely';

/**
 * Saved destinations and the change history. Written with Kysely's schema builder so SQLite and
 * PostgreSQL run the same migration; `ifNotExists` keeps it idempotent. Times are epoch milliseconds
 * (bigint). Stream keys live only in the sealed_* columns.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then, not as the app types it now
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('destinations')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('name', 'varchar(80)', (col) => col.notNull())
    .addColumn('stream_url', 'varchar(1024)', (col) => col.notNull())
    .addColumn('sealed_stream_key', 'text', (col) => col.notNull())
    .addColumn('page_url', 'varchar(1024)', (col) => col.notNull())
    .addColumn('resolution', 'varchar(8)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('destinations_name_per_user').ifNotExists().unique().on('destinations').columns(['user_id', 'name']).execute();

  await db.schema
    .createTable('change_history')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('event_id', 'varchar(20)', (col) => col.notNull())
    .addColumn('source', 'varchar(16)', (col) => col.notNull())
    .addColumn('before_settings', 'text', (col) => col.notNull())
    .addColumn('after_settings', 'text', (col) => col.notNull())
    .addColumn('sealed_before_key', 'text', (col) => col.notNull())
    .addColumn('sealed_after_key', 'text', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('change_history_by_event').ifNotExists().on('change_history').columns(['user_id', 'kind', 'event_id', 'at']).execute();
  await db.schema.createIndex('change_history_by_age').ifNotExists().on('change_history').column('at').execute();
}
