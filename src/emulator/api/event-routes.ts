/** One kind's REST routes (meetings or webinars), mounted under /v2 behind the bearer check. */
import { Router, type Request, type Response } from 'express';
import type { EmulatorContext } from '../context';
import { detailsOf, sendExactJson } from './event-json';
import { findListedUser, listEvents } from './event-list';
import { eventHostOf, eventOf, findOwnEvent, requireAccount, requireScope, requireStreaming } from './guards';
import { updateStatus } from './live-status';
import { showLivestream, updateLivestream } from './livestream';
import { EVENT_SCOPES } from './scopes';
import type { EventKind } from '../types';

/** GET /v2/{kind}s/:id */
function showEvent(kind: EventKind) {
  return function showEventDetails(_req: Request, res: Response): void {
    sendExactJson(res, detailsOf(kind, eventOf(res), eventHostOf(res)));
  };
}

export function eventRoutes(ctx: EmulatorContext, kind: EventKind): Router {
  const router = Router();
  const scopes = EVENT_SCOPES[kind];
  const event = `/${kind}s/:id`;
  // Each route names its own scopes: whether a token reaches other users of its account depends on the call's admin scope.
  const guards = (set: typeof scopes.read) => [requireScope(set), requireAccount(ctx, kind, set), findOwnEvent(ctx, kind, set)];
  router.get(`/users/:userId/${kind}s`,
    requireScope(scopes.list), requireAccount(ctx, kind, scopes.list), findListedUser(ctx, kind, scopes.list), listEvents(ctx, kind));
  router.get(event, ...guards(scopes.read), showEvent(kind));
  router.get(`${event}/livestream`, ...guards(scopes.readLivestream), requireStreaming(ctx, kind, 'read'), showLivestream(ctx, kind));
  router.patch(`${event}/livestream`,
    ...guards(scopes.updateLivestream), requireStreaming(ctx, kind, 'change'), updateLivestream(ctx, kind));
  router.patch(`${event}/livestream/status`,
    ...guards(scopes.updateStatus), requireStreaming(ctx, kind, 'change'), updateStatus(ctx, kind));
  return router;
}
