import request from 'supertest';
import { validatorFor } from '../helpers/openapi';
import { csrfFrom, inputValue, loginAs, startHarness, submitLivestream, type Harness } from '../helpers/harness';

/** Webinars beside meetings: one implementation, the kind a parameter; and the readiness line from the host's settings. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const typed = { stream_url: 'rtmp://webinar.example.net/live', stream_key: 'webinar-key-1', page_url: 'https://webinar.example.net/watch', resolution: '1080p' };
const STARTED = '84129876501';
const ABOVE_2_53 = '93456789012345677';
// Zoom's own schemas for the webinar bodies (contract/zoom-openapi-subset.json).
const livestreamBody = validatorFor('WebinarIdLivestreamBody');
const statusBody = validatorFor('LivestreamStatusBody1');

async function connected(host: 'pro' | 'basic' | 'licensed', harness = h) {
  const agent = request.agent(harness.app);
  await loginAs(harness, host, agent);
  harness.emulator.clearRequests();
  return agent;
}

describe('the home page', () => {
  it('lists the Pro host\'s upcoming webinars in their own section, each linking to its live stream page', async () => {
    const agent = await connected('pro');
    const res = await agent.get('/').expect(200);
    expect(res.text).toContain('Upcoming webinars');
    for (const webinar of h.emulator.webinarsOf('pro')) {
      expect(res.text).toContain(`href="/webinars/${webinar.id}/livestream"`);
    }
    expect(res.text).toContain(`<td class="webinar-id" data-label="Webinar ID">${ABOVE_2_53}</td>`);
    expect(h.emulator.requestsTo('GET', '/v2/users/me/webinars')[0].query).toMatchObject({ type: 'upcoming', page_size: '30' });
  });

  it('a host without the webinar plan sees why in the webinar section, and the meetings still work', async () => {
    const agent = await connected('basic');
    const res = await agent.get('/').expect(200);
    expect(res.text).toContain('no webinar plan, so there are no webinars to stream');
    expect(res.text).toMatch(/<table class="meetings[ "]/);
    expect(res.text).not.toContain('class="failure"');
  });

  it('a grant without the webinar scopes: the section says so, meetings work, and no webinar call is made', async () => {
    const narrow = await startHarness({ emulator: { grantedScope: 'meeting:read meeting:write user:read' } });
    try {
      const agent = await connected('pro', narrow);
      const res = await agent.get('/').expect(200);
      expect(res.text).toContain('installed without permission to read webinars');
      expect(res.text).toMatch(/<table class="meetings[ "]/);
      expect(narrow.emulator.requestsTo('GET', '/v2/users/me/webinars')).toHaveLength(0);
    } finally {
      await narrow.close();
    }
  });
});

describe('a webinar\'s live stream page', () => {
  it('is prefilled from Zoom\'s webinar endpoint and says "webinar"', async () => {
    const agent = await connected('pro');
    const current = h.emulator.livestreamOf(STARTED, 'webinar')!;
    const res = await agent.get(`/webinars/${STARTED}/livestream`).expect(200);
    expect(res.text).toContain('<dt>Webinar ID</dt><dd class="event-id">841 2987 6501</dd>');
    expect(inputValue(res.text, 'stream_url')).toBe(current.stream_url);
    expect(res.text).toContain(`action="/webinars/${STARTED}/livestream"`);
    expect(h.emulator.requestsTo('GET', `/v2/webinars/${STARTED}/livestream`)).toHaveLength(1);
  });

  it('save sends exactly the typed values to PATCH /webinars/{id}/livestream, for an ID above 2^53 digit for digit', async () => {
    const agent = await connected('pro');
    const form = await agent.get(`/webinars/${ABOVE_2_53}/livestream`).expect(200);
    const res = await agent.post(`/webinars/${ABOVE_2_53}/livestream`).type('form').send({ _csrf: csrfFrom(form.text), ...typed }).expect(303);
    expect(res.headers.location).toBe(`/webinars/${ABOVE_2_53}/livestream`);
    const [patch] = h.emulator.requestsTo('PATCH', `/v2/webinars/${ABOVE_2_53}/livestream`);
    expect(JSON.parse(patch.rawBody)).toEqual(typed);
    expect(livestreamBody(JSON.parse(patch.rawBody)).errors).toBe('');
    expect(h.emulator.livestreamOf(ABOVE_2_53, 'webinar')).toMatchObject(typed);
    const page = await agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Updated: stream URL, stream key');
  });

  it('starts and stops the stream of a webinar in progress', async () => {
    const agent = await connected('pro');
    const page = await agent.get(`/webinars/${STARTED}/livestream`).expect(200);
    const csrf = csrfFrom(page.text);
    await agent.post(`/webinars/${STARTED}/livestream/status`).type('form').send({ _csrf: csrf, action: 'start', display_name: 'Partner webinar' }).expect(303);
    expect(h.emulator.liveStateOf(STARTED, 'webinar')?.live).toBe(true);
    for (const sent of h.emulator.requestsTo('PATCH', `/v2/webinars/${STARTED}/livestream/status`)) expect(statusBody(JSON.parse(sent.rawBody)).errors).toBe('');
    const live = await agent.get(`/webinars/${STARTED}/livestream`).expect(200);
    expect(live.text).toContain('Live stream started');
    expect(live.text).toContain('Stop live stream');
    await agent.post(`/webinars/${STARTED}/livestream/status`).type('form').send({ _csrf: csrf, action: 'stop', confirm: 'yes' }).expect(303);
    expect(h.emulator.liveStateOf(STARTED, 'webinar')?.live).toBe(false);
  });

  it('a webinar that has not started: back on its page with Zoom\'s answer and what to do', async () => {
    const agent = await connected('pro');
    const page = await agent.get(`/webinars/${ABOVE_2_53}/livestream`).expect(200);
    await agent.post(`/webinars/${ABOVE_2_53}/livestream/status`).type('form').send({ _csrf: csrfFrom(page.text), action: 'start', display_name: 'Spring' }).expect(303);
    const res = await agent.get(`/webinars/${ABOVE_2_53}/livestream`).expect(200);
    expect(res.text).toContain('The live stream did not start');
    expect(res.text).toContain(`Webinar ${ABOVE_2_53} has not started.`);
    expect(res.text).toContain('Start the webinar in Zoom first');
  });

  it('an unknown webinar shows Zoom\'s 3001 with the webinar explanation, and no form', async () => {
    const agent = await connected('pro');
    const res = await agent.get('/webinars/12345/livestream').expect(404);
    expect(res.text).toContain('Couldn&#39;t load this webinar&#39;s settings');
    expect(res.text).toContain('Check the webinar ID');
    expect(inputValue(res.text, 'stream_url')).toBeUndefined();
  });

  it('refuses a webinar ID that is not one', async () => {
    const agent = await connected('pro');
    const res = await agent.get('/webinars/0123/livestream').expect(400);
    expect(res.text).toContain('Not a webinar ID');
  });
});

describe('readiness before streaming', () => {
  const items = (html: string) => [...html.matchAll(/<li class="(ready|not-ready)" data-item="(\w+)">/g)].map((m) => `${m[2]}:${m[1]}`);

  it('the Pro host: licensed, live streaming and the custom service on, a webinar plan', async () => {
    const agent = await connected('pro');
    const res = await agent.get('/').expect(200);
    expect(items(res.text)).toEqual(['licence:ready', 'liveStreaming:ready', 'customService:ready', 'webinarPlan:ready']);
  });

  it('the Basic host: each "no" says what to do', async () => {
    const agent = await connected('basic');
    const res = await agent.get('/').expect(200);
    expect(items(res.text)).toContain('licence:not-ready');
    expect(items(res.text)).toContain('liveStreaming:not-ready');
    // The one step for a Basic host is a Pro licence, not an admin's switch (issue 22, item 6).
    expect(res.text).toContain('live streaming needs a Pro licence or higher');
    expect(res.text).not.toContain('an account admin turns on Allow live streaming meetings');
  });

  it('the Licensed host without the custom service: the hint on home and on the form, and a save shows why with the values kept', async () => {
    const agent = await connected('licensed');
    const home = await agent.get('/').expect(200);
    expect(items(home.text)).toEqual(['licence:ready', 'liveStreaming:ready', 'customService:not-ready', 'webinarPlan:not-ready']);
    expect(home.text).toContain('an account admin turns on Custom Live Streaming Service');
    const meeting = h.emulator.meetingsOf('licensed')[0].id;
    const form = await agent.get(`/meetings/${meeting}/livestream`).expect(200);
    expect(items(form.text)).toContain('customService:not-ready');
    const res = await submitLivestream(agent, meeting, typed, 400);
    expect(res.text).toContain('Not saved: Zoom refused the change');
    expect(res.text).toContain('The custom live streaming service is turned off for this account');
    expect(inputValue(res.text, 'stream_key')).toBe(typed.stream_key);
  });

  it('says nothing when Zoom refuses the settings call', async () => {
    h.emulator.failNext({ method: 'GET', path: '/v2/users/me/settings', status: 400, body: { code: 4711, message: 'Invalid access token, does not contain scopes:[user:read].' } });
    const agent = await connected('pro');
    const res = await agent.get('/').expect(200);
    expect(res.text).not.toContain('class="readiness"');
  });
});
