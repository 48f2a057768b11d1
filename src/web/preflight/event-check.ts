import type { Request, Response } from 'express';
import type { TokenKeeper } from '../../credentials/keeper';
import { asSession } from '../../livestream/change';
import type { Preflight } from '../../preflight/service';
import type { PreflightRepository } from '../../preflight/repository';
import type { EventKind } from '../../zoom/client';
import { failureOf, speakerOf, type FailureView } from '../shared/failures';
import { saveSession } from '../shared/session-data';
import { inContext } from '../livestream/page-parts';
import { reportViewOf, type ReportView } from './view';

/** What the pages need of the pre-flight room: the check (Check now) and the latest reports (no Zoom call on view). */
export interface PagePreflight {
  service: Pick<Preflight, 'check'>;
  repository: Pick<PreflightRepository, 'latestOf' | 'allOf' | 'failingUpcoming'>;
}

/** The host's Zoom calls from a page: their session's access, and the scopes Zoom granted it. */
export function hostCheck(tokens: Pick<TokenKeeper, 'withAccessToken'>, req: Request, kind: EventKind, eventId: string) {
  return {
    userId: req.session.zoom?.userId ?? '', kind, eventId, trigger: 'now' as const,
    access: asSession(tokens, req.sessionID, req.session), scope: req.session.zoom?.scope,
  };
}

/**
 * The event page's Pre-flight check block: the latest report, read from the database only. A database that cannot
 * answer costs the block (logged), never the page; null when the event was never checked.
 */
export async function latestReportView(repository: Pick<PagePreflight['repository'], 'latestOf'> | undefined, req: Request, kind: EventKind, eventId: string): Promise<ReportView | null> {
  const userId = req.session.zoom?.userId;
  if (!repository || !userId) return null;
  try {
    const report = await repository.latestOf(userId, kind, eventId);
    return report ? reportViewOf(report, speakerOf(req), req.session.host?.timezone) : null;
  } catch (error) {
    req.log.warn({ err: error }, 'pre-flight report not read for the page');
    return null;
  }
}

export interface EventCheckDeps {
  preflight: Pick<PagePreflight, 'service'>;
  tokens: Pick<TokenKeeper, 'withAccessToken'>;
  /** The page again with Zoom's failure beside its context (the form as Zoom holds it, or empty). */
  renderFailure(req: Request, res: Response, id: string, failure: FailureView): Promise<void>;
}

/** Check now on one event's page (issue 25). */
export function eventCheckHandler(kind: EventKind, idOf: (req: Request) => string, { preflight, tokens, renderFailure }: EventCheckDeps) {
  /**
   * @route POST /meetings/:meetingId/livestream/check — runs every pre-flight check of the event with the host's
   * session (nothing is changed anywhere), keeps the report as the event's latest, then post/redirect/get back to
   * the page's Pre-flight block with a notice. Zoom unavailable: the page with the failure and its status.
   */
  return async function checkNow(req: Request, res: Response): Promise<void> {
    const id = idOf(req);
    const { t } = speakerOf(req);
    let overall: string;
    try {
      overall = (await preflight.service.check(hostCheck(tokens, req, kind, id))).overall;
    } catch (error) {
      return renderFailure(req, res, id, inContext(failureOf(error, req, { kind }), t('preflight.failed')));
    }
    req.session.notice = t(`preflight.notice.${overall}`);
    await saveSession(req);
    res.redirect(303, `/${kind}s/${id}/livestream#preflight`);
  };
}
