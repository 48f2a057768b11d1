/**
 * Guards in front of the event routes, in Zoom's order: scope, account (webinar plan), the event itself, streaming.
 * Licence, plan and streaming settings are the event host's, whoever calls: an admin changing a Basic host's meeting
 * gets the Basic host's 3161.
 */
import type { NextFunction, Request, Response } from 'express';
import { mayActFor, reachOf } from './access';
import { grantOf } from './bearer';
import type { EmulatorContext } from '../context';
import { zoomErrors } from '../errors';
import { findEvent } from '../control/host-actions';
import { userWithId } from '../state/accounts';
import type { EmulatedEvent, EmulatedUser, EventKind, HostCapabilities } from '../types';
import type { ScopeSet } from './scopes';
import { isValidEventId } from './validate';

/**
 * Zoom checks scopes before anything else: a token without one of these gets 4711. The message names the scopes of the
 * token's own kind: the user-level ones, or the `:admin` ones for a token that carries admin scopes.
 */
export function requireScope(accepted: ScopeSet) {
  const all = [...accepted.user, ...accepted.admin];
  return function requireTokenScope(_req: Request, res: Response, next: NextFunction): void {
    const granted = grantOf(res).scope.split(/\s+/);
    if (all.some((scope) => granted.includes(scope))) return next();
    const adminToken = granted.some((scope) => scope.endsWith(':admin'));
    zoomErrors.missingScopes(res, adminToken || accepted.user.length === 0 ? accepted.admin : accepted.user);
  };
}

export function capabilitiesOf(ctx: EmulatorContext, res: Response): HostCapabilities {
  return ctx.seed.capabilities[grantOf(res).hostKey];
}

/**
 * Every webinar call, the list included, needs the webinar add-on; meetings need no plan to be read. A token that
 * acts only for its user is refused on its user's plan before the event is looked up; an admin's is checked on the
 * event's host (requireHostPlan).
 */
export function requireAccount(ctx: EmulatorContext, kind: EventKind, scopes: ScopeSet) {
  return function requireWebinarPlan(_req: Request, res: Response, next: NextFunction): void {
    if (kind === 'webinar' && reachOf(ctx, res, scopes) === 'self' && !capabilitiesOf(ctx, res).webinarPlan) {
      return zoomErrors.webinarPlanMissing(res);
    }
    next();
  };
}

export function hostOfEvent(ctx: EmulatorContext, event: EmulatedEvent): EmulatedUser | undefined {
  return userWithId(ctx.seed.hosts, event.host_id);
}

/** The webinar plan of the user whose things these are (an event's host, a listed user). */
export function planMissing(ctx: EmulatorContext, kind: EventKind, owner: EmulatedUser): boolean {
  return kind === 'webinar' && !ctx.seed.capabilities[owner.key].webinarPlan;
}

/** The event must exist and be the token's user's, or (an admin's token) their account's; else it looks like none (3001). */
export function findOwnEvent(ctx: EmulatorContext, kind: EventKind, scopes: ScopeSet) {
  return function findReachableEvent(req: Request, res: Response, next: NextFunction): void {
    const id = String(req.params.id);
    if (!isValidEventId(id)) return zoomErrors.invalidId(res, kind);
    const event = findEvent(ctx, kind, id);
    const host = event && hostOfEvent(ctx, event);
    if (!event || !host) return zoomErrors.notFound(res, kind, id);
    if (!mayActFor(ctx, res, host, scopes, () => zoomErrors.notFound(res, kind, id))) return;
    if (planMissing(ctx, kind, host)) return zoomErrors.webinarPlanMissing(res);
    res.locals.event = event;
    res.locals.eventHost = host;
    next();
  };
}

export function eventOf(res: Response): EmulatedEvent {
  return res.locals.event as EmulatedEvent;
}

export function eventHostOf(res: Response): EmulatedUser {
  return res.locals.eventHost as EmulatedUser;
}

/**
 * Live streaming preconditions, the host's. Meetings: a licensed host (Basic gets 3161), and for a change, live
 * streaming with the custom service switched on. Webinars: webinar live streaming switched on, for reading and changing alike.
 */
export function requireStreaming(ctx: EmulatorContext, kind: EventKind, access: 'read' | 'change') {
  return function requireLiveStreaming(_req: Request, res: Response, next: NextFunction): void {
    const host = eventHostOf(res);
    const allows = ctx.seed.capabilities[host.key];
    if (kind === 'webinar') {
      if (!allows.webinarLiveStreaming) return zoomErrors.webinarStreamingOff(res);
      return next();
    }
    if (host.type !== 2) return zoomErrors.notLicensed(res);
    if (access === 'change' && !(allows.allowLiveStreaming && allows.customLiveStreamingService)) {
      return zoomErrors.customServiceOff(res);
    }
    next();
  };
}
