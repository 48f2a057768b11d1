import type { Request, Response } from 'express';
import type { DestinationsRepository } from '../../destinations/types';
import type { PlanService } from '../../plans/service';
import type { Plan } from '../../plans/types';
import type { EventChoices } from './events';
import type { SessionGrant } from './session-grant';

/** What the plan pages are built from (web/handlers.ts wires them). */
export interface PlanPagesDeps {
  plans: PlanService;
  destinations: Pick<DestinationsRepository, 'names'>;
  /** The host's upcoming events, for the series select and the picked set's topics. */
  choicesOf: (req: Request, res: Response) => Promise<EventChoices>;
  grant: SessionGrant;
  /** The host's plan for :id; a 404 for any other id. */
  own: (req: Request) => Promise<Plan>;
}
