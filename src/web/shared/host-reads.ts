import type { Request, Response } from 'express';
import type { ReadCache } from '../../cache/index';
import type { TokenKeeper } from '../../credentials/keeper';
import { formatTimeOfDay } from './format';
import type { EventDetails, EventKind, EventPage, Livestream, ZoomClient } from '../../zoom/client';

/**
 * A page's readings of Zoom for the host it serves, through the per-host read cache: the meeting and
 * webinar lists, an event's details and its live stream settings. Zoom's events and the host's own
 * changes clear the host's entries (cache.forgetHost), so a cached reading is either fresh or at most
 * ZOOM_CACHE_SECONDS old with nothing changed in between. The page says "as of" when it shows a reading
 * older than a few seconds, and offers Refresh (POST /refresh) on every page that read Zoom.
 */
export interface ReadsDeps {
  zoom: ZoomClient;
  tokens: TokenKeeper;
  cache: ReadCache;
  now?: () => number;
}

/** A reading younger than this is "now": the page says nothing of its age. */
export const AS_OF_AFTER_MS = 5_000;

/** A page's readings: `reads(req, res).list(…)`. */
export type ReadsFor = ReturnType<typeof hostReads>;

export function hostReads({ zoom, tokens, cache, now = Date.now }: ReadsDeps) {
  return function readsFor(req: Request, res: Response) {
    const hostId = req.session.zoom?.userId ?? '';

    /**
     * Notes the oldest reading the page shows, for "as of", and that the page may offer Refresh. Only a new
     * oldest changes anything: the bulk overview notes hundreds of readings per view.
     */
    function noteReading(at: number): void {
      const oldest = res.locals.readAt as number | undefined;
      if (oldest !== undefined && oldest <= at) return;
      res.locals.readAt = at;
      // Refresh comes back to this page (its path: a query such as ?page=2 is not carried).
      res.locals.refreshBack = req.originalUrl.split('?')[0];
      res.locals.asOf = now() - at >= AS_OF_AFTER_MS
        ? { iso: new Date(at).toISOString(), text: formatTimeOfDay(new Date(at), req.session.host?.timezone, req.language, true) }
        : null;
    }

    /**
     * One reading through the cache. `call` runs on a miss with the host's access token (the token keeper
     * refreshes it if needed); a caller that paces its calls (the bulk overview) wraps its own.
     */
    async function read<T>(key: string, call: (accessToken: string) => Promise<T>): Promise<{ value: T; at: number }> {
      const load = () => tokens.withAccessToken(req.sessionID, call, req.session);
      if (!hostId) return { value: await load(), at: now() };
      // The account too: Zoom's meeting.updated names the account, not the host (cache.forgetAccount).
      const reading = await cache.read(hostId, key, load, { accountId: req.session.host?.accountId });
      noteReading(reading.at);
      return reading;
    }

    return {
      list: (kind: EventKind, pageToken = '', pageSize?: number): Promise<EventPage> =>
        read(`list:${kind}:${pageSize ?? 'default'}:${pageToken}`, (token) => zoom.listUpcoming(token, kind, pageToken, pageSize)).then((r) => r.value),
      /** The IDs of the host's meetings in progress (Zoom's type=live list), with the time of the reading. */
      liveMeetings: (): Promise<{ value: string[]; at: number }> =>
        read('list:meeting:live', (token) => zoom.listLiveMeetingIds(token)),
      /** With the time of the reading: the live state weighs Zoom's status by its age (events/live-view.ts). */
      event: (kind: EventKind, id: string): Promise<{ value: EventDetails; at: number }> =>
        read(`event:${kind}:${id}`, (token) => zoom.getEvent(token, kind, id)),
      livestream: (kind: EventKind, id: string, call?: (accessToken: string) => Promise<Livestream>): Promise<Livestream> =>
        read(`livestream:${kind}:${id}`, call ?? ((token) => zoom.getLivestream(token, kind, id))).then((r) => r.value),
    };
  };
}

