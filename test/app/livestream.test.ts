import request from 'supertest';
import { inputValue, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.clearRequests();
  h.emulator.clearFaults();
});

const typed = {
  stream_url: 'rtmp://stream.example.net/live',
  stream_key: 'key-<&>"\'-2026',
  page_url: 'https://example.net/watch?id=1&lang=en',
  resolution: '1080p',
};

async function connected(host: 'pro' | 'basic') {
  const agent = request.agent(h.app);
  await loginAs(h, host, agent);
  h.emulator.clearRequests();
  return agent;
}

const proMeeting = () => h.emulator.meetingsOf('pro')[0].id;

describe('GET /meetings/:meetingId/livestream', () => {
  it('prefills the form from Zoom\'s current settings, with the stream key masked', async () => {
    const agent = await connected('pro');
    const id = proMeeting();
    const current = h.emulator.livestreamOf(id)!;
    const res = await agent.get(`/meetings/${id}/livestream`).expect(200);
    expect(inputValue(res.text, 'stream_url')).toBe(current.stream_url);
    expect(inputValue(res.text, 'stream_key')).toBe(current.stream_key);
    expect(inputValue(res.text, 'page_url')).toBe(current.page_url);
    expect(res.text).toMatch(/<input id="stream_key" name="stream_key" type="password"/);
    expect(res.text).toMatch(/<label for="stream_url">Stream URL<\/label>/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('without a connected account sends the host to connect (and back: test/app/navigation.test.ts)', async () => {
    const res = await request(h.app).get(`/meetings/${proMeeting()}/livestream`).expect(303);
    expect(res.headers.location).toBe('/install');
  });

  it('for an unknown meeting shows only Zoom\'s 404 3001 and a box for another ID: no form, no stream controls', async () => {
    const agent = await connected('pro');
    const res = await agent.get('/meetings/12345/livestream').expect(404);
    expect(res.text).toContain('Couldn&#39;t load this meeting&#39;s settings');
    expect(res.text).toContain('3001');
    expect(res.text).toContain('Meeting does not exist: 12345.');
    expect(inputValue(res.text, 'stream_url')).toBeUndefined();
    expect(res.text).not.toContain('live-controls');
    expect(res.text).toMatch(/<form method="get" action="\/meetings" class="lookup">/);
  });

  it.each(['0', '-1', '1e3', '0x10', '9223372036854775808', '1234567890123456789012345678', 'abc'])(
    'rejects meeting ID %s with 400 and calls Zoom zero times',
    async (id) => {
      const agent = await connected('pro');
      const res = await agent.get(`/meetings/${encodeURIComponent(id)}/livestream`).expect(400);
      expect(res.text).toContain('A meeting ID is 1 to 19 digits');
      expect(h.emulator.requestsTo('GET', '/v2/meetings')).toHaveLength(0);
    },
  );
});

describe('POST /meetings/:meetingId/livestream', () => {
  it('with the Pro host sends a JSON PATCH of exactly the typed values, then 303 to the form with the notice', async () => {
    const agent = await connected('pro');
    const id = proMeeting();
    const res = await submitLivestream(agent, id, typed, 303);
    expect(res.headers.location).toBe(`/meetings/${id}/livestream`);
    const patches = h.emulator.requestsTo('PATCH', `/v2/meetings/${id}/livestream`);
    expect(patches).toHaveLength(1);
    expect(patches[0].contentType).toMatch(/^application\/json/);
    expect(JSON.parse(patches[0].rawBody)).toEqual(typed);
    const page = await agent.get(res.headers.location).expect(200);
    // The notice says what changed.
    expect(page.text).toMatch(/Updated: stream URL, stream key, live stream page URL/);
    expect(inputValue(page.text, 'stream_key')).toBe(typed.stream_key);
    expect(h.emulator.livestreamOf(id)).toMatchObject(typed);
    // The notice is shown once (post/redirect/get).
    expect((await agent.get(res.headers.location)).text).not.toContain('Updated:');
  });

  it('leaves resolution out of the PATCH when the host keeps Zoom\'s default', async () => {
    const agent = await connected('pro');
    await submitLivestream(agent, proMeeting(), { ...typed, resolution: '' }, 303);
    const body = JSON.parse(h.emulator.requestsTo('PATCH', '/v2/meetings')[0].rawBody);
    expect(body).toEqual({ stream_url: typed.stream_url, stream_key: typed.stream_key, page_url: typed.page_url });
  });

  it('with a Basic host shows Zoom error 3161, the Pro explanation and keeps every typed value', async () => {
    const agent = await connected('basic');
    const id = h.emulator.meetingsOf('basic')[0].id;
    const res = await submitLivestream(agent, id, typed, 400);
    expect(res.text).toMatch(/HTTP status<\/dt><dd class="zoom-status">400</);
    expect(res.text).toMatch(/Zoom error code<\/dt><dd class="zoom-code">3161</);
    expect(res.text).toContain('Meeting hosting and scheduling capabilities are not allowed for your user account.');
    expect(res.text).toContain('Live streaming requires the meeting host to have a Pro licence or higher');
    expect(inputValue(res.text, 'stream_url')).toBe(typed.stream_url);
    expect(inputValue(res.text, 'stream_key')).toBe(typed.stream_key);
    expect(inputValue(res.text, 'page_url')).toBe(typed.page_url);
    expect(res.text).toMatch(/<option value="1080p" selected>/);
    // livestream/change reads Zoom's settings first; Zoom's refusal there is the answer, and no PATCH is sent.
    expect(h.emulator.requestsTo('GET', `/v2/meetings/${id}/livestream`).length).toBeGreaterThanOrEqual(1);
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${id}/livestream`)).toHaveLength(0);
  });

  it('escapes what the host typed instead of echoing markup', async () => {
    const agent = await connected('basic');
    const hostile = { stream_url: '"><script>alert(1)</script>', stream_key: '<img src=x onerror=alert(1)>', page_url: 'https://e.com/"><b>x</b>' };
    const res = await submitLivestream(agent, h.emulator.meetingsOf('basic')[0].id, hostile);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).not.toContain('<b>x</b>');
    expect(inputValue(res.text, 'stream_url')).toBe(hostile.stream_url);
  });

  const long = (n: number) => 'a'.repeat(n);
  const validation: Array<[string, Record<string, string>, string, string]> = [
    ['empty stream URL', { stream_url: '' }, 'stream_url', 'Enter the stream URL'],
    ['stream URL of 1025 characters', { stream_url: `rtmp://x/${long(1016)}` }, 'stream_url', 'at most 1,024 characters'],
    ['stream URL with a line break', { stream_url: 'rtmp://x/a\r\nInjected: 1' }, 'stream_url', 'control characters'],
    ['empty stream key', { stream_key: '' }, 'stream_key', 'Enter the stream key'],
    ['stream key of 513 characters', { stream_key: long(513) }, 'stream_key', 'at most 512 characters'],
    ['stream key with NUL', { stream_key: 'ab\u0000cd' }, 'stream_key', 'control characters'],
    ['empty page URL', { page_url: '' }, 'page_url', 'Enter the live stream page URL.'],
    ['page URL without a scheme', { page_url: 'example.com/live' }, 'page_url', 'must be a full web address'],
    ['javascript: page URL', { page_url: 'javascript:alert(1)' }, 'page_url', 'must be a full web address'],
    ['ftp: page URL', { page_url: 'ftp://example.com/x' }, 'page_url', 'must be a full web address'],
    ['page URL of 1025 characters', { page_url: `https://e.com/${long(1011)}` }, 'page_url', 'at most 1,024 characters'],
    ['unknown resolution', { resolution: '4k' }, 'resolution', 'Choose 720p, 1080p'],
  ];

  it.each(validation)('rejects %s with 400, a message on the field, and no call to Zoom', async (_name, change, field, message) => {
    const agent = await connected('pro');
    const id = proMeeting();
    const values = { ...typed, ...change };
    const res = await submitLivestream(agent, id, values, 400);
    expect(res.text).toContain(`id="${field}-error"`);
    expect(res.text).toContain(message);
    expect(res.text).toContain('Check these fields');
    expect(h.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(0);
    // Other fields keep what was typed.
    if (field !== 'stream_key') expect(inputValue(res.text, 'stream_key')).toBe(values.stream_key);
  });

  it('treats a duplicated field as invalid rather than picking one', async () => {
    const agent = await connected('pro');
    const id = proMeeting();
    const page = await agent.get(`/meetings/${id}/livestream`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const body = `_csrf=${encodeURIComponent(csrf)}&stream_url=rtmp%3A%2F%2Fa&stream_url=rtmp%3A%2F%2Fb&stream_key=k&page_url=https%3A%2F%2Fe.com`;
    const res = await agent.post(`/meetings/${id}/livestream`).type('form').send(body).expect(400);
    expect(res.text).toContain('Send this field once');
    expect(h.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(0);
  });

  it('refuses a JSON body on the form route with 415 and sends nothing to Zoom', async () => {
    const agent = await connected('pro');
    const res = await agent.post(`/meetings/${proMeeting()}/livestream`).send(typed).expect(415);
    expect(res.text).toContain('standard web form');
    expect(h.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(0);
  });

  it('refuses a submission without the CSRF token with 403', async () => {
    const agent = await connected('pro');
    const res = await agent.post(`/meetings/${proMeeting()}/livestream`).type('form').send(typed).expect(403);
    expect(res.text).not.toContain(typed.stream_key);
    expect(h.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(0);
  });
});

describe('meeting IDs above 2^53', () => {
  const BIG = '90071992547409931';

  it('are listed, linked and sent to Zoom digit for digit', async () => {
    const agent = await connected('pro');
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain(`href="/meetings/${BIG}/livestream"`);
    expect(Number(BIG).toString()).not.toBe(BIG); // the trap a JS number falls into
    await agent.get(`/meetings/${BIG}/livestream`).expect(200);
    await submitLivestream(agent, BIG, typed, 303);
    expect(h.emulator.requestsTo('GET', `/v2/meetings/${BIG}/livestream`).length).toBeGreaterThan(0);
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${BIG}/livestream`)).toHaveLength(1);
    expect(h.emulator.livestreamOf(BIG)).toMatchObject(typed);
  });

  it('typed in the meeting-ID box with spaces opens that meeting', async () => {
    const agent = await connected('pro');
    const res = await agent.get('/meetings').query({ meetingId: '9007 1992 5474 09931' }).expect(303);
    expect(res.headers.location).toBe(`/meetings/${BIG}/livestream`);
  });
});
