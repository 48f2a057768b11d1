import fs from 'node:fs';
import path from 'node:path';

/**
 * The app's SQLite file holds sealed stream keys and grants: created 0600 in a folder created 0700, as the
 * sessions file is (sessions/sqlite-file.ts). SQLite gives its -wal and -shm files the database file's mode,
 * so creating the file first, before SQLite does with the process's umask (usually 0644), covers all three.
 * An existing file keeps the mode it has.
 */
export function createPrivately(file: string): void {
  if (file === ':memory:') return;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
