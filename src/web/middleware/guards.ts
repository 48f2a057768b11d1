import type { NextFunction, Request, Response } from 'express';
import { CONNECT, HttpError } from '../shared/failures';
import { isMeetingId } from '../../zoom/ids';
import { rememberReturn } from '../auth/return-to';
import { saveSession } from '../shared/session-data';

/** Guards that run in front of handlers (STYLE 4). */

/**
 * A page asked for without a connected account: remember it, connect, and come back to it
 * (the callback reads the path from the session). A form post cannot be replayed: it is refused.
 */
export async function requireConnected(req: Request, res: Response, next: NextFunction): Promise<void> {
  if (req.session.zoom) return next();
  if (req.method !== 'GET' && req.method !== 'HEAD') return next(new HttpError(401, 'errors.connectFirst', {}, CONNECT));
  rememberReturn(req);
  await saveSession(req);
  res.redirect(303, '/install');
}

/** Meeting and webinar IDs are both int64 decimal strings. */
export function requireEventId(req: Request, _res: Response, next: NextFunction): void {
  const id = req.params.meetingId ?? req.params.webinarId;
  if (isMeetingId(id)) return next();
  next(new HttpError(400, req.params.webinarId === undefined ? 'errors.notMeetingId' : 'errors.notWebinarId'));
}

/** HTML forms send urlencoded bodies; anything else on a form route is refused before parsing. */
export function requireFormBody(req: Request, _res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || req.is('application/x-www-form-urlencoded')) return next();
  next(new HttpError(415, 'errors.unsupportedForm'));
}
