import request from 'supertest';
import { validatorFor } from '../helpers/openapi';
import { loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';

/** Every PATCH body the app sends must satisfy Zoom's published schema, read from the OpenAPI subset. */
const livestreamBody = validatorFor('MeetingIdLivestreamBody');

let h: Harness;
let agent: ReturnType<typeof request.agent>;
beforeAll(async () => {
  h = await startHarness();
  agent = request.agent(h.app);
  await loginAs(h, 'pro', agent);
});
afterAll(() => h.close());
beforeEach(() => h.emulator.clearRequests());

const submissions: Array<[string, Record<string, string>]> = [
  ['all fields with 720p', { stream_url: 'rtmp://a.example/live', stream_key: 'k1', page_url: 'https://a.example/w', resolution: '720p' }],
  ['default resolution', { stream_url: 'rtmps://a.example:443/live', stream_key: 'k2', page_url: 'http://a.example/w?x=1', resolution: '' }],
  ['every field at its limit', { stream_url: `rtmp://a/${'u'.repeat(1014)}`, stream_key: 'k'.repeat(512), page_url: `https://a.example/${'p'.repeat(1004)}`, resolution: '1080p' }],
  ['unicode and emoji', { stream_url: 'rtmp://a.example/ライブ', stream_key: 'clé-🎥', page_url: 'https://a.example/événement', resolution: '' }],
];

it.each(submissions)('the PATCH body for %s matches MeetingIdLivestreamBody', async (_name, fields) => {
  await submitLivestream(agent, h.emulator.meetingsOf('pro')[0].id, fields, 303);
  const [patch] = h.emulator.requestsTo('PATCH', '/v2/meetings');
  const body = JSON.parse(patch.rawBody);
  const verdict = livestreamBody(body);
  expect(verdict.errors).toBe('');
  expect(verdict.valid).toBe(true);
});

it('the schema itself rejects what the app refuses to send (one past each limit)', () => {
  const base = { stream_url: 'rtmp://a/x', stream_key: 'k', page_url: 'https://a.example/' };
  expect(livestreamBody({ ...base, stream_url: 'u'.repeat(1025) }).valid).toBe(false);
  expect(livestreamBody({ ...base, stream_key: 'k'.repeat(513) }).valid).toBe(false);
  expect(livestreamBody({ stream_url: 'rtmp://a/x', page_url: 'https://a.example/' }).valid).toBe(false);
});
