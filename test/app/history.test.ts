import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { csrfFrom, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';

/** The change history: what a save records (before read from Zoom), Restore, ownership, pruning. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const MEETING = '85746065001';
const WEBINAR = '84129876501';
const first = { stream_url: 'rtmp://first.example/app', stream_key: 'first-key-aaaa1111', page_url: 'https://first.example/watch', resolution: '720p' };
const second = { stream_url: 'rtmp://second.example/app', stream_key: 'second-key-bbbb2222', page_url: 'https://second.example/watch', resolution: '1080p' };
const userOf = (host: 'pro' | 'basic') => h.emulator.hosts[host].id;

async function connected(host: 'pro' | 'basic' = 'pro'): Promise<TestAgent> {
  const agent = request.agent(h.app);
  await loginAs(h, host, agent);
  return agent;
}

beforeEach(() => h.deps.history.removeAllOf(userOf('pro')));

describe('a save records the change', () => {
  it('with "before" as Zoom had it just before the PATCH and "after" as sent, keys sealed, listed on the page masked', async () => {
    const agent = await connected();
    await submitLivestream(agent, MEETING, first, 303);
    const zoomBefore = { ...h.emulator.livestreamOf(MEETING)! };
    await submitLivestream(agent, MEETING, second, 303);
    const [latest] = await h.deps.history.recent(userOf('pro'), 'meeting', MEETING);
    expect(latest).toMatchObject({ source: 'form', userId: userOf('pro'), kind: 'meeting', eventId: MEETING, after: second });
    expect(latest.before).toEqual({ stream_url: zoomBefore.stream_url, stream_key: zoomBefore.stream_key, page_url: zoomBefore.page_url, resolution: zoomBefore.resolution });

    const rows = await h.deps.database.db.selectFrom('change_history').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(second.stream_key);
    expect(JSON.stringify(rows)).not.toContain(first.stream_key);

    const page = await agent.get(`/meetings/${MEETING}/livestream`).expect(200);
    expect(page.text).toContain('Recent changes');
    expect(page.text).toContain('<td class="before" data-label="Before">••••••1111</td><td class="after" data-label="After">••••••2222</td>');
    expect(page.text).not.toContain(`>${first.stream_key}</td>`);
  });

  it('"before" is read from Zoom, not from what the browser sends', async () => {
    const agent = await connected();
    await submitLivestream(agent, MEETING, first, 303);
    const page = await agent.get(`/meetings/${MEETING}/livestream`);
    await agent.post(`/meetings/${MEETING}/livestream`).type('form')
      .send({ _csrf: csrfFrom(page.text), ...second, before_stream_key: 'forged', before: 'forged' }).expect(303);
    const [latest] = await h.deps.history.recent(userOf('pro'), 'meeting', MEETING);
    expect(latest.before.stream_key).toBe(first.stream_key);
  });

  it('shows at most the last 10 changes, newest first', async () => {
    const agent = await connected();
    for (let i = 0; i < 12; i += 1) await submitLivestream(agent, MEETING, { ...first, stream_key: `key-number-${String(i).padStart(4, '0')}` }, 303);
    const page = await agent.get(`/meetings/${MEETING}/livestream`).expect(200);
    expect(page.text.match(/class="history-entry"/g)).toHaveLength(10);
    expect(page.text.indexOf('••••••0011')).toBeLessThan(page.text.indexOf('••••••0005'));
  });

  it('a history that cannot be written does not turn Zoom\'s successful save into an error', async () => {
    const agent = await connected();
    const record = jest.spyOn(h.deps.history, 'record').mockRejectedValueOnce(new Error('disk full'));
    try {
      const res = await submitLivestream(agent, MEETING, second, 303);
      expect(res.headers.location).toBe(`/meetings/${MEETING}/livestream`);
      expect(h.emulator.livestreamOf(MEETING)?.stream_key).toBe(second.stream_key);
      expect(h.logs.join('\n')).toContain('change not recorded in the history');
      expect(h.errors).toEqual([]);
    } finally {
      record.mockRestore();
    }
  });
});

describe('Restore', () => {
  it('PATCHes the earlier values back to Zoom, records the restore, and says so on the page', async () => {
    const agent = await connected();
    await submitLivestream(agent, MEETING, first, 303);
    await submitLivestream(agent, MEETING, second, 303);
    const [change] = await h.deps.history.recent(userOf('pro'), 'meeting', MEETING);
    const page = await agent.get(`/meetings/${MEETING}/livestream`).expect(200);
    h.emulator.clearRequests();
    const res = await agent.post(`/meetings/${MEETING}/livestream/restore`).type('form').send({ _csrf: csrfFrom(page.text), entry: change.id }).expect(303);
    expect(res.headers.location).toBe(`/meetings/${MEETING}/livestream`);
    const [patch] = h.emulator.requestsTo('PATCH', `/v2/meetings/${MEETING}/livestream`);
    expect(JSON.parse(patch.rawBody)).toEqual(first);
    expect(h.emulator.livestreamOf(MEETING)).toMatchObject(first);
    const [restore] = await h.deps.history.recent(userOf('pro'), 'meeting', MEETING);
    expect(restore).toMatchObject({ source: 'restore', before: second, after: first });
    const after = await agent.get(`/meetings/${MEETING}/livestream`).expect(200);
    expect(after.text).toContain('Restored the settings from before the change of');
    expect(after.text).toContain('Restored from the history');
  });

  it('works for a webinar through the webinar endpoint', async () => {
    const agent = await connected();
    const form = async () => csrfFrom((await agent.get(`/webinars/${WEBINAR}/livestream`)).text);
    await agent.post(`/webinars/${WEBINAR}/livestream`).type('form').send({ _csrf: await form(), ...first }).expect(303);
    await agent.post(`/webinars/${WEBINAR}/livestream`).type('form').send({ _csrf: await form(), ...second }).expect(303);
    const [change] = await h.deps.history.recent(userOf('pro'), 'webinar', WEBINAR);
    await agent.post(`/webinars/${WEBINAR}/livestream/restore`).type('form').send({ _csrf: await form(), entry: change.id }).expect(303);
    expect(h.emulator.livestreamOf(WEBINAR, 'webinar')).toMatchObject(first);
  });

  it('an entry of another host, or of another meeting, is a 404 and nothing reaches Zoom', async () => {
    const owner = await connected();
    // second, then first: the last save changes something whatever an earlier test left (an unchanged save records nothing).
    await submitLivestream(owner, MEETING, second, 303);
    await submitLivestream(owner, MEETING, first, 303);
    const [change] = await h.deps.history.recent(userOf('pro'), 'meeting', MEETING);
    const intruder = await connected('basic');
    const csrf = csrfFrom((await intruder.get('/')).text);
    h.emulator.clearRequests();
    await intruder.post(`/meetings/${MEETING}/livestream/restore`).type('form').send({ _csrf: csrf, entry: change.id }).expect(404);
    const ownCsrf = csrfFrom((await owner.get('/')).text);
    await owner.post('/meetings/85746065002/livestream/restore').type('form').send({ _csrf: ownCsrf, entry: change.id }).expect(404);
    await owner.post(`/webinars/${MEETING}/livestream/restore`).type('form').send({ _csrf: ownCsrf, entry: change.id }).expect(404);
    await owner.post(`/meetings/${MEETING}/livestream/restore`).type('form').send({ _csrf: ownCsrf, entry: '../x' }).expect(404);
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${MEETING}/livestream`)).toHaveLength(0);
  });

  it('earlier values without a stream key cannot be restored: the page says so and Zoom is not called', async () => {
    const agent = await connected();
    const empty = { stream_url: '', stream_key: '', page_url: '', resolution: '' };
    const entry = await h.deps.history.record({ userId: userOf('pro'), kind: 'meeting', eventId: MEETING, source: 'form', before: empty, after: first });
    const page = await agent.get(`/meetings/${MEETING}/livestream`).expect(200);
    expect(page.text).toContain('Nothing to restore: there were no earlier values.');
    h.emulator.clearRequests();
    await agent.post(`/meetings/${MEETING}/livestream/restore`).type('form').send({ _csrf: csrfFrom(page.text), entry: entry.id }).expect(303);
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${MEETING}/livestream`)).toHaveLength(0);
    expect((await agent.get(`/meetings/${MEETING}/livestream`)).text).toContain('cannot be undone');
  });

  it('a restore Zoom refuses shows Zoom\'s answer like a failed save, and records nothing', async () => {
    const agent = await connected();
    await submitLivestream(agent, MEETING, first, 303);
    await submitLivestream(agent, MEETING, second, 303);
    const [change] = await h.deps.history.recent(userOf('pro'), 'meeting', MEETING);
    const recorded = (await h.deps.history.recent(userOf('pro'), 'meeting', MEETING)).length;
    const page = await agent.get(`/meetings/${MEETING}/livestream`);
    h.emulator.failNext({ method: 'PATCH', path: `/v2/meetings/${MEETING}/livestream`, status: 400, body: { code: 3161, message: 'Live streaming is not enabled' } });
    const res = await agent.post(`/meetings/${MEETING}/livestream/restore`).type('form').send({ _csrf: csrfFrom(page.text), entry: change.id });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Not restored: Zoom refused the change');
    expect(await h.deps.history.recent(userOf('pro'), 'meeting', MEETING)).toHaveLength(recorded);
  });
});

describe('pruning', () => {
  it(`deletes entries older than HISTORY_DAYS and keeps the recent ones`, async () => {
    const settings = { stream_url: 'rtmp://a/b', stream_key: 'prune-key-0000', page_url: 'https://a/b', resolution: '' };
    const day = 86_400_000;
    const base = { userId: userOf('pro'), kind: 'meeting' as const, eventId: MEETING, source: 'form' as const, before: settings, after: settings };
    await h.deps.history.record({ ...base, at: new Date(Date.now() - (h.config.historyDays + 1) * day) });
    await h.deps.history.record({ ...base, at: new Date(Date.now() - day) });
    const pruned = await h.deps.history.prune(new Date(Date.now() - h.config.historyDays * day));
    expect(pruned).toBe(1);
    expect(await h.deps.history.recent(userOf('pro'), 'meeting', MEETING)).toHaveLength(1);
  });
});
