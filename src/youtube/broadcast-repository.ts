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

    /** Records (or replaces: the old one vanished on YouTube) the app's broadcast for an event or occurrence. */
    keepBroadcast: (row: StoredBroadcast) => guarded(async (): Promise<void> => {
      const { broadcast_id, stream_id, scheduled_start, title, created_at } = row;
      await db.insertInto('youtube_broadcasts').values(row)
        .onConflict((oc) => oc.columns(['user_id', 'kind', 'event_id', 'occurrence_id']).doUpdateSet({ broadcast_id, stream_id, scheduled_start, title, created_at }))
        .execute();
    }),

    /** After a bind, a move: only the named columns, only if the row still holds that broadcast. */
    updateBroadcast: (userId: string, broadcastId: string, changes: Partial<Pick<StoredBroadcast, 'stream_id' | 'scheduled_start' | 'title'>>) => guarded(async (): Promise<void> => {
      await db.updateTable('youtube_broadcasts').set(changes).where('user_id', '=', userId).where('broadcast_id', '=', broadcastId).execute();
    }),

    removeBroadcast: (userId: string, broadcastId: string) => guarded(async (): Promise<number> => {
      const result = await db.deleteFrom('youtube_broadcasts').where('user_id', '=', userId).where('broadcast_id', '=', broadcastId).executeTakeFirst();
      return Number(result.numDeletedRows);
    }),

    /** Deauthorization, Delete my saved data: the rows only (the grant is gone, YouTube cannot be asked). */
    removeAllOf: (userId: string) => guarded(async (): Promise<number> => {
      const streams = await db.deleteFrom('youtube_streams').where('user_id', '=', userId).executeTakeFirst();
      const broadcasts = await db.deleteFrom('youtube_broadcasts').where('user_id', '=', userId).executeTakeFirst();
      return Number(streams.numDeletedRows) + Number(broadcasts.numDeletedRows);
    }),
  };
}

export type BroadcastRepository = ReturnType<typeof createBroadcastRepository>;
