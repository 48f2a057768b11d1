import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { MAX_PLANS, type PlanInput } from '../../src/plans/types';
import { csrfFrom, inputValue, loginAs, startHarness, type Harness } from '../helpers/harness';

/** The streaming plan pages over HTTP (issue 23): create, list, show, edit, delete, turn off all, the grant's moves, and where plans show. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const SERIES = '85746065002';
const SERIES_TOPIC = 'Customer webinar rehearsal';
const OTHER = '85746065001';
const userId = () => h.emulator.hosts.pro.id;

beforeEach(async () => {
  await h.deps.plans.repository.removeAllOf(userId());
  await h.deps.grants.forget(userId());
  await h.deps.destinations.removeAllOf(userId());
});

async function connected(): Promise<TestAgent> {
  const agent = request.agent(h.app);
  await loginAs(h, 'pro', agent);
  return agent;
}

async function post(agent: TestAgent, path: string, body: Record<string, string | string[]>, formPath: string) {
  const form = await agent.get(formPath);
  return agent.post(path).type('form').send({ _csrf: csrfFrom(form.text), ...body });
}

/** A saved destination, created through its own page as a host would; its id. */
async function savedDestination(agent: TestAgent, name = 'YouTube main'): Promise<string> {
  const res = await post(agent, '/destinations', {
    name, stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'abcd-efgh-ijkl-3f9a', page_url: 'https://youtube.com/@acme/live', resolution: '',
  }, '/destinations/new');
  expect(res.status).toBe(303);
  return (await h.deps.destinations.names(userId())).find((d) => d.name === name)!.id;
}

const planFields = (destinationId: string, extra: Record<string, string | string[]> = {}) => ({
  name: 'Sunday services', series: `meeting:${SERIES}`, rule_match: 'contains', rule_text: '', rule_kinds: 'both',
  destination_id: destinationId, keep_settings: '1', auto_start: '1', display_name: '', active_speaker: '1', enabled: '1', ...extra,
});

async function createPlan(agent: TestAgent, destinationId: string, extra: Record<string, string | string[]> = {}): Promise<string> {
  const res = await post(agent, '/plans', planFields(destinationId, extra), '/plans/new');
  expect(res.status).toBe(303);
  expect(res.headers.location).toMatch(/^\/plans\/[\w-]+$/);
  return res.headers.location.split('/')[2];
}

const input = (name: string, destinationId: string): PlanInput => ({
  name, series: undefined, rule: { match: 'contains', text: name, kinds: 'both' }, destinationId,
  keepSettings: true, autoStart: true, displayName: '', activeSpeaker: true, enabled: false,
});

