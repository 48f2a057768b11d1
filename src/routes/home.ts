import type { Request, Response } from 'express';
import type { TokenKeeper } from '../credentials/keeper';
import { failureOf, type FailureView } from '../failures';
import { describeLicence, formatStart } from '../format';
import { parseMeetingInput, type TypedEvent } from '../meeting-id';
import type { ZoomClient } from '../zoom/client';
import { ZoomApiError } from '../zoom/errors';
import { takeDisconnected, type NoticeCookie } from './disconnected-notice';
import { forgetPages, pageNumberOf, pagingOf, rememberNextPage, tokenOfPage, type Paging } from './meeting-pages';

export interface HomeDeps {
  zoom: ZoomClient;
  tokens: TokenKeeper;
  /** The logout notice's cookie (routes/disconnected-notice.ts). */
  notice: NoticeCookie;
}

interface MeetingRow {
  id: string;
  topic: string;
  /** Zoom's UTC time, for the <time datetime> attribute; '' for meetings without a fixed time. */
  startIso: string;
  startsAt: string;
}

interface Listing {
  meetings: MeetingRow[];
  paging: Paging | null;
  /** The page asked for needs a token this session no longer has, or Zoom says it expired. */
  listExpired: boolean;
}

/** Zoom answers 400 / 300 for a next_page_token it did not issue or that has expired (15 minutes). */
function isExpiredPageToken(error: unknown): boolean {
  return error instanceof ZoomApiError && error.status === 400 && error.code === 300;
}

/**
 * The page a typed meeting or join link opens. A webinar link (zoom.us/w/…) opens the same page for
 * now; when /webinars/:webinarId/livestream exists, this is the one line to change.
 */
function livestreamPathOf(event: TypedEvent): string {
  return `/meetings/${event.id}/livestream`;
}

/** A pasted join link may be long (?pwd=…); anything longer than this is not one. */
const MAX_TYPED = 512;

export function homeHandlers({ zoom, tokens, notice }: HomeDeps) {
  /** Times are shown in the host's own Zoom time zone (they are the one reading), else the meeting's. */
  async function loadMeetings(req: Request, page: number | undefined): Promise<Listing> {
    const expired: Listing = { meetings: [], paging: null, listExpired: true };
    if (page === undefined) return expired;
    const pageToken = tokenOfPage(req.session, page);
    if (pageToken === undefined) return expired;
    let listed;
    try {
      listed = await tokens.withAccessToken(req.sessionID, (token) => zoom.listUpcoming(token, 'meeting', pageToken), req.session);
    } catch (error) {
      if (page === 1 || !isExpiredPageToken(error)) throw error;
      forgetPages(req.session);
      return expired;
    }
    rememberNextPage(req.session, page, listed.nextPageToken);
    const timeZone = req.session.host?.timezone;
    const meetings = listed.events.map((m): MeetingRow => ({
      id: m.id, topic: m.topic, startIso: m.start_time ?? '', startsAt: formatStart(m.start_time, timeZone ?? m.timezone, req.language),
    }));
    return { meetings, paging: pagingOf(page, meetings.length, listed.totalRecords, listed.nextPageToken !== ''), listExpired: false };
  }

  /** A failing meeting list does not take the page down: the panel explains, the ID box still works. */
  async function renderHome(req: Request, res: Response, lookup = { value: '', error: '' }, status = 200): Promise<void> {
    if (!req.session.zoom) return void res.status(status).render('home', { title: 'Connect Zoom' });
    let listing: Listing = { meetings: [], paging: null, listExpired: false };
    let failure: FailureView | null = null;
    try {
      listing = await loadMeetings(req, lookup.error ? 1 : pageNumberOf(req.query.page));
    } catch (error) {
      failure = failureOf(error, req);
    }
    const host = res.locals.host;
    const licence = describeLicence(host?.type);
    res.status(failure?.reconnect ? 401 : status).render('home', { ...listing, timeZone: host?.timezone ?? '', host, licence, failure, lookup });
  }

  /** @route GET / — connect button, or the host's upcoming meetings (?page=N) and a meeting-ID box. */
  function showHome(req: Request, res: Response): Promise<void> {
    // Just logged out: the session is gone, a one-minute cookie carries the notice (routes/disconnected-notice.ts).
    if (takeDisconnected(req, res, notice) && !req.session.zoom) res.locals.notice = String(req.t('nav.disconnected'));
    return renderHome(req, res);
  }

  /** @route GET /meetings?meetingId= — the meeting-ID box (an ID or a Zoom join link): go to that meeting's live stream page. */
  async function openMeeting(req: Request, res: Response): Promise<void> {
    const typed = typeof req.query.meetingId === 'string' ? req.query.meetingId.slice(0, MAX_TYPED) : '';
    const event = parseMeetingInput(typed);
    if (event) return res.redirect(303, livestreamPathOf(event));
    if (!req.session.zoom) return res.redirect(303, '/');
    await renderHome(req, res, { value: typed, error: String(req.t('home.lookup.invalid')) }, 400);
  }

  return { showHome, openMeeting };
}
