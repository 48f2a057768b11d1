import type { YouTubeLiveStatus } from '../../youtube/live-status';

/**
 * The event page's YouTube panel (issue 24): YouTube's words for the broadcast and its stream, turned into the
 * keys of youtube.live.* (the view says them in the host's language) and a class per stream health. A word
 * YouTube adds later reads as "unknown" rather than as a missing message.
 */
export interface YouTubePanel {
  watchUrl: string;
  /** youtube.live.state.*: scheduled, ready, testing, starting, live, complete, revoked, missing, unknown. */
  state: string;
  /** youtube.live.stream.*; '' when no stream is bound. */
  stream: string;
  /** youtube.live.health.* and the class youtube-health-<health>: good, ok, bad, noData; '' when no stream is bound. */
  health: string;
  /** Why YouTube could not be asked: notConnected, failed; '' when it answered. */
  unavailable: string;
}

const STATES: Record<string, string> = {
  created: 'scheduled', ready: 'ready', testStarting: 'testing', testing: 'testing', liveStarting: 'starting',
  live: 'live', complete: 'complete', revoked: 'revoked', missing: 'missing',
};
const STREAM_STATUSES = new Set(['created', 'ready', 'active', 'inactive', 'error']);
const HEALTH_STATUSES = new Set(['good', 'ok', 'bad', 'noData']);

export function youtubePanelOf(status: YouTubeLiveStatus | undefined): YouTubePanel | null {
  if (!status) return null;
  if (status.unavailable) return { watchUrl: status.watchUrl, state: '', stream: '', health: '', unavailable: status.reason };
  const bound = status.streamStatus !== undefined;
  return {
    watchUrl: status.watchUrl,
    state: STATES[status.lifeCycleStatus] ?? 'unknown',
    stream: bound ? (STREAM_STATUSES.has(status.streamStatus!) ? status.streamStatus! : 'unknown') : '',
    // A stream without a health report has nothing to judge: YouTube's own "noData".
    health: bound ? (HEALTH_STATUSES.has(status.healthStatus ?? '') ? status.healthStatus! : 'noData') : '',
    unavailable: '',
  };
}
