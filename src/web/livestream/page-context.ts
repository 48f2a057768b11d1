import type { Request, Response } from 'express';
import type { LiveStore } from '../../events/live-store';
import { liveViewOf, type LiveView } from '../../events/live-view';
import type { ReadsFor } from '../shared/host-reads';
import { eventContext, type EventContext } from './event-context';
import type { EventKind, Livestream } from '../../zoom/client';
import type { YouTubeLiveStatus, YouTubeLiveStatusService } from '../../youtube/live-status';

/**
 * What every render of a live stream page shows above its messages: which meeting it is (topic, start,
 * duration), its state, and (while live) where viewers watch. Gathered the same way for a load, a failed
 * save, a failed start or stop and a failed restore, so a refusal never takes the meeting's context away.
 * The details come through the host's read cache (a failed save usually finds them there); the page shows
 * without them.
 */
export interface PageContext {
  context: EventContext | null;
  live: LiveView;
  /** While live: the viewer page (Zoom's page_url), '' otherwise or when unknown. */
  viewerUrl: string;
  /** Why Zoom would not give the details, when it would not (an unknown meeting is told apart by it). */
  detailsError?: unknown;
  /** YouTube's view of the broadcast the app made for this event; left out when it made none. */
  youtube?: YouTubeLiveStatus;
}

export interface PageContextDeps {
  reads: ReadsFor;
  live: Pick<LiveStore, 'ofEvent'>;
  /** When Google is configured: YouTube's view of the event's broadcast (asked only when the app made one). */
  youtube?: Pick<YouTubeLiveStatusService, 'statusOf'>;
}

/** The viewer page as a link: only a web address (Zoom's settings could hold anything set elsewhere). */
function linkable(current: Livestream): string {
  const url = current.page_url ?? '';
  return /^https?:\/\//i.test(url) ? url : '';
}

const NO_CONTEXT: PageContext = { context: null, live: { status: 'unknown' }, viewerUrl: '' };

/** YouTube's view beside Zoom's; a database that cannot say costs the panel, never the page. */
function youtubeStatus(req: Request, youtube: PageContextDeps['youtube'], kind: EventKind, id: string, userId: string): Promise<YouTubeLiveStatus | undefined> {
  if (!youtube) return Promise.resolve(undefined);
  return youtube.statusOf(userId, kind, id).catch((error: unknown) => {
    req.log.warn({ err: error }, 'YouTube broadcast not read for the page');
    return undefined;
  });
}

export function pageContextOf(kind: EventKind, { reads, live, youtube }: PageContextDeps) {
  /**
   * The page's context. `settings` is a reading of the live stream settings the caller already has in
   * hand (the page load); otherwise the viewer page is read through the cache, and only while live.
   */
  return async function gatherContext(req: Request, res: Response, id: string, settings?: Promise<Livestream>): Promise<PageContext> {
    // Without a connected host (Zoom access refused just now) nothing can be read for them.
    if (!req.session.zoom) return NO_CONTEXT;
    const readings = reads(req, res);
    // YouTube is asked beside Zoom, not after it: the panel adds no wait of its own to the page.
    const broadcast = youtubeStatus(req, youtube, kind, id, req.session.zoom.userId);
    const [details, evidence] = await Promise.allSettled([readings.event(kind, id), live.ofEvent(kind, id, req.session.zoom.userId)]);
    const read = details.status === 'fulfilled' ? details.value : undefined;
    const context = read ? eventContext(read.value, req.session.host?.timezone, req.language) : null;
    const zoomSays = read ? { status: read.value.status ?? '', at: read.at } : undefined;
    // Live state only for a meeting Zoom has just confirmed is this host's (its details were read for them).
    const view = read ? liveViewOf(evidence.status === 'fulfilled' ? evidence.value : undefined, zoomSays) : NO_CONTEXT.live;
    const viewerUrl = view.status === 'live' ? await (settings ?? readings.livestream(kind, id)).then(linkable, () => '') : '';
    return { context, live: view, viewerUrl, detailsError: details.status === 'rejected' ? details.reason : undefined, youtube: await broadcast };
  };
}

export type GatherContext = ReturnType<typeof pageContextOf>;
