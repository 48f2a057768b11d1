import { loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';
import { DESTINATION, deliverEventsTo, enablePlanFor, logOf, nextWeek, planInput, PLANS_ENV, quiet, saveDestination, settingsPatchesOf } from '../helpers/plans';
import type { Plan } from '../../src/plans/types';
import { zoomTokenOf } from '../helpers/zoom-token';

/**
 * A plan never writes over settings a host changed by hand after the plan wrote them: it reports the conflict
 * and leaves them, until the host says "Apply the plan's destination again".
 */
jest.setTimeout(30_000);

let h: Harness;
let hook: Awaited<ReturnType<typeof deliverEventsTo>>;
let plan: Plan;

const byHand = { stream_url: 'rtmp://hand.example.com/live', stream_key: 'typed-by-hand', page_url: 'https://hand.example.com/watch', resolution: '720p' };

beforeAll(async () => {
  h = await startHarness({ env: PLANS_ENV });
  hook = await deliverEventsTo(h);
  await loginAs(h, 'pro');
  const destinationId = await saveDestination(h, h.agent);
  plan = await enablePlanFor(h, planInput(destinationId, { rule: { match: 'contains', text: 'town hall', kinds: 'meeting' } }));
});
afterAll(async () => {
  await hook?.close();
  await h.close();
});

const conflictOf = async (eventId: string) => Number((await h.deps.database.db.selectFrom('plan_events').select('conflict')
  .where('plan_id', '=', plan.id).where('event_id', '=', eventId).executeTakeFirstOrThrow()).conflict);

/** A meeting the plan matched and wrote the destination to, through its created event. */
async function plannedMeeting(topic: string): Promise<string> {
  const meeting = await h.emulator.createEvent('meeting', 'pro', { topic, start_time: nextWeek(), duration: 60 });
  await quiet(h);
  expect(h.emulator.livestreamOf(meeting.id)).toMatchObject({ stream_key: DESTINATION.stream_key });
  return meeting.id;
}

describe('a hand edit after the plan wrote', () => {
  it('is reported as a conflict and left alone; "Apply again" writes the destination again', async () => {
    const id = await plannedMeeting('Town hall — March');
    // The host changes the settings on the event's page (through the grant: the session holds none).
    await submitLivestream(h.agent, id, byHand, 303);
    await quiet(h);
    const patches = settingsPatchesOf(h, id).length;

    await h.deps.plans.reconciler.runOnce();
    expect(settingsPatchesOf(h, id)).toHaveLength(patches);
    expect(h.emulator.livestreamOf(id)).toMatchObject(byHand);
    expect(await conflictOf(id)).toBe(1);
    expect((await logOf(h, plan.id, id)).map(([action]) => action)).toEqual(['applied', 'conflict']);
    const page = await h.agent.get(`/plans/${plan.id}`).expect(200);
    expect(page.text).toContain('Changed by hand since the plan wrote it');
    expect(page.text).toContain(`action="/plans/${plan.id}/events/meeting/${id}/apply"`);

    // Reported once: the next period neither writes nor logs it again.
    await h.deps.plans.reconciler.runOnce();
    expect(settingsPatchesOf(h, id)).toHaveLength(patches);
    expect((await logOf(h, plan.id, id)).map(([action]) => action)).toEqual(['applied', 'conflict']);

    expect(await h.deps.plans.service.applyAgain(plan.userId, plan.id, { kind: 'meeting', id })).toBe('reapplied');
    expect(settingsPatchesOf(h, id)).toHaveLength(patches + 1);
    expect(h.emulator.livestreamOf(id)).toMatchObject({ stream_url: DESTINATION.stream_url, stream_key: DESTINATION.stream_key, page_url: DESTINATION.page_url });
    expect(await conflictOf(id)).toBe(0);
    expect((await logOf(h, plan.id, id)).map(([action]) => action)).toEqual(['applied', 'conflict', 'reapplied']);
  });

  it('a change straight in Zoom (its API, as the web portal) is a conflict too, and "Leave it" keeps it for good', async () => {
    const id = await plannedMeeting('Town hall — April');
    const token = await zoomTokenOf(h.emulator, 'pro');
    const res = await fetch(`${h.emulator.url}/v2/meetings/${id}/livestream`, {
      method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(byHand),
    });
    expect(res.status).toBe(204);
    await quiet(h);
    const patches = settingsPatchesOf(h, id).length;

    await h.deps.plans.reconciler.runOnce();
    expect(await conflictOf(id)).toBe(1);
    expect(await h.deps.plans.service.leave(plan.userId, plan.id, { kind: 'meeting', id })).toBe(true);
    await h.deps.plans.reconciler.runOnce();
    expect(settingsPatchesOf(h, id)).toHaveLength(patches);
    expect(h.emulator.livestreamOf(id)).toMatchObject(byHand);
    expect((await logOf(h, plan.id, id)).map(([action]) => action)).toEqual(['applied', 'conflict', 'left']);
  });

  /*
   * Zoom's meeting.updated names no host (payload.object has no host_id; the emulator sends it so, as Zoom does):
   * the plans of the account's planning hosts read the event with each host's grant and act for its host.
   */
  it('the hand edit\'s own meeting.updated reports the conflict, with no reconcile', async () => {
    const id = await plannedMeeting('Town hall — May');
    await submitLivestream(h.agent, id, byHand, 303);
    await quiet(h);
    expect(await conflictOf(id)).toBe(1);
    expect((await logOf(h, plan.id, id)).map(([action]) => action)).toEqual(['applied', 'conflict']);
  });

  it('a meeting renamed in Zoom to match the rule gets the settings within its updated event', async () => {
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Staff lunch', start_time: nextWeek(), duration: 60 });
    await quiet(h);
    expect(settingsPatchesOf(h, meeting.id)).toHaveLength(0);
    await h.emulator.updateEvent('meeting', meeting.id, { topic: 'Town hall — June' });
    await quiet(h);
    expect(h.emulator.livestreamOf(meeting.id)).toMatchObject({ stream_key: DESTINATION.stream_key });
  });
});
