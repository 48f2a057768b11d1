import type { Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/**
 * Journey (v), issue 22: a live stream page keeps its context. The state and its one action sit at the top,
 * above the settings form; a refused save on a meeting that has not started keeps the topic, the state and
 * "start the meeting in Zoom first", in English and in Chinese (screenshots in test-results/screenshots).
 */
jest.setTimeout(60_000);

const ALL_HANDS = '90071992547409931'; // Pro host, in progress
const RETRO = '82345678001'; // Licensed host, "Team retrospective", not started

/** The top edge of an element on the page (not the viewport), in CSS pixels. */
async function topOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return box.y + (await page.evaluate(() => window.scrollY));
}

describeInBrowser('a live stream page keeps its context', () => {
  const journeys = useJourneys();

  it('(v) the Start button sits at the top beside the state, above the settings form and within the first screen', async () => {
    const { page, stack } = journeys;
    const journey = 'v-action-at-the-top';
    await connectAs(page, stack.baseUrl, 'pro');
    await page.goto(`${stack.baseUrl}/meetings/${ALL_HANDS}/livestream`);

    const start = await topOf(page, 'button[name="action"][value="start"]');
    const settings = await topOf(page, '#settings-heading');
    expect(start).toBeLessThan(settings);
    expect(start).toBeLessThan(page.viewportSize()!.height);
    await expect(page.locator('.readiness').count()).resolves.toBe(0);
    await checkAppPage(page, journey, 'live stream page, in progress');
    await screenshot(page, journey, '1-start-at-the-top');
  });

  it('(v) a refused save on "Team retrospective" keeps its topic, "Not started" and the one next step, in both languages', async () => {
    const { page, stack } = journeys;
    const journey = 'v-failed-save-not-started';
    await connectAs(page, stack.baseUrl, 'licensed');
    const path = `${stack.baseUrl}/meetings/${RETRO}/livestream`;
    const typed = { stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'retro-key-2026', page_url: 'https://youtube.com/@team/live' };

    for (const language of [{ code: 'en', waiting: 'Start the meeting in Zoom first', status: 'Not started' }, { code: 'zh-CN', waiting: '请先在 Zoom 中开始会议', status: '尚未开始' }]) {
      await page.goto(`${path}?lang=${language.code}`);
      await page.waitForURL(path);
      await page.fill('#stream_url', typed.stream_url);
      await page.fill('#stream_key', typed.stream_key);
      await page.fill('#page_url', typed.page_url);
      await loadsPage(page, () => page.locator('form.livestream button[type="submit"]').click());

      await expect(page.locator('.failure').count()).resolves.toBe(1);
      await expect(page.locator('h1').innerText()).resolves.toBe('Team retrospective');
      await expect(page.locator('.event-status').innerText()).resolves.toBe(language.status);
      await expect(page.locator('.live-controls .waiting').innerText()).resolves.toContain(language.waiting);
      await expect(page.locator('#display_name').count()).resolves.toBe(0);
      await expect(page.inputValue('#stream_key')).resolves.toBe(typed.stream_key);
      await checkAppPage(page, journey, `failed save, ${language.code}`);
      await screenshot(page, journey, language.code);
    }
  });
});
