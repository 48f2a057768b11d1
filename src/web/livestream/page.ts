import type { Request, Response } from 'express';
import type { TokenKeeper } from '../../credentials/keeper';
import type { TokenVault } from '../../credentials/vault';
import { isRecordId } from '../../destinations/form';
import { HttpError, failureOf, speakerOf, type FailureView, type NextStep } from '../shared/failures';
import type { ReadCache } from '../../cache/index';
import type { LiveStore } from '../../events/live-store';
import { liveViewOf, type LiveView } from '../../events/live-view';
import type { ReadsFor } from '../shared/host-reads';
import { eventContext, groupId, type EventContext } from './event-context';
import { livestreamExtras, type ExtrasDeps } from './extras';
import { asSession, type StreamChanger } from '../../livestream/change';
import type { StreamSettings } from '../../destinations/types';
import { EMPTY_VALUES, streamUrlWarning, validate, type FieldErrors, type FormValues } from '../../livestream/form';
import { inContext, savedNotice, streamControls } from './page-parts';
import { ownerSeal, rememberForm, takeResumedForm } from './resume';
import { saveSession } from '../shared/session-data';
import type { EventKind, LivestreamUpdate, ZoomClient } from '../../zoom/client';
import { restoreHandler } from './restore';
import { statusHandler } from './status';

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
}

const DESTINATIONS: NextStep = { href: '/destinations', label: 'errors.next.destinations' };
/** Zoom's codes that say there is no such meeting for this host: the page offers another ID, not a form. */
const NOT_FOUND_CODES = new Set([3001, 300]);
const LICENCE_CODE = 3161;

interface FormPage {
  values: FormValues;
  errors?: FieldErrors;
  failure?: FailureView | null;
  /** Zoom refused to show the settings: nothing typed here could be saved (3161). */
  disabled?: boolean;
  /** Zoom does not know this meeting for this host: only the error and a box for another ID. */
  unknown?: boolean;
  context?: EventContext | null;
  /** Zoom's values just saved: the page offers to keep them as a destination. */
  offerSaveAs?: boolean;
  /** Live, in progress or not started; unknown when neither Zoom nor an event said. */
  live?: LiveView;
}

/**
 * The live stream page of one meeting (or, with kind 'webinar', one webinar): context at the top,
 * the settings form, and one next step for the stream (start when the meeting is in progress, stop
 * when the app believes it is live). Every action ends with a redirect back here (post/redirect/get).
 */
