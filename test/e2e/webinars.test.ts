import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/** Journey (l): the Pro host updates a webinar's live stream and starts it; the Licensed host sees the readiness hint. */
jest.setTimeout(60_000);

const STARTED = '84129876501';

describeInBrowser('webinars and readiness in the browser', () => {
  const journeys = useJourneys();

  it('(l) the Pro host opens a webinar from the home page, saves its stream, starts it and stops it', async () => {
    const { page, stack } = journeys;
    const journey = 'l-webinar';
    await connectAs(page, stack.baseUrl, 'pro');
    const webinar = stack.emulator.webinarsOf('pro').find((w) => w.id === STARTED)!;
    await expect(page.locator('#webinars-heading').innerText()).resolves.toBe('Upcoming webinars');
    await checkAppPage(page, journey, 'home with webinars');
    await loadsPage(page, () => page.getByRole('link', { name: webinar.topic }).click());
    await page.waitForURL(`${stack.baseUrl}/webinars/${STARTED}/livestream`);
    await expect(page.locator('h1').innerText()).resolves.toBe(webinar.topic);

    await page.fill('#stream_url', 'rtmp://live.example.com/webinar');
    await page.fill('#stream_key', 'webinar-browser-key');
    await page.fill('#page_url', 'https://example.com/webinar');
    await loadsPage(page, () => page.getByRole('button', { name: 'Save live stream' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toContain('Updated: ');
    expect(stack.emulator.livestreamOf(STARTED, 'webinar')?.stream_key).toBe('webinar-browser-key');

    await page.fill('#display_name', 'Partner webinar, live');
    await loadsPage(page, () => page.getByRole('button', { name: 'Start live stream' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toBe('Live stream started');
    expect(stack.emulator.liveStateOf(STARTED, 'webinar')?.live).toBe(true);
    await checkAppPage(page, journey, 'webinar, streaming');
    await screenshot(page, journey, '1-webinar-live');
    await loadsPage(page, () => page.getByRole('button', { name: 'Stop live stream' }).click());
    await loadsPage(page, () => page.getByRole('button', { name: 'Yes, stop the live stream' }).click());
    expect(stack.emulator.liveStateOf(STARTED, 'webinar')?.live).toBe(false);
  });

  it('(l) the Licensed host sees what stands in the way before trying', async () => {
    const { page, stack } = journeys;
    const journey = 'l-readiness';
    await connectAs(page, stack.baseUrl, 'licensed');
    const custom = page.locator('.readiness li[data-item="customService"]');
    await expect(custom.innerText()).resolves.toContain('Custom live streaming service: no');
    await expect(custom.innerText()).resolves.toContain('Settings → In Meeting (Advanced)');
    await expect(page.locator('.webinars-unavailable').innerText()).resolves.toContain('no webinar plan');
    await checkAppPage(page, journey, 'home, readiness hint');
    await screenshot(page, journey, '1-readiness');
  });
});
