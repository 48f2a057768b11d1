/**
 * PATCH /v2/{kind}s/:id/livestream/status: start or stop (meetings also: change the mode of) a live stream.
 * Zoom streams only an event in progress (meetings 4927, webinars 200) and never an end-to-end encrypted meeting (4400).
 */
import type { Request, Response } from 'express';
import { objectBodyOf } from '../body';
import type { EmulatorContext } from '../context';
import { zoomErrors } from '../errors';
import { liveStreamingEvent } from '../webhooks/events';
import { eventOf } from './guards';
import type { EmulatedEvent, EmulatedUser, EventKind } from '../types';
import { userOf } from './bearer';
import { checkStatusBody, isPlainObject } from './validate';

/**
 * A meeting's stream going live or stopping is announced to the app (queued, not awaited: Zoom answers the call
 * before its webhook goes out). Zoom has no such events for webinars, nor for a start of what is already live.
 */
function announce(ctx: EmulatorContext, kind: EventKind, event: EmulatedEvent, wasLive: boolean, operator: EmulatedUser): void {
  const isLive = ctx.seed.streams[kind].get(event.id)?.live === true;
  if (kind !== 'meeting' || isLive === wasLive) return;
  void ctx.webhooks.send(liveStreamingEvent(ctx, event, isLive ? 'started' : 'stopped', operator), event.id);
}

/**
 * Zoom pushes the meeting's media to the stored destination once a start succeeds, and ends it on a stop; with the
 * `media` option the emulator does the same with ffmpeg (media/push.ts). A start without a destination pushes nothing.
 */
function followWithMedia(ctx: EmulatorContext, kind: EventKind, id: string, action: unknown): void {
  if (action === 'stop') return ctx.media.stop(kind, id);
  const stored = ctx.seed.livestreams[kind].get(id);
  if (action === 'start' && stored?.stream_url && stored.stream_key) ctx.media.start(kind, id, stored.stream_url, stored.stream_key);
}

/** Zoom documents 3000 for starting a webinar with no custom service set up; for meetings it documents nothing. */
function unconfiguredWebinar(ctx: EmulatorContext, kind: EventKind, id: string): boolean {
  const stored = ctx.seed.livestreams[kind].get(id);
  return kind === 'webinar' && !(stored?.stream_url && stored.stream_key);
}

/** Zoom may refuse a stream started within seconds of the meeting's start (zoom-api.md): startRefusalSeconds plays that. */
function startedTooRecently(ctx: EmulatorContext, kind: EventKind, id: string): boolean {
  const startedAt = ctx.seed.startedAt[kind].get(id);
  return startedAt !== undefined && ctx.options.now() - startedAt < ctx.options.startRefusalSeconds * 1000;
}

export function updateStatus(ctx: EmulatorContext, kind: EventKind) {
  return function updateLiveStreamStatus(req: Request, res: Response): void {
    const body = objectBodyOf(req, res);
    if (!body) return zoomErrors.invalidBody(res);
    const errors = checkStatusBody(body, kind);
    if (errors.length > 0) return zoomErrors.validationFailed(res, errors);
    const event = eventOf(res);
    const { id } = event;
    if (event.encryption_type === 'e2ee') return zoomErrors.encryptedMeeting(res);
    if (event.status !== 'started') return zoomErrors.notStarted(res, kind, id);
    const streams = ctx.seed.streams[kind];
    const current = streams.get(id) ?? { live: false };
    const settings = isPlainObject(body.settings) ? { ...body.settings } : undefined;
    // Starting a stream that is already live is accepted again (the host may press Start twice).
    if (body.action === 'start') {
      if (unconfiguredWebinar(ctx, kind, id)) return zoomErrors.webinarNotConfigured(res);
      if (startedTooRecently(ctx, kind, id)) return zoomErrors.notStarted(res, kind, id);
      streams.set(id, { live: true, settings });
    } else if (!current.live) return zoomErrors.streamNotLive(res, kind);
    else if (body.action === 'stop') streams.set(id, { live: false, settings: current.settings });
    else streams.set(id, { live: true, settings: { ...current.settings, ...settings } });
    ctx.changed();
    followWithMedia(ctx, kind, id, body.action);
    announce(ctx, kind, event, current.live, userOf(ctx, res));
    res.status(204).end();
  };
}
