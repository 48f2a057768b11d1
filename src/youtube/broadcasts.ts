import type { youtube_v3 } from '@googleapis/youtube';
import type { TokenVault } from '../credentials/vault';
import type { BroadcastRepository, StoredStream } from './broadcast-repository';
import { reasonOfYouTubeError, youtubeClient } from './channel';
import type { YouTubeGrant } from './grant';
import { QuotaExhaustedError, type QuotaLedger, type YouTubeOperation } from './quota';
import { broadcastTitle } from './title';

/**
 * Applying a YouTube destination to an event (issue 24): the destination's ONE reusable liveStream (created once; its
 * ingestion address and stream name become Zoom's stream URL and key) and one scheduled liveBroadcast per event or
 * occurrence, bound to that stream. Idempotent: what the app created is recorded (youtube_streams,
 * youtube_broadcasts) and found again, so a re-run, a retried job item or a plan's reconcile creates nothing new.
 * Only broadcasts the app recorded are ever moved or deleted. Plain values in, no Express: pages, jobs, plans and
 * Zoom's events call it alike. Zoom's settings are NOT written here: the caller hands the result to livestream/change.
 */
export const WATCH_URL = 'https://www.youtube.com/watch?v=';

/** `key`: the caller's id for the destination (a saved destination's id), one stream per key; `name`: the stream's title in Studio. */
export interface YouTubeDestinationSettings {
  key: string; name?: string; privacy: 'public' | 'unlisted' | 'private';
  titlePattern?: string; description?: string; autoStart: boolean; autoStop: boolean;
}

/** `startTime`: ISO 8601, the event's (or this occurrence's) start; `occurrenceId`: left out for a single event. */
export interface YouTubeEvent {
  kind: 'meeting' | 'webinar'; id: string; topic: string; startTime: string; occurrenceId?: string; timezone?: string;
}

/** `streamKey` is YouTube's stream name, a secret: hand it to livestream/change, never log it. `created`: made by this call. */
export interface AppliedBroadcast {
  streamUrl: string; streamKey: string; pageUrl: string; broadcastId: string; created: boolean;
}

/** YouTube refused a call; `reason` is YouTube's (`errors[0].reason`), so callers can explain it or pause. */
export class YouTubeRefusedError extends Error {
  constructor(readonly reason: string, readonly status: number, message: string) {
    super(`YouTube refused (${status} ${reason}): ${message}`);
    this.name = 'YouTubeRefusedError';
  }

  /** The Google project's daily quota is spent: pause until midnight Pacific time; retrying sooner only fails again. */
  get quotaExceeded(): boolean {
    return this.reason === 'quotaExceeded';
  }
}

type Api = youtube_v3.Youtube;

/** One YouTube call; a refusal becomes a YouTubeRefusedError (without the client's error, which holds the bearer token). */
async function answerOf<T>(call: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await call()).data;
  } catch (error) {
    const reason = reasonOfYouTubeError(error);
    const status = (error as { status?: number; response?: { status?: number } }).response?.status;
    if (!reason || !status) throw error;
    throw new YouTubeRefusedError(reason, status, String((error as Error).message ?? ''));
  }
}

const isGone = (error: unknown) => error instanceof YouTubeRefusedError && error.status === 404;

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
  /**
   * One call, charged to the day's quota first (QuotaExhaustedError when the budget has no room). YouTube's own
   * quotaExceeded marks the day spent for every instance: the work pauses until midnight Pacific either way.
   */
  async function ask<T>(operation: YouTubeOperation, call: () => Promise<{ data: T }>): Promise<T> {
    await quota?.spend(operation);
    try {
      return await answerOf(call);
    } catch (error) {
      if (quota && error instanceof YouTubeRefusedError && error.quotaExceeded) throw new QuotaExhaustedError(await quota.exhausted(), operation);
      throw error;
    }
  }

  const withApi = <T>(userId: string, work: (api: Api) => Promise<T>) =>
    youtube.grant.withYouTube(userId, (auth) => work(youtubeClient(auth, youtube.apiUrl)));

  function opened(stream: StoredStream) {
    const streamName = vault.open(stream.sealed_stream_name);
    if (streamName === undefined) throw new Error(`the stream key of destination ${stream.destination_key} cannot be opened (vault key removed?)`);
    return { id: stream.stream_id, ingestionAddress: stream.ingestion_address, streamName };
  }

  /** The destination's reusable stream, created on first use; a racing actor's stream wins and ours is deleted. */
  async function streamFor(api: Api, userId: string, destination: YouTubeDestinationSettings) {
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

  /** The broadcast as YouTube has it now (1 unit), or undefined when it was deleted behind the app's back. */
  async function current(api: Api, broadcastId: string) {
    const found = await ask('liveBroadcasts.list', () => api.liveBroadcasts.list({ part: ['snippet', 'contentDetails'], id: [broadcastId] }));
    return found.items?.[0];
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

  return {
    /** Finds or creates the destination's stream and this event's (occurrence's) broadcast, bound together. */
    async ensureFor(userId: string, destination: YouTubeDestinationSettings, event: YouTubeEvent, options: { trust?: boolean } = {}): Promise<AppliedBroadcast> {
      return withApi(userId, async (api) => {
        const stream = await streamFor(api, userId, destination);
        const row = await repository.broadcastOf(userId, { kind: event.kind, eventId: event.id, occurrenceId: event.occurrenceId });
        if (options.trust && row && row.stream_id === stream.id) {
          return { streamUrl: stream.ingestionAddress, streamKey: stream.streamName, pageUrl: WATCH_URL + row.broadcast_id, broadcastId: row.broadcast_id, created: false };
        }
        const broadcast = (row && await usable(api, row.broadcast_id)) || await insertBroadcast(api, userId, destination, event, row?.broadcast_id);
        const broadcastId = broadcast.id;
        if (broadcast.boundStreamId !== stream.id) {
          await ask('liveBroadcasts.bind', () => api.liveBroadcasts.bind({ id: broadcastId, streamId: stream.id, part: ['id', 'contentDetails'] }));
          await repository.updateBroadcast(userId, broadcastId, { stream_id: stream.id });
        }
        return { streamUrl: stream.ingestionAddress, streamKey: stream.streamName, pageUrl: WATCH_URL + broadcastId, broadcastId, created: broadcast.created };
      });
    },

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
        const found = await current(api, row.broadcast_id);
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

    /** app_deauthorized, Delete my saved data: the rows only (the grant is revoked; YouTube keeps what it has). */
    removeAllOf: (userId: string) => repository.removeAllOf(userId),
  };
}

export type Broadcasts = ReturnType<typeof createBroadcasts>;
