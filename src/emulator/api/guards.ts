/** Guards in front of the event routes, in Zoom's order: scope, account (webinar plan), the event itself, streaming. */
import type { NextFunction, Request, Response } from 'express';
import { grantOf, userOf } from './bearer';
import type { EmulatorContext } from '../context';
import { zoomErrors } from '../errors';
import { findEvent } from '../control/host-actions';
import type { EmulatedEvent, EventKind, HostCapabilities } from '../types';
import { isValidEventId } from './validate';

/** Zoom checks scopes before anything else: a token without one of these gets 4711. */
export function requireScope(accepted: string[]) {
  return function requireTokenScope(_req: Request, res: Response, next: NextFunction): void {
    const granted = grantOf(res).scope.split(/\s+/);
    if (!accepted.some((scope) => granted.includes(scope))) return zoomErrors.missingScopes(res, accepted);
    next();
  };
}

export function capabilitiesOf(ctx: EmulatorContext, res: Response): HostCapabilities {
  return ctx.seed.capabilities[grantOf(res).hostKey];
}

/** Every webinar call, the list included, needs the webinar add-on; meetings need no plan to be read. */
export function requireAccount(ctx: EmulatorContext, kind: EventKind) {
  return function requireWebinarPlan(_req: Request, res: Response, next: NextFunction): void {
    if (kind === 'webinar' && !capabilitiesOf(ctx, res).webinarPlan) return zoomErrors.webinarPlanMissing(res);
    next();
  };
}

/** The event must exist and belong to the token's user; someone else's looks like none (3001). */
export function findOwnEvent(ctx: EmulatorContext, kind: EventKind) {
  return function findOwnEventById(req: Request, res: Response, next: NextFunction): void {
    const id = String(req.params.id);
    if (!isValidEventId(id)) return zoomErrors.invalidId(res, kind);
    const event = findEvent(ctx, kind, id);
    if (!event || event.host_id !== userOf(ctx, res).id) return zoomErrors.notFound(res, kind, id);
    res.locals.event = event;
    next();
  };
}

export function eventOf(res: Response): EmulatedEvent {
  return res.locals.event as EmulatedEvent;
}

/**
 * Live streaming preconditions. Meetings: a licensed host (Basic gets 3161), and for a change, live streaming with
 * the custom service switched on. Webinars: webinar live streaming switched on, for reading and changing alike.
 */
export function requireStreaming(ctx: EmulatorContext, kind: EventKind, access: 'read' | 'change') {
  return function requireLiveStreaming(_req: Request, res: Response, next: NextFunction): void {
    const allows = capabilitiesOf(ctx, res);
    if (kind === 'webinar') {
      if (!allows.webinarLiveStreaming) return zoomErrors.webinarStreamingOff(res);
      return next();
    }
    if (userOf(ctx, res).type !== 2) return zoomErrors.notLicensed(res);
    if (access === 'change' && !(allows.allowLiveStreaming && allows.customLiveStreamingService)) {
      return zoomErrors.customServiceOff(res);
    }
    next();
  };
}
