import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { buildDeps } from '../../src/deps';
import { createLogger } from '../../src/logging';
import { MemorySessionStore } from '../../src/sessions/memory-store';

/**
 * Who sees a stack trace on a 500 page: a developer in the sandbox, never a deployment with real
 * Zoom credentials, whatever NODE_ENV says. The 500 comes from a store that fails to save the
 * pending login of GET /install (a plain Error, not a store outage, so it is "unexpected").
 */
const ZOOM_MODE = {
  ZOOM_CLIENT_ID: 'real-client-id', ZOOM_CLIENT_SECRET: 'real-client-secret', BASE_URL: 'http://127.0.0.1:3999',
  SESSION_SECRET: 'x'.repeat(32), TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, ZOOM_WEBHOOK_SECRET_TOKEN: 'hook',
};

function appWithBrokenStore(env: Record<string, string>) {
  const sessionStore = new MemorySessionStore();
  sessionStore.set = (_sid, _session, callback) => callback?.(new Error('disk on fire'));
  const config = loadConfig({ SESSION_STORE: 'memory', ...env });
  return createApp(config, buildDeps(config, { sessionStore, logger: createLogger('silent') }));
}

it('a 500 in the sandbox in development shows the stack trace', async () => {
  // The sandbox's BASE_URL is http://localhost:3000: ask for that host, as a browser would.
  const res = await request(appWithBrokenStore({ NODE_ENV: 'development' })).get('/install').set('Host', 'localhost:3000');
  expect(res.status).toBe(500);
  expect(res.text).toContain('Error: disk on fire');
});

it('a 500 with real Zoom credentials in development shows no stack trace', async () => {
  const res = await request(appWithBrokenStore({ ...ZOOM_MODE, NODE_ENV: 'development' })).get('/install');
  expect(res.status).toBe(500);
  expect(res.text).toContain('Something went wrong');
  expect(res.text).not.toContain('disk on fire');
  expect(res.text).not.toMatch(/at .*\.ts:\d+/);
});
