import { meteredCalls } from './api-call';
import type { QuotaLedger } from './quota';
import type { BroadcastRepository, StoredBroadcast } from './broadcast-repository';
import { youtubeClient } from './channel';
import { YouTubeNotConnectedError, type YouTubeGrant } from './grant';
import { nearestBroadcasts, nextBroadcast, watchUrlOf } from './next-broadcast';

/**
 * YouTube's view of an event's broadcast (issue 24), beside Zoom's: the broadcast the app created for it (for a
 * series, the occurrence that matters now), its life cycle and the bound stream's status and health, read from
 * YouTube on each call: ONE liveBroadcasts.list and, when a stream is bound, ONE liveStreams.list (1 unit each).
 * Only events the app made a broadcast for are asked about: anything else is answered from the database alone.
 * YouTube not answering never hides the link: the watch page is the app's own record.
 */

/** A page waits this long for YouTube, not the client's 10 s: then the panel says YouTube could not give the state. */
export const STATUS_TIMEOUT_MS = 3_000;

/** Broadcasts that are on air (or in YouTube's preview) now: the one a series' page shows first. */
const ON_AIR = new Set(['liveStarting', 'live', 'testStarting', 'testing']);
/** Ended on YouTube: no longer the "next" broadcast of a series. */
const ENDED = new Set(['complete', 'revoked', 'missing']);

export interface BroadcastLink {
  broadcastId: string;
  watchUrl: string;
}

/**
 * `lifeCycleStatus`: YouTube's (created, ready, testing, live, complete, revoked…), or 'missing' when the broadcast
 * was deleted on YouTube. `streamStatus` (created, ready, active, inactive, error) and `healthStatus` (good, ok, bad,
 * noData): the bound stream's; left out when no stream is bound. `unavailable`: YouTube could not be asked
 * (the grant is gone or refused: 'notConnected'; an error, a refusal or no answer in time: 'failed').
 */
export type YouTubeLiveStatus =
  | (BroadcastLink & { unavailable?: undefined; lifeCycleStatus: string; streamStatus?: string; healthStatus?: string })
  | (BroadcastLink & { unavailable: true; reason: 'notConnected' | 'failed' });

export interface LiveStatusDeps {
  grant: Pick<YouTubeGrant, 'withYouTube'>;
  apiUrl: string;
  repository: Pick<BroadcastRepository, 'broadcastsOfEvent' | 'broadcastsOfEvents'>;
  /** The day's quota: each read is charged like every other call (a page view of a YouTube event costs 1–2 units). */
  quota?: Pick<QuotaLedger, 'spend' | 'exhausted'>;
  now?: () => number;
}

const linkOf = (row: StoredBroadcast): BroadcastLink => ({ broadcastId: row.broadcast_id, watchUrl: watchUrlOf(row.broadcast_id) });

export function createYouTubeLiveStatus({ grant, apiUrl, repository, quota, now = Date.now }: LiveStatusDeps) {
  const ask = meteredCalls(quota);
  /** YouTube's life cycle of each asked broadcast, and the bound stream of the one that matters now. */
  async function askYouTube(userId: string, rows: StoredBroadcast[]): Promise<YouTubeLiveStatus> {
    return grant.withYouTube(userId, async (auth) => {
      const api = youtubeClient(auth, apiUrl);
      const options = { timeout: STATUS_TIMEOUT_MS };
      const listed = (await ask('liveBroadcasts.list', () => api.liveBroadcasts.list({ part: ['status', 'contentDetails'], id: rows.map((row) => row.broadcast_id), maxResults: rows.length }, options))).items ?? [];
      const byId = new Map(listed.map((item) => [item.id ?? '', item]));
      const lifeCycleOf = (row: StoredBroadcast) => byId.get(row.broadcast_id)?.status?.lifeCycleStatus ?? 'missing';
      const chosen = rows.find((row) => ON_AIR.has(lifeCycleOf(row))) ?? nextBroadcast(rows, now(), (row) => !ENDED.has(lifeCycleOf(row)));
      const boundStreamId = byId.get(chosen.broadcast_id)?.contentDetails?.boundStreamId;
      if (!boundStreamId) return { ...linkOf(chosen), lifeCycleStatus: lifeCycleOf(chosen) };
      const [stream] = (await ask('liveStreams.list', () => api.liveStreams.list({ part: ['status'], id: [boundStreamId] }, options))).items ?? [];
      return {
        ...linkOf(chosen), lifeCycleStatus: lifeCycleOf(chosen),
        streamStatus: stream?.status?.streamStatus ?? undefined, healthStatus: stream?.status?.healthStatus?.status ?? undefined,
      };
    });
  }

  return {
    /** The event's broadcast as YouTube sees it now; undefined (and no YouTube call) when the app made none. */
    async statusOf(userId: string, kind: string, eventId: string): Promise<YouTubeLiveStatus | undefined> {
      const rows = await repository.broadcastsOfEvent(userId, kind, eventId);
      if (rows.length === 0) return undefined;
      const asked = nearestBroadcasts(rows, now());
      try {
        return await askYouTube(userId, asked);
      } catch (error) {
        // The database's choice stands in for YouTube's: the page still links the broadcast.
        return { ...linkOf(nextBroadcast(asked, now())), unavailable: true, reason: error instanceof YouTubeNotConnectedError ? 'notConnected' : 'failed' };
      }
    },

    /** `${kind}:${eventId}` → the watch page of each event's next broadcast, from the database only (one query). */
    async linksOf(userId: string, events: ReadonlyArray<{ kind: string; eventId: string }>): Promise<Map<string, string>> {
      const links = new Map<string, string>();
      if (!userId || events.length === 0) return links;
      const byEvent = new Map<string, StoredBroadcast[]>();
      for (const row of await repository.broadcastsOfEvents(userId, events)) {
        const key = `${row.kind}:${row.event_id}`;
        byEvent.set(key, [...(byEvent.get(key) ?? []), row]);
      }
      for (const [key, rows] of byEvent) links.set(key, watchUrlOf(nextBroadcast(rows, now()).broadcast_id));
      return links;
    },
  };
}

export type YouTubeLiveStatusService = ReturnType<typeof createYouTubeLiveStatus>;
