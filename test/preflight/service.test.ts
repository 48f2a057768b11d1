import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';
import { freePort } from '../helpers/net';
import { describeWithRtmp, startNginxRtmp, type RunningNginxRtmp } from '../helpers/nginx-rtmp';
import { newestSession, nextWeek } from '../helpers/plans';
import { createGrantsRepository } from '../../src/credentials/grants';
import { asSession } from '../../src/livestream/change';
import type { CheckResult } from '../../src/preflight/types';

/**
 * Issue 25: one pre-flight check of one event against the real Zoom emulator (its three hosts) and a real RTMP
 * server on loopback: every check's result and reason, nothing changed anywhere, the report kept as the latest.
 */
let h: Harness;
let nginx: RunningNginxRtmp;

const byName = (checks: CheckResult[]) => Object.fromEntries(checks.map((check) => [check.check, `${check.result}${check.reason ? `:${check.reason}` : ''}`]));

describeWithRtmp('pre-flight checks of one event', () => {
  beforeAll(async () => {
    nginx = await startNginxRtmp({ rtmpPort: await freePort(), hooksUrl: `http://127.0.0.1:${await freePort()}` });
  });
  afterAll(() => nginx?.stop());
  beforeEach(async () => { h = await startHarness(); });
  afterEach(() => h.close());

  /** Saves settings through the event page, as the host does; resolves to the host's session access. */
  async function saveOnPage(host: 'pro' | 'basic' | 'licensed', meetingId: string, streamUrl: string) {
    await loginAs(h, host);
    const page = await h.agent.get(`/meetings/${meetingId}/livestream`);
    await h.agent.post(`/meetings/${meetingId}/livestream`).type('form')
      .send({ _csrf: csrfFrom(page.text), stream_url: streamUrl, stream_key: 'secret-key-1', page_url: 'https://example.com/watch', resolution: '' });
  }

  /** Checks the meeting with the host's browser session, as the page's Check now does. */
  async function check(host: 'pro' | 'basic' | 'licensed', meetingId: string, scope?: string) {
    const [sid] = await h.deps.sessionStore.sessionsOfUser(h.emulator.hosts[host].id);
    return h.deps.preflight.service.check({
      userId: h.emulator.hosts[host].id, kind: 'meeting', eventId: meetingId, trigger: 'now', scope, access: asSession(h.deps.tokens, sid),
    });
  }

  it('a Pro host\'s meeting streaming to a live RTMP server is ready; the report is kept; nothing is published', async () => {
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(1), duration: 60 });
    await saveOnPage('pro', meeting.id, nginx.rtmpUrl);
    const patches = h.emulator.requestsTo('PATCH', `/v2/meetings/${meeting.id}/livestream`).length;

    const report = await check('pro', meeting.id, 'meeting:write user:read');

    expect(byName(report.checks)).toEqual({ event: 'ok', licence: 'ok', streaming: 'ok', scopes: 'ok', encryption: 'ok', settings: 'ok', kept: 'ok', ingest: 'ok' });
    expect(report.overall).toBe('ok');
    expect(report.startsAt).toBe(Date.parse(meeting.start_time));
    expect(await h.deps.preflight.repository.latestOf(report.userId, 'meeting', meeting.id)).toMatchObject({ overall: 'ok', trigger: 'now' });
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${meeting.id}/livestream`)).toHaveLength(patches);
    expect(await nginx.streams()).toEqual([]);
    // Nothing of the key in the stored report.
    expect(JSON.stringify(await h.deps.database.db.selectFrom('preflight_results').selectAll().execute())).not.toContain('secret-key-1');
  });

  it('each Zoom refusal ahead of time: a Basic licence, custom streaming off, a missing scope, an e2ee meeting', async () => {
    const basic = h.emulator.meetingsOf('basic')[0];
    await saveOnPage('basic', basic.id, nginx.rtmpUrl);
    expect(byName((await check('basic', basic.id)).checks).licence).toBe('failing:basic');

    const licensed = h.emulator.meetingsOf('licensed')[0];
    await saveOnPage('licensed', licensed.id, nginx.rtmpUrl);
    expect(byName((await check('licensed', licensed.id)).checks).streaming).toMatch(/^failing:(off|customOff)$/);

    const e2ee = h.emulator.meetingsOf('pro').find((m) => m.encryption_type === 'e2ee')!;
    await loginAs(h, 'pro');
    const report = await check('pro', e2ee.id, 'user:read');
    expect(byName(report.checks)).toMatchObject({ encryption: 'failing:e2ee', scopes: 'failing:missing' });
    expect(report.checks.find((c) => c.check === 'scopes')?.params).toEqual({ scopes: 'meeting:update:livestream, meeting:update:livestream_status' });
    expect(report.overall).toBe('failing');
  });

  it('settings changed behind the app\'s back, a typo\'d ingest, a deleted meeting', async () => {
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(1), duration: 60 });
    await saveOnPage('pro', meeting.id, nginx.rtmpUrl);
    // Someone edits the stream in Zoom's own portal: a port nobody listens on.
    const closed = `rtmp://127.0.0.1:${await freePort()}/live2`;
    const sessions = await h.deps.sessionStore.sessionsOfUser(h.emulator.hosts.pro.id);
    await asSession(h.deps.tokens, sessions[0])((token) => h.deps.zoom.updateLivestream(token, 'meeting', meeting.id, { stream_url: closed, stream_key: 'other', page_url: 'https://example.com/watch' }));

    const changed = await check('pro', meeting.id);
    expect(byName(changed.checks)).toMatchObject({ kept: 'warning:changed', ingest: 'failing:refused' });

    await h.emulator.deleteEvent('meeting', meeting.id);
    const gone = await check('pro', meeting.id);
    expect(byName(gone.checks)).toMatchObject({ event: 'failing:gone' });
    expect(gone.overall).toBe('failing');
  });

  it('a plan\'s grant Zoom refused is failing: the plans are paused until the host connects again', async () => {
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(1), duration: 60 });
    await saveOnPage('pro', meeting.id, nginx.rtmpUrl);
    const { session } = await newestSession(h);
    const grants = createGrantsRepository(h.deps.database.db);
    await grants.put(h.emulator.hosts.pro.id, h.emulator.hosts.pro.account_id ?? '', session.zoom);
    expect(byName((await check('pro', meeting.id)).checks).grant).toBe('ok');

    await grants.markRefused(h.emulator.hosts.pro.id);

    const report = await check('pro', meeting.id);
    expect(byName(report.checks).grant).toBe('failing:refused');
    expect(report.overall).toBe('failing');
  });

  it('a YouTube preset with a typo in its path is said to be unexpected, and its host is not reached outside loopback', async () => {
    const meeting = await h.emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: nextWeek(1), duration: 60 });
    await saveOnPage('pro', meeting.id, 'rtmp://a.rtmp.youtube.com/live');
    const report = await check('pro', meeting.id);
    expect(byName(report.checks)).toMatchObject({ serviceForm: 'warning:unexpected' });
    expect(report.checks.find((c) => c.check === 'serviceForm')?.params).toEqual({ service: 'youtube' });
  });
});
