import type { youtube_v3 } from '@googleapis/youtube';
import type { TokenVault } from '../credentials/vault';
import type { BroadcastRepository, StoredStream } from './broadcast-repository';
import { meteredCalls, YouTubeRefusedError } from './api-call';
import { createBroadcastFollow } from './broadcast-follow';
import { youtubeClient } from './channel';
import type { YouTubeGrant } from './grant';
import type { QuotaLedger } from './quota';
import { broadcastTitle } from './title';
import type { AppliedBroadcast, YouTubeDestinationSettings, YouTubeEvent } from './types';

/**
 * Applying a YouTube destination to an event (issue 24): the destination's ONE reusable liveStream (created once; its
 * ingestion address and stream name become Zoom's stream URL and key) and one scheduled liveBroadcast per event or
 * occurrence, bound to that stream. Idempotent: what the app created is recorded (youtube_streams,
 * youtube_broadcasts) and found again, so a re-run, a retried job item or a plan's reconcile creates nothing new.
 * Only broadcasts the app recorded are ever moved or deleted. Plain values in, no Express: pages, jobs, plans and
 * Zoom's events call it alike. Zoom's settings are NOT written here: the caller hands the result to livestream/change.
 */
export const WATCH_URL = 'https://www.youtube.com/watch?v=';
export { YouTubeRefusedError };
export type { AppliedBroadcast, YouTubeDestinationSettings, YouTubeEvent } from './types';


type Api = youtube_v3.Youtube;

/** The host's YouTube calls (their grant) and the API's root URL: what youtube/index.ts builds. */
export interface BroadcastsDeps {
  youtube: { grant: Pick<YouTubeGrant, 'withYouTube'>; apiUrl: string };
  repository: BroadcastRepository;
  vault: TokenVault;
  /** The Google project's daily quota: every call is charged before it goes out (none: not counted). */
  quota?: Pick<QuotaLedger, 'spend' | 'exhausted'>;
  now?: () => number;
}

