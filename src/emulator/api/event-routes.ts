/** One kind's REST routes (meetings or webinars), mounted under /v2 behind the bearer check. */
import { Router, type Request, type Response } from 'express';
import { userOf } from './bearer';
import type { EmulatorContext } from '../context';
import { detailsOf, sendExactJson } from './event-json';
import { listEvents } from './event-list';
import { eventOf, findOwnEvent, requireAccount, requireScope, requireStreaming } from './guards';
import { updateStatus } from './live-status';
import { showLivestream, updateLivestream } from './livestream';
import { EVENT_SCOPES } from './scopes';
import type { EventKind } from '../types';

/** GET /v2/{kind}s/:id */
function showEvent(ctx: EmulatorContext, kind: EventKind) {
  return function showEventDetails(_req: Request, res: Response): void {
    sendExactJson(res, detailsOf(kind, eventOf(res), userOf(ctx, res)));
  };
}

export function eventRoutes(ctx: EmulatorContext, kind: EventKind): Router {
  const router = Router();
  const scopes = EVENT_SCOPES[kind];
  const account = requireAccount(ctx, kind);
  const own = findOwnEvent(ctx, kind);
  const event = `/${kind}s/:id`;
  router.get(`/users/me/${kind}s`, requireScope(scopes.list), account, listEvents(ctx, kind));
  router.get(event, requireScope(scopes.read), account, own, showEvent(ctx, kind));
  router.get(`${event}/livestream`,
    requireScope(scopes.readLivestream), account, own, requireStreaming(ctx, kind, 'read'), showLivestream(ctx, kind));
  router.patch(`${event}/livestream`,
    requireScope(scopes.updateLivestream), account, own, requireStreaming(ctx, kind, 'change'), updateLivestream(ctx, kind));
  router.patch(`${event}/livestream/status`,
    requireScope(scopes.updateStatus), account, own, requireStreaming(ctx, kind, 'change'), updateStatus(ctx, kind));
  return router;
}
