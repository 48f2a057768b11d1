import type { Kysely } from 'kysely';

/**
 * A YouTube destination (issue 24) is a saved destination with `youtube` set: JSON of its options (privacy, title
 * pattern, description, auto start/stop). Its stream URL, key and watch page are not typed by the host: they come
 * from the broadcast the app creates per event (youtube_broadcasts), so its stream columns stay empty. A bulk job
 * that applies one carries the same options (`jobs.youtube`, with the destination's id), as they were when the job
 * was made. Null for every other destination and job.
 * Zoom's meeting.updated names the meeting, not its host: an index finds whose broadcasts an event has.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('destinations').addColumn('youtube', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('youtube', 'text').execute();
  await db.schema.createIndex('youtube_broadcasts_by_event').ifNotExists().on('youtube_broadcasts').columns(['kind', 'event_id']).execute();
}
