import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/** The upcoming-meetings list past Zoom's 30 per page: counts, Previous/Next, and page tokens that expire. */

const FIFTEEN_MINUTES = 15 * 60_000;

function meetingIds(html: string): string[] {
  return [...html.matchAll(/<td class="meeting-id" data-label="[^"]*">(\d+)<\/td>/g)].map((match) => match[1]);
}

function pagingLinks(html: string): Record<string, string> {
  const nav = /<nav class="paging"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return Object.fromEntries([...nav.matchAll(/<a href="([^"]*)"[^>]*>([^<]+)<\/a>/g)].map((match) => [match[2], match[1]]));
}

describe('a host with 44 upcoming meetings', () => {
  let h: Harness;
  let clock = Date.now();
  let agent: TestAgent;
  beforeEach(async () => {
    clock = Date.now();
    // 4 seeded + 40 extra Pro meetings: pages of 30 and 14.
    h = await startHarness({ emulator: { extraMeetings: 40, now: () => clock } });
    agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
  });
  afterEach(() => h.close());

  it('shows "1–30 of 44" and Next on the first page, no Previous', async () => {
    const res = await agent.get('/').expect(200);
    expect(meetingIds(res.text)).toEqual(h.emulator.meetingsOf('pro').slice(0, 30).map((m) => m.id));
    expect(res.text).toContain('<p class="range">1–30 of 44</p>');
    expect(pagingLinks(res.text)).toEqual({ Next: '/?page=2' });
  });

  it('Next shows "31–44 of 44" and Previous; Previous shows the first page again', async () => {
    await agent.get('/').expect(200);
    const second = await agent.get('/?page=2').expect(200);
    expect(meetingIds(second.text)).toEqual(h.emulator.meetingsOf('pro').slice(30).map((m) => m.id));
    expect(second.text).toContain('<p class="range">31–44 of 44</p>');
    expect(pagingLinks(second.text)).toEqual({ Previous: '/' });
    const first = await agent.get(pagingLinks(second.text).Previous).expect(200);
    expect(first.text).toContain('1–30 of 44');
  });

  it('keeps Zoom\'s page tokens in the session, never in the page or the URL', async () => {
    await agent.get('/').expect(200);
    const second = await agent.get('/?page=2').expect(200);
    const sent = h.emulator.requestsTo('GET', '/v2/users/me/meetings').map((r) => r.query.next_page_token).filter(Boolean) as string[];
    expect(sent).toHaveLength(1);
    expect(second.text).not.toContain(sent[0]);
    expect(second.text).not.toContain(encodeURIComponent(sent[0]));
  });

  it('says "This list link expired" with a link to the first page when Zoom no longer knows the token', async () => {
    await agent.get('/').expect(200);
    clock += FIFTEEN_MINUTES + 1000;
    const res = await agent.get('/?page=2').expect(200);
    expect(res.text).toContain('This list link expired.');
    expect(res.text).toMatch(/This list link expired\. <a href="\/">Go to the first page<\/a>/);
    expect(meetingIds(res.text)).toEqual([]);
    // Zoom answered 400 / 300 for the stale token; nothing unexpected was logged.
    expect(h.errors).toEqual([]);
    const first = await agent.get('/').expect(200);
    expect(first.text).toContain('1–30 of 44');
  });

  it('after an expired token, the later pages are forgotten too', async () => {
    await agent.get('/').expect(200);
    clock += FIFTEEN_MINUTES + 1000;
    await agent.get('/?page=2').expect(200);
    clock -= FIFTEEN_MINUTES + 1000;
    const again = await agent.get('/?page=2').expect(200);
    expect(again.text).toContain('This list link expired.');
  });

  it.each([
    ['a page this session never reached', '/?page=2'],
    ['a page far beyond the list', '/?page=9'],
    ['a page that is not a number', '/?page=abc'],
    ['a raw Zoom token, as older links carried', '/?page=Zm9vYmFyYmF6cXV4'],
    ['page 0', '/?page=0'],
    ['two pages at once', '/?page=2&page=3'],
  ])('says the link expired for %s, without asking Zoom for it', async (_name, url) => {
    h.emulator.clearRequests();
    const res = await agent.get(url).expect(200);
    expect(res.text).toContain('This list link expired.');
    expect(h.emulator.requestsTo('GET', '/v2/users/me/meetings')).toEqual([]);
  });

  it('says it in Chinese', async () => {
    const first = await agent.get('/').set('Accept-Language', 'zh-CN').expect(200);
    expect(first.text).toContain('第 1–30 场，共 44 场');
    expect(pagingLinks(first.text)).toEqual({ 下一页: '/?page=2' });
    const expired = await agent.get('/?page=7').set('Accept-Language', 'zh-CN').expect(200);
    expect(expired.text).toContain('此列表链接已过期。 <a href="/">返回第一页</a>');
  });

  it('a wrong ID in the box shows the first page of the list with it', async () => {
    const res = await agent.get('/meetings').query({ meetingId: 'nope' }).expect(400);
    expect(res.text).toContain('1–30 of 44');
  });
});

describe('a host with 74 upcoming meetings', () => {
  it('on the third page offers First page and Previous, and Previous reaches the second page', async () => {
    const h = await startHarness({ emulator: { extraMeetings: 70 } });
    try {
      const agent = request.agent(h.app);
      await loginAs(h, 'pro', agent);
      await agent.get('/').expect(200);
      await agent.get('/?page=2').expect(200);
      const third = await agent.get('/?page=3').expect(200);
      expect(third.text).toContain('61–74 of 74');
      expect(pagingLinks(third.text)).toEqual({ 'First page': '/', Previous: '/?page=2' });
      const second = await agent.get('/?page=2').expect(200);
      expect(second.text).toContain('31–60 of 74');
      expect(pagingLinks(second.text)).toEqual({ Previous: '/', Next: '/?page=3' });
      expect(meetingIds(second.text)).toEqual(h.emulator.meetingsOf('pro').slice(30, 60).map((m) => m.id));
    } finally {
      await h.close();
    }
  });
});

describe('a host whose meetings fit on one page', () => {
  it('shows no paging at all', async () => {
    const h = await startHarness();
    try {
      const agent = request.agent(h.app);
      await loginAs(h, 'pro', agent);
      const res = await agent.get('/').expect(200);
      expect(res.text).not.toContain('class="paging"');
      expect(res.text).not.toContain('class="range"');
    } finally {
      await h.close();
    }
  });
});
