import type { Request, Response } from 'express';
import { NAME_MAX, PRESETS, isRecordId, presetValues, validateDestination, type DestinationErrors, type DestinationValues } from '../../destinations/form';
import { maskKey } from '../../destinations/mask';
import { DestinationLimitError, DuplicateNameError, MAX_DESTINATIONS, type Destination, type DestinationInput, type DestinationsRepository } from '../../destinations/types';
import { HttpError, speakerOf, type NextStep } from '../shared/failures';
import { formString } from '../shared/form-field';
import { streamUrlWarning } from '../../livestream/form';
import type { UserDataStores } from '../../events/deauthorize';
import type { GrantKeeper } from '../../credentials/grant-keeper';
import type { TokenVault } from '../../credentials/vault';
import { deleteAllHandlers } from './delete-all';
import { NEW_YOUTUBE_DESTINATION, validateYouTubeDestination, youtubeValuesOf } from '../../destinations/youtube-form';
import { connectionOf, renderYouTubeForm, youtubeKind } from './youtube-page';

export interface DestinationsDeps {
  destinations: DestinationsRepository;
  /** Everything "Delete my saved data" deletes, through the one deletion app_deauthorized uses too. */
  userData: UserDataStores;
  /** The plans' grant: a session using it takes its token back before the data goes, and stays connected. */
  grants: Pick<GrantKeeper, 'takeBack' | 'revoke'>;
  vault: TokenVault;
}

const LIST: NextStep = { href: '/destinations', label: 'errors.next.destinations' };
/** Save-as comes from a live stream page and goes back there; nothing else is a place to go back to. */
const EVENT_PAGE = /^\/(?:meetings|webinars)\/[1-9][0-9]{0,18}\/livestream$/;

interface FormPage {
  /** The destination being edited; undefined for a new one. */
  id?: string;
  values: DestinationValues;
  errors?: DestinationErrors;
  /** The host keeps MAX_DESTINATIONS already: the form says so. */
  full?: boolean;
  back?: string;
}

/** A posted form, checked by the form of its destination's kind, and how to show that form again with what was typed. */
interface Submission {
  input?: DestinationInput;
  show(res: Response, status: number, page: Pick<FormPage, 'errors' | 'full'> & { notConnected?: boolean }): void;
}

/**
 * Saved destinations: a host's list with create, edit and delete, and "Delete my saved data". Every
 * query names the signed-in Zoom user, so another host's destination is a 404 whatever its id.
 */
