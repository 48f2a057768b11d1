import type { Request, Response } from 'express';
import type { TokenKeeper } from '../../credentials/keeper';
import type { CheckResultValue } from '../../preflight/types';
import { failureOf, speakerOf } from '../shared/failures';
import { formField } from '../shared/form-field';
import { saveSession } from '../shared/session-data';
import { filtersOf, queryOf } from '../streams/filters';
import type { UpcomingList } from '../streams/overview';
import { matchUpcoming, pickTargets } from '../streams/targets';
import { hostCheck, type PagePreflight } from './event-check';

/** One request checks at most this many events, one after another (each is a few Zoom calls and a handshake). */
export const MAX_CHECKED = 20;

export interface StreamsCheckDeps {
  preflight: Pick<PagePreflight, 'service'>;
  tokens: Pick<TokenKeeper, 'withAccessToken'>;
  /** Zoom's lists of the host's upcoming events (through the read cache), against which the ticks are matched. */
  listUpcoming(req: Request, res: Response): Promise<UpcomingList[]>;
  /** The overview again with the host's ticks kept and a message beside them (or a list's failure panel). */
  refuse(req: Request, res: Response, status: number, ticked: ReadonlySet<string>, message: string | undefined, lists?: UpcomingList[]): Promise<void>;
}

/** The first few IDs a message names. */
function idsOf(targets: Array<{ id: string }>): string {
  const shown = targets.slice(0, 10).map((target) => target.id).join(', ');
  return targets.length > 10 ? `${shown}, …` : shown;
}

/** Check now for the ticked rows of /streams (issue 25). */
export function streamsCheckHandler({ preflight, tokens, listUpcoming, refuse }: StreamsCheckDeps) {
  /**
   * @route POST /streams/check — targets=meeting:<id>… (at most MAX_CHECKED): each ticked event, one of the host's
   * upcoming ones in Zoom's lists, checked one after another with the host's session and its report kept; then 303
   * back to the same view of /streams with "Checked N: X ready, …". Anything wrong: the overview (400), ticks kept.
   */
  return async function checkTicked(req: Request, res: Response): Promise<void> {
    const { t } = speakerOf(req);
    const picked = pickTargets(formField(req, 'targets'));
    const { ticked } = picked;
    if (picked.problem) return refuse(req, res, 400, ticked, t(`streams.errors.${picked.problem}`));
    if (picked.targets.length > MAX_CHECKED) return refuse(req, res, 400, ticked, t('preflight.streams.tooMany', { max: MAX_CHECKED, count: picked.targets.length }));

    const lists = await listUpcoming(req, res);
    const failed = lists.find((list) => list.failure && picked.targets.some((target) => target.kind === list.kind));
    if (failed) return refuse(req, res, failed.failure!.httpStatus, ticked, undefined, lists);
    const { items, missing } = matchUpcoming(picked.targets, lists);
    if (missing.length > 0) return refuse(req, res, 400, ticked, t('streams.errors.notUpcoming', { ids: idsOf(missing) }), lists);

    const counts: Record<CheckResultValue, number> = { ok: 0, warning: 0, failing: 0 };
    for (const { kind, eventId } of items) {
      try {
        counts[(await preflight.service.check(hostCheck(tokens, req, kind, eventId))).overall] += 1;
      } catch (error) {
        // Zoom unavailable: the events checked so far keep their reports; the rest are left for another try.
        const failure = failureOf(error, req, { kind });
        const done = counts.ok + counts.warning + counts.failing;
        return refuse(req, res, failure.httpStatus, ticked, `${failure.heading}: ${failure.explanation ?? failure.zoomMessage} ${t('preflight.streams.notice', { n: done, ...counts })}`, lists);
      }
    }
    req.session.notice = t('preflight.streams.notice', { n: items.length, ...counts });
    await saveSession(req);
    res.redirect(303, `/streams${queryOf(filtersOf(req.query))}`);
  };
}
