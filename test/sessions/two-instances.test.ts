import request from 'supertest';
import type { AppDeps } from '../../src/deps';
import { csrfFrom, loginAs, submitLivestream, type Harness } from '../helpers/harness';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { deauthorizationEvent, sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import { describeWithRedis, uniquePrefix } from './redis-test-env';

/**
 * Two app instances, each with its own Redis client, on two loopback ports, sharing one Redis:
 * no sticky sessions needed. One browser (one cookie jar) talks to both, as behind a load balancer.
 */
describeWithRedis('two app instances sharing Redis', () => {
  const prefix = uniquePrefix('two-instances');
  let two: TwoInstances;
  let h: Harness;
  let depsB: AppDeps;
  let a: TwoInstances['a'];
  let b: TwoInstances['b'];

  beforeAll(async () => {
    two = await startTwoInstances(prefix);
    ({ h, depsB, a, b } = two);
  });
  afterAll(() => two.close());

  /** One browser: requests to either instance carry the same cookies (cookies ignore the port). */
  function browser() {
    const onA = request.agent(a.base);
    const onB = request.agent(b.base);
    onB.jar = onA.jar;
    return { onA, onB };
  }

  const isConnected = (html: string) => !html.includes('Connect your Zoom account');
  const meetingId = () => h.emulator.meetingsOf('pro')[0].id;

  it('a host who logs in on A can update on B, and logging out on B logs them out on A', async () => {
    const { onA, onB } = browser();
    await loginAs(h, 'pro', onA);
    expect(isConnected((await onB.get('/').expect(200)).text)).toBe(true);

    await submitLivestream(onB, meetingId(), { stream_url: 'rtmp://via-b.example/live', stream_key: 'b-key', page_url: 'https://via-b.example/watch' }, 303);
    expect(h.emulator.livestreamOf(meetingId())?.stream_url).toBe('rtmp://via-b.example/live');
    expect((await onA.get(`/meetings/${meetingId()}/livestream`).expect(200)).text).toContain('rtmp://via-b.example/live');

    const home = await onB.get('/').expect(200);
    await onB.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) }).expect(303);
    const afterLogout = await onA.get('/').expect(200);
    expect(afterLogout.text).toContain('Connect your Zoom account');
  });

  it('destroyUserSessions on A\'s store ends the host\'s sessions seen from both instances, and only theirs', async () => {
    const laptop = browser();
    const phone = browser();
    const basicHost = browser();
    await loginAs(h, 'pro', laptop.onA);
    await loginAs(h, 'pro', phone.onB);
    await loginAs(h, 'basic', basicHost.onB);
    const proId = h.emulator.hosts.pro.id;
    expect(await h.deps.sessionStore.sessionsOfUser(proId)).toHaveLength(2);
    expect(await depsB.sessionStore.sessionsOfUser(proId)).toHaveLength(2);

    expect(await h.deps.sessionStore.destroyUserSessions(proId)).toBe(2);

    for (const agent of [laptop.onA, laptop.onB, phone.onA, phone.onB]) {
      expect(isConnected((await agent.get('/').expect(200)).text)).toBe(false);
    }
    expect(isConnected((await basicHost.onA.get('/').expect(200)).text)).toBe(true);
    expect(await depsB.sessionStore.sessionsOfUser(proId)).toEqual([]);
  });

  it('a deauthorization webhook received by A ends the host\'s sessions on both instances', async () => {
    const laptop = browser();
    const phone = browser();
    await loginAs(h, 'pro', laptop.onA);
    await loginAs(h, 'pro', phone.onB);
    const event = deauthorizationEvent(h.emulator.hosts.pro.id, 'acct', h.config.zoom.clientId);
    const res = await sendZoomWebhook(`${a.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, event);
    expect(await res.json()).toEqual({ status: 'ok', sessionsEnded: 2 });
    for (const agent of [laptop.onA, laptop.onB, phone.onA, phone.onB]) {
      expect(isConnected((await agent.get('/').expect(200)).text)).toBe(false);
    }
  });

  it('requests arriving on both instances at an expired token make one refresh in all', async () => {
    const { onA, onB } = browser();
    await loginAs(h, 'pro', onA);
    h.emulator.expireAccessTokens();
    h.emulator.clearRequests();
    const page = `/meetings/${meetingId()}/livestream`;
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? onA : onB).get(page)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(200));
    const refreshes = h.emulator.requestsTo('POST', '/oauth/token').filter((r) => r.grantType === 'refresh_token');
    expect(refreshes).toHaveLength(1);
  });
});
