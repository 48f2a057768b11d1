import type { lookup } from 'node:dns';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { flatten, loadCatalogues } from '../../src/i18n/catalogues';
import { checkIngest } from '../../src/preflight/ingest';
import { postForm } from '../helpers/bulk';
import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';
import { freePort } from '../helpers/net';
import { describeWithRtmp, startNginxRtmp, type RunningNginxRtmp } from '../helpers/nginx-rtmp';
import { nextWeek } from '../helpers/plans';

/**
 * Issue 25, where pre-flight checks show: the event page's Pre-flight check block and its Check now, /streams'
 * Ready column and Check now for the ticked rows, the home page's count of upcoming streams that will fail. Real
 * app over HTTP, the Zoom emulator's three hosts, a real nginx-rtmp on loopback for an ingest that answers.
 */
type HostKey = 'pro' | 'basic' | 'licensed';
const E2EE_MEETING = '85746065003';
const ZH = 'zh-CN,zh;q=0.9';

let h: Harness;
let nginx: RunningNginxRtmp;

async function connected(host: HostKey): Promise<TestAgent> {
  const agent = request.agent(h.app);
  await loginAs(h, host, agent);
  return agent;
}

/** Saves the live stream settings through the event page, as the host does (the app's history then knows them). */
async function saveOnPage(agent: TestAgent, meetingId: string, streamUrl: string): Promise<void> {
  const page = await agent.get(`/meetings/${meetingId}/livestream`);
  if (page.status !== 200) throw new Error(page.text.slice(page.text.indexOf('class="failure"'), page.text.indexOf('class="failure"') + 1200));
  await agent.post(`/meetings/${meetingId}/livestream`).type('form')
    .send({ _csrf: csrfFrom(page.text), stream_url: streamUrl, stream_key: 'pf-secret-key-7', page_url: 'https://example.com/watch', resolution: '' })
    .expect(303);
}

/** Presses Check now on the event page (whatever Zoom said on its load); resolves to the POST's answer. */
async function checkNow(agent: TestAgent, meetingId: string, status = 303) {
  const page = await agent.get(`/meetings/${meetingId}/livestream`);
  const res = await agent.post(`/meetings/${meetingId}/livestream/check`).type('form').send({ _csrf: csrfFrom(page.text) });
  if (res.status !== status) throw new Error(`Check now answered ${res.status}, not ${status}: ${res.text.slice(0, 2000)}`);
  return res;
}

/** The event page, whatever its status (Zoom's 3161 on load for a Basic host is a 400). */
const eventPage = (agent: TestAgent, meetingId: string, language = 'en') => agent.get(`/meetings/${meetingId}/livestream`).set('Accept-Language', language);

/** The page's Pre-flight check block. */
function blockOf(html: string): string {
  const start = html.indexOf('<section class="preflight"');
  if (start < 0) throw new Error('no Pre-flight check block on the page');
  return html.slice(start, html.indexOf('</section>', start));
}

/** The <tr> of one event on /streams. */
function rowOf(html: string, kind: 'meeting' | 'webinar', id: string): string {
  const start = html.indexOf(`id="target-${kind}-${id}"`);
  if (start < 0) throw new Error(`no row for ${kind} ${id}`);
  return html.slice(html.lastIndexOf('<tr', start), html.indexOf('</tr>', start));
}

const unescape = (html: string) => html.replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const stored = (host: HostKey, id: string) => h.deps.preflight.repository.latestOf(h.emulator.hosts[host].id, 'meeting', id);
const newMeeting = (host: HostKey, topic: string, days = 1) => h.emulator.createEvent('meeting', host, { topic, start_time: nextWeek(days), duration: 60 });

