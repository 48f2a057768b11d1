import type { Kysely } from 'kysely';

/**
 * Pre-flight checks (issue 25). Same rules as 001: schema builder, `ifNotExists`, epoch milliseconds as bigint.
 * - `preflight_results`: the latest check of each event per host (what /streams, the event page and the home page
 *   show), its checks as JSON (results and reasons only: never a key or a URL with one). A failing automatic check
 *   stays until a later check replaces it; rows are pruned with the change history.
 * - `preflight_runs`: one row per automatic check (`run_key` = kind:event:start:window), inserted by the instance
 *   that takes it: with several instances each window of each event is checked exactly once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('preflight_results').ifNotExists()
    .addColumn('user_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('event_id', 'varchar(20)', (col) => col.notNull())
    .addColumn('starts_at', 'bigint', (col) => col.notNull())
    .addColumn('checked_at', 'bigint', (col) => col.notNull())
    .addColumn('trigger', 'varchar(8)', (col) => col.notNull())
    .addColumn('overall', 'varchar(8)', (col) => col.notNull())
    .addColumn('checks', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('preflight_results_pk', ['user_id', 'kind', 'event_id'])
    .execute();
  await db.schema.createTable('preflight_runs').ifNotExists()
    .addColumn('run_key', 'varchar(120)', (col) => col.primaryKey())
    .addColumn('owner', 'varchar(120)', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute();
}
