import type { Page } from 'playwright-core';
import { freePort } from '../helpers/net';
import { describeWithRtmp, startNginxRtmp, type RunningNginxRtmp } from '../helpers/nginx-rtmp';
import { nextWeek } from '../helpers/plans';
import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/**
 * Issue 25 in the browser: an event's Pre-flight check block, Check now pressed by keyboard, /streams' Ready column
 * (✓, ✗ linking what to fix, — never checked) and Check now for ticked rows, the home page's count. Only stream URLs
 * on loopback are ever checked here: a real nginx-rtmp that answers, and a closed port that refuses.
 */
jest.setTimeout(90_000);

/** Saves the live stream settings through the event page's form, as a host does. */
async function saveSettings(page: Page, baseUrl: string, meetingId: string, streamUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/meetings/${meetingId}/livestream`);
  await page.fill('#stream_url', streamUrl);
  await page.fill('#stream_key', 'e2e-preflight-key');
  await page.fill('#page_url', 'https://example.com/watch');
  await loadsPage(page, () => page.locator('form.livestream button[type="submit"]').click());
  await expect(page.locator('.notice').innerText()).resolves.toContain('Updated');
}

describeInBrowser('pre-flight checks in the browser', () => {
  const journeys = useJourneys();
  let nginx: RunningNginxRtmp;

  describeWithRtmp('with an RTMP server on loopback', () => {
    beforeAll(async () => {
      nginx = await startNginxRtmp({ rtmpPort: await freePort(), hooksUrl: `http://127.0.0.1:${await freePort()}` });
    });
    afterAll(() => nginx?.stop());

    it('Check now by keyboard on the event page; /streams shows the Ready column and checks ticked rows; a failing row explains itself', async () => {
      const { page, stack } = journeys;
      const journey = 'preflight';
      const broken = await stack.emulator.createEvent('meeting', 'pro', { topic: 'Broken ingest town hall', start_time: nextWeek(1), duration: 60 });
      const healthy = await stack.emulator.createEvent('meeting', 'pro', { topic: 'Healthy ingest town hall', start_time: nextWeek(2), duration: 60 });
      await stack.settled();
      await connectAs(page, stack.baseUrl, 'pro');
      await saveSettings(page, stack.baseUrl, broken.id, `rtmp://127.0.0.1:${await freePort()}/live2`);
      await saveSettings(page, stack.baseUrl, healthy.id, nginx.rtmpUrl);

      // The event page: not checked yet, then Check now from the keyboard.
      await page.goto(`${stack.baseUrl}/meetings/${broken.id}/livestream`);
      await expect(page.locator('#preflight .preflight-none').innerText()).resolves.toContain('Not checked yet');
      await page.getByRole('button', { name: 'Check now' }).focus();
      await loadsPage(page, () => page.keyboard.press('Enter'));
      expect(page.url()).toBe(`${stack.baseUrl}/meetings/${broken.id}/livestream#preflight`);
      await expect(page.locator('.notice').innerText()).resolves.toContain('this stream will fail');
      await expect(page.locator('#preflight .preflight-overall').innerText()).resolves.toBe('✗ Will fail');
      await expect(page.locator('#preflight [data-check="ingest"] .preflight-says').innerText()).resolves.toContain('The stream server refused the connection');
      await expect(page.locator('#preflight [data-check="ingest"] .preflight-fix').innerText()).resolves.toContain('rtmp://a.rtmp.youtube.com/live2');
      await checkAppPage(page, journey, 'event page, pre-flight failing');
      await screenshot(page, journey, '1-event-failing');

      // /streams: the failing row, the rest never checked; tick both new meetings and check them now.
      await loadsPage(page, () => page.getByRole('link', { name: 'All live streams' }).click());
      await expect(page.locator('th.ready').innerText()).resolves.toBe('Ready');
      const row = (id: string) => page.locator(`tr[data-target="meeting:${id}"] td.ready`);
      await expect(row(broken.id).innerText()).resolves.toContain('✗ Failing');
      await expect(row(broken.id).getAttribute('title')).resolves.toMatch(/^Failing, checked /);
      await expect(row(healthy.id).locator('.visually-hidden').innerText()).resolves.toBe('Not checked');
      await page.check(`#target-meeting-${broken.id}`);
      await page.check(`#target-meeting-${healthy.id}`);
      await loadsPage(page, () => page.getByRole('button', { name: 'Check ticked now' }).click());
      await expect(page.locator('.notice').innerText()).resolves.toBe('Checked 2: 1 ready, 0 with warnings, 1 failing.');
      await expect(row(healthy.id).innerText()).resolves.toContain('✓ Ready');
      await checkAppPage(page, journey, '/streams with the Ready column');
      await screenshot(page, journey, '2-streams-ready-column');

      // The failing row links to what to fix.
      await loadsPage(page, () => row(broken.id).locator('a').click());
      expect(page.url()).toBe(`${stack.baseUrl}/meetings/${broken.id}/livestream#preflight`);
      await expect(page.locator('#preflight .preflight-problem').first().innerText()).resolves.toContain('To fix:');

      // Home: one upcoming stream will fail.
      await page.goto(stack.baseUrl);
      await expect(page.locator('.preflight-failing').innerText()).resolves.toBe('1 upcoming stream will fail: see All live streams');
      await checkAppPage(page, journey, 'home with the failing count');
      await screenshot(page, journey, '3-home-failing');

      // At a phone's width, in both languages: the block and the Ready column fit, nothing scrolls sideways.
      await page.setViewportSize({ width: 360, height: 800 });
      for (const language of ['en', 'zh-CN']) {
        for (const path of [`/meetings/${broken.id}/livestream`, '/streams']) {
          await page.goto(`${stack.baseUrl}${path}?lang=${language}`);
          await page.waitForURL(`${stack.baseUrl}${path}`);
          await expect(page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).resolves.toBeLessThanOrEqual(0);
        }
      }
      await expect(row(broken.id).innerText()).resolves.toContain('会失败');
      await screenshot(page, journey, '4-streams-phone-zh');
      await page.goto(`${stack.baseUrl}/meetings/${broken.id}/livestream`);
      await checkAppPage(page, journey, 'event page at a phone\'s width, in Chinese');
      await screenshot(page, journey, '5-event-phone-zh');
    });
  });
});
