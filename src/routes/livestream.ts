import type { Request, Response } from 'express';
import type { TokenKeeper } from '../credentials/keeper';
import type { TokenVault } from '../credentials/vault';
import { failureOf, speakerOf, type FailureView } from '../failures';
import { formatTimeOfDay } from '../format';
import { eventContext, groupId, type EventContext } from '../livestream/event-context';
import { changedFields, streamUrlWarning, validate, type FieldErrors, type FormValues } from '../livestream/form';
import { ownerSeal, rememberForm, takeResumedForm } from '../livestream/resume';
import { initialStatusValues, validateStatus, DISPLAY_NAME_MAX } from '../livestream/status-form';
import { saveSession, type StatusFlash } from '../session';
import type { EventKind, Livestream, LivestreamStatusChange, ZoomClient } from '../zoom/client';

export interface LivestreamDeps {
  zoom: ZoomClient;
  tokens: TokenKeeper;
  vault: TokenVault;
  now?: () => number;
}

const EMPTY: FormValues = { stream_url: '', stream_key: '', page_url: '', resolution: '' };
/** Zoom's codes that say there is no such meeting for this host: the page offers another ID, not a form. */
const NOT_FOUND_CODES = new Set([3001, 300]);
const LICENCE_CODE = 3161;
/** Zoom's answer to a stop when nothing is streaming (the emulator's, as Zoom documents no code for it). */
const NOT_STREAMING_CODE = 300;

/**
 * A refusal by Zoom (a 4xx other than rate limiting) gets the page's own heading, saying what did not
 * happen (load, save, start, stop); reconnecting, waiting and Zoom being down keep their own headings.
 */
function inContext(failure: FailureView, heading: string): FailureView {
  const refused = failure.zoomStatus !== undefined && failure.zoomStatus >= 400 && failure.zoomStatus < 500 && failure.zoomStatus !== 429;
  return refused && !failure.reconnect ? { ...failure, heading } : failure;
}

interface FormPage {
  values: FormValues;
  errors?: FieldErrors;
  failure?: FailureView | null;
  /** Zoom refused to show the settings: nothing typed here could be saved (3161). */
  disabled?: boolean;
  /** Zoom does not know this meeting for this host: only the error and a box for another ID. */
  unknown?: boolean;
  context?: EventContext | null;
}

/**
 * The live stream page of one meeting (or, with kind 'webinar', one webinar): context at the top,
 * the settings form, and one next step for the stream (start when the meeting is in progress, stop
 * when the app believes it is live). Every action ends with a redirect back here (post/redirect/get).
 */