export function livestreamHandlers(kind: EventKind, { zoom, tokens, vault, reads, cache, live, changer, now = Date.now, ...data }: LivestreamDeps) {
  const extras = livestreamExtras(data);
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

  async function renderPage(req: Request, res: Response, status: number, page: FormPage): Promise<void> {
    const id = idOf(req);
    const userId = req.session.zoom?.userId;
    // Without a host (reconnect) or a meeting (unknown), the database has nothing to add.
    const data = userId && !page.unknown ? await extras.load(userId, kind, id, req.session.host?.timezone, req.language) : undefined;
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
      live: streamControls(req, id, page.live ?? { status: 'unknown' }, flash),
      picker: data?.picker ?? null,
      history: data?.history ?? null,
      // After a successful save: offer to keep the values as a destination (when the database answers).
      saveAs: page.offerSaveAs && data?.picker ? page.values : null,
    });
  }

  /**
   * The meeting's details, its live stream settings (both through the read cache) and its live state, read
   * in parallel; the details and the live state are niceties, the page shows without them.
   */
  async function readEvent(req: Request, res: Response, id: string) {
    const readings = reads(req, res);
    const [details, settings, evidence] = await Promise.allSettled([readings.event(kind, id), readings.livestream(kind, id), live.ofEvent(kind, id)]);
    const context = details.status === 'fulfilled' ? eventContext(details.value.value, req.session.host?.timezone, req.language) : null;
    const zoomSays = details.status === 'fulfilled' ? { status: details.value.value.status ?? '', at: details.value.at } : undefined;
    const liveView = liveViewOf(evidence.status === 'fulfilled' ? evidence.value : undefined, zoomSays);
    return { context, details, settings, live: liveView };
  }

  /** @route GET /meetings/:meetingId/livestream — context, the form prefilled from Zoom, and the stream's next step. */
  async function showPage(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const filled = await chosenDestination(req);
    const resumed = filled ?? takeResumedForm<FormValues>(req, vault, kind, id);
    const justSaved = req.session.offerSaveAs === `${kind}:${id}`;
    delete req.session.offerSaveAs;
    const { context, details, settings, live: liveView } = await readEvent(req, res, id);
    if (filled) res.locals.notice = String(req.t('notices.filled', { name: filled.name }));
    else if (resumed) res.locals.notice = String(req.t('notices.resumed'));
    if (settings.status === 'fulfilled') {
      const values = resumed ? { ...EMPTY_VALUES, ...resumed } : { ...EMPTY_VALUES, ...settings.value };
      return renderPage(req, res, 200, { values, context, live: liveView, offerSaveAs: justSaved && !resumed });
    }
    const failure = inContext(failureOf(settings.reason, req, { kind }), String(req.t(`livestream.failed.load.${kind}`)));
    const missing = failure.zoomCode !== undefined && NOT_FOUND_CODES.has(failure.zoomCode);
    const unknown = missing || (details.status === 'rejected' && failureOf(details.reason, req, { kind }).zoomCode === 3001);
    renderPage(req, res, failure.httpStatus, {
      values: resumed ? { ...EMPTY_VALUES, ...resumed } : EMPTY_VALUES,
      failure,
      context,
      live: liveView,
      unknown,
      disabled: failure.zoomCode === LICENCE_CODE,
    });
  }

  /**
   * ?destination=<id>: the form filled from one of the host's saved destinations. Only the page is filled:
   * nothing reaches Zoom until the host saves. Another host's id, or none, is a 404.
   */
  async function chosenDestination(req: Request): Promise<(FormValues & { name: string }) | undefined> {
    const chosen = req.query.destination;
    if (chosen === undefined) return undefined;
    const found = isRecordId(chosen) && data.destinations ? await data.destinations.get(req.session.zoom?.userId ?? '', chosen) : undefined;
    if (!found) throw new HttpError(404, 'errors.destinationNotFound', {}, DESTINATIONS);
    const { name, stream_url, stream_key, page_url, resolution } = found;
    return { name, stream_url, stream_key, page_url, resolution };
  }

  /**
   * One change of the live stream settings, through the one service every actor uses (livestream/change):
   * Zoom's settings read just before, the PATCH, the host's readings forgotten, the history entry.
   */
  async function changeSettings(req: Request, id: string, update: LivestreamUpdate, source: 'form' | 'restore'): Promise<StreamSettings | undefined> {
    const userId = req.session.zoom?.userId ?? '';
    const { before } = await changer.changeStream({ userId, kind, eventId: id, update, source, access: asSession(tokens, req.sessionID, req.session) });
    return before;
  }

  /** @route POST /meetings/:meetingId/livestream — validate, PATCH Zoom, then post/redirect/get with what changed. */
  async function saveSettings(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const { values, errors, update } = validate(req.body, speakerOf(req).t);
    if (!update) return renderPage(req, res, 400, { values, errors });
    const userId = req.session.zoom?.userId ?? '';
    let before: StreamSettings | undefined;
    try {
      before = await changeSettings(req, id, update, 'form');
    } catch (error) {
      const failure = inContext(failureOf(error, req, { kind }), String(req.t('livestream.failed.save')));
      if (failure.reconnect) rememberForm(req, vault, kind, id, values, userId);
      return renderPage(req, res, failure.httpStatus, { values, failure });
    }
    req.session.notice = savedNotice(req, before, update);
    req.session.offerSaveAs = `${kind}:${id}`;
    res.redirect(303, pagePath(id));
  }

  async function backToPage(req: Request, res: Response, id: string): Promise<void> {
    await saveSession(req);
    res.redirect(303, pagePath(id));
  }

  const changeStatus = statusHandler(kind, idOf, { zoom, now, asHost, backToPage, live, forgetReadings });
  const restore = restoreHandler(kind, idOf, { history: data.history, changeSettings, renderPage, backToPage });
  return { showPage, saveSettings, changeStatus, restore };
}
