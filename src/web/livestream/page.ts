import type { Request, Response } from 'express';
import type { TokenKeeper } from '../../credentials/keeper';
import type { TokenVault } from '../../credentials/vault';
import { failureOf, speakerOf } from '../shared/failures';
import type { ReadCache } from '../../cache/index';
import type { LiveStore } from '../../events/live-store';
import type { ReadsFor } from '../shared/host-reads';
import { livestreamExtras, type ExtrasDeps } from './extras';
import { chosenDestination } from './fill';
import { pageContextOf, type PageContextDeps } from './page-context';
import { asSession, type ChangeResult, type StreamChanger } from '../../livestream/change';
import { EMPTY_VALUES, validate, type FormValues } from '../../livestream/form';
import { inContext, savedNotice } from './page-parts';
import { pageRenderer } from './render';
import { rememberForm, takeResumedForm } from './resume';
import { saveSession } from '../shared/session-data';
import type { EventKind, LivestreamUpdate, ZoomClient } from '../../zoom/client';
import { restoreHandler } from './restore';
import { statusHandler } from './status';
import { youtubeApplyHandler } from './youtube-apply';
import type { DestinationTargets } from '../../youtube/targets';
import { eventCheckHandler, type PagePreflight } from '../preflight/event-check';

export interface LivestreamDeps extends ExtrasDeps {
  zoom: ZoomClient;
  tokens: TokenKeeper;
  vault: TokenVault;
  /** The page's readings of Zoom, through the host's read cache. */
  reads: ReadsFor;
  /** Cleared after every change the host makes here, so the next view shows it. */
  cache: Pick<ReadCache, 'forgetHost'>;
  /** Whether the meeting is live or in progress, as Zoom's events and the app's starts and stops left it. */
  live: Pick<LiveStore, 'ofEvent' | 'record'>;
  /** The one way to change a stream (livestream/change). */
  changer: StreamChanger;
  now?: () => number;
  /** What a saved destination writes into an event: a YouTube destination's broadcast made first (youtube/targets.ts). */
  targets: DestinationTargets;
  /** YouTube's view of the broadcast the app made for the event (when Google is configured). */
  youtubeLive?: PageContextDeps['youtube'];
  /** Pre-flight checks (issue 25): the page's block shows the latest report; Check now runs one. */
  preflight: PagePreflight;
}

/** Zoom's codes that say there is no such meeting for this host: the page offers another ID, not a form. */
const NOT_FOUND_CODES = new Set([3001, 300]);
const LICENCE_CODE = 3161;

/**
 * The live stream page of one meeting (or, with kind 'webinar', one webinar): context at the top with the
 * stream's one next step beside it (start when the meeting is in progress, stop when the app believes it is
 * live), then the settings form. Every render, whatever happened, shows the same context (page-context.ts);
 * every successful action ends with a redirect back here (post/redirect/get).
 */
