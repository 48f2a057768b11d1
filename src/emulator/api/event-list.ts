/**
 * GET /v2/users/{userId}/meetings and /v2/users/{userId}/webinars (`me`, or an admin naming a user of their account):
 * the user's upcoming events, paged like Zoom. A recurring event is listed once (one id for all its occurrences).
 * Meetings also take `type=live`: those in progress now.
 */
import type { NextFunction, Request, Response } from 'express';
import { mayActFor } from './access';
import { userOf } from './bearer';
import type { EmulatorContext } from '../context';
import { zoomErrors } from '../errors';
import { listItemOf, sendExactJson } from './event-json';
import { planMissing } from './guards';
import { pageSizeOf } from './paging';
import type { ScopeSet } from './scopes';
import { findUser } from '../state/accounts';
import type { EmulatedEvent, EmulatedUser, EventKind } from '../types';

/** The user in the path: the caller, or (an admin's token) a user of their account; else 1001, or "No permission.". */
export function findListedUser(ctx: EmulatorContext, kind: EventKind, scopes: ScopeSet) {
  return function findListedUserById(req: Request, res: Response, next: NextFunction): void {
    const userId = String(req.params.userId);
    const owner = findUser(ctx.seed.hosts, userId, userOf(ctx, res));
    if (!mayActFor(ctx, res, owner, scopes, () => zoomErrors.userNotFound(res, userId))) return;
    if (planMissing(ctx, kind, owner as EmulatedUser)) return zoomErrors.webinarPlanMissing(res);
    res.locals.listedUser = owner;
    next();
  };
}

/** One host's events of one kind, soonest first. */
export function upcomingOf(ctx: EmulatorContext, kind: EventKind, hostId: string): EmulatedEvent[] {
  return ctx.seed.events[kind]
    .filter((event) => event.host_id === hostId)
    .sort((a, b) => a.start_time.localeCompare(b.start_time));
}

/** `type=live` (meetings only, as in Zoom's document): the meetings in progress now; any other type: the upcoming ones. */
function listedOf(ctx: EmulatorContext, kind: EventKind, hostId: string, type: unknown): EmulatedEvent[] {
  const upcoming = upcomingOf(ctx, kind, hostId);
  return kind === 'meeting' && type === 'live' ? upcoming.filter((event) => event.status === 'started') : upcoming;
}

export function listEvents(ctx: EmulatorContext, kind: EventKind) {
  return function listUpcomingEvents(req: Request, res: Response): void {
    const host = res.locals.listedUser as EmulatedUser;
    // A page token stands for one list: another host's, or the other kind's, is refused like a forged one.
    const list = `${kind}:${host.id}${req.query.type === 'live' ? ':live' : ''}`;
    const pageSize = pageSizeOf(req.query.page_size);
    const token = req.query.next_page_token;
    const offset = typeof token === 'string' && token !== '' ? ctx.pageTokens.offsetOf(token, list) : 0;
    if (offset === undefined) return zoomErrors.invalidPageToken(res);
    const all = listedOf(ctx, kind, host.id, req.query.type);
    const nextToken = offset + pageSize < all.length ? ctx.pageTokens.issue(offset + pageSize, list) : '';
    sendExactJson(res, {
      page_size: pageSize, total_records: all.length, next_page_token: nextToken,
      [`${kind}s`]: all.slice(offset, offset + pageSize).map(listItemOf),
    });
  };
}
