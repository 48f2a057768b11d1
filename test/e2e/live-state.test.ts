import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/**
 * Journey (o): live state from Zoom's events. The host starts a meeting in Zoom (the sandbox emulator's page
 * of the meeting, as the Zoom client would), the app's page says it is in progress, the host starts the
 * stream and sees "Live since", /streams says so too, Zoom stops the stream and ends the meeting, and each
 * change shows on the next view: the emulator's events reach the app, which clears its cached readings.
 */
jest.setTimeout(60_000);

const NOT_STARTED = '85746065002';

describeInBrowser('live state from Zoom\'s events in the browser', () => {
  const journeys = useJourneys();
  beforeEach(() => connectAs(journeys.page, journeys.stack.baseUrl, 'pro'));

  it('(o) the meeting starts in Zoom → "In progress"; Start → "Live since"; Zoom stops the stream → "not streaming"; Zoom ends it → "Not started"', async () => {
    const { page, stack } = journeys;
    const journey = 'o-live-state';
    const meetingPage = `${stack.baseUrl}/meetings/${NOT_STARTED}/livestream`;
    await page.goto(meetingPage);
    await expect(page.locator('.event-status').innerText()).resolves.toBe('Not started');
    await expect(page.getByRole('button', { name: 'Start live stream' }).count()).resolves.toBe(0);
    // Read once: the next views are served from the cache until an event says otherwise.
    await page.reload();

    // The host starts the meeting in Zoom: the sandbox's link opens the emulator's page of the meeting.
    await loadsPage(page, () => page.getByRole('link', { name: 'Start or end this meeting in the sandbox\'s Zoom' }).click());
    await loadsPage(page, () => page.getByRole('button', { name: 'Start meeting' }).click());
    await expect(page.locator('#status').innerText()).resolves.toContain('in progress');
    await loadsPage(page, () => page.goto(meetingPage));
    await expect(page.locator('.event-status').innerText()).resolves.toBe('In progress, not streaming');
    await checkAppPage(page, journey, 'meeting in progress');
    await screenshot(page, journey, '1-in-progress');

    await page.fill('#display_name', 'Quarterly review');
    await loadsPage(page, () => page.getByRole('button', { name: 'Start live stream' }).click());
    await page.waitForURL(meetingPage);
    await expect(page.locator('.event-status').innerText()).resolves.toMatch(/^Live since \d\d:\d\d$/);
    await expect(page.locator('.live-since').innerText()).resolves.toMatch(/^Live since \d\d:\d\d$/);
    await expect(page.getByRole('button', { name: 'Start live stream' }).count()).resolves.toBe(0);
    await screenshot(page, journey, '2-live');
    await page.goto(`${stack.baseUrl}/streams`);
    const row = page.locator('tr', { has: page.locator('td.event-id', { hasText: NOT_STARTED }) });
    await expect(row.locator('td.state').innerText()).resolves.toMatch(/^Live since \d\d:\d\d$/);
    await checkAppPage(page, journey, 'streams with a live meeting');
    await screenshot(page, journey, '3-streams-live');

    // Zoom stops the stream (the host pressed stop in the Zoom client): meeting.live_streaming_stopped.
    await page.goto(`${stack.emulator.url}/emulator/meetings/${NOT_STARTED}`);
    await loadsPage(page, () => page.getByRole('button', { name: 'Stop live stream' }).click());
    await page.goto(meetingPage);
    await expect(page.locator('.event-status').innerText()).resolves.toBe('In progress, not streaming');
    await expect(page.getByRole('button', { name: 'Start live stream' }).count()).resolves.toBe(1);
    await screenshot(page, journey, '4-stopped-in-zoom');

    // Then the stream again through the app, and Stop through the app.
    await loadsPage(page, () => page.getByRole('button', { name: 'Start live stream' }).click());
    await loadsPage(page, () => page.getByRole('button', { name: 'Stop live stream' }).click());
    await loadsPage(page, () => page.getByRole('button', { name: 'Yes, stop the live stream' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toBe('Live stream stopped');
    await expect(page.locator('.event-status').innerText()).resolves.toBe('In progress, not streaming');

    // Zoom ends the meeting: meeting.ended.
    await page.goto(`${stack.emulator.url}/emulator/meetings/${NOT_STARTED}`);
    await loadsPage(page, () => page.getByRole('button', { name: 'End meeting' }).click());
    await page.goto(meetingPage);
    await expect(page.locator('.event-status').innerText()).resolves.toBe('Not started');
    const delivered = stack.emulator.webhookDeliveries().map(({ event, status }) => `${event} ${status}`);
    expect(delivered).toEqual([
      'meeting.started 200', 'meeting.live_streaming_started 200', 'meeting.live_streaming_stopped 200',
      'meeting.live_streaming_started 200', 'meeting.live_streaming_stopped 200', 'meeting.ended 200',
    ]);
  });
});