export function livestreamHandlers(kind: EventKind, { zoom, tokens, vault, reads, cache, live, changer, now = Date.now, youtubeLive, targets, preflight, ...data }: LivestreamDeps) {
  const extras = livestreamExtras(data);
  const gatherContext = pageContextOf(kind, { reads, live, youtube: youtubeLive });
  const idParam = kind === 'meeting' ? 'meetingId' : 'webinarId';
  const pagePath = (id: string) => `/${kind}s/${id}/livestream`;
  const idOf = (req: Request) => String(req.params[idParam]);

  /** Zoom calls for the host of this request, by session id (the same keeper a background job uses). */
  function asHost<T>(req: Request, call: (accessToken: string) => Promise<T>): Promise<T> {
    return asSession(tokens, req.sessionID, req.session)(call);
  }

  /** What the host changed is what the next view must show: the host's kept readings go (on every instance). */
  async function forgetReadings(req: Request): Promise<void> {
    await cache.forgetHost(req.session.zoom?.userId ?? '').catch((error: unknown) => req.log.warn({ err: error }, 'read cache not cleared'));
  }

  const renderPage = pageRenderer(kind, { vault, extras, gatherContext, idOf, preflight: preflight.repository });
  /** Zoom's settings as the form shows them after an action that changed nothing; empty when Zoom will not say. */
  const currentValues = (req: Request, res: Response, id: string) => reads(req, res).livestream(kind, id).then((values) => ({ ...EMPTY_VALUES, ...values }), () => EMPTY_VALUES);

  /** @route GET /meetings/:meetingId/livestream — context, the form prefilled from Zoom, and the stream's next step. */
  async function showPage(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const chosen = await chosenDestination(req, data.destinations);
    // A YouTube destination fills nothing: the page asks to apply it (the broadcast is made on POST …/youtube).
    if (chosen?.youtubeId) res.locals.youtubeApply = { id: chosen.youtubeId, name: chosen.name };
    const filled = chosen?.youtubeId ? undefined : chosen;
    const resumed = filled ?? takeResumedForm<FormValues>(req, vault, kind, id);
    // The settings and the context are read in parallel; the context takes the viewer page from the same reading.
    const reading = reads(req, res).livestream(kind, id);
    const [[settings], shown] = await Promise.all([Promise.allSettled([reading]), gatherContext(req, res, id, reading)]);
    if (filled) res.locals.notice = String(req.t('notices.filled', { name: filled.name }));
    else if (resumed) res.locals.notice = String(req.t('notices.resumed'));
    if (settings.status === 'fulfilled') {
      const values = resumed ? { ...EMPTY_VALUES, ...resumed } : { ...EMPTY_VALUES, ...settings.value };
      return renderPage(req, res, 200, { values }, shown);
    }
    const failure = inContext(failureOf(settings.reason, req, { kind }), String(req.t(`livestream.failed.load.${kind}`)));
    const missing = failure.zoomCode !== undefined && NOT_FOUND_CODES.has(failure.zoomCode);
    const unknown = missing || (shown.detailsError !== undefined && failureOf(shown.detailsError, req, { kind }).zoomCode === 3001);
    return renderPage(req, res, failure.httpStatus, {
      values: resumed ? { ...EMPTY_VALUES, ...resumed } : EMPTY_VALUES,
      failure,
      unknown,
      disabled: failure.zoomCode === LICENCE_CODE,
    }, shown);
  }

  /**
   * One change of the live stream settings, through the one service every actor uses (livestream/change):
   * Zoom's settings read just before, the PATCH, the host's readings forgotten, the history entry.
   */
  async function changeSettings(req: Request, id: string, update: LivestreamUpdate, source: 'form' | 'restore' | 'youtube'): Promise<ChangeResult> {
    const userId = req.session.zoom?.userId ?? '';
    return changer.changeStream({ userId, kind, eventId: id, update, source, access: asSession(tokens, req.sessionID, req.session) });
  }

  /** @route POST /meetings/:meetingId/livestream — validate, PATCH Zoom, then post/redirect/get with what changed. */
  async function saveSettings(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const { values, errors, update } = validate(req.body, speakerOf(req).t);
    if (!update) return renderPage(req, res, 400, { values, errors });
    const userId = req.session.zoom?.userId ?? '';
    let result: ChangeResult;
    try {
      result = await changeSettings(req, id, update, 'form');
    } catch (error) {
      const failure = inContext(failureOf(error, req, { kind }), String(req.t('livestream.failed.save')));
      if (failure.reconnect) rememberForm(req, vault, kind, id, values, userId);
      return renderPage(req, res, failure.httpStatus, { values, failure });
    }
    req.session.notice = savedNotice(req, result);
    res.redirect(303, pagePath(id));
  }

  async function backToPage(req: Request, res: Response, id: string): Promise<void> {
    await saveSession(req);
    res.redirect(303, pagePath(id));
  }

  const changeStatus = statusHandler(kind, idOf, { zoom, now, asHost, backToPage, live, forgetReadings, gatherContext });
  const restore = restoreHandler(kind, idOf, { history: data.history, changeSettings, renderPage, backToPage });
  const applyYouTube = youtubeApplyHandler(kind, idOf, {
    destinations: data.destinations, targets, changeSettings, renderPage, backToPage, access: (req) => asSession(tokens, req.sessionID, req.session),
    currentValues,
  });
  const checkNow = eventCheckHandler(kind, idOf, {
    preflight, tokens, renderFailure: async (req, res, id, failure) => renderPage(req, res, failure.httpStatus, { values: await currentValues(req, res, id), failure }),
  });
  return { showPage, saveSettings, changeStatus, restore, applyYouTube, checkNow };
}
