import request from 'supertest';
import { validatorFor } from '../helpers/openapi';
import { csrfFrom, inputValue, loginAs, startHarness, type Harness } from '../helpers/harness';

/** POST /meetings/:meetingId/livestream/status: start and stop, against the emulator's live state. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.emulator.clearRequests());

const IN_PROGRESS = '90071992547409931';
const NOT_STARTED = '85746065001';
const ENCRYPTED = '85746065003';
const statusBody = validatorFor('LivestreamStatusBody');

type Agent = ReturnType<typeof request.agent>;

async function connected(host: 'pro' | 'basic'): Promise<Agent> {
  const agent = request.agent(h.app);
  await loginAs(h, host, agent);
  return agent;
}

/** Reads the live stream page for its CSRF token, then posts the start/stop form as a browser would. */
async function postStatus(agent: Agent, meetingId: string, fields: Record<string, string>, status: number) {
  const page = await agent.get(`/meetings/${meetingId}/livestream`);
  h.emulator.clearRequests();
  const res = await agent.post(`/meetings/${meetingId}/livestream/status`).type('form').send({ _csrf: csrfFrom(page.text), ...fields });
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  return res;
}

const sentToZoom = (meetingId: string) =>
  h.emulator.requestsTo('PATCH', `/v2/meetings/${meetingId}/livestream/status`).map((entry) => JSON.parse(entry.rawBody));

const START = { action: 'start', display_name: 'Priya live', active_speaker_name: 'true' };

describe('starting and stopping', () => {
  it('start sends Zoom exactly {action, settings} as JSON, then 303 to the form with "Live stream started"', async () => {
    const agent = await connected('pro');

    const res = await postStatus(agent, IN_PROGRESS, START, 303);

    expect(res.headers.location).toBe(`/meetings/${IN_PROGRESS}/livestream`);
    const [patch] = h.emulator.requestsTo('PATCH', `/v2/meetings/${IN_PROGRESS}/livestream/status`);
    expect(patch.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(patch.rawBody)).toEqual({ action: 'start', settings: { active_speaker_name: true, display_name: 'Priya live' } });
    expect(statusBody(JSON.parse(patch.rawBody)).errors).toBe('');
    expect(h.emulator.liveStateOf(IN_PROGRESS)?.live).toBe(true);
    expect((await agent.get(res.headers.location)).text).toContain('Live stream started');
  });

  it('an unticked speaker-name box sends active_speaker_name false', async () => {
    const agent = await connected('pro');

    await postStatus(agent, IN_PROGRESS, { action: 'start', display_name: 'Town hall' }, 303);

    expect(sentToZoom(IN_PROGRESS)).toEqual([{ action: 'start', settings: { active_speaker_name: false, display_name: 'Town hall' } }]);
  });

  it('stop without confirm=yes asks "Stop the live stream?" and sends nothing to Zoom', async () => {
    const agent = await connected('pro');
    await postStatus(agent, IN_PROGRESS, START, 303);

    const res = await postStatus(agent, IN_PROGRESS, { action: 'stop' }, 200);

    expect(res.text).toContain('Stop the live stream?');
    expect(res.text).toContain('<input type="hidden" name="confirm" value="yes">');
    expect(res.text).toContain(`href="/meetings/${IN_PROGRESS}/livestream"`);
    expect(sentToZoom(IN_PROGRESS)).toEqual([]);
    expect(h.emulator.liveStateOf(IN_PROGRESS)?.live).toBe(true);
  });

  it('stop with confirm=yes sends {action: "stop"} alone, then 303 with "Live stream stopped"', async () => {
    const agent = await connected('pro');
    await postStatus(agent, IN_PROGRESS, START, 303);

    const res = await postStatus(agent, IN_PROGRESS, { action: 'stop', confirm: 'yes' }, 303);

    expect(sentToZoom(IN_PROGRESS)).toEqual([{ action: 'stop' }]);
    expect(h.emulator.liveStateOf(IN_PROGRESS)?.live).toBe(false);
    expect((await agent.get(res.headers.location)).text).toContain('Live stream stopped');
  });
});

