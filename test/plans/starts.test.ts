import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import { eventually } from '../helpers/eventually';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { eventBody } from '../helpers/zoom-events';
import { deliverEventsTo, enablePlanFor, logOf, nextWeek, planInput, PLANS_ENV, quiet, saveDestination, startsOf } from '../helpers/plans';

/**
 * A plan starting a stream when Zoom says the meeting started: once per meeting instance whatever Zoom's
 * deliveries do (duplicated, replayed, retried), and through Zoom's early refusals for a short window.
 */
jest.setTimeout(30_000);

describe('meeting.started delivered more than once', () => {
  let h: Harness;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    h = await startHarness({ env: PLANS_ENV });
    // Listening, but the emulator sends nothing: the test delivers each meeting.started itself.
    ({ base, close } = await deliverEventsTo(h));
    h.emulator.setWebhook(undefined);
  });
  afterAll(async () => {
    await close();
    await h.close();
  });

  it('a duplicated and a replayed delivery of one meeting instance start its stream once', async () => {
    await loginAs(h, 'pro');
    const destinationId = await saveDestination(h, h.agent);
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Board meeting', start_time: nextWeek(), duration: 60 });
    const plan = await enablePlanFor(h, planInput(destinationId, { keepSettings: false }), 'pro', [{ kind: 'meeting', id: meeting.id, topic: meeting.topic }]);
    await h.emulator.startEvent('meeting', meeting.id);

    const url = `${base}/webhooks/zoom`;
    const hostId = h.emulator.hosts.pro.id;
    const body = eventBody({ name: 'meeting.started', id: meeting.id, hostId, idAs: 'string', eventTs: Date.now() });
    // The same signed delivery twice (a retry), then the same instance (uuid) in a new delivery (a replay).
    const timestampSeconds = Math.floor(Date.now() / 1000);
    expect((await sendZoomWebhook(url, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: body, timestampSeconds })).status).toBe(200);
    expect((await sendZoomWebhook(url, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: body, timestampSeconds })).status).toBe(200);
    const replay = eventBody({ name: 'meeting.started', id: meeting.id, hostId, idAs: 'string', eventTs: Date.now() + 1500 });
    expect(replay).toContain(`"uuid":"u-${meeting.id}"`);
    expect((await sendZoomWebhook(url, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: replay, timestampSeconds: timestampSeconds + 2 })).status).toBe(200);
    await quiet(h);

    expect(startsOf(h, meeting.id)).toHaveLength(1);
    expect(h.emulator.liveStateOf(meeting.id)?.live).toBe(true);
    expect((await logOf(h, plan.id, meeting.id)).map(([action]) => action)).toEqual(['started']);
  });
});

describe('Zoom refusing a start in the first seconds of a meeting', () => {
  let h: Harness;
  let clock = Date.now();
  let close: () => Promise<void>;
  let planId = '';
  let destinationId = '';

  beforeAll(async () => {
    h = await startHarness({ env: PLANS_ENV, emulator: { now: () => clock, startRefusalSeconds: 30 } });
    ({ close } = await deliverEventsTo(h));
    await loginAs(h, 'pro');
    destinationId = await saveDestination(h, h.agent);
    planId = (await enablePlanFor(h, planInput(destinationId, { rule: { match: 'contains', text: 'lecture', kinds: 'meeting' } }))).id;
  });
  afterAll(async () => {
    await close();
    await h.close();
  });

  it('retries the refused start and starts the stream once Zoom accepts it', async () => {
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Lecture 1', start_time: nextWeek(), duration: 60 });
    await quiet(h);
    await h.emulator.startEvent('meeting', meeting.id);
    // The first attempt is refused (4927); the meeting's first 30 seconds pass on the emulator's clock.
    await eventually(async () => (await logOf(h, planId, meeting.id)).some(([action]) => action === 'retrying'), { intervalMs: 2 });
    clock += 31_000;
    await quiet(h);

    const log = (await logOf(h, planId, meeting.id)).filter(([action]) => action !== 'applied');
    expect(log.map(([action]) => action)).toEqual(['retrying', 'started', 'confirmed']);
    expect(log[0][1]).toBe(`400 4927: Meeting ${meeting.id} has not started.`);
    expect(log[1][1]).toMatch(/^attempts:[2-5]$/);
    expect(h.emulator.liveStateOf(meeting.id)?.live).toBe(true);
  });

  it('gives up with Zoom\'s reason when the refusals outlast the waits', async () => {
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Lecture 2', start_time: nextWeek(), duration: 60 });
    await quiet(h);
    await h.emulator.startEvent('meeting', meeting.id);
    await quiet(h);

    const log = (await logOf(h, planId, meeting.id)).filter(([action]) => action !== 'applied');
    expect(log).toEqual([['retrying', `400 4927: Meeting ${meeting.id} has not started.`], ['gave_up', `400 4927: Meeting ${meeting.id} has not started.`]]);
    // One attempt and one per wait (20, 40, 80, 160 ms), each refused.
    expect(startsOf(h, meeting.id)).toHaveLength(5);
    expect(h.emulator.liveStateOf(meeting.id)?.live).toBe(false);
  });
});