describe('the plan pages', () => {
  it('POST /plans for the recurring meeting 85746065002 shows the plan on /plans and /plans/:id, and moves the session token into the grant', async () => {
    const agent = await connected();
    const destination = await savedDestination(agent);
    const id = await createPlan(agent, destination);

    const page = await agent.get(`/plans/${id}`).expect(200);
    expect(page.text).toContain('Plan “Sunday services” saved.');
    expect(page.text).toContain(`Every occurrence of ${SERIES_TOPIC} (${SERIES})`);
    expect(page.text).toContain('YouTube main');
    expect(page.text).toContain('Keeps the settings · Starts automatically');
    // The harness runs as the sandbox: Zoom's events reach the app (its webhook secret is set).
    expect(page.text).toContain('Acting on Zoom&#39;s events as they arrive, and checking every 5 minutes.');
    expect(page.text).toContain('Last check: never');
    const list = await agent.get('/plans').expect(200);
    expect(list.text).toContain(`<a href="/plans/${id}">Sunday services</a>`);
    expect(list.text).toContain('<a href="/plans">Streaming plans</a>');
    expect(list.text).toContain('action="/plans/turn-off-all"');

    // One copy of the token: the grant holds it, and the session still reaches Zoom through it.
    expect(await h.deps.grants.statusOf(userId())).toBe('active');
    const [plan] = await h.deps.plans.repository.list(userId());
    expect(plan).toMatchObject({ name: 'Sunday services', series: { kind: 'meeting', id: SERIES }, destinationId: destination, enabled: true, autoStart: true });
    await agent.get(`/meetings/${OTHER}/livestream`).expect(200);
  });

  it('POST /plans with bad values answers 400 with a message per field and the typed values kept', async () => {
    const agent = await connected();
    await savedDestination(agent);
    const res = await post(agent, '/plans', planFields('no-such-destination', {
      name: 'N'.repeat(101), series: '', rule_text: 'T'.repeat(101), display_name: 'D'.repeat(51),
    }), '/plans/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('The name can be at most 100 characters.');
    expect(res.text).toContain('The topic text can be at most 100 characters.');
    expect(res.text).toContain('The display name can be at most 50 characters.');
    expect(res.text).toContain('Choose one of your saved destinations.');
    expect(inputValue(res.text, 'name')).toBe('N'.repeat(101));
    expect(res.text).toContain(`value="${'D'.repeat(51)}"`);
    expect(await h.deps.plans.repository.list(userId())).toEqual([]);

    const none = await post(agent, '/plans', planFields(await savedDestination(agent, 'Backup'), { series: '', rule_text: '' }), '/plans/new');
    expect(none.status).toBe(400);
    expect(none.text).toContain('Choose which events: a series, picked events, or a topic rule.');
    const unknown = await post(agent, '/plans', planFields(await savedDestination(agent, 'Third'), { series: `meeting:${OTHER}` }), '/plans/new');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('This series is not one of your upcoming recurring meetings or webinars.');
  });

  it(`refuses an ${MAX_PLANS + 1}th plan with 400 and the bound`, async () => {
    const agent = await connected();
    const destination = await savedDestination(agent);
    for (let i = 0; i < MAX_PLANS; i += 1) await h.deps.plans.repository.create(userId(), '', input(`Plan ${i}`, destination));
    const res = await post(agent, '/plans', planFields(destination), '/plans/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('A host can keep up to 10 plans.');
    expect(inputValue(res.text, 'name')).toBe('Sunday services');
    expect(await h.deps.plans.repository.list(userId())).toHaveLength(MAX_PLANS);
    // Whichever holds the token after the refusal, the host is still connected.
    await agent.get(`/meetings/${OTHER}/livestream`).expect(200);
  });

  it('editing the only plan to off gives the token back to the session: no grant, the host still connected', async () => {
    const agent = await connected();
    const destination = await savedDestination(agent);
    const id = await createPlan(agent, destination);
    const form = await agent.get(`/plans/${id}/edit`).expect(200);
    expect(inputValue(form.text, 'name')).toBe('Sunday services');
    const fields = { ...planFields(destination, { name: 'Sunday services (off)' }) } as Record<string, string>;
    delete fields.enabled;
    const res = await post(agent, `/plans/${id}/edit`, fields, `/plans/${id}/edit`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/plans/${id}`);
    expect(await h.deps.plans.repository.get(userId(), id)).toMatchObject({ name: 'Sunday services (off)', enabled: false });
    expect(await h.deps.grants.exists(userId())).toBe(false);
    await agent.get(`/meetings/${OTHER}/livestream`).expect(200);
  });

  it('deletes a plan only after the confirmation page, and the last one takes the grant with it', async () => {
    const agent = await connected();
    const id = await createPlan(agent, await savedDestination(agent));
    const confirm = await agent.get(`/plans/${id}/delete`).expect(200);
    expect(confirm.text).toContain('Delete this plan?');
    expect(await h.deps.plans.repository.get(userId(), id)).toBeDefined();
    const res = await agent.post(`/plans/${id}/delete`).type('form').send({ _csrf: csrfFrom(confirm.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/plans');
    expect(await h.deps.plans.repository.get(userId(), id)).toBeUndefined();
    expect(await h.deps.grants.exists(userId())).toBe(false);
    expect((await agent.get('/plans').expect(200)).text).toContain('Plan “Sunday services” deleted.');
    await agent.get('/streams').expect(200);
    await agent.get(`/plans/${id}`).expect(404);
  });

  it('POST /plans/turn-off-all turns every plan off, keeps them, and gives the token back', async () => {
    const agent = await connected();
    const destination = await savedDestination(agent);
    await createPlan(agent, destination);
    await createPlan(agent, destination, { name: 'Lectures', series: '', rule_text: 'lecture' });
    const list = await agent.get('/plans').expect(200);
    const res = await agent.post('/plans/turn-off-all').type('form').send({ _csrf: csrfFrom(list.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/plans');
    const plans = await h.deps.plans.repository.list(userId());
    expect(plans.map((plan) => plan.enabled)).toEqual([false, false]);
    expect(await h.deps.grants.exists(userId())).toBe(false);
    expect((await agent.get('/plans').expect(200)).text).toContain('All plans are off.');
  });

  it('shows the plan pages in Chinese', async () => {
    const agent = await connected();
    const id = await createPlan(agent, await savedDestination(agent));
    await agent.get('/plans?lang=zh-CN').expect(303);
    const list = await agent.get('/plans').expect(200);
    expect(list.text).toContain('<html lang="zh-CN"');
    expect(list.text).toContain('直播计划');
    expect(list.text).toContain('收到 Zoom 的事件时立即执行，并每 5 分钟检查一次。');
    const page = await agent.get(`/plans/${id}`).expect(200);
    expect(page.text).toContain('上次检查：从未');
    expect((await agent.get('/plans/new').expect(200)).text).toContain('新建直播计划');
  });

  it('/streams names the plan on the series row, and the event page links it', async () => {
    const agent = await connected();
    const id = await createPlan(agent, await savedDestination(agent));
    const streams = await agent.get('/streams').expect(200);
    const row = streams.text.split('<tr').find((part) => part.includes(`data-target="meeting:${SERIES}"`)) ?? '';
    expect(row).toContain(`Plan: <a href="/plans/${id}">Sunday services</a> → YouTube main · starts automatically`);
    const other = streams.text.split('<tr').find((part) => part.includes(`data-target="meeting:${OTHER}"`)) ?? '';
    expect(other).not.toContain('Plan:');
    const event = await agent.get(`/meetings/${SERIES}/livestream`).expect(200);
    expect(event.text).toContain(`Plan: <a href="/plans/${id}">Sunday services</a> → YouTube main · starts automatically`);
  });

  it('ticked rows on /streams open the plan form with them picked, and the plan keeps them', async () => {
    const agent = await connected();
    const destination = await savedDestination(agent);
    const res = await post(agent, '/streams/plan', { targets: [`meeting:${OTHER}`, `meeting:${SERIES}`], destination }, '/streams');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/plans/new?pick=meeting%3A${OTHER}&pick=meeting%3A${SERIES}&destination_id=${destination}`);
    const form = await agent.get(res.headers.location).expect(200);
    expect(form.text).toContain(`name="pick" value="meeting:${OTHER}" checked`);
    expect(form.text).toContain('Product launch stream');
    const id = await createPlan(agent, destination, { name: 'Picked', series: '', pick: [`meeting:${OTHER}`] });
    const events = await h.deps.plans.repository.events(id);
    expect(events.map((event) => [event.id, event.picked, event.topic])).toEqual([[OTHER, true, 'Product launch stream']]);
  });

  it('a conflict offers Apply again and Leave it; Leave it is logged', async () => {
    const agent = await connected();
    const id = await createPlan(agent, await savedDestination(agent));
    const plan = (await h.deps.plans.repository.get(userId(), id))!;
    await h.deps.plans.repository.track(plan, { kind: 'meeting', id: SERIES, topic: SERIES_TOPIC });
    await h.deps.plans.repository.markConflict(id, 'meeting', SERIES);
    const page = await agent.get(`/plans/${id}`).expect(200);
    expect(page.text).toContain('Changed by hand since the plan wrote it');
    expect(page.text).toContain(`action="/plans/${id}/events/meeting/${SERIES}/apply"`);
    const res = await agent.post(`/plans/${id}/events/meeting/${SERIES}/leave`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect((await h.deps.plans.log.recent(id)).map((entry) => entry.action)).toEqual(['left']);
    await h.deps.plans.log.add({ planId: id, userId: userId(), kind: 'meeting', eventId: SERIES, action: 'started', detail: 'attempts:3' });
    const after = await agent.get(`/plans/${id}`).expect(200);
    expect(after.text).toContain('<td class="action" data-label="What it did">Left as changed by hand</td>');
    expect(after.text).toContain('<td class="action" data-label="What it did">Started the live stream</td>');
    expect(after.text).toContain('<td class="answer" data-label="Zoom&#39;s answer">after 3 attempts</td>');
  });

  it('every page of a host whose grant Zoom refused shows the paused banner', async () => {
    const agent = await connected();
    await createPlan(agent, await savedDestination(agent));
    await h.deps.database.db.updateTable('grants').set({ status: 'refused' }).where('user_id', '=', userId()).execute();
    for (const path of ['/plans', '/destinations', '/']) {
      const page = await agent.get(path);
      expect(page.text).toContain('Your plans are paused: Zoom refused the app&#39;s access. <a href="/install">Connect Zoom again to resume.</a>');
    }
  });

  it('a database that cannot say whether plans are paused costs the banner and the plan line, not the page', async () => {
    const broken = await startHarness();
    try {
      const agent = request.agent(broken.app);
      await loginAs(broken, 'pro', agent);
      await broken.deps.database.close();
      const page = await agent.get(`/meetings/${SERIES}/livestream`).expect(200);
      expect(page.text).toContain(SERIES_TOPIC);
      expect(page.text).not.toContain('Your plans are paused');
      expect(broken.logs.some((line) => line.includes('grant status not read for the paused banner'))).toBe(true);
      expect(broken.errors).toEqual([]);
    } finally {
      await broken.deps.jobRunner.stop();
      await broken.emulator.close();
    }
  });

  it('"Delete my saved data" while the grant holds the token deletes the plans and keeps the host connected', async () => {
    const agent = await connected();
    await createPlan(agent, await savedDestination(agent));
    const res = await post(agent, '/destinations/delete-all', {}, '/destinations/delete-all');
    expect(res.status).toBe(303);
    expect(await h.deps.plans.repository.list(userId())).toEqual([]);
    expect(await h.deps.grants.exists(userId())).toBe(false);
    await agent.get(`/meetings/${OTHER}/livestream`).expect(200);
  });
});
