import type { NextFunction, Request, Response } from 'express';
import { CONNECT, HttpError } from '../failures';
import { isMeetingId } from '../meeting-id';

/** Guards that run in front of handlers (STYLE 4). */

export function requireConnected(req: Request, res: Response, next: NextFunction): void {
  if (req.session.zoom) return next();
  if (req.method === 'GET') return res.redirect(303, '/');
  next(new HttpError(401, 'errors.connectFirst', {}, CONNECT));
}

export function requireMeetingId(req: Request, _res: Response, next: NextFunction): void {
  if (isMeetingId(req.params.meetingId)) return next();
  next(new HttpError(400, 'errors.notMeetingId'));
}

/** HTML forms send urlencoded bodies; anything else on a form route is refused before parsing. */
export function requireFormBody(req: Request, _res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || req.is('application/x-www-form-urlencoded')) return next();
  next(new HttpError(415, 'errors.unsupportedForm'));
}
