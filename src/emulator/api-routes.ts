/** Zoom's REST API (api.zoom.us/v2): bearer check, the current user and their upcoming meetings. */
import { Router, type Request, type Response } from 'express';
import { LosslessNumber, stringify } from 'lossless-json';
import { requireBearer, userOf } from './bearer';
import type { EmulatorContext } from './context';
import { zoomErrors } from './errors';
import { livestreamRoutes } from './livestream-routes';

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 300;

/** GET /v2/users/me */
function showMe(ctx: EmulatorContext) {
  return function showCurrentUser(_req: Request, res: Response): void {
    const { key: _key, ...user } = userOf(ctx, res);
    res.json({ ...user, status: 'active', verified: 1, role_name: 'Owner', dept: '' });
  };
}

function pageSizeOf(raw: unknown): number {
  const size = typeof raw === 'string' ? Number.parseInt(raw, 10) : NaN;
  if (!Number.isFinite(size) || size < 1) return DEFAULT_PAGE_SIZE;
  return Math.min(size, MAX_PAGE_SIZE);
}

/** GET /v2/users/me/meetings: ids go out as raw JSON integers, exactly like Zoom, even past 2^53. */
function listMeetings(ctx: EmulatorContext) {
  return function listUpcomingMeetings(req: Request, res: Response): void {
    const host = userOf(ctx, res);
    const pageSize = pageSizeOf(req.query.page_size);
    const token = req.query.next_page_token;
    const offset = typeof token === 'string' && token !== '' ? ctx.pageTokens.offsetOf(token) : 0;
    if (offset === undefined) return zoomErrors.invalidPageToken(res);
    const all = ctx.seed.meetings
      .filter((meeting) => meeting.host_id === host.id)
      .sort((a, b) => a.start_time.localeCompare(b.start_time));
    const page = all.slice(offset, offset + pageSize);
    const nextToken = offset + pageSize < all.length ? ctx.pageTokens.issue(offset + pageSize) : '';
    const meetings = page.map(({ id, uuid, host_id, topic, type, start_time, duration, timezone, created_at, join_url }) => ({
      uuid, id: new LosslessNumber(id), host_id, topic, type, start_time, duration, timezone, created_at, join_url,
    }));
    const body = { page_size: pageSize, total_records: all.length, next_page_token: nextToken, meetings };
    res.type('application/json').send(stringify(body));
  };
}

export function apiRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.use('/v2', requireBearer(ctx));
  router.get('/v2/users/me', showMe(ctx));
  router.get('/v2/users/me/meetings', listMeetings(ctx));
  router.use('/v2', livestreamRoutes(ctx));
  return router;
}
