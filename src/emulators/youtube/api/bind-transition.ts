/** liveBroadcasts.bind (tie a broadcast to a stream, or untie it) and liveBroadcasts.transition (testing → live → complete). */
import type { Request, Response } from 'express';
import type { YouTubeContext } from '../context';
import { youtubeErrors } from '../errors';
import { moveBroadcast } from '../state/lifecycle';
import type { EmulatedBroadcast, LifeCycleStatus } from '../types';
import { accountOf } from './bearer';
import { partsOf, stringParam } from './params';
import { BROADCAST_PARTS, broadcastJson } from './resources';

/** The life-cycle statuses each transition may start from (YouTube refuses the rest with invalidTransition). */
const TRANSITIONS: Record<string, readonly LifeCycleStatus[]> = {
  testing: ['ready'],
  // A broadcast may skip testing and go live from ready, as YouTube allows when its monitor stream is on.
  live: ['ready', 'testing'],
  complete: ['testing', 'live'],
};

function broadcastFromId(ctx: YouTubeContext, req: Request, res: Response): EmulatedBroadcast | undefined {
  const id = stringParam(req, 'id');
  if (!id) return void youtubeErrors.required(res, 'liveBroadcast', 'idRequired', 'The id parameter is required.');
  const broadcast = ctx.store.broadcastOf(accountOf(res).channelId, id);
  if (!broadcast) return void youtubeErrors.broadcastNotFound(res);
  return broadcast;
}

/** POST /youtube/v3/liveBroadcasts/bind?id=&part=&streamId= (no streamId: unbind) */
export function bindBroadcast(ctx: YouTubeContext) {
  return function bindBroadcastHandler(req: Request, res: Response): void {
    const parts = partsOf(req, res, BROADCAST_PARTS);
    if (!parts) return;
    const broadcast = broadcastFromId(ctx, req, res);
    if (!broadcast) return;
    if (broadcast.lifeCycleStatus !== 'created' && broadcast.lifeCycleStatus !== 'ready') {
      return youtubeErrors.forbidden(res, 'liveBroadcast', 'liveBroadcastBindingNotAllowed', 'The broadcast can no longer be bound.');
    }
    const streamId = stringParam(req, 'streamId');
    if (streamId !== undefined && !ctx.store.streamOf(broadcast.channelId, streamId)) return youtubeErrors.streamNotFound(res);
    broadcast.boundStreamId = streamId;
    broadcast.lifeCycleStatus = streamId === undefined ? 'created' : 'ready';
    res.json(broadcastJson(broadcast, parts));
  };
}

function transitionProblem(ctx: YouTubeContext, broadcast: EmulatedBroadcast, to: string): [string, string] | undefined {
  if (broadcast.lifeCycleStatus === to) return ['redundantTransition', `The broadcast is already ${to}.`];
  if (!TRANSITIONS[to].includes(broadcast.lifeCycleStatus)) {
    return ['invalidTransition', `A broadcast cannot go from ${broadcast.lifeCycleStatus} to ${to}.`];
  }
  const stream = broadcast.boundStreamId === undefined ? undefined : ctx.store.streams.get(broadcast.boundStreamId);
  if (to !== 'complete' && stream?.streamStatus !== 'active') {
    return ['errorStreamInactive', 'The stream bound to the broadcast is not active.'];
  }
  return undefined;
}

/** POST /youtube/v3/liveBroadcasts/transition?broadcastStatus=&id=&part= */
export function transitionBroadcast(ctx: YouTubeContext) {
  return function transitionBroadcastHandler(req: Request, res: Response): void {
    const parts = partsOf(req, res, BROADCAST_PARTS);
    if (!parts) return;
    const to = stringParam(req, 'broadcastStatus');
    if (!to) return youtubeErrors.required(res, 'liveBroadcast', 'statusRequired', 'The broadcastStatus parameter is required.');
    if (!(to in TRANSITIONS)) return youtubeErrors.invalidValue(res, 'liveBroadcast', 'invalidValue', `Invalid broadcastStatus: ${to}`);
    const broadcast = broadcastFromId(ctx, req, res);
    if (!broadcast) return;
    const problem = transitionProblem(ctx, broadcast, to);
    if (problem) return youtubeErrors.forbidden(res, 'liveBroadcast', ...problem);
    moveBroadcast(broadcast, to as LifeCycleStatus, ctx.options.now());
    res.json(broadcastJson(broadcast, parts));
  };
}
