import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { createZoomEmulator, startZoomEmulator, type EmulatorOptions } from '../../src/emulator';
import { basicAuth, login } from './helpers';

const LIVESTREAM = '/v2/meetings/85746065001/livestream';
const SETTINGS = { stream_url: 'rtmp://s.example/live', stream_key: 'k', page_url: 'https://s.example/p' };

/** Sends a GET and hangs up as soon as the request has left, without waiting for an answer. */
function sendThenHangUp(url: string): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest(url);
    req.on('error', () => undefined); // our own hang-up surfaces here as a socket error
    req.on('finish', () => {
      req.destroy();
      resolve();
    });
    req.end();
  });
}

async function signedIn(options: EmulatorOptions = {}) {
  const emulator = createZoomEmulator(options);
  const auth = `Bearer ${(await login(emulator.app)).access_token}`;
  return { emulator, app: emulator.app, auth };
}

describe('injected faults', () => {
  it('a 500 fault answers once with a Zoom-shaped body, then the call works again', async () => {
    const { emulator, app, auth } = await signedIn();
    emulator.failNext({ path: '/v2/meetings', method: 'PATCH', status: 500 });

    const failed = await request(app).patch(LIVESTREAM).set('Authorization', auth).send(SETTINGS);
    const retried = await request(app).patch(LIVESTREAM).set('Authorization', auth).send(SETTINGS);

    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ code: 500, message: 'Internal Server Error' });
    expect(retried.status).toBe(204);
  });

  it('a 429 fault carries Retry-After and Zoom\'s rate-limit message', async () => {
    const { emulator, app, auth } = await signedIn();
    emulator.failNext({ path: '/v2/', status: 429, headers: { 'Retry-After': '2' } });

    const res = await request(app).get(LIVESTREAM).set('Authorization', auth);

    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body).toEqual({
      code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
    });
  });

  it('a rawBody fault without a status sends that text verbatim as 200 application/json', async () => {
    const { emulator, app, auth } = await signedIn();
    emulator.failNext({ path: '/v2/users/me', rawBody: '{"id": "truncated' });

    const res = await request(app).get('/v2/users/me').set('Authorization', auth).buffer(true).parse((r, done) => {
      let text = '';
      r.on('data', (chunk: Buffer) => (text += chunk.toString()));
      r.on('end', () => done(null, text));
    });

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toBe('{"id": "truncated');
  });

  it('a chunked rawBody fault streams the text without Content-Length, as a streaming proxy would', async () => {
    const { emulator, app, auth } = await signedIn();
    const text = JSON.stringify({ stream_url: 'x'.repeat(200_000) });
    emulator.failNext({ path: '/v2/users/me', rawBody: text, chunked: true });

    const res = await request(app).get('/v2/users/me').set('Authorization', auth);

    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(JSON.stringify(res.body)).toBe(text);
  });

  it('applies to as many matching requests as times says, and only to matching ones', async () => {
    const { emulator, app, auth } = await signedIn();
    emulator.failNext({ path: /\/livestream$/, method: 'GET', status: 503, times: 2 });

    const other = await request(app).get('/v2/users/me').set('Authorization', auth);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await request(app).get(LIVESTREAM).set('Authorization', auth)).status);

    expect(other.status).toBe(200);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('a reset fault destroys the socket: the client sees a socket error', async () => {
    const { emulator, app } = await signedIn();
    emulator.failNext({ path: '/oauth/token', reset: true });

    await expect(request(app).post('/oauth/token').set('Authorization', basicAuth()).type('form')
      .send({ grant_type: 'refresh_token', refresh_token: 'x' })).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('a delay-only fault answers normally after the delay', async () => {
    const { emulator, app, auth } = await signedIn();
    emulator.failNext({ path: '/v2/users/me', delayMs: 150 });
    const started = Date.now();

    const res = await request(app).get('/v2/users/me').set('Authorization', auth);

    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('survives a client that gives up during a delay, and keeps answering', async () => {
    const emulator = await startZoomEmulator();
    try {
      emulator.failNext({ delayMs: 300, status: 500 });
      // Queued second, this delay's timer fires after the first one's: the next answer comes only once the emulator
      // has woken up for the client that left. The test awaits that answer instead of sleeping past the delay.
      emulator.failNext({ delayMs: 300 });
      await sendThenHangUp(`${emulator.url}/v2/users/me`);

      const res = await fetch(`${emulator.url}/v2/users/me`);

      expect(res.status).toBe(401);
      expect(emulator.requests.map((entry) => entry.path)).toEqual(['/v2/users/me', '/v2/users/me']);
    } finally {
      await emulator.close();
    }
  });

  it('clearFaults() drops queued faults', async () => {
    const { emulator, app, auth } = await signedIn();
    emulator.failNext({ status: 500 });
    emulator.clearFaults();

    const res = await request(app).get('/v2/users/me').set('Authorization', auth);

    expect(res.status).toBe(200);
  });
});

describe('request log with recordRequests: true', () => {
  it('records method, path, query, content type, authorization, parsed and raw body, and grant type', async () => {
    const { emulator, app, auth } = await signedIn({ recordRequests: true });

    await request(app).patch(LIVESTREAM).set('Authorization', auth).send(SETTINGS);

    const [tokenCall] = emulator.requestsTo('POST', '/oauth/token');
    const [patch] = emulator.requestsTo('patch', '/v2/meetings');
    expect(tokenCall.grantType).toBe('authorization_code');
    expect(tokenCall.authorization).toBe(basicAuth());
    expect(patch).toMatchObject({
      method: 'PATCH', path: LIVESTREAM, query: {}, authorization: auth, body: SETTINGS, rawBody: JSON.stringify(SETTINGS),
    });
    expect(patch.contentType).toMatch(/application\/json/);
    expect(typeof patch.at).toBe('number');
  });

  it('records multipart fields, faulted requests and malformed bodies too; clearRequests() empties it', async () => {
    const { emulator, app, auth } = await signedIn({ recordRequests: true });
    emulator.clearRequests();
    emulator.failNext({ status: 500 });

    await request(app).patch(LIVESTREAM).set('Authorization', auth).field('stream_url', 'u').field('stream_key', 'k');
    await request(app).patch(LIVESTREAM).set('Authorization', auth).set('Content-Type', 'application/json').send('{oops');

    expect(emulator.requests).toHaveLength(2);
    expect(emulator.requests[0].body).toEqual({ stream_url: 'u', stream_key: 'k' });
    expect(emulator.requests[0].rawBody).toContain('name="stream_url"');
    expect(emulator.requests[1]).toMatchObject({ body: undefined, rawBody: '{oops' });
    emulator.clearRequests();
    expect(emulator.requests).toHaveLength(0);
  });
});
