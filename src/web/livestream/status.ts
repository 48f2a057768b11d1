import type { Request, Response } from 'express';
import type { LiveStore } from '../../events/live-store';
import { failureOf, speakerOf } from '../shared/failures';
import { groupId } from './event-context';
import { inContext, remember } from './page-parts';
import type { GatherContext } from './page-context';
import { validateStatus } from './status-form';
import type { EventKind, ZoomClient } from '../../zoom/client';

/** Zoom's answer to a stop when nothing is streaming (the emulator's, as Zoom documents no code for it). */
const NOT_STREAMING_CODE = 300;

export interface StatusDeps {
  zoom: ZoomClient;
  now: () => number;
  asHost<T>(req: Request, call: (accessToken: string) => Promise<T>): Promise<T>;
  backToPage(req: Request, res: Response, id: string): Promise<void>;
  /** Where a start or stop through the app is recorded as evidence of the stream's state. */
  live: Pick<LiveStore, 'record'>;
  forgetReadings(req: Request): Promise<void>;
  /** The page's context: the stop confirmation names the meeting by its topic. */
  gatherContext: GatherContext;
}

/** Start and stop, for one kind of event: every outcome goes back to the event's page (post/redirect/get). */
export function statusHandler(kind: EventKind, idOf: (req: Request) => string, { zoom, now, asHost, backToPage, live, forgetReadings, gatherContext }: StatusDeps) {
  /**
   * Zoom's answer is the evidence: live since now after a start, in progress after a stop. Recorded for every
   * instance and page (the meeting page, /streams); a database that cannot take it costs only the display.
   */
  async function recordState(req: Request, id: string, state: 'live' | 'started'): Promise<void> {
    const at = now();
    const hostId = req.session.zoom?.userId ?? '';
    await live.record({ kind, eventId: id, hostId, state, at, ...(state === 'live' ? { liveSince: at } : {}) })
      .catch((error: unknown) => req.log.warn({ err: error }, 'live state not recorded'));
    await forgetReadings(req);
  }

  /**
   * @route POST /meetings/:meetingId/livestream/status — start or stop the live stream, then back to the page.
   * A stop first answers with a confirmation page (nothing changes there); only its confirm=yes reaches Zoom.
   */
  async function changeStatus(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const { values, errors, change } = validateStatus(req.body, speakerOf(req).t);
    const sent = { display_name: values.display_name, active_speaker_name: values.active_speaker_name };
    if (!change) {
      req.session.statusFlash = { eventId: id, errors, values: sent };
      return backToPage(req, res, id);
    }
    if (change.action === 'stop' && values.confirm !== 'yes') {
      const { context } = await gatherContext(req, res, id);
      return void res.render('livestream-stop', { kind, eventId: id, groupedId: groupId(id), topic: context?.topic ?? '' });
    }
    try {
      await asHost(req, (token) => zoom.updateLivestreamStatus(token, kind, id, change));
    } catch (error) {
      const failure = failureOf(error, req, { kind, action: change.action });
      if (change.action === 'stop' && failure.zoomCode === NOT_STREAMING_CODE) {
        // Nothing to stop is not an error for the host: say so plainly, and stop believing it is live.
        remember(req, id, change);
        await recordState(req, id, 'started');
        req.session.notice = String(req.t('notices.notStreaming'));
        return backToPage(req, res, id);
      }
      req.session.statusFlash = { eventId: id, failure: inContext(failure, String(req.t(`live.failed.${change.action}`))), values: sent };
      return backToPage(req, res, id);
    }
    remember(req, id, change);
    await recordState(req, id, change.action === 'start' ? 'live' : 'started');
    req.session.notice = String(req.t(change.action === 'start' ? 'notices.started' : 'notices.stopped'));
    await backToPage(req, res, id);
  }

  return changeStatus;
}
