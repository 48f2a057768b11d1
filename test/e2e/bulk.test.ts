import type { Page } from 'playwright-core';
import { eventually } from '../helpers/eventually';
import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/**
 * Journey (n): bulk apply. Four meetings and two webinars ticked on the overview, a saved destination
 * applied, the job page's progress bar watched (it reloads itself) until all six are applied, one meeting
 * opened to see the values, then the job undone. The emulator limits the Pro account to two requests a
 * second while the job runs, so the job is still running when its page first shows.
 */
jest.setTimeout(90_000);

const DESTINATION = { name: 'Season stream', stream_url: 'rtmp://live.season.example/app', stream_key: 'season-key-4f2a', page_url: 'https://watch.season.example/live' };

/** The progress bar's value and max, read between the page's own reloads. */
async function progressOf(page: Page): Promise<{ value: number; max: number } | undefined> {
  try {
    const bar = page.locator('progress');
    return { value: Number(await bar.getAttribute('value', { timeout: 1000 })), max: Number(await bar.getAttribute('max', { timeout: 1000 })) };
  } catch {
    return undefined; // the page was reloading
  }
}

describeInBrowser('bulk apply in the browser', () => {
  const journeys = useJourneys({ rateLimits: { lightPerSecond: 30 }, extraMeetings: 2 });

  it('(n) ticks four meetings and two webinars, applies a saved destination, watches the job finish, and undoes it', async () => {
    const { page, stack } = journeys;
    const journey = 'n-bulk';
    await connectAs(page, stack.baseUrl, 'pro');
    await page.goto(`${stack.baseUrl}/destinations/new`);
    for (const [field, value] of Object.entries(DESTINATION)) await page.fill(`#${field}`, value);
    await loadsPage(page, () => page.getByRole('button', { name: 'Save destination' }).click());

    await loadsPage(page, () => page.getByRole('link', { name: 'All live streams' }).first().click());
    await expect(page.locator('h1').innerText()).resolves.toBe('Live streams of your upcoming events');
    await checkAppPage(page, journey, 'streams overview');
    const earlier = new Map<string, unknown>();
    const meetings = stack.emulator.meetingsOf('pro').filter((meeting) => meeting.id !== '85746065003').slice(0, 4);
    const webinars = stack.emulator.webinarsOf('pro').filter((webinar) => webinar.id !== '84129876501').slice(0, 2);
    for (const event of meetings) earlier.set(event.id, { ...stack.emulator.livestreamOf(event.id) });
    for (const event of [...meetings, ...webinars]) await page.getByRole('checkbox', { name: `Select “${event.topic}”` }).check();
    await page.selectOption('#destination', { label: DESTINATION.name });
    await screenshot(page, journey, '1-streams-ticked');

    // Slow enough to see the job running: two Zoom requests a second, one GET and one PATCH per event.
    stack.emulator.setRateLimits({ lightPerSecond: 2 });
    await loadsPage(page, () => page.getByRole('button', { name: 'Apply', exact: true }).click());
    const jobUrl = page.url();
    expect(jobUrl).toMatch(/\/jobs\/[0-9a-f-]{36}$/);
    const first = await progressOf(page);
    expect(first?.max).toBe(6);
    expect(first!.value).toBeLessThan(6);
    await checkAppPage(page, journey, 'job running');
    await screenshot(page, journey, '2-job-running');

    // The page reloads itself every 2 s while the job runs; nothing here reloads it.
    const seen = new Set<number>([first!.value]);
    await eventually(async () => {
      const now = await progressOf(page);
      if (now) seen.add(now.value);
      if (now?.value !== 6 || (await page.locator('.job-status').innerText()) !== 'Done.') throw new Error(`job page did not reach 6 of 6: saw ${[...seen].join(', ')}`);
    }, { timeoutMs: 30_000, intervalMs: 100 });
    stack.emulator.setRateLimits({ lightPerSecond: 30 });
    expect(seen.size).toBeGreaterThan(1); // it moved while watched
    await expect(page.locator('.progress-text').innerText()).resolves.toBe('6 of 6');
    await expect(page.locator('tr.item-applied').count()).resolves.toBe(6);
    await expect(page.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
    await checkAppPage(page, journey, 'job done');
    await screenshot(page, journey, '3-job-done');

    await loadsPage(page, () => page.getByRole('link', { name: meetings[0].id }).click());
    await expect(page.inputValue('#stream_url')).resolves.toBe(DESTINATION.stream_url);
    await expect(page.inputValue('#page_url')).resolves.toBe(DESTINATION.page_url);
    await expect(page.inputValue('#stream_key')).resolves.toBe(DESTINATION.stream_key);
    await expect(page.locator('.history-entry').count()).resolves.toBe(1);
    await screenshot(page, journey, '4-meeting-values');
    for (const event of meetings) expect(stack.emulator.livestreamOf(event.id)).toMatchObject({ stream_url: DESTINATION.stream_url, stream_key: DESTINATION.stream_key });
    for (const event of webinars) expect(stack.emulator.livestreamOf(event.id, 'webinar')).toMatchObject({ stream_url: DESTINATION.stream_url, stream_key: DESTINATION.stream_key });

    await page.goto(jobUrl);
    await loadsPage(page, () => page.getByRole('button', { name: 'Undo this job' }).click());
    await expect(page.locator('h1').innerText()).resolves.toMatch(/^Undo of Apply “.+” to \d+ events$/);
    await page.locator('p.job-status', { hasText: 'Done.' }).waitFor({ timeout: 15_000 });
    for (const event of meetings) {
      const before = earlier.get(event.id) as { stream_url: string; stream_key: string; page_url: string };
      // Events that had no stream set up before cannot be sent back (Zoom requires URL, key and page URL).
      if (before.stream_url && before.stream_key && before.page_url) expect(stack.emulator.livestreamOf(event.id)).toMatchObject({ stream_url: before.stream_url, stream_key: before.stream_key });
    }
    await checkAppPage(page, journey, 'undo done');
    await screenshot(page, journey, '5-undo-done');
  });
});
