import type { Emulator } from './harness';
import { REDIRECT_URI } from './harness';

/**
 * An access token of the emulator's host, got the way any other Zoom app would get one: for a test that
 * changes something in Zoom behind this app's back (as the host would in Zoom's own web portal).
 */
export async function zoomTokenOf(emulator: Emulator, host: 'pro' | 'basic'): Promise<string> {
  const consent = await fetch(`${emulator.url}/oauth/authorize`, {
    method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ response_type: 'code', client_id: 'sandbox-client-id', redirect_uri: REDIRECT_URI, host, decision: 'allow' }),
  });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const basic = Buffer.from('sandbox-client-id:sandbox-client-secret').toString('base64');
  const token = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST', headers: { authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }),
  });
  return ((await token.json()) as { access_token: string }).access_token;
}
