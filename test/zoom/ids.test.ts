import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createZoomClient } from '../../src/zoom/client';
import { InvalidEventIdError } from '../../src/zoom/ids';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { zoomTokenOf } from '../helpers/zoom-token';

/**
 * IDs from Zoom pass the same rule as IDs from a host (zoom/ids.ts), enforced in the client: a path is never
 * built with anything else, and a list entry whose ID is not one is dropped. A list that says
 * `../../users/me` once made /streams read GET /v2/users/me/livestream with the host's token.
 */
let h: Harness;
let agent: TestAgent;

beforeAll(async () => {
  h = await startHarness();
  agent = request.agent(h.app);
  await loginAs(h, 'pro', agent);
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.clearFaults();
  h.emulator.clearRequests();
});

const HOSTILE_IDS = ['../../users/me', '1/../../../users/me', '85746065001?x=1', '85746065001#', '0', '-5', '1e5', '9223372036854775808'];
/** What a page of the app may ask Zoom's REST API: the host's lists, and one event's own paths. */
const ALLOWED = /^\/v2\/(users\/me\/(meetings|webinars)|(meetings|webinars)\/[1-9][0-9]{0,18}(\/[a-z_/]+)?)$/;

describe('the Zoom client refuses to build a path with an ID that is not one', () => {
  it.each(HOSTILE_IDS)('%s: InvalidEventIdError, and no request reaches Zoom', async (id) => {
    const zoom = createZoomClient({ apiUrl: `${h.emulator.url}/v2`, timeoutMs: 2000 });
    const token = await zoomTokenOf(h.emulator, 'pro');
    h.emulator.clearRequests();
    await expect(zoom.getLivestream(token, 'meeting', id)).rejects.toBeInstanceOf(InvalidEventIdError);
    await expect(zoom.getEvent(token, 'webinar', id)).rejects.toBeInstanceOf(InvalidEventIdError);
    await expect(zoom.updateLivestream(token, 'meeting', id, { stream_url: 'rtmp://a.example/live', stream_key: 'k', page_url: '' })).rejects.toBeInstanceOf(InvalidEventIdError);
    await expect(zoom.updateLivestreamStatus(token, 'meeting', id, { action: 'stop' })).rejects.toBeInstanceOf(InvalidEventIdError);
    expect(h.emulator.requests).toEqual([]);
  });
});

describe('GET /streams with a hostile meeting list', () => {
  it('answers 200 without the rows whose IDs are not IDs, and Zoom receives nothing outside the lists and the listed events', async () => {
    const [real] = h.emulator.meetingsOf('pro');
    const meetings = [
      ...HOSTILE_IDS.map((id, i) => ({ id, topic: `Hostile ${i}`, start_time: real.start_time })),
      { id: 12.5, topic: 'Fractional', start_time: real.start_time },
      { id: real.id, topic: 'The real one', start_time: real.start_time },
    ];
    h.emulator.failNext({ method: 'GET', path: '/v2/users/me/meetings', rawBody: JSON.stringify({ page_size: 300, total_records: meetings.length, next_page_token: '', meetings }) });

    const res = await agent.get('/streams').expect(200);

    expect(res.text).toContain(`id="target-meeting-${real.id}"`);
    expect(res.text).toContain('The real one');
    expect(res.text).not.toMatch(/Hostile \d|Fractional/);
    const outside = h.emulator.requests.filter((entry) => entry.path.startsWith('/v2/') && !ALLOWED.test(entry.path));
    expect(outside.map((entry) => `${entry.method} ${entry.path}`)).toEqual([]);
    expect(h.emulator.requestsTo('GET', `/v2/meetings/${real.id}/livestream`)).toHaveLength(1);
    expect(h.logs.join('\n')).toContain(`"dropped":${HOSTILE_IDS.length + 1}`);
    expect(h.errors).toEqual([]);
  });
});
