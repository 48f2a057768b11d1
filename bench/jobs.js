'use strict';
/**
 * Bulk apply at Zoom's pace (issue 14): one destination applied to 100 meetings through the app
 * (POST /streams/apply), against the emulator limiting the Pro account to 30 LIGHT requests a second.
 * Each item is one GET and one PATCH: 200 requests, so the floor is 200 / 30 ≈ 6.7 s.
 * Reports the job's wall time against that floor (target ≤ 1.2×), the most requests the emulator
 * served in any one second (must not pass 30) and the failed items (target 0).
 * Run alone with `npm run build && node bench/jobs.js`; `npm run bench` runs it last.
 */
const { mkdtempSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Database = require('better-sqlite3');
const { freePort, start, firstOk, stop } = require('./processes');
const { loginThroughApp } = require('./login');
const { appEnv } = require('./memory');

const ITEMS = 100;
const RATE = 30;
const FLOOR_S = (2 * ITEMS) / RATE;
const DESTINATION = { name: 'Bench destination', stream_url: 'rtmp://bench.example/live', stream_key: 'bench-bulk-key', page_url: 'https://bench.example/watch', resolution: '720p' };

function post(url, cookie, form) {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}

/** The job's items per status, read from the app's SQLite file (what the job page counts). */
function countsOf(dbPath, jobId) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select status, count(*) as n from job_items where job_id = ? group by status').all(jobId);
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  } finally {
    db.close();
  }
}

async function jobFigures(dir = mkdtempSync(path.join(os.tmpdir(), 'zls-bench-jobs-'))) {
  const { startZoomEmulator } = require('../dist/emulator');
  // In this process, so its per-second log can be read; 96 extra meetings make the Pro host's 100.
  const emulator = await startZoomEmulator({ host: '127.0.0.1', extraMeetings: ITEMS - 4, rateLimits: { lightPerSecond: RATE } });
  const port = await freePort();
  const dbPath = path.join(dir, 'jobs-app.db');
  const app = start('dist/server.js', appEnv(port, emulator.url, path.join(dir, 'jobs-sessions.db'), {
    DATABASE_URL: `sqlite:${dbPath}`, LOG_LEVEL: 'warn', JOB_POLL_MS: '50', ZOOM_LIGHT_RATE_PER_SECOND: String(RATE),
  }));
  const url = `http://127.0.0.1:${port}`;
  try {
    await firstOk(app, `${url}/healthz`);
    const login = await loginThroughApp(url);
    await post(`${url}/destinations`, login.cookie, { _csrf: login.csrf, ...DESTINATION });
    const destination = /name="destination"[\s\S]*?<option value="([^"]+)"/.exec(await (await fetch(`${url}/streams`, { headers: { cookie: login.cookie } })).text())?.[1];
    if (!destination) throw new Error('no saved destination offered on /streams');
    const targets = emulator.meetingsOf('pro').slice(0, ITEMS).map((meeting) => `meeting:${meeting.id}`);
    // The overview just read 100 settings: start on a fresh second so the job has the whole budget.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const startedAt = performance.now();
    const startedSecond = Math.floor(Date.now() / 1000);
    const body = new URLSearchParams({ _csrf: login.csrf, destination });
    for (const target of targets) body.append('targets', target);
    const applied = await fetch(`${url}/streams/apply`, { method: 'POST', body, redirect: 'manual', headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
    const jobId = /\/jobs\/([^/?#]+)/.exec(applied.headers.get('location') ?? '')?.[1];
    if (applied.status !== 303 || !jobId) throw new Error(`apply answered ${applied.status}`);
    let counts;
    for (;;) {
      counts = countsOf(dbPath, jobId);
      if (!counts.pending) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const wallS = (performance.now() - startedAt) / 1000;
    const seconds = emulator.servedPerSecond('pro', 'Light').filter((window) => window.second >= startedSecond);
    return {
      items: ITEMS,
      ratePerSecond: RATE,
      floorS: Number(FLOOR_S.toFixed(2)),
      wallS: Number(wallS.toFixed(2)),
      ofFloor: Number((wallS / FLOOR_S).toFixed(3)),
      maxServedInOneSecond: Math.max(...seconds.map((window) => window.served)),
      answered429: seconds.reduce((sum, window) => sum + window.limited, 0),
      applied: counts.applied ?? 0,
      failed: counts.failed ?? 0,
    };
  } finally {
    await stop(app);
    await emulator.close();
  }
}

function printJobFigures(figures) {
  const met = (ok) => (ok ? 'met' : 'MISSED');
  console.log(`\nbulk apply, ${figures.items} meetings at ${figures.ratePerSecond}/s: ${figures.wallS} s against a floor of ${figures.floorS} s = ${figures.ofFloor}× (target ≤ 1.2×: ${met(figures.ofFloor <= 1.2)})`);
  console.log(`most requests served in one second: ${figures.maxServedInOneSecond} (limit ${figures.ratePerSecond}: ${met(figures.maxServedInOneSecond <= figures.ratePerSecond)}); Zoom's 429s: ${figures.answered429}`);
  console.log(`items applied ${figures.applied}, failed ${figures.failed} (target 0: ${met(figures.failed === 0)})`);
}

module.exports = { jobFigures, printJobFigures };

if (require.main === module) {
  jobFigures().then(printJobFigures).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
