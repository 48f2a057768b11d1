import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { CLIENT_ID, REDIRECT_URI, authorizeQuery, pkcePair } from './helpers';

function consentForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, state: 'st4te',
    code_challenge: pkcePair().challenge, code_challenge_method: 'S256', host: 'pro', decision: 'allow', ...overrides,
  };
}

describe('GET /oauth/authorize (consent page)', () => {
  it('lists the Pro and Basic hosts as radio buttons, Pro checked, with Allow and Deny buttons', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).get('/oauth/authorize').query(authorizeQuery());

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('<title>Zoom emulator — sandbox</title>');
    expect(res.text).toMatch(/<html lang="en">/);
    expect(res.text).toMatch(/<input type="radio" id="host-pro" name="host" value="pro" checked>/);
    expect(res.text).toMatch(/<input type="radio" id="host-basic" name="host" value="basic">/);
    expect(res.text).toContain('Priya Pro (pro.host@example.com) — Pro');
    expect(res.text).toContain('Basil Basic (basic.host@example.com) — Basic');
    expect(res.text).toContain('<button name="decision" value="allow">Allow</button>');
    expect(res.text).toContain('<button name="decision" value="deny">Deny</button>');
    expect(res.text).toContain('<form method="post" action="/oauth/authorize">');
    expect(res.text).not.toMatch(/<script/i);
  });

  it('escapes a hostile state value in the hidden field', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).get('/oauth/authorize').query(authorizeQuery({ state: '"><script>alert(1)</script>' }));

    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('name="state" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it.each([
    ['a wrong response_type', { response_type: 'token' }, /response_type/],
    ['an unknown client_id', { client_id: 'someone-else' }, /client_id/],
    ['a redirect_uri that is not http(s)', { redirect_uri: 'javascript:alert(1)' }, /redirect_uri/],
    ['a plain PKCE method', { code_challenge_method: 'plain' }, /S256/],
  ])('answers 400 with an explanation, and never redirects, for %s', async (_name, overrides, message) => {
    const { app } = createZoomEmulator();

    const res = await request(app).get('/oauth/authorize').query(authorizeQuery(overrides));

    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toMatch(message);
  });

  it('refuses a redirect_uri outside the configured list', async () => {
    const { app } = createZoomEmulator({ redirectUris: ['https://app.example.com/oauth/callback'] });

    const res = await request(app).get('/oauth/authorize').query(authorizeQuery());

    expect(res.status).toBe(400);
    expect(res.text).toContain('not registered');
  });
});

describe('POST /oauth/authorize (the host decides)', () => {
  it('Allow redirects to the redirect_uri with a code and the state', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).post('/oauth/authorize').type('form').send(consentForm());

    expect(res.status).toBe(302);
    const location = new URL(res.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(location.searchParams.get('state')).toBe('st4te');
  });

  it('Deny redirects with access_denied and the state', async () => {
    const { app } = createZoomEmulator();

    const res = await request(app).post('/oauth/authorize').type('form').send(consentForm({ decision: 'deny' }));

    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(
      `${REDIRECT_URI}?error=access_denied&error_description=The+user+denied+access&state=st4te`,
    );
  });

  it('leaves state out of the redirect when none was given', async () => {
    const { app } = createZoomEmulator();
    const { state: _state, ...withoutState } = consentForm();

    const res = await request(app).post('/oauth/authorize').type('form').send(withoutState);

    expect(new URL(res.headers.location).searchParams.has('state')).toBe(false);
  });

  it('answers 400 for an unknown host and for a tampered redirect_uri', async () => {
    const { app } = createZoomEmulator({ redirectUris: [REDIRECT_URI] });

    const unknownHost = await request(app).post('/oauth/authorize').type('form').send(consentForm({ host: 'nobody' }));
    const tampered = await request(app).post('/oauth/authorize').type('form')
      .send(consentForm({ redirect_uri: 'https://evil.example.com/cb' }));

    expect(unknownHost.status).toBe(400);
    expect(tampered.status).toBe(400);
    expect(tampered.headers.location).toBeUndefined();
  });
});
