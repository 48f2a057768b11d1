import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/** Journey (m): a saved destination from the YouTube starting point fills a meeting; save, then restore the earlier values. */
jest.setTimeout(60_000);

describeInBrowser('saved destinations and the change history in the browser', () => {
  const journeys = useJourneys();

  it('(m) creates a destination from YouTube, fills a meeting from it, saves, and restores the previous values', async () => {
    const { page, stack } = journeys;
    const journey = 'm-destinations';
    await connectAs(page, stack.baseUrl, 'pro');
    await page.goto(`${stack.baseUrl}/destinations`);
    await checkAppPage(page, journey, 'destinations, empty');
    await loadsPage(page, () => page.getByRole('link', { name: 'New destination' }).click());
    await loadsPage(page, () => page.getByRole('link', { name: 'YouTube', exact: true }).click());
    await expect(page.inputValue('#stream_url')).resolves.toBe('rtmp://a.rtmp.youtube.com/live2');
    await page.fill('#name', 'Acme on YouTube');
    await page.fill('#stream_key', 'yt-browser-key-9c1d');
    await page.fill('#page_url', 'https://youtube.com/@acme/live');
    await checkAppPage(page, journey, 'new destination, YouTube');
    await screenshot(page, journey, '1-new-destination');
    await loadsPage(page, () => page.getByRole('button', { name: 'Save destination' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toBe('Destination “Acme on YouTube” saved');
    await expect(page.locator('td.key').innerText()).resolves.toBe('••••••9c1d');
    await checkAppPage(page, journey, 'destinations list');
    await screenshot(page, journey, '2-list');

    const meeting = stack.emulator.meetingsOf('pro')[2];
    const earlier = { ...stack.emulator.livestreamOf(meeting.id)! };
    await page.goto(`${stack.baseUrl}/meetings/${meeting.id}/livestream`);
    await page.selectOption('#destination', { label: 'Acme on YouTube' });
    await loadsPage(page, () => page.getByRole('button', { name: 'Fill the form' }).click());
    await expect(page.inputValue('#stream_key')).resolves.toBe('yt-browser-key-9c1d');
    expect(stack.emulator.livestreamOf(meeting.id)).toEqual(earlier);
    await loadsPage(page, () => page.getByRole('button', { name: 'Save live stream' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toContain('Updated: ');
    expect(stack.emulator.livestreamOf(meeting.id)?.stream_key).toBe('yt-browser-key-9c1d');
    await expect(page.locator('.history-entry').count()).resolves.toBe(1);
    await checkAppPage(page, journey, 'meeting saved, with history');
    await screenshot(page, journey, '3-saved-with-history');

    await loadsPage(page, () => page.getByRole('button', { name: 'Restore the earlier values' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toContain('Restored the settings from before the change of');
    expect(stack.emulator.livestreamOf(meeting.id)).toMatchObject({ stream_url: earlier.stream_url, stream_key: earlier.stream_key, page_url: earlier.page_url });
    await expect(page.inputValue('#stream_key')).resolves.toBe(earlier.stream_key);
    await expect(page.locator('.history-entry').count()).resolves.toBe(2);
    await checkAppPage(page, journey, 'meeting restored');
    await screenshot(page, journey, '4-restored');
  });
});
