import type { Request, Response } from 'express';
import type { TokenKeeper } from '../credentials/keeper';
import { failureOf, type FailureView } from '../failures';
import { describeLicence, formatStart } from '../format';
import { isMeetingId, normalizeMeetingId } from '../meeting-id';
import type { ZoomClient } from '../zoom/client';

export interface HomeDeps {
  zoom: ZoomClient;
  tokens: TokenKeeper;
}

interface MeetingRow {
  id: string;
  topic: string;
  /** Zoom's UTC time, for the <time datetime> attribute; '' for meetings without a fixed time. */
  startIso: string;
  startsAt: string;
}

/** Zoom's paging tokens are short opaque strings; anything else is ignored rather than forwarded. */
function pageToken(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9._~-]{1,256}$/.test(value) ? value : '';
}

export function homeHandlers({ zoom, tokens }: HomeDeps) {
  /** Times are shown in the host's own Zoom time zone (they are the one reading), else the meeting's. */
  async function loadMeetings(req: Request) {
    const page = await tokens.withAccessToken(req.sessionID, (token) => zoom.listUpcoming(token, 'meeting', pageToken(req.query.page)), req.session);
    const timeZone = req.session.host?.timezone;
    const meetings = page.events.map((m): MeetingRow => ({
      id: m.id, topic: m.topic, startIso: m.start_time ?? '', startsAt: formatStart(m.start_time, timeZone ?? m.timezone, req.language),
    }));
    return { meetings, nextPage: page.nextPageToken };
  }

  /** A failing meeting list does not take the page down: the panel explains, the ID box still works. */
  async function renderHome(req: Request, res: Response, lookup = { value: '', error: '' }, status = 200): Promise<void> {
    if (!req.session.zoom) return void res.status(status).render('home', { title: 'Connect Zoom' });
    let listing = { meetings: [] as MeetingRow[], nextPage: '' };
    let failure: FailureView | null = null;
    try {
      listing = await loadMeetings(req);
    } catch (error) {
      failure = failureOf(error, req);
    }
    const host = req.session.zoom ? res.locals.host : null;
    const licence = describeLicence(host?.type);
    const page = { laterPage: pageToken(req.query.page) !== '', timeZone: host?.timezone ?? '' };
    res.status(failure?.reconnect ? 401 : status).render('home', { ...listing, ...page, host, licence, failure, lookup });
  }

  /** @route GET / — connect button, or the host's upcoming meetings and a meeting-ID box. */
  function showHome(req: Request, res: Response): Promise<void> {
    return renderHome(req, res);
  }

  /** @route GET /meetings?meetingId= — the meeting-ID box: go to that meeting's live stream page. */
  async function openMeeting(req: Request, res: Response): Promise<void> {
    const typed = typeof req.query.meetingId === 'string' ? req.query.meetingId.slice(0, 64) : '';
    const meetingId = normalizeMeetingId(typed);
    if (isMeetingId(meetingId)) return res.redirect(303, `/meetings/${meetingId}/livestream`);
    if (!req.session.zoom) return res.redirect(303, '/');
    await renderHome(req, res, { value: typed, error: String(req.t('meetingId.rule')) }, 400);
  }

  return { showHome, openMeeting };
}
