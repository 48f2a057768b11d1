import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DestinationInput } from '../../src/destinations/types';
import { applyForm, expectLicenceRefusal, jobIdOf, postForm, untilJob } from '../helpers/bulk';
import { eventually } from '../helpers/eventually';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/** GET /streams and POST /streams/apply: the overview of every upcoming event, and starting a bulk apply. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const userOf = (host: 'pro' | 'basic' | 'licensed') => h.emulator.hosts[host].id;
const youtube: DestinationInput = { name: 'Main channel', stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'yt-bulk-key-3f9a', page_url: 'https://youtube.com/@acme/live', resolution: '1080p' };
const UNCONFIGURED_WEBINAR = '84129876503';

async function connected(host: 'pro' | 'basic' | 'licensed' = 'pro'): Promise<TestAgent> {
  const agent = request.agent(h.app);
  await loginAs(h, host, agent);
  return agent;
}

/** The <tr> of one event on the overview. */
function rowOf(html: string, kind: 'meeting' | 'webinar', id: string): string {
  const start = html.indexOf(`id="target-${kind}-${id}"`);
  if (start < 0) throw new Error(`no row for ${kind} ${id}`);
  return html.slice(html.lastIndexOf('<tr', start), html.indexOf('</tr>', start));
}

const isTicked = (html: string, value: string) => new RegExp(`name="targets" value="${value}" checked>`).test(html);

beforeEach(async () => {
  for (const host of ['pro', 'basic'] as const) await h.deps.destinations.removeAllOf(userOf(host));
});

