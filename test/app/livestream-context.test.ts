import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { csrfFrom, inputValue, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';

/**
 * Issue 22, "pages that keep their context": every render of a live stream page (load, failed save, failed
 * start or stop, failed restore) shows the same context and the same one next step; the action sits at the top.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.clearFaults();
  h.emulator.clearRequests();
});

const RETRO = '82345678001'; // Licensed host, "Team retrospective", not started
const LAUNCH = '85746065001'; // Pro host, "Product launch stream", not started
const ALL_HANDS = '90071992547409931'; // Pro host, in progress
const BOOK_CLUB = '81234567001'; // Basic host, not started
const PARTNER_WEBINAR = '84129876501'; // Pro host, webinar in progress
const typed = { stream_url: 'rtmp://stream.example.net/live', stream_key: 'ctx-key-2026', page_url: 'https://example.net/watch', resolution: '1080p' };

type Host = 'pro' | 'basic' | 'licensed';
async function connected(host: Host): Promise<TestAgent> {
  const agent = request.agent(h.app);
  await loginAs(h, host, agent);
  return agent;
}

const topicOf = (host: Host, id: string) => h.emulator.meetingsOf(host).find((m) => m.id === id)!.topic;
const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
/** The context block: which meeting, when, and its state. */
const contextBlock = (html: string) => /<dl class="event-context"[\s\S]*?<\/dl>/.exec(html)?.[0];
/** The one next step for the stream, as the page shows it. */
const nextStep = (html: string) => /<section class="live-controls"[\s\S]*?<\/section>/.exec(html)?.[0].replace(/name="_csrf" value="[^"]*"/g, '');
const position = (html: string, marker: string) => html.indexOf(marker);

async function postForm(agent: TestAgent, path: string, page: string, fields: Record<string, string>, language = 'en') {
  const form = await agent.get(page).set('Accept-Language', language);
  return agent.post(path).set('Accept-Language', language).type('form').send({ _csrf: csrfFrom(form.text), ...fields });
}

describe('(1) a failed save keeps the meeting\'s context and its one next step', () => {
  it('the Licensed host\'s refused save on "Team retrospective" shows the same heading, context and next step as the page', async () => {
    const agent = await connected('licensed');
    const page = await agent.get(`/meetings/${RETRO}/livestream`).expect(200);

    const res = await submitLivestream(agent, RETRO, typed);

    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).toContain('class="failure"');
    expect(inputValue(res.text, 'stream_key')).toBe(typed.stream_key);
    expect(heading(res.text)).toBe(topicOf('licensed', RETRO));
    expect(contextBlock(res.text)).toBe(contextBlock(page.text));
    expect(contextBlock(res.text)).toContain('Not started');
    expect(nextStep(res.text)).toBe(nextStep(page.text));
    expect(res.text).not.toContain('id="display_name"');
    expect(res.text).toContain('class="refresh"');
  });

  it('the Pro host\'s validation error, in Chinese, keeps the topic, the status and no start form', async () => {
    const agent = await connected('pro');
    const page = await agent.get(`/meetings/${LAUNCH}/livestream`).set('Accept-Language', 'zh-CN').expect(200);

    const res = await postForm(agent, `/meetings/${LAUNCH}/livestream`, `/meetings/${LAUNCH}/livestream`, { ...typed, stream_key: '' }, 'zh-CN');

    expect(res.status).toBe(400);
    expect(heading(res.text)).toBe(topicOf('pro', LAUNCH));
    expect(contextBlock(res.text)).toBe(contextBlock(page.text));
    expect(contextBlock(res.text)).toContain('尚未开始');
    expect(nextStep(res.text)).toBe(nextStep(page.text));
    expect(res.text).not.toContain('id="display_name"');
  });

  it('the Basic host\'s refused save (3161) keeps "Book club" and "Not started"', async () => {
    const agent = await connected('basic');
    const page = await agent.get(`/meetings/${BOOK_CLUB}/livestream`);

    const res = await postForm(agent, `/meetings/${BOOK_CLUB}/livestream`, `/meetings/${BOOK_CLUB}/livestream`, typed);

    expect(res.text).toContain('3161');
    expect(heading(res.text)).toBe('Book club');
    expect(contextBlock(res.text)).toBe(contextBlock(page.text));
    expect(res.text).not.toContain('id="display_name"');
  });

  it('a refused start comes back to the same context: the page still says "Not started" and offers no start form', async () => {
    const agent = await connected('pro');
    const page = await agent.get(`/meetings/${LAUNCH}/livestream`).expect(200);
    const path = `/meetings/${LAUNCH}/livestream`;

    const res = await postForm(agent, `${path}/status`, path, { action: 'start', display_name: 'Launch' });
    const after = await agent.get(res.headers.location).expect(200);

    expect(after.text).toContain('class="failure"');
    expect(heading(after.text)).toBe(topicOf('pro', LAUNCH));
    expect(contextBlock(after.text)).toBe(contextBlock(page.text));
    expect(nextStep(after.text)).toBe(nextStep(page.text));
  });

  it('a failed restore keeps the context too', async () => {
    const agent = await connected('pro');
    await submitLivestream(agent, LAUNCH, typed, 303);
    await submitLivestream(agent, LAUNCH, { ...typed, stream_key: 'ctx-key-second' }, 303);
    const page = await agent.get(`/meetings/${LAUNCH}/livestream`).expect(200);
    const entry = /name="entry" value="([^"]+)"/.exec(page.text)![1];
    h.emulator.failNext({ method: 'PATCH', path: `/v2/meetings/${LAUNCH}/livestream`, status: 400, body: { code: 300, message: 'Invalid stream URL.' } });

    const res = await agent.post(`/meetings/${LAUNCH}/livestream/restore`).type('form').send({ _csrf: csrfFrom(page.text), entry });

    expect(res.status).toBe(400);
    expect(heading(res.text)).toBe(topicOf('pro', LAUNCH));
    expect(contextBlock(res.text)).toBe(contextBlock(page.text));
    expect(nextStep(res.text)).toBe(nextStep(page.text));
  });
});

