import type { Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/** Journey (b): a Basic host is warned, and Zoom's 3161 on load disables the form; a refused save keeps what was typed. */
jest.setTimeout(60_000);

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describeInBrowser('a Basic host in the browser', () => {
  const journeys = useJourneys();

  it('(b) sees the licence hint at home; a meeting shows Zoom\'s 400 / 3161 once, focused, with the Pro explanation, and a form that cannot be sent', async () => {
    const { page, stack } = journeys;
    const journey = 'b-basic-host';
    await connectAs(page, stack.baseUrl, 'basic', 'Allow', journey);
    await expect(page.locator('.licence-hint').isVisible()).resolves.toBe(true);
    await expect(page.locator('.licence-hint').innerText()).resolves.toContain('requires the meeting host to have a Pro licence or higher');
    await checkAppPage(page, journey, 'home, Basic host');
    await screenshot(page, journey, '1-home');

    const meeting = stack.emulator.meetingsOf('basic')[0];
    await loadsPage(page, () => page.getByRole('link', { name: meeting.topic }).click());
    await expect(page.locator('h1').innerText()).resolves.toBe(meeting.topic);
    await expect(activeId(page)).resolves.toBe('failure');
    await expect(page.locator('.failure h2').innerText()).resolves.toBe('Couldn\'t load this meeting\'s settings');
    await expect(page.locator('.failure .explanation').innerText()).resolves.toContain('Pro licence or higher');
    await expect(page.locator('.zoom-status').innerText()).resolves.toBe('400');
    await expect(page.locator('.zoom-code').innerText()).resolves.toBe('3161');
    await expect(page.locator('.zoom-message').innerText()).resolves.toBe('Meeting hosting and scheduling capabilities are not allowed for your user account.');
    // The licence is explained once (the panel), not twice; nothing typed here could be saved.
    await expect(page.locator('.licence-hint').count()).resolves.toBe(0);
    await expect(page.isDisabled('#stream_url')).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Save live stream' }).isDisabled()).resolves.toBe(true);
    await checkAppPage(page, journey, 'live stream page, Zoom 3161 on load');
    await screenshot(page, journey, '2-zoom-3161');
  });

  it('(b) a host whose account has custom streaming off: a field error first, then Zoom\'s refusal, with the typed values kept', async () => {
    const { page, stack } = journeys;
    const journey = 'b-licensed-host';
    await connectAs(page, stack.baseUrl, 'licensed');
    const meeting = stack.emulator.meetingsOf('licensed')[0];
    await loadsPage(page, () => page.getByRole('link', { name: meeting.topic }).click());

    const typed = { stream_url: 'rtmp://live.example.org/team', stream_key: 'team-key-1', page_url: 'https://example.org/watch' };
    await page.fill('#stream_key', typed.stream_key);
    await page.fill('#page_url', typed.page_url);
    stack.emulator.clearRequests();
    await loadsPage(page, () => page.getByRole('button', { name: 'Save live stream' }).click());
    await expect(activeId(page)).resolves.toBe('error-summary');
    await expect(page.getAttribute('#stream_url', 'aria-describedby')).resolves.toContain('stream_url-error');
    await expect(page.locator('#stream_url-error').innerText()).resolves.toBe('Enter the stream URL.');
    expect(stack.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(0);
    await checkAppPage(page, journey, 'form with a field error');
    await screenshot(page, journey, '1-field-error');

    await page.locator('#error-summary a').first().click();
    await expect(activeId(page)).resolves.toBe('stream_url');
    await page.fill('#stream_url', typed.stream_url);
    await page.selectOption('#resolution', '720p');
    await loadsPage(page, () => page.getByRole('button', { name: 'Save live stream' }).click());

    await expect(activeId(page)).resolves.toBe('failure');
    await expect(page.locator('.failure h2').innerText()).resolves.toBe('Not saved: Zoom refused the change');
    await expect(page.locator('.zoom-code').innerText()).resolves.toBe('200');
    await expect(page.inputValue('#stream_url')).resolves.toBe(typed.stream_url);
    await expect(page.inputValue('#stream_key')).resolves.toBe(typed.stream_key);
    await expect(page.inputValue('#page_url')).resolves.toBe(typed.page_url);
    await expect(page.inputValue('#resolution')).resolves.toBe('720p');
    expect(stack.emulator.requestsTo('PATCH', `/v2/meetings/${meeting.id}/livestream`)).toHaveLength(1);
    await checkAppPage(page, journey, 'form with Zoom refusal');
    await screenshot(page, journey, '2-refused');
  });
});
