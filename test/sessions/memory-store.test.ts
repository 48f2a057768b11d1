import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { MemorySessionStore } from '../../src/sessions/memory-store';
import { createSessionStore } from '../../src/sessions/store';
import { SqliteSessionStore } from '../../src/sessions/sqlite-store';
import { hostSession, storeGet, storeSet } from './store-calls';

/** The tests' store keeps the same user index, and config picks the store. */
it('the memory store finds and ends one user\'s sessions, leaving others', async () => {
  const store = new MemorySessionStore();
  await storeSet(store, 'a-1', hostSession('user-a'));
  await storeSet(store, 'a-2', hostSession('user-a'));
  await storeSet(store, 'b-1', hostSession('user-b'));
  expect((await store.sessionsOfUser('user-a')).sort()).toEqual(['a-1', 'a-2']);
  expect(await store.destroyUserSessions('user-a')).toBe(2);
  expect(await storeGet(store, 'a-1')).toBeUndefined();
  expect((await storeGet(store, 'b-1'))?.zoom?.userId).toBe('user-b');
  await store.close();
});

it('config chooses the store: memory when asked, SQLite at SESSION_DB_PATH by default, Redis with REDIS_URL', async () => {
  const memory = createSessionStore(loadConfig({ NODE_ENV: 'test', SESSION_STORE: 'memory' }).session);
  expect(memory.kind).toBe('memory');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-choice-'));
  const sqlite = createSessionStore(loadConfig({ NODE_ENV: 'test', SESSION_DB_PATH: path.join(dir, 'sessions.db') }).session);
  expect(sqlite).toBeInstanceOf(SqliteSessionStore);
  // Built without waiting for Redis: the app starts (and answers 503) even while Redis is down.
  const quiet = { error: () => undefined, info: () => undefined };
  const redis = createSessionStore(loadConfig({ NODE_ENV: 'test', REDIS_URL: 'redis://127.0.0.1:1' }).session, { log: quiet });
  expect(redis.kind).toBe('redis');
  await Promise.all([memory.close(), sqlite.close(), redis.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});
