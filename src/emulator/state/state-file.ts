/**
 * The emulator's state file: read once at start, replaced atomically (temporary file, then rename) after each change.
 * It holds refresh tokens and stream keys, so it is 0600 in a folder the emulator creates 0700.
 * Nothing here may stop start-up: a file that cannot be used is set aside or ignored, with one warning.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? String(err);
}

/** The file's text; undefined when there is none yet, or (with a warning) when it cannot be read. */
export function readStateText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') {
      console.warn(`Zoom emulator: cannot read its state file ${file} (${errorCode(err)}); starting with fresh state.`);
    }
    return undefined;
  }
}

/** Moves a file that is not valid state out of the way, so the next save does not overwrite the evidence. */
export function setAside(file: string, atMs: number): void {
  const aside = `${file}.corrupt-${atMs}`;
  try {
    renameSync(file, aside);
    console.warn(`Zoom emulator: state file ${file} is not valid; moved it to ${aside} and started with fresh state.`);
  } catch (err) {
    console.warn(`Zoom emulator: state file ${file} is not valid and could not be moved (${errorCode(err)}); starting with fresh state.`);
  }
}

/** Writes the whole state: a crash mid-write leaves only the .tmp file, never a half-written state file. */
export function writeStateFile(file: string, data: unknown): void {
  const temporary = `${file}.tmp`;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // A .tmp left by a crash may carry another mode; a new file gets 0600 from the start.
  rmSync(temporary, { force: true });
  try {
    writeFileSync(temporary, JSON.stringify(data), { mode: 0o600 });
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** A saver for one path: a failing disk warns once (until a save succeeds again) and never fails a request. */
export function createStateSaver(file: string, snapshot: () => unknown): () => void {
  let failing = false;
  return function saveState(): void {
    try {
      writeStateFile(file, snapshot());
      failing = false;
    } catch (err) {
      if (!failing) console.warn(`Zoom emulator: cannot save its state to ${file} (${errorCode(err)}); keeping it in memory.`);
      failing = true;
    }
  };
}
