import type { Request, Response } from 'express';
import type { TokenKeeper } from '../credentials/keeper';
import type { TokenVault } from '../credentials/vault';
import { failureOf, speakerOf, type FailureView } from '../failures';
import { validate, type FieldErrors, type FormValues } from '../livestream/form';
import { ownerSeal, rememberForm, takeResumedForm } from '../livestream/resume';
import { initialStatusValues, liveControls, validateStatus, type StatusErrors, type StatusValues } from '../livestream/status-form';
import type { ZoomClient } from '../zoom/client';

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

interface StatusPage {
  values: StatusValues;
  errors?: StatusErrors;
  failure?: FailureView | null;
}

/** The live stream page's routes: the settings form, and starting or stopping the stream. */
export function livestreamHandlers({ zoom, tokens, vault }: LivestreamDeps) {
  /** Zoom calls for the host of this request, by session id (the same keeper a background job uses). */
  function asHost<T>(req: Request, call: (accessToken: string) => Promise<T>): Promise<T> {
    return tokens.withAccessToken(req.sessionID, call, req.session);
  }

  function renderForm(req: Request, res: Response, status: number, page: FormPage): void {
    // After a refused refresh the token is gone: the header should no longer say "connected".
    const host = req.session.zoom ? res.locals.host : null;
    res.status(status).render('livestream', {
      meetingId: req.params.meetingId,
      host,
      owner: ownerSeal(vault, req.session.zoom?.userId),
      values: page.values,
      errors: page.errors ?? {},
      failure: page.failure ?? null,
      live: liveControls(initialStatusValues(host?.name)),
    });
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

  /** @route GET /meetings/:meetingId/livestream — the form, prefilled from Zoom's current settings. */
  async function showForm(req: Request, res: Response): Promise<void> {
    const meetingId = String(req.params.meetingId);
    const resumed = takeResumedForm<FormValues>(req, vault, meetingId);
    if (resumed) {
      res.locals.notice = String(req.t('notices.resumed'));
      return renderForm(req, res, 200, { values: { ...EMPTY, ...resumed } });
    }
    try {
      const current = await asHost(req, (token) => zoom.getLivestream(token, 'meeting', meetingId));
      renderForm(req, res, 200, { values: { ...EMPTY, ...current } });
    } catch (error) {
      const failure = failureOf(error, req);
      renderForm(req, res, failure.httpStatus, { values: EMPTY, failure });
    }
  }

  /** @route POST /meetings/:meetingId/livestream — validate, PATCH Zoom, then post/redirect/get. */
  async function saveForm(req: Request, res: Response): Promise<void> {
    const meetingId = String(req.params.meetingId);
    const { values, errors, update } = validate(req.body, speakerOf(req).t);
    if (!update) return renderForm(req, res, 400, { values, errors });
    const userId = req.session.zoom?.userId ?? '';
    try {
      await asHost(req, (token) => zoom.updateLivestream(token, 'meeting', meetingId, update));
    } catch (error) {
      const failure = failureOf(error, req);
      if (failure.reconnect) rememberForm(req, vault, meetingId, values, userId);
      return renderForm(req, res, failure.httpStatus, { values, failure });
    }
    req.session.notice = 'notices.updated';
    res.redirect(303, `/meetings/${meetingId}/livestream`);
  }

  /**
   * @route POST /meetings/:meetingId/livestream/status — start or stop the meeting's live stream.
   * A stop first answers with a confirmation page; only its confirm=yes button reaches Zoom.
   */
  async function changeStatus(req: Request, res: Response): Promise<void> {
    const meetingId = String(req.params.meetingId);
    const { values, errors, change } = validateStatus(req.body, speakerOf(req).t);
    if (!change) return renderStatus(req, res, 400, { values, errors });
    if (change.action === 'stop' && values.confirm !== 'yes') {
      return void res.render('livestream-stop', { meetingId });
    }
    try {
      await asHost(req, (token) => zoom.updateLivestreamStatus(token, 'meeting', meetingId, change));
    } catch (error) {
      const failure = failureOf(error, req, change.action);
      return renderStatus(req, res, failure.httpStatus, { values, failure });
    }
    req.session.notice = change.action === 'start' ? 'notices.started' : 'notices.stopped';
    res.redirect(303, `/meetings/${meetingId}/livestream`);
  }

  return { showForm, saveForm, changeStatus };
}
