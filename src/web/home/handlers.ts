import type { Request, Response } from 'express';
import type { ReadsFor } from '../shared/host-reads';
import { failureOf, type FailureView } from '../shared/failures';
import { describeLicence, formatStart } from '../shared/format';
import { parseMeetingInput, type TypedEvent } from '../../zoom/ids';
import type { EventKind } from '../../zoom/client';
import { ZoomApiError } from '../../zoom/errors';
import { hasWebinarScope } from '../../zoom/scopes';
import { takeDisconnected, type NoticeCookie } from '../auth/disconnected-notice';
import { pageLocalsOf } from '../middleware/locals';
import type { PagePreflight } from '../preflight/event-check';
import { PAGE_PARAM, forgetPages, hrefOfPage, pageNumberOf, pagingOf, rememberNextPage, tokenOfPage, type Paging } from './paging';

export interface HomeDeps {
  /** Zoom's lists for the host, through the read cache. */
  reads: ReadsFor;
  /** The logout notice's cookie (routes/disconnected-notice.ts). */
  notice: NoticeCookie;
  /** Upcoming events whose latest pre-flight check failed (issue 25): a line linking /streams. */
  preflight?: Pick<PagePreflight['repository'], 'failingUpcoming'>;
  now?: () => number;
}

interface EventRow {
  id: string;
  topic: string;
  /** Zoom's UTC time, for the <time datetime> attribute; '' for events without a fixed time. */
  startIso: string;
  startsAt: string;
}

/** One list on the home page: meetings or webinars, a page of them, or why there is none. */
interface Listing {
  kind: EventKind;
  events: EventRow[];
  paging: Paging | null;
  /** The page asked for needs a token this session no longer has, or Zoom says it expired. */
  listExpired: boolean;
  failure: FailureView | null;
  /** Webinars only: why the section has nothing to list ('noPlan', 'noScope'), '' otherwise. */
  unavailable: '' | 'noPlan' | 'noScope';
  firstHref: string;
}

/** Zoom answers 400 / 300 for a next_page_token it did not issue or that has expired (15 minutes). */
function isExpiredPageToken(error: unknown): boolean {
  return error instanceof ZoomApiError && error.status === 400 && error.code === 300;
}

/** Zoom's answer for a host without the webinar add-on: 400, code 200, "Webinar plan is missing…". */
function isWebinarPlanMissing(error: unknown): boolean {
  return error instanceof ZoomApiError && error.code === 200 && /webinar plan is missing/i.test(error.message);
}

/** The page a typed meeting, webinar or join link (zoom.us/j/… or /w/…) opens. */
function livestreamPathOf(event: TypedEvent): string {
  return `/${event.kind === 'webinar' ? 'webinars' : 'meetings'}/${event.id}/livestream`;
}

/** A pasted join link may be long (?pwd=…); anything longer than this is not one. */
const MAX_TYPED = 512;

export function homeHandlers({ reads, notice, preflight, now = Date.now }: HomeDeps) {
  /** How many of the host's upcoming streams will fail; 0 when the database cannot say (the line is left out). */
  async function failingStreams(req: Request, userId: string): Promise<number> {
    if (!preflight) return 0;
    return preflight.failingUpcoming(userId, now()).catch((error: unknown) => {
      req.log.warn({ err: error }, 'failing pre-flight checks not counted for the home page');
      return 0;
    });
  }

  /** Times are shown in the host's own Zoom time zone (they are the one reading), else the event's. */
  async function loadEvents(req: Request, res: Response, kind: EventKind, page: number | undefined): Promise<Listing> {
    const listing: Listing = { kind, events: [], paging: null, listExpired: false, failure: null, unavailable: '', firstHref: hrefOfPage(kind, 1) };
    if (kind === 'webinar' && !hasWebinarScope(req.session.zoom?.scope ?? '')) return { ...listing, unavailable: 'noScope' };
    const pageToken = page === undefined ? undefined : tokenOfPage(req.session, kind, page);
    if (page === undefined || pageToken === undefined) return { ...listing, listExpired: true };
    try {
      const listed = await reads(req, res).list(kind, pageToken);
      rememberNextPage(req.session, kind, page, listed.nextPageToken);
      const timeZone = req.session.host?.timezone;
      const events = listed.events.map((e): EventRow => ({
        id: e.id, topic: e.topic, startIso: e.start_time ?? '', startsAt: formatStart(e.start_time, timeZone ?? e.timezone, req.language),
      }));
      return { ...listing, events, paging: pagingOf(kind, page, events.length, listed.totalRecords, listed.nextPageToken !== '') };
    } catch (error) {
      if (page > 1 && isExpiredPageToken(error)) {
        forgetPages(req.session, kind);
        return { ...listing, listExpired: true };
      }
      if (kind === 'webinar' && isWebinarPlanMissing(error)) return { ...listing, unavailable: 'noPlan' };
      return { ...listing, failure: failureOf(error, req, { kind }) };
    }
  }

  /** A failing list does not take the page down: its section explains, the ID box and the other list still work. */
  async function renderHome(req: Request, res: Response, lookup = { value: '', error: '' }, status = 200): Promise<void> {
    if (!req.session.zoom) return void res.status(status).render('home', { title: 'Connect Zoom' });
    const pageOf = (kind: EventKind) => (lookup.error ? 1 : pageNumberOf(req.query[PAGE_PARAM[kind]]));
    const [meetings, webinars, failing] = await Promise.all([
      loadEvents(req, res, 'meeting', pageOf('meeting')), loadEvents(req, res, 'webinar', pageOf('webinar')), failingStreams(req, req.session.zoom.userId),
    ]);
    const host = pageLocalsOf(res).host;
    const licence = describeLicence(host?.type);
    const reconnect = meetings.failure?.reconnect || webinars.failure?.reconnect;
    res.status(reconnect ? 401 : status).render('home', { meetings, webinars, timeZone: host?.timezone ?? '', host, licence, lookup, failing });
  }

  /** @route GET / — connect button, or the host's upcoming meetings (?page=N) and webinars (?wpage=N) and an ID box. */
  function showHome(req: Request, res: Response): Promise<void> {
    // Just logged out: the session is gone, a one-minute cookie carries the notice (routes/disconnected-notice.ts).
    if (takeDisconnected(req, res, notice) && !req.session.zoom) res.locals.notice = String(req.t('nav.disconnected'));
    return renderHome(req, res);
  }

  /** @route GET /meetings?meetingId= — the ID box (an ID or a Zoom join link): go to that meeting's or webinar's page. */
  async function openMeeting(req: Request, res: Response): Promise<void> {
    const typed = typeof req.query.meetingId === 'string' ? req.query.meetingId.slice(0, MAX_TYPED) : '';
    const event = parseMeetingInput(typed);
    if (event) return res.redirect(303, livestreamPathOf(event));
    if (!req.session.zoom) return res.redirect(303, '/');
    await renderHome(req, res, { value: typed, error: String(req.t('home.lookup.invalid')) }, 400);
  }

  return { showHome, openMeeting };
}