describe('GET /streams', () => {
  it('lists every upcoming meeting and webinar with where it streams now, "not set", and a saved destination\'s name', async () => {
    const [first] = h.emulator.meetingsOf('pro');
    const current = h.emulator.livestreamOf(first.id)!;
    await h.deps.destinations.create(userOf('pro'), { name: 'Seeded studio', stream_url: current.stream_url, stream_key: current.stream_key, page_url: current.page_url, resolution: '720p' });
    const agent = await connected();
    const res = await agent.get('/streams').expect(200);

    for (const meeting of h.emulator.meetingsOf('pro')) {
      const row = rowOf(res.text, 'meeting', meeting.id);
      expect(row).toContain(`<a href="/meetings/${meeting.id}/livestream">${meeting.topic.replace(/&/g, '&amp;')}</a>`);
      expect(row).toContain(`<td class="event-id">${meeting.id}</td>`);
      expect(row).toContain(`<td class="kind"><label for="target-meeting-${meeting.id}">Meeting</label></td>`);
      // Compact, on one line (issue 22): the zone is in the caption, the year only for a start more than ten months away.
      expect(row).toMatch(/<time datetime="[^"]+">[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}( \d{4})?, \d{2}:\d{2}<\/time>/);
    }
    for (const webinar of h.emulator.webinarsOf('pro')) expect(rowOf(res.text, 'webinar', webinar.id)).toMatch(/<td class="kind"><label for="[^"]+">Webinar<\/label><\/td>/);
    expect(rowOf(res.text, 'meeting', first.id)).toContain('<span class="stream-host">live.example.com</span> · <span class="destination-name">saved as “Seeded studio”</span>');
    expect(rowOf(res.text, 'meeting', h.emulator.meetingsOf('pro')[1].id)).not.toContain('destination-name');
    expect(rowOf(res.text, 'webinar', UNCONFIGURED_WEBINAR)).toContain('<span class="not-set">not set</span>');
    // Each checkbox has a label naming its event; the picker lists the saved destination.
    expect(res.text).toContain(`<label for="target-meeting-${first.id}" class="visually-hidden">Select “${first.topic}”</label>`);
    expect(res.text).toMatch(/<select id="destination" name="destination"/);
    expect(res.text).toContain('>Seeded studio</option>');
    expect(res.text).toContain('<button type="submit">Apply</button>');
    expect(res.text).toContain('No bulk changes yet.');
    // The reads went through Zoom, once per event.
    const reads = h.emulator.requestsTo('GET', '/v2/').filter((r) => r.path.endsWith('/livestream'));
    expect(reads.length).toBeGreaterThanOrEqual(h.emulator.meetingsOf('pro').length + h.emulator.webinarsOf('pro').length);
  });

  it('reads the settings within the account\'s pace: a page of 50 of 68 events under Zoom\'s 30 per second all load, spread over seconds', async () => {
    const busy = await startHarness({ emulator: { extraMeetings: 60, rateLimits: { lightPerSecond: 30 } }, env: { ZOOM_CACHE_SECONDS: '60' } });
    try {
      const agent = request.agent(busy.app);
      await loginAs(busy, 'pro', agent);
      busy.emulator.clearRequests();
      await agent.get('/streams').expect(200);
      const events = busy.emulator.meetingsOf('pro').length + busy.emulator.webinarsOf('pro').length;
      expect(events).toBe(68);
      // The page shows at once (issue 22); the reads of its 50 rows go on, and a later view has them all.
      const res = await eventually(async () => {
        const later = await agent.get('/streams').expect(200);
        expect(later.text).not.toContain('current pending');
        return later;
      }, { timeoutMs: 10_000, intervalMs: 200 });
      expect(res.text.match(/name="targets"/g)).toHaveLength(50);
      expect(res.text).not.toContain('read-failed');
      const reads = busy.emulator.requestsTo('GET', '/v2/').filter((r) => r.path.endsWith('/livestream') && r.rate?.served);
      expect(reads).toHaveLength(50);
      // Without pacing, 50 reads on loopback arrive within one second.
      expect(new Set(reads.map((r) => r.rate!.second)).size).toBeGreaterThanOrEqual(2);
    } finally {
      await busy.close();
    }
  });

  it('without saved destinations says so and links to a new one; no Apply button', async () => {
    const agent = await connected();
    const res = await agent.get('/streams').expect(200);
    expect(res.text).toContain('You have no saved destinations yet');
    expect(res.text).toContain('<a href="/destinations/new">Save a destination</a>');
    expect(res.text).not.toContain('<button type="submit">Apply</button>');
  });

  it('with the Basic host: every meeting row says Zoom\'s 3161 and what it means, the webinar list says why it is missing, the page still shows', async () => {
    const agent = await connected('basic');
    const res = await agent.get('/streams').expect(200);
    for (const meeting of h.emulator.meetingsOf('basic')) {
      const row = rowOf(res.text, 'meeting', meeting.id);
      expect(row).toContain('class="read-failed"');
      expectLicenceRefusal(row);
    }
    expect(res.text).toContain('Your webinars could not be listed');
    expect(res.text).toContain('id="failure-webinar"');
  });

  it('without a connected account sends the host to connect', async () => {
    const res = await request(h.app).get('/streams').expect(303);
    expect(res.headers.location).toBe('/install');
  });

  it('is linked from the header of a connected host\'s pages', async () => {
    const agent = await connected();
    const res = await agent.get('/').expect(200);
    expect(res.text).toContain('<li><a href="/streams">All live streams</a></li>');
  });
});

