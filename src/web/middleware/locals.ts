import type { NextFunction, Request, Response } from 'express';
import type { GrantStatus } from '../../credentials/grants';
import type { HostSummary } from '../shared/session-data';

/**
 * A flash notice may be a catalogue key ("notices.updated") or, from older code, a sentence:
 * a key is translated, a sentence is shown as it is.
 */
function noticeText(req: Request, notice: string): string {
  if (!notice) return '';
  return req.i18n?.exists(notice) ? String(req.t(notice)) : notice;
}

/** What setPageLocals puts on res.locals, for the code that reads them back (Express types res.locals as any). */
export interface PageLocals {
  sandbox: boolean;
  sandboxZoom: string;
  host: HostSummary | null;
  notice: string;
  csrfToken: string;
  /** The host's plans are paused: Zoom refused the grant (every page says so, with Connect Zoom again). */
  plansPaused: boolean;
}

/** res.locals as setPageLocals leaves them; each may be missing on an error page rendered before it ran. */
export function pageLocalsOf(res: Response): Partial<PageLocals> {
  return res.locals as Partial<PageLocals>;
}

/** Whether the host's plans are paused; a database that cannot say costs the banner, never the page. */
async function pausedOf(req: Request, userId: string, grantStatus: (userId: string) => Promise<GrantStatus | undefined>): Promise<boolean> {
  try {
    return (await grantStatus(userId)) === 'refused';
  } catch (error) {
    req.log?.warn({ err: error }, 'grant status not read for the paused banner');
    return false;
  }
}

/**
 * Values every page needs, set once per request (STYLE 8): sandbox flag, host, flash notice, CSRF token, and
 * (with `grantStatus`) whether the host's plans are paused.
 */
export function pageLocals(sandbox: boolean, csrfToken: (req: Request) => string, sandboxZoomUrl = '', grantStatus?: (userId: string) => Promise<GrantStatus | undefined>) {
  return async function setPageLocals(req: Request, res: Response, next: NextFunction): Promise<void> {
    const connected = Boolean(req.session?.zoom);
    res.locals.sandbox = sandbox;
    // The sandbox's Zoom (the emulator), where a host starts and ends a meeting as in the Zoom client.
    res.locals.sandboxZoom = sandbox ? sandboxZoomUrl : '';
    if (connected) {
      const host = req.session.host ?? { name: '', email: '' };
      // Without Zoom's profile the host has no name: the page calls them "Zoom user" in its own language.
      res.locals.host = { ...host, name: host.name || String(req.t('host.zoomUser')) };
    } else {
      res.locals.host = null;
    }
    res.locals.notice = noticeText(req, req.session?.notice ?? '');
    if (req.session?.notice) delete req.session.notice;
    // Only connected hosts see forms; anonymous visitors get no session (saveUninitialized: false).
    res.locals.csrfToken = connected ? csrfToken(req) : '';
    const userId = req.session?.zoom?.userId;
    res.locals.plansPaused = userId && grantStatus ? await pausedOf(req, userId, grantStatus) : false;
    next();
  };
}
