import type { Logger } from 'pino';
import { z } from 'zod';
import { ZoomUnavailableError } from './errors';
import type { ZoomHttpOptions } from './http';
import { InvalidEventIdError, isMeetingId, type EventKind } from './ids';
import { zoomRequest, type RetryPolicy } from './retry';

export type { EventKind } from './ids';

/**
 * The Zoom REST calls this app makes, with their replies checked and typed. Meetings and webinars
 * share one contract on their own paths (/meetings/{id}/…, /webinars/{id}/…): the kind is a
 * parameter here, never a copy of the code. Every ID that goes into a path passes zoom/ids.ts first,
 * whether a host typed it or Zoom listed it.
 */

const UserSchema = z.object({
  id: z.string(),
  /** Zoom's rate limits count per account: background jobs pace by it. */
  account_id: z.string().optional(),
  first_name: z.string().optional().default(''),
  last_name: z.string().optional().default(''),
  display_name: z.string().optional(),
  email: z.string().optional().default(''),
  type: z.number().optional(),
  timezone: z.string().optional(),
});

// IDs arrive as numbers or (above 2^53) decimal strings from parseZoomJson: always keep a string.
const ZoomId = z.union([z.string(), z.number()]).transform(String);

const EventSummarySchema = z.object({
  id: ZoomId,
  topic: z.string().optional().default('(no topic)'),
  start_time: z.string().optional(),
  timezone: z.string().optional(),
  /** 2 scheduled; 3 and 8 recurring (without / with a fixed time); 1 instant. Webinars: 5, 6, 9. */
  type: z.number().optional(),
});

const EventPageSchema = z.object({
  total_records: z.number().optional(),
  next_page_token: z.string().optional().default(''),
  meetings: z.array(EventSummarySchema).optional(),
  webinars: z.array(EventSummarySchema).optional(),
});

/** GET /meetings/{id} and GET /webinars/{id}: what a live stream page shows about the event. */
const EventDetailsSchema = EventSummarySchema.extend({
  /** "waiting" or "started" (meetings); webinars may omit it. */
  status: z.string().optional(),
  duration: z.number().optional(),
  settings: z.object({ encryption_type: z.string().optional() }).passthrough().optional().default({}),
});

const LivestreamSchema = z.object({
  stream_url: z.string().optional().default(''),
  stream_key: z.string().optional().default(''),
  page_url: z.string().optional().default(''),
  resolution: z.string().optional().default(''),
});

/** GET /users/me/settings: only what the readiness line needs. */
const SettingsSchema = z.object({
  in_meeting: z
    .object({
      allow_live_streaming: z.boolean().optional(),
      custom_live_streaming_service: z.boolean().optional(),
      custom_service_instructions: z.string().optional(),
      webinar_live_streaming: z.object({ enable: z.boolean().optional() }).passthrough().optional(),
    })
    .passthrough()
    .optional()
    .default({}),
  feature: z.object({ webinar: z.boolean().optional() }).passthrough().optional(),
});

export type ZoomUser = z.infer<typeof UserSchema>;
export type EventSummary = z.infer<typeof EventSummarySchema>;
export interface EventPage {
  events: EventSummary[];
  nextPageToken: string;
  totalRecords?: number;
}
export type EventDetails = z.infer<typeof EventDetailsSchema>;
export type Livestream = z.infer<typeof LivestreamSchema>;
export type ZoomSettings = z.infer<typeof SettingsSchema>;
export interface LivestreamUpdate {
  stream_url: string;
  stream_key: string;
  page_url: string;
  resolution?: '720p' | '1080p';
}
/** PATCH /{kind}s/{id}/livestream/status; Zoom reads settings only when starting (or changing the mode). */
export interface LivestreamStatusChange {
  action: 'start' | 'stop';
  settings?: { active_speaker_name: boolean; display_name: string };
}

function checked<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new ZoomUnavailableError('bad_response', { key: 'zoom.message.notUnderstood' });
  return result.data;
}

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
      const page = checked(EventPageSchema, await get('/users/me/meetings?type=live&page_size=300', accessToken));
      return withValidIds('meeting', page.meetings ?? [], options.logger).map((event) => event.id);
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
