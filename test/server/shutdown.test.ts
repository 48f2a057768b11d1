import { once } from 'node:events';
import request from 'supertest';
import { startZoomEmulator } from '../../src/emulator';
import { eventually } from '../helpers/eventually';
import { startCompiledServer, type CompiledServer } from '../helpers/net';

/**
 * SIGTERM: stop accepting, let the in-flight request finish, close its keep-alive socket at once, exit 0.
 * The app runs compiled, in Zoom mode against our emulator. BASE_URL is a public name, as behind a
 * proxy; the test reaches the socket the server reports (PORT=0), and follows Zoom's redirect there.
 */
const PUBLIC_URL = 'http://livestream.test';

let emulator: Awaited<ReturnType<typeof startZoomEmulator>>;
let server: CompiledServer;

beforeAll(async () => {
  emulator = await startZoomEmulator({ redirectUris: [`${PUBLIC_URL}/oauth/callback`] });
  server = await startCompiledServer({
    HOST: '127.0.0.1', BASE_URL: PUBLIC_URL, SESSION_STORE: 'memory',
    ZOOM_CLIENT_ID: 'sandbox-client-id', ZOOM_CLIENT_SECRET: 'sandbox-client-secret',
    SESSION_SECRET: 'shutdown-test-session-secret-0123456789', TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
    ZOOM_WEBHOOK_SECRET_TOKEN: 'shutdown-test-webhook', ZOOM_OAUTH_URL: emulator.url, ZOOM_API_URL: `${emulator.url}/v2`, LOG_LEVEL: 'silent',
  });
});

afterAll(async () => {
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await emulator.close();
});

it('keeps idle connections open longer than a proxy in front does (Keep-Alive: timeout=65)', async () => {
  const res = await fetch(`${server.socketUrl}/healthz`);
  expect(res.status).toBe(200);
  expect(res.headers.get('keep-alive')).toBe('timeout=65');
});

it('finishes an in-flight request after SIGTERM, closes its keep-alive socket at once, then exits 0', async () => {
  const agent = request.agent(server.socketUrl);
  const authorize = new URL((await agent.get('/install').expect(302)).headers.location);
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), host: 'pro', decision: 'allow' });
  const back = new URL((await fetch(`${emulator.url}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' })).headers.get('location')!);
  await agent.get(`${back.pathname}${back.search}`).expect(302);
  const cookie = (await agent.get('/').expect(200)).request.cookies;

  // fetch keeps its connection alive after the response, as a browser or a proxy would.
  emulator.failNext({ path: '/v2/meetings', method: 'GET', delayMs: 1500 });
  const meetingPage = `${server.socketUrl}/meetings/${emulator.meetingsOf('pro')[0].id}/livestream`;
  const inFlight = fetch(meetingPage, { headers: { cookie } });
  // The request has reached Zoom (the emulator logs it) before the signal: it is truly in flight.
  await eventually(() => emulator.requests.some((r) => r.path.startsWith('/v2/meetings/')), { intervalMs: 5 });
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');

  const res = await inFlight;
  const answeredAt = Date.now();
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('stream_url');
  const [code] = await exited;
  expect(code).toBe(0);
  // Before: the idle socket held the process for Node's keep-alive timeout after the last response.
  expect(Date.now() - answeredAt).toBeLessThan(1000);
  await expect(fetch(`${server.socketUrl}/healthz`)).rejects.toThrow();
}, 30_000);
