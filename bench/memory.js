'use strict';
/** Memory with 10,000 sessions and under churn, and start-up time, each on a fresh app process. */
const path = require('node:path');
const autocannon = require('autocannon');
const { freePort, start, firstOk, stop, rssMb } = require('./processes');
const { median } = require('./measure');

/** The app as production runs it (view cache on, logs at info to /dev/null), pointed at the emulator. */
function appEnv(port, emulatorUrl, dbPath, extra = {}) {
  return {
    NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}`,
    ZOOM_CLIENT_ID: 'sandbox-client-id', ZOOM_CLIENT_SECRET: 'sandbox-client-secret',
    ZOOM_OAUTH_URL: emulatorUrl, ZOOM_API_URL: `${emulatorUrl}/v2`,
    SESSION_SECRET: 'bench-session-secret-bench-session-secret', SESSION_DB_PATH: dbPath,
    TOKEN_ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 7).toString('base64')}`, ZOOM_WEBHOOK_SECRET_TOKEN: 'bench-webhook-secret',
    RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'info', ...extra,
  };
}

/** Each GET /install from a cookie-less client creates and stores one new session. */
function createSessions(url, amount) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${url}/install`, connections: 10, amount }, (error, result) => (error ? reject(error) : resolve(result.statusCodeStats?.['302']?.count ?? 0)));
  });
}

const CHURN_PHASES = 10;
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

async function withApp(dir, name, extra, body) {
  const [ePort, aPort] = [await freePort(), await freePort()];
  const emulator = start('dist/emulator/start.js', { EMULATOR_PORT: String(ePort) });
  const app = start('dist/server.js', appEnv(aPort, `http://127.0.0.1:${ePort}`, path.join(dir, `${name}.db`), extra));
  try {
    const url = `http://127.0.0.1:${aPort}`;
    await firstOk(app, `${url}/healthz`);
    return await body(url, app);
  } finally {
    await Promise.all([stop(app), stop(emulator)]);
  }
}

async function memoryFigures(dir) {
  const tenThousand = await withApp(dir, 'memory', {}, async (url, app) => {
    await createSessions(url, 2000); // warm-up: JIT, caches, SQLite pages
    await settle();
    const before = rssMb(app.pid);
    const created = await createSessions(url, 10000);
    await settle();
    return { created, rssBeforeMb: +before.toFixed(1), rssAfterMb: +rssMb(app.pid).toFixed(1), addedMb: +(rssMb(app.pid) - before).toFixed(1) };
  });
  // Churn: a 3-second idle timeout, so every phase outlives the sessions of the one before.
  const churn = await withApp(dir, 'churn', { SESSION_IDLE_MINUTES: '0.05' }, async (url, app) => {
    const samples = [];
    for (let phase = 0; phase < CHURN_PHASES; phase += 1) {
      await createSessions(url, 10000);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      samples.push(+rssMb(app.pid).toFixed(1));
    }
    const later = samples.slice(CHURN_PHASES / 2);
    return {
      sessionsCreated: CHURN_PHASES * 10000,
      rssSamplesMb: samples,
      // Flat means bounded: the second half of the run stays within the range the first half reached.
      firstHalfMaxMb: Math.max(...samples.slice(0, CHURN_PHASES / 2)),
      secondHalfMaxMb: Math.max(...later),
    };
  });
  return { tenThousand, churn };
}

async function startupFigures(dir) {
  const times = [];
  for (let run = 0; run < 3; run += 1) {
    const [ePort, aPort] = [await freePort(), await freePort()];
    const emulator = start('dist/emulator/start.js', { EMULATOR_PORT: String(ePort) });
    const app = start('dist/server.js', appEnv(aPort, `http://127.0.0.1:${ePort}`, path.join(dir, `startup-${run}.db`)));
    try {
      times.push(await firstOk(app, `http://127.0.0.1:${aPort}/`));
    } finally {
      await Promise.all([stop(app), stop(emulator)]);
    }
  }
  return { firstOkMs: times.map((t) => Math.round(t)), medianMs: Math.round(median(times)) };
}

module.exports = { appEnv, memoryFigures, startupFigures };
