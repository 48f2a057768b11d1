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

  it('(d) shows Zoom\'s 4927 for a meeting that has not started, focused, with the display name kept', async () => {
    const { page, stack } = journeys;
    const journey = 'd-not-started';
    await page.goto(`${stack.baseUrl}/meetings/${NOT_STARTED}/livestream`);
    await page.fill('#display_name', 'Rehearsal');
    await loadsPage(page, () => page.getByRole('button', { name: 'Start live stream' }).click());

    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('failure');
    await expect(page.locator('.zoom-code').innerText()).resolves.toBe('4927');
    await expect(page.locator('.zoom-message').innerText()).resolves.toBe(`Meeting ${NOT_STARTED} has not started.`);
    await expect(page.locator('.failure .explanation').innerText()).resolves.toContain('Start the meeting in the Zoom app first');
    await expect(page.inputValue('#display_name')).resolves.toBe('Rehearsal');
    await checkAppPage(page, journey, 'status page with Zoom 4927');
    await screenshot(page, journey, '1-zoom-4927');

    await page.fill('#display_name', '');
    await loadsPage(page, () => page.getByRole('button', { name: 'Start live stream' }).click());
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('error-summary');
    await expect(page.locator('#display_name-error').innerText()).resolves.toContain('Enter the display name');
    await checkAppPage(page, journey, 'status page with a field error');
    await screenshot(page, journey, '2-field-error');
  });
});
