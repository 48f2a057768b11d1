import { asSession, createStreamChanger, type StreamChange } from '../../src/livestream/change';
import { ZoomApiError } from '../../src/zoom/errors';
import { loginAs, startHarness, type Harness } from '../helpers/harness';

/**
 * The one way to change a stream, called as an actor without a page calls it: nothing but a session id.
 * A real token keeper over the harness's real session store (a host logged in through the emulator's
 * consent page), the real emulator over loopback, the real history in SQLite.
 */
let h: Harness;
let sid: string;
const PRO_USER = 'pRoHoSt0000000000000001';
const WRITTEN = { stream_url: 'rtmp://change.example.com/live', stream_key: 'change-service-key', page_url: 'https://change.example.com/watch', resolution: '720p' as const };

beforeAll(async () => {
  h = await startHarness();
  await loginAs(h, 'pro');
  [sid] = await h.deps.sessionStore.sessionsOfUser(PRO_USER);
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.clearFaults();
  h.emulator.clearRequests();
});

function changeOf(eventId: string, historyId?: string): StreamChange {
  return { userId: PRO_USER, kind: 'meeting', eventId, update: WRITTEN, source: 'bulk', historyId, access: asSession(h.deps.tokens, sid) };
}

const changer = () => createStreamChanger({ zoom: h.deps.zoom, history: h.deps.history, cache: h.deps.cache });
const calls = () => h.emulator.requests.filter((entry) => entry.path.startsWith('/v2/')).map((entry) => `${entry.method} ${entry.path}`);

describe('changeStream with a session id only', () => {
  it('reads Zoom\'s settings, then PATCHes, and records the change with what Zoom had before and what it holds now', async () => {
    const meeting = h.emulator.meetingsOf('pro')[0];
    const before = h.emulator.livestreamOf(meeting.id)!;

    const result = await changer().changeStream(changeOf(meeting.id, 'a1b2c3d4-0000-4000-8000-000000000001'));

    expect(calls()).toEqual([`GET /v2/meetings/${meeting.id}/livestream`, `PATCH /v2/meetings/${meeting.id}/livestream`]);
    expect(h.emulator.livestreamOf(meeting.id)).toMatchObject(WRITTEN);
    const entry = await h.deps.history.get(PRO_USER, 'a1b2c3d4-0000-4000-8000-000000000001');
    expect(entry).toMatchObject({ source: 'bulk', kind: 'meeting', eventId: meeting.id, after: WRITTEN });
    expect(entry?.before).toEqual({ stream_url: before.stream_url, stream_key: before.stream_key, page_url: before.page_url, resolution: before.resolution ?? '' });
    expect(result.before).toEqual(entry?.before);
  });

  it('a second call with the same history id is recorded once', async () => {
    const meeting = h.emulator.meetingsOf('pro')[1];
    const historyId = 'a1b2c3d4-0000-4000-8000-000000000002';
    const first = await changer().changeStream(changeOf(meeting.id, historyId));

    // The same item again (a retry after a crash), its "before" kept from the first time: sent again, recorded once.
    await changer().changeStream({ ...changeOf(meeting.id, historyId), before: first.before });

    expect(h.emulator.requestsTo('PATCH', `/v2/meetings/${meeting.id}/livestream`)).toHaveLength(2);
    const entries = await h.deps.history.recent(PRO_USER, 'meeting', meeting.id, 10);
    expect(entries.filter((entry) => entry.id === historyId)).toHaveLength(1);
  });

  it('Zoom refusing the read sends no PATCH and records nothing', async () => {
    const meeting = h.emulator.meetingsOf('pro')[2];
    const historyId = 'a1b2c3d4-0000-4000-8000-000000000003';
    h.emulator.failNext({ method: 'GET', path: `/v2/meetings/${meeting.id}/livestream`, status: 404, body: { code: 3001, message: 'Meeting does not exist.' } });

    const refused = changer().changeStream(changeOf(meeting.id, historyId));

    await expect(refused).rejects.toBeInstanceOf(ZoomApiError);
    await expect(refused).rejects.toMatchObject({ status: 404, code: 3001 });
    expect(h.emulator.requestsTo('PATCH', '/v2/')).toEqual([]);
    expect(await h.deps.history.get(PRO_USER, historyId)).toBeUndefined();
  });
});
