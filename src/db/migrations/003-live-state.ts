import type { Kysely } from 'kysely';

/**
 * Live state (issue 15): what the app knows of each meeting or webinar being in progress or streaming,
 * from Zoom's events and from starts and stops made through the app. One row per event, in the database
 * every instance reads. `at` is the time of the evidence (Zoom's event_ts, or the app's clock), so an
 * event that arrives late never overwrites a newer one. Same rules as 001: schema builder, `ifNotExists`,
 * epoch milliseconds as bigint. Nothing secret: Zoom's live streaming events carry a stream key, never kept.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_states')
    .ifNotExists()
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('event_id', 'varchar(20)', (col) => col.notNull())
    .addColumn('host_id', 'varchar(64)', (col) => col.notNull())
    // 'started' (in progress, not streaming), 'live', or 'ended'.
    .addColumn('state', 'varchar(16)', (col) => col.notNull())
    // When the stream went live (Zoom's date_time, or the app's start); 0 unless live.
    .addColumn('live_since', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('at', 'bigint', (col) => col.notNull())
    // Past this the row says nothing: a missed meeting.ended cannot leave a meeting "live" for ever.
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('live_states_pk', ['kind', 'event_id'])
    .execute();
  await db.schema.createIndex('live_states_by_host').ifNotExists().on('live_states').columns(['host_id']).execute();
  await db.schema.createIndex('live_states_expiry').ifNotExists().on('live_states').columns(['expires_at']).execute();
}
