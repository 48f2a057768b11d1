import request from 'supertest';
import { inputValue, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';

/**
 * Text that the TypeScript side chooses (src/web/shared/failures.ts, the routes' notices, src/livestream/* field
 * messages) reaches a Chinese page in Chinese, through the same catalogues as the views.
 */
const ZH = 'zh-CN,zh;q=0.9';
const typed = { stream_url: 'rtmp://live.example.org/basic', stream_key: 'basic-key-1', page_url: 'https://example.org/watch', resolution: '720p' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.emulator.clearFaults());

/** A connected host whose language is zh-CN by the switcher's cookie (carried by the agent). */
async function chineseHost(host: 'pro' | 'basic') {
  const agent = request.agent(h.app);
  await agent.get('/?lang=zh-CN').expect(303);
  await loginAs(h, host, agent);
  return agent;
}

describe('Chinese text that comes from the TypeScript side', () => {
  it('the 3161 panel: Zoom\'s English message quoted as sent, our Chinese heading and explanation, values kept', async () => {
    const agent = await chineseHost('basic');
    const id = h.emulator.meetingsOf('basic')[0].id;
    const res = await submitLivestream(agent, id, typed, 400);
    expect(res.text).toContain('<html lang="zh-CN"');
    expect(res.text).toMatch(/HTTP 状态码<\/dt><dd class="zoom-status">400</);
    expect(res.text).toMatch(/Zoom 错误代码<\/dt><dd class="zoom-code">3161</);
    expect(res.text).toContain('<q lang="en">Meeting hosting and scheduling capabilities are not allowed for your user account.</q>');
    expect(res.text).toContain('<h2 id="failure-heading">未保存：Zoom 拒绝了此更改</h2>');
    expect(res.text).toContain('<p class="explanation">直播要求会议主持人拥有专业版或更高级别的许可证。');
    expect(res.text).not.toContain('Live streaming requires');
    expect(inputValue(res.text, 'stream_url')).toBe(typed.stream_url);
    expect(inputValue(res.text, 'stream_key')).toBe(typed.stream_key);
    expect(inputValue(res.text, 'page_url')).toBe(typed.page_url);
  });

  it('a field error: the message under the field and in the summary', async () => {
    const agent = await chineseHost('pro');
    const id = h.emulator.meetingsOf('pro')[1].id;
    const res = await submitLivestream(agent, id, { ...typed, stream_url: '' }, 400);
    expect(res.text).toContain('<h2 id="summary-heading">请检查以下字段</h2>');
    expect(res.text).toContain('<small class="field-error" id="stream_url-error">请输入推流地址。</small>');
  });

  it('a CSRF 403 page', async () => {
    const agent = await chineseHost('pro');
    const id = h.emulator.meetingsOf('pro')[1].id;
    const res = await agent.post(`/meetings/${id}/livestream`).type('form').send({ _csrf: 'forged', ...typed }).expect(403);
    expect(res.text).toContain('<html lang="zh-CN"');
    expect(res.text).toContain('<title>此表单已失效 · Zoom 直播助手</title>');
    expect(res.text).toContain('请返回并刷新页面，然后重新提交。');
    expect(res.text).toContain('>返回首页</a>');
  });

  it('a 404 page title and message', async () => {
    const res = await request(h.app).get('/nope').set('Accept-Language', ZH).expect(404);
    expect(res.text).toContain('<h1 id="error-heading">找不到页面</h1>');
    expect(res.text).toContain('此地址没有对应的页面。');
  });

  it('the notice after a save, and start times in Chinese', async () => {
    const agent = await chineseHost('pro');
    const id = h.emulator.meetingsOf('pro')[1].id;
    const saved = await submitLivestream(agent, id, typed, 303);
    expect((await agent.get(saved.headers.location)).text).toMatch(/<p class="notice" role="status">已更新：推流地址、推流密钥(、|和)/);
    const home = await agent.get('/');
    expect(home.text).toMatch(/<time datetime="[^"]+">\d{4}年\d{1,2}月\d{1,2}日/);
  });

  it('Zoom\'s 429 with the wait in Chinese', async () => {
    const agent = await chineseHost('pro');
    h.emulator.failNext({ path: '/v2/meetings', method: 'PATCH', status: 429, headers: { 'Retry-After': '7' } });
    const res = await submitLivestream(agent, h.emulator.meetingsOf('pro')[2].id, typed, 429);
    expect(res.text).toContain('Zoom 要求等待 7 秒后再重试。');
  });

  it('the meeting-ID rule in the ID box', async () => {
    const agent = await chineseHost('pro');
    const res = await agent.get('/meetings').query({ meetingId: '12ab' }).expect(400);
    expect(res.text).toContain('会议 ID 由 1 到 19 位数字组成');
  });
});
