import request from 'supertest';
import { csrfFrom, loginAs, startHarness, submitLivestream } from '../helpers/harness';
import { leaks, secretsSeen } from '../helpers/secrets';

/** A whole flow, faults included, with the app's log captured: no secret may appear in it. */
it('logs one JSON line per request with an id, and none of the secrets of a whole flow', async () => {
  const h = await startHarness({ env: { ZOOM_TIMEOUT_MS: '300', LOG_LEVEL: 'debug' } });
  try {
    const agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    const id = h.emulator.meetingsOf('pro')[0].id;
    const streamKey = 'stream-key-that-must-stay-secret';
    await submitLivestream(agent, id, { stream_url: 'rtmp://a/live', stream_key: streamKey, page_url: 'https://a.example/w' }, 303);
    h.emulator.expireAccessTokens();
    await agent.get(`/meetings/${id}/livestream`).expect(200);
    h.emulator.failNext({ path: '/v2/meetings', method: 'PATCH', status: 500 });
    await submitLivestream(agent, id, { stream_url: 'rtmp://a/live', stream_key: streamKey, page_url: 'https://a.example/w' }, 502);
    // Other values than Zoom holds: after a timeout the app reads Zoom back, and values already there count as applied.
    h.emulator.failNext({ path: '/v2/meetings', method: 'PATCH', delayMs: 1000 });
    await submitLivestream(agent, id, { stream_url: 'rtmp://b/live', stream_key: streamKey, page_url: 'https://a.example/w' }, 504);
    await agent.get('/oauth/callback?code=guess&state=guess').expect(400);
    const home = await agent.get('/');
    await agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) }).expect(303);

    const log = h.logs.join('');
    const secrets = secretsSeen(h, [streamKey]);
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    expect(leaks(log, secrets)).toEqual([]);
    expect(log).not.toMatch(/zls\.sid=|Bearer |code=guess/);
    const lines = h.logs.map((line) => JSON.parse(line));
    const requests = lines.filter((line) => line.req);
    expect(requests.length).toBeGreaterThan(10);
    for (const line of requests) expect(line.req.id).toMatch(/^[0-9a-f-]{36}$/);
  } finally {
    await h.close();
  }
});

it('shows the request id on error pages, matching the X-Request-Id header', async () => {
  const h = await startHarness();
  try {
    const res = await request(h.app).get('/oauth/callback?code=a&state=b').expect(400);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.text).toContain(`Request ID: <code>${res.headers['x-request-id']}</code>`);
  } finally {
    await h.close();
  }
});
