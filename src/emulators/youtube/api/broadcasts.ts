/** liveBroadcasts: list (mine, id, broadcastStatus), insert, update, delete. Bind and transition are in bind-transition.ts. */
import type { Request, Response } from 'express';
import type { YouTubeContext } from '../context';
import { youtubeErrors } from '../errors';
import { isoAt } from '../state/lifecycle';
import { newBroadcastId } from '../state/store';
import type { EmulatedBroadcast, LifeCycleStatus } from '../types';
import { accountOf } from './bearer';
import { readBroadcastFields } from './broadcast-fields';
import { sendPage } from './paging';
import { isPlainObject, listParam, partsOf, section, stringParam, trueParam } from './params';
import { BROADCAST_PARTS, broadcastJson } from './resources';

/** broadcastStatus filters: which life-cycle statuses each one lists. */
const STATUS_FILTERS: Record<string, readonly LifeCycleStatus[]> = {
  all: ['created', 'ready', 'testing', 'live', 'complete', 'revoked'],
  upcoming: ['created', 'ready'],
  active: ['testing', 'live'],
  completed: ['complete'],
};

function chooseBroadcasts(req: Request, res: Response, own: EmulatedBroadcast[]): EmulatedBroadcast[] | undefined {
  const ids = listParam(req, 'id');
  const status = stringParam(req, 'broadcastStatus');
  if (!trueParam(req, 'mine') && ids.length === 0 && status === undefined) {
    return void youtubeErrors.badParameter(res, 'missingRequiredParameter', 'No filter selected. Expected one of: mine, broadcastStatus, id');
  }
  const statuses = status === undefined ? STATUS_FILTERS.all : STATUS_FILTERS[status];
  if (!statuses) return void youtubeErrors.badParameter(res, 'invalidValue', `Invalid value '${status}' for broadcastStatus`);
  return own.filter((broadcast) => (ids.length === 0 || ids.includes(broadcast.id)) && statuses.includes(broadcast.lifeCycleStatus));
}

/** GET /youtube/v3/liveBroadcasts */
export function listBroadcasts(ctx: YouTubeContext) {
  return function listBroadcastsHandler(req: Request, res: Response): void {
    const parts = partsOf(req, res, BROADCAST_PARTS);
    if (!parts) return;
    const { channelId } = accountOf(res);
    const chosen = chooseBroadcasts(req, res, [...ctx.store.broadcasts.values()].filter((b) => b.channelId === channelId));
    if (!chosen) return;
    sendPage(req, res, 'youtube#liveBroadcastListResponse', chosen, (broadcast) => broadcastJson(broadcast, parts));
  };
}

/** POST /youtube/v3/liveBroadcasts */
export function insertBroadcast(ctx: YouTubeContext) {
  return function insertBroadcastHandler(req: Request, res: Response): void {
    const parts = partsOf(req, res, BROADCAST_PARTS);
    if (!parts) return;
    if (!isPlainObject(req.body)) return youtubeErrors.parseError(res);
    const fields = readBroadcastFields(res, req.body, ctx.options.now());
    if (!fields) return;
    const broadcast: EmulatedBroadcast = {
      ...fields, id: newBroadcastId(), channelId: accountOf(res).channelId ?? '', publishedAt: isoAt(ctx.options.now()),
      lifeCycleStatus: 'created',
    };
    ctx.store.broadcasts.set(broadcast.id, broadcast);
    res.json(broadcastJson(broadcast, parts));
  };
}

/** Update replaces the parts it names; the parts it leaves out keep their values (so their rules still hold). */
function mergedBody(body: Record<string, unknown>, parts: Set<string>, current: EmulatedBroadcast): Record<string, unknown> {
  return {
    snippet: parts.has('snippet') ? section(body, 'snippet') : {
      title: current.title, description: current.description,
      scheduledStartTime: current.scheduledStartTime, scheduledEndTime: current.scheduledEndTime,
    },
    status: parts.has('status') ? section(body, 'status') : { privacyStatus: current.privacyStatus },
    contentDetails: parts.has('contentDetails') ? section(body, 'contentDetails') : {},
  };
}

/** PUT /youtube/v3/liveBroadcasts (the body carries the id) */
export function updateBroadcast(ctx: YouTubeContext) {
  return function updateBroadcastHandler(req: Request, res: Response): void {
    const parts = partsOf(req, res, BROADCAST_PARTS);
    if (!parts) return;
    if (!isPlainObject(req.body)) return youtubeErrors.parseError(res);
    const id = req.body.id;
    if (typeof id !== 'string' || !id) return youtubeErrors.required(res, 'liveBroadcast', 'idRequired', 'The broadcast id is required.');
    const current = ctx.store.broadcastOf(accountOf(res).channelId, id);
    if (!current) return youtubeErrors.broadcastNotFound(res);
    if (current.lifeCycleStatus === 'complete') {
      return youtubeErrors.forbidden(res, 'liveBroadcast', 'invalidTransition', 'A completed broadcast cannot be updated.');
    }
    const fields = readBroadcastFields(res, mergedBody(req.body, parts, current), ctx.options.now(), current);
    if (!fields) return;
    Object.assign(current, fields);
    res.json(broadcastJson(current, parts));
  };
}

/** DELETE /youtube/v3/liveBroadcasts?id= — 204; refused while the broadcast is on air. */
export function deleteBroadcast(ctx: YouTubeContext) {
  return function deleteBroadcastHandler(req: Request, res: Response): void {
    const id = stringParam(req, 'id');
    if (!id) return youtubeErrors.required(res, 'liveBroadcast', 'idRequired', 'The id parameter is required.');
    const broadcast = ctx.store.broadcastOf(accountOf(res).channelId, id);
    if (!broadcast) return youtubeErrors.broadcastNotFound(res);
    if (broadcast.lifeCycleStatus === 'live' || broadcast.lifeCycleStatus === 'testing') {
      return youtubeErrors.forbidden(res, 'liveBroadcast', 'liveBroadcastDeletionNotAllowed', 'The broadcast is on air and cannot be deleted.');
    }
    ctx.store.broadcasts.delete(id);
    res.status(204).end();
  };
}
