import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCompiledServer } from '../helpers/net';

/**
 * The data folder as `npm start` leaves it: the app's database holds sealed stream keys and grants, the sessions
 * database sealed Zoom tokens, so both get the same owner-only mode, and so do SQLite's -wal and -shm files.
 */
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-file-modes-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const mode = (name: string) => fs.statSync(path.join(dataDir, name)).mode & 0o777;

it('creates app.db, sessions.db and their -wal and -shm files 0600, as the usual umask (022) would not', async () => {
  const server = await startCompiledServer({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', EMULATOR_PORT: '0' });
  try {
    // Each exists while the server has the databases open in WAL mode.
    const files = ['app.db', 'app.db-wal', 'app.db-shm', 'sessions.db', 'sessions.db-wal', 'sessions.db-shm'];
    expect(Object.fromEntries(files.map((name) => [name, mode(name).toString(8)]))).toEqual(Object.fromEntries(files.map((name) => [name, '600'])));
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
