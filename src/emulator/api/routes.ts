/** Zoom's REST API (api.zoom.us/v2): bearer check, rate limits, users and their settings, meetings and webinars. */
import { Router } from 'express';
import { requireBearer } from './bearer';
import type { EmulatorContext } from '../context';
import { eventRoutes } from './event-routes';
import { requireScope } from './guards';
import { limitRate } from './rate-limits';
import { LIST_USERS_SCOPES, SETTINGS_SCOPES } from './scopes';
import { showSettings } from './settings';
import { listUsers, showMe, showUser } from './users';

export function apiRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  // Zoom counts a call against its limits once it knows whose it is, before any other check.
  router.use('/v2', requireBearer(ctx), limitRate(ctx));
  router.get('/v2/users', requireScope(LIST_USERS_SCOPES), listUsers(ctx));
  router.get('/v2/users/me', showMe(ctx));
  router.get('/v2/users/me/settings', requireScope(SETTINGS_SCOPES), showSettings(ctx));
  router.get('/v2/users/:userId', showUser(ctx));
  router.use('/v2', eventRoutes(ctx, 'meeting'));
  router.use('/v2', eventRoutes(ctx, 'webinar'));
  return router;
}
