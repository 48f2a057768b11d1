/**
 * What each YouTube Data API call the app makes costs in quota units, in one place. Source: YouTube's quota table
 * (developers.google.com/youtube/v3/determine_quota_cost) and the "Quota impact" line of each Live Streaming API
 * method page: a list costs 1 unit, every write (insert, update, delete, bind, transition) 50. The emulator keeps a
 * table of its own (src/emulators/youtube/quota): the app never imports the emulator, and each side stating the
 * figures lets a test catch the two parting.
 */
export const QUOTA_COSTS = {
  'channels.list': 1,
  'liveBroadcasts.list': 1,
  'liveBroadcasts.insert': 50,
  'liveBroadcasts.update': 50,
  'liveBroadcasts.delete': 50,
  'liveBroadcasts.bind': 50,
  'liveBroadcasts.transition': 50,
  'liveStreams.list': 1,
  'liveStreams.insert': 50,
  'liveStreams.update': 50,
  'liveStreams.delete': 50,
} as const;

/** A YouTube call the app makes, spelled as YouTube's reference names it (also the metric's `operation` label). */
export type YouTubeOperation = keyof typeof QUOTA_COSTS;

export const YOUTUBE_OPERATIONS = Object.keys(QUOTA_COSTS) as YouTubeOperation[];
