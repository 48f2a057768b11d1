import request from 'supertest';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../db/postgres-env';
import { eventually } from '../helpers/eventually';
import { loginAs } from '../helpers/harness';
import { DESTINATION, enablePlanFor, logOf, nextWeek, planInput, PLANS_ENV, saveDestination, settingsPatchesOf, startsOf } from '../helpers/plans';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances';
import { eventBody } from '../helpers/zoom-events';
import { describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';

/**
 * Two app instances behind a load balancer, sharing PostgreSQL (plans, claims, the grant) and Redis (sessions,
 * the refresh lock): Zoom's event reaching both starts one stream, and the grant refreshed by both at once is
 * refreshed once (Zoom rotates refresh tokens: a second refresh with the old one would be invalid_grant).
 */
jest.setTimeout(60_000);

describeWithRedis('plans on two instances (Redis)', () => {
  describeWithPostgres('plans on two instances (PostgreSQL)', () => {
    let database: TestDatabase;
    let two: TwoInstances;

    beforeAll(async () => {
      database = await createTestDatabase();
      two = await startTwoInstances(uniquePrefix('plans-two'), { ...PLANS_ENV, DATABASE_URL: database.url });
      expect(two.h.deps.database.dialect).toBe('postgres');
    });
    afterAll(async () => {
      await two?.depsB.plans.events.settled();
      await two?.close();
      await database?.drop();
    });

    const settled = () => Promise.all([two.h.deps.plans.events.settled(), two.depsB.plans.events.settled()]);

    it('meeting.started delivered to both instances starts the stream once', async () => {
      const { h } = two;
      const agent = request.agent(two.a.base);
      await loginAs(h, 'pro', agent);
      const destinationId = await saveDestination(h, agent);
      const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Keynote', start_time: nextWeek(), duration: 60 });
      const plan = await enablePlanFor(h, planInput(destinationId, { keepSettings: false }), 'pro', [{ kind: 'meeting', id: meeting.id, topic: meeting.topic }], agent);
      await h.emulator.startEvent('meeting', meeting.id);

      const hostId = h.emulator.hosts.pro.id;
      const at = Date.now();
      const same = eventBody({ name: 'meeting.started', id: meeting.id, hostId, idAs: 'string', eventTs: at });
      // The same instance (uuid) in deliveries that differ: the webhook's once-per-delivery key cannot tell them apart.
      const retried = eventBody({ name: 'meeting.started', id: meeting.id, hostId, idAs: 'string', eventTs: at + 1000 });
      const answers = await Promise.all([
        sendZoomWebhook(`${two.a.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: same }),
        sendZoomWebhook(`${two.b.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: same }),
        sendZoomWebhook(`${two.b.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: retried }),
        sendZoomWebhook(`${two.a.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: retried }),
      ]);
      expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200]);
      await settled();

      expect(startsOf(h, meeting.id)).toHaveLength(1);
      expect(h.emulator.liveStateOf(meeting.id)?.live).toBe(true);
      expect((await logOf(h, plan.id, meeting.id)).map(([action]) => action)).toEqual(['started']);
      const claims = await h.deps.database.db.selectFrom('plan_claims').select('key').where('key', 'like', `start:meeting:${meeting.id}:%`).execute();
      expect(claims).toHaveLength(1);
    });

    it('meeting.created delivered to both instances writes the settings once', async () => {
      const { h } = two;
      const [plan] = await h.deps.plans.repository.enabledOf(h.emulator.hosts.pro.id);
      await h.deps.plans.repository.update(plan.userId, plan.id, { ...plan, keepSettings: true, rule: { match: 'contains', text: 'panel', kinds: 'meeting' } });
      const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Closing panel', start_time: nextWeek(), duration: 60 });
      const body = eventBody({ name: 'meeting.created', id: meeting.id, hostId: h.emulator.hosts.pro.id });
      const answers = await Promise.all([two.a.base, two.b.base].map((base) => sendZoomWebhook(`${base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, {}, { rawBody: body })));
      expect(answers.map((res) => res.status)).toEqual([200, 200]);
      await settled();
      expect(settingsPatchesOf(h, meeting.id)).toHaveLength(1);
      expect(h.emulator.livestreamOf(meeting.id)).toMatchObject({ stream_key: DESTINATION.stream_key });
    });

    it('the reconcile runs on one instance at a time', async () => {
      const ran = await Promise.all([two.h.deps.plans.reconciler.runOnce(), two.depsB.plans.reconciler.runOnce()]);
      expect(ran.filter(Boolean)).toHaveLength(1);
      // Its lease is given back when the round ends: the next period may run anywhere.
      expect(await two.depsB.plans.reconciler.runOnce()).toBe(true);
    });

    it('the grant refreshed from both instances at once is refreshed once, and both calls succeed', async () => {
      const { h, depsB } = two;
      const userId = h.emulator.hosts.pro.id;
      expect(await h.deps.grants.statusOf(userId)).toBe('active');
      const meetingId = h.emulator.meetingsOf('pro')[0].id;
      h.emulator.clearRequests();
      h.emulator.expireAccessTokens();

      const read = (grants: typeof depsB.grants, zoom: typeof depsB.zoom) => grants.withUserToken(userId, (token) => zoom.getLivestream(token, 'meeting', meetingId));
      const results = await Promise.allSettled([read(h.deps.grants, h.deps.zoom), read(depsB.grants, depsB.zoom), read(h.deps.grants, h.deps.zoom), read(depsB.grants, depsB.zoom)]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);

      const refreshes = h.emulator.requestsTo('POST', '/oauth/token').filter((r) => r.grantType === 'refresh_token');
      expect(refreshes).toHaveLength(1);
      expect(await h.deps.grants.statusOf(userId)).toBe('active');
      // The rotated token is the one kept: the next call from either instance needs no refresh.
      await read(depsB.grants, depsB.zoom);
      await read(h.deps.grants, h.deps.zoom);
      expect(h.emulator.requestsTo('POST', '/oauth/token')).toHaveLength(1);
    });
    /*
     * After Zoom's 124 the grant keeper reads the grant again: a token another actor refreshed and stored meanwhile
     * is used as it is, never rotated a second time (a refresh the lock could not share).
     */
    it('an instance whose expired call comes back after the other refreshed uses the new token: no second refresh', async () => {
      const { h, depsB } = two;
      const userId = h.emulator.hosts.pro.id;
      const meetingId = h.emulator.meetingsOf('pro')[0].id;
      h.emulator.clearRequests();
      h.emulator.expireAccessTokens();
      // Instance B's call is slow to come back (Zoom answers its expired token with 124 after 300 ms) ...
      h.emulator.failNext({ method: 'GET', path: `/v2/meetings/${meetingId}/livestream`, delayMs: 300 });
      const slow = depsB.grants.withUserToken(userId, (token) => depsB.zoom.getLivestream(token, 'meeting', meetingId));
      await eventually(() => h.emulator.requestsTo('GET', `/v2/meetings/${meetingId}/livestream`).length === 1);
      // ... while instance A gets its 124 at once, refreshes the grant and stores the rotated token.
      await h.deps.grants.withUserToken(userId, (token) => h.deps.zoom.getLivestream(token, 'meeting', meetingId));
      await slow;

      expect(h.emulator.requestsTo('POST', '/oauth/token').filter((r) => r.grantType === 'refresh_token')).toHaveLength(1);
      expect(await h.deps.grants.statusOf(userId)).toBe('active');
    });
  });
});
