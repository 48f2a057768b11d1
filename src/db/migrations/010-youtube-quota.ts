import type { Kysely } from 'kysely';

/**
 * The Google project's YouTube quota spent per Pacific day (issue 24, src/youtube/quota.ts): one row per day, its
 * units added in place by every instance (an upsert adding to `units`), so instances sharing the database share one
 * budget. `day` is 'YYYY-MM-DD' in America/Los_Angeles, where Google's quota day turns.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('youtube_quota').ifNotExists()
    .addColumn('day', 'varchar(10)', (col) => col.primaryKey())
    .addColumn('units', 'bigint', (col) => col.notNull())
    .execute();
}
