import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { deliverEventsTo, enablePlanFor, nextWeek, planInput, PLANS_ENV, quiet, saveDestination } from '../helpers/plans';

/**
 * A meeting deleted in Zoom leaves the plans: meeting.deleted for the whole event drops what the plans tracked of
 * it (the plan page stops listing it); deleting one occurrence of a series (operation "single") keeps the series.
 */
jest.setTimeout(30_000);

let h: Harness;
let close: () => Promise<void>;
beforeAll(async () => {
  h = await startHarness({ env: PLANS_ENV });
  ({ close } = await deliverEventsTo(h));
});
afterAll(async () => {
  await close();
  await h.close();
});

const trackedIds = async () => (await h.deps.database.db.selectFrom('plan_events').select('event_id').execute()).map((row) => row.event_id).sort();

describe('meetings deleted in Zoom', () => {
  it('a deleted meeting is no longer tracked nor listed; an occurrence deleted from a series leaves the series tracked', async () => {
    await loginAs(h, 'pro');
    const destinationId = await saveDestination(h, h.agent);
    const plan = await enablePlanFor(h, planInput(destinationId, { autoStart: false, rule: { match: 'starts', text: 'Choir', kinds: 'meeting' } }));
    const single = await h.emulator.createEvent('meeting', 'pro', { topic: 'Choir rehearsal', start_time: nextWeek(), duration: 60 });
    const series = await h.emulator.createEvent('meeting', 'pro', { topic: 'Choir practice', start_time: nextWeek(1), duration: 60, occurrences: 3 });
    await quiet(h);
    expect(await trackedIds()).toEqual([single.id, series.id].sort());

    await h.emulator.deleteEvent('meeting', single.id);
    await h.emulator.deleteEvent('meeting', series.id, series.occurrences![0].occurrence_id);
    await quiet(h);

    expect(await trackedIds()).toEqual([series.id]);
    const page = await h.agent.get(`/plans/${plan.id}`).expect(200);
    expect(page.text).toContain('Choir practice');
    expect(page.text).not.toContain('Choir rehearsal');
  });
});
