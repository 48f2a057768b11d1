import type { Locator, Page } from 'playwright-core';
import { nextWeek } from '../helpers/plans';
import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot } from './helpers/journey';
import { useYouTubeJourneys, type YouTubeStack } from './helpers/youtube-stack';

/**
 * Journey (y), issue 24: a host connects YouTube in the sandbox (the YouTube emulator's consent page, on loopback),
 * makes a YouTube destination, and applies it on a meeting's page: the app makes the broadcast on the channel,
 * binds it to the destination's stream, and Zoom holds the stream's ingest address and the watch page the page
 * links to. Once in English with the Apply button reached and pressed by keyboard only, once in Chinese.
 */
jest.setTimeout(60_000);

const WATCH = 'https://www.youtube.com/watch?v=';
const CHANNEL = 'Stella Streamer';

/** How far the page is wider than its window; 0 or less: nothing scrolls sideways. */
const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** At a phone's width the page must not scroll sideways, nor the panel reach past the window; the window is put back. */
async function expectNoOverflowOnPhone(page: Page, panel: Locator): Promise<void> {
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(overflowOf(page)).resolves.toBeLessThanOrEqual(0);
  const box = await panel.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  if (wide) await page.setViewportSize(wide);
}

/** Presses Tab until the target has focus (a keyboard user's way there); fails if it never does. */
async function tabTo(page: Page, target: Locator, most = 60): Promise<void> {
  for (let presses = 0; presses < most; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the target in ${most} presses`);
}

/** A meeting of the Pro host two days ahead: YouTube schedules broadcasts in the future only. */
const scheduleMeeting = (stack: YouTubeStack, topic: string) =>
  stack.emulator.createEvent('meeting', 'pro', { topic, start_time: nextWeek(2), duration: 60 });

/** What the YouTube emulator and Zoom hold after one apply: one broadcast, bound; Zoom streams into it. */
function expectAppliedIn(stack: YouTubeStack, meetingId: string, watchHref: string | null, privacy: string): void {
  const broadcasts = stack.youtube.broadcasts('streamer');
  const streams = stack.youtube.streams('streamer');
  expect(broadcasts).toHaveLength(1);
  expect(streams).toHaveLength(1);
  expect(broadcasts[0]).toMatchObject({ boundStreamId: streams[0].id, privacyStatus: privacy, lifeCycleStatus: 'ready' });
  expect(watchHref).toBe(WATCH + broadcasts[0].id);
  expect(stack.emulator.livestreamOf(meetingId)).toMatchObject({
    stream_url: streams[0].ingestionAddress, stream_key: streams[0].streamName, page_url: watchHref,
  });
}

describeInBrowser('a YouTube destination in the browser', () => {
  const journeys = useYouTubeJourneys();

  it('(y) connects YouTube on the consent page, makes a YouTube destination, applies it to a meeting by keyboard, and links the broadcast', async () => {
    const { page, stack } = journeys;
    const journey = 'y-youtube';
    const name = 'Town hall on YouTube';
    const meeting = await scheduleMeeting(stack, 'Town hall');
    await connectAs(page, stack.baseUrl, 'pro');

    // Connect YouTube: the emulator's consent page (not the app's: axe is left to its own tests), then back.
    await page.goto(`${stack.baseUrl}/destinations`);
    await checkAppPage(page, journey, 'destinations, YouTube not connected');
    await loadsPage(page, () => page.getByRole('link', { name: 'Connect YouTube (sandbox)' }).last().click());
    expect(page.url().startsWith(`${stack.youtube.url}/o/oauth2/v2/auth?`)).toBe(true);
    await page.getByRole('radio', { name: /Stella Streamer/ }).check();
    await loadsPage(page, () => page.getByRole('button', { name: 'Allow' }).click());
    expect(page.url()).toBe(`${stack.baseUrl}/destinations`);
    await expect(page.locator('.notice').innerText()).resolves.toBe(`YouTube connected: ${CHANNEL}`);
    await expect(page.locator('.youtube-channel').innerText()).resolves.toBe(`Connected to the channel ${CHANNEL}.`);
    await checkAppPage(page, journey, 'destinations, YouTube connected');
    await screenshot(page, journey, '1-connected');

    // The YouTube destination: no URL or key to type, only how the broadcasts are made.
    await loadsPage(page, () => page.getByRole('link', { name: 'New YouTube destination' }).click());
    await expect(page.locator('h1').innerText()).resolves.toBe('New YouTube destination');
    await expect(page.inputValue('#channel')).resolves.toBe(CHANNEL);
    await expect(page.locator('#stream_key').count()).resolves.toBe(0);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await expect(page.getByRole('radio', { name: 'Unlisted' }).isChecked()).resolves.toBe(true);
    await page.getByLabel('Broadcast title (optional)').fill('{topic} ({date})');
    await page.getByLabel('Broadcast description (optional)').fill('Live from Zoom');
    await page.getByLabel('Start the broadcast when the stream arrives').check();
    await page.getByLabel('End the broadcast when the stream stops').check();
    await checkAppPage(page, journey, 'new YouTube destination');
    await screenshot(page, journey, '2-new-destination');
    await loadsPage(page, () => page.getByRole('button', { name: 'Save destination' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toBe(`Destination “${name}” saved`);
    await expect(page.locator('td.youtube-kind').innerText()).resolves.toBe('YouTube · Unlisted');
    expect(stack.youtube.broadcasts()).toHaveLength(0);

    // The meeting's page: the picker shows the Apply panel; nothing reaches YouTube or Zoom before Apply.
    const before = structuredClone(stack.emulator.livestreamOf(meeting.id));
    await page.goto(`${stack.baseUrl}/meetings/${meeting.id}/livestream`);
    await page.getByLabel('Fill from a saved destination').selectOption({ label: name });
    await loadsPage(page, () => page.getByRole('button', { name: 'Fill the form' }).click());
    const panel = page.locator('section.youtube-apply');
    await expect(panel.locator('h2').innerText()).resolves.toBe(`Stream to YouTube with “${name}”`);
    expect(stack.youtube.broadcasts()).toHaveLength(0);
    expect(stack.emulator.livestreamOf(meeting.id)).toEqual(before);
    await checkAppPage(page, journey, 'meeting, apply panel');
    await expectNoOverflowOnPhone(page, panel);
    await screenshot(page, journey, '3-apply-panel');

    // Keyboard only: Tab from the top of the freshly loaded page to Apply, then Enter.
    await page.reload();
    const apply = panel.getByRole('button', { name: `Apply “${name}”` });
    await tabTo(page, apply);
    await loadsPage(page, () => page.keyboard.press('Enter'));
    expect(page.url()).toBe(`${stack.baseUrl}/meetings/${meeting.id}/livestream`);
    await expect(page.locator('.notice').innerText()).resolves
      .toBe(`Zoom now streams to YouTube with “${name}”: 1 broadcast was created on your channel.`);
    await expect(page.locator('section.youtube-apply').count()).resolves.toBe(0);

    // The YouTube panel: the broadcast waits for the stream, and links its watch page; Zoom and YouTube agree.
    const live = page.locator('section.youtube-live');
    await expect(live.locator('h2').innerText()).resolves.toBe('YouTube');
    await expect(live.locator('.youtube-state').innerText()).resolves.toBe('Ready: waiting for the stream');
    const watch = live.getByRole('link', { name: 'Watch page on YouTube (opens in a new tab)' });
    const watchHref = await watch.getAttribute('href');
    expectAppliedIn(stack, meeting.id, watchHref, 'unlisted');
    expect(stack.youtube.broadcasts()[0]).toMatchObject({ enableAutoStart: true, enableAutoStop: true, description: 'Live from Zoom' });
    expect(stack.youtube.broadcasts()[0].title).toMatch(/^Town hall \(\d{4}-\d{2}-\d{2}\)$/);
    await expect(page.inputValue('#stream_url')).resolves.toBe(stack.youtube.streams()[0].ingestionAddress);
    await expect(page.inputValue('#page_url')).resolves.toBe(watchHref);
    await checkAppPage(page, journey, 'meeting, applied, YouTube panel');
    await expectNoOverflowOnPhone(page, live);
    await screenshot(page, journey, '4-applied');
  });

  it('(y-zh) the same journey in Chinese: the destination form, the Apply panel and the notice speak Chinese', async () => {
    const { page, stack } = journeys;
    const journey = 'y-youtube-chinese';
    const name = '全员大会 YouTube';
    const meeting = await scheduleMeeting(stack, 'All hands');
    await connectAs(page, stack.baseUrl, 'pro');
    await loadsPage(page, () => page.getByRole('link', { name: '简体中文' }).click());

    // Connect YouTube; Google's page (the emulator) stays English, the app's pages stay Chinese after it.
    await page.goto(`${stack.baseUrl}/destinations`);
    await loadsPage(page, () => page.getByRole('link', { name: '连接 YouTube（沙盒）' }).last().click());
    await page.getByRole('radio', { name: /Stella Streamer/ }).check();
    await loadsPage(page, () => page.getByRole('button', { name: 'Allow' }).click());
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('zh-CN');
    await expect(page.locator('.notice').innerText()).resolves.toBe(`已连接 YouTube：${CHANNEL}`);

    // The destination form, in Chinese.
    await loadsPage(page, () => page.getByRole('link', { name: '新建 YouTube 推流目标' }).click());
    await expect(page.locator('h1').innerText()).resolves.toBe('新建 YouTube 推流目标');
    await expect(page.locator('fieldset.privacy legend').innerText()).resolves.toBe('谁可以观看');
    await page.getByLabel('名称', { exact: true }).fill(name);
    // Who can watch, by keyboard: the group's one Tab stop is the default (unlisted), ArrowDown moves to private.
    await page.getByRole('radio', { name: '不公开列出' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: '私享' }).isChecked()).resolves.toBe(true);
    await page.getByLabel('直播标题（可选）').fill('{topic}（{date}）');
    await page.getByLabel('直播说明（可选）').fill('来自 Zoom 的直播');
    await page.getByLabel('收到推流时自动开始直播').check();
    await page.getByLabel('推流停止时自动结束直播').check();
    await checkAppPage(page, journey, 'new YouTube destination, Chinese');
    await screenshot(page, journey, '1-new-destination');
    await loadsPage(page, () => page.getByRole('button', { name: '保存推流目标' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toBe(`推流目标“${name}”已保存`);
    await expect(page.locator('td.youtube-kind').innerText()).resolves.toBe('YouTube（私享）');

    // The Apply panel, in Chinese; Apply pressed with Enter.
    await page.goto(`${stack.baseUrl}/meetings/${meeting.id}/livestream`);
    await page.getByLabel('从已保存的推流目标填入').selectOption({ label: name });
    await loadsPage(page, () => page.getByRole('button', { name: '填入表单' }).click());
    const panel = page.locator('section.youtube-apply');
    await expect(panel.locator('h2').innerText()).resolves.toBe(`使用“${name}”直播到 YouTube`);
    await expect(panel.locator('p').first().innerText()).resolves.toContain('无需复制任何密钥');
    await checkAppPage(page, journey, 'meeting, apply panel, Chinese');
    await expectNoOverflowOnPhone(page, panel);
    await screenshot(page, journey, '2-apply-panel');
    await panel.getByRole('button', { name: `应用“${name}”` }).focus();
    await loadsPage(page, () => page.keyboard.press('Enter'));

    // The notice and the YouTube panel, in Chinese; the same broadcast and Zoom settings as in English.
    await expect(page.locator('.notice').innerText()).resolves.toBe(`Zoom 现在通过“${name}”直播到 YouTube：已在您的频道上创建 1 个直播。`);
    const live = page.locator('section.youtube-live');
    await expect(live.locator('h2').innerText()).resolves.toBe('YouTube 直播');
    await expect(live.locator('.youtube-state').innerText()).resolves.toBe('已就绪：等待推流');
    const watchHref = await live.getByRole('link', { name: '在 YouTube 上打开观看页面 （在新标签页中打开）' }).getAttribute('href');
    expectAppliedIn(stack, meeting.id, watchHref, 'private');
    expect(stack.youtube.broadcasts()[0].title).toMatch(/^All hands（\d{4}-\d{2}-\d{2}）$/);
    await checkAppPage(page, journey, 'meeting, applied, Chinese');
    await expectNoOverflowOnPhone(page, live);
    await screenshot(page, journey, '3-applied');
  });
});