export function destinationHandlers({ destinations, userData, grants, vault }: DestinationsDeps) {
  const userOf = (req: Request) => req.session.zoom?.userId ?? '';
  const t = (req: Request) => speakerOf(req).t;

  function renderForm(res: Response, status: number, page: FormPage): void {
    res.status(status).render('destinations-form', {
      id: page.id ?? '',
      values: page.values,
      errors: page.errors ?? {},
      warnings: { stream_url: streamUrlWarning(page.values.stream_url) },
      presets: page.id ? [] : PRESETS,
      full: page.full ?? false,
      back: page.back ?? '',
      nameMax: NAME_MAX,
      max: MAX_DESTINATIONS,
    });
  }

  /** The host's destination for :id; a 404 for any other id (unknown, malformed or another host's). */
  async function own(req: Request): Promise<Destination> {
    const id = req.params.id;
    const found = isRecordId(id) ? await destinations.get(userOf(req), id) : undefined;
    if (!found) throw new HttpError(404, 'errors.destinationNotFound', {}, LIST);
    return found;
  }

  /** A refusal of the repository as the form's words: a name taken, or the limit reached. */
  function refusal(req: Request, error: unknown): Pick<FormPage, 'errors' | 'full'> {
    if (error instanceof DuplicateNameError) return { errors: { name: t(req)('form.errors.name.taken') } };
    if (error instanceof DestinationLimitError) return { full: true };
    throw error;
  }

  /** The live stream form's four fields, checked with the name; `id` of the one edited, `back` the live stream page to return to. */
  function streamSubmission(req: Request, id?: string, back?: string): Submission {
    const { values, errors, input } = validateDestination(req.body, t(req));
    return { input, show: (res, status, page) => renderForm(res, status, { id, values, back, errors, ...page }) };
  }

  /** A YouTube destination's options (issue 24), checked with the name. */
  function youtubeSubmission(req: Request, id?: string): Submission {
    const { values, errors, input } = validateYouTubeDestination(req.body, t(req));
    return { input, show: (res, status, page) => renderYouTubeForm(res, t(req), status, { id, values, errors, ...page }) };
  }

  /** @route GET /destinations — the host's destinations, keys masked (a YouTube one shows its privacy), with edit and delete. */
  async function list(req: Request, res: Response): Promise<void> {
    const rows = await destinations.list(userOf(req));
    res.render('destinations', {
      rows: rows.map(({ id, name, stream_url, stream_key, page_url, resolution, youtube }) =>
        ({ id, name, stream_url, key: maskKey(stream_key), page_url, resolution, kind: youtube ? youtubeKind(t(req), youtube.privacy) : '' })),
      max: MAX_DESTINATIONS,
      full: rows.length >= MAX_DESTINATIONS,
    });
  }

  /**
   * @route GET /destinations/new?preset=youtube — the form, from a service's starting point or empty.
   * @route GET /destinations/new?type=youtube — a YouTube destination's form (when the app offers YouTube).
   */
  async function showNew(req: Request, res: Response): Promise<void> {
    const full = (await destinations.names(userOf(req))).length >= MAX_DESTINATIONS;
    const connection = connectionOf(res);
    if (req.query.type === 'youtube' && connection) {
      return renderYouTubeForm(res, t(req), 200, { values: NEW_YOUTUBE_DESTINATION, full, notConnected: !connection.channel });
    }
    renderForm(res, 200, { values: presetValues(req.query.preset), full });
  }

  /**
   * @route POST /destinations — create (also "Save these values as a destination" from a live stream page); with
   * type=youtube a YouTube destination, which needs the host's YouTube connected first (a 409 that says so).
   */
  async function create(req: Request, res: Response): Promise<void> {
    const youtube = formString(req, 'type') === 'youtube';
    const field = formString(req, 'back');
    const back = field !== undefined && EVENT_PAGE.test(field) ? field : undefined;
    if (youtube && !connectionOf(res)) throw new HttpError(404, 'errors.notFound', {}, LIST);
    const submission = youtube ? youtubeSubmission(req) : streamSubmission(req, undefined, back);
    if (youtube && !connectionOf(res)?.channel) return submission.show(res, 409, { notConnected: true });
    const { input } = submission;
    if (!input) return submission.show(res, 400, {});
    try {
      await destinations.create(userOf(req), input);
    } catch (error) {
      const refused = refusal(req, error);
      return submission.show(res, refused.full ? 409 : 400, refused);
    }
    req.session.notice = t(req)('notices.destinationSaved', { name: input.name });
    res.redirect(303, back ?? '/destinations');
  }

  /** @route GET /destinations/:id/edit — a YouTube destination's own form, or the stream fields'. */
  async function showEdit(req: Request, res: Response): Promise<void> {
    const { id, name, stream_url, stream_key, page_url, resolution, youtube } = await own(req);
    if (youtube) return renderYouTubeForm(res, t(req), 200, { id, values: youtubeValuesOf(name, youtube) });
    renderForm(res, 200, { id, values: { name, stream_url, stream_key, page_url, resolution } });
  }

  /** @route POST /destinations/:id/edit — checked by the form of the kind stored (a posted `type` cannot change it). */
  async function update(req: Request, res: Response): Promise<void> {
    const { id, youtube } = await own(req);
    const submission = youtube ? youtubeSubmission(req, id) : streamSubmission(req, id);
    const { input } = submission;
    if (!input) return submission.show(res, 400, {});
    let saved: Destination | undefined;
    try {
      saved = await destinations.update(userOf(req), id, input);
    } catch (error) {
      return submission.show(res, 400, refusal(req, error));
    }
    if (!saved) throw new HttpError(404, 'errors.destinationNotFound', {}, LIST);
    req.session.notice = t(req)('notices.destinationSaved', { name: input.name });
    res.redirect(303, '/destinations');
  }

  /** @route GET /destinations/:id/delete — asks first; nothing is deleted by a GET. */
  async function confirmDelete(req: Request, res: Response): Promise<void> {
    const { id, name } = await own(req);
    res.render('destinations-delete', { id, name });
  }

  /** @route POST /destinations/:id/delete */
  async function remove(req: Request, res: Response): Promise<void> {
    const { id, name } = await own(req);
    await destinations.remove(userOf(req), id);
    req.session.notice = t(req)('notices.destinationDeleted', { name });
    res.redirect(303, '/destinations');
  }

  return { list, showNew, create, showEdit, update, confirmDelete, remove, ...deleteAllHandlers({ userData, grants, vault }) };
}
