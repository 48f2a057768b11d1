'use strict';
/**
 * Plans start streams (issue 23): the time from Zoom's meeting.started delivery to the plan's PATCH
 * …/livestream/status start, for 50 meetings starting within one minute, with the emulator holding the Pro host's
 * account to Zoom's Pro limits (30 LIGHT, 20 MEDIUM calls a second, 429 with Retry-After past them).
 * Two runs on the same meetings (each start is a new instance, so a new claim): starts spread evenly over 30 s,
 * then, after every meeting has ended, all 50 started at once. Target: median under 1 s, p99 under 5 s,
 * 0 missed (no start PATCH within 30 s), 0 doubled (more than one start PATCH for one instance).
 * The app runs as `node dist/server.js`; the emulator runs in this process, so its request log and its webhook
 * sends (global fetch, timed here) are read directly. Run alone with `npm run build && node bench/plans-start.js`.
 */
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort, start, firstOk, stop } = require('./processes');
const { setUpPlan, planAppEnv, planLogSummary } = require('./plans-setup');

const MEETINGS = 50;
const LIMITS = { lightPerSecond: 30, mediumPerSecond: 20, retryAfter: true };
const RUNS = [{ name: 'spread over 30 s', spreadMs: 30_000 }, { name: 'all 50 at once', spreadMs: 0 }];
/**
 * How fast the host creates the meetings. Each costs the plan 3 to 5 LIGHT calls (GET the meeting for its topic, GET and
 * PATCH its settings; the updated event its PATCH brings may be read again), and the meeting GET is not paced
 * (src/plans/on-event.ts factsOf): 5 a second keeps clear of the 30.
 * BENCH_PLANS_CREATE_PER_SECOND=Infinity creates all 50 at once (docs/performance.md says what that does).
 */
const CREATE_PER_SECOND = Number(process.env.BENCH_PLANS_CREATE_PER_SECOND ?? 5);
const MISSED_AFTER_MS = 30_000;
/** After the last start PATCH, how long a second (doubled) one is still looked for. */
const DOUBLE_WATCH_MS = 5_000;
const TARGET = { p50Ms: 1000, p99Ms: 5000 };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The moment the emulator sends each webhook (it sends with global fetch): event name and meeting id → send times. */
function timeWebhookSends(webhookUrl) {
  const sends = [];
  const original = globalThis.fetch;
  globalThis.fetch = function timedFetch(url, init) {
    if (String(url) === webhookUrl && typeof init?.body === 'string') {
      const event = /"event":"([^"]+)"/.exec(init.body)?.[1];
      const id = /"object":\{[^}]*?"id":"?(\d+)/.exec(init.body)?.[1];
      sends.push({ event, id, at: Date.now() });
    }
    return original.call(this, url, init);
  };
  return { sends, restore: () => void (globalThis.fetch = original) };
}

const startPatches = (emulator, id, since) => emulator.requests.filter((entry) => entry.method === 'PATCH' && entry.at >= since
  && entry.path === `/v2/meetings/${id}/livestream/status` && entry.body?.action === 'start');

/** Starts every meeting on the run's schedule and waits until each has its start PATCH (or 30 s passed). */
async function oneRun(emulator, ids, sends, run) {
  const since = Date.now();
  const pressed = new Map();
  await Promise.all(ids.map(async (id, n) => {
    await sleep((run.spreadMs * n) / ids.length);
    pressed.set(id, Date.now());
    await emulator.startEvent('meeting', id);
  }));
  const deadline = Date.now() + MISSED_AFTER_MS;
  while (Date.now() < deadline && ids.some((id) => !startPatches(emulator, id, since).some((entry) => entry.rate?.served !== false))) await sleep(50);
  await sleep(DOUBLE_WATCH_MS);
  await emulator.webhooksDelivered();
  const rows = ids.map((id) => {
    const sent = sends.find((send) => send.event === 'meeting.started' && send.id === id && send.at >= since)?.at;
    const patches = startPatches(emulator, id, since);
    const served = patches.filter((entry) => entry.rate?.served !== false);
    return { id, pressed: pressed.get(id), sent, first: served[0]?.at, served: served.length, limited: patches.length - served.length };
  });
  const fromSend = rows.filter((row) => row.first !== undefined && row.sent !== undefined).map((row) => row.first - row.sent).sort((a, b) => a - b);
  const fromPress = rows.filter((row) => row.first !== undefined).map((row) => row.first - row.pressed).sort((a, b) => a - b);
  const second = Math.floor(since / 1000);
  const windows = (category) => emulator.servedPerSecond('pro', category).filter((window) => window.second >= second);
  const light = windows('Light');
  return {
    run: run.name,
    startsWithinS: Number(((Math.max(...pressed.values()) - since) / 1000).toFixed(1)),
    measured: fromSend.length,
    p50Ms: percentile(fromSend, 50), p99Ms: percentile(fromSend, 99), maxMs: fromSend.at(-1),
    pressToPatch: { p50Ms: percentile(fromPress, 50), p99Ms: percentile(fromPress, 99), maxMs: fromPress.at(-1) },
    missed: rows.filter((row) => row.first === undefined).length,
    doubled: rows.filter((row) => row.served > 1).length,
    startPatches429: rows.reduce((sum, row) => sum + row.limited, 0),
    peakLightPerSecond: Math.max(0, ...light.map((window) => window.served)),
    peakMediumPerSecond: Math.max(0, ...windows('Medium').map((window) => window.served)),
    answered429: light.reduce((sum, window) => sum + window.limited, 0),
  };
}

