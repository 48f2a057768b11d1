/**
 * YouTube's quota cost of each call the app makes, in one table. Source: YouTube's quota calculator
 * (developers.google.com/youtube/v3/determine_quota_cost) and the "Quota impact" line of each Live Streaming API
 * method page: list calls 1 unit, every write (insert, update, bind, transition, delete) 50 units.
 * Google also charges invalid requests "at least one point": a refused call costs REFUSED_CALL_COST.
 */
export type ApiMethod =
  | 'channels.list'
  | 'liveBroadcasts.list' | 'liveBroadcasts.insert' | 'liveBroadcasts.update' | 'liveBroadcasts.delete'
  | 'liveBroadcasts.bind' | 'liveBroadcasts.transition'
  | 'liveStreams.list' | 'liveStreams.insert' | 'liveStreams.delete';

export const QUOTA_COSTS: Record<ApiMethod, number> = {
  'channels.list': 1,
  'liveBroadcasts.list': 1,
  'liveBroadcasts.insert': 50,
  'liveBroadcasts.update': 50,
  'liveBroadcasts.delete': 50,
  'liveBroadcasts.bind': 50,
  'liveBroadcasts.transition': 50,
  'liveStreams.list': 1,
  'liveStreams.insert': 50,
  'liveStreams.delete': 50,
};

export const REFUSED_CALL_COST = 1;
