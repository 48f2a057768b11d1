import { z } from 'zod';
import { ZoomUnavailableError } from './errors';
import type { ZoomHttpOptions } from './http';
import { zoomRequest } from './retry';

/** The Zoom REST calls this app makes, with their replies checked and typed. */
const UserSchema = z.object({
  id: z.string(),
  first_name: z.string().optional().default(''),
  last_name: z.string().optional().default(''),
  display_name: z.string().optional(),
  email: z.string().optional().default(''),
  type: z.number().optional(),
  timezone: z.string().optional(),
});

// Meeting IDs arrive as numbers or (above 2^53) decimal strings from parseZoomJson: always keep a string.
const MeetingSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  topic: z.string().optional().default('(no topic)'),
  start_time: z.string().optional(),
  timezone: z.string().optional(),
});

const MeetingPageSchema = z.object({
  meetings: z.array(MeetingSchema).default([]),
  next_page_token: z.string().optional().default(''),
});

const LivestreamSchema = z.object({
  stream_url: z.string().optional().default(''),
  stream_key: z.string().optional().default(''),
  page_url: z.string().optional().default(''),
  resolution: z.string().optional().default(''),
});

export type ZoomUser = z.infer<typeof UserSchema>;
export type ZoomMeeting = z.infer<typeof MeetingSchema>;
export type MeetingPage = z.infer<typeof MeetingPageSchema>;
export type Livestream = z.infer<typeof LivestreamSchema>;
export interface LivestreamUpdate {
  stream_url: string;
  stream_key: string;
  page_url: string;
  resolution?: '720p' | '1080p';
}
/** PATCH /meetings/{id}/livestream/status; Zoom reads settings only when starting (or changing the mode). */
export interface LivestreamStatusChange {
  action: 'start' | 'stop';
  settings?: { active_speaker_name: boolean; display_name: string };
}

function checked<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new ZoomUnavailableError('bad_response', { key: 'zoom.message.notUnderstood' });
  return result.data;
}

export function createZoomClient(options: ZoomHttpOptions) {
  const get = (path: string, accessToken: string) => zoomRequest(options, { method: 'GET', path, accessToken });
  return {
    async getMe(accessToken: string): Promise<ZoomUser> {
      return checked(UserSchema, await get('/users/me', accessToken));
    },
    async listUpcomingMeetings(accessToken: string, pageToken = ''): Promise<MeetingPage> {
      const query = new URLSearchParams({ type: 'upcoming', page_size: '30' });
      if (pageToken) query.set('next_page_token', pageToken);
      return checked(MeetingPageSchema, await get(`/users/me/meetings?${query}`, accessToken));
    },
    async getLivestream(accessToken: string, meetingId: string): Promise<Livestream> {
      return checked(LivestreamSchema, await get(`/meetings/${meetingId}/livestream`, accessToken));
    },
    async updateLivestream(accessToken: string, meetingId: string, update: LivestreamUpdate): Promise<void> {
      await zoomRequest(options, { method: 'PATCH', path: `/meetings/${meetingId}/livestream`, accessToken, body: update });
    },
    async updateLivestreamStatus(accessToken: string, meetingId: string, change: LivestreamStatusChange): Promise<void> {
      await zoomRequest(options, { method: 'PATCH', path: `/meetings/${meetingId}/livestream/status`, accessToken, body: change });
    },
  };
}

export type ZoomClient = ReturnType<typeof createZoomClient>;