describeWithRtmp('pre-flight checks on the pages, with an ingest that answers', () => {
  beforeAll(async () => {
    nginx = await startNginxRtmp({ rtmpPort: await freePort(), hooksUrl: `http://127.0.0.1:${await freePort()}` });
  });
  afterAll(() => nginx?.stop());
  beforeEach(async () => { h = await startHarness(); });
  afterEach(() => h.close());

  it('Check now on a Pro host\'s meeting streaming to a live RTMP server: 303 back to the block, which says Ready, when, and keeps the report', async () => {
    const agent = await connected('pro');
    const meeting = await newMeeting('pro', 'Town hall');
    await saveOnPage(agent, meeting.id, `${nginx.rtmpUrl}`);
    expect(blockOf((await eventPage(agent, meeting.id)).text)).toContain('Not checked yet.');
    const patches = h.emulator.requestsTo('PATCH', `/v2/meetings/${meeting.id}`).length;

    const res = await checkNow(agent, meeting.id);

    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/meetings/${meeting.id}/livestream#preflight`);
    const page = await agent.get(`/meetings/${meeting.id}/livestream`).expect(200);
    expect(page.text).toContain('<p class="notice" role="status">Pre-flight check done: ready to stream.</p>');
    const block = blockOf(page.text);
    expect(block).toContain('<strong class="preflight-overall preflight-ok">✓ Ready</strong>');
    // The host's zone (Europe/London for the Pro host), as the page's other times.
    expect(block).toMatch(/Checked <time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d GMT<\/time>/);
    expect(block).not.toContain('preflight-problem');
    expect(block).toMatch(/<details class="preflight-passed">\s*<summary>Passed checks \(\d+\)<\/summary>/);
    expect(block).toContain('<li data-check="ingest"><span aria-hidden="true">✓</span> Stream server answers</li>');
    const report = await stored('pro', meeting.id);
    expect(report).toMatchObject({ overall: 'ok', trigger: 'now', kind: 'meeting', eventId: meeting.id });
    expect(report!.checks.find((check) => check.check === 'ingest')?.result).toBe('ok');
    // A check changes nothing in Zoom, and publishes nothing.
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${meeting.id}`)).toHaveLength(patches);
    expect(await nginx.streams()).toEqual([]);
  });

  it('settings changed behind the app\'s back: Ready with a warning that says so and how to fix it', async () => {
    const agent = await connected('pro');
    const meeting = await newMeeting('pro', 'Town hall');
    await saveOnPage(agent, meeting.id, nginx.rtmpUrl);
    // Someone edits the stream key in Zoom's own portal: straight at the Zoom API with the host's token.
    const [sid] = await h.deps.sessionStore.sessionsOfUser(h.emulator.hosts.pro.id);
    await h.deps.tokens.withAccessToken(sid, (token) => h.deps.zoom.updateLivestream(token, 'meeting', meeting.id, { stream_url: nginx.rtmpUrl, stream_key: 'edited-in-zoom', page_url: 'https://example.com/watch' }));

    await checkNow(agent, meeting.id);

    const block = unescape(blockOf((await eventPage(agent, meeting.id)).text));
    expect(block).toContain('⚠ Ready, with warnings');
    expect(block).toContain('data-check="kept"');
    expect(block).toContain('Warning:</strong> The live stream settings were changed outside this app since it last saved them');
    expect(block).toContain('To fix:</strong> Compare the settings on this page');
    expect((await stored('pro', meeting.id))!.overall).toBe('warning');
  });

  it('/streams shows the Ready column (✓, ✗ linking the block, — for never checked) and checks two ticked rows one after another', async () => {
    const agent = await connected('pro');
    const ready = await newMeeting('pro', 'Ready town hall');
    await saveOnPage(agent, ready.id, nginx.rtmpUrl);
    const unchecked = h.emulator.meetingsOf('pro')[1];

    const ticked = await postForm(agent, '/streams/check', [['targets', `meeting:${ready.id}`], ['targets', `meeting:${E2EE_MEETING}`]], '/streams');

    expect(ticked.status).toBe(303);
    expect(ticked.headers.location).toBe('/streams');
    expect(await stored('pro', ready.id)).toMatchObject({ overall: 'ok' });
    expect(await stored('pro', E2EE_MEETING)).toMatchObject({ overall: 'failing' });
    const page = await agent.get('/streams').expect(200);
    expect(page.text).toContain('<p class="notice" role="status">Checked 2: 1 ready, 0 with warnings, 1 failing.</p>');
    expect(page.text).toContain('<th scope="col" class="ready">Ready</th>');
    const okRow = rowOf(page.text, 'meeting', ready.id);
    expect(okRow).toMatch(/<td class="ready ready-ok" data-label="Ready" title="Ready, checked [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d GMT">/);
    expect(okRow).toContain('<span aria-hidden="true">✓ Ready</span><span class="visually-hidden">Ready, checked ');
    const failingRow = unescape(rowOf(page.text, 'meeting', E2EE_MEETING));
    expect(failingRow).toContain(`<a href="/meetings/${E2EE_MEETING}/livestream#preflight"><span aria-hidden="true">✗ Failing</span>`);
    expect(failingRow).toContain(': what to fix for Board meeting (end-to-end encrypted)</span></a>');
    expect(rowOf(page.text, 'meeting', unchecked.id)).toContain('<span aria-hidden="true">—</span><span class="visually-hidden">Not checked</span>');
    // The failing row explains itself on the event page.
    const block = unescape(blockOf((await eventPage(agent, E2EE_MEETING)).text));
    expect(block).toContain('✗ Will fail');
    expect(block).toContain('The meeting uses end-to-end encryption, and Zoom cannot live stream an end-to-end encrypted meeting.');
    expect(block).toContain('To fix:</strong> In the meeting\'s settings in Zoom, change Encryption to “Enhanced encryption”.');
  });
});

describe('pre-flight checks on the pages', () => {
  beforeEach(async () => { h = await startHarness(); });
  afterEach(() => h.close());

  it('the Basic host: the licence fails, with the one step that fixes it, in English and in Chinese', async () => {
    const agent = await connected('basic');
    const meeting = h.emulator.meetingsOf('basic')[0];

    await checkNow(agent, meeting.id);

    const block = unescape(blockOf((await eventPage(agent, meeting.id)).text));
    expect(block).toContain('✗ Will fail');
    expect(block).toContain('<li class="preflight-problem preflight-failing" data-check="licence">');
    expect(block).toContain('The host has a Basic licence: Zoom streams only for Pro and higher.');
    expect(block).toContain('To fix:</strong> Upgrade the host to a Pro licence in the Zoom web portal (Admin → User management).');
    const zh = unescape(blockOf((await eventPage(agent, meeting.id, ZH)).text));
    expect(zh).toContain('<h2 id="preflight-heading">开播前检查</h2>');
    expect(zh).toContain('✗ 将会失败');
    expect(zh).toContain('主持人使用的是基本版许可证：Zoom 只为专业版及更高级别提供直播。');
    expect(zh).toContain('解决方法：</strong> 在 Zoom 网页门户（管理员 → 用户管理）中将主持人升级为专业版许可证。');
    expect((await stored('basic', meeting.id))!.checks.find((check) => check.check === 'licence')).toMatchObject({ result: 'failing', reason: 'basic' });
  });

  it('the Licensed host whose account has custom streaming off: streaming fails, and the settings are not set', async () => {
    const agent = await connected('licensed');
    const meeting = h.emulator.meetingsOf('licensed')[0];

    await checkNow(agent, meeting.id);

    const block = unescape(blockOf((await eventPage(agent, meeting.id)).text));
    expect(block).toContain('data-check="streaming"');
    expect(block).toContain('Live streaming is allowed, but the custom live streaming service is switched off in the host\'s Zoom settings.');
    expect(block).toContain('tick “Custom Live Streaming Service”');
    expect(block).toContain('No stream URL is set, so Zoom has nowhere to send the stream.');
    expect((await stored('licensed', meeting.id))!.overall).toBe('failing');
  });

  it('the same host with live streaming switched off altogether: streaming off, with its own fix', async () => {
    h.emulator.setCapabilities('licensed', { allowLiveStreaming: false });
    const agent = await connected('licensed');
    const meeting = h.emulator.meetingsOf('licensed')[0];

    await checkNow(agent, meeting.id);

    const block = unescape(blockOf((await eventPage(agent, meeting.id)).text));
    expect(block).toContain('Live streaming is switched off in the host\'s Zoom settings.');
    expect(block).toContain('turn on “Allow livestreaming of meetings”');
  });

  it('an end-to-end encrypted meeting fails on its encryption; a stream URL nothing answers fails on the ingest', async () => {
    const agent = await connected('pro');
    await checkNow(agent, E2EE_MEETING);
    const block = unescape(blockOf((await eventPage(agent, E2EE_MEETING)).text));
    expect(block).toContain('<li class="preflight-problem preflight-failing" data-check="encryption">');
    // Its seeded stream URL resolves to loopback in tests, where nothing listens.
    expect(block).toContain('The stream server refused the connection');
    expect(block).toContain('e.g. for YouTube rtmp://a.rtmp.youtube.com/live2');
  });

  it('Check now on a webinar\'s page checks the webinar and comes back to its page', async () => {
    const agent = await connected('pro');
    const webinar = h.emulator.webinarsOf('pro')[1];
    const page = await agent.get(`/webinars/${webinar.id}/livestream`).expect(200);
    expect(page.text).toContain(`<form method="post" action="/webinars/${webinar.id}/livestream/check" class="preflight-check">`);

    const res = await agent.post(`/webinars/${webinar.id}/livestream/check`).type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);

    expect(res.headers.location).toBe(`/webinars/${webinar.id}/livestream#preflight`);
    const report = await h.deps.preflight.repository.latestOf(h.emulator.hosts.pro.id, 'webinar', webinar.id);
    expect(report?.checks.map((check) => check.check)).toContain('webinarPlan');
    const block = unescape(blockOf((await agent.get(`/webinars/${webinar.id}/livestream`).expect(200)).text));
    expect(block).toContain('data-check="ingest"');
  });

  it('Zoom unavailable during Check now: the page with Zoom\'s failure and its status, never a 500, and nothing stored', async () => {
    const agent = await connected('pro');
    const meeting = h.emulator.meetingsOf('pro')[1];
    const page = await agent.get(`/meetings/${meeting.id}/livestream`).expect(200);
    h.emulator.failNext({ path: `/v2/meetings/${meeting.id}`, method: 'GET', status: 503, body: { code: 503, message: 'Service unavailable' }, times: 10 });

    const res = await agent.post(`/meetings/${meeting.id}/livestream/check`).type('form').send({ _csrf: csrfFrom(page.text) });

    h.emulator.clearFaults();
    expect(res.status).toBe(502);
    expect(res.text).toContain('<section class="failure" role="alert"');
    expect(res.text).toContain('<section class="preflight"');
    expect(await stored('pro', meeting.id)).toBeUndefined();
    expect(h.errors).toEqual([]);
  });

  it('/streams/check while Zoom is unavailable: the overview with what happened and Zoom\'s status, the ticks kept, never a 500', async () => {
    const agent = await connected('pro');
    const meeting = h.emulator.meetingsOf('pro')[1];
    const form = await agent.get('/streams').expect(200);
    h.emulator.failNext({ path: `/v2/meetings/${meeting.id}`, method: 'GET', status: 503, body: { code: 503, message: 'Service unavailable' }, times: 10 });

    const body = new URLSearchParams([['_csrf', csrfFrom(form.text)], ['targets', `meeting:${meeting.id}`]]).toString();
    const res = await agent.post('/streams/check').type('form').send(body);

    h.emulator.clearFaults();
    expect(res.status).toBe(502);
    expect(res.text).toContain('Checked 0: 0 ready, 0 with warnings, 0 failing.');
    expect(res.text).toContain(`name="targets" value="meeting:${meeting.id}" checked>`);
    expect(await stored('pro', meeting.id)).toBeUndefined();
    expect(h.errors).toEqual([]);
  });

  it('a report the automatic run took says so, in the host\'s time zone', async () => {
    const agent = await connected('licensed');
    const meeting = h.emulator.meetingsOf('licensed')[0];
    const checkedAt = Date.parse('2026-11-30T09:05:00Z');
    await h.deps.preflight.repository.save({
      userId: h.emulator.hosts.licensed.id, kind: 'meeting', eventId: meeting.id, startsAt: Date.parse(meeting.start_time), checkedAt, trigger: 'auto',
      overall: 'ok', checks: [{ check: 'licence', result: 'ok', reason: '' }],
    });

    const block = blockOf((await eventPage(agent, meeting.id)).text);

    // The Licensed host lives in Asia/Singapore (UTC+8).
    expect(block).toContain('Checked automatically <time datetime="2026-11-30T09:05:00.000Z">Mon, 30 Nov 2026, 17:05 GMT+8</time>');
    expect(block).toContain('✓ Ready');
  });

  it('Check now needs the page\'s CSRF token', async () => {
    const agent = await connected('pro');
    const meeting = h.emulator.meetingsOf('pro')[1];
    await agent.post(`/meetings/${meeting.id}/livestream/check`).type('form').send({}).expect(403);
    expect(await stored('pro', meeting.id)).toBeUndefined();
  });

  it('/streams/check with more than 20 ticked: 400 with the message, every tick kept, nothing checked', async () => {
    const agent = await connected('pro');
    const ids = Array.from({ length: 21 }, (_, i) => String(86_000_000_001 + i));
    const res = await postForm(agent, '/streams/check', ids.map((id): [string, string] => ['targets', `meeting:${id}`]), '/streams');

    expect(res.status).toBe(400);
    expect(res.text).toContain('Tick at most 20 events to check at once (21 are ticked).');
    const boxes = [...res.text.matchAll(/name="targets" value="meeting:(\d+)" checked>/g)].map((match) => match[1]);
    const listed = h.emulator.meetingsOf('pro').map((meeting) => meeting.id);
    for (const id of ids.filter((one) => listed.includes(one))) expect(boxes).toContain(id);
    expect(await h.deps.preflight.repository.allOf(h.emulator.hosts.pro.id)).toEqual(new Map());
  });

  it('/streams/check with nothing ticked, or another host\'s meeting: 400 with the message', async () => {
    const agent = await connected('pro');
    expect((await postForm(agent, '/streams/check', [], '/streams')).text).toContain('Tick at least one meeting or webinar.');
    const other = h.emulator.meetingsOf('basic')[0];
    const res = await postForm(agent, '/streams/check', [['targets', `meeting:${other.id}`]], '/streams');
    expect(res.status).toBe(400);
    expect(res.text).toContain(`Not among your upcoming meetings and webinars in Zoom: ${other.id}.`);
    expect(await h.deps.preflight.repository.allOf(h.emulator.hosts.pro.id)).toEqual(new Map());
  });

  it('the home page says how many upcoming streams will fail, linking /streams; nothing when none does', async () => {
    const agent = await connected('pro');
    expect((await agent.get('/').expect(200)).text).not.toContain('preflight-failing');

    await checkNow(agent, E2EE_MEETING);
    const one = unescape((await agent.get('/').expect(200)).text);
    expect(one).toContain('<p class="hint preflight-failing" role="note">1 upcoming stream will fail: <a href="/streams">see All live streams</a></p>');

    await checkNow(agent, h.emulator.meetingsOf('pro')[1].id);
    const two = unescape((await agent.get('/').set('Accept-Language', ZH).expect(200)).text);
    expect(two).toContain('2 个即将开始的直播将会失败： <a href="/streams">查看“全部直播”</a>');
  });
});

