'use strict';
/**
 * npm run bench: the app against bare Express and against the emulator's own PATCH (the floor),
 * interleaved in one run, its pages with the read cache warm and off; then memory with 10,000 sessions
 * and under churn; then start-up time, of the server and of `npm start` (bench/npm-start.js); then Zoom
 * calls per 100 page views (bench/cache.js); then a bulk job applying a destination to 100 meetings at Zoom's 30 requests a second (bench/jobs.js).
 * Everything listens on 127.0.0.1. Results: a table on stdout, JSON under bench/results/.
 */
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort, start, firstOk, stop } = require('./processes');
const { loginThroughApp, emulatorToken } = require('./login');
const { interleaved, combine } = require('./measure');
const { memoryFigures, startupFigures, appEnv } = require('./memory');
const { npmStartFigures } = require('./npm-start');
const { jobFigures, printJobFigures } = require('./jobs');
const { cacheFigures, printCacheFigures } = require('./cache');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;

/**
 * The pages twice: on an instance with the read cache (ZOOM_CACHE_SECONDS=60, the default: warm after the
 * first view) and on one without it (0: every view asks Zoom, as before issue 15). The update POST saves
 * another meeting than the form's, so the form page's history stays as short on both instances.
 */
function targets({ baseline, app, cold, emulator, login, coldLogin, writer, token, baselineCookie }) {
  const form = new URLSearchParams({ _csrf: writer.csrf, stream_url: 'rtmp://bench.example/live', stream_key: 'bench-key', page_url: 'https://bench.example/watch' }).toString();
  const patch = JSON.stringify({ stream_url: 'rtmp://bench.example/live', stream_key: 'bench-key', page_url: 'https://bench.example/watch' });
  const id = login.meetingId;
  return [
    { name: 'baseline page', expect: 200, request: { url: `${baseline}/`, headers: { cookie: baselineCookie } } },
    { name: 'app home (cache warm)', expect: 200, request: { url: `${app}/`, headers: { cookie: login.cookie } } },
    { name: 'app live stream form (cache warm)', expect: 200, request: { url: `${app}/meetings/${id}/livestream`, headers: { cookie: login.cookie } } },
    { name: 'app home (cache off)', expect: 200, request: { url: `${cold}/`, headers: { cookie: coldLogin.cookie } } },
    { name: 'app live stream form (cache off)', expect: 200, request: { url: `${cold}/meetings/${id}/livestream`, headers: { cookie: coldLogin.cookie } } },
    { name: 'app update POST', expect: 303, request: { url: `${app}/meetings/${writer.meetingId}/livestream`, method: 'POST', body: form, headers: { cookie: writer.cookie, 'content-type': 'application/x-www-form-urlencoded' } } },
    { name: 'emulator PATCH (floor)', expect: 204, request: { url: `${emulator}/v2/meetings/${writer.meetingId}/livestream`, method: 'PATCH', body: patch, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } } },
  ];
}

async function throughput(dir) {
  const [ePort, bPort, aPort, cPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const emulator = `http://127.0.0.1:${ePort}`;
  const app = `http://127.0.0.1:${aPort}`;
  const cold = `http://127.0.0.1:${cPort}`;
  const baseline = `http://127.0.0.1:${bPort}`;
  const children = [
    start('dist/emulator/start.js', { EMULATOR_PORT: String(ePort) }),
    start('bench/baseline.js', { PORT: String(bPort), SESSION_DB_PATH: path.join(dir, 'baseline.db') }),
    start('dist/server.js', appEnv(aPort, emulator, path.join(dir, 'app.db'), { DATA_DIR: path.join(dir, 'warm') })),
    start('dist/server.js', appEnv(cPort, emulator, path.join(dir, 'cold.db'), { DATA_DIR: path.join(dir, 'cold'), ZOOM_CACHE_SECONDS: '0' })),
  ];
  try {
    await firstOk(children[0], `${emulator}/v2/users/me`).catch(() => undefined);
    await Promise.all([firstOk(children[1], `${baseline}/healthz`), firstOk(children[2], `${app}/healthz`), firstOk(children[3], `${cold}/healthz`)]);
    const login = await loginThroughApp(app);
    const coldLogin = await loginThroughApp(cold);
    const home = await (await fetch(`${app}/`, { headers: { cookie: login.cookie } })).text();
    const meetings = [...home.matchAll(/href="\/meetings\/(\d+)\/livestream"/g)].map((match) => match[1]);
    const writer = { ...login, meetingId: meetings.find((id) => id !== login.meetingId) };
    const token = await emulatorToken(emulator, `${app}/oauth/callback`);
    const baselineCookie = (await fetch(`${baseline}/login`)).headers.getSetCookie()[0].split(';')[0];
    const list = targets({ baseline, app, cold, emulator, login, coldLogin, writer, token, baselineCookie });
    const samples = await interleaved(list, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS });
    // One connection: what the app adds to a single host's save when nothing queues.
    const pair = list.filter((t) => t.name === 'app update POST' || t.name === 'emulator PATCH (floor)');
    const single = await interleaved(pair, { rounds: ROUNDS, seconds: SECONDS, connections: 1 });
    const combined = (all) => Object.fromEntries(Object.entries(all).map(([name, rounds]) => [name, combine(rounds)]));
    return { loaded: combined(samples), single: combined(single) };
  } finally {
    await Promise.all(children.map(stop));
  }
}

