import type { Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser';
import { checkAppPage, loadsPage, screenshot, useJourneys } from './helpers/journey';

/** Journey (k): a Basic host switches the app to Chinese on the home page, connects, and meets Zoom's 3161; a host Zoom refuses on save keeps what they typed. */
jest.setTimeout(60_000);

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

describeInBrowser('a Basic host in Chinese', () => {
  const journeys = useJourneys();

  it('(k) switches to 简体中文 without JavaScript help, connects, and sees the 3161 panel with typed values kept', async () => {
    const { page, stack } = journeys;
    const journey = 'k-basic-host-chinese';
    await page.goto(stack.baseUrl);
    await expect(htmlLang(page)).resolves.toBe('en');

    // The switcher is a plain link: keyboard first, to prove it is reachable and works with Enter.
    const chinese = page.getByRole('link', { name: '简体中文' });
    await expect(chinese.getAttribute('hreflang')).resolves.toBe('zh-CN');
    await chinese.focus();
    await loadsPage(page, () => page.keyboard.press('Enter'));
    await page.waitForURL(`${stack.baseUrl}/`);
    await expect(htmlLang(page)).resolves.toBe('zh-CN');
    await expect(page.title()).resolves.toBe('连接 Zoom · Zoom 直播助手');
    await checkAppPage(page, journey, 'home, signed out, Chinese');
    await screenshot(page, journey, '1-home-signed-out');

    // Zoom's consent page (the emulator) stays English; the app's pages stay Chinese after it.
    await loadsPage(page, () => page.getByRole('link', { name: '连接您的 Zoom 账号' }).click());
    await page.getByRole('radio', { name: /Basil Basic/ }).check();
    await loadsPage(page, () => page.getByRole('button', { name: 'Allow' }).click());
    await expect(htmlLang(page)).resolves.toBe('zh-CN');
    await expect(page.locator('.licence-hint').innerText()).resolves.toContain('直播要求会议主持人拥有专业版或更高级别的许可证');
    await expect(page.locator('header.site').innerText()).resolves.toContain('已连接：');
    await checkAppPage(page, journey, 'home, Basic host, Chinese');
    await screenshot(page, journey, '2-home');

    const meeting = stack.emulator.meetingsOf('basic')[0];
    await expect(page.locator('td.meeting-id', { hasText: meeting.id }).count()).resolves.toBe(1);
    await loadsPage(page, () => page.getByRole('link', { name: meeting.topic }).click());
    await expect(page.locator('h1').innerText()).resolves.toBe(meeting.topic);

    // Zoom refuses the Basic host on load: the panel in Chinese beside Zoom's English words, and a form that cannot be sent.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('failure');
    await expect(page.locator('.failure h2').innerText()).resolves.toBe('无法加载此会议的直播设置');
    await expect(page.locator('.failure .explanation').innerText()).resolves.toContain('专业版或更高级别的许可证');
    await expect(page.locator('.failure dt').allInnerTexts()).resolves.toEqual(['HTTP 状态码', 'Zoom 错误代码', '消息']);
    await expect(page.locator('.zoom-code').innerText()).resolves.toBe('3161');
    await expect(page.locator('.zoom-message q[lang="en"]').innerText()).resolves
      .toBe('Meeting hosting and scheduling capabilities are not allowed for your user account.');
    await expect(page.isDisabled('#stream_url')).resolves.toBe(true);
    await checkAppPage(page, journey, 'live stream page with Zoom 3161, Chinese');
    await screenshot(page, journey, '3-zoom-3161');

    // A save Zoom refuses (a host whose custom streaming is off) keeps what was typed, in Chinese too.
    await loadsPage(page, () => page.getByRole('button', { name: '退出登录' }).click());
    await loadsPage(page, () => page.getByRole('link', { name: '连接您的 Zoom 账号' }).click());
    await page.getByRole('radio', { name: /Lena Licensed/ }).check();
    await loadsPage(page, () => page.getByRole('button', { name: 'Allow' }).click());
    const licensed = stack.emulator.meetingsOf('licensed')[0];
    await loadsPage(page, () => page.getByRole('link', { name: licensed.topic }).click());
    const typed = { stream_url: 'rtmp://live.example.org/team', stream_key: 'team-key-1', page_url: 'https://example.org/watch' };
    await page.getByLabel('推流地址').fill(typed.stream_url);
    await page.getByLabel('推流密钥').fill(typed.stream_key);
    await page.getByLabel('直播页面地址').fill(typed.page_url);
    await page.getByLabel('分辨率').selectOption('720p');
    await loadsPage(page, () => page.getByRole('button', { name: '保存直播设置' }).click());
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('failure');
    await expect(page.locator('.failure h2').innerText()).resolves.toBe('未保存：Zoom 拒绝了此更改');
    await expect(page.inputValue('#stream_url')).resolves.toBe(typed.stream_url);
    await expect(page.inputValue('#stream_key')).resolves.toBe(typed.stream_key);
    await expect(page.inputValue('#page_url')).resolves.toBe(typed.page_url);
    await expect(page.inputValue('#resolution')).resolves.toBe('720p');
    await checkAppPage(page, journey, 'form with a Zoom refusal, Chinese');
    await screenshot(page, journey, '4-refused');
  });
});