describe('a stream URL with a typo in its server name', () => {
  /** Only the real name resolves (to loopback, where nothing listens): a typo does not, as on the internet. */
  const knownNames = ((host: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, address?: string, family?: number) => void) => {
    setImmediate(() => (host === 'a.rtmp.youtube.com' ? callback(null, '127.0.0.1', 4) : callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }))));
  }) as unknown as typeof lookup;
  beforeEach(async () => { h = await startHarness({ deps: { ingestCheck: (url) => checkIngest(url, { lookup: knownNames, timeoutMs: 2000 }) } }); });
  afterEach(() => h.close());

  it('fails on the ingest: the name does not resolve, likely a typo; the fix quotes YouTube\'s published address', async () => {
    const agent = await connected('pro');
    const meeting = await newMeeting('pro', 'Town hall');
    await saveOnPage(agent, meeting.id, 'rtmp://a.rtmp.youtub.com/live2');

    await checkNow(agent, meeting.id);

    const block = unescape(blockOf((await eventPage(agent, meeting.id)).text));
    expect(block).toContain('<li class="preflight-problem preflight-failing" data-check="ingest">');
    expect(block).toContain('The stream URL\'s server name does not resolve: likely a typo.');
    expect(block).toContain('To fix:</strong> Check the stream URL against your streaming service\'s (e.g. for YouTube rtmp://a.rtmp.youtube.com/live2).');
    // The stream key is never on the page's block nor in the stored report.
    expect(block).not.toContain('pf-secret-key-7');
    expect(JSON.stringify(await stored('pro', meeting.id))).not.toContain('pf-secret-key-7');
  });
});

