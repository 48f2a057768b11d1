import type { Request, Response } from 'express';
import type { LiveStore } from '../../events/live-store';
import type { LiveStatus } from '../../events/live-view';
import type { ReadsFor } from '../shared/host-reads';
import { failureOf, type FailureView } from '../shared/failures';
import type { EventKind, EventSummary, ZoomClient } from '../../zoom/client';
import { hasWebinarScope } from '../../zoom/scopes';
import type { Pacer } from '../../jobs/pacer';
import type { PlanLine } from '../plans/coverage';
import type { ReadyCell } from '../preflight/view';

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
  /** A recurring meeting or webinar: one id and one set of settings for all its occurrences. */
  recurring: boolean;
  /** Its settings not read yet (a cold view shows at once and fills them in). */
  pending: boolean;
  /** The stream URL's host, and the saved destination whose URL and key it matches ('' if none); null when not set. */
  current: { host: string; name: string; destinationId: string } | null;
  failure: FailureView | null;
  /** Live since (time), in progress, or not started: from Zoom's events and the app's own starts and stops. */
  live: { status: Exclude<LiveStatus, 'unknown'>; sinceIso: string; sinceText: string };
  /** The plan that covers it, if one does. */
  plan?: PlanLine;
  /** The watch page of the YouTube broadcast the app made for it (the next one of a series), if it made one. */
  youtubeUrl?: string;
  /** Its latest pre-flight check (issue 25); absent when never checked. */
  ready?: ReadyCell;
}

export interface OverviewDeps {
  zoom: ZoomClient;
  /** Lists and settings through the host's read cache: a second view costs Zoom nothing. */
  reads: ReadsFor;
  pacer: Pacer;
  live: Pick<LiveStore, 'ofHost'>;
  /** Show a cold view before every setting is read, the rest filled in from the read cache (only with a cache). */
  fillLater?: boolean;
}

export const targetOf = (kind: EventKind, id: string): string => `${kind}:${id}`;

/** Zoom's rate limits count per account; a session from before the account was kept paces by the user. */
export function accountOf(req: Request): string {
  return req.session.host?.accountId ?? req.session.zoom?.userId ?? '';
}

export function streamsReader({ reads }: Pick<OverviewDeps, 'reads'>) {
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

  return { listUpcoming };
}