function ratios({ loaded: r, single: s }) {
  const base = r['baseline page'].rps;
  return {
    homeVsBaseline: r['app home (cache warm)'].rps / base,
    formVsBaseline: r['app live stream form (cache warm)'].rps / base,
    homeColdVsBaseline: r['app home (cache off)'].rps / base,
    formColdVsBaseline: r['app live stream form (cache off)'].rps / base,
    updateAddedP50Ms: r['app update POST'].p50 - r['emulator PATCH (floor)'].p50,
    updateAddedMeanMs: r['app update POST'].mean - r['emulator PATCH (floor)'].mean,
    updateAddedP99Ms: r['app update POST'].p99 - r['emulator PATCH (floor)'].p99,
    singleConnectionAddedMeanMs: s['app update POST'].mean - s['emulator PATCH (floor)'].mean,
  };
}

function printTable(results, derived, memory, startup, npmStart) {
  console.log(`\n${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s, median of rounds\n`);
  console.log('| target | req/s | p50 ms | mean ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|');
  for (const [name, r] of Object.entries(results.loaded)) console.log(`| ${name} | ${r.rps} | ${r.p50} | ${r.mean} | ${r.p99} | ${r.errors} |`);
  for (const [name, r] of Object.entries(results.single)) console.log(`| ${name}, 1 connection | ${r.rps} | ${r.p50} | ${r.mean} | ${r.p99} | ${r.errors} |`);
  const ms = (value) => value.toFixed(2);
  const pct = (value) => `${(value * 100).toFixed(0)}%`;
  console.log(`\ncache warm: home/baseline ${pct(derived.homeVsBaseline)}, form/baseline ${pct(derived.formVsBaseline)} (target: at least 60%)`);
  console.log(`cache off: home/baseline ${pct(derived.homeColdVsBaseline)}, form/baseline ${pct(derived.formColdVsBaseline)}`);
  console.log(`update POST − emulator PATCH at ${CONNECTIONS} connections: p50 +${ms(derived.updateAddedP50Ms)} ms, mean +${ms(derived.updateAddedMeanMs)} ms, p99 +${ms(derived.updateAddedP99Ms)} ms; at 1 connection: mean +${ms(derived.singleConnectionAddedMeanMs)} ms`);
  console.log(`memory: ${JSON.stringify(memory)}`);
  console.log(`start-up to first 200: ${JSON.stringify(startup)}`);
  console.log(`npm start to first 200 of /healthz (sandbox; first start, then again on the same data): ${JSON.stringify(npmStart)}`);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zls-bench-'));
  const results = await throughput(dir);
  const derived = ratios(results);
  const memory = await memoryFigures(dir);
  const startup = await startupFigures(dir);
  const npmStart = await npmStartFigures();
  const zoomCalls = await cacheFigures(dir);
  const jobs = await jobFigures(dir);
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  printTable(results, derived, memory, startup, npmStart);
  printCacheFigures(zoomCalls);
  printJobFigures(jobs);
  mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  const file = path.join(__dirname, 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine, settings: { SECONDS, ROUNDS, CONNECTIONS }, results, derived, memory, startup, npmStart, zoomCalls, jobs }, null, 2));
  console.log(`\nwritten: ${path.relative(process.cwd(), file)}`);
  rmSync(dir, { recursive: true, force: true });
}

if (require.main !== module) module.exports = { throughput, ratios };
else main().catch((error) => {
  console.error(error);
  process.exit(1);
});
