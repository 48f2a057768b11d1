import type { Request, Response } from 'express';
import type { TokenVault } from '../../credentials/vault';
import { streamUrlWarning, type FieldErrors, type FormValues } from '../../livestream/form';
import type { EventKind } from '../../zoom/client';
import { jobLabelOf } from '../jobs/view';
import { pageLocalsOf } from '../middleware/locals';
import { speakerOf, type FailureView } from '../shared/failures';
import { groupId } from './event-context';
import type { livestreamExtras } from './extras';
import type { GatherContext, PageContext } from './page-context';
import { streamControls } from './page-parts';
import { ownerSeal } from './resume';
import { youtubePanelOf } from './youtube-panel';
import { latestReportView, type PagePreflight } from '../preflight/event-check';

/** What a render of the live stream page shows besides its context: the form's values, what was refused, and why. */
export interface FormPage {
  values: FormValues;
  errors?: FieldErrors;
  failure?: FailureView | null;
  /** Zoom refused to show the settings: nothing typed here could be saved (3161). */
  disabled?: boolean;
  /** Zoom does not know this meeting for this host: only the error and a box for another ID. */
  unknown?: boolean;
}

/** What the page's render needs from its handlers (page.ts): the vault, the database's extras, the context reader, the ID. */
export interface PageRendererDeps {
  vault: TokenVault;
  extras: Pick<ReturnType<typeof livestreamExtras>, 'load' | 'planOf'>;
  gatherContext: GatherContext;
  idOf: (req: Request) => string;
  /** The event's latest pre-flight report (issue 25), from the database: no Zoom call on view. */
  preflight?: Pick<PagePreflight['repository'], 'latestOf'>;
}

/** Every render of the page: a load, a refused save, start, stop or restore. `gathered` when the caller read it already. */
export function pageRenderer(kind: EventKind, { vault, extras, gatherContext, idOf, preflight }: PageRendererDeps) {
  return async function renderPage(req: Request, res: Response, status: number, page: FormPage, gathered?: PageContext): Promise<void> {
    const id = idOf(req);
    const userId = req.session.zoom?.userId;
    const flash = req.session.statusFlash?.eventId === id ? req.session.statusFlash : undefined;
    if (flash) delete req.session.statusFlash;
    const shown = gathered ?? (await gatherContext(req, res, id));
    // Values the page may offer to keep as a destination: not ones Zoom or the form just refused.
    const failure = flash?.failure ?? page.failure ?? null;
    const offerable = !failure && !page.errors && !page.disabled ? page.values : undefined;
    // Without a host (reconnect) or a meeting (unknown), the database has nothing to add.
    const data = userId && !page.unknown ? await extras.load(userId, kind, id, req.session.host?.timezone, req.language, offerable) : undefined;
    const plan = userId && !page.unknown ? await extras.planOf(userId, kind, id, shown.context?.topic ?? '') : undefined;
    const preflightReport = page.unknown ? null : await latestReportView(preflight, req, kind, id);
    // After a refused refresh the token is gone: the header should no longer say "connected".
    const host = req.session.zoom ? pageLocalsOf(res).host : null;
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
      failure,
      disabled: page.disabled ?? false,
      unknown: page.unknown ?? false,
      context: shown.context,
      live: { ...streamControls(req, id, shown.live, flash), viewerUrl: shown.viewerUrl },
      // YouTube's view of the broadcast the app made for the event, beside Zoom's state; null when it made none.
      youtube: youtubePanelOf(shown.youtube),
      picker: data?.picker ?? null,
      // A bulk job's entry names the job in words: "Apply “YouTube main” to 12 events".
      history: data?.history?.map((row) => ({ ...row, jobText: row.job ? jobLabelOf(row.job, speakerOf(req).t) : '' })) ?? null,
      // Values that match none of the host's saved destinations: offer to keep them as one.
      saveAs: data?.unsaved ? page.values : null,
      plan: plan ?? null,
      // The Pre-flight check block: the latest report (null: never checked), and Check now for a connected host.
      preflight: userId && !page.unknown ? { report: preflightReport } : null,
    });
  };
}
