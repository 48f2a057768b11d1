import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { MAX_DESTINATIONS, type DestinationInput } from '../../src/destinations/types';
import { deauthorizationEvent, sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import { csrfFrom, inputValue, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';

/** Saved destinations through the pages: create, edit, delete, validation, ownership, sealing, the limit, and the picker. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const MEETING = '85746065001';
const youtube: DestinationInput = { name: 'Main channel', stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'abcd-efgh-ijkl-3f9a', page_url: 'https://youtube.com/@acme/live', resolution: '1080p' };
const fields = ({ name, stream_url, stream_key, page_url, resolution }: DestinationInput) => ({ name, stream_url, stream_key, page_url, resolution });

async function connected(host: 'pro' | 'basic' = 'pro'): Promise<TestAgent> {
  const agent = request.agent(h.app);
  await loginAs(h, host, agent);
  return agent;
}

const userOf = (host: 'pro' | 'basic') => h.emulator.hosts[host].id;

async function post(agent: TestAgent, path: string, body: Record<string, string>, formPath = '/destinations/new') {
  const form = await agent.get(formPath);
  return agent.post(path).type('form').send({ _csrf: csrfFrom(form.text), ...body });
}

beforeEach(async () => {
  for (const host of ['pro', 'basic'] as const) {
    await h.deps.destinations.removeAllOf(userOf(host));
    await h.deps.history.removeAllOf(userOf(host));
  }
});

describe('the destinations pages', () => {
  it('create from the YouTube starting point, list with the key masked, edit, then delete after confirming', async () => {
    const agent = await connected();
    const empty = await agent.get('/destinations').expect(200);
    expect(empty.text).toContain('You have no saved destinations yet.');
    const start = await agent.get('/destinations/new?preset=youtube').expect(200);
    expect(inputValue(start.text, 'stream_url')).toBe('rtmp://a.rtmp.youtube.com/live2');
    expect(start.text).toContain('the stream key is under Stream settings');

    const created = await post(agent, '/destinations', fields(youtube)).then((res) => res);
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/destinations');
    const list = await agent.get('/destinations').expect(200);
    expect(list.text).toContain('Destination “Main channel” saved');
    expect(list.text).toContain('<td class="key" data-label="Stream key">••••••3f9a</td>');
    expect(list.text).not.toContain(youtube.stream_key);

    const [saved] = await h.deps.destinations.list(userOf('pro'));
    const edit = await agent.get(`/destinations/${saved.id}/edit`).expect(200);
    expect(inputValue(edit.text, 'name')).toBe('Main channel');
    await post(agent, `/destinations/${saved.id}/edit`, { ...fields(youtube), name: 'Backup channel', resolution: '720p' }, `/destinations/${saved.id}/edit`).then((res) => expect(res.status).toBe(303));
    expect(await h.deps.destinations.get(userOf('pro'), saved.id)).toMatchObject({ name: 'Backup channel', resolution: '720p' });

    const confirm = await agent.get(`/destinations/${saved.id}/delete`).expect(200);
    expect(confirm.text).toContain('Delete this destination?');
    expect(await h.deps.destinations.get(userOf('pro'), saved.id)).toBeDefined();
    const deleted = await agent.post(`/destinations/${saved.id}/delete`).type('form').send({ _csrf: csrfFrom(confirm.text) }).expect(303);
    expect(deleted.headers.location).toBe('/destinations');
    expect(await h.deps.destinations.list(userOf('pro'))).toEqual([]);
  });

  it.each([
    ['an empty name', { name: '' }, 'Enter a name for this destination.'],
    ['a name over 80 characters', { name: 'n'.repeat(81) }, 'The name can be at most 80 characters.'],
    ['a name with a line break', { name: 'one\ntwo' }, 'The name must not contain control characters or line breaks.'],
    ['an empty stream URL', { stream_url: '' }, 'Enter the stream URL.'],
    ['a stream key over 512 characters', { stream_key: 'k'.repeat(513) }, 'The stream key can be at most 512 characters.'],
    ['a page URL that is not a web address', { page_url: 'ftp://example.com' }, 'must be a full web address'],
    ['an unknown resolution', { resolution: '4k' }, 'Choose 720p, 1080p or Zoom&#39;s default.'],
  ])('refuses %s with the live stream form\'s message, keeping what was typed', async (_label, change, message) => {
    const agent = await connected();
    const res = await post(agent, '/destinations', { ...fields(youtube), ...change });
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(res.text).toContain('class="error-summary"');
    expect(await h.deps.destinations.list(userOf('pro'))).toEqual([]);
  });

  it('refuses a name the host already uses, and accepts it for another host', async () => {
    const agent = await connected();
    await h.deps.destinations.create(userOf('pro'), youtube);
    const res = await post(agent, '/destinations', fields(youtube));
    expect(res.status).toBe(400);
    expect(res.text).toContain('You already have a destination with this name.');
    const other = await connected('basic');
    expect((await post(other, '/destinations', fields(youtube))).status).toBe(303);
  });

  it('another host\'s destination is a 404 on every route, and stays as it was', async () => {
    const mine = await h.deps.destinations.create(userOf('pro'), youtube);
    const intruder = await connected('basic');
    for (const path of [`/destinations/${mine.id}/edit`, `/destinations/${mine.id}/delete`, '/destinations/not-an-id!/edit', `/meetings/${MEETING}/livestream?destination=${mine.id}`]) {
      await intruder.get(path).expect(404);
    }
    const csrf = csrfFrom((await intruder.get('/destinations')).text);
    await intruder.post(`/destinations/${mine.id}/delete`).type('form').send({ _csrf: csrf }).expect(404);
    await intruder.post(`/destinations/${mine.id}/edit`).type('form').send({ _csrf: csrf, ...fields(youtube), name: 'Stolen' }).expect(404);
    expect(await h.deps.destinations.get(userOf('pro'), mine.id)).toMatchObject({ name: 'Main channel' });
    expect((await intruder.get('/destinations')).text).not.toContain('Main channel');
  });

  it('keeps stream keys sealed at rest with the token vault', async () => {
    const agent = await connected();
    await post(agent, '/destinations', fields(youtube));
    const rows = await h.deps.database.db.selectFrom('destinations').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(youtube.stream_key);
    expect(rows[0].sealed_stream_key).toMatch(/^v1\./);
    expect(h.deps.vault.open(rows[0].sealed_stream_key)).toBe(youtube.stream_key);
  });

  it(`keeps at most ${MAX_DESTINATIONS} per host: the next one is refused with the typed values kept`, async () => {
    for (let i = 0; i < MAX_DESTINATIONS; i += 1) await h.deps.destinations.create(userOf('pro'), { ...youtube, name: `Channel ${i}` });
    const agent = await connected();
    const list = await agent.get('/destinations').expect(200);
    expect(list.text).toContain('You have 50 saved destinations, the most this app keeps.');
    expect(list.text).not.toContain('href="/destinations/new"');
    const res = await post(agent, '/destinations', { ...fields(youtube), name: 'One too many' });
    expect(res.status).toBe(409);
    expect(inputValue(res.text, 'name')).toBe('One too many');
    expect(await h.deps.destinations.list(userOf('pro'))).toHaveLength(MAX_DESTINATIONS);
  });
});

describe('destinations on the live stream page', () => {
  it('"Fill from a saved destination" prefills the form and sends nothing to Zoom', async () => {
    const saved = await h.deps.destinations.create(userOf('pro'), youtube);
    const agent = await connected();
    const page = await agent.get(`/meetings/${MEETING}/livestream`).expect(200);
    expect(page.text).toContain(`<option value="${saved.id}">Main channel</option>`);
    const before = h.emulator.livestreamOf(MEETING);
    h.emulator.clearRequests();
    const filled = await agent.get(`/meetings/${MEETING}/livestream?destination=${saved.id}`).expect(200);
    expect(inputValue(filled.text, 'stream_url')).toBe(youtube.stream_url);
    expect(inputValue(filled.text, 'stream_key')).toBe(youtube.stream_key);
    expect(filled.text).toContain('Filled from “Main channel”');
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${MEETING}/livestream`)).toHaveLength(0);
    expect(h.emulator.livestreamOf(MEETING)).toEqual(before);
  });

  it('after a successful save, "Save these values as a destination" keeps them and returns to the meeting', async () => {
    const agent = await connected();
    const typed = { stream_url: 'rtmp://live.example.net/app', stream_key: 'save-as-key-77aa', page_url: 'https://example.net/watch', resolution: '720p' };
    await submitLivestream(agent, MEETING, typed, 303);
    const page = await agent.get(`/meetings/${MEETING}/livestream`).expect(200);
    expect(page.text).toContain('Save these values as a destination');
    const res = await agent.post('/destinations').type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'Example net', back: `/meetings/${MEETING}/livestream`, ...typed }).expect(303);
    expect(res.headers.location).toBe(`/meetings/${MEETING}/livestream`);
    expect(await h.deps.destinations.list(userOf('pro'))).toEqual([expect.objectContaining({ name: 'Example net', ...typed })]);
    const again = await agent.get(`/meetings/${MEETING}/livestream`).expect(200);
    expect(again.text).not.toContain('Save these values as a destination');
  });

  it('a back address that is not a live stream page is ignored', async () => {
    const agent = await connected();
    const res = await post(agent, '/destinations', { ...fields(youtube), back: 'https://evil.example/' });
    expect(res.headers.location).toBe('/destinations');
  });
});

describe('deleting a host\'s data', () => {
  async function seed() {
    for (const host of ['pro', 'basic'] as const) {
      await h.deps.destinations.create(userOf(host), youtube);
      const settings = { stream_url: 'rtmp://a/b', stream_key: 'k-1234', page_url: 'https://a/b', resolution: '' };
      await h.deps.history.record({ userId: userOf(host), kind: 'meeting', eventId: MEETING, source: 'form', before: settings, after: settings });
    }
  }
  const counts = async (host: 'pro' | 'basic') => [
    (await h.deps.destinations.list(userOf(host))).length,
    (await h.deps.history.recent(userOf(host), 'meeting', MEETING)).length,
  ];

  it('"Delete my saved data" asks first, then removes the host\'s destinations and history and no one else\'s', async () => {
    await seed();
    const agent = await connected();
    const confirm = await agent.get('/destinations/delete-all').expect(200);
    expect(confirm.text).toContain('Delete your saved data?');
    expect(await counts('pro')).toEqual([1, 1]);
    await agent.post('/destinations/delete-all').type('form').send({ _csrf: csrfFrom(confirm.text) }).expect(303);
    expect(await counts('pro')).toEqual([0, 0]);
    expect(await counts('basic')).toEqual([1, 1]);
    expect((await agent.get('/destinations')).text).toContain('Your saved destinations and change history were deleted');
  });

  it('app_deauthorized removes that user\'s destinations and history with their sessions, and no one else\'s', async () => {
    await seed();
    const listening = await listenOnLoopback(h.app);
    try {
      const event = deauthorizationEvent(userOf('pro'), 'acct', h.config.zoom.clientId);
      const res = await sendZoomWebhook(`${listening.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, event, {});
      expect(res.status).toBe(200);
    } finally {
      await listening.close();
    }
    expect(await counts('pro')).toEqual([0, 0]);
    expect(await counts('basic')).toEqual([1, 1]);
  });
});

describe('when the database cannot answer', () => {
  it('the destinations pages answer 503 with the usual page; the live stream page still works without the picker and history', async () => {
    const down = await startHarness();
    try {
      const agent = request.agent(down.app);
      await loginAs(down, 'pro', agent);
      await down.deps.database.close();
      const list = await agent.get('/destinations').expect(503);
      expect(list.text).toContain('Saved data unavailable');
      expect(list.headers['retry-after']).toBe('5');
      const page = await agent.get(`/meetings/${MEETING}/livestream`).expect(200);
      expect(page.text).toContain('Save live stream');
      expect(page.text).not.toContain('Fill from a saved destination');
      expect(page.text).not.toContain('Recent changes');
      const saved = await agent.post(`/meetings/${MEETING}/livestream`).type('form')
        .send({ _csrf: csrfFrom(page.text), stream_url: 'rtmp://x.example/app', stream_key: 'down-key-1', page_url: 'https://x.example/', resolution: '' });
      expect(saved.status).toBe(303);
      expect(down.emulator.livestreamOf(MEETING)?.stream_key).toBe('down-key-1');
      expect(down.errors).toEqual([]);
    } finally {
      // The database is closed already: stop the job runner (its poll timer keeps jest alive) and the emulator.
      await down.deps.jobRunner.stop();
      await down.emulator.close();
    }
  });
});
