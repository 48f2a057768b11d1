import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { DESTINATION, enablePlanFor, logOf, nextWeek, planInput, PLANS_ENV, saveDestination, settingsPatchesOf, startsOf } from '../helpers/plans';

/**
 * Plans without Zoom's events (no event subscription: the emulator sends the app nothing). The reconcile's
 * timer is off (PLANS_RECONCILE_SECONDS=0); each runOnce() is one of its periods, so "within its period" is
 * proved without waiting for one.
 */
jest.setTimeout(30_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: PLANS_ENV });
});
afterAll(() => h.close());

describe('the reconcile, with no webhook reaching the app', () => {
  it('applies the settings to a new matching meeting and starts a planned meeting in progress, once', async () => {
    await loginAs(h, 'pro');
    const destinationId = await saveDestination(h, h.agent);
    const plan = await enablePlanFor(h, planInput(destinationId, { rule: { match: 'starts', text: 'Weekly class', kinds: 'meeting' } }));
    const fresh = await h.emulator.createEvent('meeting', 'pro', { topic: 'Weekly class: algebra', start_time: nextWeek(), duration: 60 });
    const running = await h.emulator.createEvent('meeting', 'pro', { topic: 'Weekly class: geometry', start_time: nextWeek(1), duration: 60 });
    await h.emulator.startEvent('meeting', running.id);
    expect(h.emulator.webhookDeliveries()).toHaveLength(0);
    expect(settingsPatchesOf(h, fresh.id)).toHaveLength(0);
    expect(startsOf(h, running.id)).toHaveLength(0);
    const before = await h.deps.plans.service.status(plan.userId);
    expect(before).toMatchObject({ grant: 'active', lastRun: 0 });

    expect(await h.deps.plans.reconciler.runOnce()).toBe(true);
    const expected = { stream_url: DESTINATION.stream_url, stream_key: DESTINATION.stream_key, page_url: DESTINATION.page_url };
    expect(h.emulator.livestreamOf(fresh.id)).toMatchObject(expected);
    expect(h.emulator.livestreamOf(running.id)).toMatchObject(expected);
    expect(startsOf(h, running.id)).toHaveLength(1);
    expect(startsOf(h, running.id)[0].body).toMatchObject({ action: 'start', settings: { display_name: 'Sunday stream' } });
    expect(h.emulator.liveStateOf(running.id)?.live).toBe(true);
    expect((await logOf(h, plan.id, running.id)).map(([action]) => action)).toEqual(['applied', 'started']);
    expect((await h.deps.plans.service.status(plan.userId)).lastRun).toBeGreaterThan(0);

    // The next period finds everything as the plan left it: no PATCH, no second start, nothing more in the log.
    const patches = h.emulator.requestsTo('PATCH', '/v2/').length;
    const entries = (await logOf(h, plan.id)).length;
    expect(await h.deps.plans.reconciler.runOnce()).toBe(true);
    expect(h.emulator.requestsTo('PATCH', '/v2/')).toHaveLength(patches);
    expect(await logOf(h, plan.id)).toHaveLength(entries);
  });
});
