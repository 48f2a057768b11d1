import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DestinationInput } from '../../src/destinations/types';
import { applyForm, jobIdOf, postForm, untilJob } from '../helpers/bulk';
import { eventually } from '../helpers/eventually';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/** Issue 22: /streams at the size of a season (items 7–12): rows, filters, the apply bar, live state, job labels, scale. */
let h: Harness;
beforeAll(async () => {
  // 40 more meetings: 44 meetings and 4 webinars, 48 events; the recurring ones have 12 weekly occurrences.
  h = await startHarness({ emulator: { extraMeetings: 40, occurrences: 12 } });
});
afterAll(() => h.close());

const proId = () => h.emulator.hosts.pro.id;
const YOUTUBE: DestinationInput = { name: 'YouTube main', stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'yt-season-key-71c2', page_url: 'https://youtube.com/@acme/live', resolution: '1080p' };
const SERIES = '85746065002'; // "Customer webinar rehearsal": a recurring meeting (type 8), one id for its 12 occurrences
const UNCONFIGURED_WEBINAR = '84129876503';
const STARTED_MEETING = '90071992547409931'; // "Quarterly all-hands (live)": its host started it before the app heard of it

async function connected(harness = h): Promise<TestAgent> {
  const agent = request.agent(harness.app);
  await loginAs(harness, 'pro', agent);
  return agent;
}

/** The values of the rows the page lists, in order. */
const rowsOf = (html: string): string[] => [...html.matchAll(/name="targets" value="([^"]+)"/g)].map((m) => m[1]);
const tickedOf = (html: string): string[] => [...html.matchAll(/name="targets" value="([^"]+)" checked>/g)].map((m) => m[1]);
function rowHtml(html: string, value: string): string {
  const start = html.indexOf(`id="target-${value.replace(':', '-')}"`);
  if (start < 0) throw new Error(`no row ${value}`);
  return html.slice(html.lastIndexOf('<tr', start), html.indexOf('</tr>', start));
}

beforeEach(() => h.deps.destinations.removeAllOf(proId()));

describe('7. one readable row per event, whole-row labels, select all', () => {
  it('writes each start on one short line (no year, no zone: the caption says it), makes the type and start labels of the row\'s box, and offers select-all', async () => {
    const agent = await connected();
    const res = await agent.get('/streams').expect(200);
    expect(rowsOf(res.text)).toHaveLength(48);
    const series = rowHtml(res.text, `meeting:${SERIES}`);
    expect(series).toMatch(/<td class="starts"><label for="target-meeting-85746065002"><time datetime="[^"]+">[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}<\/time><\/label><\/td>/);
    expect(series).toContain('<td class="kind"><label for="target-meeting-85746065002">Meeting</label></td>');
    expect(series).toContain('Customer webinar rehearsal</a> <span class="recurring">Recurring series</span></td>');
    // Select-all: a header box for the script, and without it a button that shows the same view with every row ticked.
    expect(res.text).toContain('<input type="checkbox" id="select-all" hidden aria-label="Select every event shown">');
    expect(res.text).toContain('<button type="submit" form="filters" name="select" value="shown"');
    expect(res.text).toContain('<script src="/public/streams.js"></script>');
    await agent.get('/public/streams.js').expect(200).expect('content-type', /javascript/);
    const all = await agent.get('/streams?q=weekly+sync&select=shown').expect(200);
    expect(tickedOf(all.text)).toEqual(rowsOf(all.text));
    expect(tickedOf(all.text)).toHaveLength(40);
    expect(all.text).toContain('>40 selected</output>');
  });
});

