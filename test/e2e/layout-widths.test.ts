import path from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS_DIR } from './helpers/audit';
import { describeInBrowser } from './helpers/browser';
import { connectAs, loadsPage, useJourneys } from './helpers/journey';

/**
 * No page scrolls sideways from a phone (360 px) to a laptop (1280 px), in either language: tables become
 * stacked rows on narrow screens, and long stream URLs wrap instead of widening the page.
 */
jest.setTimeout(180_000);

const WIDTHS = [360, 390, 768, 1280];
const LANGUAGES = ['en', 'zh-CN'];
/** Long enough that an unbroken URL cannot fit any screen. */
const LONG = 'a-very-long-path-segment-that-does-not-break-anywhere-0123456789-'.repeat(3);

/** How far the page is wider than its window; 0 or less: nothing scrolls sideways. */
const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Boxes that scroll sideways inside the page: columns a reader must find by scrolling (the /streams table did). */
const scrollingInside = (page: Page) => page.evaluate(() => [...document.querySelectorAll('body *')]
  .filter((element) => /auto|scroll/.test(getComputedStyle(element).overflowX) && element.scrollWidth > element.clientWidth + 1)
  .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`));

/** The innermost elements reaching past the window's right edge: what a failure names. */
const widest = (page: Page) => page.evaluate(() => {
  const edge = document.documentElement.clientWidth;
  const past = [...document.querySelectorAll('body *')].filter((element) => element.getBoundingClientRect().right > edge + 0.5);
  return past.filter((element) => !past.some((other) => other !== element && element.contains(other)))
    .slice(0, 3).map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} "${(element.textContent ?? '').trim().slice(0, 30)}"`);
});

async function saveDestination(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/destinations/new`);
  await page.fill('#name', name);
  await page.fill('#stream_url', `rtmps://ingest.${name.toLowerCase().replace(/\W+/g, '-')}.example.com/live/${LONG}`);
  await page.fill('#stream_key', `key-${LONG}`);
  await page.fill('#page_url', `https://watch.example.com/${LONG}`);
  await loadsPage(page, () => page.getByRole('button', { name: 'Save destination' }).click());
}

/** Two saves with long URLs: the meeting's Recent changes then has rows whose before and after are long. */
async function changeTwice(page: Page, baseUrl: string, meetingId: string): Promise<void> {
  for (const round of [1, 2]) {
    await page.goto(`${baseUrl}/meetings/${meetingId}/livestream`);
    await page.fill('#stream_url', `rtmp://live-${round}.example.com/app/${LONG}`);
    await page.fill('#stream_key', `key-${round}-${LONG}`);
    await page.fill('#page_url', `https://watch.example.com/${round}/${LONG}`);
    await loadsPage(page, () => page.getByRole('button', { name: 'Save live stream' }).click());
  }
}

/** A bulk apply of the first destination to two meetings; its job page's address. */
async function startJob(page: Page, baseUrl: string, topics: string[]): Promise<string> {
  await page.goto(`${baseUrl}/streams`);
  for (const topic of topics) await page.getByRole('checkbox', { name: `Select “${topic}”` }).check();
  await loadsPage(page, () => page.getByRole('button', { name: 'Apply', exact: true }).click());
  expect(page.url()).toMatch(/\/jobs\/[\w-]+$/);
  return page.url();
}

describeInBrowser('layout at every width', () => {
  const journeys = useJourneys();

  it('no page is wider than the window, nor scrolls inside, at 360, 390, 768 and 1280 px, in English and Chinese', async () => {
    const { page, stack } = journeys;
    const base = stack.baseUrl;
    await connectAs(page, base, 'pro');
    for (const name of ['Acme on YouTube', 'Backup RTMP server in the second data centre', 'Facebook']) await saveDestination(page, base, name);
    const [meeting, second] = stack.emulator.meetingsOf('pro');
    await changeTwice(page, base, meeting.id);
    const jobPage = await startJob(page, base, [meeting.topic, second.topic]);
    const pages = { home: `${base}/`, meeting: `${base}/meetings/${meeting.id}/livestream`, destinations: `${base}/destinations`, streams: `${base}/streams`, job: jobPage };

    const wider: string[] = [];
    for (const language of LANGUAGES) {
      await page.goto(`${base}/?lang=${language}`);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const [name, url] of Object.entries(pages)) {
          await page.goto(url);
          const overflow = await overflowOf(page);
          if (overflow > 0) wider.push(`${name} ${language} ${width}px: ${overflow}px too wide (${(await widest(page)).join(', ')})`);
          const inside = await scrollingInside(page);
          if (inside.length > 0) wider.push(`${name} ${language} ${width}px: scrolls inside ${inside.join(', ')}`);
        }
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(pages.meeting);
      await expect(page.locator('.history-entry').count()).resolves.toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: path.join(RESULTS_DIR, `layout-meeting-390-${language}.png`), fullPage: true });
    }
    expect(wider).toEqual([]);
  });

  it('stacked rows label each value in the page\'s language', async () => {
    const { page, stack } = journeys;
    await connectAs(page, stack.baseUrl, 'pro');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.baseUrl}/?lang=zh-CN`);
    const label = page.locator('table.meetings td.starts').first();
    await expect(label.evaluate((cell) => getComputedStyle(cell).display)).resolves.toBe('block');
    await expect(label.evaluate((cell) => getComputedStyle(cell, '::before').content)).resolves.toBe('"开始时间"');
  });

  it('a long account name does not wrap the header or widen the page', async () => {
    const { page, stack } = journeys;
    await connectAs(page, stack.baseUrl, 'pro');
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(stack.baseUrl);
      const height = () => page.locator('header.site nav').first().evaluate((nav) => nav.getBoundingClientRect().height);
      const before = await height();
      await page.locator('header.site .who strong').evaluate((name) => {
        name.textContent = 'Maximiliana Alexandrovna Konstantinopolskaya-Wolfeschlegelsteinhausenbergerdorff';
      });
      await expect(height()).resolves.toBe(before);
      await expect(overflowOf(page)).resolves.toBeLessThanOrEqual(0);
    }
  });
});
