'use strict';
/**
 * The set-up of the plans benchmark (bench/plans-start.js): a Pro host logged in over HTTP, one saved destination,
 * one plan on ("topic starts with 'Bench'", keep settings, start automatically), and the meetings it covers,
 * created in Zoom (the emulator) with their settings applied by the plan through the created events.
 */
const { loginThroughApp } = require('./login');
const { appEnv } = require('./memory');

const DESTINATION = { name: 'Bench plan destination', stream_url: 'rtmp://bench.example/plans', stream_key: 'bench-plan-key', page_url: 'https://bench.example/plans', resolution: '720p' };
const PLAN = { name: 'Bench plan', rule_match: 'starts', rule_text: 'Bench', rule_kinds: 'meeting', keep_settings: '1', auto_start: '1', enabled: '1', display_name: '' };

function post(url, cookie, form) {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}

/** The host's saved destinations as /streams offers them: the first one's id. */
async function destinationId(url, cookie) {
  const page = await (await fetch(`${url}/streams`, { headers: { cookie } })).text();
  const id = /name="destination"[\s\S]*?<option value="([^"]+)"/.exec(page)?.[1];
  if (!id) throw new Error('no saved destination offered on /streams');
  return id;
}

/** Through the plan pages (POST /plans, the contract of issue 23), when they exist: 303 to /plans/:id. */
async function planThroughPages(url, login, destination) {
  const form = await fetch(`${url}/plans/new`, { headers: { cookie: login.cookie } });
  if (form.status === 404) return undefined;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? login.csrf;
  const res = await post(`${url}/plans`, login.cookie, { _csrf: csrf, ...PLAN, destination_id: destination });
  if (res.status !== 303) throw new Error(`POST /plans answered ${res.status}`);
  return 'POST /plans';
}

/**
 * Until the plan pages exist: what POST /plans will do, done on the app's own database and session store from this
 * process (src/plans/service.ts create with the session's token, then the session marked inGrant), as the preamble of issue 23 says.
 */
async function planThroughDomain(env, login, destination, accountId) {
  const { loadConfig } = require('../dist/config');
  const { buildDeps } = require('../dist/deps');
  const { openToken } = require('../dist/credentials/vault');
  const deps = buildDeps(loadConfig({ ...env, LOG_LEVEL: 'warn' }));
  try {
    const store = deps.sessionStore;
    const sid = decodeURIComponent(login.cookie.split('=')[1]).replace(/^s:/, '').split('.')[0];
    const session = await new Promise((resolve, reject) => store.get(sid, (error, sess) => (error ? reject(error) : resolve(sess))));
    const token = session?.zoom && openToken(deps.vault, session.zoom);
    if (!token) throw new Error('no Zoom token in the bench session');
    const input = {
      name: PLAN.name, rule: { match: 'starts', text: PLAN.rule_text, kinds: 'meeting' }, destinationId: destination,
      keepSettings: true, autoStart: true, displayName: '', activeSpeaker: false, enabled: true,
    };
    await deps.plans.service.create(token.userId, accountId, input, [], token);
    session.zoom = { ...session.zoom, sealed: '', inGrant: true };
    await new Promise((resolve, reject) => store.set(sid, session, (error) => (error ? reject(error) : resolve())));
    return 'plans service (no /plans pages yet)';
  } finally {
    await deps.database.close();
    await deps.sessionStore.close?.();
  }
}

/** What the plan's log says it did, per action and Zoom's answer (read from the app's SQLite file, as the plan page lists it). */
function planLogSummary(dir) {
  const Database = require('better-sqlite3');
  const db = new Database(`${dir}/plans-app.db`, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("select action, substr(detail, 1, 80) as detail, count(*) as n from plan_log group by action, substr(detail, 1, 80) order by n desc").all();
    return rows.map((row) => `${row.action}${row.detail ? ` (${row.detail})` : ''}: ${row.n}`);
  } finally {
    db.close();
  }
}

/** Polls until every meeting holds the destination's settings (the plan applied them on the created events); returns those that do not. */
async function settingsSettled(emulator, ids, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waiting = ids.filter((id) => emulator.livestreamOf(id)?.stream_url !== DESTINATION.stream_url);
    if (waiting.length === 0 || Date.now() > deadline) return waiting;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Logs in, saves the destination, turns the plan on, creates `count` meetings it covers (`perSecond` a second: a host
 * scheduling a season, not one burst) and waits for their settings.
 */
async function setUpPlan({ url, env, emulator, count, perSecond }) {
  const login = await loginThroughApp(url);
  const saved = await post(`${url}/destinations`, login.cookie, { _csrf: login.csrf, ...DESTINATION });
  if (saved.status !== 303) throw new Error(`POST /destinations answered ${saved.status}`);
  const destination = await destinationId(url, login.cookie);
  const accountId = emulator.hosts.pro.account_id;
  const via = (await planThroughPages(url, login, destination)) ?? (await planThroughDomain(env, login, destination, accountId));
  const startedAt = Date.now();
  const starts = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const created = await Promise.all(Array.from({ length: count }, async (_, n) => {
    await new Promise((resolve) => setTimeout(resolve, (n * 1000) / perSecond));
    return emulator.createEvent('meeting', 'pro', { topic: `Bench ${n + 1}`, start_time: starts, duration: 60 });
  }));
  const ids = created.map((meeting) => meeting.id);
  const unsettled = await settingsSettled(emulator, ids, 30_000);
  await emulator.webhooksDelivered();
  // What the plan's work on the created (and, after its PATCH, updated) events cost the account, per meeting.
  const calls = emulator.requests.filter((entry) => entry.at >= startedAt && entry.rate?.category === 'Light');
  const served = calls.filter((entry) => entry.rate.served).length;
  return { ids, via, settingsS: (Date.now() - startedAt) / 1000, unsettled: unsettled.length, callsPerMeeting: served / count, answered429: calls.length - served };
}

/** The app's environment for this benchmark: Zoom's Pro pace, webhooks signed with the emulator's secret. */
function planAppEnv(port, emulatorUrl, dir) {
  return appEnv(port, emulatorUrl, `${dir}/plans-sessions.db`, {
    DATABASE_URL: `sqlite:${dir}/plans-app.db`, DATA_DIR: `${dir}/plans-data`, LOG_LEVEL: 'warn', ZOOM_LIGHT_RATE_PER_SECOND: '30',
  });
}

module.exports = { setUpPlan, planAppEnv, planLogSummary, DESTINATION };
