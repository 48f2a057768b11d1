import type { Request, Response } from 'express';
import type { Destination } from '../../destinations/types';
import { liveKeyOf, type LiveStore } from '../../events/live-store';
import { liveViewOf, type LiveStatus } from '../../events/live-view';
import type { ReadsFor } from '../shared/host-reads';
import { failureOf, type FailureView } from '../shared/failures';
import { formatStart, formatTimeOfDay } from '../shared/format';
import type { EventKind, EventSummary, Livestream, ZoomClient } from '../../zoom/client';
import { hasWebinarScope } from '../../zoom/scopes';
import type { Pacer } from '../../jobs/pacer';

/**
 * The bulk overview's reading of Zoom (GET /streams): every upcoming meeting and webinar of the host,
 * following Zoom's pages up to a cap, then each one's live stream settings, read concurrently within the
 * account's pace (the same pacer the job runner uses, so the page and a running job share one budget).
 */
export const LIST_CAP = 300;
/** Zoom gives up to 300 a page; a Zoom that gives fewer is followed this many pages at most. */
const MAX_PAGES = 10;
export const EVENT_KINDS: readonly EventKind[] = ['meeting', 'webinar'];

export interface UpcomingList {
  kind: EventKind;
  events: EventSummary[];
  /** The host has more upcoming events of this kind than LIST_CAP: the rest are not listed. */
  truncated: boolean;
  failure: FailureView | null;
  /** Webinars when the app was installed without the webinar scope: not listed, and the page says why. */
  noScope: boolean;
}

/** One row of the overview: which event, when, and where it streams now (or why Zoom would not say). */
export interface StreamRow {
  kind: EventKind;
  id: string;
  topic: string;
  startIso: string;
  startsAt: string;
  /** The checkbox's value: `meeting:<id>` or `webinar:<id>`. */
  value: string;
  checked: boolean;
  /** The stream URL's host, and the saved destination whose URL and key it matches ('' if none); null when not set. */
  current: { host: string; name: string } | null;
  failure: FailureView | null;
  /** Live since (time), in progress, or not started: from Zoom's events and the app's own starts and stops. */
  live: { status: Exclude<LiveStatus, 'unknown'>; sinceIso: string; sinceText: string };
}

export interface OverviewDeps {
  zoom: ZoomClient;
  /** Lists and settings through the host's read cache: a second view costs Zoom nothing. */
  reads: ReadsFor;
  pacer: Pacer;
  live: Pick<LiveStore, 'ofHost'>;
}

export const targetOf = (kind: EventKind, id: string): string => `${kind}:${id}`;

/** Zoom's rate limits count per account; a session from before the account was kept paces by the user. */
export function accountOf(req: Request): string {
  return req.session.host?.accountId ?? req.session.zoom?.userId ?? '';
}

/** rtmp://live.example.com/app → live.example.com; a URL that does not parse is shown as it is. */
function hostOf(streamUrl: string): string {
  try {
    return new URL(streamUrl).host || streamUrl;
  } catch {
    return streamUrl;
  }
}

function currentOf(settings: Livestream, saved: Destination[]): StreamRow['current'] {
  if (!settings.stream_url && !settings.stream_key) return null;
  const match = saved.find((d) => d.stream_url === settings.stream_url && d.stream_key === settings.stream_key);
  return { host: hostOf(settings.stream_url), name: match?.name ?? '' };
}

/**
 * The row's state. Without an event or a start through the app the overview says "not started": it reads no
 * meeting's details (that would be a Zoom call per row), so it relies on the events subscription (README).
 */
function liveOf(req: Request, evidence: Parameters<typeof liveViewOf>[0]): StreamRow['live'] {
  const view = liveViewOf(evidence);
  const since = view.status === 'live' && view.since ? new Date(view.since) : undefined;
  return {
    status: view.status === 'unknown' ? 'notStarted' : view.status,
    sinceIso: since ? since.toISOString() : '',
    sinceText: since ? formatTimeOfDay(since, req.session.host?.timezone, req.language) : '',
  };
}

export function streamsReader({ zoom, reads, pacer, live }: OverviewDeps) {
  /** One kind's upcoming events, every page up to LIST_CAP; a failure is the list's, never the page's. */
  async function listKind(req: Request, res: Response, kind: EventKind): Promise<UpcomingList> {
    const list: UpcomingList = { kind, events: [], truncated: false, failure: null, noScope: false };
    if (kind === 'webinar' && !hasWebinarScope(req.session.zoom?.scope ?? '')) return { ...list, noScope: true };
    const events: EventSummary[] = [];
    let pageToken = '';
    try {
      for (let pages = 0; pages < MAX_PAGES && events.length < LIST_CAP; pages += 1) {
        const page = await reads(req, res).list(kind, pageToken, LIST_CAP);
        events.push(...page.events);
        pageToken = page.nextPageToken;
        if (!pageToken) break;
      }
    } catch (error) {
      return { ...list, failure: failureOf(error, req, { kind }) };
    }
    return { ...list, events: events.slice(0, LIST_CAP), truncated: pageToken !== '' || events.length > LIST_CAP };
  }

  /** Meetings and webinars, read side by side. */
  function listUpcoming(req: Request, res: Response): Promise<UpcomingList[]> {
    return Promise.all(EVENT_KINDS.map((kind) => listKind(req, res, kind)));
  }

  /**
   * Every listed event's settings as rows, in the lists' order, with its live state. Reads run concurrently
   * through the read cache; those that reach Zoom go through the pacer. A read that fails becomes that row's
   * explanation and the other rows still show; without the live state (database down) rows say "not started".
   */
  async function rowsOf(req: Request, res: Response, lists: UpcomingList[], saved: Destination[], ticked: ReadonlySet<string>): Promise<StreamRow[]> {
    const account = accountOf(req);
    const timeZone = req.session.host?.timezone;
    const listed = lists.flatMap((list) => list.events.map((event) => ({ kind: list.kind, event })));
    const readings = reads(req, res);
    const states = live.ofHost(req.session.zoom?.userId ?? '').catch(() => new Map());
    // Paced inside the token keeper, as the runner does: the session read comes first, so a call counted
    // in one second goes out in that second.
    const settings = await Promise.allSettled(listed.map(({ kind, event }) =>
      readings.livestream(kind, event.id, (token) => pacer.run(account, () => zoom.getLivestream(token, kind, event.id)))));
    const known = await states;
    return listed.map(({ kind, event }, i): StreamRow => {
      const read = settings[i];
      const value = targetOf(kind, event.id);
      return {
        kind, id: event.id, topic: event.topic, value, checked: ticked.has(value),
        startIso: event.start_time ?? '',
        startsAt: formatStart(event.start_time, timeZone ?? event.timezone, req.language),
        current: read.status === 'fulfilled' ? currentOf(read.value, saved) : null,
        failure: read.status === 'rejected' ? failureOf(read.reason, req, { kind }) : null,
        live: liveOf(req, known.get(liveKeyOf(kind, event.id))),
      };
    });
  }

  return { listUpcoming, rowsOf };
}
