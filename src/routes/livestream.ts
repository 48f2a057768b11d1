import { Router, type Request, type Response } from 'express';
import { validate, type FieldErrors, type FormValues } from '../livestream/form';
import { initialStatusValues, liveControls } from '../livestream/status-form';
import { requireConnected, requireMeetingId } from '../middleware/guards';
import type { ZoomClient } from '../zoom/client';
import { failureOf, type FailureView } from '../zoom/failure';
import type { TokenKeeper } from '../zoom/session-token';
import { rememberForm, takeResumedForm } from '../sessions/resume-form';
import type { TokenVault } from '../sessions/token-vault';

export interface LivestreamDeps {
  zoom: ZoomClient;
  tokens: TokenKeeper;
  vault: TokenVault;
}

const EMPTY: FormValues = { stream_url: '', stream_key: '', page_url: '', resolution: '' };

interface FormPage {
  values: FormValues;
  errors?: FieldErrors;
  failure?: FailureView | null;
}

function renderForm(req: Request, res: Response, status: number, page: FormPage): void {
  // After a refused refresh the token is gone: the header should no longer say "connected".
  const host = req.session.zoom ? res.locals.host : null;
  res.status(status).render('livestream', {
    meetingId: req.params.meetingId,
    host,
    values: page.values,
    errors: page.errors ?? {},
    failure: page.failure ?? null,
    live: liveControls(initialStatusValues(host?.name)),
  });
}

export function livestreamRoutes({ zoom, tokens, vault }: LivestreamDeps): Router {
  /** @route GET /meetings/:meetingId/livestream — the form, prefilled from Zoom's current settings. */
  async function showForm(req: Request, res: Response): Promise<void> {
    const meetingId = String(req.params.meetingId);
    const resumed = takeResumedForm<FormValues>(req, vault, meetingId);
    if (resumed) {
      res.locals.notice = 'Zoom is connected again. Your unsaved values are back: check them and save.';
      return renderForm(req, res, 200, { values: { ...EMPTY, ...resumed } });
    }
    try {
      const current = await tokens.withAccessToken(req, (token) => zoom.getLivestream(token, meetingId));
      renderForm(req, res, 200, { values: { ...EMPTY, ...current } });
    } catch (error) {
      const failure = failureOf(error);
      renderForm(req, res, failure.httpStatus, { values: EMPTY, failure });
    }
  }

  /** @route POST /meetings/:meetingId/livestream — validate, PATCH Zoom, then post/redirect/get. */
  async function saveForm(req: Request, res: Response): Promise<void> {
    const meetingId = String(req.params.meetingId);
    const { values, errors, update } = validate(req.body);
    if (!update) return renderForm(req, res, 400, { values, errors });
    try {
      await tokens.withAccessToken(req, (token) => zoom.updateLivestream(token, meetingId, update));
    } catch (error) {
      const failure = failureOf(error);
      if (failure.reconnect) rememberForm(req, vault, meetingId, values);
      return renderForm(req, res, failure.httpStatus, { values, failure });
    }
    req.session.notice = 'Live stream updated';
    res.redirect(303, `/meetings/${meetingId}/livestream`);
  }

  const router = Router();
  router.get('/meetings/:meetingId/livestream', requireConnected, requireMeetingId, showForm);
  router.post('/meetings/:meetingId/livestream', requireConnected, requireMeetingId, saveForm);
  return router;
}
