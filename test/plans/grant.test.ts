import request from 'supertest';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { deauthorizationEvent, sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import type { Plan } from '../../src/plans/types';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { deliverEventsTo, enablePlanFor, logOf, nextWeek, planInput, PLANS_ENV, quiet, saveDestination, startsOf } from '../helpers/plans';

/**
 * The grant a plan acts with: Zoom refusing its refresh pauses the host's plans until they connect again;
 * the host removing the app deletes the grant and everything of their plans, and nothing acts afterwards.
 */
jest.setTimeout(30_000);

let h: Harness;
let hook: Awaited<ReturnType<typeof deliverEventsTo>>;
let plan: Plan;

beforeAll(async () => {
  h = await startHarness({ env: PLANS_ENV });
  hook = await deliverEventsTo(h);
  await loginAs(h, 'pro');
  const destinationId = await saveDestination(h, h.agent);
  plan = await enablePlanFor(h, planInput(destinationId, { rule: { match: 'starts', text: 'Service', kinds: 'meeting' } }));
});
afterAll(async () => {
  await hook?.close();
  await h.close();
});

const rowsOf = async (table: 'grants' | 'plans' | 'plan_events' | 'plan_log' | 'plan_claims') =>
  (await h.deps.database.db.selectFrom(table).select('user_id').where('user_id', '=', plan.userId).execute()).length;

/** A meeting the plan covers (its created event wrote the destination), not started yet. */
async function plannedMeeting(topic: string): Promise<string> {
  const meeting = await h.emulator.createEvent('meeting', 'pro', { topic, start_time: nextWeek(), duration: 60 });
  await quiet(h);
  expect((await logOf(h, plan.id, meeting.id)).map(([action]) => action)).toEqual(['applied']);
  return meeting.id;
}

describe('Zoom refusing the grant (invalid_grant on refresh)', () => {
  it('pauses the plans (grant refused, nothing started); a new login resumes them and the next start works', async () => {
    const id = await plannedMeeting('Service at nine');
    h.emulator.expireAccessTokens();
    h.emulator.expireRefreshTokens();
    await h.emulator.startEvent('meeting', id);
    await quiet(h);

    expect(await h.deps.grants.statusOf(plan.userId)).toBe('refused');
    // One attempt with the expired access token (Zoom's 401 124), then the refused refresh: no start and no retry.
    expect(startsOf(h, id)).toHaveLength(1);
    expect(h.emulator.requestsTo('POST', '/oauth/token').filter((r) => r.grantType === 'refresh_token')).toHaveLength(1);
    expect(h.emulator.liveStateOf(id)?.live).toBe(false);
    // Nothing of the dead token is kept.
    const row = await h.deps.database.db.selectFrom('grants').select('sealed_token').where('user_id', '=', plan.userId).executeTakeFirstOrThrow();
    expect(row.sealed_token).toBe('{}');
    // Every page of the host says so, with the way back.
    for (const path of ['/', '/destinations']) {
      const page = await h.agent.get(path);
      expect([path, page.text]).toEqual([path, expect.stringContaining('Your plans are paused: Zoom refused the app&#39;s access.')]);
      expect(page.text).toContain('href="/install"');
    }

    // The host connects Zoom again: the fresh token becomes the grant, and the next meeting instance streams.
    await loginAs(h, 'pro', request.agent(h.app));
    expect(await h.deps.grants.statusOf(plan.userId)).toBe('active');
    await h.emulator.endEvent('meeting', id);
    await h.emulator.startEvent('meeting', id);
    await quiet(h);
    expect(startsOf(h, id)).toHaveLength(2);
    expect(h.emulator.liveStateOf(id)?.live).toBe(true);
    expect((await logOf(h, plan.id, id)).map(([action]) => action)).toEqual(['applied', 'paused', 'started', 'confirmed']);
  });
});

describe('app_deauthorized', () => {
  it('deletes the grant, the plans, their events, log and claims; a later meeting.started starts nothing', async () => {
    // Connected (whatever the test before left of the grant).
    await loginAs(h, 'pro', request.agent(h.app));
    const id = await plannedMeeting('Service at eleven');
    expect(await rowsOf('grants')).toBe(1);
    expect(await rowsOf('plans')).toBe(1);
    expect(await rowsOf('plan_events')).toBeGreaterThan(0);
    expect(await rowsOf('plan_log')).toBeGreaterThan(0);

    const { id: userId, account_id: accountId } = h.emulator.hosts.pro;
    const res = await sendZoomWebhook(`${hook.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, deauthorizationEvent(userId, accountId, h.config.zoom.clientId));
    expect(res.status).toBe(200);
    for (const table of ['grants', 'plans', 'plan_events', 'plan_log', 'plan_claims'] as const) expect([table, await rowsOf(table)]).toEqual([table, 0]);

    await h.emulator.startEvent('meeting', id);
    await quiet(h);
    expect(startsOf(h, id)).toHaveLength(0);
    expect(h.emulator.liveStateOf(id)?.live).toBe(false);
    expect(await rowsOf('plan_log')).toBe(0);
    // Nothing acts in the next period either.
    await h.deps.plans.reconciler.runOnce();
    expect(startsOf(h, id)).toHaveLength(0);
  });
});