describe('validation', () => {
  const table: Array<[string, Record<string, string>, string, string]> = [
    ['an empty display name', { display_name: '' }, 'display_name', 'Enter the display name'],
    ['a display name of 51 characters', { display_name: 'n'.repeat(51) }, 'display_name', 'at most 50 characters'],
    ['a display name with a line break', { display_name: 'Priya\r\nlive' }, 'display_name', 'control characters'],
    ['a display name with NUL', { display_name: 'Priya\u0000' }, 'display_name', 'control characters'],
    ['the action "Start" (Zoom is case-sensitive)', { action: 'Start' }, 'action', 'start or stop'],
    ['the action "mode"', { action: 'mode' }, 'action', 'start or stop'],
    ['no action', { action: '' }, 'action', 'start or stop'],
  ];

  it.each(table)('rejects %s back on the meeting\'s page (303), with a message, and no call to Zoom', async (_name, change, field, message) => {
    const agent = await connected('pro');

    const posted = await postStatus(agent, IN_PROGRESS, { ...START, ...change }, 303);
    expect(posted.headers.location).toBe(`/meetings/${IN_PROGRESS}/livestream`);
    const res = await agent.get(posted.headers.location).expect(200);

    expect(res.text).toContain('Check these fields');
    expect(res.text).toContain(message);
    if (field === 'display_name') expect(res.text).toContain('id="display_name-error"');
    expect(sentToZoom(IN_PROGRESS)).toEqual([]);
  });

  it('keeps the typed display name, escaped, after a validation error', async () => {
    const agent = await connected('pro');
    const typed = `<b>"${'é'.repeat(48)}"</b>`;

    const posted = await postStatus(agent, IN_PROGRESS, { ...START, display_name: typed }, 303);
    const res = await agent.get(posted.headers.location).expect(200);

    expect(res.text).not.toContain('<b>"');
    expect(inputValue(res.text, 'display_name')).toBe(typed);
  });

  it('counts characters as Zoom does: 50 emoji are a valid display name', async () => {
    const agent = await connected('pro');

    await postStatus(agent, IN_PROGRESS, { ...START, display_name: '🎥'.repeat(50) }, 303);

    expect(sentToZoom(IN_PROGRESS)[0].settings.display_name).toBe('🎥'.repeat(50));
  });

  it('refuses a meeting ID that is not one, and a post without the CSRF token', async () => {
    const agent = await connected('pro');

    const bad = await postStatus(agent, '0123', START, 400);
    const forged = await agent.post(`/meetings/${IN_PROGRESS}/livestream/status`).type('form').send(START).expect(403);

    expect(bad.text).toContain('A meeting ID is 1 to 19 digits');
    expect(forged.text).toContain('This form has expired');
    expect(h.emulator.requestsTo('PATCH', '/v2/meetings')).toHaveLength(0);
  });
});

describe('Zoom refuses', () => {
  it.each([
    ['a meeting that has not started', 'pro', NOT_STARTED, START, 4927, `Meeting ${NOT_STARTED} has not started.`, 'Start the meeting in the Zoom app first'],
    ['an end-to-end encrypted meeting', 'pro', ENCRYPTED, START, 4400, 'End-to-end encrypted meetings currently do not support', 'End-to-end encrypted meetings cannot be live streamed'],
    ['a Basic host', 'basic', '81234567001', START, 3161, 'not allowed for your user account', 'Pro licence or higher'],
  ] as const)('%s: back on the meeting\'s page (303), the panel says what it means first, then Zoom\'s 400, code and message', async (_name, host, id, fields, code, message, meaning) => {
    const agent = await connected(host);

    const posted = await postStatus(agent, id, fields, 303);
    expect(posted.headers.location).toBe(`/meetings/${id}/livestream`);
    const res = await agent.get(posted.headers.location);

    expect(res.text).toContain('The live stream did not start');
    expect(res.text).toMatch(/HTTP status<\/dt><dd class="zoom-status">400</);
    expect(res.text).toContain(`<dd class="zoom-code">${code}</dd>`);
    expect(res.text).toContain(message);
    expect(res.text).toContain(meaning);
    // The plain sentence comes before the details.
    expect(res.text.indexOf(meaning)).toBeLessThan(res.text.indexOf('zoom-status'));
    expect(sentToZoom(id)).toHaveLength(1);
    // Reloading shows the page without the outcome: nothing is sent again.
    const reload = await agent.get(posted.headers.location);
    expect(reload.text).not.toContain('The live stream did not start');
    expect(sentToZoom(id)).toHaveLength(1);
  });

  it('a stop while nothing is streaming is a neutral notice, not an error', async () => {
    const agent = await connected('pro');
    if (h.emulator.liveStateOf(IN_PROGRESS)?.live) await postStatus(agent, IN_PROGRESS, { action: 'stop', confirm: 'yes' }, 303);

    const posted = await postStatus(agent, IN_PROGRESS, { action: 'stop', confirm: 'yes' }, 303);
    const res = await agent.get(posted.headers.location).expect(200);

    expect(res.text).toContain('It wasn&#39;t streaming.');
    expect(res.text).not.toContain('class="failure"');
  });
});
