import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { startZoomEmulator, type RunningZoomEmulator } from '../../src/emulator';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../db/postgres-env';
import { describeInBrowser } from '../e2e/helpers/browser';
import { connectAs, loadsPage } from '../e2e/helpers/journey';
import { eventually } from '../helpers/eventually';
import { freePort, startCompiledServer, type CompiledServer } from '../helpers/net';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';
import { openBrowserWithHome, type TrustingBrowser } from './browser';
import { describeWithNginx, startNginx, type AccessEntry, type RunningNginx } from './nginx';
import { TEST_CA_NAME, homeTrusting, makeCertificates, type TestCertificates } from './tls';

/**
 * Production as deploy/ describes it, in one test file: Debian's nginx running deploy/nginx/zoom-livestream.conf
 * (TLS for app.localhost with a throwaway CA that Chromium trusts through its NSS database), two compiled
 * app instances with the systemd unit's environment (NODE_ENV=production) behind it, round robin, sharing
 * one PostgreSQL database and one Redis, and the Zoom emulator in this process. A Pro host's whole journey
 * runs in Chromium; halfway through, one instance is stopped with SIGTERM and the journey carries on.
 */
const ROOT = path.resolve(__dirname, '../..');
const UNIT_FILE = path.join(ROOT, 'deploy/systemd/zoom-livestream@.service');
const HOST_NAME = 'app.localhost';
const SESSION_COOKIE = '__Host-zls.sid';
const HSTS = 'max-age=31536000; includeSubDomains';
const DESTINATION = { name: 'Production check', stream_url: 'rtmp://live.production.example/app', stream_key: 'prod-key-7d1e', page_url: 'https://watch.production.example/live' };
const TYPED = { stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'yt-key-behind-nginx', page_url: 'https://youtube.com/@example/live' };
/** What the app does not log when it succeeds (src/logging.ts): stylesheets, the script, the icon. */
const QUIET_WHEN_OK = /^\/(?:public\/|favicon\.ico$)/;

jest.setTimeout(45_000);

/** The unit's Environment= line as systemd hands it to instance `name` (%i) on this host (%H). */
function unitEnvironment(name: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(UNIT_FILE, 'utf8').split('\n')) {
    if (!line.startsWith('Environment=')) continue;
    for (const pair of line.slice('Environment='.length).trim().split(/\s+/)) {
      const at = pair.indexOf('=');
      env[pair.slice(0, at)] = pair.slice(at + 1).replaceAll('%i', name).replaceAll('%H', hostname());
    }
  }
  return env;
}

const proxied = (entries: AccessEntry[]) => entries.filter((entry) => entry.upstreams[0] !== '-');
/** The instance that answered: the last one nginx tried. */
const answeredBy = (entry: AccessEntry) => entry.upstreams[entry.upstreams.length - 1];
const addressOf = (server: CompiledServer) => `127.0.0.1:${server.port}`;

/** The request lines an instance logged (pino JSON on stdout): "METHOD /path status". */
function loggedRequests(server: CompiledServer): string[] {
  return server.output().split('\n').filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { req?: { method: string; path: string }; res?: { status: number } })
    .filter((line) => line.req && line.res).map((line) => `${line.req!.method} ${line.req!.path} ${line.res!.status}`);
}

/** The header's text as one line: the account name may sit in a box of its own (a line of its own in innerText). */
async function headerText(page: Page): Promise<string> {
  return (await page.locator('header').innerText()).replace(/\s+/g, ' ');
}

async function sessionCookie(context: BrowserContext, url: string) {
  return (await context.cookies(url)).find((cookie) => cookie.name === SESSION_COOKIE);
}

