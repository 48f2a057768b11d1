import type { lookup } from 'node:dns';
import { once } from 'node:events';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { checkIngest as realCheckIngest, INGEST_SERVICES, isPublicAddress, recogniseService } from '../../src/preflight/ingest';
import { freePort } from '../helpers/net';
import { describeWithRtmp, startNginxRtmp, type RunningNginxRtmp } from '../helpers/nginx-rtmp';
import { describeWithRtmps, startTlsTerminator, type RunningTlsTerminator } from './tls-terminator';

/**
 * Issue 25: the pre-flight check that a stream's ingest answers, against real servers on loopback: nginx-rtmp (and
 * nginx's stream module terminating TLS in front of it for rtmps), a closed port, a TCP listener that says nothing,
 * an HTTP server. Names never reach real DNS: a test that needs a name hands checkIngest a lookup of its own.
 */
const KEY = 'abcd-efgh-ijkl-mnop';
/** These servers are on loopback: allowed here as in the sandbox (a deployment refuses non-public addresses). */
const checkIngest: typeof realCheckIngest = (url, options = {}) => realCheckIngest(url, { allowPrivate: true, ...options });

describe('addresses an ingest cannot have', () => {
  it('refuses loopback, private, link-local and unique-local addresses before connecting, and says so', async () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isPublicAddress(ip)).toBe(false);
    }
    for (const ip of ['8.8.8.8', '142.250.74.46', '2a00:1450:4001:80b::200e']) expect(isPublicAddress(ip)).toBe(true);
    const port = await freePort();
    const result = await realCheckIngest(`rtmp://127.0.0.1:${port}/live2/${KEY}`);
    expect(result).toMatchObject({ ok: false, failure: 'notPublic' });
    expect(result.detail).not.toContain(KEY);
  });
});

/** A lookup that knows only `table` (name → 127.0.0.1 …) and answers ENOTFOUND for anything else; records what it was asked. */
function lookupFrom(table: Record<string, string>): { lookup: typeof lookup; asked: string[] } {
  const asked: string[] = [];
  const fake = (host: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, address?: string, family?: number) => void) => {
    asked.push(host);
    const address = table[host];
    setImmediate(() => (address ? callback(null, address, 4) : callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }))));
  };
  return { lookup: fake as unknown as typeof lookup, asked };
}

async function listen<T extends Server | HttpServer>(server: T): Promise<{ server: T; port: number }> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

