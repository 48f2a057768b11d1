'use strict';
/**
 * `npm start` as a newcomer runs it, in sandbox mode, timed from the command to the first 200 of /healthz:
 * the first start on an empty data folder (migrations, the emulator's state) and the second start on the
 * same folder (what every later `npm start` costs). dist/ is already built (`npm install` runs `prepare`);
 * with BENCH_REBUILD=1 a source is touched before each first start, so that start includes the rebuild.
 * Run alone with `node bench/npm-start.js`; `npm run bench` runs it too.
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync, utimesSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, freePort, firstOk } = require('./processes');
const { median } = require('./measure');

const PAIRS = Number(process.env.BENCH_START_PAIRS ?? 3);

/** `npm start` in its own process group, so npm, its shell and the server stop together. */
function npmStart(env) {
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: 'ignore', detached: true });
  child.startedAt = process.hrtime.bigint();
  return child;
}

function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    process.kill(-child.pid, 'SIGTERM');
  });
}

async function timedStart(dataDir) {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const child = npmStart({ PORT: String(port), EMULATOR_PORT: String(emulatorPort), DATA_DIR: dataDir });
  try {
    return await firstOk(child, `http://127.0.0.1:${port}/healthz`, 120_000);
  } finally {
    await stopGroup(child);
  }
}

async function npmStartFigures() {
  const first = [];
  const second = [];
  for (let pair = 0; pair < PAIRS; pair += 1) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zls-bench-npm-start-'));
    try {
      if (process.env.BENCH_REBUILD === '1') utimesSync(path.join(ROOT, 'src', 'server.ts'), new Date(), new Date());
      first.push(await timedStart(dataDir));
      second.push(await timedStart(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const round = (list) => list.map((ms) => Math.round(ms));
  return {
    firstStartMs: round(first), firstMedianMs: Math.round(median(first)),
    secondStartMs: round(second), secondMedianMs: Math.round(median(second)),
    rebuiltOnFirst: process.env.BENCH_REBUILD === '1',
  };
}

module.exports = { npmStartFigures };

if (require.main === module) {
  npmStartFigures().then((figures) => console.log(`npm start to first 200 of /healthz: ${JSON.stringify(figures)}`), (error) => {
    console.error(error);
    process.exit(1);
  });
}