describe('(2) the state and its one action at the top', () => {
  it('the next step comes before the settings form, and readiness is left out when everything is ready', async () => {
    const agent = await connected('pro');
    const res = await agent.get(`/meetings/${ALL_HANDS}/livestream`).expect(200);
    expect(position(res.text, 'class="live-controls"')).toBeGreaterThan(0);
    expect(position(res.text, 'class="live-controls"')).toBeLessThan(position(res.text, 'id="settings-heading"'));
    expect(res.text).not.toContain('class="readiness');
  });

  it('readiness shows only what is not ready, with a link to the details', async () => {
    const agent = await connected('licensed');
    const res = await agent.get(`/meetings/${RETRO}/livestream`).expect(200);
    expect(res.text).toContain('data-item="customService"');
    expect(res.text).not.toContain('data-item="licence"');
    expect(res.text).not.toContain('data-item="liveStreaming"');
    expect(res.text).toMatch(/<a href="\/#readiness">/);
  });

  it('while live: the viewer page is linked, and the stop confirmation names the meeting by its topic', async () => {
    const agent = await connected('pro');
    const viewers = h.emulator.livestreamOf(ALL_HANDS)!.page_url;
    const page = `/meetings/${ALL_HANDS}/livestream`;
    await postForm(agent, `${page}/status`, page, { action: 'start', display_name: 'All hands' });
    const live = await agent.get(page).expect(200);
    expect(nextStep(live.text)).toContain(`href="${viewers}"`);

    const confirm = await postForm(agent, `${page}/status`, page, { action: 'stop' });
    expect(confirm.status).toBe(200);
    expect(confirm.text.replace(/<[^>]+>/g, '')).toContain(`Viewers of ${topicOf('pro', ALL_HANDS)} stop seeing it`);

    await postForm(agent, `${page}/status`, page, { action: 'stop', confirm: 'yes' });
  });
});