describe('checkIngest without an RTMP server', () => {
  it('answers badUrl for an address that is not rtmp: or rtmps:, without repeating the key', async () => {
    for (const url of [`https://a.rtmp.youtube.com/live2/${KEY}`, 'not a url', `rtmp:///live2/${KEY}`]) {
      const result = await checkIngest(url);
      expect(result).toMatchObject({ ok: false, failure: 'badUrl' });
      expect(result.detail).not.toContain(KEY);
    }
  });

  it('answers refused for a closed loopback port, naming scheme://host:port/app and never the stream key', async () => {
    const port = await freePort();
    const result = await checkIngest(`rtmp://127.0.0.1:${port}/live2/${KEY}?key=${KEY}`);
    expect(result).toMatchObject({ ok: false, failure: 'refused' });
    expect(result.detail).toContain(`rtmp://127.0.0.1:${port}/live2`);
    expect(result.detail).not.toContain(KEY);
    expect(result.service).toBeUndefined();
  });

  it('answers notResolved when the host does not resolve, asking the given lookup and not real DNS', async () => {
    const dns = lookupFrom({});
    const result = await checkIngest(`rtmp://ingest.invalid/live2/${KEY}`, { lookup: dns.lookup });
    expect(result).toMatchObject({ ok: false, failure: 'notResolved' });
    expect(result.detail).toContain('ENOTFOUND');
    expect(dns.asked).toEqual(['ingest.invalid']);
  });

  it('answers timeout within timeoutMs when DNS never answers', async () => {
    const silentLookup = (() => undefined) as unknown as typeof lookup;
    const before = performance.now();
    const result = await checkIngest('rtmp://ingest.invalid/live2', { lookup: silentLookup, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, failure: 'timeout' });
    expect(performance.now() - before).toBeLessThan(1300);
  });

  it('answers noHandshake within timeoutMs when a TCP listener takes the connection and says nothing', async () => {
    const sockets: Socket[] = [];
    const { server, port } = await listen(createTcpServer((socket) => sockets.push(socket)));
    try {
      const before = performance.now();
      const result = await checkIngest(`rtmp://127.0.0.1:${port}/live2`, { timeoutMs: 500 });
      const elapsed = performance.now() - before;
      expect(result).toMatchObject({ ok: false, failure: 'noHandshake' });
      expect(sockets).toHaveLength(1);
      expect(result.ms).toBeGreaterThanOrEqual(490);
      expect(elapsed).toBeLessThan(1500);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it('answers notRtmp when an HTTP server is on the port, quoting what it said', async () => {
    const { server, port } = await listen(createHttpServer((_request, response) => response.end('hello')));
    try {
      const result = await checkIngest(`rtmp://127.0.0.1:${port}/live2/${KEY}`);
      expect(result).toMatchObject({ ok: false, failure: 'notRtmp' });
      expect(result.detail).toContain('HTTP/1.1 400');
      expect(result.detail).not.toContain(KEY);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('recogniseService: whose ingest, in the form it publishes (no network)', () => {
  it.each([
    ['rtmp://a.rtmp.youtube.com/live2', 'youtube'],
    [`rtmp://a.rtmp.youtube.com/live2/${KEY}`, 'youtube'],
    ['rtmp://b.rtmp.youtube.com/live2?backup=1', 'youtube'],
    ['rtmps://a.rtmps.youtube.com:443/live2', 'youtube'],
    ['rtmps://live-api-s.facebook.com:443/rtmp/', 'facebook'],
    ['rtmp://live.twitch.tv/app', 'twitch'],
    ['rtmp://fra05.contribute.live-video.net/app', 'twitch'],
  ])('%s is %s in the expected form', (url, service) => {
    expect(recogniseService(url)).toEqual({ service, serviceForm: 'expected' });
  });

  it.each([
    ['rtmp://a.rtmp.youtube.com/live', 'youtube'],
    ['rtmp://A.RTMP.YouTube.com:1936/live2', 'youtube'],
    ['rtmps://a.rtmp.youtube.com/live2', 'youtube'],
    ['rtmp://live-api-s.facebook.com:80/rtmp/', 'facebook'],
    ['rtmp://live.twitch.tv/live', 'twitch'],
  ])('%s is %s in an unexpected form', (url, service) => {
    expect(recogniseService(url)).toEqual({ service, serviceForm: 'unexpected' });
  });

  it('knows no service for another host, and the table names each service\'s published address', () => {
    expect(recogniseService('rtmp://ingest.example.com/live2')).toEqual({});
    expect(INGEST_SERVICES.youtube.forms.map((form) => form.example)).toContain('rtmp://a.rtmp.youtube.com/live2');
    for (const { forms } of Object.values(INGEST_SERVICES)) {
      for (const form of forms) expect(recogniseService(form.example.replace('<region>', 'fra05'))).toMatchObject({ serviceForm: 'expected' });
    }
  });

  it('says which service a checked address is, even when the check fails', async () => {
    const dns = lookupFrom({});
    expect(await checkIngest('rtmp://a.rtmp.youtube.com/live', { lookup: dns.lookup })).toMatchObject({
      ok: false, failure: 'notResolved', service: 'youtube', serviceForm: 'unexpected',
    });
  });
});

/** nginx-rtmp's hooks land here: a publish would call on_publish, and the check must cause none. */
async function startHookRecorder(): Promise<{ base: string; calls: string[]; close(): void }> {
  const calls: string[] = [];
  const { server, port } = await listen(createHttpServer((request, response) => {
    calls.push(request.url ?? '');
    response.end();
  }));
  return { base: `http://127.0.0.1:${port}`, calls, close: () => server.close() };
}

/** Connections nginx-rtmp has accepted since it started, from /stat. */
async function acceptedConnections(nginx: RunningNginxRtmp): Promise<number> {
  const xml = await (await fetch(nginx.statUrl)).text();
  const count = /<naccepted>(\d+)<\/naccepted>/.exec(xml)?.[1];
  if (count === undefined) throw new Error(`no <naccepted> in nginx-rtmp's /stat: ${xml}`);
  return Number(count);
}

describeWithRtmp('checkIngest against nginx-rtmp', () => {
  let nginx: RunningNginxRtmp;
  let hooks: Awaited<ReturnType<typeof startHookRecorder>>;
  beforeAll(async () => {
    hooks = await startHookRecorder();
    nginx = await startNginxRtmp({ rtmpPort: await freePort(), hooksUrl: hooks.base });
  });
  afterAll(async () => {
    await nginx?.stop();
    hooks?.close();
  });

  it('answers ok for rtmp://127.0.0.1:<port>/live2 with a key, and nginx accepted a connection but saw no publish', async () => {
    const before = await acceptedConnections(nginx);
    const result = await checkIngest(`${nginx.rtmpUrl}/${KEY}`);
    expect(result).toMatchObject({ ok: true });
    expect(result.failure).toBeUndefined();
    expect(await acceptedConnections(nginx)).toBe(before + 1);
    expect(await nginx.streams()).toEqual([]);
    expect(hooks.calls).toEqual([]);
  });
});

describeWithRtmps('checkIngest over rtmps through a TLS terminator', () => {
  const HOST = 'ingest.test';
  const dns = lookupFrom({ [HOST]: '127.0.0.1', 'other.test': '127.0.0.1' });
  let nginx: RunningNginxRtmp;
  let terminator: RunningTlsTerminator;
  let hooks: Awaited<ReturnType<typeof startHookRecorder>>;
  beforeAll(async () => {
    hooks = await startHookRecorder();
    nginx = await startNginxRtmp({ rtmpPort: await freePort(), hooksUrl: hooks.base });
    terminator = await startTlsTerminator({ port: await freePort(), upstreamPort: Number(new URL(nginx.rtmpUrl).port), hostName: HOST });
  });
  afterAll(async () => {
    await terminator?.stop();
    await nginx?.stop();
    hooks?.close();
  });

  it('answers ok when the certificate is trusted (tlsCa) and names the host, and nginx saw no publish', async () => {
    const before = await acceptedConnections(nginx);
    const result = await checkIngest(`rtmps://${HOST}:${terminator.port}/live2/${KEY}`, { lookup: dns.lookup, tlsCa: terminator.ca });
    expect(result).toMatchObject({ ok: true });
    expect(await acceptedConnections(nginx)).toBe(before + 1);
    expect(await nginx.streams()).toEqual([]);
    expect(hooks.calls).toEqual([]);
  });

  it('answers tls when the certificate\'s CA is not trusted', async () => {
    const result = await checkIngest(`rtmps://${HOST}:${terminator.port}/live2/${KEY}`, { lookup: dns.lookup });
    expect(result).toMatchObject({ ok: false, failure: 'tls' });
    expect(result.detail).not.toContain(KEY);
  });

  it('answers tls when the certificate names another host than the URL\'s', async () => {
    const result = await checkIngest(`rtmps://other.test:${terminator.port}/live2`, { lookup: dns.lookup, tlsCa: terminator.ca });
    expect(result).toMatchObject({ ok: false, failure: 'tls' });
    expect(result.detail).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
  });
});
