import type { youtube_v3 } from '@googleapis/youtube';
import { isGone, type YouTubeCall } from './api-call';
import type { BroadcastRepository } from './broadcast-repository';
import type { YouTubeEvent } from './types';
import { broadcastTitle } from './title';

/**
 * The app's broadcasts following their Zoom event (youtube/on-event.ts calls these): moved and renamed with it,
 * deleted with it. Only broadcasts the app recorded are touched; one that went live (the recording) is never deleted.
 */
type Api = youtube_v3.Youtube;

export interface BroadcastFollowDeps {
  withApi: <T>(userId: string, work: (api: Api) => Promise<T>) => Promise<T>;
  ask: YouTubeCall;
  repository: Pick<BroadcastRepository, 'broadcastOf' | 'broadcastsOfEvent' | 'updateBroadcast' | 'removeBroadcast'>;
}

export function createBroadcastFollow({ withApi, ask, repository }: BroadcastFollowDeps) {
  return {
    /**
     * meeting.updated: the app's broadcast for the event (occurrence) takes the new title and start. 'none': the app
     * made none; 'unchanged': nothing to send; 'gone': deleted on YouTube, row dropped (the next ensureFor re-creates).
     */
    async moveFor(userId: string, event: YouTubeEvent, titlePattern?: string): Promise<'moved' | 'unchanged' | 'none' | 'gone'> {
      const row = await repository.broadcastOf(userId, { kind: event.kind, eventId: event.id, occurrenceId: event.occurrenceId });
      if (!row) return 'none';
      const title = broadcastTitle(event, titlePattern);
      const scheduledStartTime = new Date(event.startTime).toISOString();
      if (title === row.title && Date.parse(scheduledStartTime) === row.scheduled_start) return 'unchanged';
      return withApi(userId, async (api) => {
        const found = (await ask('liveBroadcasts.list', () => api.liveBroadcasts.list({ part: ['snippet'], id: [row.broadcast_id] }))).items?.[0];
        // An update replaces the whole snippet: the description YouTube holds (perhaps edited in Studio) is sent back.
        const snippet = { title, scheduledStartTime, description: found?.snippet?.description ?? '' };
        const moved = found && await ask('liveBroadcasts.update', () => api.liveBroadcasts.update({ part: ['snippet'], requestBody: { id: row.broadcast_id, snippet } })).catch((error) => { if (isGone(error)) return undefined; throw error; });
        if (!moved) return repository.removeBroadcast(userId, row.broadcast_id).then(() => 'gone' as const);
        await repository.updateBroadcast(userId, row.broadcast_id, { title, scheduled_start: Date.parse(scheduledStartTime) });
        return 'moved';
      });
    },

    /**
     * meeting.deleted: deletes the app's broadcast(s) of the event (one occurrence, or all) that have not gone live,
     * never another; one that went live (the recording) stays on the channel. The rows go either way.
     */
    async removeFor(userId: string, kind: string, eventId: string, occurrenceId?: string): Promise<number> {
      const rows = occurrenceId === undefined
        ? await repository.broadcastsOfEvent(userId, kind, eventId)
        : [await repository.broadcastOf(userId, { kind, eventId, occurrenceId })].filter((row) => row !== undefined);
      if (rows.length === 0) return 0;
      return withApi(userId, async (api) => {
        for (const row of rows) {
          // A broadcast that went live is the recording, with its viewers: only one still waiting to start is deleted.
          const found = await ask('liveBroadcasts.list', () => api.liveBroadcasts.list({ part: ['status'], id: [row.broadcast_id] }));
          const life = found.items?.[0]?.status?.lifeCycleStatus;
          if (life === 'created' || life === 'ready') {
            await ask('liveBroadcasts.delete', () => api.liveBroadcasts.delete({ id: row.broadcast_id })).catch((error) => { if (!isGone(error)) throw error; });
          }
          await repository.removeBroadcast(userId, row.broadcast_id);
        }
        return rows.length;
      });
    },

  };
}
