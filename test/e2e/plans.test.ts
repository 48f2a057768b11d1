import type { Page } from 'playwright-core';
import { eventually } from '../helpers/eventually';
import { describeInBrowser } from './helpers/browser';
import { checkAppPage, connectAs, loadsPage, screenshot, useJourneys } from './helpers/journey';

/**
 * Journey (p), issue 23: a host makes a streaming plan for the sandbox's recurring meeting, in Chinese, and leaves.
 * With no browser open and the session logged out, the meeting starts in Zoom (the emulator's page of the meeting,
 * as the Zoom client would) and the stream starts on its own: the plan acts on Zoom's events with its grant.
 * Connecting again, the event page says it is live and the plan's log says the plan started it.
 */
jest.setTimeout(60_000);

const SERIES = '85746065002';
const DESTINATION = { name: '周会 YouTube', url: 'rtmp://a.rtmp.youtube.com/live2', key: 'plan-yt-key-7f3a', page: 'https://youtube.com/@acme/live' };
const PLAN = { name: '周会直播', displayName: '客户周会' };

/** How far the page is wider than its window; 0 or less: nothing scrolls sideways. */
const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The page at a phone's width must not scroll sideways; the window is put back afterwards. */
async function expectNoOverflowOnPhone(page: Page): Promise<void> {
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 800 });
  await expect(overflowOf(page)).resolves.toBeLessThanOrEqual(0);
  if (wide) await page.setViewportSize(wide);
}

/** The start PATCHes Zoom received for the series. */
const startsOf = (journeys: ReturnType<typeof useJourneys>) => journeys.stack.emulator
  .requestsTo('PATCH', `/v2/meetings/${SERIES}/livestream/status`).filter((r) => (r.body as { action?: string }).action === 'start');

