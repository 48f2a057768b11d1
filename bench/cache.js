'use strict';
/**
 * What repeated page views cost Zoom (issue 15): one host views its home page 100 times, then a meeting's
 * live stream page 100 times, changing nothing, each series starting with the host's readings cleared
 * (Refresh). The emulator runs in this process, so its request log counts every REST call the app made.
 * Target: at most 2 Zoom calls per 100 views. Then the same with the cache off (ZOOM_CACHE_SECONDS=0).
 * Run alone with `npm run build && node bench/cache.js`; `npm run bench` runs it.
 */
const { mkdtempSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort, start, firstOk, stop } = require('./processes');
const { loginThroughApp } = require('./login');
const { appEnv } = require('./memory');

const VIEWS = 100;

/** Every REST call the app made to Zoom (the token endpoints are OAuth, not the REST API's rate limits). */
const restCalls = (emulator) => emulator.requests.filter((entry) => entry.path.startsWith('/v2/')).length;

async function viewsCost(appUrl, emulator, login, page) {
  // Refresh: the host's readings are forgotten, so the first view is a cold one (its profile re-read is not counted).
  const refreshed = await fetch(`${appUrl}/refresh`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: login.csrf, back: '/' }),
    headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (refreshed.status !== 303) throw new Error(`refresh answered ${refreshed.status}`);
  emulator.clearRequests();
  for (let i = 0; i < VIEWS; i += 1) {
    const res = await fetch(`${appUrl}${page}`, { headers: { cookie: login.cookie } });
    if (res.status !== 200) throw new Error(`${page} answered ${res.status}`);
    await res.arrayBuffer();
  }
  return restCalls(emulator);
}

async function cacheFigures(dir = mkdtempSync(path.join(os.tmpdir(), 'zls-bench-cache-'))) {
  const { startZoomEmulator } = require('../dist/emulator');
  const emulator = await startZoomEmulator({ requestLogSize: 10_000 });
  const figures = {};
  try {
    for (const [mode, seconds] of [['cache on', '60'], ['cache off', '0']]) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const app = start('dist/server.js', appEnv(port, emulator.url, path.join(dir, `${seconds}.db`), { DATA_DIR: path.join(dir, seconds), ZOOM_CACHE_SECONDS: seconds }));
      try {
        await firstOk(app, `${url}/healthz`);
        const login = await loginThroughApp(url);
        figures[mode] = {
          home: await viewsCost(url, emulator, login, '/'),
          livestreamPage: await viewsCost(url, emulator, login, `/meetings/${login.meetingId}/livestream`),
        };
      } finally {
        await stop(app);
      }
    }
  } finally {
    await emulator.close();
  }
  return { views: VIEWS, callsPerViews: figures };
}

function printCacheFigures({ views, callsPerViews }) {
  for (const [mode, pages] of Object.entries(callsPerViews)) {
    console.log(`Zoom calls per ${views} views, ${mode}: home ${pages.home}, live stream page ${pages.livestreamPage} (target with the cache: at most 2)`);
  }
}

module.exports = { cacheFigures, printCacheFigures };

if (require.main === module) {
  cacheFigures().then((figures) => printCacheFigures(figures)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