export function createBroadcasts({ youtube, repository, vault, quota, now = Date.now }: BroadcastsDeps) {
  const ask = meteredCalls(quota);
  const withApi = <T>(userId: string, work: (api: Api) => Promise<T>) =>
    youtube.grant.withYouTube(userId, (auth) => work(youtubeClient(auth, youtube.apiUrl)));

  function opened(stream: StoredStream) {
    const streamName = vault.open(stream.sealed_stream_name);
    if (streamName === undefined) throw new Error(`the stream key of destination ${stream.destination_key} cannot be opened (vault key removed?)`);
    return { id: stream.stream_id, ingestionAddress: stream.ingestion_address, streamName };
  }

  /**
   * The destination's stream, made once per process at a time: a bulk job's items run side by side, and each would
   * otherwise insert a stream (50 units) only to delete it again (50 more) on losing the race to record it.
   */
  const making = new Map<string, Promise<ReturnType<typeof opened>>>();
  function streamFor(api: Api, userId: string, destination: YouTubeDestinationSettings) {
    const key = `${userId}:${destination.key}`;
    const pending = making.get(key) ?? makeStream(api, userId, destination).finally(() => making.delete(key));
    making.set(key, pending);
    return pending;
  }

  /** The destination's reusable stream, created on first use; a racing actor's (another instance's) stream wins and ours is deleted. */
  async function makeStream(api: Api, userId: string, destination: YouTubeDestinationSettings) {
    const kept = await repository.streamOf(userId, destination.key);
    if (kept) return opened(kept);
    const made = await ask('liveStreams.insert', () => api.liveStreams.insert({ part: ['snippet', 'cdn', 'contentDetails'], requestBody: {
      snippet: { title: destination.name?.slice(0, 128) || 'Zoom live stream' },
      cdn: { ingestionType: 'rtmp', resolution: 'variable', frameRate: 'variable' },
      contentDetails: { isReusable: true },
    } }));
    const info = made.cdn?.ingestionInfo;
    if (!made.id || !info?.ingestionAddress || !info.streamName) throw new Error('YouTube answered a stream without its ingestion address or name');
    const winner = await repository.keepStream({
      user_id: userId, destination_key: destination.key, stream_id: made.id, ingestion_address: info.ingestionAddress,
      sealed_stream_name: vault.seal(info.streamName), created_at: now(),
    });
    if (winner.stream_id !== made.id) await ask('liveStreams.delete', () => api.liveStreams.delete({ id: made.id! })).catch(() => undefined);
    return opened(winner);
  }

  /**
   * A new scheduled broadcast for the event, recorded before the bind (a bind refused by the quota is finished by
   * the next run instead of making a second broadcast). Another actor's broadcast recorded first wins: ours is deleted.
   */
  async function insertBroadcast(api: Api, userId: string, destination: YouTubeDestinationSettings, event: YouTubeEvent, replacing?: string) {
    const title = broadcastTitle(event, destination.titlePattern);
    const scheduledStartTime = new Date(event.startTime).toISOString();
    const made = await ask('liveBroadcasts.insert', () => api.liveBroadcasts.insert({ part: ['snippet', 'status', 'contentDetails'], requestBody: {
      snippet: { title, description: destination.description ?? '', scheduledStartTime },
      status: { privacyStatus: destination.privacy },
      contentDetails: { enableAutoStart: destination.autoStart, enableAutoStop: destination.autoStop },
    } }));
    if (!made.id) throw new Error('YouTube answered a broadcast without an id');
    const kept = await repository.keepBroadcast({
      user_id: userId, kind: event.kind, event_id: event.id, occurrence_id: event.occurrenceId ?? '', broadcast_id: made.id,
      stream_id: '', scheduled_start: Date.parse(scheduledStartTime), title, created_at: now(),
    }, replacing);
    if (kept.broadcast_id !== made.id) {
      await ask('liveBroadcasts.delete', () => api.liveBroadcasts.delete({ id: made.id! })).catch(() => undefined);
      return { id: kept.broadcast_id, boundStreamId: kept.stream_id, created: false };
    }
    return { id: made.id, boundStreamId: '', created: true };
  }

  /** The recorded broadcast if YouTube still has it waiting or live; one that ended (or was deleted) is replaced. */
  async function usable(api: Api, broadcastId: string) {
    const found = await ask('liveBroadcasts.list', () => api.liveBroadcasts.list({ part: ['status', 'contentDetails'], id: [broadcastId] }));
    const item = found.items?.[0];
    const life = item?.status?.lifeCycleStatus;
    if (!item?.id || life === 'complete' || life === 'revoked') return undefined;
    return { id: item.id, boundStreamId: item.contentDetails?.boundStreamId ?? '', created: false };
  }

  async function ensureWith(api: Api, userId: string, destination: YouTubeDestinationSettings, event: YouTubeEvent, trust: boolean, retried: boolean): Promise<AppliedBroadcast> {
    const stream = await streamFor(api, userId, destination);
    const row = await repository.broadcastOf(userId, { kind: event.kind, eventId: event.id, occurrenceId: event.occurrenceId });
    if (trust && row && row.stream_id === stream.id) {
      return { streamUrl: stream.ingestionAddress, streamKey: stream.streamName, pageUrl: WATCH_URL + row.broadcast_id, broadcastId: row.broadcast_id, created: false };
    }
    const broadcast = (row && await usable(api, row.broadcast_id)) || await insertBroadcast(api, userId, destination, event, row?.broadcast_id);
    if (broadcast.boundStreamId !== stream.id) {
      try {
        await ask('liveBroadcasts.bind', () => api.liveBroadcasts.bind({ id: broadcast.id, streamId: stream.id, part: ['id', 'contentDetails'] }));
      } catch (error) {
        // The destination's stream is gone on YouTube (deleted in Studio, another channel connected since): forgotten,
        // and a new one made once, instead of failing the same way for ever.
        if (retried || !(error instanceof YouTubeRefusedError) || error.reason !== 'liveStreamNotFound') throw error;
        await repository.forgetStream(userId, destination.key, stream.id);
        return ensureWith(api, userId, destination, event, trust, true);
      }
      await repository.updateBroadcast(userId, broadcast.id, { stream_id: stream.id });
    }
    return { streamUrl: stream.ingestionAddress, streamKey: stream.streamName, pageUrl: WATCH_URL + broadcast.id, broadcastId: broadcast.id, created: broadcast.created };
  }

  return {
    /** Finds or creates the destination's stream and this event's (occurrence's) broadcast, bound together. */
    ensureFor(userId: string, destination: YouTubeDestinationSettings, event: YouTubeEvent, options: { trust?: boolean } = {}): Promise<AppliedBroadcast> {
      return withApi(userId, (api) => ensureWith(api, userId, destination, event, options.trust ?? false, false));
    },

    ...createBroadcastFollow({ withApi, ask, repository }),

    /** app_deauthorized, Delete my saved data: the rows only (the grant is revoked; YouTube keeps what it has). */
    removeAllOf: (userId: string) => repository.removeAllOf(userId),
  };
}

export type Broadcasts = ReturnType<typeof createBroadcasts>;
