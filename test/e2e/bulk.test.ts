import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/** Journey (n): bulk apply: the overview, ticking rows by their labels, the job's page following the job, then undo. */
jest.setTimeout(60_000);

describeInBrowser('bulk apply in the browser', () => {
  const journeys = useJourneys();

  it('(n) applies a saved destination to two meetings from the overview, follows the job to done, and undoes it', async () => {
    const { page, stack } = journeys;
    const journey = 'n-bulk';
    await connectAs(page, stack.baseUrl, 'pro');
    await loadsPage(page, () => page.getByRole('link', { name: 'All live streams' }).click());
    await expect(page.locator('.no-destinations').innerText()).resolves.toContain('You have no saved destinations yet');
    await checkAppPage(page, journey, 'overview without destinations');

    await page.goto(`${stack.baseUrl}/destinations/new?preset=youtube`);
    await page.fill('#name', 'Acme on YouTube');
    await page.fill('#stream_key', 'yt-bulk-browser-1a2b');
    await page.fill('#page_url', 'https://youtube.com/@acme/live');
    await loadsPage(page, () => page.getByRole('button', { name: 'Save destination' }).click());

    await page.goto(`${stack.baseUrl}/streams`);
    const [first, second] = stack.emulator.meetingsOf('pro').slice(1, 3);
    const earlier = [first, second].map((meeting) => ({ ...stack.emulator.livestreamOf(meeting.id)! }));
    await page.getByRole('checkbox', { name: `Select “${first.topic}”` }).check();
    await page.getByRole('checkbox', { name: `Select “${second.topic}”` }).check();
    await expect(page.locator('#destination option:checked').innerText()).resolves.toBe('Acme on YouTube');
    await checkAppPage(page, journey, 'overview with two ticked');
    await screenshot(page, journey, '1-overview');

    await loadsPage(page, () => page.getByRole('button', { name: 'Apply', exact: true }).click());
    // The page follows the job by reloading itself (a meta refresh) until it is done.
    await page.locator('p.job-status', { hasText: 'Done.' }).waitFor({ timeout: 15_000 });
    await expect(page.locator('.progress-text').innerText()).resolves.toBe('2 of 2');
    await expect(page.locator('td.outcome').allInnerTexts()).resolves.toEqual(['Applied', 'Applied']);
    for (const meeting of [first, second]) expect(stack.emulator.livestreamOf(meeting.id)?.stream_key).toBe('yt-bulk-browser-1a2b');
    await checkAppPage(page, journey, 'job done');
    await screenshot(page, journey, '2-job-done');

    await loadsPage(page, () => page.getByRole('button', { name: 'Undo this job' }).click());
    await expect(page.locator('h1').innerText()).resolves.toBe('Undo a bulk change');
    await page.locator('p.job-status', { hasText: 'Done.' }).waitFor({ timeout: 15_000 });
    [first, second].forEach((meeting, i) => expect(stack.emulator.livestreamOf(meeting.id)).toEqual(earlier[i]));
    await checkAppPage(page, journey, 'undo done');
    await screenshot(page, journey, '3-undo-done');
  });
});
