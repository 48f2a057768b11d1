import type TestAgent from 'supertest/lib/agent';
import request from 'supertest';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../../src/db';
import { DatabaseUnavailableError, UnstorableValueError } from '../../src/db/errors';
import { createLiveStore } from '../../src/events/live-store';
import type { DestinationInput } from '../../src/destinations/types';
import { applyForm, jobIdOf, postForm, untilJob } from '../helpers/bulk';
import { loginAs, startHarness, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';
import { eventBody, sendEvent } from '../helpers/zoom-events';
import { sendZoomWebhook } from '../../src/emulator/webhooks/sender';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import { describeEachDialect, type EmptyDatabase } from './dialects';

/**
 * Values the database cannot keep are not an outage. PostgreSQL refuses U+0000 in text and a fraction in a
 * bigint; the repositories once took that for "the database is down": a signed event got 503 on every retry,
 * and a NUL in Zoom's error message made the bulk runner re-send one PATCH 80 times. Each case, on both dialects:
 * an answer without 503, a cleaned value stored, and (for the job) one PATCH.
 */
const youtube: DestinationInput = { name: 'Main channel', stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'yt-bad-values-key', page_url: 'https://youtube.com/@acme/live', resolution: '1080p' };

describeEachDialect('values the database cannot keep', (dialect) => {
  let empty: EmptyDatabase;
  let h: Harness;
  let hook: Awaited<ReturnType<typeof listenOnLoopback>>;
  let agent: TestAgent;
  let proId: string;

  beforeAll(async () => {
    empty = await dialect.create();
    h = await startHarness({ env: { DATABASE_URL: empty.url } });
    hook = await listenOnLoopback(h.app);
    proId = h.emulator.hosts.pro.id;
    agent = request.agent(h.app);
    await loginAs(h, 'pro', agent);
  }, 30_000);
  afterAll(async () => {
    await hook?.close();
    await h?.close();
    await empty?.drop();
  });
  beforeEach(() => {
    h.emulator.clearFaults();
    h.emulator.clearRequests();
  });

  /** A signed meeting event whose body is written by hand (an event_ts JSON.stringify could not write). */
  const sendRaw = (rawBody: string) => sendZoomWebhook(`${hook.base}/webhooks/zoom`, SANDBOX_WEBHOOK_SECRET, {}, { rawBody });

  it('a signed event with a fractional event_ts is refused as invalid (400), never 503, logged as unexpected, nothing kept', async () => {
    const id = '84000000001';
    const body = eventBody({ name: 'meeting.started', id, hostId: proId }).replace(/"event_ts":\d+/, `"event_ts":${Date.now()}.5`);
    for (let delivery = 0; delivery < 2; delivery += 1) {
      const res = await sendRaw(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ status: 'invalid' });
    }
    expect(await h.deps.live.ofEvent('meeting', id, proId)).toBeUndefined();
    expect(h.logs.join('\n')).toContain('"msg":"unexpected zoom event: a value the app cannot keep"');
  });

  it('a signed event with an event_ts beyond int64 is refused as invalid (400), never 503', async () => {
    const body = eventBody({ name: 'meeting.ended', id: '84000000002', hostId: proId }).replace(/"event_ts":\d+/, '"event_ts":1e30');
    expect((await sendRaw(body)).status).toBe(400);
  });

  it('a NUL in host_id: 200, and the live state is kept under the host id without it', async () => {
    const id = '84000000003';
    const res = await sendEvent(`${hook.base}/webhooks/zoom`, { name: 'meeting.started', id, hostId: `${proId}\u0000` });
    expect(res.status).toBe(200);
    expect(await h.deps.live.ofEvent('meeting', id, proId)).toMatchObject({ hostId: proId, state: 'started' });
    expect((await h.deps.live.ofHost(proId)).has(`meeting:${id}`)).toBe(true);
  });

  it('a host_id longer than the column: answered without 503 (400 where the database refuses it)', async () => {
    const res = await sendEvent(`${hook.base}/webhooks/zoom`, { name: 'meeting.started', id: '84000000004', hostId: 'h'.repeat(100) });
    expect(res.status).toBe(dialect.dialect === 'postgres' ? 400 : 200);
  });

  it('a meeting topic with U+0000: the bulk apply starts its job, and the item keeps the topic without it', async () => {
    const [meeting] = h.emulator.meetingsOf('pro');
    const listed = [{ id: meeting.id, topic: 'Town\u0000 hall', start_time: meeting.start_time }];
    h.emulator.failNext({ method: 'GET', path: '/v2/users/me/meetings', rawBody: JSON.stringify({ total_records: 1, next_page_token: '', meetings: listed }) });
    const saved = await h.deps.destinations.create(proId, { ...youtube, name: `Topic ${Date.now()}` });
    const res = await postForm(agent, '/streams/apply', applyForm([`meeting:${meeting.id}`], saved.id));
    expect(res.status).toBe(303);
    const job = await untilJob(h, proId, jobIdOf(res.headers.location));
    expect(job.items.map((item) => item.topic)).toEqual(['Town hall']);
  });

  it.each([
    ['a NUL in Zoom\'s error message', { code: 300, message: 'Invalid\u0000 stream URL' }, { zoomCode: 300, zoomMessage: 'Invalid stream URL' }],
    ['an error code that is not a whole number', { code: 300.5, message: 'Odd code' }, { zoomCode: undefined, zoomMessage: 'Odd code' }],
  ])('%s: the job item is recorded once, failed, and Zoom received one PATCH', async (_case, zoomBody, recorded) => {
    const [, meeting] = h.emulator.meetingsOf('pro');
    const saved = await h.deps.destinations.create(proId, { ...youtube, name: `Message ${Date.now()}` });
    // Many times over: a runner that took the refused row for an outage would meet it again on every re-send.
    h.emulator.failNext({ method: 'PATCH', path: `/v2/meetings/${meeting.id}/livestream`, status: 400, body: zoomBody, times: 100 });
    const res = await postForm(agent, '/streams/apply', applyForm([`meeting:${meeting.id}`], saved.id));
    expect(res.status).toBe(303);
    const job = await untilJob(h, proId, jobIdOf(res.headers.location), undefined, 8000);
    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${meeting.id}/livestream`)).toHaveLength(1);
    expect(job.status).toBe('done');
    expect(job.items[0]).toMatchObject({ status: 'failed', zoomStatus: 400, ...recorded });
  });
});

describeEachDialect('guarded(): a refused value is not an outage', (dialect) => {
  let empty: EmptyDatabase;

  beforeAll(async () => {
    empty = await dialect.create();
  }, 30_000);
  afterAll(() => empty?.drop());

  it('a database that cannot answer is DatabaseUnavailableError; a value it refuses is UnstorableValueError', async () => {
    const database = openDatabase(empty.url);
    await migrateToLatest(database.db);
    const live = createLiveStore(database);
    const evidence = { kind: 'meeting' as const, eventId: '85000000001', hostId: 'h', state: 'started' as const, at: Date.now() };
    if (dialect.dialect === 'postgres') {
      // The repositories' own checks come first; this is what is left when one slips through.
      await expect(live.record({ ...evidence, at: evidence.at + 0.5 })).rejects.toBeInstanceOf(UnstorableValueError);
      await expect(live.record({ ...evidence, hostId: 'h'.repeat(65) })).rejects.toMatchObject({ code: '22001' });
    }
    await live.record({ ...evidence, hostId: 'a\u0000b' });
    expect(await live.ofEvent('meeting', evidence.eventId, 'ab')).toMatchObject({ hostId: 'ab' });
    const { rows } = await sql<{ host_id: string }>`select host_id from live_states where event_id = ${evidence.eventId}`.execute(database.db);
    expect(rows).toEqual([{ host_id: 'ab' }]);
    await database.close();
    await expect(live.ofEvent('meeting', evidence.eventId, 'ab')).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});
