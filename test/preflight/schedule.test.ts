import { buildDeps, type AppDeps } from '../../src/deps';
import { createLogger } from '../../src/logging';
import { dueWindow } from '../../src/preflight/schedule';
import { loginAs, loopbackIngest, startHarness, type Harness } from '../helpers/harness';
import { enablePlanFor, nextWeek, planInput, PLANS_ENV, saveDestination } from '../helpers/plans';

/**
 * Issue 25: the automatic pre-flight run. Two instances share the database; an injected clock crosses 24 h and 1 h
 * before a planned meeting: each window is checked exactly once, by one instance, with nobody at a page.
 */
jest.setTimeout(30_000);

const HOUR = 3600_000;
let h: Harness;
let depsB: AppDeps;
/** Both instances' clock: real time shifted by `offset` (token expiry, leases and the pacer keep running). */
let offset = 0;
const now = () => Date.now() + offset;

beforeEach(async () => {
  offset = 0;
  h = await startHarness({ env: PLANS_ENV, deps: { now } });
  depsB = buildDeps(h.config, { logger: createLogger('silent'), now, ingestCheck: loopbackIngest });
});
afterEach(async () => {
  await depsB.jobRunner.stop();
  await depsB.database.close();
  await h.close();
});

describe('dueWindow', () => {
  const windows = [24 * HOUR, HOUR];
  it('is the shortest window begun, nothing before the first or once started', () => {
    const start = 100 * HOUR;
    expect(dueWindow(start, start - 25 * HOUR, windows)).toBeUndefined();
    expect(dueWindow(start, start - 24 * HOUR, windows)).toBe(24 * HOUR);
    expect(dueWindow(start, start - 2 * HOUR, windows)).toBe(24 * HOUR);
    expect(dueWindow(start, start - HOUR + 1, windows)).toBe(HOUR);
    expect(dueWindow(start, start, windows)).toBeUndefined();
    expect(dueWindow(Number.NaN, 0, windows)).toBeUndefined();
  });
});

it('two instances crossing 24 h and 1 h before a planned meeting check it exactly once each, automatically', async () => {
  await loginAs(h, 'pro');
  const destinationId = await saveDestination(h, h.agent);
  const startsAt = Date.parse(nextWeek(3));
  const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Quarterly review', start_time: new Date(startsAt).toISOString(), duration: 60 });
  await enablePlanFor(h, planInput(destinationId, { autoStart: false }), 'pro', [{ kind: 'meeting', id: meeting.id, topic: meeting.topic }]);
  expect(h.emulator.livestreamOf(meeting.id)?.stream_url).toBeTruthy();

  const runsOf = async () => (await h.deps.database.db.selectFrom('preflight_runs').selectAll().execute()).filter((run) => run.run_key.startsWith(`meeting:${meeting.id}:`));
  const bothRun = () => Promise.all([h.deps.preflight.schedule.runOnce(), depsB.preflight.schedule.runOnce()]);

  offset = startsAt - 25 * HOUR - Date.now();
  await bothRun();
  expect(await runsOf()).toHaveLength(0);
  expect(await h.deps.preflight.repository.latestOf(h.emulator.hosts.pro.id, 'meeting', meeting.id)).toBeUndefined();

  offset = startsAt - 24 * HOUR + 60_000 - Date.now();
  await bothRun();
  await bothRun();
  const first = await runsOf();
  expect(first.map((run) => run.run_key)).toEqual([`meeting:${meeting.id}:${startsAt}:${24 * HOUR}`]);
  const report = await h.deps.preflight.repository.latestOf(h.emulator.hosts.pro.id, 'meeting', meeting.id);
  expect(report).toMatchObject({ trigger: 'auto', startsAt });
  // The destination's ingest (on loopback in tests) does not answer: the automatic check says so a day ahead.
  expect(report!.checks.find((check) => check.check === 'ingest')).toMatchObject({ result: 'failing', reason: 'refused' });

  offset = startsAt - 59 * 60_000 - Date.now();
  await bothRun();
  await bothRun();
  expect((await runsOf()).map((run) => run.run_key).sort()).toEqual([
    `meeting:${meeting.id}:${startsAt}:${24 * HOUR}`, `meeting:${meeting.id}:${startsAt}:${HOUR}`,
  ].sort());
  expect(new Set((await runsOf()).map((run) => run.owner)).size).toBeGreaterThanOrEqual(1);
});