describe('the catalogues', () => {
  it('say every reason\'s sentence and fix, and each overall result, in English and Chinese', () => {
    const catalogues = loadCatalogues();
    const en = flatten(catalogues.en);
    const zh = flatten(catalogues['zh-CN']);
    const reasons: Record<string, string[]> = {
      licence: ['basic', 'unknown'], streaming: ['off', 'customOff', 'unknown'], webinarPlan: ['noPlan', 'streamingOff'], scopes: ['missing'],
      grant: ['refused'], event: ['gone'], encryption: ['e2ee'], settings: ['noUrl', 'incomplete', 'refused'], kept: ['changed'],
      ingest: ['badUrl', 'notResolved', 'refused', 'timeout', 'noHandshake', 'notRtmp', 'tls'], serviceForm: ['unexpected'],
      youtube: ['pageElsewhere', 'notBound', 'keyMismatch', 'notConnected', 'unavailable', 'deleted', 'ended'],
    };
    // Keys the pages build at run time (web/preflight/view.ts, event-check.ts): each overall result's words too.
    const overall = ['ok', 'warning', 'failing'].flatMap((result) => [`preflight.overall.${result}`, `preflight.cell.${result}`, `preflight.notice.${result}`]);
    const missing = [...overall, ...Object.entries(reasons).flatMap(([check, list]) => [`preflight.names.${check}`, ...list.flatMap((reason) => [`preflight.${check}.${reason}.says`, `preflight.${check}.${reason}.fix`])])]
      .filter((key) => !en.get(key) || !zh.get(key) || en.get(key) === zh.get(key));
    expect(missing).toEqual([]);
  });
});
