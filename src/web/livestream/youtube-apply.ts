import type { Request, Response } from 'express';
import { isRecordId } from '../../destinations/form';
import type { DestinationsRepository } from '../../destinations/types';
import type { ChangeResult, ZoomAccess } from '../../livestream/change';
import type { FormValues } from '../../livestream/form';
import type { DestinationTargets } from '../../youtube/targets';
import type { EventKind, LivestreamUpdate } from '../../zoom/client';
import { HttpError, failureOf, type FailureView } from '../shared/failures';
import { formField } from '../shared/form-field';
import { youtubeFailureOf, youtubeUnavailable } from '../youtube/failures';
import { isZoomFailure } from '../../zoom/errors';
import { inContext } from './page-parts';

export interface YouTubeApplyDeps {
  destinations?: Pick<DestinationsRepository, 'get'>;
  targets: DestinationTargets;
  /** The page's own change (livestream/change): Zoom's settings read first, the PATCH, the history entry. */
  changeSettings(req: Request, id: string, update: LivestreamUpdate, source: 'youtube'): Promise<ChangeResult>;
  renderPage(req: Request, res: Response, status: number, page: { values: FormValues; failure: FailureView }): Promise<void>;
  backToPage(req: Request, res: Response, id: string): Promise<void>;
  access(req: Request): ZoomAccess;
  /** Zoom's settings as the form shows them (nothing changed when the apply failed). */
  currentValues(req: Request, res: Response, id: string): Promise<FormValues>;
}

/** Applying a YouTube destination to one event from its page (issue 24). */
export function youtubeApplyHandler(kind: EventKind, idOf: (req: Request) => string, deps: YouTubeApplyDeps) {
  /**
   * @route POST /meetings/:meetingId/livestream/youtube — destination=<id of a YouTube destination>: makes (or finds
   * again) the event's scheduled broadcast — one per occurrence for a series — bound to the destination's stream,
   * then writes its ingest address, key and watch page into Zoom through livestream/change (history source
   * "youtube"). Nothing is typed or shown: the key goes from YouTube to Zoom. Another host's destination is a 404.
   */
  return async function applyYouTube(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const userId = req.session.zoom?.userId ?? '';
    const chosen = formField(req, 'destination');
    const destination = isRecordId(chosen) && deps.destinations ? await deps.destinations.get(userId, chosen) : undefined;
    if (!destination?.youtube) throw new HttpError(404, 'errors.destinationNotFound', {}, { href: '/destinations', label: 'errors.next.destinations' });
    let created: number;
    try {
      const target = await deps.targets.targetFor(userId, destination, kind, id, deps.access(req));
      created = target.created;
      await deps.changeSettings(req, id, target.update, 'youtube');
    } catch (error) {
      const known = youtubeFailureOf(error, req) ?? (isZoomFailure(error) ? failureOf(error, req, { kind }) : undefined);
      if (!known) req.log.warn({ err: error }, 'YouTube destination not applied: YouTube unavailable');
      const failure = inContext(known ?? youtubeUnavailable(req), String(req.t('youtube.apply.failed', { name: destination.name })));
      res.locals.youtubeApply = { id: destination.id, name: destination.name };
      return deps.renderPage(req, res, failure.httpStatus, { values: await deps.currentValues(req, res, id), failure });
    }
    req.session.notice = String(req.t(created > 0 ? 'youtube.apply.created' : 'youtube.apply.kept', { name: destination.name, count: created }));
    await deps.backToPage(req, res, id);
  };
}