export function livestreamHandlers(kind: EventKind, { zoom, tokens, vault, now = Date.now }: LivestreamDeps) {
  const idParam = kind === 'meeting' ? 'meetingId' : 'webinarId';
  const pagePath = (id: string) => `/${kind}s/${id}/livestream`;
  const idOf = (req: Request) => String(req.params[idParam]);

  /** Zoom calls for the host of this request, by session id (the same keeper a background job uses). */
  function asHost<T>(req: Request, call: (accessToken: string) => Promise<T>): Promise<T> {
    return tokens.withAccessToken(req.sessionID, call, req.session);
  }

  /** Start/stop choices and what the app believes about the stream, plus a start/stop outcome carried here. */
  function streamControls(req: Request, id: string, context: EventContext | null | undefined, flash: StatusFlash | undefined) {
    const memory = req.session.streams?.[id];
    const initial = initialStatusValues(req.session.host?.name);
    const values = flash?.values ?? (memory ? { display_name: memory.displayName, active_speaker_name: memory.activeSpeaker } : initial);
    const liveSince = memory?.liveSince;
    return {
      values,
      errors: flash?.errors ?? {},
      max: DISPLAY_NAME_MAX,
      liveSince: liveSince ? new Date(liveSince).toISOString() : '',
      liveSinceText: liveSince ? formatTimeOfDay(new Date(liveSince), req.session.host?.timezone, req.language) : '',
      canStop: liveSince !== undefined,
      // Zoom streams only a meeting in progress; when Zoom did not say, its answer to the start decides.
      canStart: liveSince === undefined && (!context || context.status !== 'waiting'),
      waiting: liveSince === undefined && context?.status === 'waiting',
    };
  }

  function renderPage(req: Request, res: Response, status: number, page: FormPage): void {
    const id = idOf(req);
    const flash = req.session.statusFlash?.eventId === id ? req.session.statusFlash : undefined;
    if (flash) delete req.session.statusFlash;
    // After a refused refresh the token is gone: the header should no longer say "connected".
    const host = req.session.zoom ? res.locals.host : null;
    res.status(status).render('livestream', {
      kind,
      eventId: id,
      groupedId: groupId(id),
      host,
      owner: ownerSeal(vault, req.session.zoom?.userId),
      values: page.values,
      errors: page.errors ?? {},
      warnings: { stream_url: streamUrlWarning(page.values.stream_url) },
      // The outcome of the action just taken comes first; a failure on load is shown otherwise.
      failure: flash?.failure ?? page.failure ?? null,
      disabled: page.disabled ?? false,
      unknown: page.unknown ?? false,
      context: page.context ?? null,
      live: streamControls(req, id, page.context, flash),
    });
  }

  /** The meeting's details and its live stream settings, read in parallel; the details are a nicety. */
  async function readEvent(req: Request, id: string) {
    const [details, settings] = await Promise.allSettled([
      asHost(req, (token) => zoom.getEvent(token, kind, id)),
      asHost(req, (token) => zoom.getLivestream(token, kind, id)),
    ]);
    const context = details.status === 'fulfilled' ? eventContext(details.value, req.session.host?.timezone, req.language) : null;
    return { context, details, settings };
  }

  /** @route GET /meetings/:meetingId/livestream — context, the form prefilled from Zoom, and the stream's next step. */
  async function showPage(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const resumed = takeResumedForm<FormValues>(req, vault, kind, id);
    const { context, details, settings } = await readEvent(req, id);
    if (resumed) res.locals.notice = String(req.t('notices.resumed'));
    if (settings.status === 'fulfilled') {
      return renderPage(req, res, 200, { values: resumed ? { ...EMPTY, ...resumed } : { ...EMPTY, ...settings.value }, context });
    }
    const failure = inContext(failureOf(settings.reason, req, { kind }), String(req.t(`livestream.failed.load.${kind}`)));
    const missing = failure.zoomCode !== undefined && NOT_FOUND_CODES.has(failure.zoomCode);
    const unknown = missing || (details.status === 'rejected' && failureOf(details.reason, req, { kind }).zoomCode === 3001);
    renderPage(req, res, failure.httpStatus, {
      values: resumed ? { ...EMPTY, ...resumed } : EMPTY,
      failure,
      context,
      unknown,
      disabled: failure.zoomCode === LICENCE_CODE,
    });
  }

  /** The settings as Zoom has them just before a change, to say what the change did; undefined if Zoom will not say. */
  function settingsBefore(req: Request, id: string): Promise<Livestream | undefined> {
    return asHost(req, (token) => zoom.getLivestream(token, kind, id)).catch(() => undefined);
  }

  /** @route POST /meetings/:meetingId/livestream — validate, PATCH Zoom, then post/redirect/get with what changed. */
  async function saveSettings(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const { values, errors, update } = validate(req.body, speakerOf(req).t);
    if (!update) return renderPage(req, res, 400, { values, errors });
    const userId = req.session.zoom?.userId ?? '';
    let before: Livestream | undefined;
    try {
      before = await settingsBefore(req, id);
      await asHost(req, (token) => zoom.updateLivestream(token, kind, id, update));
    } catch (error) {
      const failure = inContext(failureOf(error, req, { kind }), String(req.t('livestream.failed.save')));
      if (failure.reconnect) rememberForm(req, vault, kind, id, values, userId);
      return renderPage(req, res, failure.httpStatus, { values, failure });
    }
    req.session.notice = savedNotice(req, before, update);
    res.redirect(303, pagePath(id));
  }

  /** "Stream URL and stream key updated"; "Saved: nothing changed"; or plain "updated" when the before is unknown. */
  function savedNotice(req: Request, before: Livestream | undefined, update: Partial<FormValues>): string {
    if (!before) return String(req.t('notices.updated'));
    const changed = changedFields(before, update);
    if (changed.length === 0) return String(req.t('notices.unchanged'));
    const names = changed.map((field) => String(req.t(`livestream.fields.${field}.name`)));
    const list = new Intl.ListFormat(req.language === 'zh-CN' ? 'zh-CN' : 'en', { type: 'conjunction' }).format(names);
    return String(req.t('notices.changed', { fields: list }));
  }

  /** Remembers what the host sent (kept for the next start) and, after a start or stop, whether it is live. */
  function remember(req: Request, id: string, change: LivestreamStatusChange, liveSince: number | undefined): void {
    const streams = { ...(req.session.streams ?? {}) };
    const previous = streams[id];
    const settings = change.settings;
    streams[id] = {
      displayName: settings?.display_name ?? previous?.displayName ?? '',
      activeSpeaker: settings?.active_speaker_name ?? previous?.activeSpeaker ?? false,
      ...(liveSince !== undefined ? { liveSince } : {}),
    };
    req.session.streams = streams;
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
      return void res.render('livestream-stop', { kind, eventId: id, groupedId: groupId(id) });
    }
    try {
      await asHost(req, (token) => zoom.updateLivestreamStatus(token, kind, id, change));
    } catch (error) {
      const failure = failureOf(error, req, { kind, action: change.action });
      if (change.action === 'stop' && failure.zoomCode === NOT_STREAMING_CODE) {
        // Nothing to stop is not an error for the host: say so plainly, and stop believing it is live.
        remember(req, id, change, undefined);
        req.session.notice = String(req.t('notices.notStreaming'));
        return backToPage(req, res, id);
      }
      req.session.statusFlash = { eventId: id, failure: inContext(failure, String(req.t(`live.failed.${change.action}`))), values: sent };
      return backToPage(req, res, id);
    }
    remember(req, id, change, change.action === 'start' ? now() : undefined);
    req.session.notice = String(req.t(change.action === 'start' ? 'notices.started' : 'notices.stopped'));
    backToPage(req, res, id);
  }

  async function backToPage(req: Request, res: Response, id: string): Promise<void> {
    await saveSession(req);
    res.redirect(303, pagePath(id));
  }

  return { showPage, saveSettings, changeStatus };
}