describe('8. filters as query parameters', () => {
  it('by topic, type, date range and recurring series; the filtered view is a link and the apply form comes back to it', async () => {
    const agent = await connected();
    const byTopic = await agent.get('/streams?q=SYNC+1').expect(200);
    expect(rowsOf(byTopic.text)).toEqual(['meeting:86000000001', ...Array.from({ length: 10 }, (_, i) => `meeting:${86000000010 + i}`)]);
    expect(byTopic.text).toContain('<input type="search" name="q" value="SYNC 1">');
    expect(byTopic.text).toContain('<form method="post" action="/streams/apply?q=SYNC+1" class="bulk-apply" novalidate>');

    const webinars = await agent.get('/streams?type=webinar').expect(200);
    expect(rowsOf(webinars.text)).toEqual(h.emulator.webinarsOf('pro').map((w) => `webinar:${w.id}`));

    const [first, second] = h.emulator.meetingsOf('pro').slice(0, 2);
    const day = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: h.emulator.hosts.pro.timezone }).format(new Date(iso));
    const range = await agent.get(`/streams?type=meeting&from=${day(first.start_time)}&to=${day(second.start_time)}`).expect(200);
    expect(rowsOf(range.text)).toEqual([`meeting:${first.id}`, `meeting:${second.id}`]);

    // A recurring series is one choice: the series list offers it, and choosing it shows its one row (12 occurrences, one id).
    const all = await agent.get('/streams').expect(200);
    expect(all.text).toContain(`<option value="meeting:${SERIES}">Customer webinar rehearsal</option>`);
    const series = await agent.get(`/streams?series=meeting:${SERIES}`).expect(200);
    expect(rowsOf(series.text)).toEqual([`meeting:${SERIES}`]);

    // Bad values are no filter, never an error.
    const odd = await agent.get('/streams?type=talk&from=yesterday&series=../x&dest=%3Cscript%3E&page=-4').expect(200);
    expect(rowsOf(odd.text)).toHaveLength(48);
  });

  it('by current destination: not set, a saved destination, a stream host', async () => {
    const saved = await h.deps.destinations.create(proId(), YOUTUBE);
    const agent = await connected();
    const notSet = await agent.get('/streams?dest=notset').expect(200);
    expect(rowsOf(notSet.text)).toEqual([`webinar:${UNCONFIGURED_WEBINAR}`]);
    const res = await postForm(agent, '/streams/apply', applyForm([`meeting:${SERIES}`, 'meeting:86000000001'], saved.id));
    await untilJob(h, proId(), jobIdOf(res.headers.location));
    const onYoutube = await agent.get(`/streams?dest=saved:${saved.id}`).expect(200);
    expect(rowsOf(onYoutube.text)).toEqual([`meeting:${SERIES}`, 'meeting:86000000001']);
    const byHost = await agent.get('/streams?dest=host:a.rtmp.youtube.com').expect(200);
    expect(rowsOf(byHost.text)).toEqual([`meeting:${SERIES}`, 'meeting:86000000001']);
    expect(byHost.text).toContain(`<option value="saved:${saved.id}">YouTube main</option>`);
  });
});

