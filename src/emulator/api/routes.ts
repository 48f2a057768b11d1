/** Zoom's REST API (api.zoom.us/v2): bearer check, rate limits, the current user and their settings, meetings and webinars. */
import { Router, type Request, type Response } from 'express';
import { requireBearer, userOf } from './bearer';
import type { EmulatorContext } from '../context';
import { eventRoutes } from './event-routes';
import { requireScope } from './guards';
import { limitRate } from './rate-limits';
import { SETTINGS_SCOPES } from './scopes';
import { showSettings } from './settings';

/** GET /v2/users/me */
function showMe(ctx: EmulatorContext) {
  return function showCurrentUser(_req: Request, res: Response): void {
    const { key: _key, ...user } = userOf(ctx, res);
    res.json({ ...user, status: 'active', verified: 1, role_name: 'Owner', dept: '' });
  };
}

export function apiRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  // Zoom counts a call against its limits once it knows whose it is, before any other check.
  router.use('/v2', requireBearer(ctx), limitRate(ctx));
  router.get('/v2/users/me', showMe(ctx));
  router.get('/v2/users/me/settings', requireScope(SETTINGS_SCOPES), showSettings(ctx));
  router.use('/v2', eventRoutes(ctx, 'meeting'));
  router.use('/v2', eventRoutes(ctx, 'webinar'));
  return router;
}
