/**
 * GET /v2/users/me/meetings and /v2/users/me/webinars: the host's upcoming events, paged like Zoom. A recurring
 * event is listed once (one id for all its occurrences). Meetings also take `type=live`: those in progress now.
 */
import type { Request, Response } from 'express';
import { userOf } from './bearer';
import type { EmulatorContext } from '../context';
import { zoomErrors } from '../errors';
import { listItemOf, sendExactJson } from './event-json';
import type { EmulatedEvent, EventKind } from '../types';

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 300;

function pageSizeOf(raw: unknown): number {
  const size = typeof raw === 'string' ? Number.parseInt(raw, 10) : NaN;
  if (!Number.isFinite(size) || size < 1) return DEFAULT_PAGE_SIZE;
  return Math.min(size, MAX_PAGE_SIZE);
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
    const host = userOf(ctx, res);
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
