import { guarded } from '../db/errors';
import type { Database, YouTubeBroadcastsTable, YouTubeStreamsTable } from '../db/types';

/**
 * Storage of the YouTube destination's records (migration 009): each destination's one reusable stream (its name,
 * YouTube's stream key, arrives here already sealed) and the broadcasts the app created per event or occurrence.
 * Storage only: src/youtube/broadcasts.ts decides what to create on YouTube.
 */
export type StoredStream = YouTubeStreamsTable;
export type StoredBroadcast = YouTubeBroadcastsTable;

export interface EventRef {
  kind: string;
  eventId: string;
  /** '' (or left out) for a single event. */
  occurrenceId?: string;
}

const asStream = (row: StoredStream): StoredStream => ({ ...row, created_at: Number(row.created_at) });
// PostgreSQL returns bigint as a string: the app works in numbers.
const asBroadcast = (row: StoredBroadcast): StoredBroadcast => ({ ...row, scheduled_start: Number(row.scheduled_start), created_at: Number(row.created_at) });

export function createBroadcastRepository(db: Database) {
  const broadcastRow = (userId: string, event: EventRef) => db.selectFrom('youtube_broadcasts')
    .where('user_id', '=', userId).where('kind', '=', event.kind).where('event_id', '=', event.eventId)
    .where('occurrence_id', '=', event.occurrenceId ?? '');

  return {
    streamOf: (userId: string, destinationKey: string) => guarded(async (): Promise<StoredStream | undefined> => {
      const row = await db.selectFrom('youtube_streams').selectAll()
        .where('user_id', '=', userId).where('destination_key', '=', destinationKey).executeTakeFirst();
      return row && asStream(row);
    }),

    /**
     * Keeps the destination's stream unless another actor kept one first; returns the one kept, so two actors
     * racing on a new destination both use the same stream (the loser's is then an orphan it should delete).
     */
    keepStream: (row: StoredStream) => guarded(async (): Promise<StoredStream> => {
      await db.insertInto('youtube_streams').values(row).onConflict((oc) => oc.columns(['user_id', 'destination_key']).doNothing()).execute();
      const kept = await db.selectFrom('youtube_streams').selectAll()
        .where('user_id', '=', row.user_id).where('destination_key', '=', row.destination_key).executeTakeFirstOrThrow();
      return asStream(kept);
    }),

    /** The destination's stream vanished on YouTube: forgotten (only if still that one), so the next use makes a new one. */
    forgetStream: (userId: string, destinationKey: string, streamId: string) => guarded(async (): Promise<void> => {
      await db.deleteFrom('youtube_streams').where('user_id', '=', userId).where('destination_key', '=', destinationKey).where('stream_id', '=', streamId).execute();
    }),

    broadcastOf: (userId: string, event: EventRef) => guarded(async (): Promise<StoredBroadcast | undefined> => {
      const row = await broadcastRow(userId, event).selectAll().executeTakeFirst();
      return row && asBroadcast(row);
    }),

    /** Every occurrence's broadcast of an event (a series has one per occurrence), oldest first. */
    broadcastsOfEvent: (userId: string, kind: string, eventId: string) => guarded(async (): Promise<StoredBroadcast[]> => {
      const rows = await db.selectFrom('youtube_broadcasts').selectAll()
        .where('user_id', '=', userId).where('kind', '=', kind).where('event_id', '=', eventId)
        .orderBy('scheduled_start').execute();
      return rows.map(asBroadcast);
    }),

    /**
     * Records the app's broadcast for an event or occurrence unless another actor recorded one first, or, with
     * `replacing`, takes the place of that one (it vanished or ended on YouTube) only if the row still holds it.
     * Returns the row kept: two actors racing on one event both use the same broadcast (the loser deletes its own).
     */
    keepBroadcast: (row: StoredBroadcast, replacing?: string) => guarded(async (): Promise<StoredBroadcast> => {
      const { broadcast_id, stream_id, scheduled_start, title, created_at } = row;
      if (replacing) {
        await db.updateTable('youtube_broadcasts').set({ broadcast_id, stream_id, scheduled_start, title, created_at })
          .where('user_id', '=', row.user_id).where('kind', '=', row.kind).where('event_id', '=', row.event_id)
          .where('occurrence_id', '=', row.occurrence_id).where('broadcast_id', '=', replacing).execute();
      }
      await db.insertInto('youtube_broadcasts').values(row)
        .onConflict((oc) => oc.columns(['user_id', 'kind', 'event_id', 'occurrence_id']).doNothing()).execute();
      const kept = await broadcastRow(row.user_id, { kind: row.kind, eventId: row.event_id, occurrenceId: row.occurrence_id })
        .selectAll().executeTakeFirstOrThrow();
      return asBroadcast(kept);
    }),

    /** After a bind, a move: only the named columns, only if the row still holds that broadcast. */
    updateBroadcast: (userId: string, broadcastId: string, changes: Partial<Pick<StoredBroadcast, 'stream_id' | 'scheduled_start' | 'title'>>) => guarded(async (): Promise<void> => {
      await db.updateTable('youtube_broadcasts').set(changes).where('user_id', '=', userId).where('broadcast_id', '=', broadcastId).execute();
    }),

    removeBroadcast: (userId: string, broadcastId: string) => guarded(async (): Promise<number> => {
      const result = await db.deleteFrom('youtube_broadcasts').where('user_id', '=', userId).where('broadcast_id', '=', broadcastId).executeTakeFirst();
      return Number(result.numDeletedRows);
    }),

    /** Whose broadcasts an event has: Zoom's meeting.updated names no host, only the meeting. */
    ownersOfEvent: (kind: string, eventId: string) => guarded(async (): Promise<string[]> => {
      const rows = await db.selectFrom('youtube_broadcasts').select('user_id').distinct()
        .where('kind', '=', kind).where('event_id', '=', eventId).execute();
      return rows.map((row) => row.user_id);
    }),

    /** The app's broadcasts bound to one stream and scheduled in [from, to]: events that would push to one key at once. */
    broadcastsOnStream: (userId: string, streamId: string, from: number, to: number) => guarded(async (): Promise<StoredBroadcast[]> => {
      const rows = await db.selectFrom('youtube_broadcasts').selectAll().where('user_id', '=', userId).where('stream_id', '=', streamId)
        .where('scheduled_start', '>=', from).where('scheduled_start', '<=', to).orderBy('scheduled_start').execute();
      return rows.map(asBroadcast);
    }),

    /** The destination a bound broadcast streams for (its title pattern renames it), by YouTube's stream id. */
    streamById: (userId: string, streamId: string) => guarded(async (): Promise<StoredStream | undefined> => {
      const row = await db.selectFrom('youtube_streams').selectAll().where('user_id', '=', userId).where('stream_id', '=', streamId).executeTakeFirst();
      return row && asStream(row);
    }),

    /** Deauthorization, Delete my saved data: the rows only (the grant is gone, YouTube cannot be asked). */
    removeAllOf: (userId: string) => guarded(async (): Promise<number> => {
      const streams = await db.deleteFrom('youtube_streams').where('user_id', '=', userId).executeTakeFirst();
      const broadcasts = await db.deleteFrom('youtube_broadcasts').where('user_id', '=', userId).executeTakeFirst();
      return Number(streams.numDeletedRows) + Number(broadcasts.numDeletedRows);
    }),

    /**
     * The broadcasts of several events in one query (a page of /streams links each row's watch page), oldest first.
     * Selected by event id in the query and by kind here: one `in` list keeps the parameters to one per event.
     */
    broadcastsOfEvents: (userId: string, refs: ReadonlyArray<Pick<EventRef, 'kind' | 'eventId'>>) => guarded(async (): Promise<StoredBroadcast[]> => {
      if (refs.length === 0) return [];
      const wanted = new Set(refs.map((ref) => `${ref.kind}:${ref.eventId}`));
      const rows = await db.selectFrom('youtube_broadcasts').selectAll()
        .where('user_id', '=', userId).where('event_id', 'in', [...new Set(refs.map((ref) => ref.eventId))])
        .orderBy('scheduled_start').execute();
      return rows.map(asBroadcast).filter((row) => wanted.has(`${row.kind}:${row.event_id}`));
    }),
  };
}

export type BroadcastRepository = ReturnType<typeof createBroadcastRepository>;