describe('9. the apply bar', () => {
  it('says how many are selected and stays in view (sticky)', async () => {
    await h.deps.destinations.create(proId(), YOUTUBE);
    const agent = await connected();
    const res = await agent.get('/streams').expect(200);
    expect(res.text).toMatch(/<output id="selected-count" class="selected-count" aria-live="polite" data-template="\{n\} selected">0 selected<\/output>/);
    const css = readFileSync(path.resolve(__dirname, '../../public/app.css'), 'utf8');
    expect(css).toMatch(/\.bulk-apply \.apply \{\s*position: sticky; top: 0;/);
    // The bar comes before the rows, so it is in view from the start and stays there.
    expect(res.text.indexOf('class="apply"')).toBeLessThan(res.text.indexOf('id="streams-table"'));
  });
});

describe('10. events in progress before the app heard of them', () => {
  it('reads Zoom\'s list of meetings in progress (type=live, once, through the read cache) and shows them in progress', async () => {
    const cached = await startHarness({ emulator: { extraMeetings: 4 }, env: { ZOOM_CACHE_SECONDS: '60' } });
    try {
      const agent = await connected(cached);
      cached.emulator.clearRequests();
      const res = await agent.get('/streams').expect(200);
      expect(rowHtml(res.text, `meeting:${STARTED_MEETING}`)).toContain('<td class="state state-inProgress">In progress, not streaming</td>');
      expect(rowHtml(res.text, 'meeting:85746065001')).toContain('<td class="state state-notStarted">Not started</td>');
      const liveCalls = () => cached.emulator.requestsTo('GET', '/v2/users/me/meetings').filter((r) => r.query.type === 'live');
      expect(liveCalls()).toHaveLength(1);
      await agent.get('/streams').expect(200);
      expect(liveCalls()).toHaveLength(1);
    } finally {
      await cached.close();
    }
  });
});

describe('11. jobs say what they did', () => {
  it('"Apply “YouTube main” to 3 events" on the job page and in the recent jobs; its undo "Undo of …"', async () => {
    const saved = await h.deps.destinations.create(proId(), YOUTUBE);
    const agent = await connected();
    const res = await postForm(agent, '/streams/apply', applyForm(['meeting:86000000002', 'meeting:86000000003', 'meeting:86000000004'], saved.id));
    const jobId = jobIdOf(res.headers.location);
    await untilJob(h, proId(), jobId);
    const page = await agent.get(`/jobs/${jobId}`).expect(200);
    expect(page.text).toContain('<h1>Apply “YouTube main” to 3 events</h1>');
    const overview = await agent.get('/streams').expect(200);
    expect(overview.text).toContain(`<a href="/jobs/${jobId}">Apply “YouTube main” to 3 events</a>`);
    // Each history entry the job wrote names it.
    const meetingPage = await agent.get('/meetings/86000000002/livestream').expect(200);
    expect(meetingPage.text).toMatch(new RegExp(`<li class="history-entry">\\s*<p><strong><time[^>]*>[^<]*</time></strong> · [^<]*: <a href="/jobs/${jobId}">Apply “YouTube main” to 3 events</a></p>`));
    const undo = await postForm(agent, `/jobs/${jobId}/undo`, [], `/jobs/${jobId}`);
    const undoId = jobIdOf(undo.headers.location);
    await untilJob(h, proId(), undoId);
    expect((await agent.get(`/jobs/${undoId}`).expect(200)).text).toContain('<h1>Undo of Apply “YouTube main” to 3 events</h1>');
  });
});

describe('12. a season: 300 meetings and 300 webinars', () => {
  it('shows 50 rows a page with links to the others, and a cold view does not wait for slow reads: they fill in from the cache', async () => {
    const season = await startHarness({ emulator: { extraMeetings: 296, extraWebinars: 296 }, env: { ZOOM_CACHE_SECONDS: '60' } });
    try {
      const agent = await connected(season);
      // Three settings reads take 4 s each: the first view shows without them.
      season.emulator.failNext({ path: /^\/v2\/meetings\/\d+\/livestream$/, method: 'GET', delayMs: 4000, times: 3 });
      const first = await agent.get('/streams').expect(200);
      expect(rowsOf(first.text)).toHaveLength(50);
      expect(first.text).toContain('Showing 600 of 600 events');
      expect(first.text).toContain('<a href="/streams?page=2" rel="next">Next page</a>');
      expect(first.text).toContain('Page 1 of 12');
      expect(first.text.match(/<td class="current pending">/g)).toHaveLength(3);
      expect(first.text).toContain('Still reading 3 destinations from Zoom');
      // The reads went on into the cache: a later view (the page's script fetches the same URL) has them.
      await eventually(async () => {
        const later = await agent.get('/streams').expect(200);
        expect(later.text).not.toContain('current pending');
      }, { timeoutMs: 10_000, intervalMs: 250 });
      const last = await agent.get('/streams?page=12').expect(200);
      expect(rowsOf(last.text)).toHaveLength(50);
      expect(last.text).toContain('<a href="/streams?page=11" rel="prev">Previous page</a>');
    } finally {
      await season.close();
    }
  });
});
