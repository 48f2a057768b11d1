import type { Request, Response } from 'express';
import { DuplicatePlanNameError, MAX_PLANS, PlanLimitError, type Plan, type PlanEvent } from '../../plans/types';
import { speakerOf } from '../shared/failures';
import { DISPLAY_NAME_MAX, NAME_MAX, NEW_VALUES, RULE_TEXT_MAX, checkValues, inputOf, manyOf, refOf, valuesOf, valuesOfPlan, type PlanErrors, type PlanValues } from './form';
import { checkEvents, pickedRows, seriesOptions } from './events';
import type { PlanPagesDeps } from './pages-deps';

const NO_CHOICES = { series: [], topics: new Map<string, string>(), failure: null };

interface FormPage {
  plan?: Plan;
  values: PlanValues;
  errors?: PlanErrors;
  tracked?: PlanEvent[];
}

/** The plan form: new (GET /plans/new, POST /plans) and edit (GET and POST /plans/:id/edit). */
export function planFormHandlers({ plans, destinations, choicesOf, grant, own }: PlanPagesDeps) {
  const userOf = (req: Request) => req.session.zoom?.userId ?? '';
  const accountOf = (req: Request) => req.session.host?.accountId ?? '';

  async function renderForm(req: Request, res: Response, status: number, page: FormPage): Promise<void> {
    const [choices, saved] = await Promise.all([choicesOf(req, res), destinations.names(userOf(req))]);
    res.status(status).render('plans-form', {
      id: page.plan?.id ?? '',
      planName: page.plan?.name ?? '',
      values: page.values,
      errors: page.errors ?? {},
      series: seriesOptions(choices, page.values.series),
      picked: pickedRows(page.values, choices, page.tracked),
      listFailed: choices.failure !== null,
      saved,
      limits: { name: NAME_MAX, displayName: DISPLAY_NAME_MAX, ruleText: RULE_TEXT_MAX },
    });
  }

  /** Values that pass, with the picks' topics; or the messages. `plan`: the plan being edited. */
  async function check(req: Request, res: Response, values: PlanValues, plan?: Plan, tracked?: PlanEvent[]) {
    const { t } = speakerOf(req);
    const errors = checkValues(values, t);
    const saved = await destinations.names(userOf(req));
    if (!errors.destination_id && !saved.some((d) => d.id === values.destination_id)) errors.destination_id = t('plans.errors.destination');
    const ownSeries = plan?.series ? `${plan.series.kind}:${plan.series.id}` : undefined;
    // Zoom's lists are read only for what they must confirm: a new series, or picks.
    const needsLists = (values.series !== '' && values.series !== ownSeries) || values.pick.length > 0;
    const choices = needsLists ? await choicesOf(req, res) : NO_CHOICES;
    const events = checkEvents(values, choices, { series: ownSeries, tracked }, t);
    return { errors: { ...events.errors, ...errors }, picked: events.picked };
  }

  /** The repository's refusals as the form's words: the bound on plans, a name taken. */
  function refusal(req: Request, error: unknown): PlanErrors {
    const { t } = speakerOf(req);
    if (error instanceof PlanLimitError) return { name: t('plans.errors.limit', { max: MAX_PLANS }) };
    if (error instanceof DuplicatePlanNameError) return { name: t('plans.errors.nameTaken') };
    throw error;
  }

  /** @route GET /plans/new?pick=meeting:ID… — the form; picks ticked on /streams come preselected. */
  async function showNew(req: Request, res: Response): Promise<void> {
    const pick = manyOf(req.query.pick).filter((value) => refOf(value) !== undefined).slice(0, 300);
    const destination = typeof req.query.destination_id === 'string' ? req.query.destination_id : '';
    await renderForm(req, res, 200, { values: { ...NEW_VALUES, pick, destination_id: destination } });
  }

  /** @route POST /plans — create; turning it on hands the session's token to the grant. */
  async function create(req: Request, res: Response): Promise<void> {
    const values = valuesOf(req.body);
    const { errors, picked } = await check(req, res, values);
    if (Object.keys(errors).length > 0) return renderForm(req, res, 400, { values, errors });
    const token = values.enabled ? await grant.held(req) : undefined;
    let plan: Plan;
    try {
      plan = await plans.create(userOf(req), accountOf(req), inputOf(values), picked, token);
    } catch (error) {
      // Refused before the token moved (the service keeps the grant only once the plan is kept): the session keeps it.
      return renderForm(req, res, 400, { values, errors: refusal(req, error) });
    }
    if (token) await grant.handedOver(req);
    req.session.notice = speakerOf(req).t('plans.notices.saved', { name: plan.name });
    res.redirect(303, `/plans/${plan.id}`);
  }

  /** @route GET /plans/:id/edit */
  async function showEdit(req: Request, res: Response): Promise<void> {
    const plan = await own(req);
    const tracked = await plans.events(plan.id);
    await renderForm(req, res, 200, { plan, tracked, values: valuesOfPlan(plan, tracked.filter((event) => event.picked)) });
  }

  /** @route POST /plans/:id/edit — turning on hands the token over; turning off the last one gives it back. */
  async function update(req: Request, res: Response): Promise<void> {
    const plan = await own(req);
    const tracked = await plans.events(plan.id);
    const values = valuesOf(req.body);
    const { errors, picked } = await check(req, res, values, plan, tracked);
    if (Object.keys(errors).length > 0) return renderForm(req, res, 400, { plan, tracked, values, errors });
    const token = values.enabled ? await grant.held(req) : undefined;
    let result;
    try {
      result = await plans.update(userOf(req), accountOf(req), plan.id, inputOf(values), picked, token, grant.usesGrant(req));
    } catch (error) {
      return renderForm(req, res, 400, { plan, tracked, values, errors: refusal(req, error) });
    }
    if (token) await grant.handedOver(req);
    await grant.takeBack(req, result.returned);
    req.session.notice = speakerOf(req).t('plans.notices.saved', { name: values.name });
    res.redirect(303, `/plans/${plan.id}`);
  }

  return { showNew, create, showEdit, update };
}
