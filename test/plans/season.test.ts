import request from 'supertest';
import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';
import { leaks, secretsSeen } from '../helpers/secrets';
import { DESTINATION, deliverEventsTo, enablePlanFor, logOf, newestSession, nextWeek, planInput, PLANS_ENV, quiet, saveDestination, settingsPatchesOf, startsOf } from '../helpers/plans';

/**
 * Issue 23, "a season that streams itself": a weekly series and a plan for it. Zoom's events reach the app on a
 * real port; the plan applies the destination when an event it covers is created, and starts the stream when the
 * meeting starts, with no browser session of the host alive.
 */
jest.setTimeout(30_000);

let h: Harness;
let hook: Awaited<ReturnType<typeof deliverEventsTo>>;

beforeAll(async () => {
  h = await startHarness({ env: PLANS_ENV });
  hook = await deliverEventsTo(h);
});
afterAll(async () => {
  await hook?.close();
  await h.close();
});

const expected = { stream_url: DESTINATION.stream_url, stream_key: DESTINATION.stream_key, page_url: DESTINATION.page_url, resolution: DESTINATION.resolution };

describe('a plan for a weekly series', () => {
  it('applies the destination to the series and to a new matching meeting, then starts the stream with nobody logged in', async () => {
    await loginAs(h, 'pro');
    const destinationId = await saveDestination(h, h.agent);
    const plan = await enablePlanFor(h, planInput(destinationId, { rule: { match: 'starts', text: 'Sunday service', kinds: 'meeting' } }));

    // The series is scheduled in Zoom: its created event reaches the app and the plan writes the destination.
    const series = await h.emulator.createEvent('meeting', 'pro', { topic: 'Sunday service', start_time: nextWeek(), duration: 60, occurrences: 6 });
    await quiet(h);
    expect(h.emulator.livestreamOf(series.id)).toMatchObject(expected);
    expect(settingsPatchesOf(h, series.id)).toHaveLength(1);
    // From now on the plan names the series itself (every occurrence: one ID).
    const { plan: withSeries } = await h.deps.plans.service.update(plan.userId, plan.accountId, plan.id, { ...planInput(destinationId), series: { kind: 'meeting', id: series.id }, rule: { match: 'starts', text: 'Sunday service', kinds: 'meeting' } }, undefined);
    expect(withSeries?.series).toEqual({ kind: 'meeting', id: series.id });

    // A meeting scheduled afterwards whose topic the rule matches gets them within its event; another does not.
    const easter = await h.emulator.createEvent('meeting', 'pro', { topic: 'sunday Service — Easter', start_time: nextWeek(10), duration: 90 });
    const other = await h.emulator.createEvent('meeting', 'pro', { topic: 'Choir rehearsal', start_time: nextWeek(3), duration: 60 });
    await quiet(h);
    expect(h.emulator.livestreamOf(easter.id)).toMatchObject(expected);
    expect(settingsPatchesOf(h, other.id)).toHaveLength(0);
    expect((await logOf(h, plan.id, easter.id)).map(([action]) => action)).toEqual(['applied']);

    // The host logs out: the browser session ends, the plan's grant stays (nothing revoked at Zoom).
    const home = await h.agent.get('/').expect(200);
    await h.agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) }).expect(303);
    expect(await h.deps.sessionStore.sessionsOfUser(plan.userId)).toEqual([]);
    expect(h.emulator.requestsTo('POST', '/oauth/revoke')).toHaveLength(0);
    expect(await h.deps.grants.statusOf(plan.userId)).toBe('active');

    // The meeting starts in Zoom: the plan starts its stream, once, with the plan's display name.
    await h.emulator.startEvent('meeting', series.id);
    await quiet(h);
    const starts = startsOf(h, series.id);
    expect(starts).toHaveLength(1);
    expect(starts[0].body).toMatchObject({ action: 'start', settings: { display_name: 'Sunday stream', active_speaker_name: true } });
    expect(h.emulator.liveStateOf(series.id)?.live).toBe(true);
    expect((await logOf(h, plan.id, series.id)).map(([action]) => action)).toEqual(['applied', 'started', 'confirmed']);

    // A new login sees the stream live on the event's page.
    const later = request.agent(h.app);
    await loginAs(h, 'pro', later);
    expect((await newestSession(h)).session.zoom.inGrant).toBe(true);
    const page = await later.get(`/meetings/${series.id}/livestream`).expect(200);
    expect(page.text).toContain('Live since');

    // No token or stream key in a log line, the plan's log, or the grant's row in clear.
    const secrets = secretsSeen(h, [DESTINATION.stream_key]);
    expect(leaks(h.logs.join('\n'), secrets)).toEqual([]);
    const stored = [
      ...(await h.deps.database.db.selectFrom('plan_log').selectAll().execute()).map((row) => JSON.stringify(row)),
      ...(await h.deps.database.db.selectFrom('plan_events').selectAll().execute()).map((row) => JSON.stringify(row)),
      ...(await h.deps.database.db.selectFrom('grants').selectAll().execute()).map((row) => JSON.stringify(row)),
    ].join('\n');
    expect(leaks(stored, secrets)).toEqual([]);
  });
});
