import type { Request, Response } from 'express';
import { isRecordId } from '../../destinations/form';
import { MAX_PLANS, type Plan } from '../../plans/types';
import { isMeetingId } from '../../zoom/ids';
import { HttpError, speakerOf, type NextStep } from '../shared/failures';
import { planFormHandlers } from './form-handlers';
import type { PlanPagesDeps } from './pages-deps';
import { doesOf, eventsOf, logRowsOf, modeOf } from './view';

const LIST: NextStep = { href: '/plans', label: 'errors.next.plans' };

/**
 * Streaming plans (issue 23): the host's list with the mode in force, each plan with its events and log, the
 * form (form-handlers.ts), delete after confirming, turn off all, and a conflict's "Apply again" / "Leave it".
 * Every query names the signed-in Zoom user: another host's plan is a 404 whatever its id.
 */
export function planHandlers(deps: Omit<PlanPagesDeps, 'own'>) {
  const { plans, destinations, grant } = deps;
  const userOf = (req: Request) => req.session.zoom?.userId ?? '';
  const timeZoneOf = (req: Request) => req.session.host?.timezone;

  async function own(req: Request): Promise<Plan> {
    const id = req.params.id;
    const found = isRecordId(id) ? await plans.get(userOf(req), id) : undefined;
    if (!found) throw new HttpError(404, 'errors.planNotFound', {}, LIST);
    return found;
  }

  const names = async (req: Request) => new Map((await destinations.names(userOf(req))).map((d) => [d.id, d.name]));

  /** Series topics from the host's upcoming lists (read only when a plan has a series); a list Zoom refuses leaves IDs. */
  async function seriesTopics(req: Request, res: Response, all: Plan[]): Promise<Map<string, string>> {
    if (!all.some((plan) => plan.series)) return new Map();
    return (await deps.choicesOf(req, res)).topics;
  }
  const seriesKey = (plan: Plan) => (plan.series ? `${plan.series.kind}:${plan.series.id}` : '');

  /** @route GET /plans — the host's plans, the mode in force and when the check last ran. */
  async function list(req: Request, res: Response): Promise<void> {
    const speaker = speakerOf(req);
    const [all, destinationNames, status] = await Promise.all([plans.list(userOf(req)), names(req), plans.status(userOf(req))]);
    const topics = await seriesTopics(req, res, all);
    const rows = await Promise.all(all.map(async (plan) => {
      const picked = (await plans.events(plan.id)).filter((event) => event.picked).length;
      return {
        id: plan.id, name: plan.name, enabled: plan.enabled, which: eventsOf(plan, picked, speaker.t, topics.get(seriesKey(plan))),
        destination: destinationNames.get(plan.destinationId) ?? '', does: doesOf(plan, speaker.t),
      };
    }));
    res.render('plans', { rows, max: MAX_PLANS, full: rows.length >= MAX_PLANS, anyOn: all.some((plan) => plan.enabled), mode: modeOf(status, timeZoneOf(req), speaker) });
  }

  /** @route GET /plans/:id — the plan, its events (conflicts with their two buttons) and its log, newest first. */
  async function show(req: Request, res: Response): Promise<void> {
    const speaker = speakerOf(req);
    const plan = await own(req);
    const [events, log, destinationNames, status] = await Promise.all([plans.events(plan.id), plans.log(plan.id), names(req), plans.status(userOf(req))]);
    const seriesTopic = (await seriesTopics(req, res, [plan])).get(seriesKey(plan))
      ?? events.find((event) => `${event.kind}:${event.id}` === seriesKey(plan))?.topic;
    res.render('plans-show', {
      plan,
      which: eventsOf(plan, events.filter((event) => event.picked).length, speaker.t, seriesTopic),
      destination: destinationNames.get(plan.destinationId) ?? '',
      does: doesOf(plan, speaker.t),
      events,
      log: logRowsOf(log, events, timeZoneOf(req), speaker),
      mode: modeOf(status, timeZoneOf(req), speaker),
    });
  }

  /** @route GET /plans/:id/delete — asks first. */
  async function confirmDelete(req: Request, res: Response): Promise<void> {
    const plan = await own(req);
    res.render('plans-delete', { id: plan.id, name: plan.name });
  }

  /** @route POST /plans/:id/delete — the last plan takes the grant with it (the session gets its token back). */
  async function remove(req: Request, res: Response): Promise<void> {
    const plan = await own(req);
    const { returned } = await plans.remove(userOf(req), plan.id, grant.usesGrant(req));
    await grant.takeBack(req, returned);
    req.session.notice = speakerOf(req).t('plans.notices.deleted', { name: plan.name });
    res.redirect(303, '/plans');
  }

  /** @route POST /plans/turn-off-all — every plan stays, none acts; the grant goes (back into this session). */
  async function turnOffAll(req: Request, res: Response): Promise<void> {
    const { returned } = await plans.turnOffAll(userOf(req), grant.usesGrant(req));
    await grant.takeBack(req, returned);
    req.session.notice = 'plans.notices.allOff';
    res.redirect(303, '/plans');
  }

  /** The event of /plans/:id/events/:kind/:eventId; a 404 for anything else. */
  function eventOf(req: Request) {
    const { kind, eventId } = req.params;
    if ((kind !== 'meeting' && kind !== 'webinar') || !isMeetingId(eventId)) throw new HttpError(404, 'errors.planNotFound', {}, LIST);
    return { kind, id: eventId } as const;
  }

  /** @route POST /plans/:id/events/:kind/:eventId/apply — "Apply the plan's destination again" over a hand edit. */
  async function applyAgain(req: Request, res: Response): Promise<void> {
    const plan = await own(req);
    const event = eventOf(req);
    const done = await plans.applyAgain(userOf(req), plan.id, event);
    // Refused by Zoom (or nothing to apply): the log says why.
    req.session.notice = done === 'reapplied' || done === 'unchanged' ? 'plans.notices.applied' : 'plans.notices.notApplied';
    res.redirect(303, `/plans/${plan.id}`);
  }

  /** @route POST /plans/:id/events/:kind/:eventId/leave — "Leave it": the hand edit stays. */
  async function leave(req: Request, res: Response): Promise<void> {
    const plan = await own(req);
    await plans.leave(userOf(req), plan.id, eventOf(req));
    req.session.notice = 'plans.notices.left';
    res.redirect(303, `/plans/${plan.id}`);
  }

  const form = planFormHandlers({ ...deps, own });
  return { list, show, confirmDelete, remove, turnOffAll, applyAgain, leave, ...form };
}
