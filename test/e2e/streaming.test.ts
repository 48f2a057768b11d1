import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/** Journey (d): start a live stream with a display name, then stop it after confirming. */
jest.setTimeout(60_000);

const IN_PROGRESS = '90071992547409931';
const NOT_STARTED = '85746065002';

describeInBrowser('starting and stopping a live stream in the browser', () => {
  const journeys = useJourneys();
  beforeEach(() => connectAs(journeys.page, journeys.stack.baseUrl, 'pro'));

  it('(d) starts the stream with a display name and the speaker name, then stops it after "Stop the live stream?"', async () => {
    const { page, stack } = journeys;
    const journey = 'd-start-stop';
    await page.goto(`${stack.baseUrl}/meetings/${IN_PROGRESS}/livestream`);
    await page.fill('#display_name', 'All-hands, live');
    // Keyboard only: focus the box and tick it with Space, then press Enter on Start.
    await page.focus('#active_speaker_name');
    await page.keyboard.press('Space');
    await expect(page.isChecked('#active_speaker_name')).resolves.toBe(true);
    await page.getByRole('button', { name: 'Start live stream' }).focus();
    await loadsPage(page, () => page.keyboard.press('Enter'));
    await page.waitForURL(`${stack.baseUrl}/meetings/${IN_PROGRESS}/livestream`);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Live stream started');
    expect(stack.emulator.liveStateOf(IN_PROGRESS)).toEqual({ live: true, settings: { active_speaker_name: true, display_name: 'All-hands, live' } });
    await checkAppPage(page, journey, 'form, stream started');
    await screenshot(page, journey, '1-started');

    await loadsPage(page, () => page.getByRole('button', { name: 'Stop live stream' }).click());
    await expect(page.locator('h1').innerText()).resolves.toBe('Stop the live stream?');
    expect(stack.emulator.liveStateOf(IN_PROGRESS)?.live).toBe(true);
    await checkAppPage(page, journey, 'stop confirmation');
    await screenshot(page, journey, '2-confirm-stop');

    // "No, keep streaming" goes back and changes nothing; the second time the host confirms.
    await loadsPage(page, () => page.getByRole('link', { name: 'No, keep streaming' }).click());
    expect(stack.emulator.liveStateOf(IN_PROGRESS)?.live).toBe(true);
    await loadsPage(page, () => page.getByRole('button', { name: 'Stop live stream' }).click());
    await loadsPage(page, () => page.getByRole('button', { name: 'Yes, stop the live stream' }).click());
    await page.waitForURL(`${stack.baseUrl}/meetings/${IN_PROGRESS}/livestream`);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Live stream stopped');
    expect(stack.emulator.liveStateOf(IN_PROGRESS)?.live).toBe(false);
    await screenshot(page, journey, '3-stopped');
  });

  it('(d) a meeting not yet started offers no Start and says what to do; once Zoom says it started, Start works and Stop is offered with the display name kept', async () => {
    const { page, stack } = journeys;
    const journey = 'd-not-started';
    await page.goto(`${stack.baseUrl}/meetings/${NOT_STARTED}/livestream`);
    await expect(page.locator('.event-status').innerText()).resolves.toBe('Not started');
    await expect(page.locator('.waiting').innerText()).resolves.toBe('Start the meeting in Zoom first, then come back.');
    await expect(page.getByRole('button', { name: 'Start live stream' }).count()).resolves.toBe(0);
    await checkAppPage(page, journey, 'meeting waiting to start');
    await screenshot(page, journey, '1-waiting');

    await stack.emulator.startEvent('meeting', NOT_STARTED);
    try {
      await loadsPage(page, () => page.reload());
      await expect(page.locator('.event-status').innerText()).resolves.toBe('In progress, not streaming');
      await page.fill('#display_name', '');
      await loadsPage(page, () => page.getByRole('button', { name: 'Start live stream' }).click());
      // Back on the meeting's own address (post/redirect/get), the summary focused.
      await page.waitForURL(`${stack.baseUrl}/meetings/${NOT_STARTED}/livestream`);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('error-summary');
      await expect(page.locator('#display_name-error').innerText()).resolves.toContain('Enter the display name');
      await checkAppPage(page, journey, 'start with a field error');
      await screenshot(page, journey, '2-field-error');

      await page.fill('#display_name', 'Rehearsal');
      await loadsPage(page, () => page.getByRole('button', { name: 'Start live stream' }).click());
      await expect(page.locator('.notice').innerText()).resolves.toBe('Live stream started');
      await expect(page.locator('.live-since').innerText()).resolves.toMatch(/^Live since \d\d:\d\d$/);
      await expect(page.getByRole('button', { name: 'Start live stream' }).count()).resolves.toBe(0);
      await screenshot(page, journey, '3-live');
      await loadsPage(page, () => page.getByRole('button', { name: 'Stop live stream' }).click());
      await loadsPage(page, () => page.getByRole('button', { name: 'Yes, stop the live stream' }).click());
      await expect(page.locator('.notice').innerText()).resolves.toBe('Live stream stopped');
      // The display name is kept as the host last sent it.
      await expect(page.inputValue('#display_name')).resolves.toBe('Rehearsal');
    } finally {
      await stack.emulator.endEvent('meeting', NOT_STARTED);
    }
  });

  it('(e) opens a meeting from a pasted join link, saves, starts, sees Stop offered with the kept display name, and stops', async () => {
    const { page, stack } = journeys;
    const journey = 'e-join-link';
    await page.goto(stack.baseUrl);
    await page.fill('#meetingId', `https://zoom.us/j/${IN_PROGRESS}?pwd=aBc123`);
    await loadsPage(page, () => page.getByRole('button', { name: 'Open live stream settings' }).click());
    await page.waitForURL(`${stack.baseUrl}/meetings/${IN_PROGRESS}/livestream`);
    await expect(page.locator('h1').innerText()).resolves.toBe(stack.emulator.meetingsOf('pro').find((m) => m.id === IN_PROGRESS)!.topic);
    await expect(page.locator('.event-id').innerText()).resolves.toBe('9 0071 9925 4740 9931');

    await page.fill('#stream_url', 'rtmp://live.example.com/app');
    await page.fill('#stream_key', 'join-link-key');
    await page.fill('#page_url', 'https://example.com/live');
    await loadsPage(page, () => page.getByRole('button', { name: 'Save live stream' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toContain('Updated: ');
    expect(stack.emulator.livestreamOf(IN_PROGRESS)?.stream_key).toBe('join-link-key');

    await page.fill('#display_name', 'Join-link town hall');
    await loadsPage(page, () => page.getByRole('button', { name: 'Start live stream' }).click());
    await expect(page.getByRole('button', { name: 'Stop live stream' }).count()).resolves.toBe(1);
    await checkAppPage(page, journey, 'live, stop offered');
    await screenshot(page, journey, '1-live');
    await loadsPage(page, () => page.getByRole('button', { name: 'Stop live stream' }).click());
    await loadsPage(page, () => page.getByRole('button', { name: 'Yes, stop the live stream' }).click());
    await expect(page.inputValue('#display_name')).resolves.toBe('Join-link town hall');
    expect(stack.emulator.liveStateOf(IN_PROGRESS)?.live).toBe(false);
    await screenshot(page, journey, '2-stopped');
  });
});
