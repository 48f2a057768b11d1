/** A meeting's live stream: read it, update it, start/stop it. Mounted under /v2 behind the bearer check. */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { grantOf, userOf } from './bearer';
import { objectBodyOf } from './body';
import { updateStatus } from './live-status';
import type { EmulatorContext } from './context';
import { zoomErrors } from './errors';
import { checkLivestreamBody, isValidMeetingId } from './validate';

/** Zoom checks scopes before anything else: a token without one of these gets 4711. */
function requireScope(accepted: string[]) {
  return function requireTokenScope(_req: Request, res: Response, next: NextFunction): void {
    const granted = grantOf(res).scope.split(/\s+/);
    if (!accepted.some((scope) => granted.includes(scope))) return zoomErrors.missingScopes(res, accepted);
    next();
  };
}

/** The meeting must exist and belong to the token's user; someone else's meeting looks like no meeting (3001). */
function findOwnMeeting(ctx: EmulatorContext) {
  return function findOwnMeetingById(req: Request, res: Response, next: NextFunction): void {
    const id = String(req.params.meetingId);
    if (!isValidMeetingId(id)) return zoomErrors.invalidMeetingId(res);
    const meeting = ctx.seed.meetings.find((candidate) => candidate.id === id);
    if (!meeting || meeting.host_id !== userOf(ctx, res).id) return zoomErrors.meetingNotFound(res, id);
    res.locals.meetingId = id;
    next();
  };
}

/** Live streaming needs a licensed (Pro) host: Basic users get Zoom's 3161. */
function requireLicensed(ctx: EmulatorContext) {
  return function requireLicensedHost(_req: Request, res: Response, next: NextFunction): void {
    if (userOf(ctx, res).type !== 2) return zoomErrors.notLicensed(res);
    next();
  };
}

/** GET /v2/meetings/:meetingId/livestream */
function showLivestream(ctx: EmulatorContext) {
  return function showLivestreamSettings(_req: Request, res: Response): void {
    const stored = ctx.seed.livestreams.get(res.locals.meetingId as string);
    res.json({
      stream_url: stored?.stream_url ?? '',
      stream_key: stored?.stream_key ?? '',
      page_url: stored?.page_url ?? '',
      resolution: stored?.resolution ?? '',
    });
  };
}

/** PATCH /v2/meetings/:meetingId/livestream → 204; resolution, when left out, keeps its current value. */
function updateLivestream(ctx: EmulatorContext) {
  return function updateLivestreamSettings(req: Request, res: Response): void {
    const body = objectBodyOf(req, res);
    if (!body) return zoomErrors.invalidBody(res);
    const { errors, settings } = checkLivestreamBody(body);
    if (!settings) return zoomErrors.validationFailed(res, errors);
    const id = res.locals.meetingId as string;
    const resolution = settings.resolution ?? ctx.seed.livestreams.get(id)?.resolution;
    ctx.seed.livestreams.set(id, resolution === undefined ? settings : { ...settings, resolution });
    res.status(204).end();
  };
}

export function livestreamRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const ownMeeting = [findOwnMeeting(ctx), requireLicensed(ctx)];
  router.get('/meetings/:meetingId/livestream', ...ownMeeting, showLivestream(ctx));
  router.patch('/meetings/:meetingId/livestream',
    requireScope(['meeting:write', 'meeting:update:livestream']), ...ownMeeting, updateLivestream(ctx));
  router.patch('/meetings/:meetingId/livestream/status',
    requireScope(['meeting:write', 'meeting:update:livestream_status']), ...ownMeeting, updateStatus(ctx));
  return router;
}