/** Ends every meeting (its stream stops, meeting.ended is sent), so the next run starts new instances. */
async function endAll(emulator, ids) {
  await Promise.all(ids.map((id) => emulator.endEvent('meeting', id)));
  await emulator.webhooksDelivered();
  await sleep(2000);
}

async function plansStartFigures(dir = mkdtempSync(path.join(os.tmpdir(), 'zls-bench-plans-'))) {
  const { startZoomEmulator } = require('../dist/emulator');
  const emulator = await startZoomEmulator({ host: '127.0.0.1', rateLimits: LIMITS, requestLogSize: 100_000 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = planAppEnv(port, emulator.url, dir);
  emulator.setWebhook({ url: `${url}/webhooks/zoom`, secretToken: env.ZOOM_WEBHOOK_SECRET_TOKEN });
  const timing = timeWebhookSends(`${url}/webhooks/zoom`);
  const app = start('dist/server.js', env);
  try {
    await firstOk(app, `${url}/healthz`);
    const setUp = await setUpPlan({ url, env, emulator, count: MEETINGS, perSecond: CREATE_PER_SECOND });
    const runs = [];
    for (const [n, run] of RUNS.entries()) {
      if (n > 0) await endAll(emulator, setUp.ids);
      await sleep(1100); // a fresh second: the run's peak is its own
      runs.push(await oneRun(emulator, setUp.ids, timing.sends, run));
    }
    await sleep(1000);
    const planLog = planLogSummary(dir);
    return { meetings: MEETINGS, limits: LIMITS, planVia: setUp.via, settingsAppliedS: Number(setUp.settingsS.toFixed(1)), createdPerSecond: CREATE_PER_SECOND, settingsMissing: setUp.unsettled, setupCallsPerMeeting: Number(setUp.callsPerMeeting.toFixed(1)), setup429: setUp.answered429, runs, planLog };
  } catch (error) {
    try {
      console.error(`plan log so far: ${planLogSummary(dir).join('; ')}`);
      console.error(`429s the account got: ${emulator.servedPerSecond('pro').reduce((sum, w) => sum + w.limited, 0)}`);
    } catch { /* no database yet */ }
    throw error;
  } finally {
    timing.restore();
    await stop(app);
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printPlansStartFigures(figures) {
  const met = (ok) => (ok ? 'met' : 'MISSED');
  console.log(`\nplans: ${figures.meetings} meetings started, one plan (topic starts with "Bench") starting each stream; Pro limits ${figures.limits.lightPerSecond} LIGHT / ${figures.limits.mediumPerSecond} MEDIUM per second; plan made through ${figures.planVia}; meetings created ${figures.createdPerSecond} a second, the plan's settings on ${figures.meetings - figures.settingsMissing} of ${figures.meetings} within ${figures.settingsAppliedS} s of the first (${figures.setupCallsPerMeeting} LIGHT calls a meeting, ${figures.setup429} answered 429)`);
  console.log('| starts | meeting.started sent → start PATCH: p50 ms | p99 ms | max ms | press → PATCH p50 / p99 ms | missed | doubled | start 429s | peak LIGHT/s | peak MEDIUM/s | 429s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of figures.runs) {
    console.log(`| ${r.run} (${r.startsWithinS} s) | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.pressToPatch.p50Ms} / ${r.pressToPatch.p99Ms} | ${r.missed} | ${r.doubled} | ${r.startPatches429} | ${r.peakLightPerSecond} | ${r.peakMediumPerSecond} | ${r.answered429} |`);
  }
  console.log(`plan log: ${figures.planLog.join('; ')}`);
  for (const r of figures.runs) {
    console.log(`${r.run}: median ${r.p50Ms} ms (target < ${TARGET.p50Ms}: ${met(r.p50Ms < TARGET.p50Ms)}), p99 ${r.p99Ms} ms (target < ${TARGET.p99Ms}: ${met(r.p99Ms < TARGET.p99Ms)}), missed ${r.missed} and doubled ${r.doubled} (target 0: ${met(r.missed === 0 && r.doubled === 0)}), peak ${r.peakLightPerSecond}/s (limit ${figures.limits.lightPerSecond}: ${met(r.peakLightPerSecond <= figures.limits.lightPerSecond)})`);
  }
}

/** Keeps the figures beside the other benches' (bench/results/, git-ignored). */
function writePlansStartFigures(figures) {
  mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  const file = path.join(__dirname, 'results', `plans-start-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, ...figures }, null, 2));
  console.log(`\nwritten: ${path.relative(process.cwd(), file)}`);
}

module.exports = { plansStartFigures, printPlansStartFigures };

if (require.main === module) {
  plansStartFigures().then((figures) => {
    printPlansStartFigures(figures);
    writePlansStartFigures(figures);
  }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