describeWithPostgres('production behind nginx', () => {
  describeWithRedis('two instances sharing PostgreSQL and Redis', () => {
    describeInBrowser('in Chromium', () => {
      describeWithNginx('over TLS that Chromium trusts', () => {
        const prefix = uniquePrefix('production');
        let dir: string | undefined;
        let certificates: TestCertificates;
        let trustingHome: string;
        let baseUrl: string;
        let emulator: RunningZoomEmulator | undefined;
        let database: TestDatabase | undefined;
        let instances: CompiledServer[] = [];
        let nginx: RunningNginx | undefined;
        let browser: TrustingBrowser | undefined;

        beforeAll(async () => {
          dir = mkdtempSync(path.join(tmpdir(), 'zls-production-'));
          certificates = makeCertificates(path.join(dir, 'tls'), HOST_NAME);
          trustingHome = homeTrusting(path.join(dir, 'home'), certificates.ca);
          // nginx cannot listen on port 0 and say which port it took: two free ones, probed first.
          const httpsPort = await freePort();
          let httpPort = await freePort();
          while (httpPort === httpsPort) httpPort = await freePort();
          baseUrl = `https://${HOST_NAME}:${httpsPort}`;

          emulator = await startZoomEmulator({ redirectUris: [`${baseUrl}/oauth/callback`], extraMeetings: 4 });
          database = await createTestDatabase();
          const secrets = {
            SESSION_SECRET: randomBytes(32).toString('hex'), TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
            ZOOM_WEBHOOK_SECRET_TOKEN: 'production-webhook-secret',
          };
          // The unit's NODE_ENV=production and HOST=127.0.0.1; PORT=%i is 0 here, so each instance reports the
          // port it bound. DATA_DIR is systemd's state directory there: here each instance has a folder of its own.
          const unit = unitEnvironment('0');
          delete unit.DATA_DIR;
          const env = {
            ...unit, ...secrets, BASE_URL: baseUrl, TRUST_PROXY: '1', LOG_LEVEL: 'info',
            ZOOM_CLIENT_ID: 'sandbox-client-id', ZOOM_CLIENT_SECRET: 'sandbox-client-secret', ZOOM_OAUTH_URL: emulator.url, ZOOM_API_URL: `${emulator.url}/v2`,
            DATABASE_URL: database.url, REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix,
          };
          // INSTANCE_NAME is %H:%i in the unit: with PORT=0 both would be "<host>:0", so each gets its own here.
          instances = await Promise.all(['a', 'b'].map((name) => startCompiledServer({ ...env, INSTANCE_NAME: `${hostname()}:${name}` })));
          nginx = await startNginx(path.join(dir, 'nginx'), {
            serverName: HOST_NAME, httpsPort, httpPort, certificate: certificates.certificate, key: certificates.key,
            upstreams: instances.map((instance) => instance.port),
          });
        }, 120_000);

        afterAll(async () => {
          await browser?.close();
          await nginx?.stop();
          for (const instance of instances) if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill('SIGKILL');
          await database?.drop();
          await deleteKeys(REDIS_TEST_URL, prefix);
          await emulator?.close();
          if (dir) rmSync(dir, { recursive: true, force: true });
        });

        it('runs the instances with the unit\'s environment: NODE_ENV=production, on loopback', () => {
          expect(unitEnvironment('3001')).toEqual({ NODE_ENV: 'production', PORT: '3001', HOST: '127.0.0.1', DATA_DIR: '/var/lib/zoom-livestream', INSTANCE_NAME: `${hostname()}:3001` });
          for (const instance of instances) expect(instance.output()).toMatch(/listening on 127\.0\.0\.1 port \d+: open https:\/\/app\.localhost:\d+/);
        });

        it('redirects plain HTTP to HTTPS on the same host name and path, without reaching an instance', async () => {
          const answer = await new Promise<http.IncomingMessage>((resolve, reject) => {
            http.get({ host: '127.0.0.1', port: nginx!.httpPort, path: '/streams?page=2', headers: { Host: HOST_NAME } }, resolve).on('error', reject);
          });
          answer.resume();

          expect(answer.statusCode).toBe(301);
          expect(answer.headers.location).toBe(`https://${HOST_NAME}/streams?page=2`);
          const entry = await nginx!.waitForEntry((found) => found.path === '/streams' && found.status === 301);
          expect(entry.upstreams).toEqual(['-']);
        });

        it('takes a 64 kB body to the app (its largest form, /streams/apply) and refuses one byte more itself, with 413', async () => {
          const post = (bytes: number, requestId: string) => new Promise<number>((resolve, reject) => {
            const request = https.request({
              host: '127.0.0.1', port: nginx!.httpsPort, servername: HOST_NAME, ca: readFileSync(certificates.ca), agent: false,
              method: 'POST', path: '/streams/apply',
              headers: { Host: HOST_NAME, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': bytes, 'X-Request-Id': requestId },
            }, (response) => {
              response.resume();
              response.on('end', () => resolve(response.statusCode!));
            });
            request.on('error', reject);
            request.end(`targets=${'x'.repeat(bytes - 'targets='.length)}`);
          });

          // The app refuses it for its own reason (no session, no CSRF token): it got there.
          await expect(post(64 * 1024, 'limit-check-1')).resolves.toBe(403);
          await expect(post(64 * 1024 + 1, '<not a token>')).resolves.toBe(413);

          const [within, over] = await Promise.all([
            nginx!.waitForEntry((entry) => entry.requestId === 'limit-check-1'),
            nginx!.waitForEntry((entry) => entry.status === 413),
          ]);
          expect(instances.map(addressOf)).toContain(answeredBy(within));
          expect(over.upstreams).toEqual(['-']);
          // A client's request id is kept only when it is a plain token; otherwise nginx's own ($request_id).
          expect(over.requestId).toMatch(/^[0-9a-f]{32}$/);
        });

        it('is refused by Chromium without the test CA in its NSS database: trust, not ignored certificate errors', async () => {
          const untrusting = await openBrowserWithHome(mkdtempSync(path.join(dir!, 'empty-home-')));
          try {
            const page = await untrusting.context.newPage();
            await expect(page.goto(`${baseUrl}/`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
          } finally {
            await untrusting.close();
          }
        });

        it('a Pro host connects, saves a live stream, saves a destination, applies it in bulk and logs out, across both instances and the loss of one', async () => {
          browser = await openBrowserWithHome(trustingHome);
          const { context } = browser;
          const page = await context.newPage();
          const responses: Response[] = [];
          page.on('response', (response) => {
            if (response.url().startsWith(baseUrl)) responses.push(response);
          });

          // Trusted TLS 1.3, certified by the test CA for app.localhost.
          const home = (await page.goto(`${baseUrl}/`))!;
          expect(home.status()).toBe(200);
          expect(await home.securityDetails()).toMatchObject({ issuer: TEST_CA_NAME, subjectName: HOST_NAME, protocol: 'TLS 1.3' });
          // Debian's nginx.conf turns gzip on; the site turns it off (BREACH).
          expect((await home.allHeaders())['content-encoding']).toBeUndefined();

          await connectAs(page, baseUrl, 'pro');
          expect(await headerText(page)).toContain('Connected as Priya Pro');
          const cookie = await sessionCookie(context, baseUrl);
          expect(cookie).toMatchObject({ name: SESSION_COOKIE, domain: HOST_NAME, path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });

          const meeting = emulator!.meetingsOf('pro')[1];
          await page.goto(`${baseUrl}/meetings/${meeting.id}/livestream`);
          for (const [field, value] of Object.entries(TYPED)) await page.fill(`#${field}`, value);
          await loadsPage(page, () => page.getByRole('button', { name: 'Save live stream' }).click());
          await expect(page.locator('.notice').innerText()).resolves.toMatch(/^Updated: /);
          expect(emulator!.livestreamOf(meeting.id)).toMatchObject(TYPED);

          await page.goto(`${baseUrl}/destinations/new`);
          for (const field of ['name', 'stream_url', 'stream_key', 'page_url'] as const) await page.fill(`#${field}`, DESTINATION[field]);
          await loadsPage(page, () => page.getByRole('button', { name: 'Save destination' }).click());
          await expect(page.locator('.notice').innerText()).resolves.toBe(`Destination “${DESTINATION.name}” saved`);

          // Round robin: both instances have answered the host, one session between them.
          const sofar = proxied(nginx!.entries());
          expect(sofar.every((entry) => instances.map(addressOf).includes(answeredBy(entry)))).toBe(true);
          for (const instance of instances) expect(sofar.filter((entry) => answeredBy(entry) === addressOf(instance)).length).toBeGreaterThan(2);

          // SIGTERM to the instance that did not answer last: round robin would send it the next request.
          const survivor = instances.find((instance) => addressOf(instance) === answeredBy(sofar[sofar.length - 1]))!;
          const stopped = instances.find((instance) => instance !== survivor)!;
          expect(await stopped.stop()).toBe(0);
          const stoppedAt = nginx!.entries().length;

          const streams = (await page.goto(`${baseUrl}/streams`))!;
          expect(streams.status()).toBe(200);
          await expect(page.locator('h1').innerText()).resolves.toBe('Live streams of your upcoming events');
          expect(await headerText(page)).toContain('Connected as Priya Pro');
          const overview = await nginx!.waitForEntry((entry) => entry.method === 'GET' && entry.path === '/streams' && entry.upstreams[0] !== '-');
          expect(answeredBy(overview)).toBe(addressOf(survivor));
          expect(overview.upstreamStatuses[overview.upstreamStatuses.length - 1]).toBe('200');
          expect((await sessionCookie(context, baseUrl))?.value).toBe(cookie!.value);

          const targets = emulator!.meetingsOf('pro').filter((event) => event.id !== '85746065003').slice(2, 5);
          for (const event of targets) await page.getByRole('checkbox', { name: `Select “${event.topic}”` }).check();
          await page.selectOption('#destination', { label: DESTINATION.name });
          await loadsPage(page, () => page.getByRole('button', { name: 'Apply', exact: true }).click());
          expect(page.url()).toMatch(/\/jobs\/[0-9a-f-]{36}$/);
          // The job page reloads itself every 2 s while the job runs.
          await eventually(async () => {
            const status = await page.locator('p.job-status').innerText();
            if (status !== 'Done.') throw new Error(`the job page says ${status}: ${await page.locator('main').innerText()}`);
          }, { timeoutMs: 20_000, intervalMs: 100 });
          await expect(page.locator('tr.item-applied').count()).resolves.toBe(3);
          for (const event of targets) expect(emulator!.livestreamOf(event.id)).toMatchObject({ stream_url: DESTINATION.stream_url, stream_key: DESTINATION.stream_key });

          await loadsPage(page, () => page.getByRole('button', { name: 'Log out' }).click());
          await page.waitForURL(`${baseUrl}/`);
          await expect(page.getByRole('link', { name: 'Connect your Zoom account' }).isVisible()).resolves.toBe(true);
          expect(await sessionCookie(context, baseUrl)).toBeUndefined();

          // After the stop the survivor answered everything. Round robin alternates, so one of the first two requests
          // went to the stopped instance first: refused, and nginx passed it on (the request was never sent there).
          const afterStop = proxied(nginx!.entries().slice(stoppedAt));
          expect(afterStop.length).toBeGreaterThan(2);
          expect(afterStop.filter((entry) => answeredBy(entry) !== addressOf(survivor))).toEqual([]);
          // (nginx leaves a refusing instance alone for fail_timeout, 10 s, then tries it again: maybe more than once.)
          const passedOn = afterStop.filter((entry) => entry.upstreams.length > 1);
          expect(passedOn.length).toBeGreaterThan(0);
          for (const entry of passedOn) expect(entry.upstreams).toEqual([addressOf(stopped), addressOf(survivor)]);

          // Every response of the app, through nginx, told the browser to keep to HTTPS. Chromium's cache does not keep
          // this header: a response replayed from it (the stylesheets, on later pages) repeats the X-Request-Id of the
          // one stored, and is left out.
          const fromNetwork = new Map<string, string | undefined>();
          for (const response of responses) {
            const headers = await response.allHeaders();
            if (!fromNetwork.has(headers['x-request-id'])) fromNetwork.set(headers['x-request-id'], headers['strict-transport-security']);
          }
          expect(fromNetwork.size).toBeGreaterThan(10);
          expect([...fromNetwork.values()].filter((hsts) => hsts !== HSTS)).toEqual([]);

          // nginx's account of who answered what matches each instance's own log, request for request. (Left out: what
          // the app does not log, and a request the browser gave up before the answer came, such as an icon.)
          expect(await survivor.stop()).toBe(0);
          for (const instance of instances) {
            const fromNginx = proxied(nginx!.entries())
              .filter((entry) => answeredBy(entry) === addressOf(instance))
              .map((entry) => ({ ...entry, answer: Number(entry.upstreamStatuses[entry.upstreamStatuses.length - 1]) }))
              .filter((entry) => Number.isInteger(entry.answer) && !(QUIET_WHEN_OK.test(entry.path) && entry.answer < 400))
              .map((entry) => `${entry.method} ${entry.path} ${entry.answer}`);
            expect(loggedRequests(instance).sort()).toEqual(fromNginx.sort());
          }
        });

        it('every log line of each instance carries its own name (INSTANCE_NAME)', () => {
          instances.forEach((instance, i) => {
            const lines = instance.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { instance?: string });
            expect(lines.length).toBeGreaterThan(0);
            expect(new Set(lines.map((line) => line.instance))).toEqual(new Set([`${hostname()}:${'ab'[i]}`]));
          });
        });
      });
    });
  });
});
