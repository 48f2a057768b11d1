import { z } from 'zod';
import { ZoomUnavailableError } from './errors';

/**
 * What Zoom answers to the calls this app makes (client.ts), as zod schemas and the types the app
 * reads: only the fields the pages and jobs use; a reply that does not fit is Zoom not understood.
 */

export const UserSchema = z.object({
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
  /** The instance's UUID: a new one for each time a meeting (or an occurrence of a series) is held. */
  uuid: z.string().optional(),
  /** Whose event it is: an event that names no host (meeting.updated) is matched to a host by it. */
  host_id: z.string().optional(),
  topic: z.string().optional().default('(no topic)'),
  start_time: z.string().optional(),
  timezone: z.string().optional(),
  /** 2 scheduled; 3 and 8 recurring (without / with a fixed time); 1 instant. Webinars: 5, 6, 9. */
  type: z.number().optional(),
});

export const EventPageSchema = z.object({
  total_records: z.number().optional(),
  next_page_token: z.string().optional().default(''),
  meetings: z.array(EventSummarySchema).optional(),
  webinars: z.array(EventSummarySchema).optional(),
});

/** GET /meetings/{id} and GET /webinars/{id}: what a live stream page shows about the event. */
export const EventDetailsSchema = EventSummarySchema.extend({
  /** "waiting" or "started" (meetings); webinars may omit it. */
  status: z.string().optional(),
  duration: z.number().optional(),
  /** A recurring series' occurrences (one id and one live stream setting for all): each has its own broadcast on YouTube. */
  occurrences: z.array(z.object({
    occurrence_id: z.union([z.string(), z.number()]).transform(String),
    start_time: z.string().optional(),
    duration: z.number().optional(),
    status: z.string().optional(),
  })).optional(),
  settings: z.object({ encryption_type: z.string().optional() }).passthrough().optional().default({}),
});

export const LivestreamSchema = z.object({
  stream_url: z.string().optional().default(''),
  stream_key: z.string().optional().default(''),
  page_url: z.string().optional().default(''),
  resolution: z.string().optional().default(''),
});

/** GET /users/me/settings: only what the readiness line needs. */
export const SettingsSchema = z.object({
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

export function checked<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new ZoomUnavailableError('bad_response', { key: 'zoom.message.notUnderstood' });
  return result.data;
}
