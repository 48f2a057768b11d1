import type { Logger } from 'pino';
import type { ZoomHttpOptions } from './http';
import { InvalidEventIdError, isMeetingId, type EventKind } from './ids';
import {
  checked, EventDetailsSchema, EventPageSchema, LivestreamSchema, SettingsSchema, UserSchema,
  type EventDetails, type EventPage, type EventSummary, type Livestream, type LivestreamStatusChange, type LivestreamUpdate, type ZoomSettings, type ZoomUser,
} from './replies';
import { zoomRequest, type RetryPolicy } from './retry';

export type { EventKind } from './ids';
export type { EventDetails, EventPage, EventSummary, Livestream, LivestreamStatusChange, LivestreamUpdate, ZoomSettings, ZoomUser } from './replies';

/**
 * The Zoom REST calls this app makes, with their replies checked and typed. Meetings and webinars
 * share one contract on their own paths (/meetings/{id}/…, /webinars/{id}/…): the kind is a
 * parameter here, never a copy of the code. Every ID that goes into a path passes zoom/ids.ts first,
 * whether a host typed it or Zoom listed it.
 */

/** /meetings/{id} or /webinars/{id}; anything but an ID is refused here, before a request could go out. */
function eventPath(kind: EventKind, id: string): string {
  if (!isMeetingId(id)) throw new InvalidEventIdError(kind);
  return `/${kind}s/${id}`;
}

/**
 * A list page's events whose IDs are IDs; the others are dropped and logged. One entry Zoom (or a proxy)
 * got wrong must not hide the rest of the list, nor reach a path: `../../users/me` would read the host's
 * own data with their token.
 */
function withValidIds(kind: EventKind, events: EventSummary[], logger: Pick<Logger, 'warn'> | undefined): EventSummary[] {
  const valid = events.filter((event) => isMeetingId(event.id));
  if (valid.length < events.length) logger?.warn({ kind, dropped: events.length - valid.length }, 'zoom listed events whose IDs are not IDs: dropped');
  return valid;
}

/**
 * `retry`: the pages' default retries a GET briefly; a background job passes none and paces its own waits.
 * `logger`: told of list entries dropped for an ID that is not one (their count, not the values).
 */
export function createZoomClient(options: ZoomHttpOptions & { retry?: RetryPolicy; logger?: Pick<Logger, 'warn'> }) {
  const get = (path: string, accessToken: string) => zoomRequest(options, { method: 'GET', path, accessToken });
  return {
    async getMe(accessToken: string): Promise<ZoomUser> {
      return checked(UserSchema, await get('/users/me', accessToken));
    },
    async getSettings(accessToken: string): Promise<ZoomSettings> {
      return checked(SettingsSchema, await get('/users/me/settings', accessToken));
    },
    /** GET /users/me/meetings or /users/me/webinars, upcoming, 30 a page (Zoom allows up to 300: the bulk overview asks for that). */
    async listUpcoming(accessToken: string, kind: EventKind, pageToken = '', pageSize = 30): Promise<EventPage> {
      const query = new URLSearchParams({ type: 'upcoming', page_size: String(pageSize) });
      if (pageToken) query.set('next_page_token', pageToken);
      const page = checked(EventPageSchema, await get(`/users/me/${kind}s?${query}`, accessToken));
      const events = withValidIds(kind, (kind === 'meeting' ? page.meetings : page.webinars) ?? [], options.logger);
      return { events, nextPageToken: page.next_page_token, totalRecords: page.total_records };
    },
    /**
     * GET /users/me/meetings?type=live: the IDs of the host's meetings in progress now (one MEDIUM call, up to 300).
     * Zoom lists no live webinars this way: a webinar's start is known from webinar.started only.
     */
    async listLiveMeetingIds(accessToken: string): Promise<string[]> {
      return (await this.listLiveMeetings(accessToken)).map((event) => event.id);
    },
    /** The same list with each meeting's topic and instance UUID (a plan starts each instance once). */
    async listLiveMeetings(accessToken: string): Promise<EventSummary[]> {
      const page = checked(EventPageSchema, await get('/users/me/meetings?type=live&page_size=300', accessToken));
      return withValidIds('meeting', page.meetings ?? [], options.logger);
    },
    async getEvent(accessToken: string, kind: EventKind, id: string): Promise<EventDetails> {
      return checked(EventDetailsSchema, await get(eventPath(kind, id), accessToken));
    },
    async getLivestream(accessToken: string, kind: EventKind, id: string): Promise<Livestream> {
      return checked(LivestreamSchema, await get(`${eventPath(kind, id)}/livestream`, accessToken));
    },
    async updateLivestream(accessToken: string, kind: EventKind, id: string, update: LivestreamUpdate): Promise<void> {
      await zoomRequest(options, { method: 'PATCH', path: `${eventPath(kind, id)}/livestream`, accessToken, body: update });
    },
    async updateLivestreamStatus(accessToken: string, kind: EventKind, id: string, change: LivestreamStatusChange): Promise<void> {
      await zoomRequest(options, { method: 'PATCH', path: `${eventPath(kind, id)}/livestream/status`, accessToken, body: change });
    },
  };
}

export type ZoomClient = ReturnType<typeof createZoomClient>;