import type { Request, Response } from 'express';
import { isRecordId } from '../../destinations/form';
import { HttpError, speakerOf, type NextStep } from '../shared/failures';
import { formatStart } from '../shared/format';
import type { JobRunner } from '../../jobs/runner';
import type { JobWithItems } from '../../jobs/model';
import { UndoExistsError, type JobsRepository } from '../../jobs/types';
import { actionsOf, countsOf, isActive, itemRows, jobLabelOf, progressOf, stateOf, undoItems } from './view';
import { saveSession } from '../shared/session-data';

export interface JobsDeps {
  jobs: JobsRepository;
  jobRunner: Pick<JobRunner, 'kick'>;
  now?: () => number;
}

const STREAMS: NextStep = { href: '/streams', label: 'errors.next.streams' };
/** While a job runs its page follows it this often: a script asking /progress, or without JavaScript a meta refresh. */
const REFRESH_SECONDS = 2;

/**
 * A bulk job's page and what the host can do with it: cancel, resume after Zoom's daily limit, retry the
 * items Zoom refused, and undo (a new job that sends each item's earlier settings back). Every query names
 * the signed-in Zoom user, so another host's job, like an unknown one, is a 404.
 */
export function jobHandlers({ jobs, jobRunner, now = Date.now }: JobsDeps) {
  const userOf = (req: Request) => req.session.zoom?.userId ?? '';
  const pathOf = (jobId: string) => `/jobs/${jobId}`;

  async function own(req: Request): Promise<JobWithItems> {
    const id = req.params.jobId;
    const job = isRecordId(id) ? await jobs.get(userOf(req), id) : undefined;
    if (!job) throw new HttpError(404, 'errors.jobNotFound', {}, STREAMS);
    return job;
  }

  /** post/redirect/get: the notice (a catalogue key) is shown once on the page this goes to. */
  async function backTo(req: Request, res: Response, path: string, notice: string): Promise<void> {
    req.session.notice = notice;
    await saveSession(req);
    res.redirect(303, path);
  }

  /** @route GET /jobs/:jobId — progress, the job's state in words, one row per item, and the buttons that apply. */
  async function show(req: Request, res: Response): Promise<void> {
    const job = await own(req);
    const counts = countsOf(job.items);
    const undoneBy = job.action === 'apply' ? await jobs.undoneBy(userOf(req), job.id) : undefined;
    res.render('job', {
      job: { id: job.id, action: job.action, createdIso: job.createdAt.toISOString(), undoneBy: undoneBy ?? '' },
      label: jobLabelOf(job, speakerOf(req).t),
      created: formatStart(job.createdAt.toISOString(), req.session.host?.timezone, req.language),
      state: stateOf(job, req, now()),
      progress: progressOf(counts),
      items: itemRows(job, req),
      actions: actionsOf(job, counts, undoneBy),
      refreshSeconds: isActive(job) ? REFRESH_SECONDS : 0,
    });
  }

  /** @route GET /jobs/:jobId/progress — what the running page's script updates: the bar, its words, the state. */
  async function progress(req: Request, res: Response): Promise<void> {
    const job = await own(req);
    const shown = progressOf(countsOf(job.items));
    const state = stateOf(job, req, now());
    res.json({ ...shown, text: String(req.t('jobs.progress', { ...shown })), status: String(req.t(state.key, state.params)), active: isActive(job) });
  }

  /** @route POST /jobs/:jobId/cancel — the items not done yet are skipped; those applied stay applied. */
  async function cancel(req: Request, res: Response): Promise<void> {
    const job = await own(req);
    const cancelled = await jobs.cancel(userOf(req), job.id);
    await backTo(req, res, pathOf(job.id), cancelled ? 'notices.jobCancelled' : 'notices.jobNotCancelled');
  }

  /** @route POST /jobs/:jobId/resume — after Zoom's daily limit: the items not applied are tried again now. */
  async function resume(req: Request, res: Response): Promise<void> {
    const job = await own(req);
    const resumed = await jobs.resume(userOf(req), job.id);
    if (resumed) jobRunner.kick();
    await backTo(req, res, pathOf(job.id), resumed ? 'notices.jobResumed' : 'notices.jobNotPaused');
  }

  /** @route POST /jobs/:jobId/retry — the items Zoom refused are tried again. */
  async function retry(req: Request, res: Response): Promise<void> {
    const job = await own(req);
    const retried = await jobs.retryFailed(userOf(req), job.id);
    if (retried > 0) jobRunner.kick();
    await backTo(req, res, pathOf(job.id), retried > 0 ? 'notices.jobRetried' : 'notices.nothingToRetry');
  }

  /**
   * @route POST /jobs/:jobId/undo — a new job that sends back, for each item this job applied, the settings
   * Zoom had before it (only those Zoom would take: a stream URL, key and page URL), leaving alone each event
   * changed since. A job is undone once: the database refuses a second undo job (ten presses at once make
   * one), and a press after the first goes to the undo job. 303 to the undo job.
   */
  async function undo(req: Request, res: Response): Promise<void> {
    const job = await own(req);
    // While the job runs, what it applied is still changing: undo what is there once it has stopped.
    if (isActive(job)) return backTo(req, res, pathOf(job.id), 'notices.undoWhileRunning');
    const items = undoItems(job);
    if (items.length === 0) return backTo(req, res, pathOf(job.id), 'notices.nothingToUndo');
    try {
      const undoing = await jobs.create({ userId: job.userId, accountId: job.accountId, action: 'undo', undoOf: job.id, label: job.label, items });
      jobRunner.kick();
      res.redirect(303, pathOf(undoing.id));
    } catch (error) {
      if (!(error instanceof UndoExistsError)) throw error;
      const undoneBy = await jobs.undoneBy(userOf(req), job.id);
      await backTo(req, res, pathOf(undoneBy ?? job.id), 'notices.alreadyUndone');
    }
  }

  return { show, progress, cancel, resume, retry, undo };
}
