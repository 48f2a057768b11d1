'use strict';
/** Logs in once through the real OAuth flow (app → emulator consent → callback) and returns the cookie and a CSRF token. */

function cookieOf(res, previous = '') {
  const set = res.headers.getSetCookie?.() ?? [];
  return set.length ? set[0].split(';')[0] : previous;
}

async function loginThroughApp(appUrl, host = 'pro') {
  const install = await fetch(`${appUrl}/install`, { redirect: 'manual' });
  let cookie = cookieOf(install);
  const authorize = new URL(install.headers.get('location'));
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), host, decision: 'allow' });
  const consent = await fetch(`${authorize.origin}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const back = new URL(consent.headers.get('location'));
  const callback = await fetch(`${appUrl}${back.pathname}${back.search}`, { headers: { cookie }, redirect: 'manual' });
  if (callback.status !== 302) throw new Error(`login failed with ${callback.status}`);
  cookie = cookieOf(callback, cookie);
  const home = await (await fetch(`${appUrl}/`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home)[1];
  const meetingId = /href="\/meetings\/(\d+)\/livestream"/.exec(home)[1];
  return { cookie, csrf, meetingId };
}

/** An access token straight from the emulator, for measuring its PATCH without the app (the floor). */
async function emulatorToken(emulatorUrl, redirectUri) {
  const query = new URLSearchParams({ response_type: 'code', client_id: 'sandbox-client-id', redirect_uri: redirectUri, host: 'pro', decision: 'allow' });
  const consent = await fetch(`${emulatorUrl}/oauth/authorize`, { method: 'POST', body: query, redirect: 'manual' });
  const code = new URL(consent.headers.get('location')).searchParams.get('code');
  const basic = Buffer.from('sandbox-client-id:sandbox-client-secret').toString('base64');
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  const token = await fetch(`${emulatorUrl}/oauth/token`, { method: 'POST', body, headers: { authorization: `Basic ${basic}` } });
  return (await token.json()).access_token;
}

module.exports = { loginThroughApp, emulatorToken };
