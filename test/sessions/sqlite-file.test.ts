import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config';
import { createSessionStore } from '../../src/sessions/store';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/**
 * The SQLite file under real trouble: another connection holding the write lock, the file deleted
 * under the running app, a read-only file at start. And the file's permissions: it holds sealed tokens.
 */
let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-sqlite-file-'));
  file = path.join(dir, 'data', 'sessions.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a running app on SQLite', () => {
  let h: Harness;
  // /readyz reuses its verdict for a second: moving the app's clock on makes the next request probe again.
  let skew = 0;
  const laterVerdict = () => void (skew += 1000);
  beforeEach(async () => {
    h = await startHarness({ env: { SESSION_STORE: 'sqlite', SESSION_DB_PATH: file }, deps: { now: () => Date.now() + skew } });
  });
  afterEach(async () => {
    await h.deps.sessionStore.close();
    await h.close();
  });

  it('with the file write-locked by another connection, answers 503 at once and never freezes the event loop', async () => {
    await loginAs(h, 'pro');
    // The error page's first render compiles its template: a one-off cost that is not the store's.
    await request(h.app).get('/no-such-page').expect(404);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = Date.now();
    try {
      // Each starts a login, which must write its pending state.
      const replies = await Promise.all(Array.from({ length: 5 }, () => request(h.app).get('/install')));
      expect(replies.map((reply) => reply.status)).toEqual([503, 503, 503, 503, 503]);
      expect(replies[0].text).toContain('Session service unavailable');
      await request(h.app).get('/readyz').expect(503, { status: 'unavailable', sessionStore: 'failing', database: 'ok' });
      expect(Date.now() - started).toBeLessThan(1500);
      // Before: SQLite waited 2 s inside each write (busy_timeout), freezing every request for it.
      expect(loop.max / 1e6).toBeLessThan(500);
    } finally {
      loop.disable();
      other.exec('COMMIT');
      other.close();
    }
    laterVerdict();
    await request(h.app).get('/readyz').expect(200, { status: 'ready', sessionStore: 'ok', database: 'ok' });
    await request(h.app).get('/install').expect(302);
    expect(h.errors).toEqual([]);
  });

  it('/readyz answers 503 once the database file has been deleted under the open connection', async () => {
    await request(h.app).get('/readyz').expect(200, { status: 'ready', sessionStore: 'ok', database: 'ok' });
    fs.rmSync(path.dirname(file), { recursive: true });
    laterVerdict();
    await request(h.app).get('/readyz').expect(503, { status: 'unavailable', sessionStore: 'failing', database: 'ok' });
  });

  it('/readyz writes: a health row in the file, stamped on each probe', async () => {
    await request(h.app).get('/readyz').expect(200);
    const reader = new Database(file, { readonly: true });
    try {
      const row = reader.prepare("SELECT at FROM health WHERE id = 'probe'").get() as { at: number } | undefined;
      expect(row?.at).toBeGreaterThan(Date.now() - 5000);
    } finally {
      reader.close();
    }
  });
});

it('creates the data folder 0700 and the database file (and its WAL) 0600', async () => {
  const store = createSessionStore(loadConfig({ NODE_ENV: 'test', SESSION_DB_PATH: file }).session);
  try {
    const mode = (target: string) => fs.statSync(target).mode & 0o777;
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
  } finally {
    await store.close();
  }
});

/** chmod does not stop root; the immutable flag does (ext4 and most Linux file systems). */
function makeReadOnly(target: string): () => void {
  fs.chmodSync(target, 0o400);
  if (process.getuid?.() !== 0) return () => fs.chmodSync(target, 0o600);
  const set = spawnSync('chattr', ['+i', target]);
  if (set.status !== 0) throw new Error(`cannot make ${target} read-only for root: ${String(set.stderr)}`);
  return () => void spawnSync('chattr', ['-i', target]);
}

it('a read-only database at start is a one-line ConfigError naming the file, not a stack', async () => {
  const settings = loadConfig({ NODE_ENV: 'test', SESSION_DB_PATH: file }).session;
  await createSessionStore(settings).close();
  const undo = makeReadOnly(file);
  try {
    let thrown: unknown;
    try {
      await createSessionStore(settings).close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    expect(message).toContain(file);
    expect(message).toMatch(/readonly|read-only/);
    expect(message).not.toContain('\n');
  } finally {
    undo();
  }
});
