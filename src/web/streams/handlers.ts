import type { Request, Response } from 'express';
import { isRecordId } from '../../destinations/form';
import type { DestinationsRepository } from '../../destinations/types';
import { speakerOf } from '../shared/failures';
import { formField, formString } from '../shared/form-field';
import { formatMoment, isoOf } from '../shared/format';
import { isRestorable, settingsOf } from '../../livestream/settings';
import { inContext } from '../livestream/page-parts';
import { accountOf, streamsReader, type OverviewDeps, type UpcomingList } from './overview';
import { rowsReader } from './rows';
import { overviewView } from './view-model';
import type { JobRunner } from '../../jobs/runner';
import { matchUpcoming, pickTargets } from './targets';
import { MAX_ACTIVE_JOBS_PER_HOST, TooManyJobsError, type JobsRepository } from '../../jobs/types';
import { jobLabelOf, progressOf, stateOf } from '../jobs/view';
import { planLinesOf, type PlanCoverage } from '../plans/coverage';
import { toPlanHandler } from './to-plan';
import { youtubeLinksOf, type YouTubeLinks } from './youtube-links';
import type { TokenKeeper } from '../../credentials/keeper';
import type { PagePreflight } from '../preflight/event-check';
import { readyCellsOf } from '../preflight/ready-column';
import { streamsCheckHandler } from '../preflight/streams-check';

export interface StreamsDeps extends OverviewDeps {
  destinations: DestinationsRepository;
  jobs: JobsRepository;
  jobRunner: Pick<JobRunner, 'kick'>;
  /** Which plan covers each row (issue 23): a line under its topic. */
  plans?: PlanCoverage;
  /** When Google is configured: each row's YouTube watch page, from the app's database (no YouTube call per row). */
  youtube?: YouTubeLinks;
  /** Pre-flight checks (issue 25): the Ready column's reports, and Check now for the ticked rows with the host's session. */
  preflight: PagePreflight;
  tokens: Pick<TokenKeeper, 'withAccessToken'>;
  now?: () => number;
}

/** Recent jobs listed under the overview. */
const RECENT_JOBS = 10;

/** What the host sent, shown again with what is wrong with it. */
interface ApplyForm {
  ticked: ReadonlySet<string>;
  destination: string;
  errors: { targets?: string; destination?: string };
}

/** The IDs a message names: the first few, then an ellipsis. */
function idsOf(targets: Array<{ id: string }>): string {
  const shown = targets.slice(0, 10).map((target) => target.id).join(', ');
  return targets.length > 10 ? `${shown}, …` : shown;
}

/** The messages there are: the summary lists every key it is given. */
function only(errors: ApplyForm['errors']): ApplyForm['errors'] {
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message));
}

const EMPTY_FORM: ApplyForm = { ticked: new Set(), destination: '', errors: {} };

/**
 * Bulk apply, the overview side: every upcoming meeting and webinar with where it streams now, a
 * saved destination to apply to the ticked ones, and the host's recent jobs. Applying creates a job
 * the background runner carries out; the job's own page (web/jobs/handlers.ts) shows how it goes.
 */
