/** What applying a YouTube destination takes and gives (broadcasts.ts, broadcast-follow.ts, targets.ts). */

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
