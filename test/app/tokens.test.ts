import request from 'supertest';
import { consent, inputValue, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';

const typed = { stream_url: 'rtmp://stream.example.net/live', stream_key: 'refresh-key-1', page_url: 'https://example.net/watch', resolution: '720p' };

describe('token refresh', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  async function connectedPro() {
    const agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
    h.emulator.clearRequests();
    return agent;
  }

  it('refreshes an access token Zoom says has expired, retries, and the update succeeds', async () => {
    const agent = await connectedPro();
    const id = h.emulator.meetingsOf('pro')[1].id;
    h.emulator.expireAccessTokens();
    await submitLivestream(agent, id, typed, 303);
    const refreshes = h.emulator.requestsTo('POST', '/oauth/token').filter((r) => r.grantType === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(h.emulator.livestreamOf(id)).toMatchObject(typed);
  });

  it('saves the rotated refresh token, so a second expiry refreshes again', async () => {
    const agent = await connectedPro();
    const id = h.emulator.meetingsOf('pro')[1].id;
    h.emulator.expireAccessTokens();
    await agent.get(`/meetings/${id}/livestream`).expect(200);
    h.emulator.expireAccessTokens();
    await agent.get(`/meetings/${id}/livestream`).expect(200);
    const refreshes = h.emulator.requestsTo('POST', '/oauth/token').filter((r) => r.grantType === 'refresh_token');
    expect(refreshes).toHaveLength(2);
    const sent = refreshes.map((r) => (r.body as Record<string, string>).refresh_token);
    expect(sent[0]).not.toBe(sent[1]);
  });

  it('asks the host to reconnect, keeping typed values, when Zoom refuses the refresh token', async () => {
    const agent = await connectedPro();
    const id = h.emulator.meetingsOf('pro')[1].id;
    const page = await agent.get(`/meetings/${id}/livestream`);
    h.emulator.expireAccessTokens();
    h.emulator.expireRefreshTokens();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const refused = { ...typed, stream_key: 'never-reaches-zoom' };
    const res = await agent.post(`/meetings/${id}/livestream`).type('form').send({ _csrf: csrf, ...refused }).expect(401);
    expect(res.text).toContain('Reconnect Zoom');
    expect(res.text).toContain('href="/install"');
    expect(inputValue(res.text, 'stream_url')).toBe(typed.stream_url);
    expect(inputValue(res.text, 'stream_key')).toBe(refused.stream_key);
    // Zoom refused the expired token (401) and the refresh; nothing was stored there.
    expect(h.emulator.livestreamOf(id)?.stream_key).not.toBe(refused.stream_key);
    // The dead token is gone from the session: the home page offers to connect again.
    expect((await agent.get('/')).text).toContain('Connect your Zoom account');
  });
});

describe('reconnecting after Zoom refused the refresh', () => {
  it('brings the values the host was submitting back into the form, kept server-side', async () => {
    const h = await startHarness();
    try {
      const agent = request.agent(h.app);
      await loginAs(h, 'pro', agent);
      const id = h.emulator.meetingsOf('pro')[2].id;
      const page = await agent.get(`/meetings/${id}/livestream`);
      h.emulator.expireAccessTokens();
      h.emulator.expireRefreshTokens();
      const pending = { ...typed, stream_key: 'typed-before-reconnect' };
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      const refused = await agent.post(`/meetings/${id}/livestream`).type('form').send({ _csrf: csrf, ...pending }).expect(401);
      expect(refused.text).toContain('Reconnect Zoom');

      const back = await consent(h, agent, 'pro');
      expect(back.toString()).not.toContain('typed-before-reconnect');
      const callback = await agent.get(`${back.pathname}${back.search}`).expect(302);
      expect(callback.headers.location).toBe(`/meetings/${id}/livestream`);
      const restored = await agent.get(callback.headers.location).expect(200);
      expect(restored.text).toContain('Your unsaved values are back');
      expect(inputValue(restored.text, 'stream_key')).toBe(pending.stream_key);
      expect(inputValue(restored.text, 'stream_url')).toBe(pending.stream_url);
      // Shown once: the next visit reads Zoom's settings again.
      const again = await agent.get(`/meetings/${id}/livestream`).expect(200);
      expect(inputValue(again.text, 'stream_key')).not.toBe(pending.stream_key);
    } finally {
      await h.close();
    }
  });
});

describe('token close to expiry', () => {
  // Zoom's tokens live an hour and the app refreshes one a minute before it ends. The app's clock (deps.now,
  // which the token keeper reads) jumps 59 minutes ahead and stays there: the token Zoom issued at login
  // is due, the one the refresh brings is not (its refresh point counts from the later real time).
  let jumped: number | undefined;
  const appClock = () => jumped ?? Date.now();
  const pastRefreshPoint = () => void (jumped = Date.now() + 59 * 60_000);
  const startNearExpiry = () => startHarness({ emulator: { accessTokenTtlSeconds: 3600 }, deps: { now: appClock } });
  afterEach(() => void (jumped = undefined));

  it('is refreshed before the call, so Zoom never sees an expired token', async () => {
    const h = await startNearExpiry();
    try {
      await loginAs(h, 'pro');
      pastRefreshPoint();
      h.emulator.clearRequests();
      await h.agent.get(`/meetings/${h.emulator.meetingsOf('pro')[0].id}/livestream`).expect(200);
      const [first, second] = h.emulator.requests;
      expect(first.path).toBe('/oauth/token');
      expect(first.grantType).toBe('refresh_token');
      expect(second.path).toMatch(/^\/v2\/meetings\/\d+(\/livestream)?$/);
      // One refresh, then the page's two reads (details and settings) both with the new token.
      const api = h.emulator.requests.filter((r) => r.path.startsWith('/v2'));
      expect(h.emulator.requestsTo('POST', '/oauth/token')).toHaveLength(1);
      expect(api).toHaveLength(2);
      expect(api[0].authorization).toBe(api[1].authorization);
    } finally {
      await h.close();
    }
  });

  it('is refreshed once when ten requests arrive together', async () => {
    const h = await startNearExpiry();
    try {
      await loginAs(h, 'pro');
      pastRefreshPoint();
      h.emulator.clearRequests();
      const id = h.emulator.meetingsOf('pro')[0].id;
      const replies = await Promise.all(Array.from({ length: 10 }, () => h.agent.get(`/meetings/${id}/livestream`)));
      expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(h.emulator.requestsTo('POST', '/oauth/token')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