export function streamsHandlers({ destinations, jobs, jobRunner, plans, youtube, preflight, tokens, now = Date.now, ...overview }: StreamsDeps) {
  const reader = streamsReader(overview);
  const rowReader = rowsReader(overview, now);
  const userOf = (req: Request) => req.session.zoom?.userId ?? '';

  async function recentJobs(req: Request) {
    const recent = await jobs.listRecent(userOf(req), RECENT_JOBS);
    return Promise.all(recent.map(async (job) => {
      const counts = await jobs.counts(userOf(req), job.id);
      return {
        id: job.id, action: job.action, label: jobLabelOf(job, speakerOf(req).t), state: stateOf(job, req, now()),
        createdIso: isoOf(job.createdAt), created: formatMoment(job.createdAt, req.session.host?.timezone, req.language),
        progress: counts ? progressOf(counts) : { done: 0, total: 0, failed: 0 },
      };
    }));
  }

  /** The page: lists read once more unless the caller has them; a failing list or row never takes it down. */
  async function renderOverview(req: Request, res: Response, status: number, form: ApplyForm, read?: UpcomingList[]): Promise<void> {
    const { t } = speakerOf(req);
    const userId = userOf(req);
    const [lists, saved, recent] = await Promise.all([read ?? reader.listUpcoming(req, res), destinations.list(userId), recentJobs(req)]);
    const view = await overviewView(req, res, rowReader, lists, saved, form.ticked);
    const { rows } = view;
    const [lines, links, ready] = await Promise.all([planLinesOf(plans, userId, rows, req.log), youtubeLinksOf(youtube, userId, rows, req.log), readyCellsOf(preflight.repository, req, userId)]);
    for (const row of rows) {
      row.plan = lines.get(row.value);
      row.youtubeUrl = links.get(row.value);
      row.ready = ready.get(row.value);
    }
    const failures = lists.filter((list) => list.failure).map((list) => ({
      kind: list.kind, failure: inContext(list.failure!, t(`streams.listFailed.${list.kind}`)),
    }));
    const reconnect = failures.some(({ failure }) => failure.reconnect) || rows.some((row) => row.failure?.reconnect);
    res.status(reconnect ? 401 : status).render('streams', {
      lists, rows, failures, recent, view,
      selectedCount: rows.filter((row) => row.checked).length,
      choices: saved.map(({ id, name }) => ({ id, name })),
      destination: form.destination,
      errors: form.errors,
      timeZone: req.session.host?.timezone ?? '',
    });
  }

  /** @route GET /streams — every upcoming meeting and webinar, where each streams, and a destination to apply. */
  function showOverview(req: Request, res: Response): Promise<void> {
    return renderOverview(req, res, 200, EMPTY_FORM);
  }

  /**
   * @route POST /streams/apply — targets=meeting:<id>… and destination=<id>: checks the ticks against Zoom's
   * own lists (topics come from Zoom, not the form), creates the job, wakes the runner, 303 to the job's page.
   * Anything wrong: the overview again (400) with the message and the host's ticks and choice kept.
   */
  async function apply(req: Request, res: Response): Promise<void> {
    const { t } = speakerOf(req);
    const userId = userOf(req);
    const picked = pickTargets(formField(req, 'targets'));
    const destinationId = formString(req, 'destination') ?? '';
    const form: ApplyForm = { ticked: picked.ticked, destination: destinationId, errors: {} };
    const refuse = (errors: ApplyForm['errors'], lists?: UpcomingList[]) => renderOverview(req, res, 400, { ...form, errors: only(errors) }, lists);

    const destination = isRecordId(destinationId) ? await destinations.get(userId, destinationId) : undefined;
    const destinationError = !destination
      ? t('streams.errors.destination')
      // A YouTube destination has no fields of its own: each event's broadcast gives them when the job runs.
      : !destination.youtube && !isRestorable(destination) ? t('streams.errors.destinationIncomplete', { name: destination.name }) : undefined;
    if (picked.problem || destinationError) {
      return refuse({ targets: picked.problem && t(`streams.errors.${picked.problem}`), destination: destinationError });
    }

    const lists = await reader.listUpcoming(req, res);
    const failed = lists.find((list) => list.failure && picked.targets.some((target) => target.kind === list.kind));
    if (failed) return renderOverview(req, res, failed.failure!.httpStatus, { ...form, errors: {} }, lists);
    const { items, missing } = matchUpcoming(picked.targets, lists);
    if (missing.length > 0) return refuse({ targets: t('streams.errors.notUpcoming', { ids: idsOf(missing) }) }, lists);

    const youtube = destination!.youtube ? { destinationId: destination!.id, options: destination!.youtube } : undefined;
    const job = await jobs.create({ userId, accountId: accountOf(req), action: 'apply', settings: settingsOf(destination!), youtube, label: { name: destination!.name, count: items.length }, items }, MAX_ACTIVE_JOBS_PER_HOST)
      .catch((error: unknown) => {
        if (error instanceof TooManyJobsError) return error;
        throw error;
      });
    // One host's backlog is bounded (the runner serves accounts fairly, yet the queue must not grow without end).
    if (job instanceof TooManyJobsError) {
      return renderOverview(req, res, 409, { ...form, errors: { targets: t('streams.errors.tooManyJobs', { max: job.bound }) } }, lists);
    }
    jobRunner.kick();
    res.redirect(303, `/jobs/${job.id}`);
  }

  const check = streamsCheckHandler({
    preflight, tokens, listUpcoming: reader.listUpcoming,
    refuse: (req, res, status, ticked, message, lists) => renderOverview(req, res, status, { ...EMPTY_FORM, ticked, errors: message ? { targets: message } : {} }, lists),
  });
  return { showOverview, apply, toPlan: toPlanHandler, check };
}
