import { startCompiledServer } from '../helpers/net';

/** What start-up says about the settings it is given, as an operator sees it in the terminal. */
const KEYS = `k1:${Buffer.alloc(32, 5).toString('base64')}`;

it('with real credentials and no NODE_ENV, refuses to start and names every missing secret', async () => {
  const start = startCompiledServer({ ZOOM_CLIENT_ID: 'real-id', ZOOM_CLIENT_SECRET: 'real-secret', SESSION_STORE: 'memory' });
  await expect(start).rejects.toThrow(/exited with 1 .*Missing required settings.*: BASE_URL, SESSION_SECRET, TOKEN_ENCRYPTION_KEYS, ZOOM_WEBHOOK_SECRET_TOKEN/s);
});

it('refuses TRUST_PROXY=true at start-up', async () => {
  await expect(startCompiledServer({ TRUST_PROXY: 'true', SESSION_STORE: 'memory', EMULATOR_PORT: '0' })).rejects.toThrow(/exited with 1 .*TRUST_PROXY=true is refused/s);
});

// One process start per value, each within its own test's time.
it.each(['TRUE', 'yes', '0.0.0.0/0'])('names TRUST_PROXY=%s in one line at start-up, without a TypeError', async (value) => {
  const start = startCompiledServer({ TRUST_PROXY: value, SESSION_STORE: 'memory', EMULATOR_PORT: '0' });
  const error = await start.then(async (server) => (await server.stop(), new Error(`started with TRUST_PROXY=${value}`)), (reason: Error) => reason);
  expect(error.message).toMatch(/exited with 1 .*TRUST_PROXY(=\S+)? is refused/s);
  expect(error.message).not.toMatch(/TypeError| {4}at /);
});

it('warns at start-up when an https BASE_URL has no TRUST_PROXY, and starts anyway', async () => {
  const server = await startCompiledServer({
    HOST: '127.0.0.1', BASE_URL: 'https://livestream.example.com', SESSION_STORE: 'memory', LOG_LEVEL: 'silent',
    ZOOM_CLIENT_ID: 'real-id', ZOOM_CLIENT_SECRET: 'real-secret', SESSION_SECRET: 'settings-test-session-secret-0123456789',
    TOKEN_ENCRYPTION_KEYS: KEYS, ZOOM_WEBHOOK_SECRET_TOKEN: 'hook',
  });
  try {
    expect(server.output()).toMatch(/Warning: BASE_URL is https but TRUST_PROXY is not set/);
    expect(server.baseUrl).toBe('https://livestream.example.com');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
