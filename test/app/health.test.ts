import { hostname } from 'node:os';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config';
import { startHarness, type Harness } from '../helpers/harness';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';

/**
 * What an operator's tools see: /healthz (liveness: the process answers), /readyz (readiness: the session store,
 * the database and Redis answer; and not while shutting down), the instance on every log line, request ids.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('GET /healthz and GET /readyz', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.deps.lifecycle.stopping = false;
  });

  it('/healthz asks no dependency: 200 {"status":"ok"} while the database hangs; /readyz 503 within its second', async () => {
    const ping = h.deps.database.ping;
    h.deps.database.ping = () => new Promise(() => undefined);
    try {
      await request(h.app).get('/healthz').expect(200, { status: 'ok' });
      const started = Date.now();
      const res = await request(h.app).get('/readyz').expect(503, { status: 'unavailable', sessionStore: 'ok', database: 'failing' });
      expect(Date.now() - started).toBeLessThan(1900);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['cache-control']).toBe('no-store');
    } finally {
      h.deps.database.ping = ping;
    }
    await request(h.app).get('/readyz').expect(200, { status: 'ready', sessionStore: 'ok', database: 'ok' });
  });

  it('/readyz answers 503 at once, asking nothing, once the process is stopping; /healthz still 200', async () => {
    const probe = jest.spyOn(h.deps.sessionStore, 'probe');
    h.deps.lifecycle.stopping = true;
    const res = await request(h.app).get('/readyz').expect(503, { status: 'stopping' });
    expect(res.headers['retry-after']).toBe('5');
    expect(probe).not.toHaveBeenCalled();
    probe.mockRestore();
    await request(h.app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('successful probes leave no log line; a failing one does', async () => {
    const from = h.logs.length;
    await request(h.app).get('/healthz').expect(200);
    await request(h.app).get('/readyz').expect(200);
    expect(h.logs.slice(from)).toEqual([]);
    h.deps.lifecycle.stopping = true;
    await request(h.app).get('/readyz').expect(503);
    expect(h.logs.slice(from).map((line) => JSON.parse(line).req?.path)).toEqual(['/readyz']);
  });
});

describeWithRedis('GET /readyz with sessions in Redis', () => {
  const prefix = uniquePrefix('readyz');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SESSION_STORE: 'redis', REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix } });
    await h.deps.sessionStore.ready();
  });
  afterAll(async () => {
    await h.deps.sessionStore.close();
    await h.close();
    await deleteKeys(REDIS_TEST_URL, prefix);
  });

  it('checks Redis too (the rate limits, the refresh lock and the read cache use it)', async () => {
    await request(h.app).get('/readyz').expect(200, { status: 'ready', sessionStore: 'ok', database: 'ok', redis: 'ok' });
  });
});

describe('INSTANCE_NAME on every log line', () => {
  it('defaults to <hostname>:<pid>, and refuses what would not read well in JSON or a dashboard', () => {
    expect(loadConfig({}).instanceName).toBe(`${hostname()}:${process.pid}`);
    expect(loadConfig({ INSTANCE_NAME: 'web-2.eu:3001' }).instanceName).toBe('web-2.eu:3001');
    for (const bad of ['two words', 'a'.repeat(101), 'quote"d', 'new\nline', '']) {
      expect(() => loadConfig({ INSTANCE_NAME: bad })).toThrow(ConfigError);
    }
  });

  it('is a field of the request lines and of every other line', async () => {
    const h = await startHarness({ env: { INSTANCE_NAME: 'web-2.eu:3001' } });
    try {
      await request(h.app).get('/').expect(200);
      await request(h.app).get('/no-such-page').expect(404);
      h.deps.logger.warn('a line of the app\'s own');
      const lines = h.logs.map((line) => JSON.parse(line));
      expect(lines.length).toBeGreaterThanOrEqual(3);
      for (const line of lines) expect(line).toMatchObject({ app: 'zoom-livestream', instance: 'web-2.eu:3001' });
    } finally {
      await h.close();
    }
  });
});

describe('X-Request-Id', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  /** The id the request's log line carries. */
  function loggedId(path: string): string | undefined {
    const line = h.logs.map((text) => JSON.parse(text)).filter((entry) => entry.req?.path === path).at(-1);
    return line?.req?.id;
  }

  it.each([
    ['nginx\'s $request_id', '4b1f6a2c9e0d4f7a8b3c2d1e0f9a8b7c'],
    ['letters, digits, dot, underscore, dash', 'lb-01.req_42'],
    ['64 characters', 'a'.repeat(64)],
  ])('is taken from the proxy when it looks like an id (%s), echoed, logged and shown on error pages', async (_what, given) => {
    const path = `/no-such-page-${given.length}`;
    const res = await request(h.app).get(path).set('X-Request-Id', given).expect(404);
    expect(res.headers['x-request-id']).toBe(given);
    expect(loggedId(path)).toBe(given);
    expect(res.text).toContain(`Request ID: <code>${given}</code>`);
  });

  it.each([
    ['absent', undefined],
    ['65 characters', 'a'.repeat(65)],
    ['with a space', 'two words'],
    ['with markup', '<script>alert(1)</script>'],
    ['with a line break smuggled as %0A', 'id%0Ainjected'],
    ['sent twice (Node joins them with a comma)', ['one', 'two']],
  ])('is generated when it is %s', async (_what, given) => {
    const req = request(h.app).get('/no-such-page-generated');
    if (given !== undefined) req.set('X-Request-Id', given as string);
    const res = await req.expect(404);
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(loggedId('/no-such-page-generated')).toBe(res.headers['x-request-id']);
  });
});