describeInBrowser('a streaming plan in the browser', () => {
  const journeys = useJourneys();

  it('(p) a plan made in Chinese for a recurring meeting starts its stream when Zoom starts the meeting, with the host logged out', async () => {
    const { page, stack } = journeys;
    const journey = 'p-plan-starts-stream';
    await connectAs(page, stack.baseUrl, 'pro');
    await loadsPage(page, () => page.getByRole('link', { name: '简体中文' }).click());

    // A saved destination, in Chinese.
    await page.goto(`${stack.baseUrl}/destinations/new`);
    await page.getByLabel('名称', { exact: true }).fill(DESTINATION.name);
    await page.getByLabel('推流地址').fill(DESTINATION.url);
    await page.getByLabel('推流密钥').fill(DESTINATION.key);
    await page.getByLabel('直播页面地址').fill(DESTINATION.page);
    await loadsPage(page, () => page.getByRole('button', { name: '保存推流目标' }).click());
    await expect(page.locator('.notice').innerText()).resolves.toBe(`推流目标“${DESTINATION.name}”已保存`);

    // The header's link to the plans; none yet.
    await loadsPage(page, () => page.locator('header.site').getByRole('link', { name: '直播计划' }).click());
    await expect(page.locator('h1').innerText()).resolves.toBe('直播计划');
    await expect(page.locator('.empty').innerText()).resolves.toBe('您还没有直播计划。');
    await checkAppPage(page, journey, 'plans, none, Chinese');
    await screenshot(page, journey, '1-plans-empty');

    // The form: the series, the destination, keep settings and start automatically (ticked from the start).
    await loadsPage(page, () => page.getByRole('link', { name: '新建计划' }).click());
    await expect(page.locator('h1').innerText()).resolves.toBe('新建直播计划');
    await page.getByLabel('名称', { exact: true }).fill(PLAN.name);
    await page.getByLabel('周期性系列').selectOption(`meeting:${SERIES}`);
    await page.getByLabel('已保存的目标').selectOption({ label: DESTINATION.name });
    await expect(page.getByLabel('让活动的直播设置与目标保持一致').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('会议或网络研讨会开始时自动开始直播').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('开启计划').isChecked()).resolves.toBe(true);
    await page.getByLabel('直播中的显示名称').fill(PLAN.displayName);
    await checkAppPage(page, journey, 'new plan form, Chinese');
    await expectNoOverflowOnPhone(page);
    await screenshot(page, journey, '2-new-plan');

    await loadsPage(page, () => page.getByRole('button', { name: '创建计划' }).click());
    expect(page.url()).toMatch(new RegExp(`^${stack.baseUrl}/plans/[\\w-]+$`));
    const planPage = page.url();
    await expect(page.locator('.notice').innerText()).resolves.toBe(`计划“${PLAN.name}”已保存。`);
    await expect(page.locator('h1').innerText()).resolves.toBe(PLAN.name);
    await expect(page.locator('dd.state').innerText()).resolves.toBe('已开启');
    await expect(page.locator('dd.which').innerText()).resolves.toBe(`Customer webinar rehearsal 的每一次（${SERIES}）`);
    await expect(page.locator('dd.destination').innerText()).resolves.toBe(DESTINATION.name);
    await expect(page.locator('dd.does').innerText()).resolves.toBe('保持设置 · 自动开始');
    await expect(page.locator('dd.display-name').innerText()).resolves.toBe(PLAN.displayName);
    await checkAppPage(page, journey, 'plan, created, Chinese');
    await expectNoOverflowOnPhone(page);
    await screenshot(page, journey, '3-plan-created');

    // /streams names the plan on the series' row.
    await page.goto(`${stack.baseUrl}/streams`);
    const row = page.locator('tr', { has: page.locator('td.event-id', { hasText: SERIES }) });
    await expect(row.locator('.plan-line').innerText()).resolves.toBe(`计划： ${PLAN.name} → ${DESTINATION.name} · 自动开始`);
    await screenshot(page, journey, '4-streams-with-plan');

    // The host leaves: the session ends, and the plan's grant stays. From here on no browser session exists.
    await loadsPage(page, () => page.getByRole('button', { name: '退出登录' }).click());
    await expect(page.getByRole('link', { name: '连接您的 Zoom 账号' }).count()).resolves.toBe(1);
    stack.emulator.clearRequests();
    const deliveredBefore = stack.emulator.webhookDeliveries().length;

    // Zoom starts the meeting (the host's Zoom client): meeting.started reaches the app, the plan starts the stream.
    await page.goto(`${stack.emulator.url}/emulator/meetings/${SERIES}`);
    await loadsPage(page, () => page.getByRole('button', { name: 'Start meeting' }).click());
    await expect(page.locator('#status').innerText()).resolves.toContain('in progress');
    await eventually(() => stack.emulator.liveStateOf(SERIES)?.live === true, { timeoutMs: 10_000 });
    await stack.emulator.webhooksDelivered();
    expect(startsOf(journeys)).toHaveLength(1);
    expect(startsOf(journeys)[0].body).toMatchObject({ action: 'start', settings: { display_name: PLAN.displayName } });
    // The stream went to the plan's destination: the plan wrote it when it was turned on, before the meeting started.
    expect(stack.emulator.livestreamOf(SERIES)).toMatchObject({ stream_url: DESTINATION.url, stream_key: DESTINATION.key, page_url: DESTINATION.page });
    const delivered = stack.emulator.webhookDeliveries().slice(deliveredBefore).map(({ event, status }) => `${event} ${status}`);
    expect(delivered).toEqual(['meeting.started 200', 'meeting.live_streaming_started 200']);
    await screenshot(page, journey, '5-zoom-started');

    // The host connects again (Chinese stays): the event page says it is live, and names the plan.
    await page.goto(stack.baseUrl);
    await loadsPage(page, () => page.getByRole('link', { name: '连接您的 Zoom 账号' }).click());
    await page.getByRole('radio', { name: /Priya Pro/ }).check();
    await loadsPage(page, () => page.getByRole('button', { name: 'Allow' }).click());
    await page.goto(`${stack.baseUrl}/meetings/${SERIES}/livestream`);
    await expect(page.locator('.event-status').innerText()).resolves.toMatch(/^自 \d\d:\d\d 起直播中$/);
    await expect(page.locator('.event-plan').innerText()).resolves.toBe(`计划： ${PLAN.name} → ${DESTINATION.name} · 自动开始`);
    await screenshot(page, journey, '6-event-live');

    // The plan's log: one start, then Zoom's confirmation (written once the app has handled live_streaming_started).
    await page.goto(planPage);
    await eventually(async () => {
      await page.reload();
      await expect(page.locator('tr.log-confirmed .action').allInnerTexts()).resolves.toEqual(['Zoom 已确认正在直播']);
    }, { timeoutMs: 10_000, intervalMs: 100 });
    await expect(page.locator('tr.log-started .action').allInnerTexts()).resolves.toEqual(['已开始直播']);
    await expect(page.locator('tr.log-started .event').innerText()).resolves.toContain(SERIES);
    expect(startsOf(journeys)).toHaveLength(1);
    await checkAppPage(page, journey, 'plan, after the start, Chinese');
    await expectNoOverflowOnPhone(page);
    await screenshot(page, journey, '7-plan-log');

    await loadsPage(page, () => page.getByRole('link', { name: '直播计划' }).first().click());
    await expect(page.locator('table.plans th.name').innerText()).resolves.toBe(`${PLAN.name} (已开启)`);
    await checkAppPage(page, journey, 'plans, one, Chinese');
    await expectNoOverflowOnPhone(page);
    await screenshot(page, journey, '8-plans-list');
  });
});
