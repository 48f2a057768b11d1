import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTokenVault } from '../../src/credentials/vault';
import { openDatabase, type AppDatabase } from '../../src/db';
import { createHistoryRepository } from '../../src/destinations/history-repository';
import type { HistoryRepository } from '../../src/destinations/types';
import { startZoomEmulator, type RunningZoomEmulator } from '../../src/emulator';
import { createJobsRepository } from '../../src/jobs/repository';
import type { Job, JobWithItems, NewJob } from '../../src/jobs/model';
import type { JobsRepository } from '../../src/jobs/types';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../db/postgres-env';
import { eventually } from '../helpers/eventually';
import { startCompiledServer, type CompiledServer } from '../helpers/net';
import { REDIS_TEST_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../sessions/redis-test-env';

/**
 * Bulk jobs across real processes: the compiled server (dist/server.js) in Zoom mode, pointed at an
 * emulator in this process that allows RATE LIGHT calls a second per account. The test logs the host
 * in over HTTP, writes the job into the app's database as the app would, and kills servers with
 * SIGKILL mid-job. What must hold: the job ends with every item applied once and recorded once in
 * the history, on whichever instance holds the lease, and Zoom never sees the account above its rate.
 */
jest.setTimeout(60_000);

const RATE = 4;
const KEYS = `k1:${randomBytes(32).toString('base64')}`;
const SESSION_SECRET = randomBytes(32).toString('hex');
/** Zoom mode's BASE_URL: the consent page sends the browser to its callback, which the test replays on the real port. */
const BASE_URL = 'http://127.0.0.1:3999';
const DESTINATION = { stream_url: 'rtmp://bulk.example.com/live', stream_key: 'bulk-key-processes', page_url: 'https://bulk.example.com/watch', resolution: '720p' };

const children: CompiledServer[] = [];

afterAll(() => {
  for (const server of children) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
});

/** A server in Zoom mode against the emulator: 2 s leases, looking for work every 100 ms, paced at Zoom's rate. */
async function startServer(emulator: RunningZoomEmulator, env: Record<string, string>): Promise<CompiledServer> {
  const server = await startCompiledServer({
    NODE_ENV: 'test', LOG_LEVEL: 'warn', BASE_URL, SESSION_SECRET, TOKEN_ENCRYPTION_KEYS: KEYS, ZOOM_WEBHOOK_SECRET_TOKEN: 'processes-webhook-secret',
    ZOOM_CLIENT_ID: 'sandbox-client-id', ZOOM_CLIENT_SECRET: 'sandbox-client-secret', ZOOM_OAUTH_URL: emulator.url, ZOOM_API_URL: `${emulator.url}/v2`,
    JOB_LEASE_SECONDS: '2', JOB_POLL_MS: '100', ZOOM_LIGHT_RATE_PER_SECOND: String(RATE), RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  children.push(server);
  return server;
}

async function kill(server: CompiledServer): Promise<void> {
  const exited = once(server.child, 'exit');
  server.child.kill('SIGKILL');
  await exited;
}

const alive = (server: CompiledServer) => server.child.exitCode === null && server.child.signalCode === null;

/** The Pro host connects through this server as a browser would; resolves to the session cookie. */
async function logIn(server: CompiledServer, emulator: RunningZoomEmulator): Promise<string> {
  const install = await request(server.socketUrl).get('/install').expect(302);
  const pending = String(install.headers['set-cookie']).split(';')[0];
  const authorize = new URL(install.headers.location);
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), host: 'pro', decision: 'allow' });
  const consent = await fetch(`${emulator.url}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!);
  const done = await request(server.socketUrl).get(`${back.pathname}${back.search}`).set('Cookie', pending).expect(302);
  expect(done.headers.location).toBe('/');
  return String(done.headers['set-cookie']).split(';')[0];
}

interface AppStore {
  database: AppDatabase;
  jobs: JobsRepository;
  history: HistoryRepository;
}

/** The app's database as the servers see it, opened with their key: jobs are written and outcomes read here. */
function openStore(databaseUrl: string): AppStore {
  const database = openDatabase(databaseUrl);
  const vault = createTokenVault(KEYS, SESSION_SECRET);
  return { database, jobs: createJobsRepository(database, vault), history: createHistoryRepository(database, vault) };
}

/** An apply job over `count` of the Pro host's meetings, from the `from`-th on. */
function applyJob(emulator: RunningZoomEmulator, count: number, from = 0): NewJob {
  const host = emulator.hosts.pro;
  const items = emulator.meetingsOf('pro').slice(from, from + count).map((meeting) => ({ kind: 'meeting' as const, eventId: meeting.id, topic: meeting.topic }));
  expect(items).toHaveLength(count);
  return { userId: host.id, accountId: host.account_id, action: 'apply', settings: DESTINATION, items };
}

/** The pid in a lease owner (`host:pid:random`); undefined when no instance holds the job. */
function pidOf(job: Job): number | undefined {
  if (!job.leaseOwner) return undefined;
  const parts = job.leaseOwner.split(':');
  return Number(parts[parts.length - 2]);
}

type Owners = Array<{ at: number; pid: number }>;

/**
 * Reads the job every 50 ms until `settled`, noting which pid held the lease at each reading (and
 * when), so a test can tell which instance ran it when. Fails after 30 s.
 */
function watch(jobs: JobsRepository, job: JobWithItems, owners: Owners, settled: (job: JobWithItems) => boolean): Promise<JobWithItems> {
  return eventually(async () => {
    const found = (await jobs.get(job.userId, job.id))!;
    const pid = pidOf(found);
    if (pid !== undefined) owners.push({ at: Date.now(), pid });
    if (settled(found)) return found;
    throw new Error(`job did not settle: ${found.status} ${JSON.stringify(found.items.map((item) => item.status))}`);
  }, { timeoutMs: 30_000, intervalMs: 50 });
}

/** Reads the jobs every 50 ms until all are done; resolves to them and, per reading, the pids holding their leases. */
async function watchAll(jobs: JobsRepository, list: JobWithItems[]): Promise<{ finished: JobWithItems[]; holders: Array<Set<number>> }> {
  const holders: Array<Set<number>> = [];
  const finished = await eventually(async () => {
    const found = await Promise.all(list.map(async (job) => (await jobs.get(job.userId, job.id))!));
    holders.push(new Set(found.map(pidOf).filter((pid) => pid !== undefined)));
    if (found.every(done)) return found;
    throw new Error(`jobs did not finish: ${JSON.stringify(found.map((job) => job.status))}`);
  }, { timeoutMs: 30_000, intervalMs: 50 });
  return { finished, holders };
}

const applied = (job: JobWithItems) => job.items.filter((item) => item.status === 'applied').length;
const done = (job: JobWithItems) => job.status === 'done';

type Settings = ReturnType<RunningZoomEmulator['livestreamOf']>;
/** Zoom's settings for the job's meetings, read before the job is written (the runner starts within JOB_POLL_MS). */
const settingsOf = (emulator: RunningZoomEmulator, job: NewJob): Settings[] => job.items.map((item) => emulator.livestreamOf(item.eventId));

/**
 * Every item applied, its history id its own id; exactly one history row per item and none for anything
 * else on those meetings; each row's "before" is Zoom's value before the job (a second pass after the
 * kill read Zoom's new value, and must not have replaced it); Zoom holds the destination.
 */
async function expectAppliedOnce(store: AppStore, emulator: RunningZoomEmulator, job: JobWithItems, before: Settings[]): Promise<void> {
  expect(job.items.map((item) => item.status)).toEqual(job.items.map(() => 'applied'));
  expect(job.items.map((item) => item.historyId)).toEqual(job.items.map((item) => item.id));
  const rows = await store.database.db.selectFrom('change_history').select('id')
    .where('user_id', '=', job.userId).where('event_id', 'in', job.items.map((item) => item.eventId)).execute();
  expect(rows.map((row) => row.id).sort()).toEqual(job.items.map((item) => item.id).sort());
  for (const [i, item] of job.items.entries()) {
    const entry = await store.history.get(job.userId, item.id);
    expect(entry).toMatchObject({ source: 'bulk', eventId: item.eventId, after: DESTINATION });
    const { stream_url, stream_key, page_url, resolution } = before[i]!;
    expect(entry!.before).toEqual({ stream_url, stream_key, page_url, resolution });
    expect(emulator.livestreamOf(item.eventId)).toMatchObject(DESTINATION);
  }
}

/**
 * Zoom's view since the last clearRequests: the account's LIGHT calls in each second, served or refused.
 * Zoom counts a call in the second it receives it, the pacer in the second it lets it go, and a call let
 * go in the last milliseconds of a second (a job starting while the processes are busy) reaches Zoom in
 * the next one. So a second may exceed RATE by what the second before left unused, and never by more;
 * two instances pacing apart would send twice RATE second after second.
 */
function expectWithinRate(emulator: RunningZoomEmulator): void {
  const seconds = emulator.servedPerSecond('pro');
  expect(seconds.length).toBeGreaterThan(5);
  const sent = new Map(seconds.map((window) => [window.second, window.served + window.limited]));
  const unusedBefore = (second: number) => RATE - Math.min(RATE, sent.get(second - 1) ?? 0);
  expect(seconds.filter((window) => sent.get(window.second)! > RATE + unusedBefore(window.second))).toEqual([]);
}

/** PATCHes Zoom served: one per item, plus at most one per call in flight when a server was killed (JOB_CONCURRENCY 4). */
function expectPatches(emulator: RunningZoomEmulator, items: number): void {
  const patches = emulator.requestsTo('PATCH', '/v2/meetings/').filter((entry) => entry.rate?.served).length;
  expect(patches).toBeGreaterThanOrEqual(items);
  expect(patches).toBeLessThanOrEqual(items + 4);
}

describe('one server on SQLite, killed mid-job and started again', () => {
  let emulator: RunningZoomEmulator;
  let store: AppStore | undefined;
  let env: Record<string, string>;
  let dataDir: string;

  beforeAll(async () => {
    emulator = await startZoomEmulator({ rateLimits: { lightPerSecond: RATE }, recordRequests: true, extraMeetings: 20 });
    // One data folder for both starts: the app's database, and the sessions (the restarted runner needs the host's token).
    dataDir = mkdtempSync(path.join(tmpdir(), 'zls-jobs-restart-'));
    env = { DATA_DIR: dataDir, SESSION_STORE: 'sqlite', DATABASE_URL: `sqlite:${path.join(dataDir, 'app.db')}` };
  });
  afterAll(async () => {
    await store?.database.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGKILL after a few items: the restarted server takes the job over once the lease expires and applies each item once', async () => {
    const first = await startServer(emulator, env);
    await logIn(first, emulator);
    store = openStore(env.DATABASE_URL);
    emulator.clearRequests();
    const owners: Owners = [];

    const plan = applyJob(emulator, 20);
    const before = settingsOf(emulator, plan);
    const job = await store.jobs.create(plan);
    const midway = await watch(store.jobs, job, owners, (found) => applied(found) >= 3);
    await kill(first);
    const killedAt = Date.now();
    const second = await startServer(emulator, env);
    const finished = await watch(store.jobs, job, owners, done);

    expect(applied(midway)).toBeLessThan(20);
    expect(owners.filter((owner) => owner.at <= killedAt).every((owner) => owner.pid === first.child.pid)).toBe(true);
    expect(owners.some((owner) => owner.pid === second.child.pid)).toBe(true);
    expect(finished.leaseOwner).toBe('');
    await expectAppliedOnce(store, emulator, finished, before);
    expectPatches(emulator, 20);
    expectWithinRate(emulator);
    expect(await second.stop()).toBe(0);
  });
});

describeWithPostgres('two servers on PostgreSQL, sharing sessions and the pace through Redis', () => {
  describeWithRedis('one job, two instances', () => {
    const prefix = uniquePrefix('jobs-processes');
    let emulator: RunningZoomEmulator;
    let testDatabase: TestDatabase | undefined;
    let store: AppStore | undefined;
    let servers: CompiledServer[] = [];
    /** The Pro host's session, logged in through the first server. */
    let cookie: string;

    beforeAll(async () => {
      // 46 meetings: each test works on meetings of its own, so the history rows of one never count in another.
      emulator = await startZoomEmulator({ rateLimits: { lightPerSecond: RATE }, recordRequests: true, extraMeetings: 42 });
      testDatabase = await createTestDatabase();
      const env = { DATABASE_URL: testDatabase.url, SESSION_STORE: 'redis', REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix };
      servers = await Promise.all([startServer(emulator, env), startServer(emulator, env)]);
      cookie = await logIn(servers[0], emulator);
      store = openStore(testDatabase.url);
    });
    afterAll(async () => {
      for (const server of servers) if (alive(server)) await kill(server);
      await store?.database.close();
      await testDatabase?.drop();
      await deleteKeys(REDIS_TEST_URL, prefix);
      await emulator.close();
    });

    /** Which server holds the job now, and the other one. */
    function runnerOf(owners: Owners): [CompiledServer, CompiledServer] {
      const runner = servers.find((server) => server.child.pid === owners[owners.length - 1].pid)!;
      return [runner, servers.find((server) => server !== runner)!];
    }

    // The job page reads the database only: any instance shows any job of the host's, whichever runs it.
    it('GET /jobs/:jobId on the instance not running the job shows the job', async () => {
      const owners: Owners = [];
      const job = await store!.jobs.create(applyJob(emulator, 4, 24));
      await watch(store!.jobs, job, owners, (found) => found.leaseOwner !== '');
      const [, other] = runnerOf(owners);

      const page = await request(other.socketUrl).get(`/jobs/${job.id}`).set('Cookie', cookie);

      // Finished before the next test, which counts Zoom's calls from a clean slate.
      await watch(store!.jobs, job, owners, done);
      expect(page.status).toBe(200);
      expect(page.text).toContain(job.items[0].topic);
    });

    it('jobs of one account running on both instances at once keep, together, within the account\'s rate', async () => {
      emulator.clearRequests();
      // An instance runs at most 4 jobs at a time: of 6 jobs, the other instance claims some.
      const plans = Array.from({ length: 6 }, (_, i) => applyJob(emulator, 2, 28 + 2 * i));
      const before = plans.map((plan) => settingsOf(emulator, plan));

      const jobs = await Promise.all(plans.map((plan) => store!.jobs.create(plan)));
      const { finished, holders } = await watchAll(store!.jobs, jobs);

      expect(holders.some((pids) => servers.every((server) => pids.has(server.child.pid!)))).toBe(true);
      for (const [i, job] of finished.entries()) await expectAppliedOnce(store!, emulator, job, before[i]);
      expectPatches(emulator, 12);
      expectWithinRate(emulator);
    });

    it('runs on one instance only; after SIGKILL the other takes it over and finishes it, within one shared rate', async () => {
      emulator.clearRequests();
      const owners: Owners = [];

      const plan = applyJob(emulator, 24);
      const before = settingsOf(emulator, plan);
      const job = await store!.jobs.create(plan);
      await watch(store!.jobs, job, owners, (found) => applied(found) >= 6);
      const [runner, other] = runnerOf(owners);
      await kill(runner);
      const killedAt = Date.now();
      const finished = await watch(store!.jobs, job, owners, done);

      const whileAlive = owners.filter((owner) => owner.at <= killedAt);
      expect(whileAlive.length).toBeGreaterThan(10);
      expect(whileAlive.every((owner) => owner.pid === runner.child.pid)).toBe(true);
      // The dead instance's lease stays until it expires; then only the other instance holds the job.
      const takeover = owners.findIndex((owner) => owner.pid === other.child.pid);
      expect(takeover).toBeGreaterThan(0);
      expect(owners.slice(takeover).every((owner) => owner.pid === other.child.pid)).toBe(true);
      await expectAppliedOnce(store!, emulator, finished, before);
      expect(await store!.jobs.counts(job.userId, job.id)).toMatchObject({ applied: 24, total: 24 });
      expectPatches(emulator, 24);
      expectWithinRate(emulator);
      expect(await other.stop()).toBe(0);
    });
  });
});
