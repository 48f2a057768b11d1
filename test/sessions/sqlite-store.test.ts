import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SessionData } from 'express-session';
import { SessionStoreUnavailableError } from '../../src/sessions/errors';
import { SqliteSessionStore } from '../../src/sessions/sqlite-store';
import { hostSession, storeDestroy, storeGet, storeLength, storeSet, storeTouch } from './store-calls';

/** The default store on its own: one SQLite file, a user index, expiry per row, restarts. */
let dir: string;
const stores: SqliteSessionStore[] = [];
/** The stores' clock: it moves only when a test moves it past an expiry, so no test waits for one. */
let clock: number;

function open(file = path.join(dir, 'sessions.db'), pruneIntervalMs?: number): SqliteSessionStore {
  const store = new SqliteSessionStore({ path: file, pruneIntervalMs, now: () => clock });
  stores.push(store);
  return store;
}

beforeEach(() => {
  clock = Date.now();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-sqlite-'));
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

it('creates the database folder on first start and uses WAL mode', () => {
  const file = path.join(dir, 'nested', 'data', 'sessions.db');
  open(file);
  expect(fs.existsSync(file)).toBe(true);
  expect(fs.existsSync(`${file}-wal`)).toBe(true);
});

it('stores, reads, and destroys a session; length counts live sessions', async () => {
  const store = open();
  await storeSet(store, 'sid-1', hostSession('user-a'));
  const read = await storeGet(store, 'sid-1');
  expect(read?.zoom?.userId).toBe('user-a');
  expect(read?.host?.name).toBe('Pat Pro');
  expect(await storeLength(store)).toBe(1);
  await storeDestroy(store, 'sid-1');
  expect(await storeGet(store, 'sid-1')).toBeNull();
  expect(await storeLength(store)).toBe(0);
});

it('keeps sessions across a close and reopen of the same file (an app restart)', async () => {
  const first = open();
  await storeSet(first, 'sid-kept', hostSession('user-a'));
  await first.close();
  const second = open();
  expect((await storeGet(second, 'sid-kept'))?.zoom?.userId).toBe('user-a');
  expect(await second.sessionsOfUser('user-a')).toEqual(['sid-kept']);
});

it('ignores an expired row on read, before any prune', async () => {
  const store = open();
  const short = hostSession('user-a', 50);
  await storeSet(store, 'sid-short', short);
  clock = short.cookie.expires!.getTime() + 30;
  expect(await storeGet(store, 'sid-short')).toBeNull();
  expect(await store.sessionsOfUser('user-a')).toEqual([]);
});

it('touch extends the expiry without rewriting the data another request saved', async () => {
  const store = open();
  const loaded = hostSession('user-a', 100);
  await storeSet(store, 'sid-1', loaded);
  const refreshed = hostSession('user-a', 100);
  refreshed.zoom.sealed = 'dev.rotated';
  await storeSet(store, 'sid-1', refreshed);
  // A request that loaded the session before the refresh touches it with its stale copy.
  const touched = hostSession('user-a', 120_000);
  await storeTouch(store, 'sid-1', touched);
  // Past the expiry the saves gave it: only the touch keeps it alive.
  clock = refreshed.cookie.expires!.getTime() + 50;
  expect((await storeGet(store, 'sid-1'))?.zoom?.sealed).toBe('dev.rotated');
});

it('indexes sessions by Zoom user and ends all of one user\'s sessions, leaving others', async () => {
  const store = open();
  await storeSet(store, 'a-1', hostSession('user-a'));
  await storeSet(store, 'a-2', hostSession('user-a'));
  await storeSet(store, 'b-1', hostSession('user-b'));
  await storeSet(store, 'anonymous', hostSession(undefined));
  expect((await store.sessionsOfUser('user-a')).sort()).toEqual(['a-1', 'a-2']);
  expect(await store.destroyUserSessions('user-a')).toBe(2);
  expect(await storeGet(store, 'a-1')).toBeNull();
  expect(await store.sessionsOfUser('user-a')).toEqual([]);
  expect((await storeGet(store, 'b-1'))?.zoom?.userId).toBe('user-b');
  expect(await storeLength(store)).toBe(2);
});

it('moves a session in the index when it is saved without its Zoom user (disconnected)', async () => {
  const store = open();
  await storeSet(store, 'sid-1', hostSession('user-a'));
  await storeSet(store, 'sid-1', hostSession(undefined));
  expect(await store.sessionsOfUser('user-a')).toEqual([]);
  expect(await store.destroyUserSessions('user-a')).toBe(0);
  expect(await storeGet(store, 'sid-1')).not.toBeNull();
});

it('answers with SessionStoreUnavailableError (a 503 for the app), not a throw, when the file is unusable', async () => {
  const store = open();
  await store.close();
  await expect(storeGet(store, 'sid-1')).rejects.toBeInstanceOf(SessionStoreUnavailableError);
  await expect(store.sessionsOfUser('user-a')).rejects.toBeInstanceOf(SessionStoreUnavailableError);
});

describe('the idle timeout with SQLite (touch writes only when the expiry moves enough)', () => {
  const IDLE_MS = 120_000;
  /** A session as the rolling cookie leaves it after a request at `at`: idle time IDLE_MS. */
  const rolledAt = (at: number) => ({ ...hostSession('user-a'), cookie: { originalMaxAge: IDLE_MS, expires: new Date(at + IDLE_MS) } }) as unknown as SessionData;

  it('a 2-minute idle session used 5 s after login lives 2 minutes from that use, not from login', async () => {
    let clock = Date.now();
    const store = new SqliteSessionStore({ path: path.join(dir, 'idle.db'), now: () => clock });
    stores.push(store);
    await storeSet(store, 'sid-1', rolledAt(clock));
    clock += 5_000;
    await storeTouch(store, 'sid-1', rolledAt(clock));
    clock += IDLE_MS - 1_000;
    expect(await storeGet(store, 'sid-1')).not.toBeNull();
    clock += 2_000;
    expect(await storeGet(store, 'sid-1')).toBeNull();
  });

  it('still skips the write when the expiry moves by less than 1/60 of the idle time (2 s here)', async () => {
    let clock = Date.now();
    const store = new SqliteSessionStore({ path: path.join(dir, 'idle.db'), now: () => clock });
    stores.push(store);
    const login = clock;
    await storeSet(store, 'sid-1', rolledAt(clock));
    clock += 1_000;
    await storeTouch(store, 'sid-1', rolledAt(clock));
    clock = login + IDLE_MS + 500;
    expect(await storeGet(store, 'sid-1')).toBeNull();
  });
});
