import { Router, type Request, type Response } from 'express';
import { liveControls, validateStatus, type StatusErrors, type StatusValues } from '../livestream/status-form';
import { requireConnected, requireMeetingId } from '../middleware/guards';
import type { LivestreamStatusChange, ZoomClient } from '../zoom/client';
import { failureOf, type FailureView } from '../zoom/failure';
import type { TokenKeeper } from '../zoom/session-token';

export interface LivestreamStatusDeps {
  zoom: ZoomClient;
  tokens: TokenKeeper;
}

/** Refusals whose meaning depends on the action; failure.ts explains every other Zoom code (4927, 4400, 3161…). */
const STATUS_EXPLANATIONS: Record<string, string> = {
  'stop:300': 'Zoom did not stop the stream: the meeting is probably not being live streamed right now (it may already have been stopped in the Zoom app).',
};

function statusFailureOf(error: unknown, action: LivestreamStatusChange['action']): FailureView {
  const view = failureOf(error);
  const explanation = STATUS_EXPLANATIONS[`${action}:${view.zoomCode}`];
  return explanation ? { ...view, explanation } : view;
}

interface StatusPage {
  values: StatusValues;
  errors?: StatusErrors;
  failure?: FailureView | null;
}

/** The start/stop controls again, with what the host typed and what went wrong (no second call to Zoom). */
function renderStatus(req: Request, res: Response, status: number, page: StatusPage): void {
  const host = req.session.zoom ? res.locals.host : null;
  res.status(status).render('livestream-status', {
    meetingId: req.params.meetingId,
    host,
    live: liveControls(page.values, page.errors),
    failure: page.failure ?? null,
  });
}

export function livestreamStatusRoutes({ zoom, tokens }: LivestreamStatusDeps): Router {
  /**
   * @route POST /meetings/:meetingId/livestream/status — start or stop the meeting's live stream.
   * A stop first answers with a confirmation page; only its confirm=yes button reaches Zoom.
   */
  async function changeStatus(req: Request, res: Response): Promise<void> {
    const meetingId = String(req.params.meetingId);
    const { values, errors, change } = validateStatus(req.body);
    if (!change) return renderStatus(req, res, 400, { values, errors });
    if (change.action === 'stop' && values.confirm !== 'yes') {
      return void res.render('livestream-stop', { meetingId });
    }
    try {
      await tokens.withAccessToken(req, (token) => zoom.updateLivestreamStatus(token, meetingId, change));
    } catch (error) {
      const failure = statusFailureOf(error, change.action);
      return renderStatus(req, res, failure.httpStatus, { values, failure });
    }
    req.session.notice = change.action === 'start' ? 'Live stream started' : 'Live stream stopped';
    res.redirect(303, `/meetings/${meetingId}/livestream`);
  }

  const router = Router();
  router.post('/meetings/:meetingId/livestream/status', requireConnected, requireMeetingId, changeStatus);
  return router;
}
