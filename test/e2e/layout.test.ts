import type { Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/** Look and layout: Pico from the app's own origin, a phone-sized screen, and the pages without JavaScript. */
jest.setTimeout(60_000);

const MEETING = '85746065002';
const IN_PROGRESS = '90071992547409931';

/** Nothing may be wider than the screen: no sideways scrolling on a phone. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describeInBrowser('layout on a phone', () => {
  const journeys = useJourneys({}, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  it('(i) Pico and app.css load from the app, meetings become cards, nothing scrolls sideways', async () => {
    const { page, stack } = journeys;
    const journey = 'i-phone';
    await connectAs(page, stack.baseUrl, 'pro');

    const sheets = await page.evaluate(() => [...document.styleSheets].map((sheet) => ({ href: sheet.href, rules: sheet.cssRules.length })));
    expect(sheets.map((sheet) => sheet.href)).toEqual([`${stack.baseUrl}/public/vendor/pico.min.css`, `${stack.baseUrl}/public/app.css`]);
    expect(sheets.every((sheet) => sheet.rules > 0)).toBe(true);
    await expect(page.locator('td.meeting-id').first().evaluate((cell) => getComputedStyle(cell).display)).resolves.toBe('block');
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await checkAppPage(page, journey, 'home on a phone');
    await screenshot(page, journey, '1-home');

    await page.goto(`${stack.baseUrl}/meetings/${MEETING}/livestream`);
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await checkAppPage(page, journey, 'live stream form on a phone');
    await screenshot(page, journey, '2-form');
  });
});

describeInBrowser('layout without JavaScript', () => {
  const journeys = useJourneys({}, { javaScriptEnabled: false });

  it('(j) the stream key shows in its disclosure; saving and the stop confirmation still work', async () => {
    const { page, stack } = journeys;
    const journey = 'j-no-javascript';
    await connectAs(page, stack.baseUrl, 'pro');
    await page.goto(`${stack.baseUrl}/meetings/${IN_PROGRESS}/livestream`);
    const key = stack.emulator.livestreamOf(IN_PROGRESS)!.stream_key;

    await expect(page.locator('#stream_key-shown').isVisible()).resolves.toBe(false);
    // Without JavaScript the disclosure shows the key as saved at Zoom.
    await page.getByText('Saved key').click();
    await expect(page.locator('#stream_key-shown').innerText()).resolves.toBe(key);
    await expect(page.getAttribute('#stream_key', 'type')).resolves.toBe('password');
    await screenshot(page, journey, '1-key-shown');

    await page.fill('#stream_key', 'typed-without-js');
    await loadsPage(page, () => page.getByRole('button', { name: 'Save live stream' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toBe('Updated: stream key');
    expect(stack.emulator.livestreamOf(IN_PROGRESS)?.stream_key).toBe('typed-without-js');

    // Start, then the stop confirmation: both plain forms.
    await page.fill('#display_name', 'No-JS stream');
    await loadsPage(page, () => page.getByRole('button', { name: 'Start live stream' }).click());
    await loadsPage(page, () => page.getByRole('button', { name: 'Stop live stream' }).click());
    await expect(page.locator('h1').innerText()).resolves.toBe('Stop the live stream?');
    await screenshot(page, journey, '2-confirm-stop');
  });
});
