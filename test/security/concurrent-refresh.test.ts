import request from 'supertest';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';

/** 100 requests of one host arrive together with an expired token: Zoom sees exactly one refresh. */
let h: Harness;
let listening: Awaited<ReturnType<typeof listenOnLoopback>>;
let base: string;

beforeAll(async () => {
  h = await startHarness();
  listening = await listenOnLoopback(h.app);
  base = listening.base;
});
afterAll(async () => {
  await listening.close();
  await h.close();
});

it('100 parallel requests at an expired access token make one refresh, and all succeed', async () => {
  const agent = request.agent(base);
  await loginAs(h, 'pro', agent);
  const id = h.emulator.meetingsOf('pro')[0].id;
  h.emulator.expireAccessTokens();
  h.emulator.clearRequests();

  const replies = await Promise.all(Array.from({ length: 100 }, () => agent.get(`/meetings/${id}/livestream`)));

  expect(replies.filter((reply) => reply.status !== 200).map((reply) => reply.status)).toEqual([]);
  const refreshes = h.emulator.requestsTo('POST', '/oauth/token').filter((r) => r.grantType === 'refresh_token');
  expect(refreshes).toHaveLength(1);
  // After the storm the saved session holds the rotated token: the next call needs no refresh.
  h.emulator.clearRequests();
  await agent.get(`/meetings/${id}/livestream`).expect(200);
  expect(h.emulator.requestsTo('POST', '/oauth/token')).toHaveLength(0);
});
