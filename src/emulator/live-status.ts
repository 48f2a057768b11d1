/**
 * PATCH /v2/meetings/:meetingId/livestream/status: start, stop or change the mode of a meeting's live stream.
 * Zoom streams only a meeting that is in progress (4927) and never an end-to-end encrypted one (4400).
 */
import type { Request, Response } from 'express';
import { objectBodyOf } from './body';
import type { EmulatorContext } from './context';
import { zoomErrors } from './errors';
import { checkStatusBody, isPlainObject } from './validate';

export function updateStatus(ctx: EmulatorContext) {
  return function updateLiveStreamStatus(req: Request, res: Response): void {
    const body = objectBodyOf(req, res);
    if (!body) return zoomErrors.invalidBody(res);
    const errors = checkStatusBody(body);
    if (errors.length > 0) return zoomErrors.validationFailed(res, errors);
    const id = res.locals.meetingId as string;
    const meeting = ctx.seed.meetings.find((candidate) => candidate.id === id);
    if (meeting?.encryption_type === 'e2ee') return zoomErrors.encryptedMeeting(res);
    if (meeting?.status !== 'started') return zoomErrors.meetingNotStarted(res, id);
    const current = ctx.seed.streams.get(id) ?? { live: false };
    const settings = isPlainObject(body.settings) ? { ...body.settings } : undefined;
    // Starting a stream that is already live is accepted again (the host may press Start twice).
    if (body.action === 'start') ctx.seed.streams.set(id, { live: true, settings });
    else if (!current.live) return zoomErrors.streamNotLive(res);
    else if (body.action === 'stop') ctx.seed.streams.set(id, { live: false, settings: current.settings });
    else ctx.seed.streams.set(id, { live: true, settings: { ...current.settings, ...settings } });
    res.status(204).end();
  };
}
