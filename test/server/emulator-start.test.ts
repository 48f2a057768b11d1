import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

/** The standalone emulator (`npm run emulator`): EMULATOR_PORT validated, the URL it got printed. */
const ROOT = path.resolve(__dirname, '../..');

/** Starts dist/emulator/start.js; resolves with its first answer: an exit code or the URL it listens on. */
function startEmulator(port: string) {
  const child = spawn(process.execPath, ['dist/emulator/start.js'], { cwd: ROOT, env: { PATH: process.env.PATH, EMULATOR_PORT: port } });
  let output = '';
  const outcome = new Promise<{ code?: number | null; url?: string }>((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = /listening on (\S+)/.exec(output)?.[1];
      if (url) resolve({ url });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => resolve({ code }));
  });
  return { child, outcome, output: () => output };
}

it.each(['0x10', '1e3', ' 80', 'eighty', '65536', ''])('refuses EMULATOR_PORT=%j with a message naming it', async (port) => {
  const emulator = startEmulator(port);
  try {
    expect(await emulator.outcome).toEqual({ code: 1 });
    expect(emulator.output()).toMatch(/EMULATOR_PORT must be a port number \(0-65535/);
  } finally {
    if (emulator.child.exitCode === null) emulator.child.kill('SIGKILL');
  }
});

it('with EMULATOR_PORT=0 listens on a free loopback port and prints it', async () => {
  const emulator = startEmulator('0');
  try {
    const { url } = await emulator.outcome;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/oauth/authorize`)).status).toBeGreaterThanOrEqual(400);
  } finally {
    emulator.child.kill('SIGTERM');
    await once(emulator.child, 'exit');
  }
});
