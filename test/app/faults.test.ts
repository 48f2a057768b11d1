import request from 'supertest';
import { inputValue, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';
import { leaks, secretsSeen } from '../helpers/secrets';

/** Zoom misbehaving: each fault gives the right page and status, keeps typed values, and the next request works. */
let h: Harness;
let agent: ReturnType<typeof request.agent>;
const typed = { stream_url: 'rtmp://stream.example.net/live', stream_key: 'fault-key-77', page_url: 'https://example.net/watch', resolution: '' };

beforeAll(async () => {
  h = await startHarness({ env: { ZOOM_TIMEOUT_MS: '300' } });
  agent = request.agent(h.app);
  await loginAs(h, 'pro', agent);
});
afterAll(() => h.close());
beforeEach(() => h.emulator.clearFaults());

const meeting = () => h.emulator.meetingsOf('pro')[2].id;
/** Reads of live stream settings (the page also reads the meeting's details beside them). */
const settingsReads = () => h.emulator.requestsTo('GET', '/v2/meetings').filter((entry) => entry.path.endsWith('/livestream'));
const onPatch = { path: '/v2/meetings', method: 'PATCH' };

async function expectRecovers() {
  await submitLivestream(agent, meeting(), typed, 303);
}

it.each([
  ['Zoom 500', { ...onPatch, status: 500 }, 502, 'Zoom had a problem'],
  ['Zoom 502 with an HTML body', { ...onPatch, status: 502, rawBody: '<html>Bad gateway</html>' }, 502, 'without an error message'],
  ['Zoom 429 with Retry-After', { ...onPatch, status: 429, headers: { 'Retry-After': '7' } }, 429, 'wait 7 seconds'],
  ['Zoom 429 without Retry-After', { ...onPatch, status: 429 }, 429, 'Wait a moment'],
  ['Zoom slower than the timeout', { ...onPatch, delayMs: 1500 }, 504, 'did not answer within 0.3 seconds'],
  ['a reset connection', { ...onPatch, reset: true }, 502, 'could not be reached'],
])('%s: status %i, typed values kept, next request succeeds', async (_name, fault, status, message) => {
  // Zoom must not already hold these values: after a timeout the app reads Zoom back, and values Zoom holds
  // count as applied (livestream/change). Each case types a key of its own.
  const mine = { ...typed, stream_key: `${typed.stream_key}-${status}-${message.length}` };
  const page = await agent.get(`/meetings/${meeting()}/livestream`).expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  h.emulator.failNext(fault);
  h.emulator.clearRequests();
  const res = await agent.post(`/meetings/${meeting()}/livestream`).type('form').send({ _csrf: csrf, ...mine });
  expect(res.status).toBe(status);
  // A PATCH that may have reached Zoom is never repeated.
  expect(h.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(1);
  expect(res.text).toContain(message);
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  expect(inputValue(res.text, 'stream_key')).toBe(mine.stream_key);
  expect(h.errors).toEqual([]);
  expect(leaks(h.logs.join(''), secretsSeen(h, [mine.stream_key]))).toEqual([]);
  await expectRecovers();
});

describe('reading (GET) is retried with backoff', () => {
  const onGet = { path: /^\/v2\/meetings\/\d+\/livestream$/, method: 'GET' };

  it.each([
    ['a 500', { ...onGet, status: 500 }],
    ['a 502 with an HTML body', { ...onGet, status: 502, rawBody: '<html>Bad gateway</html>' }],
    ['a reset connection', { ...onGet, reset: true }],
    ['a 429 with Retry-After: 1', { ...onGet, status: 429, headers: { 'Retry-After': '1' } }],
    ['a 429 without Retry-After', { ...onGet, status: 429 }],
  ])('%s once: the form still loads, Zoom saw two GETs', async (_name, fault) => {
    h.emulator.failNext(fault);
    h.emulator.clearRequests();
    await agent.get(`/meetings/${meeting()}/livestream`).expect(200);
    expect(h.emulator.requestsTo('GET', `/v2/meetings/${meeting()}/livestream`)).toHaveLength(2);
  });

  it('gives up at once when Retry-After is beyond the wait budget, and shows the wait', async () => {
    h.emulator.failNext({ ...onGet, status: 429, headers: { 'Retry-After': '120' } });
    h.emulator.clearRequests();
    const res = await agent.get(`/meetings/${meeting()}/livestream`).expect(429);
    expect(res.text).toContain('wait 120 seconds');
    expect(settingsReads()).toHaveLength(1);
  });

  it('stops after three attempts when Zoom keeps failing', async () => {
    h.emulator.failNext({ ...onGet, status: 503, times: 5 });
    h.emulator.clearRequests();
    await agent.get(`/meetings/${meeting()}/livestream`).expect(502);
    expect(settingsReads()).toHaveLength(3);
    h.emulator.clearFaults();
  });
});

it('a 200 with malformed JSON when reading settings renders the empty form with a 502 panel', async () => {
  h.emulator.failNext({ path: /\/livestream$/, method: 'GET', rawBody: '{"stream_url": "rtmp://' });
  const res = await agent.get(`/meetings/${meeting()}/livestream`).expect(502);
  expect(res.text).toContain('not valid JSON');
  expect(inputValue(res.text, 'stream_url')).toBe('');
  await agent.get(`/meetings/${meeting()}/livestream`).expect(200);
});

describe('a reply larger than 1 MB is refused, not read', () => {
  // Valid JSON, so only the size can make the app refuse it: read whole, it would render the form with a 2 MB key.
  const huge = JSON.stringify({ stream_url: 'rtmp://x', stream_key: 'k'.repeat(2 * 1024 * 1024), page_url: 'https://x.example', resolution: '' });

  it.each([
    ['with a Content-Length', { chunked: false }],
    ['streamed in chunks, without a Content-Length', { chunked: true }],
  ])('%s: the form answers 502, Zoom saw one GET, and the next request works', async (_name, { chunked }) => {
    h.emulator.failNext({ path: /\/livestream$/, method: 'GET', rawBody: huge, chunked });
    h.emulator.clearRequests();

    const res = await agent.get(`/meetings/${meeting()}/livestream`);

    expect(res.status).toBe(502);
    expect(res.text).toContain('larger than 1 MB');
    expect(res.text).not.toContain('kkkkkkkk');
    expect(settingsReads()).toHaveLength(1);
    expect(h.errors).toEqual([]);
    await agent.get(`/meetings/${meeting()}/livestream`).expect(200);
  });
});

it('a failing meeting list still renders the home page with the panel and the ID box', async () => {
  h.emulator.failNext({ path: '/v2/users/me/meetings', status: 500, times: 3 });
  const res = await agent.get('/').expect(200);
  expect(res.text).toContain('Zoom had a problem');
  expect(res.text).toContain('name="meetingId"');
});

it('logout still ends the session when Zoom\'s revoke fails', async () => {
  const other = request.agent(h.app);
  await loginAs(h, 'pro', other);
  const home = await other.get('/');
  h.emulator.failNext({ path: '/oauth/revoke', status: 500 });
  await other.post('/logout').type('form').send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(home.text)![1] }).expect(303);
  expect((await other.get('/')).text).toContain('Connect your Zoom account');
});
