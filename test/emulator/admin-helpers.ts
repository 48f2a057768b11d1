/** Signing in through the emulator's admin-managed app (its second client id): the start of the account admin tests. */
import request from 'supertest';
import type { Express } from 'express';
import { createZoomEmulator, type EmulatorOptions, type HostKey } from '../../src/emulator';
import { REDIRECT_URI, basicAuth, login, pkcePair } from './helpers';

export const ADMIN_CLIENT_ID = 'sandbox-admin-client-id';
export const ADMIN_CLIENT_SECRET = 'sandbox-admin-client-secret';
export const ADMIN_SCOPE = 'meeting:read:admin meeting:write:admin user:read:admin webinar:read:admin webinar:write:admin';

/** Allow on the admin app's consent page, as `host`: the raw answer (a redirect with a code, or a refusal page). */
export function consentToAdminApp(app: Express, host: HostKey, challenge = pkcePair().challenge) {
  return request(app).post('/oauth/authorize').type('form').send({
    client_id: ADMIN_CLIENT_ID, redirect_uri: REDIRECT_URI, state: 'st4te',
    code_challenge: challenge, code_challenge_method: 'S256', host, decision: 'allow',
  });
}

/** The whole login through the admin app: consent, then the code exchange; resolves to the token response. */
export async function adminLogin(app: Express, host: HostKey) {
  const { verifier, challenge } = pkcePair();
  const consent = await consentToAdminApp(app, host, challenge);
  const code = new URL(String(consent.headers.location)).searchParams.get('code');
  const res = await request(app).post('/oauth/token').set('Authorization', basicAuth(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET)).type('form')
    .send({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
  if (res.status !== 200) throw new Error(`admin token exchange failed: ${res.status} ${res.text}`);
  return res.body as { access_token: string; refresh_token: string; scope: string };
}

export type Caller = ReturnType<typeof callerOf>;

function callerOf(app: Express, token: string) {
  const auth = `Bearer ${token}`;
  return {
    get: (path: string) => request(app).get(path).set('Authorization', auth),
    patch: (path: string, body: object) => request(app).patch(path).set('Authorization', auth).send(body),
  };
}

/** A fresh emulator, `host` signed in through the admin app, and helpers to sign in others (either app). */
export async function adminOf(host: HostKey = 'admin', options: EmulatorOptions = {}) {
  const emulator = createZoomEmulator(options);
  const admin = callerOf(emulator.app, (await adminLogin(emulator.app, host)).access_token);
  const asAdminApp = async (other: HostKey) => callerOf(emulator.app, (await adminLogin(emulator.app, other)).access_token);
  const asUserApp = async (other: HostKey) => callerOf(emulator.app, (await login(emulator.app, other)).access_token);
  return { emulator, app: emulator.app, ...admin, asAdminApp, asUserApp };
}
