import type { Request, Response } from 'express';
import { isRecordId } from '../../destinations/form';
import { MAX_PICKED } from '../../plans/types';
import { formField, formString } from '../shared/form-field';
import { pickTargets } from './targets';

/**
 * @route POST /streams/plan — "Make a plan of the ticked events": the ticked rows (and the destination chosen)
 * carried to the plan form as GET /plans/new?pick=meeting:ID…. A POST, so the form's CSRF token never lands
 * in an address; the plan form checks the picks against Zoom's lists as it does for any.
 */
export function toPlanHandler(req: Request, res: Response): void {
  const { targets } = pickTargets(formField(req, 'targets'));
  const query = new URLSearchParams();
  for (const target of targets.slice(0, MAX_PICKED)) query.append('pick', target.value);
  const destination = formString(req, 'destination');
  if (isRecordId(destination)) query.set('destination_id', destination);
  const search = query.toString();
  res.redirect(303, search ? `/plans/new?${search}` : '/plans/new');
}