describe('POST /streams/apply refuses, with the message and the host\'s ticks and choice kept', () => {
  const meetings = () => h.emulator.meetingsOf('pro').map((m) => `meeting:${m.id}`);

  it('no target ticked', async () => {
    const saved = await h.deps.destinations.create(userOf('pro'), youtube);
    const agent = await connected();
    const res = await postForm(agent, '/streams/apply', applyForm([], saved.id));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tick at least one meeting or webinar.');
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain(`<option value="${saved.id}" selected>Main channel</option>`);
    expect(await h.deps.jobs.listRecent(userOf('pro'))).toEqual([]);
  });

  it.each([['letters'], ['meeting:abc'], ['talk:85746065001'], ['meeting:0123'], ['meeting:9223372036854775808']])('a target that is not one (%s)', async (bad) => {
    const saved = await h.deps.destinations.create(userOf('pro'), youtube);
    const agent = await connected();
    const [good] = meetings();
    const res = await postForm(agent, '/streams/apply', applyForm([good, bad], saved.id));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Some of the ticked items are not meetings or webinars.');
    expect(isTicked(res.text, good)).toBe(true);
  });

  it('another host\'s destination, or none', async () => {
    const theirs = await h.deps.destinations.create(userOf('basic'), youtube);
    const agent = await connected();
    const ticks = meetings().slice(0, 2);
    for (const destination of [theirs.id, '', 'not an id!']) {
      const res = await postForm(agent, '/streams/apply', applyForm(ticks, destination));
      expect(res.status).toBe(400);
      expect(res.text).toContain('Choose one of your saved destinations.');
      for (const tick of ticks) expect(isTicked(res.text, tick)).toBe(true);
      expect(isTicked(res.text, meetings()[2])).toBe(false);
    }
    expect(await h.deps.jobs.listRecent(userOf('pro'))).toEqual([]);
  });

  it('an event that is not among the host\'s upcoming ones (another host\'s meeting)', async () => {
    const saved = await h.deps.destinations.create(userOf('pro'), youtube);
    const agent = await connected();
    const [good] = meetings();
    const theirs = h.emulator.meetingsOf('basic')[0].id;
    const res = await postForm(agent, '/streams/apply', applyForm([good, `meeting:${theirs}`], saved.id));
    expect(res.status).toBe(400);
    expect(res.text).toContain(`Not among your upcoming meetings and webinars in Zoom: ${theirs}.`);
    expect(isTicked(res.text, good)).toBe(true);
    expect(res.text).toContain(`<option value="${saved.id}" selected>`);
    expect(await h.deps.jobs.listRecent(userOf('pro'))).toEqual([]);
  });

  it('hundreds of ticks fit the form (its own parser): the unknown ones are named, not a 413', async () => {
    const saved = await h.deps.destinations.create(userOf('pro'), youtube);
    const agent = await connected();
    const unknown = Array.from({ length: 400 }, (_, i) => `meeting:${10_000_000_000 + i}`);
    const res = await postForm(agent, '/streams/apply', applyForm([...meetings(), ...unknown], saved.id));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Not among your upcoming meetings and webinars in Zoom: 10000000000, 10000000001');
    expect(h.errors).toEqual([]);
  });

  it('other forms keep their tight bound on fields', async () => {
    const agent = await connected();
    const fields = Array.from({ length: 30 }, (_, i): [string, string] => [`f${i}`, 'x']);
    const res = await postForm(agent, '/destinations', fields);
    expect(res.status).toBe(413);
  });
});

describe('POST /streams/apply', () => {
  it('creates the job with Zoom\'s topics, wakes the runner, and 303s to the job\'s page; the overview lists it', async () => {
    const saved = await h.deps.destinations.create(userOf('pro'), youtube);
    const agent = await connected();
    const targets = [...h.emulator.meetingsOf('pro').slice(0, 2).map((m) => `meeting:${m.id}`), `webinar:${UNCONFIGURED_WEBINAR}`];
    const res = await postForm(agent, '/streams/apply', applyForm(targets, saved.id));
    expect(res.status).toBe(303);
    const jobId = jobIdOf(res.headers.location);
    const job = await untilJob(h, userOf('pro'), jobId);
    expect(job).toMatchObject({ action: 'apply', status: 'done', accountId: h.emulator.hosts.pro.account_id, settings: { stream_url: youtube.stream_url, stream_key: youtube.stream_key, page_url: youtube.page_url, resolution: '1080p' } });
    expect(job.items.map((item) => [item.kind, item.eventId, item.topic, item.status])).toEqual([
      ...h.emulator.meetingsOf('pro').slice(0, 2).map((m) => ['meeting', m.id, m.topic, 'applied']),
      ['webinar', UNCONFIGURED_WEBINAR, 'Investor update (no stream set up)', 'applied'],
    ]);
    const overview = await agent.get('/streams').expect(200);
    expect(overview.text).toContain(`<a href="/jobs/${jobId}">Apply “Main channel” to 3 events</a>`);
    expect(overview.text).toContain('3 of 3');
    expect(overview.text).toContain('<td class="job-status">Done.</td>');
    expect(rowOf(overview.text, 'webinar', UNCONFIGURED_WEBINAR)).toContain('<span class="stream-host">a.rtmp.youtube.com</span> · <span class="destination-name">saved as “Main channel”</span>');
  });
});
