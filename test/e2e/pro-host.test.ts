import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/** Journeys (a) a Pro host edits a live stream, (c) consent denied, (e) logout — in Chromium. */
jest.setTimeout(60_000);

describeInBrowser('a Pro host in the browser', () => {
  const journeys = useJourneys();

  it('(a) connects, opens a listed meeting, changes every field, saves, and sees the new values after a reload', async () => {
    const { page, stack } = journeys;
    const journey = 'a-pro-host-edits';
    await page.goto(stack.baseUrl);
    await checkAppPage(page, journey, 'home, signed out');
    await connectAs(page, stack.baseUrl, 'pro', 'Allow', journey);

    const meetings = stack.emulator.meetingsOf('pro');
    for (const meeting of meetings) await expect(page.locator('td.meeting-id', { hasText: meeting.id }).count()).resolves.toBe(1);
    // The name is a flex item of its own (cut short with an ellipsis when long): innerText puts a line break before it.
    await expect(page.locator('header.site').innerText().then((text) => text.replace(/\s+/g, ' '))).resolves.toContain('Connected as Priya Pro');
    await expect(page.locator('.banner').innerText()).resolves.toContain('Sandbox mode');
    await checkAppPage(page, journey, 'home, Pro host');
    await screenshot(page, journey, '1-home');

    const meeting = meetings[1];
    const current = stack.emulator.livestreamOf(meeting.id)!;
    await loadsPage(page, () => page.getByRole('link', { name: meeting.topic }).click());
    await expect(page.inputValue('#stream_url')).resolves.toBe(current.stream_url);
    await expect(page.inputValue('#stream_key')).resolves.toBe(current.stream_key);
    await expect(page.getAttribute('#stream_key', 'type')).resolves.toBe('password');
    await expect(page.inputValue('#page_url')).resolves.toBe(current.page_url);
    await expect(page.inputValue('#resolution')).resolves.toBe(current.resolution);
    await checkAppPage(page, journey, 'live stream form');

    const typed = { stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'yt-key-2026-xyz', page_url: 'https://youtube.com/@example/live' };
    await page.fill('#stream_url', typed.stream_url);
    await page.fill('#stream_key', typed.stream_key);
    await page.fill('#page_url', typed.page_url);
    await page.selectOption('#resolution', '1080p');
    // The disclosure shows the key as typed (app.js keeps it in step); the input stays masked.
    await page.getByText('Show stream key').click();
    await expect(page.locator('#stream_key-shown').innerText()).resolves.toBe(typed.stream_key);
    await screenshot(page, journey, '2-form-filled');
    await loadsPage(page, () => page.getByRole('button', { name: 'Save live stream' }).click());
    await page.waitForURL(`${stack.baseUrl}/meetings/${meeting.id}/livestream`);
    await expect(page.locator('.notice').innerText()).resolves.toMatch(/^Updated: stream URL, stream key, live stream page URL/);
    await checkAppPage(page, journey, 'live stream form, saved');
    await screenshot(page, journey, '3-saved');

    await page.reload();
    await expect(page.locator('.notice').count()).resolves.toBe(0);
    await expect(page.inputValue('#stream_url')).resolves.toBe(typed.stream_url);
    await expect(page.inputValue('#stream_key')).resolves.toBe(typed.stream_key);
    await expect(page.inputValue('#page_url')).resolves.toBe(typed.page_url);
    await expect(page.inputValue('#resolution')).resolves.toBe('1080p');
    expect(stack.emulator.livestreamOf(meeting.id)).toEqual({ ...typed, resolution: '1080p' });
  });

  it('(c) denies consent and lands on a clear page whose Try again restarts the connection', async () => {
    const { page, stack } = journeys;
    const journey = 'c-consent-denied';
    await connectAs(page, stack.baseUrl, 'pro', 'Deny', journey);

    await expect(page.locator('h1').innerText()).resolves.toBe('Zoom access was not granted');
    await expect(page.locator('.message').innerText()).resolves.toContain('nothing was changed');
    await checkAppPage(page, journey, 'consent denied page');
    await screenshot(page, journey, '1-denied');
    await loadsPage(page, () => page.getByRole('link', { name: 'Try again' }).click());
    await page.waitForURL(/\/oauth\/authorize/);
    await expect(page.locator('h1').innerText()).resolves.toContain('Allow this app');
  });

  it('(e) logs out from the header and sees the connect button again', async () => {
    const { page, stack } = journeys;
    const journey = 'e-logout';
    await connectAs(page, stack.baseUrl, 'pro');
    await expect(page.getByRole('button', { name: 'Log out' }).isVisible()).resolves.toBe(true);
    await screenshot(page, journey, '1-connected');

    await loadsPage(page, () => page.getByRole('button', { name: 'Log out' }).click());
    await page.waitForURL(`${stack.baseUrl}/`);
    await expect(page.getByRole('link', { name: 'Connect your Zoom account' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Log out' }).count()).resolves.toBe(0);
    await checkAppPage(page, journey, 'home after logout');
    await screenshot(page, journey, '2-logged-out');
    expect(stack.emulator.requestsTo('POST', '/oauth/revoke').length).toBeGreaterThan(0);
  });
});
