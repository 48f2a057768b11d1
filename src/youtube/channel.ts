import type { OAuth2Client } from 'google-auth-library';
import { youtube } from '@googleapis/youtube';
import type { YouTubeChannel } from './grant';

/**
 * What a newly connected Google account can do on YouTube, read once at connect (the official client,
 * @googleapis/youtube, with its root URL from config). One sentence and the step that fixes it for each
 * refusal: no channel on the account, or a channel not enabled for live streaming.
 */
export type ChannelCheck =
  | { ok: true; channel: YouTubeChannel }
  | { ok: false; reason: 'noChannel' | 'liveStreamingNotEnabled' };

/** YouTube's error reason (`errors[0].reason`) from the client's error, or undefined. */
export function reasonOfYouTubeError(error: unknown): string | undefined {
  const data = (error as { response?: { data?: { error?: { errors?: Array<{ reason?: string }> } } } })?.response?.data;
  return data?.error?.errors?.[0]?.reason ?? (error as { errors?: Array<{ reason?: string }> })?.errors?.[0]?.reason;
}

export function youtubeClient(auth: OAuth2Client, apiUrl: string) {
  return youtube({ version: 'v3', auth, rootUrl: apiUrl });
}

export async function checkChannel(auth: OAuth2Client, apiUrl: string): Promise<ChannelCheck> {
  const api = youtubeClient(auth, apiUrl);
  const channels = await api.channels.list({ part: ['snippet'], mine: true });
  const first = channels.data.items?.[0];
  if (!first?.id) return { ok: false, reason: 'noChannel' };
  try {
    // The cheapest live call (1 unit): a channel not enabled for live streaming is refused here.
    await api.liveBroadcasts.list({ part: ['id'], mine: true, maxResults: 1 });
  } catch (error) {
    const reason = reasonOfYouTubeError(error);
    if (reason === 'liveStreamingNotEnabled' || reason === 'insufficientLivePermissions') return { ok: false, reason: 'liveStreamingNotEnabled' };
    throw error;
  }
  return { ok: true, channel: { id: first.id, title: first.snippet?.title ?? first.id } };
}
