import type { Request, Response } from 'express';
import { isRecordId } from '../../destinations/form';
import type { HistoryRepository } from '../../destinations/types';
import { HttpError, failureOf, type FailureView } from '../shared/failures';
import { formField } from '../shared/form-field';
import { isRestorable, restoreUpdate } from '../../livestream/settings';
import { formatWhen } from './extras';
import { EMPTY_VALUES, type FormValues } from '../../livestream/form';
import { inContext } from './page-parts';
import type { EventKind, LivestreamUpdate } from '../../zoom/client';

export interface RestoreDeps {
  history?: Pick<HistoryRepository, 'get'>;
  /** The page's own change: Zoom's settings read first, the PATCH, the history entry, the cache cleared. */
  changeSettings(req: Request, id: string, update: LivestreamUpdate, source: 'restore'): Promise<unknown>;
  renderPage(req: Request, res: Response, status: number, page: { values: FormValues; failure: FailureView }): Promise<void>;
  backToPage(req: Request, res: Response, id: string): Promise<void>;
}

/** Restoring an earlier change, for one kind of event: the outcome is shown like a save's. */
export function restoreHandler(kind: EventKind, idOf: (req: Request) => string, { history, changeSettings, renderPage, backToPage }: RestoreDeps) {
  /**
   * @route POST /meetings/:meetingId/livestream/restore — entry=<history id>: sends the values Zoom had before
   * that change back to Zoom (reading the current ones first, for the history), records the restore, and
   * shows the outcome like a save. Another host's entry, or another event's, is a 404.
   */
  return async function restore(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const userId = req.session.zoom?.userId ?? '';
    const entryId = formField(req, 'entry');
    const entry = isRecordId(entryId) && history ? await history.get(userId, entryId) : undefined;
    if (!entry || entry.kind !== kind || entry.eventId !== id) throw new HttpError(404, 'errors.historyNotFound');
    const when = formatWhen(entry.at, req.session.host?.timezone, req.language);
    if (!isRestorable(entry.before)) {
      req.session.notice = String(req.t('notices.notRestorable', { when }));
      return backToPage(req, res, id);
    }
    try {
      await changeSettings(req, id, restoreUpdate(entry.before), 'restore');
    } catch (error) {
      const failure = inContext(failureOf(error, req, { kind }), String(req.t('history.failed')));
      return renderPage(req, res, failure.httpStatus, { values: { ...EMPTY_VALUES, ...entry.before }, failure });
    }
    req.session.notice = String(req.t('notices.restored', { when }));
    await backToPage(req, res, id);
  };
}
