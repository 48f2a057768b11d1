import type { TokenVault } from '../credentials/vault';
import type { StreamSettings } from '../destinations/types';
import type { BroadcastRepository } from '../youtube/broadcast-repository';
import { WATCH_URL } from '../youtube/broadcasts';
import type { YouTubeLiveStatusService } from '../youtube/live-status';
import type { EventKind } from '../zoom/client';
import { failing, ok, warning, type CheckResult } from './types';

/**
 * A YouTube destination's event: the broadcast Zoom's watch page names is the app's, still on YouTube and not ended,
 * bound to the destination's stream whose key Zoom holds, and the channel still connected. One broadcast read (about
 * 2 quota units); nothing at all for an event the app made no broadcast for.
 */
export interface YouTubeCheckDeps {
  repository: Pick<BroadcastRepository, 'broadcastsOfEvent' | 'streamById' | 'broadcastsOnStream'>;
  liveStatus: Pick<YouTubeLiveStatusService, 'statusOf'>;
  vault: TokenVault;
}

/** The event's start and length (ms): another of the destination's events within it would push to the same key. */
export interface Slot {
  startsAt: number;
  durationMs: number;
}

/**
 * Every event of a YouTube destination streams with the destination's one key: two that overlap would push to one
 * ingest at once, and YouTube takes only one of them. A warning with the other event's id, so the host moves one.
 */
async function overlapCheck(deps: YouTubeCheckDeps, userId: string, eventId: string, streamId: string, slot: Slot): Promise<CheckResult> {
  const near = await deps.repository.broadcastsOnStream(userId, streamId, slot.startsAt - slot.durationMs, slot.startsAt + slot.durationMs);
  const other = near.find((row) => row.event_id !== eventId);
  return other ? warning('overlap', 'sameKey', { other: other.event_id }) : ok('overlap');
}

export async function youtubeChecks(deps: YouTubeCheckDeps, userId: string, kind: EventKind, eventId: string, settings: StreamSettings, slot: Slot): Promise<CheckResult[]> {
  const result = await youtubeCheck(deps, userId, kind, eventId, settings);
  if (!result) return [];
  const rows = await deps.repository.broadcastsOfEvent(userId, kind, eventId);
  const streamId = rows.find((row) => WATCH_URL + row.broadcast_id === settings.page_url)?.stream_id;
  return streamId && slot.startsAt > 0 ? [result, await overlapCheck(deps, userId, eventId, streamId, slot)] : [result];
}

async function youtubeCheck(deps: YouTubeCheckDeps, userId: string, kind: EventKind, eventId: string, settings: StreamSettings): Promise<CheckResult | undefined> {
  const rows = await deps.repository.broadcastsOfEvent(userId, kind, eventId);
  if (rows.length === 0) return undefined;
  const shown = rows.find((row) => WATCH_URL + row.broadcast_id === settings.page_url);
  if (!shown) return warning('youtube', 'pageElsewhere');
  const stream = shown.stream_id ? await deps.repository.streamById(userId, shown.stream_id) : undefined;
  if (!stream) return failing('youtube', 'notBound');
  if (deps.vault.open(stream.sealed_stream_name) !== settings.stream_key) return failing('youtube', 'keyMismatch');
  const status = await deps.liveStatus.statusOf(userId, kind, eventId);
  if (!status) return undefined;
  if (status.unavailable) return status.reason === 'notConnected' ? failing('youtube', 'notConnected') : warning('youtube', 'unavailable');
  // YouTube's next broadcast of the event is another than Zoom's watch page names (an earlier occurrence's, left behind).
  if (status.broadcastId !== shown.broadcast_id) return failing('youtube', 'pageStale');
  if (status.lifeCycleStatus === 'missing') return failing('youtube', 'deleted');
  if (status.lifeCycleStatus === 'complete' || status.lifeCycleStatus === 'revoked') return failing('youtube', 'ended');
  return ok('youtube');
}
