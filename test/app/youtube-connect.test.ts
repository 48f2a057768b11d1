import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { deauthorizationEvent, sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import { startHarness, loginAs, csrfFrom, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';
import type { AccountKey } from '../../src/emulators/youtube';
import { hiddenFields } from '../youtube/connect';

/**
 * Connect YouTube (issue 24): Google's authorization code flow with PKCE through the official client, against the
 * YouTube emulator; the grant sealed in the app's database per Zoom user; the three consent outcomes; disconnect,
 * Delete my saved data and app deauthorization each revoke it at Google and delete it.
 */
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ youtube: {} });
  await loginAs(h, 'pro');
});
afterEach(() => h.close());

/** The host presses Connect YouTube, picks a Google account on the consent page and answers; the app's reply. */
async function connectYouTube(account: AccountKey, decision: 'allow' | 'deny' = 'allow') {
  const start = await h.agent.get('/youtube/connect').expect(302);
  const authUrl = new URL(start.headers.location);
  expect(authUrl.origin).toBe(h.youtube!.url);
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authUrl.searchParams.get('access_type')).toBe('offline');
  expect(authUrl.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/youtube.force-ssl');
  const page = await fetch(authUrl);
  const answer = await fetch(new URL('/o/oauth2/v2/auth', authUrl), {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...hiddenFields(await page.text()), account, decision }),
  });
  const back = new URL(answer.headers.get('location') ?? '');
  const done = await h.agent.get(`${back.pathname}${back.search}`).expect(303);
  expect(done.headers.location).toBe('/destinations');
  return (await h.agent.get('/destinations').expect(200)).text;
}

const grantRows = () => h.deps.database.db.selectFrom('grants').selectAll().where('provider', '=', 'google').execute();

describe('Connect YouTube', () => {
  it('a channel that can stream is connected: the page names it, the grant is sealed in the database, never in clear', async () => {
    const before = await h.agent.get('/destinations').expect(200);
    expect(before.text).toContain('Connect YouTube (sandbox)');

    const page = await connectYouTube('streamer');

    expect(page).toContain('YouTube connected:');
    expect(page).toContain('Connected to the channel');
    const rows = await grantRows();
    expect(rows).toHaveLength(1);
    expect(rows[0].user_id).toBe(h.emulator.hosts.pro.id);
    const tokenCall = h.youtube!.requestsTo('POST', '/token').at(-1)!;
    expect(tokenCall.body).toMatchObject({ grant_type: 'authorization_code' });
    expect((tokenCall.body as Record<string, string>).code_verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    // What Google issued is nowhere in clear: not in the row, not in the logs.
    const issued = h.youtube!.requests.filter((r) => r.path === '/youtube/v3/channels').map((r) => String(r.authorization ?? '').replace(/^Bearer /, ''));
    expect(issued[0]).toBeTruthy();
    expect(JSON.stringify(rows)).not.toContain(issued[0]);
    expect(h.logs.join('\n')).not.toContain(issued[0]);
  });

  it('a channel not enabled for live streaming is told the step that fixes it, and nothing is kept (the grant is revoked)', async () => {
    const page = await connectYouTube('not-enabled');

    expect(page).toContain('This YouTube channel is not enabled for live streaming. Turn it on in YouTube Studio');
    expect(await grantRows()).toHaveLength(0);
    expect(h.youtube!.requestsTo('POST', '/revoke')).toHaveLength(1);
  });

  it('an account with no channel is told to create one; a refusal on Google\'s page is said plainly', async () => {
    expect(await connectYouTube('no-channel')).toContain('This Google account has no YouTube channel. Create a channel');
    expect(await connectYouTube('streamer', 'deny')).toContain('YouTube was not connected: you did not allow access');
    expect(await grantRows()).toHaveLength(0);
  });

  it('YouTube refusing to describe the channel (its quota spent) is a plain "try again", not a 500, and keeps nothing', async () => {
    h.youtube!.setQuota(0);
    const page = await connectYouTube('streamer');

    expect(page).toContain('YouTube was not connected: Google could not complete the sign-in or describe the channel');
    expect(await grantRows()).toHaveLength(0);
    expect(h.youtube!.requestsTo('POST', '/revoke')).toHaveLength(1);
    expect(h.errors).toEqual([]);
  });

  it('a callback that is not the pending one (replayed, forged state) is refused without a token exchange', async () => {
    await h.agent.get('/youtube/connect').expect(302);
    const forged = await h.agent.get('/youtube/callback?code=abc&state=not-the-one').expect(303);
    expect(forged.headers.location).toBe('/destinations');
    expect((await h.agent.get('/destinations')).text).toContain('That YouTube sign-in link has expired or was already used');
    expect(h.youtube!.requestsTo('POST', '/token')).toHaveLength(0);
  });

  it('Disconnect YouTube revokes the grant at Google and deletes it', async () => {
    await connectYouTube('streamer');
    const page = await h.agent.get('/destinations').expect(200);
    await h.agent.post('/youtube/disconnect').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);

    expect(await grantRows()).toHaveLength(0);
    expect(h.youtube!.requestsTo('POST', '/revoke')).toHaveLength(1);
    expect((await h.agent.get('/destinations')).text).toContain('YouTube disconnected.');
  });

  it('Delete my saved data revokes and deletes the YouTube grant too', async () => {
    await connectYouTube('streamer');
    const confirm = await h.agent.get('/destinations/delete-all').expect(200);
    await h.agent.post('/destinations/delete-all').type('form').send({ _csrf: csrfFrom(confirm.text) }).expect(303);

    expect(await grantRows()).toHaveLength(0);
    expect(h.youtube!.requestsTo('POST', '/revoke')).toHaveLength(1);
  });

  it('Zoom\'s app_deauthorized revokes and deletes the host\'s YouTube grant', async () => {
    await connectYouTube('streamer');
    const listening = await listenOnLoopback(h.app);
    try {
      const event = deauthorizationEvent(h.emulator.hosts.pro.id, h.emulator.hosts.pro.account_id, h.config.zoom.clientId);
      expect((await sendZoomWebhook(`${listening.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, event, {})).status).toBe(200);
    } finally {
      await listening.close();
    }
    expect(await grantRows()).toHaveLength(0);
    expect(h.youtube!.requestsTo('POST', '/revoke')).toHaveLength(1);
  });

  it('an access token past its time is renewed once before a YouTube call, and the refresh token stays', async () => {
    await connectYouTube('streamer');
    const userId = h.emulator.hosts.pro.id;
    // The grant says it is due: the next call renews it first (Google does not rotate the refresh token).
    await h.deps.database.db.updateTable('grants').set({ sealed_token: (await grantRows())[0].sealed_token.replace(/"refreshAt":\d+/, '"refreshAt":0') }).execute();
    const titles = await Promise.all([1, 2].map(() => h.deps.youtube!.grant.withYouTube(userId, async (auth) => (await auth.getAccessToken()).token)));

    const refreshes = h.youtube!.requestsTo('POST', '/token').filter((r) => (r.body as Record<string, string>).grant_type === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(titles[0]).toBe(titles[1]);
    expect(await h.deps.youtube!.grant.channelOf(userId)).toMatchObject({ title: expect.any(String) });
  });
});
