import type { Kysely } from 'kysely';

/**
 * The YouTube destination's own records (issue 24). Same rules as 001: schema builder, `ifNotExists`, epoch
 * milliseconds as bigint, secrets sealed with the token vault (never a column in clear).
 * - `youtube_streams`: ONE reusable liveStream per destination (`destination_key`, an id the caller gives), created
 *   once, so every event of that destination streams with the same key. The stream name is YouTube's stream key:
 *   sealed.
 * - `youtube_broadcasts`: the broadcasts THE APP created, one per event or occurrence ('' for a single event). Only
 *   these are ever updated or deleted: a broadcast the host made in YouTube Studio is never touched. `stream_id` is
 *   '' until the broadcast is bound, so a bind refused (quota) is finished by the next run instead of duplicated.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('youtube_streams').ifNotExists()
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('destination_key', 'varchar(64)', (col) => col.notNull())
    .addColumn('stream_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('ingestion_address', 'varchar(500)', (col) => col.notNull())
    .addColumn('sealed_stream_name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('youtube_streams_pk', ['user_id', 'destination_key'])
    .execute();

  await db.schema.createTable('youtube_broadcasts').ifNotExists()
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('event_id', 'varchar(20)', (col) => col.notNull())
    .addColumn('occurrence_id', 'varchar(32)', (col) => col.notNull().defaultTo(''))
    .addColumn('broadcast_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('stream_id', 'varchar(64)', (col) => col.notNull().defaultTo(''))
    .addColumn('scheduled_start', 'bigint', (col) => col.notNull())
    .addColumn('title', 'varchar(200)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('youtube_broadcasts_pk', ['user_id', 'kind', 'event_id', 'occurrence_id'])
    .execute();
  await db.schema.createIndex('youtube_broadcasts_by_broadcast').ifNotExists().on('youtube_broadcasts').columns(['broadcast_id']).execute();
}
