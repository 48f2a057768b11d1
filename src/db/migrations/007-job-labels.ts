import type { Kysely } from 'kysely';

/**
 * Jobs say what they did (issue 22): `jobs.label` is JSON `{name, count}`, the saved destination's name and how
 * many events the job was given, as they were when it was created (renaming the destination later does not
 * rewrite history). An undo job carries its job's label. Null for jobs from before: pages fall back to the title.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('label', 'text').execute();
}
