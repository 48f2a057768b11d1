import request from 'supertest';
import type { EmulatorOptions } from '../../src/emulator';
import { login, signedInAs } from './helpers';

/** Zoom's per-second (per account) and daily (per user) limits, counted on the emulator's injected clock. */
const QPS_BODY = { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' };
const ME = '/v2/users/me';
const LIVESTREAM = '/v2/meetings/85746065001/livestream';
const STREAM = { stream_url: 'rtmp://s.example/live', stream_key: 'k', page_url: 'https://s.example/p' };

/** Noon UTC on 1 May 2026; tests move `clock` instead of waiting. */
let clock = 0;
const now = () => clock;
beforeEach(() => {
  clock = Date.UTC(2026, 4, 1, 12, 0, 0, 250);
});

function limitedAs(host: 'pro' | 'basic' | 'licensed', rateLimits: EmulatorOptions['rateLimits']) {
  // A token that outlives the test's jumps across midnight.
  return signedInAs(host, { now, recordRequests: true, accessTokenTtlSeconds: 7 * 86_400, rateLimits });
}

async function times(count: number, call: (i: number) => Promise<{ status: number }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) statuses.push((await call(i)).status);
  return statuses;
}

describe('per-second limits', () => {
  it('limits nothing unless told to: 100 calls in one second all answer 200, with no rate headers', async () => {
    const { get } = await signedInAs('pro', { now });

    const statuses = await times(100, () => get(ME));

    expect(statuses.every((status) => status === 200)).toBe(true);
    expect((await get(ME)).headers['x-ratelimit-category']).toBeUndefined();
  });

  it('answers the 31st LIGHT call of one second with Zoom\'s 429, and serves again the next second', async () => {
    const { get, patch } = await limitedAs('pro', { lightPerSecond: 30 });
    const light = [() => get(ME), () => get(`${ME}/settings`), () => get(LIVESTREAM), () => get('/v2/meetings/85746065001'),
      () => patch(LIVESTREAM, STREAM), () => get('/v2/webinars/84129876501/livestream')];

    const first = await get(ME);
    const rest = await times(29, (i) => light[i % light.length]());
    const over = await get(LIVESTREAM);

    expect(first.headers).toMatchObject({ 'x-ratelimit-category': 'Light', 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '29' });
    expect(rest.every((status) => status === 200 || status === 204)).toBe(true);
    expect(over.status).toBe(429);
    expect(over.body).toEqual(QPS_BODY);
    expect(over.headers).toMatchObject({
      'x-ratelimit-category': 'Light', 'x-ratelimit-type': 'QPS', 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '0',
      'retry-after': '1',
    });
    clock += 750; // the next whole second of the clock
    expect((await get(ME)).headers['x-ratelimit-remaining']).toBe('29');
  });

  it('leaves Retry-After out when told to', async () => {
    const { get } = await limitedAs('pro', { lightPerSecond: 2, retryAfter: false });

    const [, , over] = [await get(ME), await get(ME), await get(ME)];

    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toBeUndefined();
    expect(over.headers['x-ratelimit-type']).toBe('QPS');
  });

  it('counts per account: the Pro host\'s calls use none of another account\'s', async () => {
    const { emulator, get } = await limitedAs('pro', { lightPerSecond: 3 });
    const other = `Bearer ${(await login(emulator.app, 'licensed')).access_token}`;

    await times(3, () => get(ME));

    expect((await get(ME)).status).toBe(429);
    expect((await request(emulator.app).get(ME).set('Authorization', other)).status).toBe(200);
    expect(emulator.hosts.pro.account_id).not.toBe(emulator.hosts.licensed.account_id);
  });

  it('shares one count between the hosts of one account (Basic and Licensed)', async () => {
    const { emulator, get } = await limitedAs('licensed', { lightPerSecond: 2 });
    const basic = `Bearer ${(await login(emulator.app, 'basic')).access_token}`;

    await times(2, () => get(ME));

    expect((await request(emulator.app).get(ME).set('Authorization', basic)).status).toBe(429);
    expect(emulator.servedPerSecond(emulator.hosts.basic.account_id))
      .toEqual([{ second: Math.floor(clock / 1000), served: 2, limited: 1 }]);
  });

  it('limits the list calls at the MEDIUM rate, in a bucket of their own', async () => {
    const { get } = await limitedAs('pro', { lightPerSecond: 30, mediumPerSecond: 2 });

    const lists = await times(3, () => get(`${ME}/meetings`));
    const over = await get(`${ME}/webinars`);

    expect(lists).toEqual([200, 200, 429]);
    expect(over.headers).toMatchObject({ 'x-ratelimit-category': 'Medium', 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0' });
    expect((await get(ME)).status).toBe(200);
  });

  it('records the 429s in the log without counting them as served', async () => {
    const { emulator, get } = await limitedAs('pro', { lightPerSecond: 30 });

    await times(35, () => get(ME));
    clock += 1000;
    await times(4, () => get(ME));

    const second = Math.floor(clock / 1000);
    expect(emulator.requestsTo('GET', ME)).toHaveLength(39);
    expect(emulator.requestsTo('GET', ME).filter((entry) => entry.rate?.served === false)).toHaveLength(5);
    expect(emulator.requestsTo('GET', ME)[34].rate).toEqual({
      account: emulator.hosts.pro.account_id, category: 'Light', second: second - 1, served: false, type: 'QPS',
    });
    expect(emulator.servedPerSecond('pro')).toEqual([
      { second: second - 1, served: 30, limited: 5 }, { second, served: 4, limited: 0 },
    ]);
  });

  it('changes at run time with setRateLimits', async () => {
    const { emulator, get } = await signedInAs('pro', { now });

    emulator.setRateLimits({ lightPerSecond: 1 });
    const limited = await times(2, () => get(ME));
    emulator.setRateLimits({});

    expect(limited).toEqual([200, 429]);
    expect((await get(ME)).status).toBe(200);
  });

  it('never limits the OAuth endpoints', async () => {
    const { emulator } = await limitedAs('pro', { lightPerSecond: 1, mediumPerSecond: 1 });

    for (let i = 0; i < 4; i += 1) await login(emulator.app, 'pro');

    expect(emulator.requestsTo('POST', '/oauth').every((entry) => entry.rate === undefined)).toBe(true);
    expect((await request(emulator.app).post('/oauth/revoke').type('form').send({})).status).not.toBe(429);
  });
});

describe('daily limit on live stream updates', () => {
  it('refuses the update after N in one UTC day, until 00:00 UTC of the clock', async () => {
    const { get, patch } = await limitedAs('pro', { dailyLivestreamUpdates: 3 });

    const allowed = await times(3, () => patch(LIVESTREAM, STREAM));
    const over = await patch(LIVESTREAM, STREAM);

    expect(allowed).toEqual([204, 204, 204]);
    expect(over.status).toBe(429);
    expect(over.body).toEqual({
      code: 429,
      message: 'You have exceeded the daily rate limit (3) of Meeting Create/Update API requests permitted for this particular user. '
        + 'You may resume these requests at GMT 00:00:00.',
    });
    expect(over.headers).toMatchObject({
      'x-ratelimit-category': 'Light', 'x-ratelimit-type': 'Daily-limit', 'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '0', 'retry-after': '2026-05-02T00:00:00Z',
    });
    expect((await get(LIVESTREAM)).status).toBe(200); // reading is not an update
    clock = Date.UTC(2026, 4, 1, 23, 59, 59, 999);
    expect((await patch(LIVESTREAM, STREAM)).status).toBe(429);
    clock = Date.UTC(2026, 4, 2, 0, 0, 0);
    expect((await patch(LIVESTREAM, STREAM)).status).toBe(204);
  });

  it('does not count a call the per-second limit refused', async () => {
    const { emulator, patch } = await limitedAs('pro', { lightPerSecond: 1, dailyLivestreamUpdates: 2 });

    const statuses = [await patch(LIVESTREAM, STREAM), await patch(LIVESTREAM, STREAM)].map((res) => res.status);
    clock += 1000;
    const next = await patch(LIVESTREAM, STREAM);

    expect(statuses).toEqual([204, 429]);
    expect(next.status).toBe(204);
    expect(emulator.requestsTo('PATCH', LIVESTREAM).map((entry) => entry.rate?.type)).toEqual([undefined, 'QPS', undefined]);
  });
});
