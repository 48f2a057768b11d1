/** GET and PATCH /v2/{kind}s/:id/livestream: the event's stream URL, key, page URL and resolution. */
import type { Request, Response } from 'express';
import { objectBodyOf } from '../body';
import type { EmulatorContext } from '../context';
import { zoomErrors } from '../errors';
import { updatedEvent } from '../webhooks/events';
import { userOf } from './bearer';
import { eventOf } from './guards';
import type { EventKind } from '../types';
import { checkLivestreamBody } from './validate';

/** GET: an event never configured answers empty strings, as Zoom does. */
export function showLivestream(ctx: EmulatorContext, kind: EventKind) {
  return function showLivestreamSettings(_req: Request, res: Response): void {
    const stored = ctx.seed.livestreams[kind].get(eventOf(res).id);
    res.json({
      stream_url: stored?.stream_url ?? '',
      stream_key: stored?.stream_key ?? '',
      page_url: stored?.page_url ?? '',
      resolution: stored?.resolution ?? '',
    });
  };
}

/** PATCH → 204; resolution, when left out, keeps its current value. The app hears of it as {kind}.updated (queued, not awaited). */
export function updateLivestream(ctx: EmulatorContext, kind: EventKind) {
  return function updateLivestreamSettings(req: Request, res: Response): void {
    const body = objectBodyOf(req, res);
    if (!body) return zoomErrors.invalidBody(res);
    const { errors, settings } = checkLivestreamBody(body);
    if (!settings) return zoomErrors.validationFailed(res, errors);
    const event = eventOf(res);
    const livestreams = ctx.seed.livestreams[kind];
    const before = livestreams.get(event.id);
    const resolution = settings.resolution ?? before?.resolution;
    const after = resolution === undefined ? settings : { ...settings, resolution };
    livestreams.set(event.id, after);
    ctx.changed();
    void ctx.webhooks.send(updatedEvent(ctx, kind, event, before, after, userOf(ctx, res)), event.id);
    res.status(204).end();
  };
}
