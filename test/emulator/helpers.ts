/** Shared steps for the emulator's own tests: PKCE values, client auth, a full login through the emulator. */
import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { createZoomEmulator, type EmulatorOptions, type HostKey } from '../../src/emulator';

export const CLIENT_ID = 'sandbox-client-id';
export const CLIENT_SECRET = 'sandbox-client-secret';
export const REDIRECT_URI = 'http://localhost:3000/oauth/callback';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function basicAuth(id = CLIENT_ID, secret = CLIENT_SECRET): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export function authorizeQuery(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, state: 'st4te',
    code_challenge: pkcePair().challenge, code_challenge_method: 'S256', ...overrides,
  };
}

/** Submits the consent form with Allow and returns the code from the redirect. */
export async function authorizeCode(app: Express, host: HostKey, challenge: string): Promise<string> {
  const res = await request(app).post('/oauth/authorize').type('form').send({
    client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, state: 'st4te',
    code_challenge: challenge, code_challenge_method: 'S256', host, decision: 'allow',
  });
  const code = new URL(res.headers.location).searchParams.get('code');
  if (res.status !== 302 || !code) throw new Error(`authorize did not redirect with a code: ${res.status}`);
  return code;
}

export function exchangeCode(app: Express, code: string, verifier: string) {
  return request(app).post('/oauth/token').set('Authorization', basicAuth()).type('form').send({
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier,
  });
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
}

/** The whole login: consent as the given host, then the code exchange. */
export async function login(app: Express, host: HostKey = 'pro'): Promise<Tokens> {
  const { verifier, challenge } = pkcePair();
  const res = await exchangeCode(app, await authorizeCode(app, host, challenge), verifier);
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${res.text}`);
  return res.body as Tokens;
}

/** A fresh emulator and a bearer header for one host: the start of most REST tests. */
export async function signedInAs(host: HostKey = 'pro', options: EmulatorOptions = {}) {
  const emulator = createZoomEmulator(options);
  const auth = `Bearer ${(await login(emulator.app, host)).access_token}`;
  const get = (path: string) => request(emulator.app).get(path).set('Authorization', auth);
  const patch = (path: string, body: object) => request(emulator.app).patch(path).set('Authorization', auth).send(body);
  return { emulator, app: emulator.app, auth, get, patch };
}
