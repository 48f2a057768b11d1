import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteSessionStore } from '../../src/sessions/sqlite-store';
import { eventually } from '../helpers/eventually';
import { hostSession, storeGet, storeLength, storeSet } from './store-calls';

/**
 * 10,000 sessions in the SQLite store: every lookup still finds the right session, and expired ones
 * are pruned. Timings are printed for the record, never asserted (speed targets live in bench/).
 */
const COUNT = 10_000;
const USERS = 1_000;
let dir: string;
let file: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-scale-'));
  file = path.join(dir, 'sessions.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function rowsInFile(): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function micros(startNs: bigint, count: number): string {
  return (Number(process.hrtime.bigint() - startNs) / 1000 / count).toFixed(1);
}

it(`finds each of ${COUNT} sessions and each user's sessions correctly`, async () => {
  const store = new SqliteSessionStore({ path: file });
  let started = process.hrtime.bigint();
  for (let i = 0; i < COUNT; i++) await storeSet(store, `sid-${i}`, hostSession(`user-${i % USERS}`));
  const setUs = micros(started, COUNT);

  const order = Array.from({ length: COUNT }, (_v, i) => (i * 7919) % COUNT);
  started = process.hrtime.bigint();
  for (const i of order) {
    const sess = await storeGet(store, `sid-${i}`);
    if (sess?.zoom?.userId !== `user-${i % USERS}`) throw new Error(`sid-${i} came back wrong`);
  }
  const getUs = micros(started, COUNT);

  started = process.hrtime.bigint();
  for (let u = 0; u < USERS; u++) {
    const sids = await store.sessionsOfUser(`user-${u}`);
    if (sids.length !== COUNT / USERS) throw new Error(`user-${u} has ${sids.length} sessions`);
  }
  const userUs = micros(started, USERS);

  expect(await storeLength(store)).toBe(COUNT);
  expect(await storeGet(store, 'sid-unknown')).toBeNull();
  console.log(`SQLite, ${COUNT} sessions: set ${setUs} µs, get ${getUs} µs, sessionsOfUser ${userUs} µs (mean per call, through the store's callback API)`);
  await store.close();
});

it(`ignores and then prunes ${COUNT} expired sessions, keeping the live ones`, async () => {
  let clock = Date.now();
  const store = new SqliteSessionStore({ path: file, now: () => clock });
  for (let i = 0; i < COUNT; i++) await storeSet(store, `short-${i}`, hostSession(`user-${i % USERS}`, 200));
  expect(rowsInFile()).toBe(2 * COUNT);
  // The store's clock moves past the last short session's expiry; the hour-long ones stay live.
  clock = Date.now() + 300;

  expect(await storeGet(store, 'short-1')).toBeNull();
  expect(await storeLength(store)).toBe(COUNT);
  const started = process.hrtime.bigint();
  const pruned = await store.prune();
  const pruneMs = (Number(process.hrtime.bigint() - started) / 1e6).toFixed(1);

  expect(pruned).toBe(COUNT);
  expect(rowsInFile()).toBe(COUNT);
  expect((await storeGet(store, 'sid-42'))?.zoom?.userId).toBe('user-42');
  expect(await store.sessionsOfUser('user-42')).toHaveLength(COUNT / USERS);
  console.log(`SQLite prune: ${pruned} expired rows deleted in ${pruneMs} ms (batches of 500), ${COUNT} live rows kept`);
  await store.close();
});

it('prunes on its own timer without being asked', async () => {
  let clock = Date.now();
  const store = new SqliteSessionStore({ path: file, pruneIntervalMs: 50, now: () => clock });
  for (let i = 0; i < 100; i++) await storeSet(store, `timer-${i}`, hostSession('user-timer', 100));
  expect(rowsInFile()).toBe(COUNT + 100);
  clock = Date.now() + 200;
  // Only the timer runs prune here: the test waits for its 50 ms tick, not for the sessions to expire.
  await eventually(() => expect(rowsInFile()).toBe(COUNT));
  await store.close();
});
