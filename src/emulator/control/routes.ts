/**
 * /emulator/{meetings|webinars}/:id: what a host does in the Zoom client (start, end, stop the stream, delete), as a page for
 * the sandbox and browser tests. Not part of Zoom's API: mounted before the request log, faults and rate limits.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { EmulatorContext } from '../context';
import { controlPath, renderControlPage, renderDeletedEvent, renderUnknownEvent } from './page';
import { deleteEvent } from './manage';
import { endInClient, findEvent, startInClient, stopStreamInClient } from './host-actions';
import { refuseOtherOrigins } from './origin';
import { userRoutes } from './user-routes';
import { sendHtml } from '../html-page';
import type { EmulatedEvent, EventKind } from '../types';

type HostAction = (ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent) => Promise<void>;

const KINDS: EventKind[] = ['meeting', 'webinar'];
const ACTIONS: Record<string, HostAction> = { start: startInClient, end: endInClient, 'stop-stream': stopStreamInClient };

function eventHere(res: Response): EmulatedEvent {
  return res.locals.controlEvent as EmulatedEvent;
}

/** An id the emulator does not have (or no id at all) gets a 404 page, not Zoom's JSON. */
function loadEvent(ctx: EmulatorContext, kind: EventKind) {
  return function loadControlEvent(req: Request, res: Response, next: NextFunction): void {
    const id = String(req.params.id);
    const event = findEvent(ctx, kind, id);
    if (!event) return sendHtml(res, 404, renderUnknownEvent(kind, id));
    res.locals.controlEvent = event;
    next();
  };
}

/** GET /emulator/{kind}s/:id — the host's view of one meeting or webinar. */
function showControls(ctx: EmulatorContext, kind: EventKind) {
  return function showControlPage(_req: Request, res: Response): void {
    const event = eventHere(res);
    const host = Object.values(ctx.seed.hosts).find((candidate) => candidate.id === event.host_id);
    if (!host) return sendHtml(res, 404, renderUnknownEvent(kind, event.id));
    sendHtml(res, 200, renderControlPage({
      kind, event, host,
      live: ctx.seed.streams[kind].get(event.id)?.live === true,
      livestream: ctx.seed.livestreams[kind].get(event.id),
      webhookUrl: ctx.webhooks.target?.url,
    }));
  };
}

/** POST /emulator/{kind}s/:id/{start|end|stop-stream} — runs the action, waits for its webhooks to be answered, 303 back. */
function runAction(ctx: EmulatorContext, kind: EventKind, action: HostAction) {
  return async function runHostAction(_req: Request, res: Response): Promise<void> {
    const event = eventHere(res);
    await action(ctx, kind, event);
    res.redirect(303, controlPath(kind, event.id));
  };
}

/** POST /emulator/{kind}s/:id/delete — the host deletes it (a whole series); answers once meeting.deleted is answered. */
function runDelete(ctx: EmulatorContext, kind: EventKind) {
  return async function deleteInClient(_req: Request, res: Response): Promise<void> {
    const { id } = eventHere(res);
    await deleteEvent(ctx, kind, id);
    sendHtml(res, 200, renderDeletedEvent(kind, id));
  };
}

export function controlRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.use(userRoutes(ctx));
  for (const kind of KINDS) {
    const load = loadEvent(ctx, kind);
    router.get(controlPath(kind, ':id'), load, showControls(ctx, kind));
    for (const [name, action] of Object.entries(ACTIONS)) {
      router.post(controlPath(kind, ':id', name), refuseOtherOrigins, load, runAction(ctx, kind, action));
    }
    router.post(controlPath(kind, ':id', 'delete'), refuseOtherOrigins, load, runDelete(ctx, kind));
  }
  return router;
}
