import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/** The meeting picker: paging past 30, the empty state, the ID box, a profile Zoom will not show. */
jest.setTimeout(60_000);

const EMPTY_LIST = { page_size: 30, total_records: 0, next_page_token: '', meetings: [] };

describeInBrowser('the meeting picker in the browser', () => {
  // 4 seeded + 35 extra Pro meetings: two pages of Zoom's 30.
  const journeys = useJourneys({ extraMeetings: 35 });

  it('(f) pages with Next and back with Previous, with counts, times in the host\'s zone', async () => {
    const { page, stack } = journeys;
    const journey = 'f-paging';
    await connectAs(page, stack.baseUrl, 'pro');
    const all = stack.emulator.meetingsOf('pro');
    await expect(page.locator('table.meetings tbody tr').count()).resolves.toBe(30);
    await expect(page.locator('table.meetings caption').innerText()).resolves.toContain('Europe/London');
    await expect(page.locator('time').first().getAttribute('datetime')).resolves.toBe(all[0].start_time);

    await expect(page.locator('nav.paging .range').innerText()).resolves.toBe(`1–30 of ${all.length}`);
    await loadsPage(page, () => page.getByRole('link', { name: 'Next' }).click());
    await expect(page.locator('td.meeting-id').allInnerTexts()).resolves.toEqual(all.slice(30).map((m) => m.id));
    await expect(page.locator('nav.paging .range').innerText()).resolves.toBe(`31–${all.length} of ${all.length}`);
    await expect(page.getByRole('link', { name: 'Next' }).count()).resolves.toBe(0);
    await checkAppPage(page, journey, 'home, second page');
    await screenshot(page, journey, '1-second-page');
    await loadsPage(page, () => page.getByRole('link', { name: 'Previous' }).click());
    await expect(page.locator('td.meeting-id').first().innerText()).resolves.toBe(all[0].id);
  });

  it('(g) with no upcoming meetings says so, and the ID box opens any meeting', async () => {
    const { page, stack } = journeys;
    const journey = 'g-empty';
    await connectAs(page, stack.baseUrl, 'pro');
    stack.emulator.failNext({ path: '/v2/users/me/meetings', method: 'GET', status: 200, body: EMPTY_LIST });
    // The list was read at login and is kept: Refresh reads it again (a reload would show the kept one).
    await loadsPage(page, () => page.getByRole('button', { name: 'Refresh' }).click());
    await expect(page.locator('.empty').innerText()).resolves.toContain('You have no upcoming meetings');
    await checkAppPage(page, journey, 'home, no meetings');
    await screenshot(page, journey, '1-empty');

    await page.fill('#meetingId', 'abc');
    await loadsPage(page, () => page.getByRole('button', { name: 'Open live stream settings' }).click());
    await expect(page.locator('#meetingId-error').innerText()).resolves.toContain('A meeting ID is 1 to 19 digits');
    await checkAppPage(page, journey, 'home, invalid meeting ID');
    await page.fill('#meetingId', '8574 6065 001');
    await loadsPage(page, () => page.getByRole('button', { name: 'Open live stream settings' }).click());
    await page.waitForURL(`${stack.baseUrl}/meetings/85746065001/livestream`);
  });

  it('(h) when Zoom will not show the profile, the sign-in stops with a page that says why and offers to try again', async () => {
    const { page, stack } = journeys;
    const journey = 'h-no-profile';
    // A login must know the Zoom user id: the profile read is retried once, then the login is refused.
    stack.emulator.failNext({ path: /^\/v2\/users\/me$/, method: 'GET', status: 400, body: { code: 4711, message: 'Invalid access token, does not contain scopes:[user:read].' }, times: 2 });
    await connectAs(page, stack.baseUrl, 'basic');
    await expect(page.locator('h1').innerText()).resolves.toBe('Sign-in not completed');
    await expect(page.locator('.message').innerText()).resolves.toContain('did not return your user profile');
    await expect(page.getByRole('link', { name: 'Try again' }).getAttribute('href')).resolves.toBe('/install');
    await checkAppPage(page, journey, 'sign-in refused, profile unreadable');
    await screenshot(page, journey, '1-home');
  });
});