describe('(3) a webinar in progress', () => {
  it('"Partner webinar (live now)" has its Status row', async () => {
    const agent = await connected('pro');
    const res = await agent.get(`/webinars/${PARTNER_WEBINAR}/livestream`).expect(200);
    // Zoom's webinar object carries no status and no event said: the row says so instead of vanishing.
    expect(contextBlock(res.text)).toContain('<dt>Status</dt>');
    expect(contextBlock(res.text)).toContain('Zoom does not report whether a webinar is in progress');
  });
});

describe('(4) a save that changes nothing', () => {
  it('records no history entry and says "Nothing changed" in both languages (Zoom still gets the save and answers it)', async () => {
    const agent = await connected('pro');
    const userId = h.emulator.hosts.pro.id;
    await submitLivestream(agent, LAUNCH, typed, 303);
    const entries = (await h.deps.history.recent(userId, 'meeting', LAUNCH)).length;
    h.emulator.clearRequests();

    await submitLivestream(agent, LAUNCH, typed, 303);
    const en = await agent.get(`/meetings/${LAUNCH}/livestream`).expect(200);
    await postForm(agent, `/meetings/${LAUNCH}/livestream`, `/meetings/${LAUNCH}/livestream`, typed, 'zh-CN');
    const zh = await agent.get(`/meetings/${LAUNCH}/livestream`).set('Accept-Language', 'zh-CN').expect(200);

    expect(await h.deps.history.recent(userId, 'meeting', LAUNCH)).toHaveLength(entries);
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${LAUNCH}/livestream`)).toHaveLength(2);
    expect(en.text).toContain('<p class="notice" role="status">Nothing changed</p>');
    expect(zh.text).toContain('<p class="notice" role="status">没有任何更改</p>');
  });
});

describe('(5) "Save these values as a destination"', () => {
  it('is offered after a reload while the values match no saved destination, and not once they do', async () => {
    const agent = await connected('pro');
    const values = { ...typed, stream_key: 'save-as-key-5' };
    await submitLivestream(agent, LAUNCH, values, 303);
    await agent.get(`/meetings/${LAUNCH}/livestream`).expect(200);

    const reloaded = await agent.get(`/meetings/${LAUNCH}/livestream`).expect(200);
    expect(reloaded.text).toContain('class="save-as"');

    await postForm(agent, '/destinations', `/meetings/${LAUNCH}/livestream`, { name: 'Context test', ...values, back: `/meetings/${LAUNCH}/livestream` });
    const saved = await agent.get(`/meetings/${LAUNCH}/livestream`).expect(200);
    expect(saved.text).not.toContain('class="save-as"');
  });
});

describe('(6) each readiness "no" names the one step that fixes it', () => {
  it('the Basic host is told of the Pro licence, not of an admin switch', async () => {
    const agent = await connected('basic');
    const res = await agent.get('/').expect(200);
    const line = (item: string) => new RegExp(`data-item="${item}">([^<]*)</li>`).exec(res.text)?.[1] ?? '';
    expect(line('licence')).toContain('Pro licence');
    expect(line('liveStreaming')).toContain('Pro licence');
    expect(line('liveStreaming')).not.toContain('account admin turns on');
  });
});

describe('(1) the context of a failed save comes from the read cache', () => {
  let cached: Harness;
  beforeAll(async () => {
    cached = await startHarness({ env: { ZOOM_CACHE_SECONDS: '60' } });
  });
  afterAll(() => cached.close());

  it('asks Zoom for the meeting\'s details no second time', async () => {
    const agent = request.agent(cached.app);
    await loginAs(cached, 'licensed', agent);
    const page = await agent.get(`/meetings/${RETRO}/livestream`).expect(200);
    cached.emulator.clearRequests();

    const res = await agent.post(`/meetings/${RETRO}/livestream`).type('form').send({ _csrf: csrfFrom(page.text), ...typed });

    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(heading(res.text)).toBe('Team retrospective');
    expect(cached.emulator.requestsTo('GET', `/v2/meetings/${RETRO}`).filter((entry) => !entry.path.endsWith('/livestream'))).toHaveLength(0);
  });
});
