import type { LiveEvidence } from './live-store';

/**
 * What a page says of a meeting's state: "Live since 14:03", "In progress, not streaming" or "Not started".
 * Two sources: the live state the app keeps (Zoom's events, starts and stops through the app) and Zoom's
 * own status in the meeting's details ('started' / 'waiting'; it never says whether a stream is live).
 * The newer evidence wins, so a missed meeting.ended does not leave a meeting live once Zoom says it is
 * waiting, and a stale reading of the details does not undo an event that came after it.
 */
export type LiveStatus = 'live' | 'inProgress' | 'notStarted' | 'unknown';

export interface LiveView {
  status: LiveStatus;
  /** Epoch ms the stream went live, when live. */
  since?: number;
}

/** Zoom's view: its status ('' when it did not say) and when the app read it. */
export interface ZoomReading {
  status: string;
  at: number;
}

function fromEvidence(evidence: LiveEvidence): LiveView {
  if (evidence.state === 'live') return { status: 'live', since: evidence.liveSince ?? evidence.at };
  return { status: evidence.state === 'started' ? 'inProgress' : 'notStarted' };
}

export function liveViewOf(evidence: LiveEvidence | undefined, zoom?: ZoomReading): LiveView {
  const zoomSays = zoom && (zoom.status === 'started' || zoom.status === 'waiting') ? zoom : undefined;
  if (evidence && (!zoomSays || evidence.at >= zoomSays.at)) return fromEvidence(evidence);
  if (!zoomSays) return { status: 'unknown' };
  if (zoomSays.status === 'waiting') return { status: 'notStarted' };
  // In progress by Zoom's newer word: whether it streams only the app's evidence can say.
  return evidence?.state === 'live' ? fromEvidence(evidence) : { status: 'inProgress' };
}
